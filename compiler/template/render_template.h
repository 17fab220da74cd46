/// Rendering a template the way Tinybird's CLI does in test mode, to obtain plain ClickHouse SQL
/// for analysis, with a SourceMap from the rendered text back to the datafile.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"
#include "compiler/template/template_ast.h"

namespace ferry::tpl {

struct RenderOptions {
  /// Parameter values as an HTTP request would carry them (strings). Parameters not listed are
  /// "test placeholders", exactly as the CLI's test mode: `defined(x)` is false, typed functions
  /// render their default or the CLI's test value (0, '2019-01-01', '__no_value__', ...).
  std::map<std::string, std::string, std::less<>> values;
  /// `tb_secret(name, default)` / `tb_var(...)`: true renders the ClickHouse query parameter
  /// `{name: String}` (what Tinybird emits when the workspace has the secret), false renders
  /// the default when one is given (the CLI's test mode without workspace secrets).
  bool secrets_as_query_parameters = true;
  /// Upper bound on the iterations of all `{% for %}` / `{% while %}` loops of one render
  /// together (a budget, so nested loops cannot multiply past it).
  uint32_t max_loop_iterations = 10000;
  /// Upper bound on the rendered text; rendering stops with a diagnostic beyond it.
  size_t max_output_bytes = 64u << 20;
};

struct RenderedSql {
  std::string text;
  /// Rendered offsets -> file offsets. Text runs map 1:1 (through the SQL's own map); the text an
  /// output produced maps onto the span of its `{{ ... }}` tag.
  SourceMap map;
  /// Runtime settings the template set through max_threads(), cache_ttl(), backend_hint(), ...
  std::map<std::string, std::string> settings;
};

/// Renders `t` with test values (see RenderOptions). Failures the CLI would raise in test mode
/// become diagnostics (TPL_RENDER_ERROR ...) and render as `NULL`, so the result stays SQL.
/// Never throws.
RenderedSql renderForAnalysis(const Template& t, DiagnosticSink& sink, const RenderOptions& options = {});

}  // namespace ferry::tpl
