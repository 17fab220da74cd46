/// Classic INCLUDE: the included file's lines (after `$KEY` substitution) replace the INCLUDE line
/// and reading goes on over them. Runs before the directives are interpreted.
#pragma once

#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/datafile/line_reader.h"
#include "compiler/datafile/origin_text.h"
#include "compiler/datafile/parse_datafile.h"

namespace ferry::datafile {

/// Replaces every INCLUDE line of `text` (found or not) and returns the entries of the result.
std::vector<RawEntry> expandIncludes(OriginText& text, SourceManager& sources, const LineReaderOptions& reader,
                                     const ParseOptions& options, std::vector<Include>& includes,
                                     DiagnosticSink& sink);

}  // namespace ferry::datafile
