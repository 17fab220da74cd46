/// textDocument/completion: what can be typed at the cursor. The datafile's line structure says
/// where the cursor is (a directive's name or value, or the body of a `>` block, read with the
/// CLIs' block rule: a block ends at a column-0 line whose first word is a directive); inside
/// SQL, the text before the cursor says what fits (a `t.` qualifier, a FROM position, a template
/// region) and the project's analysis gives the columns of the tables the query reads.
///
/// Item kinds (LSP CompletionItemKind): directives and SQL keywords Keyword (14); SQL and
/// template functions Function (3); columns Field (5); datasources Struct (22: a table with typed
/// columns); pipes Interface (8: an endpoint's published contract); nodes Module (9: a named step
/// inside the pipe, neither a table of its own nor a function); directive values (node types,
/// engines, modes) EnumMember (20: one of a closed set); engine settings Property (10); column
/// types TypeParameter (25); template parameters Variable (6); connections Reference (18).
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
#include "compiler/lsp/features.h"
#include "compiler/sql/ast.h"
#include "compiler/template/template_functions.h"
#include "compiler/types/type_families.h"

namespace ferry::lsp {

namespace {

namespace df = datafile;

enum ItemKind : int {
  kFunction = 3,
  kField = 5,
  kVariable = 6,
  kInterface = 8,
  kModule = 9,
  kProperty = 10,
  kKeyword = 14,
  kReference = 18,
  kEnumMember = 20,
  kStruct = 22,
  kTypeParameter = 25,
};

/// The order of groups in the list.
enum Group : int {
  kPlaceGroup = 0,     ///< what only fits here: directives, directive values, types
  kColumnGroup = 1,    ///< columns; tables in a FROM position
  kKeywordGroup = 2,
  kFunctionGroup = 3,
  kCombinatorGroup = 4,
  kNameGroup = 5,      ///< project names where an expression goes (a qualifier, a subquery's table)
};

struct Item {
  std::string label;
  int kind = kKeyword;
  int group = kPlaceGroup;
  int order = 0;  ///< within the group, before the label: table order where it means something
  std::string detail;
  std::string documentation;
  std::string insert_text;  ///< empty: the label
};

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
  if (prefix.size() > s.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// The items of one answer: filtered by the typed prefix, one per label and kind.
class Items {
 public:
  explicit Items(std::string prefix) : prefix_(std::move(prefix)) {}
  const std::string& prefix() const { return prefix_; }
  bool wanted(std::string_view label) const { return startsWithNoCase(label, prefix_); }

  void add(Item item) {
    if (!wanted(item.label) || !seen_.emplace(item.label, item.kind).second) return;
    keys_.push_back(lower(item.label));
    items_.push_back(std::move(item));
  }

  nlohmann::json json() && {
    // Sorted through indices: an Item is five strings, too heavy to move around.
    std::vector<uint32_t> order(items_.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      const Item& a = items_[x];
      const Item& b = items_[y];
      if (a.group != b.group) return a.group < b.group;
      if (a.order != b.order) return a.order < b.order;
      if (keys_[x] != keys_[y]) return keys_[x] < keys_[y];
      return a.label != b.label ? a.label < b.label : a.kind < b.kind;
    });
    auto out = nlohmann::json::array();
    out.get_ref<nlohmann::json::array_t&>().reserve(items_.size());
    char sort_text[24];
    for (size_t i = 0; i < order.size(); ++i) {
      Item& item = items_[order[i]];
      std::snprintf(sort_text, sizeof sort_text, "%05zu", i);
      // Member by member: an initializer list would copy every string once more.
      nlohmann::json j(nlohmann::json::value_t::object);
      j["label"] = std::move(item.label);
      j["kind"] = item.kind;
      j["sortText"] = sort_text;
      if (!item.detail.empty()) j["detail"] = std::move(item.detail);
      if (!item.documentation.empty()) j["documentation"] = std::move(item.documentation);
      if (!item.insert_text.empty()) j["insertText"] = std::move(item.insert_text);
      out.push_back(std::move(j));
    }
    return {{"isIncomplete", false}, {"items", std::move(out)}};
  }

 private:
  std::string prefix_;
  std::vector<Item> items_;
  std::vector<std::string> keys_;  ///< the labels lower-cased, for sorting
  std::set<std::pair<std::string, int>> seen_;
};

// ---- The datafile's line structure ------------------------------------------------------------

struct Line {
  uint32_t begin = 0;
  uint32_t end = 0;           ///< before the line break
  bool directive = false;     ///< a directive line (words), not the inside of a block
  std::string name;           ///< directive lines: the first word, upper-cased
  std::vector<std::string> words;  ///< directive lines: every word, quotes removed
  bool opens_block = false;   ///< `NAME >`
  int block = -1;             ///< lines inside a block: the index of the line that opened it
};

/// The words of a directive line as the CLIs split them: spaces and tabs separate words, `#`
/// outside quotes starts a comment. `unterminated` is set for an opening quote without its end.
std::vector<std::string> splitWords(std::string_view line, bool* unterminated = nullptr) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '#') break;
    std::string word;
    if (c == '"' || c == '\'') {
      size_t close = line.find(c, i + 1);
      if (close == std::string_view::npos) {
        if (unterminated) *unterminated = true;
        words.emplace_back(line.substr(i + 1));
        break;
      }
      words.emplace_back(line.substr(i + 1, close - i - 1));
      i = close + 1;
      continue;
    }
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '#') word.push_back(line[i++]);
    words.push_back(std::move(word));
  }
  return words;
}

/// Mirrors grammar/DatafileLexer.g4's nextLineEndsBlock: a line ends the open block when it
/// starts at column 0 with a directive of the file's kind (a `FROM...` word never does).
bool endsBlock(std::string_view line, df::DatafileKind kind) {
  if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#') return false;
  bool unterminated = false;
  auto words = splitWords(line, &unterminated);
  if (words.empty() || (unterminated && words.size() == 1)) return false;
  if (line[0] == '"' || line[0] == '\'') return false;  // a quoted word is never a directive
  std::string first = upper(words.front());
  if (first.starts_with("FROM")) return false;
  return df::findDirective(kind, first) != nullptr;
}

std::vector<Line> readLines(std::string_view text, df::DatafileKind kind) {
  std::vector<Line> lines;
  int open_block = -1;
  size_t pos = 0;
  while (true) {
    size_t end = pos;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    Line line;
    line.begin = static_cast<uint32_t>(pos);
    line.end = static_cast<uint32_t>(end);
    std::string_view content = text.substr(pos, end - pos);
    if (open_block >= 0 && !endsBlock(content, kind)) {
      line.block = open_block;
    } else {
      open_block = -1;
      bool unterminated = false;
      line.words = splitWords(content, &unterminated);
      if (!line.words.empty()) {
        line.directive = true;
        line.name = upper(line.words.front());
        line.opens_block = line.words.size() >= 2 && line.words[1] == ">" && !unterminated;
        if (line.opens_block) open_block = static_cast<int>(lines.size());
      }
    }
    lines.push_back(std::move(line));
    if (end >= text.size()) break;
    pos = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  return lines;
}

size_t lineAt(const std::vector<Line>& lines, uint32_t offset) {
  for (size_t i = 0; i < lines.size(); ++i)
    if (offset <= lines[i].end) return i;
  return lines.size() - 1;
}

/// Where the cursor's line sits in a pipe: the NODE line above it (or none) and the lines of
/// its scope (the node's lines, or the lines before the first NODE).
struct Scope {
  int node_line = -1;
  size_t first = 0;
  size_t last = 0;  ///< exclusive
};

Scope scopeOf(const std::vector<Line>& lines, size_t at) {
  Scope s;
  for (size_t i = 0; i < at; ++i)
    if (lines[i].directive && lines[i].name == "NODE") s.node_line = static_cast<int>(i);
  s.first = s.node_line >= 0 ? static_cast<size_t>(s.node_line) : 0;
  s.last = lines.size();
  for (size_t i = at + 1; i < lines.size(); ++i)
    if (lines[i].directive && lines[i].name == "NODE") {
      s.last = i;
      break;
    }
  if (s.node_line < 0) {
    // Before the first NODE: the file-level lines end where the first node begins.
    for (size_t i = 0; i < lines.size(); ++i)
      if (lines[i].directive && lines[i].name == "NODE") {
        s.last = std::min(s.last, i);
        break;
      }
  }
  return s;
}

std::string canonicalDirective(df::DatafileKind kind, const std::string& name) {
  const df::DirectiveSpec* spec = df::findDirective(kind, name);
  return spec ? std::string(spec->canonicalName()) : name;
}

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

void addValue(Items& items, std::string label, std::string detail, int order = 0, int kind = kEnumMember) {
  items.add({std::move(label), kind, kPlaceGroup, order, std::move(detail), {}, {}});
}

std::string columnList(const analyze::Schema& columns) {
  std::string out;
  for (const auto& c : columns) out += c.name + " " + types::toString(c.type) + "\n";
  return out;
}

void addDatasourceNames(Items& items, const RequestContext& ctx, int group) {
  for (const auto& r : ctx.project.project().resources) {
    if (r->kind != project::ResourceKind::Datasource) continue;
    const auto* schema = ctx.project.analysis().datasource(r->name);
    items.add({r->name, kStruct, group, 0, "datasource", schema ? columnList(schema->columns) : std::string(), {}});
  }
}

/// Datasources, other pipes and the nodes of this pipe above `node` (what a FROM can name).
void addTableNames(Items& items, const RequestContext& ctx, const project::NodeSyntax* node, int group) {
  addDatasourceNames(items, ctx, group);
  const auto& analysis = ctx.project.analysis();
  for (const auto& r : ctx.project.project().resources) {
    if (r->kind != project::ResourceKind::Pipe || r.get() == ctx.resource) continue;
    const auto* pipe = analysis.pipe(r->name);
    const auto* out = pipe ? pipe->output() : nullptr;
    std::string doc = out && out->columns ? columnList(*out->columns) : std::string();
    items.add({r->name, kInterface, group, 0, "pipe", std::move(doc), {}});
  }
  if (!ctx.resource || !node) return;
  const auto* pipe = analysis.pipe(ctx.resource->name);
  for (const auto& n : ctx.resource->nodes) {
    if (&n == node) break;
    if (n.node->span.file != ctx.file) continue;
    const analyze::NodeSchema* schema = nullptr;
    if (pipe)
      for (const auto& s : pipe->nodes)
        if (s.syntax == &n) schema = &s;
    items.add({n.node->name.text, kModule, group, 0, "node",
               schema && schema->columns ? columnList(*schema->columns) : std::string(), {}});
  }
}

// ---- SQL --------------------------------------------------------------------------------------

struct Token {
  enum Kind { Word, Quoted, Punct, String, Comment, Template };
  Kind kind = Word;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool closed = true;  ///< strings, quoted names, comments, template regions
  std::string text;    ///< Word: as written; Quoted: the name; Punct: the character; Template: `{{`/`{%`/`{#`
};

/// ClickHouse SQL with Tinybird template regions, as far as completion needs it.
std::vector<Token> tokenizeSql(std::string_view s, uint32_t base) {
  std::vector<Token> out;
  size_t i = 0;
  auto closeAt = [&](Token t, std::string_view terminator, size_t from) {
    size_t close = s.find(terminator, from);
    t.closed = close != std::string_view::npos;
    size_t end = t.closed ? close + terminator.size() : s.size();
    t.begin += base;
    t.end = static_cast<uint32_t>(end) + base;
    out.push_back(std::move(t));
    i = end;
  };
  while (i < s.size()) {
    char c = s[i];
    char next = i + 1 < s.size() ? s[i + 1] : '\0';
    Token t;
    t.begin = static_cast<uint32_t>(i);
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '{' && (next == '{' || next == '%' || next == '#')) {
      t.kind = Token::Template;
      t.text = std::string(s.substr(i, 2));
      closeAt(std::move(t), next == '{' ? "}}" : next == '%' ? "%}" : "#}", i + 2);
    } else if (c == '-' && next == '-') {
      t.kind = Token::Comment;
      size_t eol = s.find('\n', i);
      t.begin += base;
      t.end = static_cast<uint32_t>(eol == std::string_view::npos ? s.size() : eol) + base;
      t.closed = false;  // the cursor at the end of its line is still inside it
      i = eol == std::string_view::npos ? s.size() : eol;
      out.push_back(std::move(t));
    } else if (c == '/' && next == '*') {
      t.kind = Token::Comment;
      closeAt(std::move(t), "*/", i + 2);
    } else if (c == '\'' || c == '"' || c == '`') {
      t.kind = c == '\'' ? Token::String : Token::Quoted;
      size_t j = i + 1;
      t.closed = false;
      while (j < s.size()) {
        if (s[j] == '\\') {
          j += 2;
          continue;
        }
        if (s[j] == c) {
          if (j + 1 < s.size() && s[j + 1] == c) {  // a doubled quote
            t.text.push_back(c);
            j += 2;
            continue;
          }
          t.closed = true;
          break;
        }
        t.text.push_back(s[j++]);
      }
      i = std::min(j + 1, s.size());
      t.begin += base;
      t.end = static_cast<uint32_t>(i) + base;
      out.push_back(std::move(t));
    } else if (isWordChar(c)) {
      size_t j = i;
      while (j < s.size() && isWordChar(s[j])) ++j;
      t.text = std::string(s.substr(i, j - i));
      t.begin += base;
      t.end = static_cast<uint32_t>(j) + base;
      i = j;
      out.push_back(std::move(t));
    } else {
      t.kind = Token::Punct;
      t.text = std::string(1, c);
      t.begin += base;
      t.end = static_cast<uint32_t>(i + 1) + base;
      ++i;
      out.push_back(std::move(t));
    }
  }
  return out;
}

bool isKeyword(const Token& t, std::string_view upper_word) {
  return t.kind == Token::Word && upper(t.text) == upper_word;
}

/// Words that end a table reference: what may follow `FROM t` other than an alias.
bool endsTableReference(std::string_view upper_word) {
  static const std::set<std::string_view> kWords = {
      "WHERE", "PREWHERE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "SEMI", "ANTI", "ANY",
      "ALL", "ASOF", "PASTE", "GLOBAL", "LOCAL", "ARRAY", "ON", "USING", "GROUP", "ORDER", "HAVING", "LIMIT",
      "OFFSET", "UNION", "EXCEPT", "INTERSECT", "SETTINGS", "FORMAT", "FINAL", "SAMPLE", "WINDOW", "QUALIFY",
      "INTO", "AS", "WITH", "SELECT"};
  return kWords.contains(upper_word);
}

struct TableName {
  std::vector<std::string> parts;
  std::string alias;
};

/// FROM / JOIN references read from the text, for SQL that does not parse while it is typed.
std::vector<TableName> scanTableNames(const std::vector<Token>& tokens) {
  std::vector<TableName> out;
  auto name = [](const Token& t) { return t.kind == Token::Word || t.kind == Token::Quoted; };
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!isKeyword(tokens[i], "FROM") && !isKeyword(tokens[i], "JOIN")) continue;
    size_t j = i + 1;
    while (true) {
      if (j >= tokens.size() || !name(tokens[j]) ||
          (tokens[j].kind == Token::Word && endsTableReference(upper(tokens[j].text))))
        break;
      TableName t;
      t.parts.push_back(tokens[j].text);
      ++j;
      if (j + 1 < tokens.size() && tokens[j].kind == Token::Punct && tokens[j].text == "." && name(tokens[j + 1])) {
        t.parts.push_back(tokens[j + 1].text);
        j += 2;
      }
      if (j < tokens.size() && isKeyword(tokens[j], "AS")) ++j;
      if (j < tokens.size() && name(tokens[j]) &&
          !(tokens[j].kind == Token::Word && endsTableReference(upper(tokens[j].text)))) {
        t.alias = tokens[j].text;
        ++j;
      }
      out.push_back(std::move(t));
      // `FROM a, b`: a comma join names another table.
      if (j < tokens.size() && tokens[j].kind == Token::Punct && tokens[j].text == ",") {
        ++j;
        continue;
      }
      break;
    }
  }
  return out;
}

/// The table references of a parsed statement, subqueries included.
void collectTableRefs(const sql::Node& n, std::vector<TableName>& out) {
  if (const auto* ref = n.tryAs<sql::TableRef>(); ref && !ref->parts.empty()) out.push_back({ref->parts, ref->alias});
  sql::forEachChild(n, [&](const sql::Node& child) { collectTableRefs(child, out); });
}

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

/// Columns in their table's order (the order the user declared them in).
void addColumns(Items& items, const analyze::Schema& columns, const std::string& table, int order_base = 0) {
  for (size_t i = 0; i < columns.size(); ++i) {
    const auto& c = columns[i];
    std::string quoted = types::quoteNameIfNeeded(c.name);
    items.add({c.name, kField, kColumnGroup, order_base + static_cast<int>(i), types::toString(c.type),
               "column of `" + table + "`", quoted != c.name ? quoted : std::string()});
  }
}

std::string functionDetail(const functions::FunctionInfo& f) {
  std::string returns = f.returns.substr(0, f.returns.find(';'));
  return "(" + f.arguments + ") → " + returns;
}

/// Catalog functions: scalar, aggregate and window ones in expressions, table functions in FROM.
void addFunctions(Items& items, bool table_functions) {
  for (const auto& f : functions::allFunctions()) {
    bool is_table = f.kind == functions::FunctionKind::Table;
    if (is_table != table_functions) continue;
    if (items.wanted(f.name)) items.add({f.name, kFunction, kFunctionGroup, 0, functionDetail(f), f.description, {}});
    // Aliases only once something is typed: they would double an unfiltered list.
    if (!items.prefix().empty())
      for (const auto& a : f.aliases)
        if (items.wanted(a)) items.add({a, kFunction, kFunctionGroup, 0, "alias of " + f.name, f.description, {}});
  }
}

constexpr std::array kCombinators = {
    functions::Combinator::If,       functions::Combinator::State,      functions::Combinator::Merge,
    functions::Combinator::MergeState, functions::Combinator::SimpleState, functions::Combinator::Array,
    functions::Combinator::Distinct, functions::Combinator::OrNull,     functions::Combinator::OrDefault,
    functions::Combinator::ForEach,  functions::Combinator::Map,        functions::Combinator::Resample,
    functions::Combinator::ArgMin,   functions::Combinator::ArgMax,     functions::Combinator::Tuple,
};

void addCombinatorForms(Items& items, const std::string& base, const std::string& aggregate) {
  for (auto c : kCombinators) {
    std::string suffix(functions::combinatorSuffix(c));
    if (!items.wanted(base + suffix)) continue;
    items.add({base + suffix, kFunction, kCombinatorGroup, 0, aggregate + " with -" + suffix,
               "The aggregate function `" + aggregate + "` with the -" + suffix + " combinator.", {}});
  }
}

/// Aggregate functions with a combinator (`sumIf`, `uniqMerge`, `countIfState`): for the
/// aggregates the typed word starts, and for the aggregate (with combinators) the typed word
/// already spells. Not offered before anything is typed: every aggregate times every combinator
/// would bury the list.
void addCombinators(Items& items) {
  const std::string& prefix = items.prefix();
  if (prefix.empty()) return;
  for (const auto& f : functions::allFunctions())
    if (f.kind == functions::FunctionKind::Aggregate && startsWithNoCase(f.name, prefix))
      addCombinatorForms(items, f.name, f.name);
  for (size_t k = prefix.size(); k > 0; --k) {
    std::string head = prefix.substr(0, k);
    if (auto resolved = functions::resolveAggregateName(head)) {
      addCombinatorForms(items, head, resolved->base);
      break;
    }
  }
}

constexpr std::array kSqlKeywords = {
    "SELECT", "FROM", "WHERE", "PREWHERE", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "JOIN", "LEFT JOIN",
    "ARRAY JOIN", "ON", "USING", "AS", "AND", "OR", "NOT", "IN", "BETWEEN", "LIKE", "IS NULL", "CASE", "WHEN",
    "THEN", "ELSE", "END", "DISTINCT", "WITH", "UNION ALL", "ASC", "DESC", "INTERVAL",
};

void addSqlKeywords(Items& items) {
  for (size_t i = 0; i < kSqlKeywords.size(); ++i)
    items.add({kSqlKeywords[i], kKeyword, kKeywordGroup, static_cast<int>(i), "keyword", {}, {}});
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

void addTypes(Items& items) {
  int order = 0;
  for (auto name : types::typeFamilyNames())
    items.add({std::string(name), kTypeParameter, kPlaceGroup, order++, "type", {}, {}});
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
