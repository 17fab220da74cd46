// toString: the canonical type name, exactly as toTypeName prints it with
// print_pretty_type_names = 0.
#include <string>

#include "compiler/types/data_type.h"

namespace ferry::types {

namespace {

std::string_view simpleName(TypeKind kind) {
  switch (kind) {
    case TypeKind::Nothing: return "Nothing";
    case TypeKind::UInt8: return "UInt8";
    case TypeKind::UInt16: return "UInt16";
    case TypeKind::UInt32: return "UInt32";
    case TypeKind::UInt64: return "UInt64";
    case TypeKind::UInt128: return "UInt128";
    case TypeKind::UInt256: return "UInt256";
    case TypeKind::Int8: return "Int8";
    case TypeKind::Int16: return "Int16";
    case TypeKind::Int32: return "Int32";
    case TypeKind::Int64: return "Int64";
    case TypeKind::Int128: return "Int128";
    case TypeKind::Int256: return "Int256";
    case TypeKind::BFloat16: return "BFloat16";
    case TypeKind::Float32: return "Float32";
    case TypeKind::Float64: return "Float64";
    case TypeKind::Bool: return "Bool";
    case TypeKind::String: return "String";
    case TypeKind::Date: return "Date";
    case TypeKind::Date32: return "Date32";
    case TypeKind::Time: return "Time";
    case TypeKind::UUID: return "UUID";
    case TypeKind::IPv4: return "IPv4";
    case TypeKind::IPv6: return "IPv6";
    case TypeKind::Set: return "Set";
    default: return {};
  }
}

std::string_view intervalName(IntervalUnit unit) {
  switch (unit) {
    case IntervalUnit::Nanosecond: return "IntervalNanosecond";
    case IntervalUnit::Microsecond: return "IntervalMicrosecond";
    case IntervalUnit::Millisecond: return "IntervalMillisecond";
    case IntervalUnit::Second: return "IntervalSecond";
    case IntervalUnit::Minute: return "IntervalMinute";
    case IntervalUnit::Hour: return "IntervalHour";
    case IntervalUnit::Day: return "IntervalDay";
    case IntervalUnit::Week: return "IntervalWeek";
    case IntervalUnit::Month: return "IntervalMonth";
    case IntervalUnit::Quarter: return "IntervalQuarter";
    case IntervalUnit::Year: return "IntervalYear";
  }
  return "IntervalSecond";
}

void print(const DataType& t, std::string& out);

void printList(const DataType& t, std::string& out, size_t first = 0) {
  for (size_t i = first; i < t.children.size(); ++i) {
    if (i > first) out += ", ";
    if (i < t.element_names.size()) {
      out += quoteNameIfNeeded(t.element_names[i]);
      out += ' ';
    }
    print(*t.children[i], out);
  }
}

void wrap(std::string_view name, const DataType& t, std::string& out) {
  out += name;
  out += '(';
  printList(t, out);
  out += ')';
}

void print(const DataType& t, std::string& out) {
  if (!t.custom_name.empty()) {
    out += t.custom_name;
    return;
  }
  if (auto name = simpleName(t.kind); !name.empty()) {
    out += name;
    return;
  }
  switch (t.kind) {
    case TypeKind::Decimal:
      out += "Decimal(" + std::to_string(t.precision) + ", " + std::to_string(t.scale) + ")";
      return;
    case TypeKind::FixedString:
      out += "FixedString(" + std::to_string(t.length) + ")";
      return;
    case TypeKind::DateTime:
      out += "DateTime";
      if (!t.timezone.empty()) out += "(" + quoteString(t.timezone) + ")";
      return;
    case TypeKind::DateTime64:
      out += "DateTime64(" + std::to_string(t.precision);
      if (!t.timezone.empty()) out += ", " + quoteString(t.timezone);
      out += ")";
      return;
    case TypeKind::Time64:
      out += "Time64(" + std::to_string(t.precision) + ")";
      return;
    case TypeKind::Enum8:
    case TypeKind::Enum16:
      out += t.kind == TypeKind::Enum8 ? "Enum8(" : "Enum16(";
      for (size_t i = 0; i < t.enum_values.size(); ++i) {
        if (i > 0) out += ", ";
        out += quoteString(t.enum_values[i].name);
        out += " = ";
        out += std::to_string(t.enum_values[i].value);
      }
      out += ")";
      return;
    case TypeKind::Nullable: wrap("Nullable", t, out); return;
    case TypeKind::LowCardinality: wrap("LowCardinality", t, out); return;
    case TypeKind::Array: wrap("Array", t, out); return;
    case TypeKind::Tuple: wrap("Tuple", t, out); return;
    case TypeKind::Map: wrap("Map", t, out); return;
    case TypeKind::Nested: wrap("Nested", t, out); return;
    case TypeKind::Variant: wrap("Variant", t, out); return;
    case TypeKind::Dynamic:
      out += "Dynamic";
      if (t.max_types) out += "(max_types=" + std::to_string(*t.max_types) + ")";
      return;
    case TypeKind::JSON:
      out += "JSON";
      if (!t.json_params.empty()) out += "(" + t.json_params + ")";
      return;
    case TypeKind::Interval: out += intervalName(t.interval_unit); return;
    case TypeKind::AggregateFunction: {
      out += "AggregateFunction(";
      if (t.aggregate.version && *t.aggregate.version != 0) {
        out += std::to_string(*t.aggregate.version) + ", ";
      }
      out += t.aggregate.function;
      if (!t.aggregate.params.empty()) {
        out += '(';
        for (size_t i = 0; i < t.aggregate.params.size(); ++i) {
          if (i > 0) out += ", ";
          out += t.aggregate.params[i];
        }
        out += ')';
      }
      for (const auto& arg : t.children) {
        out += ", ";
        print(*arg, out);
      }
      out += ')';
      return;
    }
    case TypeKind::SimpleAggregateFunction:
      out += "SimpleAggregateFunction(" + t.aggregate.function + ", ";
      if (!t.children.empty()) print(*t.child(), out);
      out += ')';
      return;
    case TypeKind::QBit:
      out += "QBit(";
      if (!t.children.empty()) print(*t.child(), out);
      out += ", " + std::to_string(t.length) + ")";
      return;
    case TypeKind::Function: {
      // DataTypeFunction's name: `Function(A -> R)`, `Function((A, B) -> R)`, `Function( -> R)`.
      out += "Function(";
      size_t params = t.children.empty() ? 0 : t.children.size() - 1;
      if (params > 1) out += '(';
      for (size_t i = 0; i < params; ++i) {
        if (i > 0) out += ", ";
        print(*t.children[i], out);
      }
      if (params > 1) out += ')';
      out += " -> ";
      if (!t.children.empty()) print(*t.children.back(), out);
      out += ')';
      return;
    }
    default: out += "<unknown>"; return;
  }
}

}  // namespace

std::string toString(const DataType& type) {
  std::string out;
  print(type, out);
  return out;
}

}  // namespace ferry::types
