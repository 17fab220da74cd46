/// What every fuzzer checks besides "no crash, no sanitizer report": the front end's promise
/// that each diagnostic points inside the text it was reported on, and that rendering it for a
/// person works. A broken promise aborts, so libFuzzer keeps the input as a crash reproducer.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"

namespace ferry::fuzz {

[[noreturn]] inline void fail(const char* what, const Diagnostic& d) {
  std::fprintf(stderr, "fuzz invariant broken: %s: [%.*s] %s (span %u..%u in file %u)\n", what,
               static_cast<int>(diagName(d.id).size()), diagName(d.id).data(), d.message.c_str(), d.span.begin,
               d.span.end, d.span.file);
  std::abort();
}

inline void checkSpan(const Diagnostic& d, const SourceManager& sources) {
  if (!d.span.valid()) return;  // project-level diagnostics may have no place
  if (d.span.file >= sources.size()) fail("span names an unknown file", d);
  if (d.span.begin > d.span.end) fail("span ends before it begins", d);
  if (d.span.end > sources.file(d.span.file).text().size()) fail("span goes past the end of its file", d);
}

/// Checks every diagnostic (and note) and renders it, which also exercises line/column lookup.
inline void checkDiagnostics(const DiagnosticSink& sink, const SourceManager& sources) {
  for (const auto& d : sink.all()) {
    checkSpan(d, sources);
    for (const auto& n : d.notes) checkSpan(n, sources);
    std::string text = renderText(d, sources);
    if (text.empty()) fail("a diagnostic rendered as nothing", d);
  }
}

}  // namespace ferry::fuzz
