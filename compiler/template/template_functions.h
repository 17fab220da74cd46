/// The functions a Tinybird template can call: typed parameter functions, the template helpers
/// (column, sql_and, ...) and the few Python builtins templates use. One table drives the
/// unknown-function check, parameter collection and rendering.
#pragma once

#include <span>
#include <string_view>

namespace ferry::tpl {

enum class FunctionKind {
  TypedParam,     ///< String, Int32, DateTime, ... (name, default, keyword options)
  IntParam,       ///< Int / Integer: validated as Int32, rendered as a plain number
  FloatParam,     ///< Float32 / Float64: rendered as toFloat64('1.5')
  SizedIntParam,  ///< Int8 ... UInt256: rendered as toInt32('5')
  BooleanParam,   ///< Boolean / bool: 1 or 0
  ArrayParam,     ///< Array(name, 'Type', default)
  JsonParam,      ///< JSON(name, default)
  SymbolParam,    ///< Symbol / Column / symbol(x): a backticked identifier
  Column,
  Columns,
  Table,
  Defined,
  SqlAnd,
  SplitToArray,
  EnumerateWithLast,
  DayDiff,
  DateDiffDays,
  DateDiffHours,
  DateDiffMinutes,
  DateDiffSeconds,
  SqlUnescape,
  Error,
  CustomError,
  TbSecret,
  MaxThreads,
  BackendHint,
  CacheTtl,
  Activate,
  Disable,
  Builtin,  ///< len, str, int, sum, range, ... (real Python builtins are visible to templates)
};

struct FunctionInfo {
  std::string_view name;
  FunctionKind kind;
  /// For parameter functions: the type name Tinybird reports ("Int32" for Int/Integer).
  std::string_view param_type;
};

/// The function called `name`, or nullptr when templates have no such function.
const FunctionInfo* findFunction(std::string_view name);
/// Every function templates can call, in table order (the language server completes them).
std::span<const FunctionInfo> allFunctions();

/// True for functions whose first argument names a parameter (typed functions, defined(),
/// column(), split_to_array(), ...).
bool takesParameterName(FunctionKind kind);

/// True for typed parameter functions (they give the parameter its type and default).
bool isTypedParameterFunction(FunctionKind kind);

}  // namespace ferry::tpl
