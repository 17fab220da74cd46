#include "compiler/plan/canonical_text.h"

#include <optional>
#include <tuple>
#include <type_traits>

#include "compiler/sql/lexical.h"
#include "compiler/sql/printer.h"
#include "compiler/sqlparse/sql_parser.h"

namespace ferry::plan {

namespace {

template <class T>
struct IsOwner : std::false_type {};
template <class T>
struct IsOwner<std::unique_ptr<T>> : std::true_type {};
template <class T>
struct IsList : std::false_type {};
template <class T>
struct IsList<std::vector<T>> : std::true_type {};
template <class T>
struct IsMaybe : std::false_type {};
template <class T>
struct IsMaybe<std::optional<T>> : std::true_type {};
template <class T>
concept Record = requires(T& t) { t.fields(); };

void normalize(sql::Node& node);

/// `INTERVAL 7 DAY` is `toIntervalDay(7)` (ClickHouse stores the latter).
sql::ExprPtr intervalAsCall(sql::IntervalExpr& interval) {
  auto call = std::make_unique<sql::FunctionCall>();
  call->name = "toInterval" + std::string(sql::enumName(*interval.unit));
  call->args.push_back(std::move(interval.value));
  return call;
}

template <class Field>
void normalizeField(Field& field) {
  if constexpr (std::is_same_v<Field, sql::ExprPtr>) {
    if (!field) return;
    normalize(*field);
    if (auto* interval = field->template tryAs<sql::IntervalExpr>();
        interval && interval->unit && interval->value && interval->value->template is<sql::Literal>())
      field = intervalAsCall(*interval);
  } else if constexpr (IsOwner<Field>::value) {
    if (field) normalize(*field);
  } else if constexpr (IsList<Field>::value) {
    for (auto& element : field) normalizeField(element);
  } else if constexpr (IsMaybe<Field>::value) {
    if (field) normalizeField(*field);
  } else if constexpr (Record<Field>) {
    std::apply([](auto&... sub) { (normalizeField(sub), ...); }, field.fields());
  }
}

/// Spellings that do not change meaning are made equal before printing: written parentheses
/// (`(a)` is the key `a`) and intervals.
void normalize(sql::Node& node) {
  if (auto* e = node.tryAs<sql::Expr>()) e->parenthesized = false;
  sql::dispatch(node, [](auto& concrete) {
    std::apply([](auto&... field) { (normalizeField(field), ...); }, concrete.fields());
  });
}

template <class T>
std::string printCanonical(const T& node) {
  auto copy = sql::clone(node);
  normalize(*copy);
  return sql::printNode(*copy);
}

}  // namespace

std::string collapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string canonicalExpr(const sql::Expr* expr, std::string_view fallback) {
  if (!expr) return collapseWhitespace(fallback);
  return printCanonical(*expr);
}

std::string canonicalKey(const sql::ExprList& list, std::string_view fallback) {
  if (list.empty()) {
    std::string raw = collapseWhitespace(fallback);
    return raw.empty() ? "tuple()" : raw;
  }
  // `(a, b)` and `tuple(a, b)` are the key `a, b`.
  const sql::ExprList* items = &list;
  if (list.size() == 1 && list[0]) {
    if (auto* t = list[0]->tryAs<sql::TupleExpr>()) {
      items = &t->elements;
    } else if (auto* f = list[0]->tryAs<sql::FunctionCall>();
               f && f->name == "tuple" && !f->has_parameters && !f->over && f->over_name.empty()) {
      items = &f->args;
    }
  }
  if (items->empty()) return "tuple()";
  std::string out;
  for (const auto& e : *items) {
    if (!out.empty()) out += ", ";
    out += e ? printCanonical(*e) : "?";
  }
  return out;
}

std::string canonicalSql(const project::SqlSource* source, const datafile::SqlBlock* block) {
  if (source && source->statement && !source->is_template) return printCanonical(*source->statement);
  if (block) return collapseWhitespace(block->text);
  if (source) return collapseWhitespace(source->rendered);
  return {};
}

std::string canonicalExpressionText(std::string_view text, std::set<std::string>* columns) {
  std::string collapsed = collapseWhitespace(text);
  if (collapsed.empty()) return collapsed;
  DiagnosticSink scratch;  // the text is checked where it is loaded; here it is only compared
  auto expr = sql::parseExpression(text, SourceMap(), scratch);
  if (!expr || scratch.hasErrors()) return collapsed;
  if (columns) collectColumnNames(*expr, *columns);
  return printCanonical(*expr);
}

void collectColumnNames(const sql::Node& node, std::set<std::string>& out) {
  if (auto* id = node.tryAs<sql::Identifier>()) {
    if (!id->parts.empty()) out.insert(id->parts.front());
    return;
  }
  sql::forEachChild(node, [&](const sql::Node& child) { collectColumnNames(child, out); });
}

std::string backquoted(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`' || c == '\\') out += '\\';
    out += c;
  }
  out += '`';
  return out;
}

std::string tableName(std::string_view name) { return sql::formatIdentifier(name); }

}  // namespace ferry::plan

namespace ferry::plan {

std::string canonicalTtl(const std::vector<std::unique_ptr<sql::TtlElement>>& ttl) {
  std::string out;
  for (const auto& element : ttl) {
    if (!element) continue;
    if (!out.empty()) out += ", ";
    out += printCanonical(*element);
  }
  return out;
}

}  // namespace ferry::plan
