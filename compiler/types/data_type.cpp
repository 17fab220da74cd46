// Factories (which canonicalize) and structural equality of the type model.
#include "compiler/types/data_type.h"

#include <algorithm>
#include <utility>

#include "compiler/types/aggregate_function_names.h"

namespace ferry::types {

namespace {

std::shared_ptr<DataType> blank(TypeKind kind) {
  auto t = std::make_shared<DataType>();
  t->kind = kind;
  return t;
}

}  // namespace

TypePtr makeType(TypeKind kind) {
  auto t = blank(kind);
  if (kind == TypeKind::DateTime64 || kind == TypeKind::Time64) t->precision = 3;
  if (kind == TypeKind::Decimal) {
    t->precision = 10;
    t->scale = 0;
  }
  return t;
}

TypePtr makeDecimal(uint32_t precision, uint32_t scale) {
  auto t = blank(TypeKind::Decimal);
  t->precision = precision;
  t->scale = scale;
  return t;
}

TypePtr makeFixedString(uint64_t n) {
  auto t = blank(TypeKind::FixedString);
  t->length = n;
  return t;
}

TypePtr makeDateTime(std::string timezone) {
  auto t = blank(TypeKind::DateTime);
  t->timezone = std::move(timezone);
  return t;
}

TypePtr makeDateTime64(uint32_t precision, std::string timezone) {
  auto t = blank(TypeKind::DateTime64);
  t->precision = precision;
  t->timezone = std::move(timezone);
  return t;
}

TypePtr makeTime64(uint32_t precision) {
  auto t = blank(TypeKind::Time64);
  t->precision = precision;
  return t;
}

TypePtr makeEnum(TypeKind kind, std::vector<EnumValue> values) {
  auto t = blank(kind);
  // ClickHouse keeps enum elements ordered by value whatever the written order.
  std::stable_sort(values.begin(), values.end(),
                   [](const EnumValue& a, const EnumValue& b) { return a.value < b.value; });
  t->enum_values = std::move(values);
  return t;
}

TypePtr makeNullable(TypePtr inner) {
  if (!inner) return inner;
  if (inner->kind == TypeKind::Nullable) return inner;
  if (inner->kind == TypeKind::LowCardinality) {
    if (inner->child()->kind == TypeKind::Nullable) return inner;
    return makeLowCardinality(makeNullable(inner->child()));
  }
  auto t = blank(TypeKind::Nullable);
  t->children.push_back(std::move(inner));
  return t;
}

TypePtr makeNullableSafe(TypePtr inner) {
  if (!inner) return inner;
  if (inner->kind == TypeKind::LowCardinality || canBeInsideNullable(*inner)) {
    return makeNullable(std::move(inner));
  }
  return inner;
}

TypePtr makeLowCardinality(TypePtr inner) {
  if (!inner || inner->kind == TypeKind::LowCardinality) return inner;
  auto t = blank(TypeKind::LowCardinality);
  t->children.push_back(std::move(inner));
  return t;
}

TypePtr makeArray(TypePtr element) {
  auto t = blank(TypeKind::Array);
  t->children.push_back(std::move(element));
  return t;
}

TypePtr makeTuple(std::vector<TypePtr> elements, std::vector<std::string> names) {
  auto t = blank(TypeKind::Tuple);
  t->children = std::move(elements);
  if (names.size() == t->children.size()) t->element_names = std::move(names);
  return t;
}

TypePtr makeMap(TypePtr key, TypePtr value) {
  auto t = blank(TypeKind::Map);
  t->children.push_back(std::move(key));
  t->children.push_back(std::move(value));
  return t;
}

TypePtr makeNested(std::vector<TypePtr> elements, std::vector<std::string> names) {
  auto t = blank(TypeKind::Nested);
  t->children = std::move(elements);
  t->element_names = std::move(names);
  return t;
}

TypePtr makeVariant(std::vector<TypePtr> members) {
  std::vector<std::pair<std::string, TypePtr>> named;
  auto add = [&](const TypePtr& m) {
    if (!m || m->kind == TypeKind::Nothing) return;  // Variant(Nothing, T) is Variant(T)
    named.emplace_back(toString(*m), m);
  };
  for (const auto& m : members) {
    if (m && m->kind == TypeKind::Variant) {
      for (const auto& inner : m->children) add(inner);
    } else {
      add(m);
    }
  }
  // Members are ordered by their printed names, byte-wise (`FixedString(12)` < `FixedString(3)`).
  std::sort(named.begin(), named.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  named.erase(std::unique(named.begin(), named.end(),
                          [](const auto& a, const auto& b) { return a.first == b.first; }),
              named.end());
  auto t = blank(TypeKind::Variant);
  for (auto& [name, m] : named) t->children.push_back(std::move(m));
  return t;
}

TypePtr makeDynamic(std::optional<uint32_t> max_types) {
  auto t = blank(TypeKind::Dynamic);
  t->max_types = max_types;
  return t;
}

TypePtr makeJson(std::string params) {
  auto t = blank(TypeKind::JSON);
  t->json_params = std::move(params);
  return t;
}

TypePtr makeInterval(IntervalUnit unit) {
  auto t = blank(TypeKind::Interval);
  t->interval_unit = unit;
  return t;
}

TypePtr makeAggregateFunction(AggregateSignature signature, std::vector<TypePtr> args) {
  auto t = blank(TypeKind::AggregateFunction);
  if (auto canonical = canonicalAggregateFunctionName(signature.function)) {
    signature.function = std::move(*canonical);
  }
  if (!signature.version) {
    if (aggregateFunctionHasVersionedState(signature.function, args)) signature.version = 1;
  } else if (*signature.version == 0) {
    signature.version.reset();  // version 0 is the unversioned state: printed without a number
  }
  t->aggregate = std::move(signature);
  t->children = std::move(args);
  return t;
}

TypePtr makeSimpleAggregateFunction(std::string function, TypePtr value) {
  auto t = blank(TypeKind::SimpleAggregateFunction);
  if (auto canonical = canonicalAggregateFunctionName(function)) function = std::move(*canonical);
  t->aggregate.function = std::move(function);
  t->children.push_back(std::move(value));
  return t;
}

TypePtr makeFunction(std::vector<TypePtr> params, TypePtr result) {
  auto t = blank(TypeKind::Function);
  t->children = std::move(params);
  t->children.push_back(std::move(result));
  return t;
}

TypePtr makeQBit(TypePtr element, uint64_t dimension) {
  auto t = blank(TypeKind::QBit);
  t->children.push_back(std::move(element));
  t->length = dimension;
  return t;
}

TypePtr makeGeoType(std::string_view name) {
  auto named = [](TypePtr base, std::string_view alias) {
    auto t = std::make_shared<DataType>(*base);
    t->custom_name = std::string(alias);
    return TypePtr(std::move(t));
  };
  auto point = named(makeTuple({makeType(TypeKind::Float64), makeType(TypeKind::Float64)}), "Point");
  if (name == "Point") return point;
  auto ring = named(makeArray(point), "Ring");
  if (name == "Ring") return ring;
  auto line = named(makeArray(point), "LineString");
  if (name == "LineString") return line;
  auto multi_line = named(makeArray(line), "MultiLineString");
  if (name == "MultiLineString") return multi_line;
  auto polygon = named(makeArray(ring), "Polygon");
  if (name == "Polygon") return polygon;
  auto multi_polygon = named(makeArray(polygon), "MultiPolygon");
  if (name == "MultiPolygon") return multi_polygon;
  if (name == "Geometry") {
    return named(makeVariant({point, ring, line, multi_line, polygon, multi_polygon}), "Geometry");
  }
  return nullptr;
}

bool equals(const DataType& a, const DataType& b) {
  if (&a == &b) return true;
  if (a.kind != b.kind || a.precision != b.precision || a.scale != b.scale ||
      a.length != b.length || a.timezone != b.timezone || a.enum_values != b.enum_values ||
      a.element_names != b.element_names || a.interval_unit != b.interval_unit ||
      a.max_types != b.max_types || a.json_params != b.json_params || a.aggregate != b.aggregate ||
      a.children.size() != b.children.size()) {
    return false;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!equals(a.children[i], b.children[i])) return false;
  }
  return true;
}

}  // namespace ferry::types
