/// The language server's protocol logic: lifecycle, document sync, dispatch of requests to the
/// features, and publishing diagnostics. It reads no input itself: server_loop.cpp feeds it
/// messages (from a reader thread, with debouncing) and it answers through a MessageWriter.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/lsp/message_transport.h"
#include "compiler/lsp/position_encoding.h"
#include "compiler/lsp/project_state.h"
#include "compiler/lsp/server_loop.h"
#include "compiler/lsp/text_document.h"

namespace ferry::lsp {

class LivePlan;

class LanguageServer {
 public:
  LanguageServer(MessageWriter& out, ServerOptions options);
  ~LanguageServer();

  /// One message as received: a request, a notification, or a response to a server request.
  void handle(const nlohmann::json& message);
  /// handle(), turning an exception (a bug: input never throws by design) into an InternalError
  /// answer and a log line, so that one bad request does not end the editor's session.
  void handleSafely(const nlohmann::json& message);
  /// A message body that is not JSON: answered with a ParseError (id null).
  void rejectUnparsable(const std::string& what);
  /// Thread-safe: a `$/cancelRequest` seen by the reader before the worker got to the request.
  void cancel(const nlohmann::json& id);

  /// Edits are waiting for analysis.
  bool analysisPending() const { return pending_; }
  /// Brings every changed project up to date and publishes the diagnostics of open documents
  /// whose list or version changed.
  void analyzeAndPublish();

  bool exitRequested() const { return exit_code_.has_value(); }
  /// The exit code LSP prescribes: 0 after shutdown, 1 without.
  int exitCode() const { return exit_code_.value_or(shutdown_ ? 0 : 1); }
  const ServerOptions& options() const { return options_; }

 private:
  void request(const std::string& method, const nlohmann::json& id, const nlohmann::json& params);
  void notification(const std::string& method, const nlohmann::json& params);
  nlohmann::json initialize(const nlohmann::json& params);
  void didOpen(const nlohmann::json& params);
  void didChange(const nlohmann::json& params);
  void didClose(const nlohmann::json& params);
  void didChangeWatchedFiles(const nlohmann::json& params);
  nlohmann::json executeCommand(const nlohmann::json& params);
  /// Runs a feature for the document named in params.textDocument.uri (null result when the
  /// document is not a datafile of a project).
  template <class F>
  nlohmann::json withDocument(const nlohmann::json& params, F&& feature);

  ProjectState* projectFor(const std::filesystem::path& path);
  /// The plan of `project` against its live local deployment, kept per project.
  LivePlan& livePlanOf(const ProjectState& project);
  void publish(const TextDocument& doc, ProjectState& project);
  nlohmann::json diagnosticsJson(const TextDocument& doc, ProjectState& project);

  void respond(const nlohmann::json& id, nlohmann::json result);
  void respondError(const nlohmann::json& id, int code, const std::string& message);
  void notify(const std::string& method, nlohmann::json params);

  MessageWriter& out_;
  ServerOptions options_;
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool pending_ = false;
  std::optional<int> exit_code_;
  int next_request_id_ = 0;
  std::optional<std::filesystem::path> root_;
  std::map<std::string, TextDocument> documents_;  ///< by URI
  std::map<std::filesystem::path, std::unique_ptr<ProjectState>> projects_;  ///< by root
  std::map<const ProjectState*, std::unique_ptr<LivePlan>> live_plans_;
  /// The plan's diagnostics on the project's files as of its last refresh (PLAN_* warnings and
  /// errors of deploying the workspace over live; none without a live deployment).
  std::map<const ProjectState*, std::vector<Diagnostic>> plan_diagnostics_;
  /// What was last published per URI (diagnostics JSON and the version), to skip repeats.
  std::map<std::string, std::pair<int64_t, nlohmann::json>> published_;
  /// When the closed files were last compared with the disk (pollDisk, at most once a second).
  std::chrono::steady_clock::time_point last_poll_{};
  std::mutex cancel_mutex_;
  std::set<std::string> cancelled_;  ///< request ids (as JSON text) cancelled before they ran
};

}  // namespace ferry::lsp
