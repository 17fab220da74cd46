/// The INDEXES block: one `[INDEX] name expr TYPE type[(args)] [GRANULARITY n]` per line, as the
/// Forward CLI reads it.
#pragma once

#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/datafile/block_line.h"
#include "compiler/datafile/datafile_ast.h"

namespace ferry::datafile {

std::vector<Index> parseIndexes(const std::vector<BlockLine>& lines, const SpanOf& span_of, DiagnosticSink& sink);

}  // namespace ferry::datafile
