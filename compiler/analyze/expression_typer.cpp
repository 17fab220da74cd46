#include "compiler/analyze/expression_typer.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "compiler/analyze/constant_folding.h"
#include "compiler/analyze/literal_types.h"
#include "compiler/analyze/operator_names.h"
#include "compiler/analyze/select_analyzer.h"
#include "compiler/functions/aggregate_typing.h"
#include "compiler/functions/call_typing.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/sql/printer.h"
#include "compiler/types/type_parser.h"

namespace ferry::analyze {

namespace {

using types::TypeKind;

constexpr int kMaxDepth = 1500;

/// Functions whose first argument names a dictionary or a Join table; written as a bare name,
/// ClickHouse takes the name itself.
bool takesObjectName(std::string_view name) {
  for (std::string_view prefix : {"dictGet", "dictHas", "dictIsIn", "joinGet"}) {
    if (name.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// RAII depth counter for recursion over hostile input.
struct DepthGuard {
  explicit DepthGuard(int& d) : depth(d) { ++depth; }
  ~DepthGuard() { --depth; }
  bool tooDeep() const { return depth > kMaxDepth; }
  int& depth;
};

/// A comparison of a column with a string constant converts the constant to the column's type
/// while the query is analyzed (`a = 'x'` with a numeric `a` fails with TYPE_MISMATCH).
std::optional<std::string> comparisonConstantProblem(std::string_view name, const std::vector<ResolvedPtr>& args) {
  static constexpr std::string_view kComparisons[] = {"equals", "notEquals", "less", "greater", "lessOrEquals",
                                                      "greaterOrEquals"};
  if (args.size() != 2 || std::find(std::begin(kComparisons), std::end(kComparisons), name) == std::end(kComparisons))
    return std::nullopt;
  for (int side = 0; side < 2; ++side) {
    const auto& value = args[static_cast<size_t>(side)];
    const auto& other = args[static_cast<size_t>(1 - side)];
    if (!value->constant || value->constant->kind != types::ConstantValue::Kind::String) continue;
    types::TypePtr target = types::removeNullable(types::removeLowCardinality(other->type));
    if (!target || types::isStringLike(target->kind)) continue;
    if (auto problem = constantCastProblem(value, *target)) return problem;
  }
  return std::nullopt;
}

/// toUInt8 ... toInt256 and accurateCast*: the conversions that check a DateTime64's range.
/// A constant whose value is not computed (ConstantValue::Kind::Unknown).
std::shared_ptr<const types::ConstantValue> unknownConstant() {
  static const auto unknown = [] {
    auto c = std::make_shared<types::ConstantValue>();
    c->kind = types::ConstantValue::Kind::Unknown;
    return c;
  }();
  return unknown;
}

/// `toUUID('...')`, `toDate32(CAST(...))`: a type conversion (`to<Type>`, `accurateCast*`) of
/// constants is itself a constant that ClickHouse folds, even where Ferry does not compute it.
bool isConversionOfConstants(std::string_view name, const std::vector<ResolvedPtr>& args) {
  bool conversion = name.starts_with("accurateCast") ||
                    (name.size() > 2 && name.starts_with("to") && std::isupper(static_cast<unsigned char>(name[2])) &&
                     !name.starts_with("toStartOf") && !name.starts_with("toRelative"));
  if (!conversion || args.empty()) return false;
  for (const auto& a : args)
    if (!a || !a->constant) return false;
  return true;
}

bool isIntegerConversion(std::string_view name) {
  if (name.starts_with("accurateCast")) return true;
  if (!name.starts_with("to")) return false;
  std::string_view rest = name.substr(2);
  if (rest.starts_with("U")) rest.remove_prefix(1);
  if (!rest.starts_with("Int")) return false;
  rest.remove_prefix(3);
  return rest == "8" || rest == "16" || rest == "32" || rest == "64" || rest == "128" || rest == "256";
}

/// `toUInt8('abcd')`, `toDate('x')`: a conversion of a constant string is done while the query
/// is analyzed, and fails there when the string does not parse.
std::optional<std::string> conversionConstantProblem(std::string_view name, const std::vector<ResolvedPtr>& args,
                                                     const types::TypePtr& result) {
  if (args.empty()) return std::nullopt;
  for (std::string_view tolerant : {"OrNull", "OrZero", "OrDefault"}) {
    if (name.find(tolerant) != std::string_view::npos) return std::nullopt;
  }
  const auto& value = args[0];
  if (!value->constant || value->constant->kind != types::ConstantValue::Kind::String) return std::nullopt;
  if (name.find("BestEffort") != std::string_view::npos) {
    // Best-effort parsing reads many spellings, but not text without a single digit.
    const std::string& s = value->constant->string_value;
    if (std::none_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return "cannot parse " + quoteStringForName(s) + " as a date and time";
    }
    return std::nullopt;
  }
  bool conversion = (name.size() > 2 && name.substr(0, 2) == "to") || name == "accurateCast";
  // A Nullable target takes NULL for what does not convert.
  if (!conversion || (result && result->kind == TypeKind::Nullable)) return std::nullopt;
  types::TypePtr target = types::removeNullableAndLowCardinality(result);
  if (!target || types::isStringLike(target->kind)) return std::nullopt;
  return constantCastProblem(value, *target);
}

/// CAST rejected for the types themselves (checked against chDB 26.7): into a Variant only from
/// one of its members (or a string to parse); a UUID only into a 128-bit integer; no array,
/// tuple or map into a scalar, nor a scalar into an array. Strings parse into anything.
bool castImpossible(const types::TypePtr& from, const types::DataType& to) {
  if (!from) return false;
  types::TypePtr base = types::removeNullableAndLowCardinality(from);
  if (types::isStringLike(base->kind) || base->kind == TypeKind::Nothing) return false;
  const types::DataType* target = &to;
  if (target->kind == TypeKind::Nullable || target->kind == TypeKind::LowCardinality) target = target->child().get();
  if (target->kind == TypeKind::LowCardinality || target->kind == TypeKind::Nullable) target = target->child().get();
  if (target->kind == TypeKind::Variant) {
    if (base->kind == TypeKind::Variant) return false;
    return std::none_of(target->children.begin(), target->children.end(),
                        [&](const types::TypePtr& member) { return types::equals(*member, *base); });
  }
  bool composite = base->kind == TypeKind::Array || base->kind == TypeKind::Tuple || base->kind == TypeKind::Map;
  bool scalar_target = types::isNumber(target->kind) || types::isDateOrDateTime(target->kind) ||
                       target->kind == TypeKind::Bool;
  if (composite && scalar_target) return true;
  if (target->kind == TypeKind::Array && !composite && base->kind != TypeKind::Dynamic &&
      base->kind != TypeKind::Variant && base->kind != TypeKind::JSON) {
    return true;
  }
  if (base->kind == TypeKind::UUID && types::isNumber(target->kind)) {
    return target->kind != TypeKind::UInt128 && target->kind != TypeKind::Int128;
  }
  return false;
}

}  // namespace

uint64_t hashCombine(uint64_t seed, uint64_t value) {
  seed ^= value + 0x9e3779b97f4a7c15ULL + (seed << 12) + (seed >> 4);
  return seed * 0xff51afd7ed558ccdULL;
}

uint64_t hashString(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

ResolvedPtr makeCallNode(ResolvedKind kind, std::string function, types::TypePtr type,
                         std::vector<ResolvedPtr> args, const sql::Node* at) {
  auto node = std::make_shared<ResolvedExpr>();
  node->kind = kind;
  node->type = std::move(type);
  node->ast = at;
  uint64_t h = hashCombine(hashString(function), static_cast<uint64_t>(kind));
  for (const auto& a : args) {
    h = hashCombine(h, a ? a->hash : 0);
    if (!a) continue;
    node->has_aggregate |= a->has_aggregate || a->kind == ResolvedKind::Aggregate;
    node->has_window |= a->has_window || a->kind == ResolvedKind::Window;
    node->has_column |= a->has_column;
  }
  node->hash = h;
  node->function = std::move(function);
  node->args = std::move(args);
  return node;
}

ResolvedPtr ExpressionTyper::unknown(const sql::Node* at) {
  auto node = std::make_shared<ResolvedExpr>();
  node->kind = ResolvedKind::Unknown;
  node->ast = at;
  node->hash = hashCombine(hashString("?"), reinterpret_cast<uintptr_t>(at));
  return node;
}

ResolvedPtr ExpressionTyper::constant(types::TypePtr type, types::ConstantValue value, const sql::Node* at) {
  auto node = std::make_shared<ResolvedExpr>();
  node->kind = ResolvedKind::Constant;
  if (value.text.empty()) value.text = constantText(value);
  node->hash = hashCombine(hashString(types::toString(type)), hashString(value.text));
  node->type = std::move(type);
  node->constant = std::make_shared<types::ConstantValue>(std::move(value));
  node->ast = at;
  return node;
}

ResolvedPtr ExpressionTyper::type(const sql::Expr& e) {
  DepthGuard guard(run_.depth);
  if (guard.tooDeep()) {
    if (!run_.reported_too_deep) {
      run_.reported_too_deep = true;
      run_.sink.report(DiagId::SEM_TOO_DEEPLY_NESTED, e.span,
                       "this expression nests too deeply (through aliases or subqueries) to be analyzed");
    }
    return unknown(&e);
  }
  ResolvedPtr r = typeUncached(e);
  if (!r) r = unknown(&e);
  run_.record(e, r);
  return r;
}

ResolvedPtr ExpressionTyper::typeUncached(const sql::Expr& e) {
  using sql::NodeKind;
  switch (e.kind()) {
    case NodeKind::Literal: return typeLiteral(e.as<sql::Literal>());
    case NodeKind::TypedLiteral: return typeTypedLiteral(e.as<sql::TypedLiteral>());
    case NodeKind::Identifier: return typeIdentifier(e.as<sql::Identifier>());
    case NodeKind::QueryParameter: return typeQueryParameter(e.as<sql::QueryParameter>());
    case NodeKind::FunctionCall: return typeFunctionCall(e.as<sql::FunctionCall>());
    case NodeKind::Lambda:
      run_.sink.report(DiagId::SEM_BAD_LAMBDA, e.span,
                       "a lambda is allowed only as an argument of a higher-order function");
      return unknown(&e);
    case NodeKind::UnaryExpr: return typeUnary(e.as<sql::UnaryExpr>());
    case NodeKind::BinaryExpr: return typeBinary(e.as<sql::BinaryExpr>());
    case NodeKind::BetweenExpr: return typeBetween(e.as<sql::BetweenExpr>());
    case NodeKind::IsNullExpr: return typeIsNull(e.as<sql::IsNullExpr>());
    case NodeKind::TernaryExpr: return typeTernary(e.as<sql::TernaryExpr>());
    case NodeKind::CaseExpr: return typeCase(e.as<sql::CaseExpr>());
    case NodeKind::CastExpr: return typeCast(e.as<sql::CastExpr>());
    case NodeKind::IntervalExpr: return typeInterval(e.as<sql::IntervalExpr>());
    case NodeKind::ExtractExpr: return typeExtract(e.as<sql::ExtractExpr>());
    case NodeKind::SubstringExpr: return typeSubstring(e.as<sql::SubstringExpr>());
    case NodeKind::TrimExpr: return typeTrim(e.as<sql::TrimExpr>());
    case NodeKind::PositionExpr: return typePosition(e.as<sql::PositionExpr>());
    case NodeKind::ArrayExpr: return typeArray(e.as<sql::ArrayExpr>());
    case NodeKind::TupleExpr: return typeTuple(e.as<sql::TupleExpr>());
    case NodeKind::MapExpr: return typeMap(e.as<sql::MapExpr>());
    case NodeKind::SubscriptExpr: return typeSubscript(e.as<sql::SubscriptExpr>());
    case NodeKind::TupleElementExpr: return typeTupleElement(e.as<sql::TupleElementExpr>());
    case NodeKind::JsonPathExpr: return typeJsonPath(e.as<sql::JsonPathExpr>());
    case NodeKind::Asterisk:
    case NodeKind::ColumnsMatcher: {
      // A matcher where one value is expected (`(*)`, `f(x, *)` is expanded by the caller):
      // ClickHouse packs several columns into a tuple; one column stands for itself.
      auto columns = expandMatcher(e);
      if (columns.size() == 1) return columns[0].expr;
      std::vector<ResolvedPtr> items;
      for (auto& c : columns) items.push_back(c.expr);
      return call("tuple", std::move(items), e);
    }
    case NodeKind::SubqueryExpr: return typeSubquery(e.as<sql::SubqueryExpr>());
    case NodeKind::ExistsExpr: return typeExists(e.as<sql::ExistsExpr>());
    case NodeKind::AliasExpr: return typeAlias(e.as<sql::AliasExpr>());
    default: break;
  }
  run_.sink.report(DiagId::SEM_UNSUPPORTED, e.span,
                   "the analyzer cannot type a " + std::string(e.kindName()) + " here");
  return unknown(&e);
}

ResolvedPtr ExpressionTyper::typeLiteral(const sql::Literal& e) {
  TypedConstant c = analyze::typeLiteral(e);
  return constant(std::move(c.type), std::move(c.value), &e);
}

ResolvedPtr ExpressionTyper::typeTypedLiteral(const sql::TypedLiteral& e) {
  types::ConstantValue value;
  value.kind = types::ConstantValue::Kind::String;
  value.string_value = e.value;
  value.text = quoteStringForName(e.value);
  auto arg = constant(types::makeType(TypeKind::String), std::move(value), &e);
  return call(e.typed_kind == sql::TypedLiteralKind::Date ? "toDate" : "toDateTime", {arg}, e);
}

ResolvedPtr ExpressionTyper::typeQueryParameter(const sql::QueryParameter& e) {
  if (!e.type) return unknown(&e);
  // `{db:Identifier}` names something; its type is only known once bound.
  if (e.type->name == "Identifier") return unknown(&e);
  auto parsed = types::typeFromSyntax(*e.type);
  if (!parsed.ok()) {
    run_.sink.report(DiagId::SEM_BAD_CAST, e.type->span,
                     "unknown type `" + sql::printType(*e.type) + "`: " + parsed.message);
    return unknown(&e);
  }
  auto node = std::make_shared<ResolvedExpr>();
  node->kind = ResolvedKind::Constant;  // substituted before the query runs
  node->type = parsed.type;
  node->ast = &e;
  node->hash = hashCombine(hashString("{param}"), hashString(e.name));
  return node;
}

std::vector<ResolvedPtr> ExpressionTyper::typeArgs(const sql::ExprList& args) {
  std::vector<ResolvedPtr> out;
  out.reserve(args.size());
  for (const auto& a : args) {
    if (!a) {
      out.push_back(unknown(nullptr));
      continue;
    }
    if (isMatcher(*a)) {
      // `f(*)`, `f(COLUMNS('re'))`: the matched columns become arguments.
      for (auto& c : expandMatcher(*a)) out.push_back(c.expr);
      continue;
    }
    out.push_back(type(*a));
  }
  return out;
}

ResolvedPtr ExpressionTyper::call(std::string_view name, std::vector<ResolvedPtr> args,
                                  const sql::Node& at, std::span<const types::ConstantValue> params) {
  for (const auto& a : args) {
    if (!a || !a->type) return unknown(&at);
  }
  std::vector<functions::Argument> fargs;
  fargs.reserve(args.size());
  for (const auto& a : args) {
    functions::Argument arg;
    arg.type = a->type;
    if (a->constant) arg.constant = *a->constant;
    fargs.push_back(std::move(arg));
  }
  functions::CallResult result = functions::typeCall(name, fargs, params);
  if (!result.ok()) {
    reportCallError(name, result, at);
    return unknown(&at);
  }
  if (auto problem = conversionConstantProblem(name, args, result.type)) {
    run_.sink.report(DiagId::SEM_BAD_ARGUMENTS, at.span, *problem);
    return unknown(&at);
  }
  if (!args.empty() && isIntegerConversion(name) && result.type) {
    types::TypePtr target = types::removeNullableAndLowCardinality(result.type);
    if (auto problem = target ? dateTime64ConversionProblem(args[0], *target) : std::nullopt) {
      run_.sink.report(DiagId::SEM_BAD_ARGUMENTS, at.span, *problem);
      return unknown(&at);
    }
  }
  if (auto problem = comparisonConstantProblem(name, args)) {
    run_.sink.report(DiagId::SEM_BAD_ARGUMENTS, at.span, *problem);
    return unknown(&at);
  }
  bool aggregate = functions::isAggregateCallName(name) || functions::isWindowFunctionName(name);
  auto kind = aggregate ? ResolvedKind::Aggregate : ResolvedKind::Function;
  std::string key(name);
  if (!params.empty()) {
    key += "(";
    for (size_t i = 0; i < params.size(); ++i) key += (i ? ", " : "") + constantText(params[i]);
    key += ")";
  }
  auto node = makeCallNode(kind, key, result.type, std::move(args), &at);
  {
    auto mutable_node = std::const_pointer_cast<ResolvedExpr>(node);
    mutable_node->call_name = std::string(name);
    for (const auto& p : params) mutable_node->params.push_back(constantText(p));
  }
  if (aggregate) {
    checkNotNested(*node);
  } else if (auto folded = foldConstantCall(name, node->args, *node->type)) {
    auto mutable_node = std::const_pointer_cast<ResolvedExpr>(node);
    mutable_node->constant = std::make_shared<types::ConstantValue>(std::move(*folded));
  } else if (isConversionOfConstants(name, node->args)) {
    std::const_pointer_cast<ResolvedExpr>(node)->constant = unknownConstant();
  }
  return node;
}

void ExpressionTyper::reportCallError(std::string_view name, const functions::CallResult& result,
                                      const sql::Node& at) {
  const std::string& code = result.error_code;
  std::string message = result.message.empty() ? code : result.message;
  if (code == "UNKNOWN_FUNCTION" || code == "UNKNOWN_AGGREGATE_FUNCTION") {
    run_.sink.report(DiagId::SEM_UNKNOWN_FUNCTION, at.span,
                     "unknown function `" + std::string(name) + "`",
                     didYouMean(functions::suggestFunctionNames(name)));
    return;
  }
  if (code == "NUMBER_OF_ARGUMENTS_DOESNT_MATCH" || code == "TOO_FEW_ARGUMENTS_FOR_FUNCTION" ||
      code == "TOO_MANY_ARGUMENTS_FOR_FUNCTION") {
    run_.sink.report(DiagId::SEM_WRONG_ARITY, at.span, message);
    return;
  }
  if (code == "ILLEGAL_AGGREGATION") {
    run_.sink.report(DiagId::SEM_NESTED_AGGREGATE, at.span, message);
    return;
  }
  run_.sink.report(DiagId::SEM_BAD_ARGUMENTS, at.span, message);
}

void ExpressionTyper::checkNotNested(const ResolvedExpr& aggregate) {
  for (const auto& a : aggregate.args) {
    if (!a || !(a->has_aggregate || a->has_window || a->kind == ResolvedKind::Aggregate ||
                a->kind == ResolvedKind::Window)) {
      continue;
    }
    const ResolvedExpr* inner = findNode(*a, [](const ResolvedExpr& n) {
      return n.kind == ResolvedKind::Aggregate || n.kind == ResolvedKind::Window;
    });
    if (!inner) continue;
    Span span = inner->ast ? inner->ast->span : (aggregate.ast ? aggregate.ast->span : Span{});
    if (inner->kind == ResolvedKind::Window) {
      run_.sink.report(DiagId::SEM_WINDOW_MISUSE, span,
                       "a window function cannot be used inside the aggregate function `" +
                           aggregate.function + "`");
    } else {
      run_.sink.report(DiagId::SEM_NESTED_AGGREGATE, span,
                       "aggregate function `" + inner->function +
                           "` is used inside another aggregate function `" + aggregate.function + "`");
    }
    return;
  }
}

const ResolvedExpr* findNode(const ResolvedExpr& root,
                             const std::function<bool(const ResolvedExpr&)>& predicate) {
  if (predicate(root)) return &root;
  if (!(root.has_aggregate || root.has_window) && root.kind != ResolvedKind::Lambda) {
    // Only aggregate/window searches are asked for; a subtree without them cannot match.
    return nullptr;
  }
  for (const auto& a : root.args) {
    if (!a) continue;
    if (const ResolvedExpr* found = findNode(*a, predicate)) return found;
  }
  return nullptr;
}

ResolvedPtr ExpressionTyper::typeFunctionCall(const sql::FunctionCall& e) {
  std::string name = e.name;
  bool window = e.over != nullptr || !e.over_name.empty();

  // CAST spelled as a call (`_CAST(x, 'T')`, `cast(x, 'T')`).
  if ((equalsIgnoreCase(name, "CAST") || name == "_CAST") && e.args.size() == 2 && !window) {
    auto value = type(*e.args[0]);
    auto target = type(*e.args[1]);
    return castTo(value, target, e);
  }

  if (auto rewrite = dateCallRewrite(e)) return typeDateCall(e, *rewrite);
  if (equalsIgnoreCase(name, "grouping") && !window) {
    // GROUPING(keys...): which keys a ROLLUP/CUBE/GROUPING SETS row aggregates over, as bits.
    std::vector<ResolvedPtr> keys = typeArgs(e.args);
    for (const auto& k : keys) {
      if (!k->type) return unknown(&e);
    }
    return makeCallNode(ResolvedKind::Function, "grouping", types::makeType(TypeKind::UInt64), std::move(keys), &e);
  }

  // Parameters of a parametric aggregate must be constants.
  std::vector<types::ConstantValue> params;
  for (const auto& p : e.parameters) {
    if (!p) continue;
    auto r = type(*p);
    if (!r->type) return unknown(&e);
    if (!r->constant) {
      run_.sink.report(DiagId::SEM_BAD_ARGUMENTS, p->span,
                       "parameters of `" + name + "` must be constants");
      return unknown(&e);
    }
    params.push_back(*r->constant);
  }

  // `count(*)`: the star means "no argument".
  CallArguments call_args = callArguments(e);
  std::vector<const sql::Expr*> arg_exprs;
  for (const sql::Expr* a : call_args.args) {
    if (a && a->is<sql::Asterisk>() && equalsIgnoreCase(name, "count") &&
        a->as<sql::Asterisk>().qualifier.empty() && a->as<sql::Asterisk>().transformers.empty()) {
      continue;
    }
    arg_exprs.push_back(a);
  }

  bool has_lambda = std::any_of(arg_exprs.begin(), arg_exprs.end(),
                                [](const sql::Expr* a) { return a && a->is<sql::Lambda>(); });

  // The call name the typing sees: DISTINCT and FILTER are combinators.
  std::string typed_name = name;
  if (e.distinct) typed_name += "Distinct";
  if (e.filter) typed_name += "If";

  if (has_lambda && !e.distinct && !e.filter && !window) {
    return typeLambdaCall(e, typed_name, arg_exprs, call_args.leading_params);
  }

  std::vector<ResolvedPtr> args;
  args.reserve(arg_exprs.size() + 1);
  for (const sql::Expr* a : arg_exprs) {
    if (!a) {
      args.push_back(unknown(&e));
    } else if (isMatcher(*a)) {
      for (auto& c : expandMatcher(*a)) args.push_back(c.expr);
    } else if ((a->is<sql::SubqueryExpr>() || a->is<sql::Identifier>()) && isInFunctionName(name) &&
               args.size() == 1) {
      args.push_back(typeInRightSide(*a));
    } else if (args.empty() && a->is<sql::Identifier>() && takesObjectName(name)) {
      // dictGet(dict, ...), joinGet(table, ...): a bare name is the object's name.
      const auto& parts = a->as<sql::Identifier>().parts;
      std::string text;
      for (size_t i = 0; i < parts.size(); ++i) text += (i ? "." : "") + parts[i];
      args.push_back(stringConstant(text, a));
    } else {
      args.push_back(type(*a));
    }
  }
  if (e.filter) args.push_back(type(*e.filter));

  // Without OVER, a window function (`rank()`) aggregates like an aggregate function.
  if (!window) return call(typed_name, std::move(args), e, params);

  // A window function: typed like the call, then the window's expressions are attached.
  size_t call_arg_count = args.size();
  std::vector<ResolvedPtr> window_parts;
  if (e.over) {
    typeWindowSpec(*e.over, window_parts);
  } else if (!scope_.windows.count(e.over_name)) {
    run_.sink.report(DiagId::SEM_UNKNOWN_WINDOW, e.span,
                     "window `" + e.over_name + "` is not defined in the WINDOW clause",
                     didYouMean(closestNames(e.over_name, scope_.windowNames())));
  } else {
    auto& named = scope_.windows[e.over_name];
    for (const auto& p : named.parts) window_parts.push_back(p);
  }
  bool any_unknown = std::any_of(args.begin(), args.end(), [](const auto& a) { return !a || !a->type; });
  if (any_unknown) return unknown(&e);
  std::vector<functions::Argument> fargs;
  for (const auto& a : args) {
    functions::Argument arg;
    arg.type = a->type;
    if (a->constant) arg.constant = *a->constant;
    fargs.push_back(std::move(arg));
  }
  auto result = functions::typeCall(typed_name, fargs, params);
  if (!result.ok()) {
    reportCallError(typed_name, result, e);
    return unknown(&e);
  }
  for (auto& p : window_parts) args.push_back(p);
  auto node = makeCallNode(ResolvedKind::Window, typed_name, result.type, std::move(args), &e);
  {
    auto mutable_node = std::const_pointer_cast<ResolvedExpr>(node);
    mutable_node->call_name = typed_name;
    for (const auto& p : params) mutable_node->params.push_back(constantText(p));
    mutable_node->call_args = static_cast<uint32_t>(call_arg_count);
  }
  // Window functions cannot nest; their arguments may hold aggregates (of a GROUP BY query).
  for (size_t i = 0; i < call_arg_count; ++i) {
    const auto& a = node->args[i];
    if (a && (a->has_window || a->kind == ResolvedKind::Window)) {
      run_.sink.report(DiagId::SEM_WINDOW_MISUSE, a->ast ? a->ast->span : e.span,
                       "a window function cannot be used inside another window function");
      break;
    }
  }
  return node;
}

void ExpressionTyper::typeWindowSpec(const sql::WindowSpec& spec, std::vector<ResolvedPtr>& out) {
  if (!spec.base.empty()) {
    auto it = scope_.windows.find(spec.base);
    if (it == scope_.windows.end()) {
      run_.sink.report(DiagId::SEM_UNKNOWN_WINDOW, spec.span,
                       "window `" + spec.base + "` is not defined in the WINDOW clause");
    } else {
      for (const auto& p : it->second.parts) out.push_back(p);
    }
  }
  for (const auto& p : spec.partition_by) {
    if (p) out.push_back(type(*p));
  }
  for (const auto& o : spec.order_by) {
    if (o && o->expr) out.push_back(type(*o->expr));
  }
  if (spec.frame) {
    for (const sql::FrameBound* b : {&spec.frame->start, &spec.frame->end}) {
      if (b->offset) type(*b->offset);
    }
  }
}

ResolvedPtr ExpressionTyper::typeDateCall(const sql::FunctionCall& e, const DateCallRewrite& rewrite) {
  using Kind = DateCallRewrite::Kind;
  if (rewrite.kind == Kind::AddInterval || rewrite.kind == Kind::SubInterval) {
    auto a = type(*e.args[0]);
    auto b = type(*e.args[1]);
    return call(rewrite.kind == Kind::AddInterval ? "plus" : "minus", {a, b}, e);
  }
  if (rewrite.kind == Kind::Diff) {
    std::vector<ResolvedPtr> args{stringConstant(unitName(rewrite.unit), e.args[0].get())};
    for (size_t i = 1; i < e.args.size(); ++i) args.push_back(e.args[i] ? type(*e.args[i]) : unknown(&e));
    return call("dateDiff", std::move(args), e);
  }
  if (!e.args[1] || !e.args[2]) return unknown(&e);
  auto amount = type(*e.args[1]);
  auto date = type(*e.args[2]);
  auto interval = call(intervalFunctionName(rewrite.unit), {amount}, e);
  return call(rewrite.kind == Kind::Add ? "plus" : "minus", {date, interval}, e);
}

std::optional<std::pair<size_t, ResolvedPtr>> ExpressionTyper::unpackTupleArray(
    std::string_view name, std::vector<const sql::Expr*>& arg_exprs, std::vector<ResolvedPtr>& args,
    std::vector<functions::Argument>& fargs, const std::vector<std::string>& leading_params) {
  // `arrayMap((x, y) -> ..., [(1, 2)])`: a lambda of N parameters over one array of N-tuples
  // takes the tuple elements as N arrays, when the function takes no such lambda as written.
  size_t lambda_at = arg_exprs.size();
  size_t array_at = arg_exprs.size();
  size_t arrays = 0;
  for (size_t i = 0; i < arg_exprs.size(); ++i) {
    if (!arg_exprs[i]) return std::nullopt;
    if (arg_exprs[i]->is<sql::Lambda>()) {
      if (lambda_at != arg_exprs.size()) return std::nullopt;
      lambda_at = i;
    } else if (args[i] && args[i]->type && args[i]->type->kind == TypeKind::Array) {
      ++arrays;
      array_at = i;
    }
  }
  if (lambda_at == arg_exprs.size() || arrays != 1) return std::nullopt;
  size_t params = arg_exprs[lambda_at]->as<sql::Lambda>().params.size() + leading_params.size();
  types::TypePtr element = args[array_at]->type->child();
  if (params < 2 || !element || element->kind != TypeKind::Tuple || element->children.size() != params) return std::nullopt;
  auto as_written = functions::lambdaParameterTypes(name, lambda_at, params, fargs);
  if (as_written && as_written->size() == params) return std::nullopt;
  std::vector<const sql::Expr*> new_exprs;
  std::vector<ResolvedPtr> new_args;
  std::vector<functions::Argument> new_fargs;
  for (size_t i = 0; i < arg_exprs.size(); ++i) {
    if (i != array_at) {
      new_exprs.push_back(arg_exprs[i]);
      new_args.push_back(args[i]);
      new_fargs.push_back(fargs[i]);
      continue;
    }
    const sql::Expr& at = *arg_exprs[i];
    for (size_t m = 0; m < params; ++m) {
      types::ConstantValue index;
      index.kind = types::ConstantValue::Kind::UInt;
      index.uint_value = m + 1;
      index.text = std::to_string(m + 1);
      // The array of the m-th elements, what `tupleElement(arr, m)` gives for an array of tuples.
      auto position = constant(types::makeType(TypeKind::UInt8), index, &at);
      auto part = makeCallNode(ResolvedKind::Function, "tupleElement", types::makeArray(element->children[m]),
                               {args[i], position}, &at);
      functions::Argument farg;
      farg.type = part->type;
      if (part->constant) farg.constant = *part->constant;
      new_exprs.push_back(&at);
      new_args.push_back(part);
      new_fargs.push_back(std::move(farg));
    }
  }
  size_t new_lambda_at = lambda_at < array_at ? lambda_at : lambda_at + params - 1;
  auto unpacked = functions::lambdaParameterTypes(name, new_lambda_at, params, new_fargs);
  if (!unpacked || unpacked->size() != params) return std::nullopt;
  std::pair<size_t, ResolvedPtr> original{array_at, args[array_at]};
  arg_exprs = std::move(new_exprs);
  args = std::move(new_args);
  fargs = std::move(new_fargs);
  return original;
}

ResolvedPtr ExpressionTyper::typeLambdaCall(const sql::FunctionCall& e, std::string_view name,
                                            std::vector<const sql::Expr*> arg_exprs,
                                            const std::vector<std::string>& leading_params) {
  bool first_lambda = true;
  size_t n = arg_exprs.size();
  std::vector<ResolvedPtr> args(n);
  std::vector<functions::Argument> fargs(n);
  bool any_unknown = false;
  for (size_t i = 0; i < n; ++i) {
    const sql::Expr* a = arg_exprs[i];
    if (!a || a->is<sql::Lambda>()) continue;
    args[i] = type(*a);
    fargs[i].type = args[i]->type;
    if (args[i]->constant) fargs[i].constant = *args[i]->constant;
    if (!args[i]->type) any_unknown = true;
  }
  std::optional<std::pair<size_t, ResolvedPtr>> unpacked;
  if (!any_unknown) unpacked = unpackTupleArray(name, arg_exprs, args, fargs, leading_params);
  n = arg_exprs.size();
  for (size_t i = 0; i < n; ++i) {
    const sql::Expr* a = arg_exprs[i];
    if (!a || !a->is<sql::Lambda>()) continue;
    const auto& lambda = a->as<sql::Lambda>();
    std::vector<std::string> param_names = lambda.params;
    if (first_lambda) param_names.insert(param_names.begin(), leading_params.begin(), leading_params.end());
    first_lambda = false;
    std::vector<types::TypePtr> param_types(param_names.size());
    bool usable = !any_unknown;
    if (usable) {
      auto expected = functions::lambdaParameterTypes(name, i, param_names.size(), fargs);
      if (!expected) {
        run_.sink.report(DiagId::SEM_BAD_LAMBDA, a->span,
                         "function `" + std::string(name) + "` does not take a lambda as argument " +
                             std::to_string(i + 1));
        usable = false;
      } else if (expected->size() != param_names.size()) {
        run_.sink.report(DiagId::SEM_BAD_LAMBDA, a->span,
                         "the lambda of `" + std::string(name) + "` must take " +
                             std::to_string(expected->size()) + " parameter(s), not " +
                             std::to_string(param_names.size()));
        usable = false;
      } else {
        param_types = *expected;
      }
    }
    LambdaFrame frame;
    for (size_t p = 0; p < param_names.size(); ++p) {
      auto param = std::make_shared<ResolvedExpr>();
      param->kind = ResolvedKind::LambdaParam;
      param->type = usable ? param_types[p] : nullptr;
      param->ast = a;
      param->hash = hashCombine(hashString("λ"), hashCombine(lambdas_.size(), p));
      param->lambda_index = static_cast<uint32_t>(p);
      param->lambda_depth = static_cast<uint32_t>(lambdas_.size());
      frame.names.push_back(param_names[p]);
      frame.params.push_back(std::move(param));
    }
    lambdas_.push_back(std::move(frame));
    ResolvedPtr body = lambda.body ? type(*lambda.body) : unknown(a);
    lambdas_.pop_back();
    types::TypePtr fn_type;
    if (usable && body->type) fn_type = types::makeFunction(param_types, body->type);
    auto node = makeCallNode(ResolvedKind::Lambda, "lambda", fn_type, {body}, a);
    // Captured columns count as uses by the enclosing expression.
    args[i] = node;
    fargs[i].type = fn_type;
    if (!fn_type) any_unknown = true;
  }
  if (any_unknown) return unknown(&e);
  if (unpacked) {
    // The lambda sees the tuple elements, the function still the array of tuples in the first
    // array position (`arrayFilter((x, y) -> x > y, [(1, 2)])` is an Array(Tuple(...))).
    // Tried with the other element arrays kept, then with the array of tuples alone.
    size_t params = 0;
    for (const auto& a : arg_exprs) {
      if (a && a->is<sql::Lambda>()) params = a->as<sql::Lambda>().params.size() + leading_params.size();
    }
    for (bool keep_rest : {true, false}) {
      std::vector<ResolvedPtr> as_written = args;
      as_written[unpacked->first] = unpacked->second;
      if (!keep_rest) {
        as_written.erase(as_written.begin() + static_cast<std::ptrdiff_t>(unpacked->first) + 1,
                         as_written.begin() + static_cast<std::ptrdiff_t>(unpacked->first + params));
      }
      std::vector<functions::Argument> typed(as_written.size());
      for (size_t i = 0; i < as_written.size(); ++i) {
        typed[i].type = as_written[i]->type;
        if (as_written[i]->constant) typed[i].constant = *as_written[i]->constant;
      }
      if (functions::typeCall(name, typed, {}).ok()) return call(name, std::move(as_written), e);
    }
  }
  return call(name, std::move(args), e);
}

ResolvedPtr ExpressionTyper::castTo(const ResolvedPtr& value, const ResolvedPtr& target,
                                    const sql::Node& at) {
  if (!value->type || !target->type) return unknown(&at);
  if (!target->constant || target->constant->kind != types::ConstantValue::Kind::String) {
    run_.sink.report(DiagId::SEM_BAD_CAST, at.span,
                     "the second argument of CAST must be a constant string naming a type");
    return unknown(&at);
  }
  auto parsed = types::parseTypeName(target->constant->string_value);
  if (!parsed.ok()) {
    run_.sink.report(DiagId::SEM_BAD_CAST, at.span,
                     "cannot CAST to `" + target->constant->string_value + "`: " + parsed.message);
    return unknown(&at);
  }
  return castResult(value, parsed.type, target, at);
}

ResolvedPtr ExpressionTyper::castResult(const ResolvedPtr& value, types::TypePtr type,
                                        ResolvedPtr target, const sql::Node& at) {
  if (castImpossible(value->type, *type)) {
    run_.sink.report(DiagId::SEM_BAD_ARGUMENTS, at.span,
                     "cannot CAST " + types::toString(value->type) + " to " + types::toString(type));
    return unknown(&at);
  }
  if (auto problem = dateTime64ConversionProblem(value, *types::removeNullableAndLowCardinality(type))) {
    run_.sink.report(DiagId::SEM_BAD_ARGUMENTS, at.span, *problem);
    return unknown(&at);
  }
  if (auto problem = constantCastProblem(value, *type)) {
    run_.sink.report(DiagId::SEM_BAD_ARGUMENTS, at.span, *problem);
    return unknown(&at);
  }
  if (!target) {
    types::ConstantValue name;
    name.kind = types::ConstantValue::Kind::String;
    name.string_value = types::toString(type);
    target = constant(types::makeType(TypeKind::String), std::move(name), &at);
  }
  auto node = makeCallNode(ResolvedKind::Function, "CAST", type, {value, target}, &at);
  if (auto folded = foldCast(value, *type)) {
    std::const_pointer_cast<ResolvedExpr>(node)->constant =
        std::make_shared<types::ConstantValue>(std::move(*folded));
  } else if (value->constant) {
    std::const_pointer_cast<ResolvedExpr>(node)->constant = unknownConstant();
  }
  return node;
}

ResolvedPtr ExpressionTyper::typeCast(const sql::CastExpr& e) {
  if (!e.expr) return unknown(&e);
  ResolvedPtr value;
  if (e.style == sql::CastStyle::DoubleColon && !e.operand_spelling.empty()) {
    // ClickHouse casts a literal operand from its text: `1.5::Float32` is CAST('1.5', ...).
    type(*e.expr);  // still recorded for hover
    types::ConstantValue text;
    text.kind = types::ConstantValue::Kind::String;
    text.string_value = e.operand_spelling;
    value = constant(types::makeType(TypeKind::String), std::move(text), e.expr.get());
  } else {
    value = type(*e.expr);
  }
  if (e.style == sql::CastStyle::Comma) {
    if (!e.type_arg) return unknown(&e);
    return castTo(value, type(*e.type_arg), e);
  }
  if (!e.type) return unknown(&e);
  auto parsed = types::typeFromSyntax(*e.type);
  if (!parsed.ok()) {
    run_.sink.report(DiagId::SEM_BAD_CAST, e.type->span,
                     "cannot CAST to `" + sql::printType(*e.type) + "`: " + parsed.message);
    return unknown(&e);
  }
  if (!value->type) return unknown(&e);
  return castResult(value, parsed.type, nullptr, e);
}

ResolvedPtr ExpressionTyper::typeArray(const sql::ArrayExpr& e) {
  return call("array", typeArgs(e.elements), e);
}

ResolvedPtr ExpressionTyper::typeTuple(const sql::TupleExpr& e) {
  return call("tuple", typeArgs(e.elements), e);
}

ResolvedPtr ExpressionTyper::typeMap(const sql::MapExpr& e) {
  std::vector<ResolvedPtr> args;
  for (const auto& entry : e.entries) {
    args.push_back(entry.key ? type(*entry.key) : unknown(&e));
    args.push_back(entry.value ? type(*entry.value) : unknown(&e));
  }
  return call("map", std::move(args), e);
}

ResolvedPtr ExpressionTyper::typeSubquery(const sql::SubqueryExpr& e) {
  run_.name_hints[&e] = "_subquery_" + std::to_string(++run_.subquery_counter);
  if (!e.query) return unknown(&e);
  Schema columns = analyzeSubquery(run_, *e.query, &scope_);
  auto node = std::make_shared<ResolvedExpr>();
  node->kind = ResolvedKind::Subquery;
  node->ast = &e;
  node->hash = hashCombine(hashString("subquery"), reinterpret_cast<uintptr_t>(&e));
  node->subquery = e.query.get();
  node->type = scalarSubqueryType(columns);
  if (!node->type && !columns.empty() &&
      std::all_of(columns.begin(), columns.end(), [](const Column& c) { return c.type != nullptr; })) {
    run_.sink.report(DiagId::SEM_BAD_SUBQUERY, e.span, "a scalar subquery must return columns");
  }
  return node;
}

types::TypePtr scalarSubqueryType(const Schema& columns) {
  if (columns.empty()) return nullptr;
  for (const auto& c : columns) {
    if (!c.type) return nullptr;
  }
  if (columns.size() == 1) {
    const auto& t = columns[0].type;
    // The value is NULL when the subquery returns no row: Nullable where the type allows it
    // (a tuple included), as ClickHouse 26.7 does.
    if (t->kind == TypeKind::Tuple || types::canBeInsideNullable(*t)) return types::makeNullable(t);
    return t;
  }
  std::vector<types::TypePtr> elements;
  std::vector<std::string> names;
  std::unordered_map<std::string, int> seen;
  for (const auto& c : columns) {
    elements.push_back(c.type);
    // Repeated names are told apart as ClickHouse does: `number`, `number_1`, ...
    int& count = seen[c.name];
    names.push_back(count == 0 ? c.name : c.name + "_" + std::to_string(count));
    ++count;
  }
  return types::makeTuple(std::move(elements), std::move(names));
}

ResolvedPtr ExpressionTyper::typeExists(const sql::ExistsExpr& e) {
  // ClickHouse numbers the EXISTS subquery and the one it wraps it in.
  run_.subquery_counter += 2;
  if (e.query) analyzeSubquery(run_, *e.query, &scope_);
  auto node = std::make_shared<ResolvedExpr>();
  node->kind = ResolvedKind::Subquery;
  node->ast = &e;
  node->type = types::makeType(TypeKind::UInt8);
  node->hash = hashCombine(hashString("exists"), reinterpret_cast<uintptr_t>(&e));
  node->subquery = e.query.get();
  node->exists = true;
  return node;
}

ResolvedPtr ExpressionTyper::typeAlias(const sql::AliasExpr& e) {
  if (!e.expr) return unknown(&e);
  auto it = scope_.aliases.find(e.name);
  if (it != scope_.aliases.end() && it->second.expr == e.expr.get() && lambdas_.empty()) {
    return resolveAlias(it->second);
  }
  return type(*e.expr);
}

ResolvedPtr ExpressionTyper::resolveAlias(AliasEntry& entry) {
  if (entry.state == ResolveState::Done) return entry.resolved;
  if (entry.state == ResolveState::InProgress) {
    // Only reached for a self-reference that nothing else could resolve.
    run_.sink.report(DiagId::SEM_CYCLIC_ALIAS, entry.expr ? entry.expr->span : Span{},
                     "alias `" + entry.name + "` is defined in terms of itself");
    return unknown(entry.expr);
  }
  entry.state = ResolveState::InProgress;
  entry.context_dependent = false;
  scope_.alias_stack.push_back(&entry);
  // Alias expressions are typed outside any lambda: they belong to the query.
  std::vector<LambdaFrame> saved;
  saved.swap(lambdas_);
  ResolvedPtr r = entry.expr ? type(*entry.expr) : unknown(nullptr);
  saved.swap(lambdas_);
  scope_.alias_stack.pop_back();
  if (entry.context_dependent) {
    entry.state = ResolveState::Pending;  // resolved afresh where it is used next
    return r;
  }
  entry.resolved = r;
  entry.state = ResolveState::Done;
  return r;
}

ResolvedPtr ExpressionTyper::typeJsonPath(const sql::JsonPathExpr& e) {
  if (!e.base) return unknown(&e);
  auto base = type(*e.base);
  if (!base->type) return unknown(&e);
  types::TypePtr result;
  switch (e.path_kind) {
    case sql::JsonPathKind::Typed: {
      if (!e.type) return unknown(&e);
      auto parsed = types::typeFromSyntax(*e.type);
      if (!parsed.ok()) {
        run_.sink.report(DiagId::SEM_BAD_CAST, e.type->span, parsed.message);
        return unknown(&e);
      }
      result = parsed.type;
      break;
    }
    case sql::JsonPathKind::Prefix: result = types::makeJson(); break;
    case sql::JsonPathKind::ArrayElements:
      result = types::makeArray(types::makeJson());
      break;
  }
  return makeCallNode(ResolvedKind::Function, "jsonPath", result, {base}, &e);
}

}  // namespace ferry::analyze
