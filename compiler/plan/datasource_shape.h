/// A datasource reduced to what a deployment compares, every piece in canonical text
/// (canonical_text.h): columns, indexes, engine, keys, TTL, engine settings, metadata and
/// ingestion settings. Two files that differ only in formatting have equal shapes.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/project/project.h"
#include "compiler/types/data_type.h"

namespace ferry::plan {

struct ColumnShape {
  std::string name;
  std::string type;            ///< canonical type name; the written text collapsed when it did not parse
  types::TypePtr parsed;       ///< null when the type did not parse (or is absent)
  std::string default_expr;    ///< canonical DEFAULT expression, empty when none
  std::string materialized;    ///< canonical MATERIALIZED expression (Classic), empty when none
  std::string codec;           ///< collapsed CODEC text, empty when none
  std::string json_path;
  Span span;
};

struct IndexShape {
  std::string name;
  std::string expr;
  std::string type;
  std::string granularity;     ///< "1" when not written (ClickHouse's default)
  Span span;
};

struct DatasourceShape {
  const project::Resource* resource = nullptr;
  std::vector<ColumnShape> columns;
  std::vector<IndexShape> indexes;
  std::string engine;          ///< "MergeTree" when not written
  /// ENGINE_SORTING_KEY, ENGINE_PARTITION_KEY, ENGINE_PRIMARY_KEY, ENGINE_SAMPLING_KEY when written.
  std::map<std::string, std::string> keys;
  std::string ttl;             ///< canonical ENGINE_TTL (compared), empty when none
  std::string ttl_text;        ///< ENGINE_TTL as written, printed (shown and used in MODIFY TTL)
  /// The other ENGINE_* settings (ENGINE_VER, ENGINE_SIGN, ENGINE_SETTINGS, ...) when written.
  std::map<std::string, std::string> engine_settings;
  std::string description;
  std::vector<std::string> tokens;       ///< "name PERMISSION", sorted
  std::vector<std::string> tags;         ///< sorted entries
  std::vector<std::string> shared_with;  ///< sorted
  std::map<std::string, std::string> ingestion;  ///< KAFKA_* and IMPORT_* settings
  std::string forward_query;   ///< canonical FORWARD_QUERY, empty when none
  bool backfill_skip = false;
  /// What refers to each column: "ENGINE_SORTING_KEY", "ENGINE_TTL", "ENGINE_VER", "INDEX idx",
  /// "DEFAULT of `c`". A column something refers to cannot always be dropped or retyped in place.
  std::map<std::string, std::set<std::string>> uses;

  const ColumnShape* column(std::string_view name) const;
  const IndexShape* index(std::string_view name) const;
  /// The primary key in effect: ENGINE_PRIMARY_KEY, or the sorting key when it is not written.
  std::optional<std::string> effectivePrimaryKey() const;
};

DatasourceShape shapeOf(const project::Resource& datasource);

/// ENGINE Null: the table keeps no rows (it only feeds materialized views).
bool keepsNoRows(const project::Resource& datasource);

/// The SCHEMA directive's span, or the file's start when there is none.
Span schemaSpan(const project::Resource& datasource);
/// The start of the resource's file.
Span fileSpan(const project::Resource& resource);

/// The metadata-only comparisons shared by datasources and pipes: "tokens", "tags" and
/// "shared_with" lists of a datafile in canonical form.
std::vector<std::string> tokenList(const datafile::Datafile& file);
std::vector<std::string> tagList(const datafile::Datafile& file);
std::vector<std::string> sharedWithList(const datafile::Datafile& file);

}  // namespace ferry::plan
