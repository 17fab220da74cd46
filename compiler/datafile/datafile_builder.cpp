// Interprets the entries of a datafile (compiler/datafile/line_reader.h) with the directive table
// of its kind and builds the tree; the Forward CLI's handlers are the model.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "compiler/base/file_text.h"
#include "compiler/datafile/cli_text.h"
#include "compiler/datafile/datafile_validator.h"
#include "compiler/datafile/directive_table.h"
#include "compiler/datafile/include_expansion.h"
#include "compiler/datafile/index_parser.h"
#include "compiler/datafile/line_reader.h"
#include "compiler/datafile/origin_text.h"
#include "compiler/datafile/parse_datafile.h"
#include "compiler/datafile/schema_parser.h"

namespace ferry::datafile {

namespace {

/// One directive occurrence, ready for its handler.
struct Entry {
  const RawEntry* raw = nullptr;
  std::string cmd;        ///< upper-cased first word
  Span name_span;
  Span line_span;
  const DirectiveSpec* spec = nullptr;
  std::vector<RawWord> args;  ///< single-line arguments
  bool block = false;
  std::vector<BlockLine> lines;  ///< block lines
  std::string block_raw;         ///< block text as the CLI accumulates it
  Span value_span;
};

class Builder {
 public:
  Builder(SourceManager& sources, FileId file, DatafileKind kind, const ParseOptions& options, DiagnosticSink& sink)
      : sources_(sources), file_(file), kind_(kind), options_(options), sink_(sink),
        text_(file, sources.file(file).text()) {}

  Datafile run();

 private:
  std::string_view wordText(const RawWord& w) const {
    return std::string_view(text_.text()).substr(w.begin, w.end - w.begin);
  }
  Span span(uint32_t b, uint32_t e) const { return text_.span(b, e); }
  std::string expand(std::string_view s) const { return expandTemplate(s, options_.environment); }
  bool forward() const { return options_.dialect == Dialect::Forward; }

  Entry makeEntry(const RawEntry& raw);
  void dispatch(Entry& e);
  void dialectChecks(const Entry& e);
  Setting setting(const Entry& e, bool expand_vars = true, bool unquote_value = true);
  std::optional<SqlBlock> sqlBlock(const Entry& e);
  Node* currentNode(const Entry& e, std::string_view what);

  void token(const Entry& e);
  void tags(const Entry& e);
  void sharedWith(const Entry& e);
  void version(const Entry& e);
  void allowedValue(const Entry& e, Setting& s, std::string_view allowed);

  void datasource(Entry& e, Datasource& ds);
  void pipe(Entry& e, Pipe& p);
  void connection(Entry& e, Connection& c);

  SourceManager& sources_;
  FileId file_;
  DatafileKind kind_;
  const ParseOptions& options_;
  DiagnosticSink& sink_;
  OriginText text_;
  Datafile doc_;
};

Entry Builder::makeEntry(const RawEntry& raw) {
  Entry e;
  e.raw = &raw;
  auto& first = raw.words.front();
  e.cmd = toUpper(wordText(first));
  e.name_span = span(first.begin, first.end);
  e.line_span = span(raw.line_begin, raw.line_end);
  e.block = raw.is_block;
  if (e.block) {
    const std::string& t = text_.text();
    for (auto& l : raw.block_lines) {
      e.lines.push_back({std::string_view(t).substr(l.begin, l.end - l.begin), l.begin});
      e.block_raw.append(t, l.begin, l.end - l.begin);
      if (l.has_newline) e.block_raw += '\n';
    }
    if (!raw.block_lines.empty())
      e.value_span = span(raw.block_lines.front().begin, raw.block_lines.back().end);
    else
      e.value_span = span(raw.words[1].end, raw.words[1].end);
  } else {
    e.args.assign(raw.words.begin() + 1, raw.words.end());
    if (!e.args.empty())
      e.value_span = span(e.args.front().begin, e.args.back().end);
    else
      e.value_span = span(first.end, first.end);
  }
  return e;
}

Setting Builder::setting(const Entry& e, bool expand_vars, bool unquote_value) {
  Setting s;
  s.name = std::string(e.spec ? e.spec->canonicalName() : std::string_view(e.cmd));
  s.name_span = e.name_span;
  s.value_span = e.value_span;
  s.multiline = e.block;
  std::string joined;
  if (e.block) {
    joined = std::string(strip(dedent(e.block_raw)));
  } else {
    for (size_t i = 0; i < e.args.size(); ++i) {
      if (i) joined += ' ';
      joined += wordText(e.args[i]);
    }
    joined = std::string(strip(joined));
  }
  s.written = unquote_value ? std::string(unquote(joined)) : joined;
  s.value = expand_vars ? expand(s.written) : s.written;
  return s;
}

void Builder::dialectChecks(const Entry& e) {
  auto* spec = e.spec;
  if (forward() && spec->dialects == kClassicOnly) {
    if (spec->id == DirectiveId::Include) return;  // reported when the file was included
    if (!spec->forward_note.empty()) {
      bool ignored = spec->forward_note.find("will be ignored") != std::string_view::npos;
      sink_.report(ignored ? DiagId::DF_DEPRECATED : DiagId::DF_CLASSIC_ONLY, e.name_span,
                   e.cmd + " " + std::string(spec->forward_note),
                   ignored ? std::string() : "Tinybird Classic accepts it; the Forward CLI rejects it");
    } else {
      sink_.report(DiagId::DF_CLASSIC_ONLY, e.name_span,
                   e.cmd + " is not a valid option in " + std::string(kindName(kind_)) + " files.",
                   "Tinybird Classic accepts it; the Forward CLI rejects it");
    }
  } else if (!forward() && spec->dialects == kForwardOnly) {
    sink_.report(DiagId::DF_FORWARD_ONLY, e.name_span,
                 e.cmd + " is a Tinybird Forward directive; the Classic CLI does not know it");
  }
  if (spec->multiline == MultilineRule::Forbidden && e.block)
    sink_.report(DiagId::DF_MULTILINE_NOT_SUPPORTED, e.name_span, e.cmd + " does not support multiline arguments");
  if (spec->multiline == MultilineRule::ClassicOnly && e.block && forward())
    sink_.report(DiagId::DF_CLASSIC_ONLY, e.name_span, e.cmd + " does not support multiline arguments",
                 "Tinybird Classic accepts a block here; the Forward CLI rejects it");
  if (spec->id == DirectiveId::LegacyEngineKey)
    sink_.report(DiagId::DF_LEGACY_DIRECTIVE, e.name_span,
                 e.cmd + " is a legacy directive; use " + std::string(spec->canonicalName()));
}

std::optional<SqlBlock> Builder::sqlBlock(const Entry& e) {
  if (!e.block) {
    sink_.report(DiagId::DF_SQL_NOT_MULTILINE, e.name_span, e.cmd == "SQL" ? "SQL must be multiline" : e.cmd + " must be multiline",
                 "Use > to start a multiline SQL block");
    return std::nullopt;
  }
  SqlBlock sql;
  sql.span = e.value_span;
  sql.raw = e.block_raw;
  auto stripped = strip(e.block_raw);
  if (stripped.empty()) {
    sink_.report(DiagId::DF_EMPTY_SQL, e.name_span, "Missing SQL query after " + e.cmd + " >");
    return std::nullopt;
  }
  sql.is_template = stripped.front() == '%';
  std::vector<std::string_view> texts;
  for (auto& l : e.lines) texts.push_back(l.text);
  size_t margin = sql.is_template ? 0 : dedentMargin(texts).size();
  sql.map.setFile(e.lines.empty() ? file_ : text_.fileAt(e.lines.front().offset));
  std::string out;
  for (size_t i = 0; i < e.lines.size(); ++i) {
    auto line = e.lines[i].text;
    size_t cut = margin;
    if (sql.is_template) cut = i == 0 ? line.size() - lstrip(line).size() : 0;
    cut = std::min(cut, line.size());
    if (i) out += '\n';
    sql.map.addSegment(static_cast<uint32_t>(out.size()), text_.fileOffset(e.lines[i].offset + static_cast<uint32_t>(cut)));
    out += line.substr(cut);
  }
  sql.text = std::string(rstrip(out));
  return sql;
}

Node* Builder::currentNode(const Entry& e, std::string_view what) {
  auto* p = doc_.pipe();
  if (!p || p->nodes.empty()) {
    sink_.report(DiagId::DF_NEEDS_NODE, e.name_span, std::string(what) + " must be called after a NODE command");
    return nullptr;
  }
  auto& node = p->nodes.back();
  node.span = Span::cover(node.span, e.line_span);
  if (e.block) node.span = Span::cover(node.span, e.value_span);
  return &node;
}

void Builder::token(const Entry& e) {
  if (e.block) return;
  if (e.args.size() < 2) {
    sink_.report(DiagId::DF_TOKEN_ARGUMENTS, e.line_span,
                 "TOKEN takes two params: token name and permission e.g TOKEN \"read api token\" READ");
    return;
  }
  if (e.args.size() > 2) {
    sink_.report(DiagId::DF_TOKEN_ARGUMENTS, span(e.args[2].begin, e.args.back().end),
                 "Invalid number of arguments for TOKEN command: " + std::to_string(e.args.size()) +
                     ". Expected 2 arguments: token name and permission");
    return;
  }
  auto permission = toUpper(wordText(e.args[1]));
  if (permission == "CREATE") {
    // Classic resource tokens could also grant CREATE; the Forward CLI rejects it.
    if (forward())
      sink_.report(DiagId::DF_CLASSIC_ONLY, span(e.args[1].begin, e.args[1].end),
                   "Invalid permission: " + std::string(wordText(e.args[1])) + ". Only READ and APPEND are supported",
                   "Tinybird Classic accepts it; the Forward CLI rejects it");
  } else if (permission != "READ" && permission != "APPEND") {
    sink_.report(DiagId::DF_TOKEN_PERMISSION, span(e.args[1].begin, e.args[1].end),
                 "Invalid permission: " + std::string(wordText(e.args[1])) + ". Only READ and APPEND are supported");
    return;
  }
  TokenGrant grant;
  grant.span = e.line_span;
  grant.name = {std::string(unquote(wordText(e.args[0]))), span(e.args[0].begin, e.args[0].end)};
  grant.permission = {permission, span(e.args[1].begin, e.args[1].end)};
  doc_.tokens.push_back(std::move(grant));
}

void Builder::tags(const Entry& e) {
  auto s = setting(e);
  std::string_view rest = s.value;
  while (true) {
    auto comma = rest.find(',');
    auto entry = strip(rest.substr(0, comma));
    if (!entry.empty() && entry.find('=') == std::string_view::npos) doc_.filtering_tags.emplace_back(entry);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  doc_.tags.push_back(std::move(s));
}

void Builder::sharedWith(const Entry& e) {
  size_t before = doc_.shared_with.size();
  auto addFrom = [&](std::string_view text, uint32_t origin) {
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t comma = text.find_first_of(",\n", pos);
      if (comma == std::string_view::npos) comma = text.size();
      auto piece = text.substr(pos, comma - pos);
      size_t lead = piece.size() - lstrip(piece).size();
      auto name = strip(piece);
      if (!name.empty()) {
        uint32_t b = origin + static_cast<uint32_t>(pos + lead);
        doc_.shared_with.push_back({std::string(name), span(b, b + static_cast<uint32_t>(name.size()))});
      }
      pos = comma + 1;
    }
  };
  if (e.block) {
    for (auto& l : e.lines) addFrom(l.text, l.offset);
  } else {
    for (auto& w : e.args) {
      auto t = wordText(w);
      auto inner = unquote(t);
      addFrom(inner, w.begin + static_cast<uint32_t>(inner.data() - t.data()));
    }
  }
  if (doc_.shared_with.size() == before)
    sink_.report(DiagId::DF_SHARED_WITH_EMPTY, e.name_span, "SHARED_WITH requires at least one workspace name");
  doc_.shared_with_span = Span::cover(doc_.shared_with_span.value_or(Span{}), Span::cover(e.line_span, e.value_span));
}

void Builder::version(const Entry& e) { doc_.version = setting(e); }

void Builder::allowedValue(const Entry& e, Setting& s, std::string_view allowed) {
  if (!equalsIgnoreCase(s.value, allowed))
    sink_.report(DiagId::DF_VALUE_NOT_ALLOWED, e.value_span,
                 s.value + " is not an allowed value for " + e.cmd + ". Use one of: {'" + std::string(allowed) + "'}");
}

void Builder::datasource(Entry& e, Datasource& ds) {
  using enum DirectiveId;
  switch (e.spec->id) {
    case Description: doc_.description = setting(e, false, false); break;
    case Schema: {
      ds.schema_span = Span::cover(e.line_span, e.value_span);
      std::vector<BlockLine> lines = e.lines;
      if (!e.block && !e.args.empty())
        lines.push_back({wordText({e.args.front().begin, e.args.back().end}), e.args.front().begin});
      auto cols = parseSchema(lines, [this](uint32_t b, uint32_t x) { return span(b, x); }, options_.dialect, sink_);
      ds.columns = std::move(cols);
      break;
    }
    case Indexes: {
      ds.indexes_span = Span::cover(e.line_span, e.value_span);
      std::vector<BlockLine> lines = e.lines;
      if (!e.block && !e.args.empty())
        lines.push_back({wordText({e.args.front().begin, e.args.back().end}), e.args.front().begin});
      ds.indexes = parseIndexes(lines, [this](uint32_t b, uint32_t x) { return span(b, x); }, sink_);
      break;
    }
    case Engine:
    case EngineParam:
    case LegacyEngineKey: {
      auto s = setting(e);
      if (s.name == "ENGINE_TTL" && s.value.empty()) break;  // the CLIs ignore an empty TTL
      ds.engine.push_back(std::move(s));
      break;
    }
    case ForwardQuery:
      if (auto sql = sqlBlock(e)) ds.forward_query = std::move(*sql);
      break;
    case Backfill: {
      auto s = setting(e);
      allowedValue(e, s, "skip");
      ds.backfill = std::move(s);
      break;
    }
    case Kafka: ds.kafka.push_back(setting(e)); break;
    case Import: ds.import_settings.push_back(setting(e)); break;
    default: ds.other.push_back(setting(e)); break;
  }
}

void Builder::pipe(Entry& e, Pipe& p) {
  using enum DirectiveId;
  switch (e.spec->id) {
    case Node:
    case Scope: {
      if (e.spec->id == Scope)
        sink_.report(DiagId::DF_LEGACY_DIRECTIVE, e.name_span, "SCOPE is a legacy directive; use NODE");
      if (e.args.empty()) {
        if (!e.block)
          sink_.report(DiagId::DF_MISSING_NODE_NAME, e.name_span, "Missing node name for pipe creation after the NODE label");
        return;
      }
      ferry::datafile::Node node;
      node.span = e.line_span;
      node.name = {expand(unquote(wordText(e.args[0]))), span(e.args[0].begin, e.args[0].end)};
      p.nodes.push_back(std::move(node));
      return;
    }
    case Description:
      if (!p.nodes.empty()) {
        auto* node = currentNode(e, "DESCRIPTION");
        node->description = setting(e, false, false);
      } else {
        doc_.description = setting(e, false, false);
      }
      return;
    default: break;
  }
  // Everything else belongs to the current node.
  std::string what = e.spec->id == Sql ? "SQL" : toLower(e.spec->canonicalName());
  if (e.spec->id == Legacy || e.spec->id == Source || e.spec->id == ExportService || e.spec->id == Resource) {
    if (p.nodes.empty()) {
      p.other.push_back(setting(e));
      return;
    }
  }
  auto* node = currentNode(e, what);
  if (!node) return;
  switch (e.spec->id) {
    case Sql:
      if (auto sql = sqlBlock(e)) node->sql = std::move(*sql);
      break;
    case Type: {
      auto s = setting(e);
      s.value = toLower(s.value);
      s.written = s.value;
      static constexpr std::pair<std::string_view, NodeType> kTypes[] = {
          {"", NodeType::Standard},  {"standard", NodeType::Standard}, {"endpoint", NodeType::Endpoint},
          {"materialized", NodeType::Materialized}, {"copy", NodeType::Copy}, {"sink", NodeType::Sink},
          {"stream", NodeType::Stream}};
      node->node_type = NodeType::Invalid;
      for (auto& [name, type] : kTypes)
        if (s.value == name) node->node_type = type;
      node->type = std::move(s);
      break;
    }
    case DatasourceRef: node->datasource = setting(e); break;
    case TargetDatasource: node->target_datasource = setting(e); break;
    case CopySchedule: node->copy_schedule = setting(e); break;
    case CopyMode: node->copy_mode = setting(e); break;
    case DeploymentMethod: {
      auto s = setting(e);
      allowedValue(e, s, "alter");
      node->deployment_method = std::move(s);
      break;
    }
    case Export: node->export_settings.push_back(setting(e)); break;
    case Filter: node->filter = setting(e); break;
    case Engine:
    case EngineParam: {
      auto s = setting(e);
      if (s.name == "ENGINE_TTL" && s.value.empty()) break;
      node->engine.push_back(std::move(s));
      break;
    }
    default: node->other.push_back(setting(e)); break;
  }
}

void Builder::connection(Entry& e, Connection& c) {
  if (e.spec->id == DirectiveId::Description) {
    doc_.description = setting(e, false, false);
    return;
  }
  c.settings.push_back(setting(e));
}

void Builder::dispatch(Entry& e) {
  if (e.raw->broken()) {
    for (auto& w : e.raw->words)
      if (w.unterminated) sink_.report(DiagId::DF_UNTERMINATED_QUOTE, span(w.begin, w.begin + 1), "No closing quotation",
                                       "The CLI cannot split this line into words and reads it as an unknown option");
    return;
  }
  if (e.cmd == "SETTINGS") {
    sink_.report(DiagId::DF_SETTINGS_NOT_ALLOWED, e.name_span,
                 "SETTINGS option is not allowed, use ENGINE_SETTINGS instead. See "
                 "https://www.tinybird.co/docs/cli/datafiles#data-source for more information.");
    return;
  }
  e.spec = e.raw->words.front().quoted ? nullptr : findDirective(kind_, e.cmd);
  if (!e.spec) {
    sink_.report(DiagId::DF_UNKNOWN_DIRECTIVE, e.name_span,
                 e.cmd + " is not a valid option in " + std::string(kindName(kind_)) + " files.");
    return;
  }
  dialectChecks(e);
  using enum DirectiveId;
  // Directives shared by every kind.
  switch (e.spec->id) {
    case Token: token(e); return;
    case Tags: tags(e); return;
    case SharedWith: sharedWith(e); return;
    case Version: version(e); return;
    case Include: return;  // replaced by the included lines before this point
    default: break;
  }
  if ((e.spec->multiline == MultilineRule::Forbidden || e.spec->multiline == MultilineRule::ClassicOnly) &&
      !e.block && e.args.empty() && e.spec->id != Node &&
      e.spec->id != Scope)
    sink_.report(DiagId::DF_EMPTY_VALUE, e.name_span, e.cmd + " has no value");
  if (auto* ds = doc_.datasource()) datasource(e, *ds);
  else if (auto* p = doc_.pipe()) pipe(e, *p);
  else if (auto* c = doc_.connection()) connection(e, *c);
}

Datafile Builder::run() {
  doc_.kind = kind_;
  doc_.file = file_;
  doc_.name = options_.name.empty() ? stemFromPath(sources_.file(file_).path()) : options_.name;
  switch (kind_) {
    case DatafileKind::Datasource: doc_.body = Datasource{}; break;
    case DatafileKind::Connection: doc_.body = Connection{}; break;
    default: doc_.body = Pipe{}; break;
  }
  LineReaderOptions reader;
  reader.is_directive = [kind = kind_](const std::string& upper) { return findDirective(kind, upper) != nullptr; };
  reader.from_never_ends_block = true;
  auto entries = expandIncludes(text_, sources_, reader, options_, doc_.includes, sink_);
  for (auto& raw : entries) {
    Entry e = makeEntry(raw);
    dispatch(e);
  }
  if (options_.validate) validateDatafile(doc_, options_.dialect, sink_);
  return std::move(doc_);
}

}  // namespace

ParsedDatafile parseDatafile(SourceManager& sources, FileId file, DatafileKind kind, const ParseOptions& options,
                             DiagnosticSink& sink) {
  Builder builder(sources, file, kind, options, sink);
  return builder.run();
}

DatafileKind kindFromPath(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".datasource")) return DatafileKind::Datasource;
  if (ends(".pipe")) return DatafileKind::Pipe;
  if (ends(".connection")) return DatafileKind::Connection;
  if (ends(".incl")) return DatafileKind::Include;
  return DatafileKind::Unknown;
}

std::string stemFromPath(std::string_view path) {
  auto slash = path.find_last_of("/\\");
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  auto dot = path.find('.');
  if (dot != std::string_view::npos && dot > 0) path = path.substr(0, dot);
  return std::string(path);
}

VariableLookup processEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

FileReader diskReader() {
  return [](const std::string& path) { return readFileText(path); };
}

std::string_view kindName(DatafileKind kind) {
  switch (kind) {
    case DatafileKind::Datasource: return "datasource";
    case DatafileKind::Pipe: return "pipe";
    case DatafileKind::Connection: return "connection";
    case DatafileKind::Include: return "include";
    case DatafileKind::Unknown: return "unknown";
  }
  return "unknown";
}

std::string_view nodeTypeName(NodeType type) {
  switch (type) {
    case NodeType::Standard: return "standard";
    case NodeType::Endpoint: return "endpoint";
    case NodeType::Materialized: return "materialized";
    case NodeType::Copy: return "copy";
    case NodeType::Sink: return "sink";
    case NodeType::Stream: return "stream";
    case NodeType::Invalid: return "invalid";
  }
  return "invalid";
}

static const Setting* findSetting(const std::vector<Setting>& v, std::string_view name) {
  const Setting* found = nullptr;
  for (auto& s : v)
    if (s.name == name) found = &s;  // the last one wins, as in the CLIs
  return found;
}

const Setting* Datasource::engineSetting(std::string_view name) const { return findSetting(engine, name); }
const Setting* Datasource::kafkaSetting(std::string_view name) const { return findSetting(kafka, name); }
const Setting* Datasource::importSetting(std::string_view name) const { return findSetting(import_settings, name); }
const Setting* Connection::setting(std::string_view name) const { return findSetting(settings, name); }

std::string Datafile::resourceName() const {
  if (!version || version->value.empty()) return name;
  // `tb pull` names the files of versioned resources `x__v0` and keeps `VERSION 0` in them: the
  // suffix is not added twice.
  std::string suffix = "__v" + version->value;
  if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) return name;
  return name + suffix;
}

}  // namespace ferry::datafile
