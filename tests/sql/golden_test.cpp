// Golden files: tests/sql/golden/<case>.sql (one statement) -> <case>.expected holding the
// one-line print, the pretty print and the tree dump. FERRY_UPDATE_GOLDEN=1 rewrites the
// expectations (review the diff). Every case must also satisfy the round-trip invariant.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/base/file_text.h"

#include "tests/sql/roundtrip_check.h"

namespace fs = std::filesystem;
using ferry::sql::test::checkRoundTrip;

namespace {

/// The file's bytes; empty when it cannot be read (the caller's checks then fail visibly).
std::string readFile(const fs::path& p) { return ferry::readFileText(p).value_or(std::string()); }

}  // namespace

TEST_CASE("golden prints and dumps", "[golden]") {
  fs::path dir = FERRY_SQL_GOLDEN_DIR;
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".sql") cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  REQUIRE_FALSE(cases.empty());
  const char* update_env = std::getenv("FERRY_UPDATE_GOLDEN");
  bool update = update_env && std::string(update_env) == "1";

  for (const fs::path& sql_path : cases) {
    std::string sql = readFile(sql_path);
    auto r = checkRoundTrip(sql);
    INFO("case: " << sql_path.filename().string() << "\n" << r.failure);
    CHECK(r.ok);
    if (!r.parsed) continue;
    std::string actual = "-- one-line\n" + r.printed + "\n-- pretty\n" + r.pretty + "\n-- dump\n" +
                         ferry::sql::dump(*r.tree) + "\n";
    fs::path expected_path = sql_path;
    expected_path.replace_extension(".expected");
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    REQUIRE(fs::exists(expected_path));
    CHECK(readFile(expected_path) == actual);
  }
}
