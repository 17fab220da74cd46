/// The printer's invariant, shared by the unit tests, the golden runner and the corpus tool:
/// parse(text) = T; parse(print(T)) must equal T ignoring spans, in one-line and pretty mode.
/// (Idempotence of printing follows: equal trees print equal text.)
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"
#include "compiler/sql/ast.h"
#include "compiler/sql/printer.h"
#include "compiler/sqlparse/sql_parser.h"

namespace ferry::sql::test {

struct RoundTrip {
  bool parsed = false;  ///< the original text parsed
  bool ok = false;      ///< every check passed
  std::string failure;  ///< what failed, with the texts involved
  std::string printed;  ///< the one-line print of the original tree
  std::string pretty;   ///< the pretty print of the original tree
  std::unique_ptr<SelectStatement> tree;
};

inline std::string diagnosticsText(const DiagnosticSink& sink) {
  std::string out;
  for (const Diagnostic& d : sink.all()) out += std::string(diagName(d.id)) + ": " + d.message + "\n";
  return out;
}

inline RoundTrip checkRoundTrip(std::string_view text) {
  RoundTrip r;
  SourceMap map;
  DiagnosticSink sink;
  r.tree = parseQuery(text, map, sink);
  if (!r.tree) {
    r.failure = "original does not parse:\n" + diagnosticsText(sink);
    return r;
  }
  r.parsed = true;
  for (bool pretty : {false, true}) {
    PrintOptions options;
    options.pretty = pretty;
    std::string printed = printStatement(*r.tree, options);
    (pretty ? r.pretty : r.printed) = printed;
    DiagnosticSink again_sink;
    auto again = parseQuery(printed, map, again_sink);
    std::string mode = pretty ? "pretty" : "one-line";
    if (!again) {
      r.failure = mode + " print does not parse:\n" + printed + "\n" + diagnosticsText(again_sink);
      return r;
    }
    if (!equalIgnoringSpans(*r.tree, *again)) {
      r.failure = mode + " print parses to a different tree:\n" + printed + "\n--- original\n" +
                  dump(*r.tree) + "\n--- reparsed\n" + dump(*again);
      return r;
    }
  }
  r.ok = true;
  return r;
}

}  // namespace ferry::sql::test
