#include "compiler/analyze/column_names.h"

#include <algorithm>

#include "compiler/analyze/literal_types.h"
#include "compiler/analyze/operator_names.h"
#include "compiler/analyze/query_analyzer.h"
#include "compiler/sql/printer.h"

namespace ferry::analyze {

namespace {

class Namer {
 public:
  explicit Namer(const NameHints* hints) : hints_(hints) {}

  std::string name(const sql::Expr& e) {
    if (hints_) {
      auto it = hints_->find(&e);
      if (it != hints_->end()) return it->second;
    }
    switch (e.kind()) {
      case sql::NodeKind::Literal: return literal(e.as<sql::Literal>(), false);
      case sql::NodeKind::TypedLiteral: {
        const auto& t = e.as<sql::TypedLiteral>();
        return std::string(t.typed_kind == sql::TypedLiteralKind::Date ? "toDate(" : "toDateTime(") +
               quoteStringForName(t.value) + ")";
      }
      case sql::NodeKind::Identifier: return joined(e.as<sql::Identifier>().parts);
      case sql::NodeKind::QueryParameter: return sql::printExpr(e);
      case sql::NodeKind::FunctionCall: return call(e.as<sql::FunctionCall>());
      case sql::NodeKind::Lambda: return lambdaName(e.as<sql::Lambda>(), {});
      case sql::NodeKind::UnaryExpr: {
        const auto& u = e.as<sql::UnaryExpr>();
        return fn(u.op == sql::UnaryOp::Negate ? "negate" : "not", {u.operand.get()});
      }
      case sql::NodeKind::BinaryExpr: {
        const auto& b = e.as<sql::BinaryExpr>();
        return fn(binaryFunctionName(b.op), flattenChain(b));
      }
      case sql::NodeKind::BetweenExpr: {
        const auto& b = e.as<sql::BetweenExpr>();
        std::string v = sub(b.expr.get()), lo = sub(b.low.get()), hi = sub(b.high.get());
        if (b.negated) return "or(less(" + v + ", " + lo + "), greater(" + v + ", " + hi + "))";
        return "and(greaterOrEquals(" + v + ", " + lo + "), lessOrEquals(" + v + ", " + hi + "))";
      }
      case sql::NodeKind::IsNullExpr: {
        const auto& n = e.as<sql::IsNullExpr>();
        return fn(n.negated ? "isNotNull" : "isNull", {n.expr.get()});
      }
      case sql::NodeKind::TernaryExpr: {
        const auto& t = e.as<sql::TernaryExpr>();
        return fn("if", {t.cond.get(), t.then_expr.get(), t.else_expr.get()});
      }
      case sql::NodeKind::CaseExpr: {
        const auto& c = e.as<sql::CaseExpr>();
        std::vector<std::string> args;
        if (c.operand) args.push_back(sub(c.operand.get()));
        for (const auto& branch : c.branches) {
          args.push_back(sub(branch.when.get()));
          args.push_back(sub(branch.then.get()));
        }
        args.push_back(c.else_expr ? sub(c.else_expr.get()) : "NULL");
        return list(c.operand ? "caseWithExpression(" : "multiIf(", args, ")");
      }
      case sql::NodeKind::CastExpr: return cast(e.as<sql::CastExpr>());
      case sql::NodeKind::IntervalExpr: return interval(e.as<sql::IntervalExpr>());
      case sql::NodeKind::ExtractExpr: {
        const auto& x = e.as<sql::ExtractExpr>();
        return fn(extractFunctionName(x.unit), {x.expr.get()});
      }
      case sql::NodeKind::SubstringExpr: {
        const auto& s = e.as<sql::SubstringExpr>();
        std::vector<const sql::Expr*> args{s.expr.get(), s.from.get()};
        if (s.length) args.push_back(s.length.get());
        return fn("substring", args);
      }
      case sql::NodeKind::TrimExpr: {
        const auto& t = e.as<sql::TrimExpr>();
        std::vector<const sql::Expr*> args{t.expr.get()};
        if (t.chars) args.push_back(t.chars.get());
        return fn(trimFunctionName(t.side), args);
      }
      case sql::NodeKind::PositionExpr: {
        const auto& p = e.as<sql::PositionExpr>();
        return fn("position", {p.haystack.get(), p.needle.get()});
      }
      case sql::NodeKind::ArrayExpr: return arrayName(e.as<sql::ArrayExpr>().elements);
      case sql::NodeKind::TupleExpr: return tupleName(e.as<sql::TupleExpr>().elements);
      case sql::NodeKind::MapExpr: {
        std::vector<std::string> args;
        for (const auto& entry : e.as<sql::MapExpr>().entries) {
          args.push_back(sub(entry.key.get()));
          args.push_back(sub(entry.value.get()));
        }
        return list("map(", args, ")");
      }
      case sql::NodeKind::SubscriptExpr: {
        const auto& s = e.as<sql::SubscriptExpr>();
        return fn("arrayElement", {s.base.get(), s.index.get()});
      }
      case sql::NodeKind::TupleElementExpr: {
        const auto& t = e.as<sql::TupleElementExpr>();
        std::string element = t.by_index ? t.element : quoteStringForName(t.element);
        return "tupleElement(" + sub(t.base.get()) + ", " + element + ")";
      }
      case sql::NodeKind::SubqueryExpr: return "_subquery";
      case sql::NodeKind::ExistsExpr: return "exists(_subquery)";
      case sql::NodeKind::AliasExpr: return e.as<sql::AliasExpr>().name;
      default: return sql::printExpr(e);
    }
  }

 private:
  std::string sub(const sql::Expr* e) { return e ? name(*e) : ""; }

  static std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + parts[i];
    return out;
  }

  static std::string list(std::string_view open, const std::vector<std::string>& items, std::string_view close) {
    std::string out(open);
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    out += close;
    return out;
  }

  std::string fn(std::string_view function, const std::vector<const sql::Expr*>& args) {
    std::vector<std::string> names;
    for (const sql::Expr* a : args) names.push_back(sub(a));
    return list(std::string(function) + "(", names, ")");
  }

  std::string literal(const sql::Literal& l, bool as_float) {
    TypedConstant c = typeLiteral(l);
    if (as_float && c.value.isInteger()) {
      double v = c.value.kind == types::ConstantValue::Kind::Int ? static_cast<double>(c.value.int_value)
                                                                : static_cast<double>(c.value.uint_value);
      return formatFloatForName(v);
    }
    return constantText(c.value);
  }

  /// `[1, 2.5]`: a literal array of numbers converts them to the common type, so the integers
  /// print as floats (`[1., 2.5]`).
  std::string arrayName(const sql::ExprList& elements) {
    bool numeric_literals = !elements.empty();
    bool any_float = false;
    for (const auto& el : elements) {
      const auto* l = el ? el->tryAs<sql::Literal>() : nullptr;
      if (!l || (l->literal_kind != sql::LiteralKind::Integer && l->literal_kind != sql::LiteralKind::Float)) {
        numeric_literals = false;
        break;
      }
      if (l->literal_kind == sql::LiteralKind::Float || typeLiteral(*l).value.kind == types::ConstantValue::Kind::Float)
        any_float = true;
    }
    std::vector<std::string> names;
    for (const auto& el : elements) {
      if (numeric_literals && any_float && !(hints_ && hints_->count(el.get()))) {
        names.push_back(literal(el->as<sql::Literal>(), true));
      } else {
        names.push_back(sub(el.get()));
      }
    }
    return list("[", names, "]");
  }

  std::string tupleName(const sql::ExprList& elements) {
    std::vector<std::string> names;
    for (const auto& el : elements) names.push_back(sub(el.get()));
    return list("(", names, ")");
  }

  std::string lambdaName(const sql::Lambda& l, const std::vector<std::string>& leading) {
    std::vector<std::string> params = leading;
    params.insert(params.end(), l.params.begin(), l.params.end());
    return list("lambda(tuple(", params, "), ") + (l.body ? name(*l.body) : "") + ")";
  }

  std::string dateCall(const sql::FunctionCall& f, const DateCallRewrite& r) {
    using Kind = DateCallRewrite::Kind;
    switch (r.kind) {
      case Kind::AddInterval: return fn("plus", {f.args[0].get(), f.args[1].get()});
      case Kind::SubInterval: return fn("minus", {f.args[0].get(), f.args[1].get()});
      case Kind::Diff: {
        std::vector<std::string> args{quoteStringForName(unitName(r.unit))};
        for (size_t i = 1; i < f.args.size(); ++i) args.push_back(sub(f.args[i].get()));
        return list("dateDiff(", args, ")");
      }
      default: {
        std::string interval = fn(intervalFunctionName(r.unit), {f.args[1].get()});
        return std::string(r.kind == Kind::Add ? "plus(" : "minus(") + sub(f.args[2].get()) + ", " + interval + ")";
      }
    }
  }

  std::string call(const sql::FunctionCall& f) {
    if (auto r = dateCallRewrite(f)) return dateCall(f, *r);
    bool window = f.over != nullptr || !f.over_name.empty();
    if (!f.has_parameters && !f.distinct && !f.filter && !window) {
      if (f.name == "tuple") return tupleName(f.args);
      if (f.name == "array") return arrayName(f.args);
    }
    std::string out = f.name;
    if (f.distinct) out += "Distinct";
    if (f.filter) out += "If";
    if (f.has_parameters) {
      std::vector<std::string> params;
      for (const auto& p : f.parameters) params.push_back(sub(p.get()));
      out += list("(", params, ")");
    }
    std::vector<std::string> args;
    CallArguments call_args = callArguments(f);
    bool first_lambda = true;
    size_t merged = call_args.leading_params.size();
    for (size_t k = 0; k < call_args.args.size(); ++k) {
      const sql::Expr* a = call_args.args[k];
      if (k + merged < f.args.size() && f.args[k + merged] && f.args[k + merged]->is<sql::AliasExpr>()) {
        args.push_back(f.args[k + merged]->as<sql::AliasExpr>().name);
        first_lambda = first_lambda && !(a && a->is<sql::Lambda>());
        continue;
      }
      if (a && a->is<sql::Asterisk>() && a->as<sql::Asterisk>().qualifier.empty() &&
          a->as<sql::Asterisk>().transformers.empty() && f.args.size() == 1) {
        continue;  // count(*) -> count()
      }
      if (a && a->is<sql::Lambda>() && !(hints_ && hints_->count(a))) {
        args.push_back(lambdaName(a->as<sql::Lambda>(), first_lambda ? call_args.leading_params
                                                                       : std::vector<std::string>{}));
        first_lambda = false;
        continue;
      }
      args.push_back(sub(a));
    }
    if (f.filter) args.push_back(sub(f.filter.get()));
    out += list("(", args, ")");
    if (!f.over_name.empty()) out += " OVER " + f.over_name;
    if (f.over) out += " OVER (" + windowSpec(*f.over) + ")";
    return out;
  }

  std::string windowSpec(const sql::WindowSpec& w) {
    std::vector<std::string> parts;
    if (!w.base.empty()) parts.push_back(w.base);
    if (!w.partition_by.empty()) {
      std::vector<std::string> keys;
      for (const auto& p : w.partition_by) keys.push_back(sub(p.get()));
      parts.push_back(list("PARTITION BY ", keys, ""));
    }
    if (!w.order_by.empty()) {
      std::vector<std::string> keys;
      for (const auto& o : w.order_by) {
        if (!o) continue;
        std::string k = sub(o->expr.get());
        k += o->direction == sql::SortDirection::Desc ? " DESC" : " ASC";
        if (o->nulls == sql::NullsOrder::First) k += " NULLS FIRST";
        if (o->nulls == sql::NullsOrder::Last) k += " NULLS LAST";
        keys.push_back(std::move(k));
      }
      parts.push_back(list("ORDER BY ", keys, ""));
    }
    if (w.frame) {
      const auto& fr = *w.frame;
      std::string units = fr.units == sql::FrameUnits::Rows    ? "ROWS"
                          : fr.units == sql::FrameUnits::Range ? "RANGE"
                                                               : "GROUPS";
      std::string text = units + " BETWEEN " + bound(fr.start) + " AND ";
      text += fr.between ? bound(fr.end) : "CURRENT ROW";
      parts.push_back(std::move(text));
    }
    return joinSpaces(parts);
  }

  static std::string joinSpaces(const std::vector<std::string>& parts) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? " " : "") + parts[i];
    return out;
  }

  std::string bound(const sql::FrameBound& b) {
    switch (b.bound) {
      case sql::FrameBoundKind::UnboundedPreceding: return "UNBOUNDED PRECEDING";
      case sql::FrameBoundKind::UnboundedFollowing: return "UNBOUNDED FOLLOWING";
      case sql::FrameBoundKind::CurrentRow: return "CURRENT ROW";
      case sql::FrameBoundKind::Preceding: return sub(b.offset.get()) + " PRECEDING";
      case sql::FrameBoundKind::Following: return sub(b.offset.get()) + " FOLLOWING";
    }
    return "";
  }

  std::string cast(const sql::CastExpr& c) {
    std::string operand;
    if (c.style == sql::CastStyle::DoubleColon && !c.operand_spelling.empty()) {
      operand = quoteStringForName(c.operand_spelling);
    } else {
      operand = sub(c.expr.get());
    }
    std::string target;
    if (c.style == sql::CastStyle::Comma) {
      target = sub(c.type_arg.get());
    } else if (c.type) {
      target = quoteStringForName(sql::printType(*c.type));
    }
    return "CAST(" + operand + ", " + target + ")";
  }

  std::string interval(const sql::IntervalExpr& i) {
    if (i.unit) return fn(intervalFunctionName(*i.unit), {i.value.get()});
    const auto* text = i.value ? i.value->tryAs<sql::Literal>() : nullptr;
    if (text && text->literal_kind == sql::LiteralKind::String) {
      auto parts = parseIntervalString(text->value);
      std::vector<std::string> calls;
      for (const auto& [amount, unit] : parts) {
        sql::Literal number;
        number.value = amount;
        calls.push_back(std::string(intervalFunctionName(unit)) + "(" + literal(number, false) + ")");
      }
      if (calls.size() == 1) return calls[0];
      if (!calls.empty()) return list("(", calls, ")");
    }
    return "INTERVAL " + sub(i.value.get());
  }

  const NameHints* hints_;
};

}  // namespace

std::string projectionName(const sql::Expr& e, const NameHints* hints) {
  return Namer(hints).name(e);
}

std::string columnName(const sql::Expr& expr) { return projectionName(expr, nullptr); }

}  // namespace ferry::analyze
