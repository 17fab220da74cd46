// The aggregate function names of ClickHouse 26.7 (from system.functions WHERE is_aggregate)
// and how a name with combinators resolves to the name toTypeName prints.
#include "compiler/types/aggregate_function_names.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace ferry::types {

namespace {

struct AggregateName {
  std::string_view name;
  bool case_insensitive;
  std::string_view alias_to;  ///< empty: `name` is itself canonical
};

constexpr AggregateName kAggregateNames[] = {
    {"BIT_AND", true, "groupBitAnd"},
    {"BIT_OR", true, "groupBitOr"},
    {"BIT_XOR", true, "groupBitXor"},
    {"COVAR_POP", true, "covarPop"},
    {"COVAR_SAMP", true, "covarSamp"},
    {"MVTEncode", false, ""},
    {"STD", true, "stddevPop"},
    {"STDDEV", true, "stddevSamp"},
    {"STDDEV_POP", true, "stddevPop"},
    {"STDDEV_SAMP", true, "stddevSamp"},
    {"ST_AsMVT", false, "MVTEncode"},
    {"VAR_POP", true, "varPop"},
    {"VAR_SAMP", true, "varSamp"},
    {"aggThrow", false, ""},
    {"analysisOfVariance", true, ""},
    {"anova", true, "analysisOfVariance"},
    {"any", false, ""},
    {"anyHeavy", false, ""},
    {"anyLast", false, ""},
    {"anyLastRespectNulls", false, "anyLast_respect_nulls"},
    {"anyLast_respect_nulls", false, ""},
    {"anyRespectNulls", false, "any_respect_nulls"},
    {"anyValueRespectNulls", false, "any_respect_nulls"},
    {"any_respect_nulls", false, ""},
    {"any_value", true, "any"},
    {"any_value_respect_nulls", true, "any_respect_nulls"},
    {"approx_top_count", true, "approx_top_k"},
    {"approx_top_k", true, ""},
    {"approx_top_sum", true, ""},
    {"argAndMax", false, ""},
    {"argAndMin", false, ""},
    {"argMax", false, ""},
    {"argMin", false, ""},
    {"array_agg", true, "groupArray"},
    {"array_concat_agg", true, "groupArrayArray"},
    {"avg", true, ""},
    {"avgWeighted", false, ""},
    {"boundingRatio", false, ""},
    {"categoricalInformationValue", false, ""},
    {"contingency", false, ""},
    {"corr", true, ""},
    {"corrMatrix", false, ""},
    {"corrStable", false, ""},
    {"count", true, ""},
    {"covarPop", false, ""},
    {"covarPopMatrix", false, ""},
    {"covarPopStable", false, ""},
    {"covarSamp", false, ""},
    {"covarSampMatrix", false, ""},
    {"covarSampStable", false, ""},
    {"cramersV", false, ""},
    {"cramersVBiasCorrected", false, ""},
    {"cume_dist", false, ""},
    {"deltaSum", false, ""},
    {"deltaSumTimestamp", false, ""},
    {"denseRank", false, ""},
    {"dense_rank", true, "denseRank"},
    {"distinctDynamicTypes", false, ""},
    {"distinctJSONPaths", false, ""},
    {"distinctJSONPathsAndTypes", false, ""},
    {"entropy", false, ""},
    {"estimateCompressionRatio", false, ""},
    {"exponentialMovingAverage", false, ""},
    {"exponentialTimeDecayedAvg", false, ""},
    {"exponentialTimeDecayedCount", false, ""},
    {"exponentialTimeDecayedMax", false, ""},
    {"exponentialTimeDecayedSum", false, ""},
    {"firstValueRespectNulls", false, "any_respect_nulls"},
    {"first_value", true, "any"},
    {"first_value_respect_nulls", true, "any_respect_nulls"},
    {"flameGraph", false, ""},
    {"groupArray", false, ""},
    {"groupArrayInsertAt", false, ""},
    {"groupArrayIntersect", false, ""},
    {"groupArrayLast", false, ""},
    {"groupArrayMovingAvg", false, ""},
    {"groupArrayMovingSum", false, ""},
    {"groupArraySample", false, ""},
    {"groupArraySorted", false, ""},
    {"groupBitAnd", false, ""},
    {"groupBitOr", false, ""},
    {"groupBitXor", false, ""},
    {"groupBitmap", false, ""},
    {"groupBitmapAnd", false, ""},
    {"groupBitmapOr", false, ""},
    {"groupBitmapXor", false, ""},
    {"groupConcat", false, ""},
    {"groupFormat", false, ""},
    {"groupNumericIndexedVector", false, ""},
    {"groupUniqArray", false, ""},
    {"group_concat", true, "groupConcat"},
    {"histogram", false, ""},
    {"intervalLengthSum", false, ""},
    {"kolmogorovSmirnovTest", true, ""},
    {"kurtPop", false, ""},
    {"kurtSamp", false, ""},
    {"lag", true, ""},
    {"lagInFrame", false, ""},
    {"largestTriangleThreeBuckets", false, ""},
    {"lastValueRespectNulls", false, "anyLast_respect_nulls"},
    {"last_value", true, "anyLast"},
    {"last_value_respect_nulls", true, "anyLast_respect_nulls"},
    {"lead", true, ""},
    {"leadInFrame", false, ""},
    {"lttb", false, "largestTriangleThreeBuckets"},
    {"mannWhitneyUTest", false, ""},
    {"max", true, ""},
    {"maxIntersections", false, ""},
    {"maxIntersectionsPosition", false, ""},
    {"maxMappedArrays", false, ""},
    {"max_by", true, "argMax"},
    {"meanZTest", false, ""},
    {"median", false, "quantile"},
    {"medianBFloat16", false, "quantileBFloat16"},
    {"medianBFloat16Weighted", false, "quantileBFloat16Weighted"},
    {"medianDD", false, "quantileDD"},
    {"medianDeterministic", false, "quantileDeterministic"},
    {"medianExact", false, "quantileExact"},
    {"medianExactHigh", false, "quantileExactHigh"},
    {"medianExactLow", false, "quantileExactLow"},
    {"medianExactWeighted", false, "quantileExactWeighted"},
    {"medianExactWeightedInterpolated", false, "quantileExactWeightedInterpolated"},
    {"medianGK", false, "quantileGK"},
    {"medianInterpolatedWeighted", false, "quantileInterpolatedWeighted"},
    {"medianTDigest", false, "quantileTDigest"},
    {"medianTDigestWeighted", false, "quantileTDigestWeighted"},
    {"medianTiming", false, "quantileTiming"},
    {"medianTimingWeighted", false, "quantileTimingWeighted"},
    {"min", true, ""},
    {"minMappedArrays", false, ""},
    {"min_by", true, "argMin"},
    {"nonNegativeDerivative", false, ""},
    {"nothing", false, ""},
    {"nothingNull", false, ""},
    {"nothingUInt64", false, ""},
    {"nth_value", true, ""},
    {"ntile", true, ""},
    {"percentRank", false, ""},
    {"percent_rank", true, "percentRank"},
    {"quantile", false, ""},
    {"quantileBFloat16", false, ""},
    {"quantileBFloat16Weighted", false, ""},
    {"quantileDD", false, ""},
    {"quantileDeterministic", false, ""},
    {"quantileExact", false, ""},
    {"quantileExactExclusive", false, ""},
    {"quantileExactHigh", false, ""},
    {"quantileExactInclusive", false, ""},
    {"quantileExactLow", false, ""},
    {"quantileExactWeighted", false, ""},
    {"quantileExactWeightedInterpolated", false, ""},
    {"quantileGK", false, ""},
    {"quantileInterpolatedWeighted", false, ""},
    {"quantilePrometheusHistogram", false, ""},
    {"quantileTDigest", false, ""},
    {"quantileTDigestWeighted", false, ""},
    {"quantileTiming", false, ""},
    {"quantileTimingWeighted", false, ""},
    {"quantiles", false, ""},
    {"quantilesBFloat16", false, ""},
    {"quantilesBFloat16Weighted", false, ""},
    {"quantilesDD", false, ""},
    {"quantilesDeterministic", false, ""},
    {"quantilesExact", false, ""},
    {"quantilesExactExclusive", false, ""},
    {"quantilesExactHigh", false, ""},
    {"quantilesExactInclusive", false, ""},
    {"quantilesExactLow", false, ""},
    {"quantilesExactWeighted", false, ""},
    {"quantilesExactWeightedInterpolated", false, ""},
    {"quantilesGK", false, ""},
    {"quantilesInterpolatedWeighted", false, ""},
    {"quantilesPrometheusHistogram", false, ""},
    {"quantilesTDigest", false, ""},
    {"quantilesTDigestWeighted", false, ""},
    {"quantilesTiming", false, ""},
    {"quantilesTimingWeighted", false, ""},
    {"rank", true, ""},
    {"rankCorr", false, ""},
    {"retention", false, ""},
    {"row_number", true, ""},
    {"sequenceCount", false, ""},
    {"sequenceMatch", false, ""},
    {"sequenceMatchEvents", false, ""},
    {"sequenceNextNode", false, ""},
    {"simpleLinearRegression", false, ""},
    {"singleValueOrNull", false, ""},
    {"skewPop", false, ""},
    {"skewSamp", false, ""},
    {"sparkBar", false, "sparkbar"},
    {"sparkbar", false, ""},
    {"stddevPop", false, ""},
    {"stddevPopStable", false, ""},
    {"stddevSamp", false, ""},
    {"stddevSampStable", false, ""},
    {"stochasticLinearRegression", false, ""},
    {"stochasticLogisticRegression", false, ""},
    {"string_agg", true, "groupConcat"},
    {"studentTTest", false, ""},
    {"studentTTestOneSample", false, ""},
    {"sum", true, ""},
    {"sumCount", false, ""},
    {"sumKahan", false, ""},
    {"sumMapFiltered", false, ""},
    {"sumMapFilteredWithOverflow", false, ""},
    {"sumMapWithOverflow", false, ""},
    {"sumMappedArrays", false, ""},
    {"sumWithOverflow", false, ""},
    {"theilsU", false, ""},
    {"timeSeriesChangesToGrid", false, ""},
    {"timeSeriesDeltaToGrid", false, ""},
    {"timeSeriesDerivToGrid", false, ""},
    {"timeSeriesGroupArray", false, ""},
    {"timeSeriesIncreaseToGrid", false, ""},
    {"timeSeriesInstantDeltaToGrid", false, ""},
    {"timeSeriesInstantRateToGrid", false, ""},
    {"timeSeriesLastToGrid", false, "timeSeriesResampleToGridWithStaleness"},
    {"timeSeriesLastTwoSamples", false, ""},
    {"timeSeriesPredictLinearToGrid", false, ""},
    {"timeSeriesRateToGrid", false, ""},
    {"timeSeriesResampleToGridWithStaleness", false, ""},
    {"timeSeriesResetsToGrid", false, ""},
    {"topK", false, ""},
    {"topKWeighted", false, ""},
    {"uniq", false, ""},
    {"uniqCombined", false, ""},
    {"uniqCombined64", false, ""},
    {"uniqExact", false, ""},
    {"uniqHLL12", false, ""},
    {"uniqUpTo", false, ""},
    {"varPop", false, ""},
    {"varPopStable", false, ""},
    {"varSamp", false, ""},
    {"varSampStable", false, ""},
    {"welchTTest", false, ""},
    {"windowFunnel", false, ""},
};

/// Combinator suffixes in the order ClickHouse tries them (longer spellings first where one
/// ends another: `OrNull` before `Null`, `SimpleState` before `State`).
constexpr std::array<std::string_view, 15> kCombinators = {
    "SimpleState", "OrDefault", "Distinct", "Resample", "ForEach", "ArgMax", "ArgMin", "OrNull",
    "Tuple",       "Merge",     "State",    "Array",    "Null",    "Map",    "If"};

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

/// The registered function a whole name denotes (no combinators), already alias-resolved.
std::optional<std::string_view> lookupExact(std::string_view name) {
  const AggregateName* found = nullptr;
  for (const auto& entry : kAggregateNames) {
    if (entry.name == name) {
      found = &entry;
      break;
    }
  }
  if (found == nullptr) {
    for (const auto& entry : kAggregateNames) {
      if (entry.case_insensitive && equalsIgnoreCase(entry.name, name)) {
        found = &entry;
        break;
      }
    }
  }
  if (found == nullptr) return std::nullopt;
  std::string_view canonical = found->alias_to.empty() ? found->name : found->alias_to;
  // The array forms of sumMap/minMap/maxMap are registered under their own names but print as
  // the Map-combinator spelling.
  if (canonical == "sumMappedArrays") return "sumMap";
  if (canonical == "minMappedArrays") return "minMap";
  if (canonical == "maxMappedArrays") return "maxMap";
  return canonical;
}

bool split(std::string_view name, std::string& base, std::vector<std::string>& combinators) {
  if (auto exact = lookupExact(name)) {
    base = std::string(*exact);
    // `sumMap` & co. resolve to the Map-combinator form of sum/min/max.
    if (base == "sumMap" || base == "minMap" || base == "maxMap") {
      base.resize(base.size() - 3);
      combinators.insert(combinators.begin(), "Map");
    }
    return true;
  }
  for (std::string_view suffix : kCombinators) {
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      combinators.insert(combinators.begin(), std::string(suffix));
      return split(name.substr(0, name.size() - suffix.size()), base, combinators);
    }
  }
  return false;
}

}  // namespace

bool splitAggregateCombinators(std::string_view name, std::string& base,
                               std::vector<std::string>& combinators) {
  base.clear();
  combinators.clear();
  return split(name, base, combinators);
}

std::optional<std::string> canonicalAggregateFunctionName(std::string_view name) {
  std::string base;
  std::vector<std::string> combinators;
  if (!splitAggregateCombinators(name, base, combinators)) return std::nullopt;
  for (const auto& c : combinators) base += c;
  return base;
}

bool aggregateFunctionHasVersionedState(std::string_view canonical_name,
                                        const std::vector<TypePtr>& args) {
  std::string base;
  std::vector<std::string> combinators;
  if (!splitAggregateCombinators(canonical_name, base, combinators)) return false;
  if (base == "sumMapWithOverflow" || base == "sumMapFiltered" ||
      base == "sumMapFilteredWithOverflow") {
    return true;
  }
  if ((base != "sum" && base != "min" && base != "max") || combinators.empty() ||
      combinators.front() != "Map") {
    return false;
  }
  // The Map combinator over real Map arguments has an unversioned state; over arrays or a
  // tuple of arrays it is the versioned *MappedArrays function.
  if (args.empty() || !args.front()) return true;
  TypePtr first = args.front();
  for (size_t i = combinators.size(); i-- > 1;) {
    if ((combinators[i] == "Array" || combinators[i] == "ForEach") && first->kind == TypeKind::Array) {
      first = first->child();
    }
  }
  return first->kind != TypeKind::Map;
}

bool isSimpleAggregateFunctionName(std::string_view canonical_name) {
  static constexpr std::string_view kAllowed[] = {
      "any",          "any_respect_nulls", "anyLast",          "anyLast_respect_nulls",
      "min",          "max",               "sum",              "sumWithOverflow",
      "groupBitAnd",  "groupBitOr",        "groupBitXor",      "sumMap",
      "minMap",       "maxMap",            "groupArrayArray",  "groupArrayLastArray",
      "groupUniqArrayArray", "groupUniqArrayArrayMap"};
  return std::find(std::begin(kAllowed), std::end(kAllowed), canonical_name) != std::end(kAllowed);
}

}  // namespace ferry::types
