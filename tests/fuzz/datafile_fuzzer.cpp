/// libFuzzer target: the datafile reader. The same bytes are read as each file kind in both dialects, with the
/// whole-file validation on and an INCLUDE reader that always returns one small include file
/// (so INCLUDE lines expand without touching the disk), then printed back.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "compiler/datafile/datafile_printer.h"
#include "compiler/datafile/parse_datafile.h"
#include "tests/fuzz/fuzz_support.h"

using namespace ferry;

namespace {

const char* const kInclude =
    "NODE included_node\n"
    "SQL >\n"
    "    SELECT $KEY AS v FROM t\n"
    "\n"
    "TYPE endpoint\n";

std::optional<std::string> readInclude(const std::string& path) {
  if (path.find("missing") != std::string::npos) return std::nullopt;
  return std::string(kInclude);
}

std::optional<std::string> lookupVariable(std::string_view name) {
  if (name == "FUZZ_VAR") return std::string("value");
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (auto kind : {datafile::DatafileKind::Datasource, datafile::DatafileKind::Pipe,
                    datafile::DatafileKind::Connection, datafile::DatafileKind::Include})
  for (auto dialect : {datafile::Dialect::Forward, datafile::Dialect::Classic}) {
    SourceManager sources;
    FileId file = sources.add("fuzz.datafile", text);
    DiagnosticSink sink;
    datafile::ParseOptions options;
    options.name = "fuzz";
    options.read_file = readInclude;
    options.environment = lookupVariable;
    options.validate = true;
    options.dialect = dialect;
    auto doc = datafile::parseDatafile(sources, file, kind, options, sink);
    fuzz::checkDiagnostics(sink, sources);
    (void)datafile::printDatafile(doc);
    (void)datafile::dumpDatafile(doc, &sources);
  }
  return 0;
}
