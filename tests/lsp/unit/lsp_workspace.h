/// A project in a temp folder, loaded into a ProjectState, for the feature tests: documents are
/// opened as editor buffers, and `<|>` in a buffer's text marks the cursor.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/lsp/project_state.h"
#include "compiler/lsp/request_context.h"

namespace ferry::lsp::test {

using Files = std::map<std::string, std::string>;

inline void writeFiles(const std::filesystem::path& root, const Files& files) {
  for (const auto& [rel, text] : files) {
    auto p = root / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
}

class Workspace {
 public:
  explicit Workspace(const Files& files) {
    static int counter = 0;
    root_ = std::filesystem::temp_directory_path() /
            ("ferry_lsp_features_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    root_ = root_.lexically_normal();
    writeFiles(root_, files);
    state_ = std::make_unique<ProjectState>(root_);
    state_->refresh();
  }
  ~Workspace() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const std::filesystem::path& root() const { return root_; }
  ProjectState& state() { return *state_; }
  std::filesystem::path path(const std::string& rel) const { return (root_ / rel).lexically_normal(); }

  /// Opens `rel` with `text` as the editor's buffer; returns the cursor's byte offset (where
  /// `<|>` was; the marker is not part of the buffer), or the text's size without a marker.
  uint32_t open(const std::string& rel, std::string text) {
    uint32_t cursor = static_cast<uint32_t>(text.size());
    if (auto at = text.find("<|>"); at != std::string::npos) {
      text.erase(at, 3);
      cursor = static_cast<uint32_t>(at);
    }
    state_->setBuffer(path(rel), std::move(text));
    state_->refresh();
    return cursor;
  }

  RequestContext context(const std::string& rel, PositionEncoding encoding = PositionEncoding::Utf16) const {
    auto p = path(rel);
    RequestContext ctx{*state_, p};
    ctx.file = *state_->fileId(p);
    ctx.resource = state_->resourceAt(p);
    ctx.encoding = encoding;
    return ctx;
  }

 private:
  std::filesystem::path root_;
  std::unique_ptr<ProjectState> state_;
};

inline nlohmann::json range(uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2) {
  return {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}};
}

}  // namespace ferry::lsp::test
