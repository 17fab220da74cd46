// Golden tests: every datafile under tests/datafile/golden/ is read; its diagnostics, tree dump and
// canonical print must equal <file>.expected. FERRY_UPDATE_GOLDEN=1 rewrites the expectations.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/base/file_text.h"
#include "compiler/datafile/datafile_printer.h"
#include "compiler/datafile/parse_datafile.h"

namespace fs = std::filesystem;
using namespace ferry;
using namespace ferry::datafile;

namespace {

/// The file's bytes; empty when it cannot be read (the caller's checks then fail visibly).
std::string readAll(const fs::path& p) { return ferry::readFileText(p).value_or(std::string()); }

std::string render(const fs::path& path) {
  SourceManager sources;
  FileId id = sources.add(path.filename().string(), readAll(path));
  ParseOptions options;
  fs::path dir = path.parent_path();
  options.read_file = [dir](const std::string& p) -> std::optional<std::string> {
    if (!fs::exists(dir / p)) return std::nullopt;
    return readAll(dir / p);
  };
  options.environment = [](std::string_view name) -> std::optional<std::string> {
    if (name == "FERRY_TEST_TOPIC") return std::string("golden_topic");
    return std::nullopt;
  };
  if (path.filename().string().find(".classic.") != std::string::npos) options.dialect = Dialect::Classic;
  DiagnosticSink sink;
  auto doc = parseDatafile(sources, id, kindFromPath(path.string()), options, sink);
  std::string out = "# diagnostics\n";
  for (auto& d : sink.all()) out += renderText(d, sources) + "\n";
  out += "# tree\n" + dumpDatafile(doc, &sources);
  out += "# formatted\n" + printDatafile(doc);
  return out;
}

}  // namespace

TEST_CASE("datafile golden files", "[datafile][golden]") {
  fs::path dir = FERRY_DATAFILE_GOLDEN_DIR;
  bool update = std::getenv("FERRY_UPDATE_GOLDEN") != nullptr;
  std::vector<fs::path> inputs;
  for (auto& e : fs::directory_iterator(dir)) {
    auto kind = kindFromPath(e.path().string());
    if (kind == DatafileKind::Datasource || kind == DatafileKind::Pipe || kind == DatafileKind::Connection)
      inputs.push_back(e.path());
  }
  std::sort(inputs.begin(), inputs.end());
  REQUIRE_FALSE(inputs.empty());
  for (auto& input : inputs) {
    DYNAMIC_SECTION(input.filename().string()) {
      std::string actual = render(input);
      fs::path expected_path = input.string() + ".expected";
      if (update) {
        std::ofstream(expected_path, std::ios::binary) << actual;
        WARN("updated " << expected_path.string());
      } else {
        REQUIRE(fs::exists(expected_path));
        CHECK(actual == readAll(expected_path));
      }
    }
  }
}
