// Shared helpers for the template tests: parse / render a SQL text held in a SourceManager.
#pragma once

#include <string>

#include "compiler/base/diagnostic.h"
#include "compiler/template/parse_template.h"
#include "compiler/template/render_template.h"
#include "compiler/template/template_parameters.h"

namespace ferry::tpl::test {

struct Parsed {
  SourceManager sm;
  FileId file = 0;
  DiagnosticSink sink;
  Template tree;

  explicit Parsed(std::string sql) {
    file = sm.add("node.sql", std::move(sql));
    tree = parseTemplate(sm.file(file).text(), file, 0, sink);
  }
  std::string_view text(Span s) const { return sm.file(file).slice(s); }
  bool has(DiagId id) const {
    for (const auto& d : sink.all()) {
      if (d.id == id) return true;
    }
    return false;
  }
  const Diagnostic* first(DiagId id) const {
    for (const auto& d : sink.all()) {
      if (d.id == id) return &d;
    }
    return nullptr;
  }
};

/// Parses and renders; the render's diagnostics land in the same sink.
struct Rendered : Parsed {
  RenderedSql out;
  explicit Rendered(std::string sql, const RenderOptions& options = {}) : Parsed(std::move(sql)) {
    out = renderForAnalysis(tree, sink, options);
  }
  const std::string& sql() const { return out.text; }
};

}  // namespace ferry::tpl::test
