/// The SCHEMA block's column list, scanned the way the Forward CLI's schema scanner does, with
/// the same error texts, but reporting each error at its exact place and going on with the next
/// column.
#pragma once

#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/datafile/block_line.h"
#include "compiler/datafile/datafile_ast.h"

namespace ferry::datafile {

std::vector<Column> parseSchema(const std::vector<BlockLine>& lines, const SpanOf& span_of, Dialect dialect,
                                DiagnosticSink& sink);

}  // namespace ferry::datafile
