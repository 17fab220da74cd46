/// textDocument/completion: what can be typed at the cursor. The datafile's line structure says
/// where the cursor is (a directive's name or value, or the body of a `>` block, read with the
/// CLIs' block rule: a block ends at a column-0 line whose first word is a directive); inside
/// SQL, the text before the cursor says what fits (a `t.` qualifier, a FROM position, a template
/// region) and the project's analysis gives the columns of the tables the query reads.
///
/// Item kinds: see completion_items.h.
///
/// Items are filtered by the word being typed (case-insensitive prefix: `isIncomplete` is false,
/// so the list for a prefix holds everything its continuations can match), deduplicated by label
/// and kind, and ordered through `sortText`: the group that fits the place first (columns, then
/// tables, keywords, functions, combinator forms), directives in the directive table's order,
/// other names alphabetically.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <functional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/analyze/project_tables.h"
#include "compiler/datafile/directive_table.h"
#include "compiler/functions/aggregate_combinators.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/lsp/completion_items.h"
#include "compiler/lsp/datafile_lines.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/sql_tokens.h"
#include "compiler/sql/ast.h"
#include "compiler/template/template_functions.h"
#include "compiler/types/type_families.h"

namespace ferry::lsp {

namespace {

namespace df = datafile;
using namespace complete;

// ---- The datafile's line structure ------------------------------------------------------------

// ---- Directives -------------------------------------------------------------------------------

/// Directives a Forward project writes today: not the Classic-only ones, not deprecated ones,
/// not aliases or legacy spellings of another directive.
bool offered(const df::DirectiveSpec& spec) {
  return (spec.dialects & df::kForwardOnly) && spec.forward_note.empty() && spec.canonical.empty() &&
         spec.id != df::DirectiveId::LegacyEngineKey;
}

bool repeatable(df::DirectiveId id) { return id == df::DirectiveId::Token || id == df::DirectiveId::Node; }

bool pipeFileLevel(df::DirectiveId id) {
  using enum df::DirectiveId;
  return id == Description || id == Token || id == Tags || id == Node;
}

/// The directives of a node, given its TYPE (empty: not written yet, every kind's are offered).
bool pipeNodeLevel(df::DirectiveId id, std::string_view type) {
  using enum df::DirectiveId;
  switch (id) {
    case Node: case Sql: case Type: case Description: case Token: return true;
    case DatasourceRef: case DeploymentMethod: return type.empty() || type == "materialized";
    case TargetDatasource: case CopySchedule: case CopyMode: return type.empty() || type == "copy";
    case Export: return type.empty() || type == "sink";
    default: return false;
  }
}

std::string insertTextOf(const df::DirectiveSpec& spec) {
  using enum df::DirectiveId;
  bool block = spec.multiline == df::MultilineRule::Required || spec.id == Schema || spec.id == Indexes ||
               spec.id == Description;
  return std::string(spec.name) + (block ? " >" : " ");
}

void addDirectiveItems(Items& items, std::span<const df::DirectiveSpec> table, int order_base,
                       const std::set<std::string>& seen, const std::function<bool(const df::DirectiveSpec&)>& fits) {
  for (size_t i = 0; i < table.size(); ++i) {
    const auto& spec = table[i];
    if (!offered(spec) || !fits(spec)) continue;
    if (!repeatable(spec.id) && seen.contains(std::string(spec.name))) continue;
    items.add({std::string(spec.name), kKeyword, kPlaceGroup, order_base + static_cast<int>(i), "directive", {},
               insertTextOf(spec)});
  }
}

/// The directives that fit on line `at`: by file kind and, in pipes, by the node around it.
void directiveCompletions(Items& items, df::DatafileKind kind, const std::vector<Line>& lines, size_t at) {
  bool pipe_like = kind == df::DatafileKind::Pipe || kind == df::DatafileKind::Include;
  Scope scope = pipe_like ? scopeOf(lines, at) : Scope{-1, 0, lines.size()};
  std::set<std::string> seen;
  std::string node_type;
  for (size_t i = scope.first; i < scope.last; ++i) {
    if (i == at || !lines[i].directive) continue;
    std::string name = canonicalDirective(kind, lines[i].name);
    seen.insert(name);
    if (name == "TYPE" && lines[i].words.size() >= 2) node_type = lower(lines[i].words[1]);
  }
  auto all = [](const df::DirectiveSpec&) { return true; };
  switch (kind) {
    case df::DatafileKind::Datasource:
    case df::DatafileKind::Connection: addDirectiveItems(items, df::directivesOf(kind), 0, seen, all); break;
    case df::DatafileKind::Pipe:
    case df::DatafileKind::Include:
      if (scope.node_line >= 0) {
        addDirectiveItems(items, df::directivesOf(df::DatafileKind::Pipe), 0, seen,
                          [&](const df::DirectiveSpec& s) { return pipeNodeLevel(s.id, node_type); });
      } else {
        addDirectiveItems(items, df::directivesOf(df::DatafileKind::Pipe), 0, seen,
                          [](const df::DirectiveSpec& s) { return pipeFileLevel(s.id); });
        // An include may hold a datasource's directives too.
        if (kind == df::DatafileKind::Include)
          addDirectiveItems(items, df::directivesOf(df::DatafileKind::Datasource), 1000, seen, all);
      }
      break;
    case df::DatafileKind::Unknown: break;
  }
}

// ---- Names of the project ---------------------------------------------------------------------

// ---- SQL --------------------------------------------------------------------------------------

struct Table {
  std::string qualifier;  ///< the alias, else the table name
  std::string name;       ///< as written, `db.t` joined
  const analyze::Schema* columns = nullptr;
};

/// The SQL the cursor is in: its tokens, and what resolves its FROM names.
struct SqlContext {
  std::vector<Token> tokens;
  const project::NodeSyntax* node = nullptr;  ///< node SQL of the request's pipe
  const analyze::Schema* implicit = nullptr;  ///< FORWARD_QUERY: the columns it selects from
  std::string implicit_name;
};

/// The tables the SQL reads, with their columns where the analysis has them.
std::vector<Table> tablesInScope(const SqlContext& sql, analyze::ProjectTables& resolver) {
  std::vector<TableName> names;
  if (sql.node && sql.node->sql.statement) collectTableRefs(*sql.node->sql.statement, names);
  else names = scanTableNames(sql.tokens);
  std::vector<Table> out;
  if (sql.implicit) out.push_back({sql.implicit_name, sql.implicit_name, sql.implicit});
  for (const auto& n : names) {
    Table t;
    for (const auto& p : n.parts) t.name += (t.name.empty() ? "" : ".") + p;
    t.qualifier = n.alias.empty() ? n.parts.back() : n.alias;
    t.columns = resolver.findTable(n.parts);
    out.push_back(std::move(t));
  }
  return out;
}

/// A resolver that knows the nodes of the request's pipe above `node`.
void addEarlierNodes(const RequestContext& ctx, const project::NodeSyntax* node, analyze::ProjectTables& resolver) {
  if (!ctx.resource || !node) return;
  const auto* pipe = ctx.project.analysis().pipe(ctx.resource->name);
  if (!pipe) return;
  for (const auto& n : pipe->nodes) {
    if (n.syntax == node) break;
    if (n.columns) resolver.setNode(n.name, &*n.columns);
  }
}

void addTemplateItems(Items& items, const SqlContext& sql, bool statement_tag) {
  for (const auto& f : tpl::allFunctions()) {
    std::string detail = !f.param_type.empty() ? "parameter of type " + std::string(f.param_type) : "template function";
    items.add({std::string(f.name), kFunction, kFunctionGroup, 0, std::move(detail), {}, {}});
  }
  if (statement_tag) {
    static constexpr std::array kTags = {"if", "elif", "else", "end", "for", "set"};
    for (size_t i = 0; i < kTags.size(); ++i)
      items.add({kTags[i], kKeyword, kKeywordGroup, static_cast<int>(i), "template tag", {}, {}});
  }
  // The parameter being typed is one too by now: not offered to itself.
  if (sql.node)
    for (const auto& p : sql.node->sql.parameters)
      if (p.name != items.prefix()) items.add({p.name, kVariable, kColumnGroup, 0, "parameter " + p.type, {}, {}});
}

/// Completion inside SQL at `offset`, `tokens` covering the whole SQL text.
void sqlCompletions(Items& items, const RequestContext& ctx, SqlContext& sql, uint32_t offset) {
  // The token the cursor is in or right after.
  const Token* at = nullptr;
  size_t before = 0;  // tokens entirely before the word being typed
  for (size_t i = 0; i < sql.tokens.size(); ++i) {
    const Token& t = sql.tokens[i];
    if (t.begin >= offset) break;
    if (offset < t.end || (offset == t.end && (!t.closed || t.kind == Token::Word))) {
      at = &t;
      break;
    }
    before = i + 1;
  }
  if (at && at->kind == Token::Template) {
    if (offset >= at->begin + 2) addTemplateItems(items, sql, at->text == "{%");
    return;
  }
  if (at && at->kind != Token::Word) return;  // in a string, a comment or a quoted name

  analyze::ProjectTables resolver(ctx.project.project(), ctx.project.analysis());
  addEarlierNodes(ctx, sql.node, resolver);
  const Token* prev = before > 0 ? &sql.tokens[before - 1] : nullptr;
  uint32_t word_begin = at ? at->begin : offset;

  // `t.` or `alias.`: only that table's columns.
  if (prev && prev->kind == Token::Punct && prev->text == "." && prev->end == word_begin && before >= 2) {
    const Token& q = sql.tokens[before - 2];
    if (q.kind != Token::Word && q.kind != Token::Quoted) return;
    for (const auto& t : tablesInScope(sql, resolver))
      if (t.qualifier == q.text && t.columns) {
        addColumns(items, *t.columns, t.name);
        return;
      }
    // Not in FROM (yet): a table of the project by that name.
    if (const auto* columns = resolver.findTable({q.text})) addColumns(items, *columns, q.text);
    return;
  }

  // FROM / JOIN position (and `FROM a, |`): tables, then table functions.
  bool array_join = before >= 2 && isKeyword(sql.tokens[before - 2], "ARRAY");
  bool table_position = prev && (isKeyword(*prev, "FROM") || (isKeyword(*prev, "JOIN") && !array_join));
  if (prev && prev->kind == Token::Punct && prev->text == ",") {
    for (size_t i = before; i-- > 0;) {
      const Token& t = sql.tokens[i];
      if (t.kind != Token::Word) continue;
      std::string w = upper(t.text);
      if (w == "FROM") table_position = true;
      if (w == "FROM" || w == "SELECT" || w == "WHERE" || w == "BY" || w == "ON" || w == "USING" || w == "HAVING" ||
          w == "PREWHERE" || w == "LIMIT" || w == "SETTINGS" || w == "WITH" || w == "JOIN")
        break;
    }
  }
  if (table_position) {
    addTableNames(items, ctx, sql.node, kColumnGroup);
    addFunctions(items, true);
    return;
  }

  // Table after table, in the order the query names them.
  auto tables = tablesInScope(sql, resolver);
  for (size_t i = 0; i < tables.size(); ++i)
    if (tables[i].columns) addColumns(items, *tables[i].columns, tables[i].name, static_cast<int>(i) * 100000);
  addSqlKeywords(items);
  addFunctions(items, false);
  addCombinators(items);
  addTableNames(items, ctx, sql.node, kNameGroup);
}

// ---- Directive values and block lines ---------------------------------------------------------

/// The engines a Ferry datasource can use: the ones lower/project_lowering.cpp maps onto the
/// runtime's (the compiler has no table of its own: the planner and the analysis treat every
/// engine by its settings).
constexpr std::array kEngines = {"MergeTree", "ReplacingMergeTree", "SummingMergeTree", "AggregatingMergeTree",
                                 "CollapsingMergeTree", "VersionedCollapsingMergeTree", "Null"};

/// ENGINE_SETTINGS keys: allow_nullable_key (the analysis reads it) and the MergeTree settings
/// Tinybird's documentation uses.
constexpr std::array kEngineSettings = {"allow_nullable_key", "index_granularity", "merge_with_ttl_timeout",
                                        "ttl_only_drop_parts"};

constexpr std::array kIndexTypes = {"minmax", "set", "bloom_filter", "ngrambf_v1", "tokenbf_v1"};

const analyze::Schema* datasourceColumns(const RequestContext& ctx) {
  if (!ctx.resource || ctx.resource->kind != project::ResourceKind::Datasource) return nullptr;
  const auto* ds = ctx.project.analysis().datasource(ctx.resource->name);
  return ds ? &ds->columns : nullptr;
}

void addConnectionNames(Items& items, const RequestContext& ctx) {
  for (const auto& r : ctx.project.project().resources)
    if (r->kind == project::ResourceKind::Connection) addValue(items, r->name, "connection", 0, kReference);
}

/// Keys, TTL, version and sign columns: the datasource's columns, and functions where the value is
/// an expression.
void engineExpressionCompletions(Items& items, const RequestContext& ctx, const std::string& directive) {
  if (const auto* columns = datasourceColumns(ctx)) addColumns(items, *columns, ctx.resource->name);
  if (directive == "ENGINE_VER" || directive == "ENGINE_SIGN" || directive == "ENGINE_IS_DELETED" ||
      directive == "ENGINE_VERSION" || directive == "ENGINE_SUMMING_COLUMNS")
    return;
  addFunctions(items, false);
  if (directive == "ENGINE_TTL") items.add({"INTERVAL", kKeyword, kKeywordGroup, 0, "keyword", {}, {}});
}

/// The value of `directive` (canonical name) on its line; `word` is the index of the word being
/// typed (1 = the first value word).
void valueCompletions(Items& items, const RequestContext& ctx, df::DatafileKind kind, const std::string& directive,
                      size_t word) {
  if (directive == "TOKEN") {
    if (word == 2) {
      addValue(items, "READ", "permission", 0, kKeyword);
      if (kind == df::DatafileKind::Datasource) addValue(items, "APPEND", "permission", 1, kKeyword);
    }
    return;
  }
  if (word != 1) {
    if (directive.starts_with("ENGINE_") && directive != "ENGINE_SETTINGS")
      engineExpressionCompletions(items, ctx, directive);
    return;
  }
  if (directive == "TYPE" && kind != df::DatafileKind::Connection) {
    int order = 0;
    for (auto t : {df::NodeType::Endpoint, df::NodeType::Materialized, df::NodeType::Copy, df::NodeType::Sink})
      addValue(items, std::string(df::nodeTypeName(t)), "node type", order++);
    return;
  }
  if (directive == "ENGINE") {
    for (size_t i = 0; i < kEngines.size(); ++i) addValue(items, kEngines[i], "engine", static_cast<int>(i));
    return;
  }
  if (directive == "ENGINE_SETTINGS") {
    for (auto s : kEngineSettings) addValue(items, s, "MergeTree setting", 0, kProperty);
    return;
  }
  if (directive == "DATASOURCE" || directive == "TARGET_DATASOURCE") {
    addDatasourceNames(items, ctx, kPlaceGroup);
    return;
  }
  if (directive == "COPY_MODE") {
    addValue(items, "append", "copy mode", 0);
    addValue(items, "replace", "copy mode", 1);
    return;
  }
  if (directive == "COPY_SCHEDULE" || directive == "EXPORT_SCHEDULE" || directive == "IMPORT_SCHEDULE") {
    addValue(items, "@on-demand", "schedule");
    return;
  }
  if (directive == "DEPLOYMENT_METHOD") {
    addValue(items, "alter", "deployment method");
    return;
  }
  if (directive == "BACKFILL") {
    addValue(items, "skip", "backfill");
    return;
  }
  if (directive == "KAFKA_AUTO_OFFSET_RESET") {
    addValue(items, "earliest", "offset reset", 0);
    addValue(items, "latest", "offset reset", 1);
    return;
  }
  if (directive == "KAFKA_CONNECTION_NAME" || directive == "IMPORT_CONNECTION_NAME" ||
      directive == "EXPORT_CONNECTION_NAME") {
    addConnectionNames(items, ctx);
    return;
  }
  if (directive.starts_with("ENGINE_")) engineExpressionCompletions(items, ctx, directive);
}


/// A SCHEMA line: `name Type [json path] [DEFAULT expr] [CODEC(...)]`, `before` its text up to
/// the cursor.
void schemaLineCompletions(Items& items, std::string_view before) {
  size_t i = 0;
  while (i < before.size() && (before[i] == ' ' || before[i] == '\t')) ++i;
  // The column name (backquoted or a word): nothing to propose for a new name.
  if (i < before.size() && before[i] == '`') {
    size_t close = before.find('`', i + 1);
    if (close == std::string_view::npos) return;
    i = close + 1;
  } else {
    while (i < before.size() && before[i] != ' ' && before[i] != '\t') ++i;
  }
  if (i >= before.size()) return;
  std::string_view rest = before.substr(i);
  // After the type: its modifiers.
  if (rest.find("`json:") != std::string_view::npos || upper(rest).find("DEFAULT") != std::string::npos ||
      upper(rest).find("CODEC") != std::string::npos)
    return;
  std::vector<size_t> opens;
  for (size_t k = 0; k < rest.size(); ++k) {
    if (rest[k] == '(') opens.push_back(k);
    if (rest[k] == ')' && !opens.empty()) opens.pop_back();
    if (rest[k] == '\'') {
      size_t close = rest.find('\'', k + 1);
      if (close == std::string_view::npos) return;  // inside a string argument
      k = close;
    }
  }
  size_t word_begin = rest.size();
  while (word_begin > 0 && isWordChar(rest[word_begin - 1])) --word_begin;
  std::string_view typed_before_word = rest.substr(0, word_begin);
  while (!typed_before_word.empty() && (typed_before_word.back() == ' ' || typed_before_word.back() == '\t'))
    typed_before_word.remove_suffix(1);
  if (opens.empty()) {
    std::string_view trimmed = rest.substr(0, word_begin);
    size_t first = trimmed.find_first_not_of(" \t");
    if (first == std::string_view::npos) {  // the type's first word
      addTypes(items);
      return;
    }
    // A complete type followed by a space: what may follow it.
    int order = 0;
    for (auto k : {"DEFAULT", "CODEC"}) items.add({k, kKeyword, kKeywordGroup, order++, "column modifier", {}, {}});
    items.add({"`json:$.`", kKeyword, kKeywordGroup, order, "JSON path", {}, {}});
    return;
  }
  // Inside a type's arguments: AggregateFunction(f, ...) names an aggregate first; others take types.
  size_t innermost_open = opens.back();
  std::string_view head = rest.substr(0, innermost_open);
  size_t name_begin = head.size();
  while (name_begin > 0 && isWordChar(head[name_begin - 1])) --name_begin;
  std::string_view family = head.substr(name_begin);
  bool first_argument = typed_before_word.size() == innermost_open + 1;
  if ((family == "AggregateFunction" || family == "SimpleAggregateFunction") && first_argument) {
    for (const auto& f : functions::allFunctions())
      if (f.kind == functions::FunctionKind::Aggregate && items.wanted(f.name))
        items.add({f.name, kFunction, kFunctionGroup, 0, functionDetail(f), f.description, {}});
    addCombinators(items);
    return;
  }
  if (family == "DateTime64" || family == "Decimal" || family == "FixedString" || family == "DateTime" ||
      family == "Enum8" || family == "Enum16" || family == "Enum")
    return;  // numeric or string arguments
  addTypes(items);
}

/// An INDEXES line: `name expr TYPE type GRANULARITY n`.
void indexLineCompletions(Items& items, const RequestContext& ctx, std::string_view before) {
  auto words = splitWords(before);
  bool typing = !before.empty() && isWordChar(before.back());
  size_t complete = words.size() - (typing ? 1 : 0);
  if (complete == 0) return;  // the index name
  if (upper(words[complete - 1]) == "TYPE") {
    for (size_t i = 0; i < kIndexTypes.size(); ++i) addValue(items, kIndexTypes[i], "index type", static_cast<int>(i));
    return;
  }
  if (const auto* columns = datasourceColumns(ctx)) addColumns(items, *columns, ctx.resource->name);
  int order = 0;
  for (auto k : {"TYPE", "GRANULARITY"}) items.add({k, kKeyword, kKeywordGroup, order++, "keyword", {}, {}});
  addFunctions(items, false);
}

/// Whether the block opened on line `opener` indents its lines (the first one with text, other
/// than line `skip`, starts with a space or a tab).
bool indentedBlock(std::string_view text, const std::vector<Line>& lines, int opener, size_t skip) {
  for (size_t i = static_cast<size_t>(opener) + 1; i < lines.size() && lines[i].block == opener; ++i) {
    if (i == skip || lines[i].end == lines[i].begin) continue;
    char c = text[lines[i].begin];
    return c == ' ' || c == '\t';
  }
  return true;
}

/// The node of the request's pipe that holds line `at` (by the name on its NODE line).
const project::NodeSyntax* nodeAt(const RequestContext& ctx, const std::vector<Line>& lines, size_t at) {
  if (!ctx.resource) return nullptr;
  Scope scope = scopeOf(lines, at);
  if (scope.node_line < 0 || lines[static_cast<size_t>(scope.node_line)].words.size() < 2) return nullptr;
  const std::string& name = lines[static_cast<size_t>(scope.node_line)].words[1];
  for (const auto& n : ctx.resource->nodes)
    if (n.node->name.text == name && n.node->span.file == ctx.file) return &n;
  return nullptr;
}

}  // namespace

nlohmann::json completion(const RequestContext& ctx, uint32_t offset) {
  std::string_view text = ctx.text();
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  df::DatafileKind kind = ctx.resource ? ctx.resource->datafile.kind : df::kindFromPath(ctx.path.string());
  if (kind == df::DatafileKind::Unknown) kind = df::DatafileKind::Include;

  uint32_t word_begin = offset;
  while (word_begin > 0 && isWordChar(text[word_begin - 1])) --word_begin;
  Items items(std::string(text.substr(word_begin, offset - word_begin)));

  auto lines = readLines(text, kind);
  size_t at = lineAt(lines, offset);
  const Line& line = lines[at];
  std::string_view before = text.substr(line.begin, offset - line.begin);
  bool first_word_at_column_0 = word_begin == line.begin;

  if (line.directive) {
    size_t lead = before.find_first_not_of(" \t");
    bool in_name = lead == std::string_view::npos || before.find_first_of(" \t", lead) == std::string_view::npos;
    if (in_name) {
      directiveCompletions(items, kind, lines, at);
    } else {
      auto words = splitWords(before);
      bool typing = !items.prefix().empty();
      size_t word = words.size() - (typing ? 1 : 0);
      valueCompletions(items, ctx, kind, canonicalDirective(kind, line.name), word);
    }
    return std::move(items).json();
  }

  if (line.block < 0) {
    // A blank or comment line outside blocks: a new directive at its start.
    if (before.empty()) directiveCompletions(items, kind, lines, at);
    return std::move(items).json();
  }

  // Inside a block. A word typed at column 0 may be the next directive (it ends the block once
  // it is one); in SQL indented the usual way, it can only be one.
  const Line& opener = lines[static_cast<size_t>(line.block)];
  std::string block = canonicalDirective(kind, opener.name);
  if (first_word_at_column_0) {
    directiveCompletions(items, kind, lines, at);
    if (indentedBlock(text, lines, line.block, at)) return std::move(items).json();
  }
  if (block == "SQL" || block == "FORWARD_QUERY") {
    size_t last = at;
    while (last + 1 < lines.size() && lines[last + 1].block == line.block) ++last;
    uint32_t body_begin = lines[static_cast<size_t>(line.block) + 1].begin;
    uint32_t body_end = lines[last].end;
    SqlContext sql;
    sql.tokens = tokenizeSql(text.substr(body_begin, body_end - body_begin), body_begin);
    if (block == "SQL") {
      sql.node = nodeAt(ctx, lines, at);
    } else if (const auto* columns = datasourceColumns(ctx)) {
      sql.implicit = columns;
      sql.implicit_name = ctx.resource->name;
    }
    sqlCompletions(items, ctx, sql, offset);
  } else if (block == "SCHEMA") {
    schemaLineCompletions(items, before);
  } else if (block == "INDEXES") {
    indexLineCompletions(items, ctx, before);
  } else if (block.starts_with("ENGINE_")) {
    valueCompletions(items, ctx, kind, block, 1);
  }
  return std::move(items).json();
}

}  // namespace ferry::lsp
