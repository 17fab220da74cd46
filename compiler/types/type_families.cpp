// The family table: every type name 26.7 accepts, from system.data_type_families.
#include "compiler/types/type_families.h"

#include <cctype>

namespace ferry::types {

namespace {

struct Entry {
  std::string_view name;
  bool case_insensitive;
  TypeFamily family;
};

constexpr TypeFamily plain(TypeKind k, std::string_view c) { return {FamilyKind::Plain, k, 0, IntervalUnit::Second, c}; }
constexpr TypeFamily number(TypeKind k, std::string_view c) { return {FamilyKind::Number, k, 0, IntervalUnit::Second, c}; }
constexpr TypeFamily of(FamilyKind f, std::string_view c) { return {f, TypeKind::Nothing, 0, IntervalUnit::Second, c}; }
constexpr TypeFamily decimalN(uint32_t p, std::string_view c) { return {FamilyKind::DecimalN, TypeKind::Decimal, p, IntervalUnit::Second, c}; }
constexpr TypeFamily interval(IntervalUnit u, std::string_view c) { return {FamilyKind::Interval, TypeKind::Interval, 0, u, c}; }

constexpr TypeFamily kString = of(FamilyKind::String, "String");

const Entry kEntries[] = {
    {"UInt8", false, number(TypeKind::UInt8, "UInt8")},
    {"UInt16", false, number(TypeKind::UInt16, "UInt16")},
    {"UInt32", false, number(TypeKind::UInt32, "UInt32")},
    {"UInt64", false, number(TypeKind::UInt64, "UInt64")},
    {"UInt128", false, number(TypeKind::UInt128, "UInt128")},
    {"UInt256", false, number(TypeKind::UInt256, "UInt256")},
    {"Int8", false, number(TypeKind::Int8, "Int8")},
    {"Int16", false, number(TypeKind::Int16, "Int16")},
    {"Int32", false, number(TypeKind::Int32, "Int32")},
    {"Int64", false, number(TypeKind::Int64, "Int64")},
    {"Int128", false, number(TypeKind::Int128, "Int128")},
    {"Int256", false, number(TypeKind::Int256, "Int256")},
    {"BFloat16", false, number(TypeKind::BFloat16, "BFloat16")},
    {"Float32", false, number(TypeKind::Float32, "Float32")},
    {"Float64", false, number(TypeKind::Float64, "Float64")},
    {"String", false, kString},
    {"FixedString", false, of(FamilyKind::FixedString, "FixedString")},
    {"UUID", false, plain(TypeKind::UUID, "UUID")},
    {"IPv4", false, plain(TypeKind::IPv4, "IPv4")},
    {"IPv6", false, plain(TypeKind::IPv6, "IPv6")},
    {"Nothing", false, plain(TypeKind::Nothing, "Nothing")},
    {"Nullable", false, of(FamilyKind::Nullable, "Nullable")},
    {"LowCardinality", false, of(FamilyKind::LowCardinality, "LowCardinality")},
    {"Array", false, of(FamilyKind::Array, "Array")},
    {"Tuple", false, of(FamilyKind::Tuple, "Tuple")},
    {"Map", false, of(FamilyKind::Map, "Map")},
    {"Nested", false, of(FamilyKind::Nested, "Nested")},
    {"Variant", false, of(FamilyKind::Variant, "Variant")},
    {"Dynamic", false, of(FamilyKind::Dynamic, "Dynamic")},
    {"AggregateFunction", false, of(FamilyKind::AggregateFunction, "AggregateFunction")},
    {"SimpleAggregateFunction", false, of(FamilyKind::SimpleAggregateFunction, "SimpleAggregateFunction")},
    {"QBit", false, of(FamilyKind::QBit, "QBit")},
    {"Enum8", false, of(FamilyKind::Enum8, "Enum8")},
    {"Enum16", false, of(FamilyKind::Enum16, "Enum16")},
    {"IntervalNanosecond", false, interval(IntervalUnit::Nanosecond, "IntervalNanosecond")},
    {"IntervalMicrosecond", false, interval(IntervalUnit::Microsecond, "IntervalMicrosecond")},
    {"IntervalMillisecond", false, interval(IntervalUnit::Millisecond, "IntervalMillisecond")},
    {"IntervalSecond", false, interval(IntervalUnit::Second, "IntervalSecond")},
    {"IntervalMinute", false, interval(IntervalUnit::Minute, "IntervalMinute")},
    {"IntervalHour", false, interval(IntervalUnit::Hour, "IntervalHour")},
    {"IntervalDay", false, interval(IntervalUnit::Day, "IntervalDay")},
    {"IntervalWeek", false, interval(IntervalUnit::Week, "IntervalWeek")},
    {"IntervalMonth", false, interval(IntervalUnit::Month, "IntervalMonth")},
    {"IntervalQuarter", false, interval(IntervalUnit::Quarter, "IntervalQuarter")},
    {"IntervalYear", false, interval(IntervalUnit::Year, "IntervalYear")},
    {"Point", false, of(FamilyKind::Geo, "Point")},
    {"Ring", false, of(FamilyKind::Geo, "Ring")},
    {"LineString", false, of(FamilyKind::Geo, "LineString")},
    {"MultiLineString", false, of(FamilyKind::Geo, "MultiLineString")},
    {"Polygon", false, of(FamilyKind::Geo, "Polygon")},
    {"MultiPolygon", false, of(FamilyKind::Geo, "MultiPolygon")},
    {"Geometry", false, of(FamilyKind::Geo, "Geometry")},
    {"GEOMETRY", false, of(FamilyKind::Geo, "Geometry")},
    // Registered case-insensitively.
    {"Bool", true, plain(TypeKind::Bool, "Bool")},
    {"boolean", true, plain(TypeKind::Bool, "Bool")},
    {"Date", true, plain(TypeKind::Date, "Date")},
    {"Date32", true, plain(TypeKind::Date32, "Date32")},
    {"DateTime", true, of(FamilyKind::DateTime, "DateTime")},
    {"TIMESTAMP", true, of(FamilyKind::DateTime, "DateTime")},
    {"DateTime32", true, of(FamilyKind::DateTime32, "DateTime32")},
    {"DateTime64", true, of(FamilyKind::DateTime64, "DateTime64")},
    {"Time", true, of(FamilyKind::Time, "Time")},
    {"Time64", true, of(FamilyKind::Time64, "Time64")},
    {"Decimal", true, of(FamilyKind::Decimal, "Decimal")},
    {"DEC", true, of(FamilyKind::Decimal, "Decimal")},
    {"FIXED", true, of(FamilyKind::Decimal, "Decimal")},
    {"NUMERIC", true, of(FamilyKind::Decimal, "Decimal")},
    {"Decimal32", true, decimalN(9, "Decimal32")},
    {"Decimal64", true, decimalN(18, "Decimal64")},
    {"Decimal128", true, decimalN(38, "Decimal128")},
    {"Decimal256", true, decimalN(76, "Decimal256")},
    {"Enum", true, of(FamilyKind::Enum, "Enum")},
    {"JSON", true, of(FamilyKind::Json, "JSON")},
    {"BINARY", true, of(FamilyKind::FixedString, "FixedString")},
    {"FLOAT", true, number(TypeKind::Float32, "Float32")},
    {"REAL", true, number(TypeKind::Float32, "Float32")},
    {"SINGLE", true, number(TypeKind::Float32, "Float32")},
    {"DOUBLE", true, number(TypeKind::Float64, "Float64")},
    {"DOUBLE PRECISION", true, number(TypeKind::Float64, "Float64")},
    {"INET4", true, plain(TypeKind::IPv4, "IPv4")},
    {"INET6", true, plain(TypeKind::IPv6, "IPv6")},
    {"BYTE", true, number(TypeKind::Int8, "Int8")},
    {"INT1", true, number(TypeKind::Int8, "Int8")},
    {"INT1 SIGNED", true, number(TypeKind::Int8, "Int8")},
    {"TINYINT", true, number(TypeKind::Int8, "Int8")},
    {"TINYINT SIGNED", true, number(TypeKind::Int8, "Int8")},
    {"SMALLINT", true, number(TypeKind::Int16, "Int16")},
    {"SMALLINT SIGNED", true, number(TypeKind::Int16, "Int16")},
    {"INT", true, number(TypeKind::Int32, "Int32")},
    {"INT SIGNED", true, number(TypeKind::Int32, "Int32")},
    {"INTEGER", true, number(TypeKind::Int32, "Int32")},
    {"INTEGER SIGNED", true, number(TypeKind::Int32, "Int32")},
    {"MEDIUMINT", true, number(TypeKind::Int32, "Int32")},
    {"MEDIUMINT SIGNED", true, number(TypeKind::Int32, "Int32")},
    {"BIGINT", true, number(TypeKind::Int64, "Int64")},
    {"BIGINT SIGNED", true, number(TypeKind::Int64, "Int64")},
    {"SIGNED", true, number(TypeKind::Int64, "Int64")},
    {"INT1 UNSIGNED", true, number(TypeKind::UInt8, "UInt8")},
    {"TINYINT UNSIGNED", true, number(TypeKind::UInt8, "UInt8")},
    {"SMALLINT UNSIGNED", true, number(TypeKind::UInt16, "UInt16")},
    {"YEAR", true, number(TypeKind::UInt16, "UInt16")},
    {"INT UNSIGNED", true, number(TypeKind::UInt32, "UInt32")},
    {"INTEGER UNSIGNED", true, number(TypeKind::UInt32, "UInt32")},
    {"MEDIUMINT UNSIGNED", true, number(TypeKind::UInt32, "UInt32")},
    {"BIGINT UNSIGNED", true, number(TypeKind::UInt64, "UInt64")},
    {"BIT", true, number(TypeKind::UInt64, "UInt64")},
    {"SET", true, number(TypeKind::UInt64, "UInt64")},
    {"UNSIGNED", true, number(TypeKind::UInt64, "UInt64")},
    {"BINARY LARGE OBJECT", true, kString},
    {"BINARY VARYING", true, kString},
    {"BLOB", true, kString},
    {"BYTEA", true, kString},
    {"CHAR", true, kString},
    {"CHAR LARGE OBJECT", true, kString},
    {"CHAR VARYING", true, kString},
    {"CHARACTER", true, kString},
    {"CHARACTER LARGE OBJECT", true, kString},
    {"CHARACTER VARYING", true, kString},
    {"CLOB", true, kString},
    {"LONGBLOB", true, kString},
    {"LONGTEXT", true, kString},
    {"MEDIUMBLOB", true, kString},
    {"MEDIUMTEXT", true, kString},
    {"NATIONAL CHAR", true, kString},
    {"NATIONAL CHAR VARYING", true, kString},
    {"NATIONAL CHARACTER", true, kString},
    {"NATIONAL CHARACTER LARGE OBJECT", true, kString},
    {"NATIONAL CHARACTER VARYING", true, kString},
    {"NCHAR", true, kString},
    {"NCHAR LARGE OBJECT", true, kString},
    {"NCHAR VARYING", true, kString},
    {"NVARCHAR", true, kString},
    {"TEXT", true, kString},
    {"TINYBLOB", true, kString},
    {"TINYTEXT", true, kString},
    {"VARBINARY", true, kString},
    {"VARCHAR", true, kString},
    {"VARCHAR2", true, kString},
};

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<TypeFamily> lookupTypeFamily(std::string_view name) {
  for (const auto& e : kEntries) {
    if (e.name == name) return e.family;
  }
  for (const auto& e : kEntries) {
    if (e.case_insensitive && equalsIgnoreCase(e.name, name)) return e.family;
  }
  return std::nullopt;
}

std::vector<std::string_view> typeFamilyNames() {
  std::vector<std::string_view> out;
  for (const auto& e : kEntries)
    if (e.name == e.family.canonical) out.push_back(e.name);
  return out;
}

}  // namespace ferry::types
