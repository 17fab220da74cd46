/// Name resolution: a call's name is a base function followed by combinator suffixes, the last
/// suffix being the outermost (`sumIfState` = State(If(sum))). Each combinator maps its argument
/// and result types to the nested function's; NULL handling is applied at the base function.
#include "runtime/aggregates/aggregate_function.h"

#include <algorithm>
#include <cctype>
#include <new>
#include <stdexcept>

#include "runtime/aggregates/combinators.h"
#include "runtime/aggregates/function_base.h"

namespace ferry::rt {

void AggregateFunction::addBatch(AggregateState* places, size_t place_offset, const Column* const* args,
                                 size_t begin, size_t end) const {
  for (size_t i = begin; i < end; ++i) add(places[i - begin] + place_offset, args, i);
}

namespace agg {

ColumnTypePtr stripNullable(const ColumnTypePtr& type) {
  if (type->kind == TypeKind::Nullable) return type->children[0];
  if (type->kind == TypeKind::LowCardinality && type->children[0]->kind == TypeKind::Nullable) {
    auto lc = std::make_shared<ColumnType>(*type);
    lc->children = {type->children[0]->children[0]};
    lc->name = "LowCardinality(" + typeName(*lc->children[0]) + ")";
    return lc;
  }
  return type;
}

ColumnTypePtr makeNamedType(TypeKind kind) { return makeType(kind); }

double parseLevel(const std::string& text) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(v >= 0 && v <= 1))
    throw std::invalid_argument("quantile level must be a number in [0, 1], got '" + text + "'");
  return v;
}

uint64_t parseUnsignedParam(const std::string& text, const std::string& function) {
  size_t used = 0;
  uint64_t v = 0;
  try {
    if (!text.empty() && text[0] != '-') v = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw std::invalid_argument(function + ": expected an unsigned integer parameter, got '" + text + "'");
  return v;
}

namespace {

struct Alias {
  const char* name;
  const char* base;
};
constexpr Alias kAliases[] = {
    {"median", "quantile"}, {"medianExact", "quantileExact"}, {"medianTDigest", "quantileTDigest"},
    {"countDistinct", "uniqExact"}, {"any_value", "any"}, {"first_value", "any"}, {"last_value", "anyLast"},
};
constexpr const char* kBaseNames[] = {
    "count", "sum", "avg", "min", "max", "any", "anyLast", "argMin", "argMax", "uniq", "uniqExact",
    "uniqCombined", "uniqCombined64", "quantile", "quantiles", "quantileExact", "quantilesExact",
    "quantileTDigest", "quantilesTDigest", "groupArray", "groupUniqArray", "topK", "sumMap",
};
/// Functions ClickHouse names case-insensitively.
constexpr const char* kCaseInsensitive[] = {"count", "sum", "avg", "min", "max", "any"};

/// Functions whose result stays non-Nullable over Nullable arguments (they just skip NULLs).
bool keepsNonNullableResult(const std::string& base) {
  return base == "count" || base.starts_with("uniq") || base == "groupArray" || base == "groupUniqArray" ||
         base == "topK" || base == "sumMap";
}

/// The base name for `name` (aliases resolved), or empty when it is no base function.
std::string baseName(const std::string& name) {
  for (const auto& a : kAliases)
    if (name == a.name) return a.base;
  for (const char* b : kBaseNames)
    if (name == b) return b;
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* b : kCaseInsensitive)
    if (lower == b) return b;
  return {};
}

/// Suffixes in matching order (SimpleState before State: it ends with it).
constexpr const char* kCombinators[] = {"SimpleState", "State", "Merge", "If", "Array", "ForEach",
                                        "Distinct", "OrNull", "OrDefault"};

bool resolvable(const std::string& name) {
  if (!baseName(name).empty()) return true;
  for (const char* c : kCombinators) {
    std::string_view suffix(c);
    if (name.size() > suffix.size() && name.ends_with(suffix) && resolvable(name.substr(0, name.size() - suffix.size())))
      return true;
  }
  return false;
}

std::string joinTypes(const std::vector<ColumnTypePtr>& types) {
  std::string out;
  for (const auto& t : types) out += ", " + typeName(*t);
  return out;
}

ColumnTypePtr aggregateStateType(const std::string& function, const std::vector<std::string>& params,
                                  const std::vector<ColumnTypePtr>& args) {
  auto t = std::make_shared<ColumnType>();
  t->kind = TypeKind::AggregateFunction;
  t->aggregate_function = function;
  t->aggregate_params = params;
  t->children = args;
  std::string head = function;
  if (!params.empty()) {
    head += "(";
    for (size_t i = 0; i < params.size(); ++i) head += (i ? ", " : "") + params[i];
    head += ")";
  }
  t->name = "AggregateFunction(" + head + joinTypes(args) + ")";
  return t;
}

AggregateFunctionPtr makeLeaf(const std::string& base, const std::vector<std::string>& params,
                              const std::vector<ColumnTypePtr>& arg_types, const ColumnTypePtr& result_type) {
  std::vector<bool> nullable;
  bool any_nullable = false, any_nothing = false;
  LeafCall call{base, params, {}, nullptr};
  for (const auto& t : arg_types) {
    if (!t) throw std::invalid_argument(base + ": missing argument type");
    bool n = isNullable(*t);
    nullable.push_back(n);
    any_nullable |= n;
    ColumnTypePtr stripped = n ? stripNullable(t) : t;
    if (layoutType(*stripped).kind == TypeKind::Nothing) any_nothing = true;
    call.arg_types.push_back(stripped);
  }
  bool nullable_result = false;
  if (any_nullable) {
    nullable_result = result_type ? isNullable(*result_type) : !keepsNonNullableResult(base);
    call.result_type = result_type && nullable_result ? stripNullable(result_type) : result_type;
  } else {
    call.result_type = result_type;
  }
  if (any_nothing) {
    ColumnTypePtr r = result_type;
    if (!r) r = keepsNonNullableResult(base) && base.starts_with("uniq") ? makeType(TypeKind::UInt64)
                : base == "count" ? makeType(TypeKind::UInt64)
                                  : makeNullable(makeType(TypeKind::Nothing));
    return makeNothingFunction(r);
  }
  AggregateFunctionPtr fn = makeBasicFunction(call);
  if (!fn) fn = makeDistinctCountFunction(call);
  if (!fn) fn = makeQuantileFunction(call);
  if (!fn) fn = makeCollectFunction(call);
  if (!fn) throw std::invalid_argument("unsupported aggregate function " + base);
  if (!any_nullable) return fn;
  ColumnTypePtr outer = result_type;
  if (!outer) outer = nullable_result ? makeNullable(fn->resultType()) : fn->resultType();
  return makeNullAdapter(fn, nullable, nullable_result, outer);
}

std::vector<ColumnTypePtr> arrayElements(const std::vector<ColumnTypePtr>& types, const std::string& what) {
  std::vector<ColumnTypePtr> out;
  for (const auto& t : types) {
    const ColumnType& l = layoutType(*t);
    if (l.kind != TypeKind::Array) throw std::invalid_argument(what + ": arguments must be arrays");
    out.push_back(l.children[0]);
  }
  if (out.empty()) throw std::invalid_argument(what + " needs an argument");
  return out;
}

AggregateFunctionPtr resolve(const std::string& name, const std::vector<std::string>& params,
                             const std::vector<ColumnTypePtr>& args, const ColumnTypePtr& result) {
  if (std::string base = baseName(name); !base.empty()) return makeLeaf(base, params, args, result);
  for (const char* c : kCombinators) {
    std::string_view suffix(c);
    if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
    std::string inner = name.substr(0, name.size() - suffix.size());
    if (!resolvable(inner)) continue;
    if (suffix == "If") {
      if (args.empty()) throw std::invalid_argument(name + " needs a condition argument");
      std::vector<ColumnTypePtr> inner_args(args.begin(), args.end() - 1);
      return makeIfCombinator(resolve(inner, params, inner_args, result), args.size());
    }
    if (suffix == "Array") {
      auto elements = arrayElements(args, name);
      return makeArrayCombinator(resolve(inner, params, elements, result), elements);
    }
    if (suffix == "ForEach") {
      auto elements = arrayElements(args, name);
      ColumnTypePtr inner_result;
      if (result && layoutType(*result).kind == TypeKind::Array) inner_result = layoutType(*result).children[0];
      return makeForEachCombinator(resolve(inner, params, elements, inner_result), elements, result);
    }
    if (suffix == "Distinct") return makeDistinctCombinator(resolve(inner, params, args, result), args);
    if ((suffix == "OrNull" || suffix == "OrDefault") && inner.ends_with("If") && inner.size() > 2 &&
        resolvable(inner.substr(0, inner.size() - 2))) {
      // xIfOrNull = xOrNullIf: only rows passing the condition count as "something was aggregated".
      return resolve(inner.substr(0, inner.size() - 2) + std::string(suffix) + "If", params, args, result);
    }
    if (suffix == "OrNull") {
      ColumnTypePtr inner_result = result && isNullable(*result) ? stripNullable(result) : nullptr;
      AggregateFunctionPtr nested = resolve(inner, params, args, inner_result);
      return makeOrNullCombinator(nested, result);
    }
    if (suffix == "OrDefault") return makeOrDefaultCombinator(resolve(inner, params, args, result), result);
    if (suffix == "SimpleState") {
      // SimpleAggregateFunction(f, T) is laid out as T: the nested function's own result.
      AggregateFunctionPtr nested = resolve(inner, params, args, result);
      if (result) return nested;
      auto simple = std::make_shared<ColumnType>(*nested->resultType());
      simple->simple_aggregate = inner;
      simple->name = "SimpleAggregateFunction(" + inner + ", " + typeName(*nested->resultType()) + ")";
      return resolve(inner, params, args, simple);
    }
    if (suffix == "State") {
      AggregateFunctionPtr nested = resolve(inner, params, args, nullptr);
      ColumnTypePtr type = result;
      if (!type) {
        // xMergeState keeps the type of the states it merges.
        if (inner.ends_with("Merge") && args.size() == 1 && layoutType(*args[0]).kind == TypeKind::AggregateFunction)
          type = args[0];
        else
          type = aggregateStateType(inner, params, args);
      }
      return makeStateCombinator(nested, type);
    }
    if (suffix == "Merge") {
      if (args.size() != 1 || layoutType(*args[0]).kind != TypeKind::AggregateFunction)
        throw std::invalid_argument(name + " takes one AggregateFunction argument");
      AggregateFunctionPtr nested = stateFunction(layoutType(*args[0]));
      return makeMergeCombinator(nested, result);
    }
  }
  throw std::invalid_argument("unsupported aggregate function " + name);
}

}  // namespace
}  // namespace agg

AggregateFunctionPtr makeAggregateFunction(const AggregateCallSpec& spec) {
  return agg::resolve(spec.name, spec.params, spec.arg_types, spec.result_type);
}

AggregateFunctionPtr stateFunction(const ColumnType& aggregate_function_type) {
  const ColumnType& t = layoutType(aggregate_function_type);
  if (t.kind != TypeKind::AggregateFunction || t.aggregate_function.empty())
    throw std::invalid_argument("not an AggregateFunction type: " + typeName(aggregate_function_type));
  return agg::resolve(t.aggregate_function, t.aggregate_params, t.children, nullptr);
}

StateHolder::StateHolder(AggregateFunctionPtr fn) : fn_(std::move(fn)) {
  place_ = static_cast<AggregateState>(::operator new(fn_->stateSize(), std::align_val_t(fn_->stateAlign())));
  try {
    fn_->create(place_);
  } catch (...) {
    ::operator delete(place_, std::align_val_t(fn_->stateAlign()));
    throw;
  }
}

StateHolder::~StateHolder() {
  fn_->destroy(place_);
  ::operator delete(place_, std::align_val_t(fn_->stateAlign()));
}

}  // namespace ferry::rt
