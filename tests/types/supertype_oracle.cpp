// leastSupertype against ClickHouse 26.7: every row of oracle/probe_types.tsv in group
// `supertype:if` (`if(rand() % 2 = 0, A, B)` with A, B constants of known types) must give the
// type ClickHouse printed. Prints the agreement; exits 77 when ../shared is absent.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "compiler/functions/rule_text.h"
#include "compiler/types/supertype.h"
#include "compiler/types/type_parser.h"

namespace fs = std::filesystem;
using namespace ferry::types;

namespace {

/// The type of one probe argument: `CAST(x AS T)`, `toUUID(...)`, `toIPv4(...)`, `true`.
TypePtr argumentType(const std::string& arg) {
  if (arg == "true" || arg == "false") return makeType(TypeKind::Bool);
  if (arg.rfind("toUUID(", 0) == 0) return makeType(TypeKind::UUID);
  if (arg.rfind("toIPv4(", 0) == 0) return makeType(TypeKind::IPv4);
  if (arg.rfind("toIPv6(", 0) == 0) return makeType(TypeKind::IPv6);
  if (arg.rfind("CAST(", 0) == 0 && arg.back() == ')') {
    // The last top-level " AS " inside CAST( ... ).
    std::string inner = arg.substr(5, arg.size() - 6);
    size_t as = inner.rfind(" AS ");
    if (as == std::string::npos) return nullptr;
    auto r = parseTypeName(inner.substr(as + 4));
    return r.type;
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  bool verbose = argc > 1 && std::string(argv[1]) == "--verbose";
  fs::path path = fs::path(FERRY_SHARED_DIR) / "oracle" / "probe_types.tsv";
  if (!fs::exists(path)) {
    std::printf("SKIPPED: ../shared is absent\n");
    return 77;
  }
  std::ifstream in(path);
  std::string line;
  size_t rows = 0, agree = 0, unreadable = 0;
  const std::string prefix = "if(rand() % 2 = 0, ";
  while (std::getline(in, line)) {
    if (line.rfind("supertype:if\t", 0) != 0) continue;
    size_t tab1 = line.find('\t');
    size_t tab2 = line.find('\t', tab1 + 1);
    std::string expr = line.substr(tab1 + 1, tab2 - tab1 - 1);
    std::string expected = line.substr(tab2 + 1);
    ++rows;
    if (expr.rfind(prefix, 0) != 0 || expr.back() != ')') {
      ++unreadable;
      continue;
    }
    auto args = ferry::functions::splitTopLevel(std::string_view(expr).substr(prefix.size(), expr.size() - prefix.size() - 1));
    if (args.size() != 2) {
      ++unreadable;
      continue;
    }
    TypePtr a = argumentType(std::string(args[0]));
    TypePtr b = argumentType(std::string(args[1]));
    if (!a || !b) {
      ++unreadable;
      if (verbose) std::printf("  UNREADABLE %s\n", expr.c_str());
      continue;
    }
    std::vector<TypePtr> pair = {a, b};
    SupertypeOptions options;
    options.remove_low_cardinality = true;  // what `if` does
    std::string got = toString(leastSupertype(pair, options));
    if (got == expected) {
      ++agree;
    } else if (verbose || rows - agree - unreadable <= 20) {
      std::printf("  MISMATCH %s, %s: expected %s, got %s\n", toString(a).c_str(), toString(b).c_str(),
                  expected.c_str(), got.c_str());
    }
  }
  std::printf("supertype:if rows %zu  agree %zu (%.2f%%)  unreadable %zu\n", rows, agree,
              rows ? 100.0 * static_cast<double>(agree) / static_cast<double>(rows) : 0.0, unreadable);
  return agree == rows ? 0 : 1;
}
