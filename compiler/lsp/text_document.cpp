#include "compiler/lsp/text_document.h"

#include <algorithm>

namespace ferry::lsp {

bool applyContentChange(std::string& text, const nlohmann::json& change, PositionEncoding e) {
  if (!change.is_object() || !change.contains("text") || !change["text"].is_string()) return false;
  const std::string& inserted = change["text"].get_ref<const std::string&>();
  if (!change.contains("range") || change["range"].is_null()) {
    text = inserted;
    return true;
  }
  const auto& range = change["range"];
  if (!range.is_object()) return false;
  auto start = parsePosition(range.value("start", nlohmann::json()));
  auto end = parsePosition(range.value("end", nlohmann::json()));
  if (!start || !end) return false;
  uint32_t begin = offsetOf(text, *start, e);
  uint32_t finish = offsetOf(text, *end, e);
  if (finish < begin) std::swap(begin, finish);
  text.replace(begin, finish - begin, inserted);
  return true;
}

}  // namespace ferry::lsp
