/// The parameters a template reads: what an endpoint accepts and the LSP describes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"
#include "compiler/template/template_ast.h"

namespace ferry::tpl {

/// A literal argument of a parameter function (default, example, ...), as written.
struct ParameterLiteral {
  LiteralKind kind = LiteralKind::None;
  std::string value;  ///< decoded string, or the number's source text, or "True"/"False"/"None"
  std::vector<ParameterLiteral> items;  ///< for list/tuple literals (enum=[...])
  bool is_list = false;
  Span span;
};

struct Parameter {
  std::string name;
  /// Tinybird's type name: "String", "Int32", "Int" (Int32 rendered as a plain number),
  /// "DateTime", "Array(Int32)", "Boolean", "Column", ... An untyped use (`{{x}}`, `defined(x)`,
  /// `x == 'a'`) counts as "String", as Tinybird does.
  std::string type = "String";
  bool typed = false;  ///< seen in a typed function (String(x), Int32(x), Array(x, ...), ...)
  std::optional<ParameterLiteral> default_value;
  std::string description;
  std::optional<bool> required;
  std::optional<bool> defined;  ///< the `defined=False` keyword of typed functions
  std::vector<std::string> enum_values;
  std::string example;
  std::string format;
  /// Only referenced through defined(), split_to_array(), column() ...
  bool used_in_function_call = false;
  Span span;               ///< the first typed occurrence of the name, else the first use
  std::vector<Span> uses;  ///< every occurrence of the name, in source order
};

/// Collects the parameters in source order (first occurrence). Names bound by {% set %} or a
/// for loop are locals, not parameters; function names are not parameters. Reports
/// TPL_RESERVED_PARAMETER / TPL_FORBIDDEN_PARAMETER for names Tinybird reserves.
std::vector<Parameter> collectParameters(const Template& t, DiagnosticSink& sink);

}  // namespace ferry::tpl
