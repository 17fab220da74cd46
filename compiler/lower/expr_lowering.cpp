/// Resolved expressions -> physical expressions. Names of functions are the analyzer's (which
/// are ClickHouse's: operators already mapped to `plus`, `equals`, `and` ...), types are the
/// analyzer's, columns are positions in the current stage's input.
#include <algorithm>

#include "compiler/analyze/expression_typer.h"
#include "compiler/lower/lowering.h"
#include "compiler/lower/query_lowering.h"
#include "compiler/types/data_type.h"
#include "runtime/exec/executor.h"

namespace ferry::lower {

namespace {

using analyze::ResolvedExpr;
using analyze::ResolvedKind;
using analyze::ResolvedPtr;
using K = types::TypeKind;

bool isComparison(std::string_view name) {
  return name == "equals" || name == "notEquals" || name == "less" || name == "greater" ||
         name == "lessOrEquals" || name == "greaterOrEquals";
}

/// Types a string constant is converted to when compared with them (ClickHouse parses the
/// string as a value of the other side's type).
bool convertsStrings(const types::TypePtr& type) {
  if (!type) return false;
  auto t = types::removeNullableAndLowCardinality(type);
  switch (t->kind) {
    case K::Date: case K::Date32: case K::DateTime: case K::DateTime64: case K::UUID: case K::IPv4:
    case K::IPv6: case K::Enum8: case K::Enum16:
      return true;
    default:
      return false;
  }
}

bool isStringConstant(const ResolvedExpr& r) {
  return r.kind == ResolvedKind::Constant && r.constant && r.constant->kind == types::ConstantValue::Kind::String &&
         r.type && r.type->kind == K::String;
}

std::string displayName(const ResolvedExpr& r) {
  return r.column_name.empty() ? std::string("?") : r.column_name;
}

}  // namespace

rt::ExprPtr QueryLowerer::expr(const ResolvedPtr& r, const Frame& frame) {
  if (!r) unsupported("an expression the analyzer could not type");
  if (r->kind != ResolvedKind::Constant && !frame.computed.empty()) {
    if (auto it = frame.computed.find(r->hash); it != frame.computed.end()) {
      return makeInput(it->second, frame.plan->output[it->second].type);
    }
  }
  switch (r->kind) {
    case ResolvedKind::Constant:
      if (!r->constant) unsupported("a query parameter `{name:Type}` (bind it first)", r->ast);
      return lowerConstant(*r->constant, r->type, r->ast);
    case ResolvedKind::Column: {
      if (r->origin == ResolvedExpr::Origin::Virtual) unsupported("the virtual column `" + displayName(*r) + "`", r->ast);
      ColumnKey key{r->origin, r->origin_id, r->origin == ResolvedExpr::Origin::Source ? r->column_index : 0};
      auto it = frame.columns.find(key);
      if (it == frame.columns.end()) {
        if (frame.aggregated)
          unsupported("the column `" + displayName(*r) + "` outside an aggregate of a GROUP BY query", r->ast);
        unsupported("the column `" + displayName(*r) + "` of an enclosing query (a correlated subquery)", r->ast);
      }
      return it->second;
    }
    case ResolvedKind::Function:
      if (r->constant && r->constant->kind != types::ConstantValue::Kind::Unknown && !r->has_column)
        return lowerConstant(*r->constant, r->type, r->ast);
      return call(*r, frame);
    case ResolvedKind::Aggregate:
      unsupported("the aggregate function `" + r->function + "` here", r->ast);
    case ResolvedKind::Window:
      unsupported("the window function `" + r->function + "` here", r->ast);
    case ResolvedKind::Lambda:
      return lambda(*r, frame);
    case ResolvedKind::LambdaParam: {
      if (lambda_depth_ == 0 || r->lambda_depth + 1 != lambda_depth_)
        unsupported("a lambda reading a parameter of an enclosing lambda", r->ast);
      auto e = std::make_shared<rt::Expr>();
      e->kind = rt::ExprKind::LambdaParam;
      e->input = r->lambda_index;
      e->type = requireType(r->type, r->ast);
      return e;
    }
    case ResolvedKind::Subquery:
      return subquery(*r, frame);
    case ResolvedKind::Unknown:
      break;
  }
  unsupported("an expression the analyzer could not type", r->ast);
}

rt::ExprPtr QueryLowerer::lambda(const ResolvedExpr& r, const Frame& frame) {
  if (!r.type || r.type->kind != K::Function || r.args.empty()) unsupported("a lambda of unknown type", r.ast);
  auto e = std::make_shared<rt::Expr>();
  e->kind = rt::ExprKind::Lambda;
  e->type = nullptr;
  for (size_t i = 0; i + 1 < r.type->children.size(); ++i) e->lambda_params.push_back(requireType(r.type->children[i], r.ast));
  e->type = requireType(r.type->children.back(), r.ast);
  ++lambda_depth_;
  try {
    e->args.push_back(expr(r.args[0], frame));
  } catch (...) {
    --lambda_depth_;
    throw;
  }
  --lambda_depth_;
  return e;
}

rt::ExprPtr QueryLowerer::setOperand(const ResolvedExpr& r, const ResolvedPtr& lhs, const Frame& frame) {
  auto e = std::make_shared<rt::Expr>();
  e->kind = rt::ExprKind::SetSubquery;
  if (r.subquery) {
    auto lowered = lowerQuery(*r.subquery);
    e->subquery = lowered.plan;
  } else if (!r.set_table.empty()) {
    e->subquery = readTable(r.set_table, false, r.ast);
  } else if (r.set_value) {
    // A constant set: its elements, converted to the left side's type where ClickHouse converts
    // strings (a Date IN ('2026-01-01', ...)).
    const ResolvedExpr& v = *r.set_value;
    if (lhs && convertsStrings(lhs->type) && v.constant) {
      auto target = requireType(types::removeLowCardinality(lhs->type), r.ast);
      auto element = [&](const types::ConstantValue& c, const types::TypePtr& t) {
        auto lit = lowerConstant(c, t, r.ast);
        return c.kind == types::ConstantValue::Kind::String ? makeCast(lit, target) : lit;
      };
      if (v.constant->kind == types::ConstantValue::Kind::Tuple && v.type && v.type->kind == K::Tuple) {
        std::vector<rt::ExprPtr> items;
        std::vector<rt::ColumnTypePtr> item_types;
        for (size_t i = 0; i < v.constant->items.size() && i < v.type->children.size(); ++i) {
          items.push_back(element(v.constant->items[i], v.type->children[i]));
          item_types.push_back(items.back()->type);
        }
        auto tuple_type = std::make_shared<rt::ColumnType>();
        tuple_type->kind = rt::TypeKind::Tuple;
        tuple_type->children = item_types;
        std::string name = "Tuple(";
        for (size_t i = 0; i < item_types.size(); ++i) name += (i ? ", " : "") + rt::typeName(*item_types[i]);
        tuple_type->name = name + ")";
        return makeCall("tuple", std::move(items), tuple_type);
      }
      return element(*v.constant, v.type);
    }
    return expr(r.set_value, frame);
  } else {
    unsupported("the right side of IN", r.ast);
  }
  if (!e->subquery || e->subquery->output.empty()) unsupported("an IN subquery without columns", r.ast);
  e->type = e->subquery->output[0].type;
  return e;
}

rt::ExprPtr QueryLowerer::subquery(const ResolvedExpr& r, const Frame& frame) {
  if (r.type && r.type->kind == K::Set) return setOperand(r, nullptr, frame);
  if (!r.subquery) unsupported("a subquery", r.ast);
  auto lowered = lowerQuery(*r.subquery);
  rt::PlanPtr plan = lowered.plan;
  auto e = std::make_shared<rt::Expr>();
  e->kind = rt::ExprKind::ScalarSubquery;
  if (r.exists) {
    auto limit = makeNode(rt::PlanKind::Limit, {plan});
    limit->limit = 1;
    limit->output = plan->output;
    auto one = makeNode(rt::PlanKind::Project, {limit});
    auto u8 = lowerType(types::makeType(K::UInt8));
    one->exprs = {makeLiteral(u8, rt::Field{uint64_t{1}})};
    one->output = {{"exists", u8}};
    e->subquery = one;
    e->type = u8;
    return e;
  }
  e->type = requireType(r.type, r.ast);
  if (plan->output.size() > 1) {
    // Several columns: one tuple value.
    auto tuple = makeNode(rt::PlanKind::Project, {plan});
    std::vector<rt::ExprPtr> items;
    for (size_t i = 0; i < plan->output.size(); ++i) items.push_back(makeInput(i, plan->output[i].type));
    tuple->exprs = {makeCall("tuple", std::move(items), e->type)};
    tuple->output = {{"tuple", e->type}};
    plan = tuple;
  }
  e->subquery = plan;
  return e;
}

rt::ExprPtr QueryLowerer::call(const ResolvedExpr& r, const Frame& frame) {
  std::string name = r.call_name.empty() ? r.function : r.call_name;
  auto type = requireType(r.type, r.ast);
  if (name == "CAST") {
    if (r.args.empty()) unsupported("CAST without a value", r.ast);
    return makeCast(expr(r.args[0], frame), type);
  }
  if (name.rfind("getSubcolumn:", 0) == 0) {
    std::string sub = name.substr(13);
    if (r.args.size() == 1 && sub == "null" && r.args[0]->type && r.args[0]->type->kind == K::Nullable)
      return makeCall("isNull", {expr(r.args[0], frame)}, type);
    if (r.args.size() == 1 && sub == "size0") return makeCall("length", {expr(r.args[0], frame)}, type);
    unsupported("the subcolumn `." + sub + "`", r.ast);
  }
  if (name == "jsonPath" || name == "grouping" || name == "arrayJoin" || name == "lambda")
    unsupported("the function `" + name + "`", r.ast);
  if (name == "caseWithExpression") {
    // CASE x WHEN a THEN b ... ELSE e END runs as multiIf(x = a, b, ..., e), as ClickHouse runs it.
    if (r.args.size() < 3 || r.args.size() % 2 != 0) unsupported("a CASE without its ELSE value", r.ast);
    rt::ExprPtr value = expr(r.args[0], frame);
    std::vector<rt::ExprPtr> args;
    for (size_t i = 1; i + 1 < r.args.size(); i += 2) {
      bool nullable = (r.args[0]->type && types::isNullable(*r.args[0]->type)) ||
                      (r.args[i]->type && types::isNullable(*r.args[i]->type));
      auto u8 = types::makeType(K::UInt8);
      args.push_back(makeCall("equals", {value, expr(r.args[i], frame)}, lowerType(nullable ? types::makeNullable(u8) : u8)));
      args.push_back(expr(r.args[i + 1], frame));
    }
    args.push_back(expr(r.args.back(), frame));
    return makeCall("multiIf", std::move(args), type);
  }
  // Refused here, with the call's position, rather than failing when the plan runs.
  if (!rt::hasScalarFunction(name)) unsupported("the function `" + name + "` (the embedded runtime lacks it)", r.ast);
  std::vector<rt::ExprPtr> args;
  args.reserve(r.args.size());
  for (size_t i = 0; i < r.args.size(); ++i) {
    const ResolvedPtr& a = r.args[i];
    if (i == 1 && analyze::isInFunctionName(name) && a && a->kind == ResolvedKind::Subquery) {
      args.push_back(setOperand(*a, r.args[0], frame));
      continue;
    }
    args.push_back(expr(a, frame));
  }
  // A string constant compared with a date, UUID, IP or enum is that type's value: converted here,
  // so the runtime never guesses how to compare a String with a Date.
  if (isComparison(name) && r.args.size() == 2) {
    for (size_t i = 0; i < 2; ++i) {
      const ResolvedPtr& constant = r.args[i];
      const ResolvedPtr& other = r.args[1 - i];
      if (constant && other && isStringConstant(*constant) && convertsStrings(other->type)) {
        args[i] = makeCast(args[i], requireType(types::removeNullableAndLowCardinality(other->type), r.ast));
      }
    }
  }
  return makeCall(name, std::move(args), type);
}

}  // namespace ferry::lower
