#include "compiler/template/template_functions.h"

#include <array>

namespace ferry::tpl {

namespace {
using K = FunctionKind;
/// Sources: sql_template.py's get_transform_types(), function_list and generate() namespace,
/// summarised in reference/datafiles.md §3.6.
constexpr std::array kFunctions = {
    FunctionInfo{"String", K::TypedParam, "String"},
    FunctionInfo{"DateTime64", K::TypedParam, "DateTime64"},
    FunctionInfo{"DateTime", K::TypedParam, "DateTime"},
    FunctionInfo{"Date", K::TypedParam, "Date"},
    FunctionInfo{"Float32", K::FloatParam, "Float32"},
    FunctionInfo{"Float64", K::FloatParam, "Float64"},
    FunctionInfo{"Int", K::IntParam, "Int"},
    FunctionInfo{"Integer", K::IntParam, "Integer"},
    FunctionInfo{"Int8", K::SizedIntParam, "Int8"},
    FunctionInfo{"Int16", K::SizedIntParam, "Int16"},
    FunctionInfo{"Int32", K::SizedIntParam, "Int32"},
    FunctionInfo{"Int64", K::SizedIntParam, "Int64"},
    FunctionInfo{"Int128", K::SizedIntParam, "Int128"},
    FunctionInfo{"Int256", K::SizedIntParam, "Int256"},
    FunctionInfo{"UInt8", K::SizedIntParam, "UInt8"},
    FunctionInfo{"UInt16", K::SizedIntParam, "UInt16"},
    FunctionInfo{"UInt32", K::SizedIntParam, "UInt32"},
    FunctionInfo{"UInt64", K::SizedIntParam, "UInt64"},
    FunctionInfo{"UInt128", K::SizedIntParam, "UInt128"},
    FunctionInfo{"UInt256", K::SizedIntParam, "UInt256"},
    FunctionInfo{"Boolean", K::BooleanParam, "Boolean"},
    FunctionInfo{"bool", K::BooleanParam, "Boolean"},
    FunctionInfo{"Array", K::ArrayParam, "Array"},
    FunctionInfo{"JSON", K::JsonParam, "JSON"},
    FunctionInfo{"Symbol", K::SymbolParam, "Symbol"},
    FunctionInfo{"Column", K::SymbolParam, "Column"},
    FunctionInfo{"symbol", K::SymbolParam, "Symbol"},
    FunctionInfo{"column", K::Column, ""},
    FunctionInfo{"columns", K::Columns, ""},
    FunctionInfo{"table", K::Table, ""},
    FunctionInfo{"TABLE", K::Table, ""},
    FunctionInfo{"defined", K::Defined, ""},
    FunctionInfo{"sql_and", K::SqlAnd, ""},
    FunctionInfo{"split_to_array", K::SplitToArray, ""},
    FunctionInfo{"enumerate_with_last", K::EnumerateWithLast, ""},
    FunctionInfo{"day_diff", K::DayDiff, ""},
    FunctionInfo{"date_diff_in_days", K::DateDiffDays, ""},
    FunctionInfo{"date_diff_in_hours", K::DateDiffHours, ""},
    FunctionInfo{"date_diff_in_minutes", K::DateDiffMinutes, ""},
    FunctionInfo{"date_diff_in_seconds", K::DateDiffSeconds, ""},
    FunctionInfo{"sql_unescape", K::SqlUnescape, ""},
    FunctionInfo{"error", K::Error, ""},
    FunctionInfo{"custom_error", K::CustomError, ""},
    FunctionInfo{"tb_secret", K::TbSecret, ""},
    FunctionInfo{"tb_var", K::TbSecret, ""},
    FunctionInfo{"max_threads", K::MaxThreads, ""},
    FunctionInfo{"backend_hint", K::BackendHint, ""},
    FunctionInfo{"cache_ttl", K::CacheTtl, ""},
    FunctionInfo{"activate", K::Activate, ""},
    FunctionInfo{"disable", K::Disable, ""},
    // Python builtins the renderer implements (Tinybird leaves builtins visible).
    FunctionInfo{"len", K::Builtin, ""},
    FunctionInfo{"str", K::Builtin, ""},
    FunctionInfo{"int", K::Builtin, ""},
    FunctionInfo{"float", K::Builtin, ""},
    FunctionInfo{"list", K::Builtin, ""},
    FunctionInfo{"tuple", K::Builtin, ""},
    FunctionInfo{"sum", K::Builtin, ""},
    FunctionInfo{"min", K::Builtin, ""},
    FunctionInfo{"max", K::Builtin, ""},
    FunctionInfo{"abs", K::Builtin, ""},
    FunctionInfo{"range", K::Builtin, ""},
    FunctionInfo{"enumerate", K::Builtin, ""},
    FunctionInfo{"sorted", K::Builtin, ""},
    FunctionInfo{"reversed", K::Builtin, ""},
    FunctionInfo{"any", K::Builtin, ""},
    FunctionInfo{"all", K::Builtin, ""},
    FunctionInfo{"round", K::Builtin, ""},
    FunctionInfo{"zip", K::Builtin, ""},
};
}  // namespace

const FunctionInfo* findFunction(std::string_view name) {
  for (const auto& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::span<const FunctionInfo> allFunctions() { return kFunctions; }

bool isTypedParameterFunction(FunctionKind kind) {
  switch (kind) {
    case K::TypedParam:
    case K::IntParam:
    case K::FloatParam:
    case K::SizedIntParam:
    case K::BooleanParam:
    case K::ArrayParam:
    case K::JsonParam:
    case K::SymbolParam:
      return true;
    default:
      return false;
  }
}

bool takesParameterName(FunctionKind kind) {
  if (isTypedParameterFunction(kind)) return true;
  switch (kind) {
    case K::Column:
    case K::Columns:
    case K::Table:
    case K::Defined:
    case K::SplitToArray:
    case K::EnumerateWithLast:
    case K::DayDiff:
    case K::DateDiffDays:
    case K::DateDiffHours:
    case K::DateDiffMinutes:
    case K::DateDiffSeconds:
    case K::SqlUnescape:
      return true;
    default:
      return false;
  }
}

}  // namespace ferry::tpl
