/// Operators and special syntactic forms, typed as the function calls ClickHouse rewrites them
/// to (operator_names.h has the mapping).
#include <algorithm>

#include "compiler/analyze/expression_typer.h"
#include "compiler/analyze/literal_types.h"
#include "compiler/analyze/operator_names.h"
#include "compiler/analyze/select_analyzer.h"

namespace ferry::analyze {

namespace {

using types::TypeKind;

types::ConstantValue stringValue(std::string s) {
  types::ConstantValue v;
  v.kind = types::ConstantValue::Kind::String;
  v.string_value = std::move(s);
  v.text = quoteStringForName(v.string_value);
  return v;
}

/// Whether a value depends on the row (a column, a lambda parameter, an aggregate): ClickHouse
/// folds everything else to a constant before it types the call.
bool dependsOnRow(const ResolvedExpr& r, int depth = 0) {
  if (r.has_column || r.has_aggregate || r.has_window) return true;
  if (r.kind == ResolvedKind::Column || r.kind == ResolvedKind::LambdaParam) return true;
  if (depth > 200) return true;
  return std::any_of(r.args.begin(), r.args.end(),
                     [&](const ResolvedPtr& a) { return a && dependsOnRow(*a, depth + 1); });
}

}  // namespace

bool isInFunctionName(std::string_view name) {
  return name == "in" || name == "notIn" || name == "globalIn" || name == "globalNotIn" ||
         name == "nullIn" || name == "notNullIn" || name == "globalNullIn" || name == "globalNotNullIn";
}

ResolvedPtr ExpressionTyper::typeUnary(const sql::UnaryExpr& e) {
  if (!e.operand) return unknown(&e);
  auto operand = type(*e.operand);
  return call(e.op == sql::UnaryOp::Negate ? "negate" : "not", {operand}, e);
}

ResolvedPtr ExpressionTyper::typeBinary(const sql::BinaryExpr& e) {
  if (!e.lhs || !e.rhs) return unknown(&e);
  std::string_view name = binaryFunctionName(e.op);
  if (isInFunctionName(name)) return typeIn(e, name);
  std::vector<ResolvedPtr> args;
  for (const sql::Expr* operand : flattenChain(e)) {
    args.push_back(operand ? type(*operand) : unknown(&e));
  }
  return call(name, std::move(args), e);
}

ResolvedPtr ExpressionTyper::typeIn(const sql::BinaryExpr& e, std::string_view function) {
  auto lhs = type(*e.lhs);
  auto rhs = typeInRightSide(*e.rhs);
  return call(function, {lhs, rhs}, e);
}

ResolvedPtr ExpressionTyper::typeInRightSide(const sql::Expr& rhs) {
  auto set_node = [&](const sql::Node* at, const types::TypePtr& element) {
    auto node = std::make_shared<ResolvedExpr>();
    node->kind = ResolvedKind::Subquery;
    node->type = element ? types::makeType(TypeKind::Set) : nullptr;
    node->ast = at;
    node->hash = hashCombine(hashString("set"), reinterpret_cast<uintptr_t>(at));
    return ResolvedPtr(node);
  };
  if (const auto* sub = rhs.tryAs<sql::SubqueryExpr>()) {
    run_.name_hints[sub] = "_subquery_" + std::to_string(++run_.subquery_counter);
    if (!sub->query) return unknown(&rhs);
    Schema columns = analyzeSubquery(run_, *sub->query, &scope_);
    types::TypePtr element = scalarSubqueryType(columns);
    auto r = set_node(&rhs, element);
    std::const_pointer_cast<ResolvedExpr>(r)->subquery = sub->query.get();
    run_.record(rhs, r);
    return r;
  }
  if (const auto* id = rhs.tryAs<sql::Identifier>()) {
    // `x IN t`: a table (or CTE) when no column or alias has that name.
    bool is_name = lambdas_.empty() && id->parts.size() == 1 && scope_.aliases.count(id->parts[0]) == 0 &&
                   scope_.columns_by_name.count(id->parts[0]) == 0;
    if (is_name || id->parts.size() == 2) {
      if (auto schema = findTableSchema(run_, scope_, id->parts)) {
        types::TypePtr element = schema->empty() ? nullptr : (*schema)[0].type;
        auto r = set_node(&rhs, element ? element : types::makeType(TypeKind::Nothing));
        std::const_pointer_cast<ResolvedExpr>(r)->set_table = id->parts;
        run_.record(rhs, r);
        return r;
      }
      bool found = false;
      if (is_name) lookupLocal(*id, found, false);
      if (!found) {
        // Neither a column nor a known table: `x IN t` names a table (often a Set table).
        std::string name = id->parts.size() == 2 ? id->parts[0] + "." + id->parts[1] : id->parts[0];
        std::vector<std::string> known = run_.tables ? run_.tables->tableNames() : std::vector<std::string>{};
        for (const QueryScope* s = &scope_; s != nullptr; s = s->parent) {
          for (const auto& [cte, item] : s->ctes) known.push_back(cte);
          auto names = s->namesInScope();
          known.insert(known.end(), names.begin(), names.end());
        }
        run_.sink.report(DiagId::SEM_UNKNOWN_TABLE, rhs.span, "unknown table or column `" + name + "` after IN",
                         didYouMean(closestNames(name, known)));
        return unknown(&rhs);
      }
    }
  }
  // A constant right side becomes a set before `in` is typed, so its NULLs do not make the
  // result Nullable (`1 IN (NULL)` is UInt8); a right side that depends on the row stays a value.
  auto value = type(rhs);
  if (!value || !value->type || dependsOnRow(*value)) return value;
  auto set = std::const_pointer_cast<ResolvedExpr>(set_node(&rhs, value->type));
  // Equal constant sets are the same expression (`GROUP BY x IN (1, 2)` matches the SELECT).
  set->hash = hashCombine(hashString("set"), value->hash);
  set->set_value = value;
  return set;
}

ResolvedPtr ExpressionTyper::typeBetween(const sql::BetweenExpr& e) {
  if (!e.expr || !e.low || !e.high) return unknown(&e);
  auto value = type(*e.expr);
  auto low = type(*e.low);
  auto high = type(*e.high);
  if (e.negated) {
    auto below = call("less", {value, low}, e);
    auto above = call("greater", {value, high}, e);
    return call("or", {below, above}, e);
  }
  auto from = call("greaterOrEquals", {value, low}, e);
  auto to = call("lessOrEquals", {value, high}, e);
  return call("and", {from, to}, e);
}

ResolvedPtr ExpressionTyper::typeIsNull(const sql::IsNullExpr& e) {
  if (!e.expr) return unknown(&e);
  return call(e.negated ? "isNotNull" : "isNull", {type(*e.expr)}, e);
}

ResolvedPtr ExpressionTyper::typeTernary(const sql::TernaryExpr& e) {
  if (!e.cond || !e.then_expr || !e.else_expr) return unknown(&e);
  auto c = type(*e.cond);
  auto t = type(*e.then_expr);
  auto f = type(*e.else_expr);
  return call("if", {c, t, f}, e);
}

ResolvedPtr ExpressionTyper::typeCase(const sql::CaseExpr& e) {
  std::vector<ResolvedPtr> args;
  if (e.operand) args.push_back(type(*e.operand));
  for (const auto& branch : e.branches) {
    args.push_back(branch.when ? type(*branch.when) : unknown(&e));
    args.push_back(branch.then ? type(*branch.then) : unknown(&e));
  }
  if (e.else_expr) {
    args.push_back(type(*e.else_expr));
  } else {
    types::ConstantValue null;
    null.kind = types::ConstantValue::Kind::Null;
    args.push_back(constant(types::makeNullable(types::makeType(TypeKind::Nothing)), null, &e));
  }
  return call(e.operand ? "caseWithExpression" : "multiIf", std::move(args), e);
}

ResolvedPtr ExpressionTyper::typeInterval(const sql::IntervalExpr& e) {
  if (!e.value) return unknown(&e);
  if (e.unit) return call(intervalFunctionName(*e.unit), {type(*e.value)}, e);
  // `INTERVAL '2 hours'`: the string holds amount and unit; several pairs make a tuple.
  const auto* text = e.value->tryAs<sql::Literal>();
  auto parts = text && text->literal_kind == sql::LiteralKind::String ? parseIntervalString(text->value)
                                                                     : decltype(parseIntervalString("")){};
  if (parts.empty()) {
    run_.sink.report(DiagId::SEM_BAD_ARGUMENTS, e.value->span,
                     "INTERVAL without a unit needs a string like '1 day'");
    return unknown(&e);
  }
  std::vector<ResolvedPtr> intervals;
  for (const auto& [amount, unit] : parts) {
    sql::Literal number;
    number.literal_kind = sql::LiteralKind::Integer;
    number.value = amount;
    TypedConstant c = analyze::typeLiteral(number);
    auto arg = constant(c.type, c.value, e.value.get());
    intervals.push_back(call(intervalFunctionName(unit), {arg}, e));
  }
  if (intervals.size() == 1) return intervals[0];
  return call("tuple", std::move(intervals), e);
}

ResolvedPtr ExpressionTyper::typeExtract(const sql::ExtractExpr& e) {
  if (!e.expr) return unknown(&e);
  return call(extractFunctionName(e.unit), {type(*e.expr)}, e);
}

ResolvedPtr ExpressionTyper::typeSubstring(const sql::SubstringExpr& e) {
  if (!e.expr || !e.from) return unknown(&e);
  std::vector<ResolvedPtr> args{type(*e.expr), type(*e.from)};
  if (e.length) args.push_back(type(*e.length));
  return call("substring", std::move(args), e);
}

ResolvedPtr ExpressionTyper::typeTrim(const sql::TrimExpr& e) {
  if (!e.expr) return unknown(&e);
  std::vector<ResolvedPtr> args{type(*e.expr)};
  if (e.chars) args.push_back(type(*e.chars));
  return call(trimFunctionName(e.side), std::move(args), e);
}

ResolvedPtr ExpressionTyper::typePosition(const sql::PositionExpr& e) {
  if (!e.needle || !e.haystack) return unknown(&e);
  auto needle = type(*e.needle);
  auto haystack = type(*e.haystack);
  return call("position", {haystack, needle}, e);
}

ResolvedPtr ExpressionTyper::typeSubscript(const sql::SubscriptExpr& e) {
  if (!e.base || !e.index) return unknown(&e);
  auto base = type(*e.base);
  auto index = type(*e.index);
  return call("arrayElement", {base, index}, e);
}

ResolvedPtr ExpressionTyper::typeTupleElement(const sql::TupleElementExpr& e) {
  if (!e.base) return unknown(&e);
  auto base = type(*e.base);
  if (!e.by_index) return subcolumn(base, {e.element}, 0, e);
  sql::Literal index;
  index.literal_kind = sql::LiteralKind::Integer;
  index.value = e.element;
  TypedConstant c = analyze::typeLiteral(index);
  return call("tupleElement", {base, constant(c.type, c.value, &e)}, e);
}

ResolvedPtr ExpressionTyper::stringConstant(std::string value, const sql::Node* at) {
  return constant(types::makeType(TypeKind::String), stringValue(std::move(value)), at);
}

}  // namespace ferry::analyze
