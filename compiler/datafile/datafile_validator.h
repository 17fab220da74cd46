/// Whole-file checks the Forward CLI makes after reading a datafile (Datafile.validate): node
/// attributes per node type, required settings, token permissions, sorting keys.
#pragma once

#include "compiler/base/diagnostic.h"
#include "compiler/datafile/datafile_ast.h"

namespace ferry::datafile {

void validateDatafile(const Datafile& doc, Dialect dialect, DiagnosticSink& sink);

/// croniter-style check: five (or six) cron fields, or one of the @-aliases.
bool isCronExpression(std::string_view s);

}  // namespace ferry::datafile
