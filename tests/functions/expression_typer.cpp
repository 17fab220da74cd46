#include "tests/functions/expression_typer.h"

#include <cmath>
#include <set>
#include <string>

#include "compiler/analyze/operator_names.h"
#include "compiler/base/diagnostic.h"
#include "compiler/functions/aggregate_typing.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/sqlparse/sql_parser.h"
#include "compiler/types/literal_text.h"
#include "compiler/types/type_parser.h"

namespace ferry::functions::test {
namespace {

using types::ConstantValue;
using types::TypeKind;
using types::TypePtr;

Typed fail(std::string code, std::string message) {
  Typed t;
  t.error_code = std::move(code);
  t.message = std::move(message);
  return t;
}

Typed unsupported(const sql::Expr& e) { return fail("UNSUPPORTED", std::string(e.kindName())); }

ConstantValue folded() {
  // A constant whose value this typer does not compute (a folded call): only constness matters.
  ConstantValue c;
  c.kind = ConstantValue::Kind::Tuple;
  c.text = "<folded>";
  return c;
}

/// Functions ClickHouse never folds into constants (random, per-row, or aggregate-like).
bool neverConstant(std::string_view name) {
  static const std::set<std::string, std::less<>> kNames = {
      "rand", "rand64", "randCanonical", "randConstant", "generateUUIDv4", "generateUUIDv7", "materialize",
      "arrayJoin", "rowNumberInBlock", "rowNumberInAllBlocks", "blockNumber", "ignore"};
  return kNames.count(name) > 0;
}

std::string intervalFunction(sql::IntervalUnit unit) {
  std::string name(sql::enumName(unit));
  return "toInterval" + name;
}

}  // namespace

Typed ExpressionTyper::literal(const sql::Literal& l) {
  Typed t;
  ConstantValue c;
  c.text = l.value;
  switch (l.literal_kind) {
    case sql::LiteralKind::Integer: {
      auto v = types::parseIntegerLiteral(l.value);
      if (!v) {
        t.type = types::makeType(TypeKind::Float64);
        c.kind = ConstantValue::Kind::Float;
        break;
      }
      if (v->negative) {
        uint64_t m = v->magnitude;
        t.type = types::makeType(m <= 128 ? TypeKind::Int8 : m <= 32768 ? TypeKind::Int16
                                 : m <= 2147483648ull ? TypeKind::Int32 : TypeKind::Int64);
        c.kind = ConstantValue::Kind::Int;
        c.int_value = -static_cast<int64_t>(m);
      } else {
        uint64_t m = v->magnitude;
        t.type = types::makeType(m <= 0xff ? TypeKind::UInt8 : m <= 0xffff ? TypeKind::UInt16
                                 : m <= 0xffffffffull ? TypeKind::UInt32 : TypeKind::UInt64);
        c.kind = ConstantValue::Kind::UInt;
        c.uint_value = m;
      }
      break;
    }
    case sql::LiteralKind::Float:
      t.type = types::makeType(TypeKind::Float64);
      c.kind = ConstantValue::Kind::Float;
      c.float_value = std::strtod(l.value.c_str(), nullptr);
      break;
    case sql::LiteralKind::String:
      t.type = types::makeType(TypeKind::String);
      c.kind = ConstantValue::Kind::String;
      c.string_value = l.value;
      break;
    case sql::LiteralKind::Null:
      t.type = types::makeNullable(types::makeType(TypeKind::Nothing));
      c.kind = ConstantValue::Kind::Null;
      break;
    case sql::LiteralKind::Bool:
      t.type = types::makeType(TypeKind::Bool);
      c.kind = ConstantValue::Kind::Bool;
      c.bool_value = l.value == "true";
      break;
  }
  t.constant = c;
  return t;
}

Typed ExpressionTyper::call(const std::string& name, const std::vector<const sql::Expr*>& args,
                            const std::vector<const sql::Expr*>& params) {
  std::vector<Argument> typed(args.size());
  std::vector<size_t> lambdas;
  bool all_constant = true;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i]->is<sql::Lambda>()) {
      lambdas.push_back(i);
      continue;
    }
    Typed t = type(*args[i]);
    if (!t.ok()) return t;
    typed[i].type = t.type;
    typed[i].constant = t.constant;
    all_constant &= t.constant.has_value();
  }
  for (size_t i : lambdas) {
    const auto& lambda = args[i]->as<sql::Lambda>();
    auto param_types = lambdaParameterTypes(name, i, lambda.params.size(), typed);
    if (!param_types || param_types->size() != lambda.params.size())
      return fail("BAD_ARGUMENTS", "no lambda expected at argument " + std::to_string(i + 1) + " of " + name);
    auto saved = lambda_scope_;
    for (size_t p = 0; p < lambda.params.size(); ++p) lambda_scope_[lambda.params[p]] = (*param_types)[p];
    Typed body = type(*lambda.body);
    lambda_scope_ = saved;
    if (!body.ok()) return body;
    typed[i].type = types::makeFunction(*param_types, body.type);
  }
  std::vector<ConstantValue> param_values;
  for (const sql::Expr* p : params) {
    Typed t = type(*p);
    if (!t.ok()) return t;
    if (!t.constant) return fail("BAD_ARGUMENTS", "aggregate parameters must be constants");
    param_values.push_back(*t.constant);
  }
  CallResult r = typeCall(name, typed, param_values);
  if (!r.ok()) return fail(r.error_code, r.message);
  Typed out;
  out.type = r.type;
  bool aggregate = findFunction(name) == nullptr || findFunction(name)->kind != FunctionKind::Scalar;
  if (all_constant && !aggregate && !neverConstant(name)) out.constant = folded();
  return out;
}

Typed ExpressionTyper::type(const sql::Expr& e) {
  using namespace sql;
  switch (e.kind()) {
    case NodeKind::Literal:
      return literal(e.as<Literal>());
    case NodeKind::TypedLiteral: {
      Typed t;
      t.type = types::makeType(e.as<TypedLiteral>().typed_kind == TypedLiteralKind::Date ? TypeKind::Date : TypeKind::DateTime);
      t.constant = folded();
      return t;
    }
    case NodeKind::AliasExpr:
      return type(*e.as<AliasExpr>().expr);
    case NodeKind::Identifier: {
      const auto& id = e.as<Identifier>();
      if (id.parts.size() == 1)
        if (auto it = lambda_scope_.find(id.parts[0]); it != lambda_scope_.end()) {
          Typed t;
          t.type = it->second;
          return t;
        }
      return fail("UNKNOWN_IDENTIFIER", "unknown identifier");
    }
    case NodeKind::CastExpr: {
      const auto& c = e.as<CastExpr>();
      Typed operand = type(*c.expr);
      if (!operand.ok()) return operand;
      std::string target;
      if (c.type) {
        auto parsed = types::typeFromSyntax(*c.type);
        if (!parsed.ok()) return fail(parsed.error_code, parsed.message);
        target = types::toString(parsed.type);
      } else {
        Typed t = type(*c.type_arg);
        if (!t.ok()) return t;
        if (!t.constant || t.constant->kind != ConstantValue::Kind::String)
          return fail("ILLEGAL_TYPE_OF_ARGUMENT", "CAST needs a constant string type");
        target = t.constant->string_value;
      }
      Argument type_arg;
      type_arg.type = types::makeType(TypeKind::String);
      ConstantValue name;
      name.kind = ConstantValue::Kind::String;
      name.string_value = target;
      type_arg.constant = name;
      Argument value{operand.type, operand.constant};
      std::vector<Argument> args{value, type_arg};
      CallResult r = typeCall("CAST", args);
      if (!r.ok()) return fail(r.error_code, r.message);
      Typed out;
      out.type = r.type;
      out.constant = operand.constant;  // CAST of a constant folds to a constant of the same value
      return out;
    }
    case NodeKind::FunctionCall: {
      const auto& f = e.as<FunctionCall>();
      if (f.over || !f.over_name.empty() || f.filter) return unsupported(e);
      std::vector<const Expr*> args, params;
      for (const auto& a : f.args) {
        if (a->is<Asterisk>()) continue;  // count(*)
        args.push_back(a.get());
      }
      for (const auto& p : f.parameters) params.push_back(p.get());
      std::string name = f.name;
      if (f.distinct) name += "Distinct";
      return call(name, args, params);
    }
    case NodeKind::BinaryExpr: {
      const auto& b = e.as<BinaryExpr>();
      return call(std::string(analyze::binaryFunctionName(b.op)), {b.lhs.get(), b.rhs.get()});
    }
    case NodeKind::UnaryExpr: {
      const auto& u = e.as<UnaryExpr>();
      return call(u.op == UnaryOp::Negate ? "negate" : "not", {u.operand.get()});
    }
    case NodeKind::IsNullExpr: {
      const auto& n = e.as<IsNullExpr>();
      return call(n.negated ? "isNotNull" : "isNull", {n.expr.get()});
    }
    case NodeKind::TernaryExpr: {
      const auto& t = e.as<TernaryExpr>();
      return call("if", {t.cond.get(), t.then_expr.get(), t.else_expr.get()});
    }
    case NodeKind::CaseExpr: {
      const auto& c = e.as<CaseExpr>();
      std::vector<const Expr*> args;
      if (c.operand) args.push_back(c.operand.get());
      for (const auto& b : c.branches) {
        args.push_back(b.when.get());
        args.push_back(b.then.get());
      }
      Literal null_literal;
      null_literal.literal_kind = LiteralKind::Null;
      null_literal.value = "NULL";
      args.push_back(c.else_expr ? c.else_expr.get() : &null_literal);
      return call(c.operand ? "caseWithExpression" : "multiIf", args);
    }
    case NodeKind::IntervalExpr: {
      const auto& i = e.as<IntervalExpr>();
      if (!i.unit) return unsupported(e);
      return call(intervalFunction(*i.unit), {i.value.get()});
    }
    case NodeKind::ArrayExpr: {
      std::vector<const Expr*> args;
      for (const auto& x : e.as<ArrayExpr>().elements) args.push_back(x.get());
      return call("array", args);
    }
    case NodeKind::TupleExpr: {
      std::vector<const Expr*> args;
      for (const auto& x : e.as<TupleExpr>().elements) args.push_back(x.get());
      return call("tuple", args);
    }
    case NodeKind::MapExpr: {
      std::vector<const Expr*> args;
      for (const auto& entry : e.as<MapExpr>().entries) {
        args.push_back(entry.key.get());
        args.push_back(entry.value.get());
      }
      return call("map", args);
    }
    case NodeKind::SubscriptExpr: {
      const auto& s = e.as<SubscriptExpr>();
      return call("arrayElement", {s.base.get(), s.index.get()});
    }
    case NodeKind::TupleElementExpr: {
      const auto& t = e.as<TupleElementExpr>();
      Typed base = type(*t.base);
      if (!base.ok()) return base;
      if (types::removeNullable(base.type)->kind == TypeKind::JSON) {
        Typed out;
        out.type = types::makeDynamic();
        return out;
      }
      Literal index;
      index.literal_kind = t.by_index ? LiteralKind::Integer : LiteralKind::String;
      index.value = t.element;
      return call("tupleElement", {t.base.get(), &index});
    }
    case NodeKind::BetweenExpr: {
      const auto& b = e.as<BetweenExpr>();
      Typed low = call(b.negated ? "less" : "greaterOrEquals", {b.expr.get(), b.low.get()});
      if (!low.ok()) return low;
      Typed high = call(b.negated ? "greater" : "lessOrEquals", {b.expr.get(), b.high.get()});
      if (!high.ok()) return high;
      std::vector<Argument> args{{low.type, low.constant}, {high.type, high.constant}};
      CallResult r = typeCall(b.negated ? "or" : "and", args);
      if (!r.ok()) return fail(r.error_code, r.message);
      Typed out;
      out.type = r.type;
      return out;
    }
    default:
      return unsupported(e);
  }
}

Typed typeExpression(std::string_view text) {
  DiagnosticSink sink;
  auto e = sql::parseExpression(text, SourceMap(0, 0), sink);
  if (!e) return fail("SYNTAX_ERROR", "does not parse");
  ExpressionTyper typer;
  return typer.type(*e);
}

}  // namespace ferry::functions::test
