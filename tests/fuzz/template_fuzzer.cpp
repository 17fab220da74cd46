/// libFuzzer target: Tinybird templates. The bytes are node SQL: parsed as a template (with
/// the `%` marker added when missing, so both paths run), parameters collected, and rendered
/// with test values both with secrets as query parameters and with their defaults.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/template/parse_template.h"
#include "compiler/template/render_template.h"
#include "compiler/template/template_parameters.h"
#include "tests/fuzz/fuzz_support.h"

using namespace ferry;

namespace {

void renderAndCheck(const std::string& sql) {
  SourceManager sources;
  FileId file = sources.add("fuzz.pipe", sql);
  DiagnosticSink sink;
  tpl::Template t = tpl::parseTemplate(sql, file, 0, sink);
  (void)tpl::collectParameters(t, sink);
  for (bool secrets : {true, false}) {
    tpl::RenderOptions options;
    options.secrets_as_query_parameters = secrets;
    // Small bounds keep one input fast; the limits themselves are what is exercised. The loop
    // budget is shared by all loops of a render (tests/fuzz/reproducers/nested_loops_hang.pipe).
    options.max_loop_iterations = 2000;
    options.max_output_bytes = 1u << 20;
    options.values = {{"fuzz_param", "1"}, {"date_from", "2024-01-01"}};
    tpl::RenderedSql rendered = tpl::renderForAnalysis(t, sink, options);
    if (rendered.text.size() > options.max_output_bytes) std::abort();
  }
  fuzz::checkDiagnostics(sink, sources);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string sql(reinterpret_cast<const char*>(data), size);
  renderAndCheck(sql);
  if (!tpl::isTemplate(sql)) renderAndCheck("%\n" + sql);
  return 0;
}
