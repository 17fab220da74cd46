/// Parsing node SQL as a Tinybird template: the `%` marker rule and the template tree.
#pragma once

#include <string_view>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"
#include "compiler/template/template_ast.h"

namespace ferry::tpl {

/// True when the SQL's first non-blank character is the `%` marker (Tinybird's
/// `sql.strip()[0] == '%'` rule): only then are {{ }} and {% %} processed.
bool isTemplate(std::string_view sql);

/// Parses `sql` (a node's SQL text; `map` sends its offsets to the datafile). For SQL without
/// the marker, reports TPL_MISSING_MARKER when it contains {{ or {% (Tinybird refuses such
/// queries) and returns a single text run. Never throws; every problem becomes a diagnostic
/// with an exact span, and the returned tree holds whatever parsed.
Template parseTemplate(std::string_view sql, const SourceMap& map, DiagnosticSink& sink);

/// Convenience: the SQL is the whole file `file` starting at offset `base`.
Template parseTemplate(std::string_view sql, FileId file, uint32_t base, DiagnosticSink& sink);

}  // namespace ferry::tpl
