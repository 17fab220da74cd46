/// Ferry's syntax tree of a Tinybird datafile (.datasource, .pipe, .connection).
///
/// The tree keeps what the CLIs keep (values after unquoting and `$VAR` expansion, SQL after the
/// `%`/dedent rule) plus what the language server and the printers need: a span on every node, the
/// text as written before expansion, and a SourceMap from every SQL text back to the file. Types,
/// default expressions and SQL stay text here; the SQL layer parses them later.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "compiler/base/source.h"

namespace ferry::datafile {

enum class DatafileKind { Datasource, Pipe, Connection, Include, Unknown };

/// Which CLI's rules to follow. The other CLI's features are still read, with a warning.
enum class Dialect { Forward, Classic };

/// A piece of text with the span it came from.
struct SpannedText {
  std::string text;
  Span span;
  bool empty() const { return text.empty(); }
};

/// One directive with its value, e.g. `ENGINE_TTL "ts + INTERVAL 1 DAY"` or `KAFKA_TOPIC events`.
struct Setting {
  std::string name;    ///< canonical upper-case name (aliases resolved: MODE -> COPY_MODE)
  Span name_span;
  std::string written;  ///< value unquoted but before `$VAR` expansion (what the printer writes)
  std::string value;    ///< value as the CLI uses it (unquoted, `$VAR` expanded)
  Span value_span;
  bool multiline = false;  ///< given as a `>` block
};

/// SQL cut out of a `>` block: node SQL, FORWARD_QUERY.
struct SqlBlock {
  Span span;             ///< the block's lines in the file
  std::string raw;       ///< the block's lines as written (blank and `#` lines dropped, as the CLIs do)
  std::string text;      ///< as the Forward CLI keeps it: strip() for templates, dedent+rstrip otherwise
  SourceMap map;         ///< offsets in `text` -> file offsets
  bool is_template = false;  ///< first non-blank character is `%`
};

struct Column {
  Span span;
  SpannedText name;           ///< without backticks
  bool backquoted = false;
  SpannedText type;           ///< may be empty (`col DEFAULT 1`)
  SpannedText json_path;      ///< inside `json:...`, e.g. `$.a.b`
  SpannedText default_expr;   ///< after DEFAULT
  SpannedText materialized;   ///< after MATERIALIZED (Classic only)
  SpannedText codec;          ///< the text after CODEC, e.g. `(Delta(8), ZSTD(1))`
};

struct Index {
  Span span;
  SpannedText name;
  SpannedText expr;
  SpannedText type;          ///< full type, e.g. `bloom_filter(0.001)`
  SpannedText granularity;   ///< may be empty
};

struct TokenGrant {
  Span span;
  SpannedText name;         ///< unquoted
  SpannedText permission;   ///< upper-cased
};

struct Include {
  Span span;                ///< the INCLUDE line
  std::string path;         ///< as written (unquoted)
  std::string resolved;     ///< path used to read it
  FileId file = kNoFile;    ///< the included file, when found
  std::vector<std::pair<std::string, std::string>> params;  ///< KEY=value
};

enum class NodeType { Standard, Endpoint, Materialized, Copy, Sink, Stream, Invalid };

struct Node {
  Span span;                 ///< from NODE to the last line of the node
  SpannedText name;
  std::optional<Setting> description;
  std::optional<SqlBlock> sql;
  std::optional<Setting> type;          ///< value lower-cased by the builder
  NodeType node_type = NodeType::Standard;
  std::optional<Setting> datasource;
  std::optional<Setting> target_datasource;
  std::optional<Setting> copy_schedule;
  std::optional<Setting> copy_mode;
  std::optional<Setting> deployment_method;
  std::optional<Setting> filter;        ///< Classic
  std::vector<Setting> export_settings; ///< EXPORT_*
  std::vector<Setting> engine;          ///< Classic: ENGINE / ENGINE_* of an MV target declared in the pipe
  std::vector<Setting> other;           ///< RESOURCE and other legacy keys
};

struct Datasource {
  std::optional<Setting> description;
  std::optional<Span> schema_span;      ///< the SCHEMA directive (name to end of block)
  std::vector<Column> columns;
  std::optional<Span> indexes_span;
  std::vector<Index> indexes;
  std::vector<Setting> engine;          ///< ENGINE and ENGINE_* in file order (legacy bare keys canonicalised)
  std::optional<SqlBlock> forward_query;
  std::optional<Setting> backfill;
  std::vector<Setting> kafka;           ///< KAFKA_*
  std::vector<Setting> import_settings; ///< IMPORT_*
  std::vector<Setting> other;           ///< EXPORT_SERVICE and legacy keys (SOURCE, MAINTAINER, ...)

  const Setting* engineSetting(std::string_view name) const;
  const Setting* kafkaSetting(std::string_view name) const;
  const Setting* importSetting(std::string_view name) const;
};

struct Pipe {
  std::vector<Node> nodes;
  std::vector<Setting> other;           ///< file-level legacy keys
};

struct Connection {
  std::vector<Setting> settings;        ///< TYPE, KAFKA_*, S3_*, GCS_* in file order
  const Setting* setting(std::string_view name) const;
};

/// A parsed datafile. Which body is set follows `kind` (Include files are read as pipes).
struct Datafile {
  DatafileKind kind = DatafileKind::Unknown;
  FileId file = kNoFile;
  std::string name;                     ///< file stem, as the caller passed it
  std::optional<Setting> version;       ///< Classic VERSION n
  std::optional<Setting> description;   ///< file-level description (datasource, pipe before NODE, connection)
  std::vector<TokenGrant> tokens;
  std::vector<Setting> tags;            ///< TAGS directives as written
  std::vector<std::string> filtering_tags;  ///< TAGS entries without '='
  std::vector<SpannedText> shared_with;
  std::optional<Span> shared_with_span;
  std::vector<Include> includes;
  std::variant<std::monostate, Datasource, Pipe, Connection> body;

  /// The name the resource gets: `<name>__v<n>` when a Classic VERSION is given (unless the file
  /// name already ends with that suffix, as `tb pull` writes them).
  std::string resourceName() const;
  Datasource* datasource() { return std::get_if<Datasource>(&body); }
  const Datasource* datasource() const { return std::get_if<Datasource>(&body); }
  Pipe* pipe() { return std::get_if<Pipe>(&body); }
  const Pipe* pipe() const { return std::get_if<Pipe>(&body); }
  Connection* connection() { return std::get_if<Connection>(&body); }
  const Connection* connection() const { return std::get_if<Connection>(&body); }
};

std::string_view kindName(DatafileKind kind);
std::string_view nodeTypeName(NodeType type);

}  // namespace ferry::datafile
