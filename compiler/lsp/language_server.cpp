#include "compiler/lsp/language_server.h"

#include <algorithm>
#include <chrono>

#include "compiler/lsp/features.h"
#include "compiler/lsp/file_uri.h"
#include "compiler/lsp/live_plan.h"
#include "compiler/lsp/server_log.h"
#include "compiler/project/layout.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace ferry::lsp {

namespace {

/// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;
constexpr int kRequestCancelled = -32800;

const json& member(const json& j, const char* key) {
  static const json null;
  if (!j.is_object()) return null;
  auto it = j.find(key);
  return it == j.end() ? null : *it;
}

std::string stringMember(const json& j, const char* key) {
  const json& v = member(j, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

bool isDatafilePath(const fs::path& p) {
  auto kind = project::fileKindOf(p);
  return kind == project::FileKind::Datasource || kind == project::FileKind::Pipe ||
         kind == project::FileKind::Connection || kind == project::FileKind::Include;
}

int severityCode(Severity s) {
  switch (s) {
    case Severity::Error: return 1;
    case Severity::Warning: return 2;
    case Severity::Note: return 3;
  }
  return 1;
}

}  // namespace

LanguageServer::LanguageServer(MessageWriter& out, ServerOptions options) : out_(out), options_(std::move(options)) {}
LanguageServer::~LanguageServer() = default;

void LanguageServer::respond(const json& id, json result) {
  out_.write({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void LanguageServer::respondError(const json& id, int code, const std::string& message) {
  out_.write({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

void LanguageServer::notify(const std::string& method, json params) {
  out_.write({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

void LanguageServer::rejectUnparsable(const std::string& what) {
  logLine(LogLevel::Error, "message is not JSON: " + what);
  respondError(nullptr, kParseError, "the message is not JSON: " + what);
}

void LanguageServer::cancel(const json& id) {
  std::lock_guard lock(cancel_mutex_);
  cancelled_.insert(id.dump());
}

void LanguageServer::handle(const json& message) {
  if (!message.is_object()) {
    respondError(nullptr, kInvalidRequest, "a message must be a JSON object");
    return;
  }
  const json& method = member(message, "method");
  bool has_id = message.contains("id");
  const json& id = member(message, "id");
  if (has_id && !id.is_string() && !id.is_number_integer() && !id.is_null()) {
    respondError(nullptr, kInvalidRequest, "the id must be a string or an integer");
    return;
  }
  if (!method.is_string()) {
    // A response to a request of ours (client/registerCapability): nothing to do.
    if (has_id && (message.contains("result") || message.contains("error"))) return;
    respondError(has_id ? id : json(nullptr), kInvalidRequest, "the message has no method");
    return;
  }
  const json& params = member(message, "params");
  if (has_id) {
    request(method.get<std::string>(), id, params);
  } else {
    notification(method.get<std::string>(), params);
  }
}

void LanguageServer::handleSafely(const json& message) {
  try {
    handle(message);
  } catch (const std::exception& e) {
    logLine(LogLevel::Error, std::string("internal error: ") + e.what());
    if (message.is_object() && message.contains("id") && message.contains("method"))
      respondError(message["id"], kInternalError, std::string("internal error: ") + e.what());
  }
}

void LanguageServer::request(const std::string& method, const json& id, const json& params) {
  {
    std::lock_guard lock(cancel_mutex_);
    if (cancelled_.erase(id.dump())) {
      respondError(id, kRequestCancelled, "cancelled");
      return;
    }
  }
  if (shutdown_) {
    respondError(id, kInvalidRequest, "the server is shutting down");
    return;
  }
  if (method == "initialize") {
    if (initialized_) {
      respondError(id, kInvalidRequest, "initialize was already received");
      return;
    }
    respond(id, initialize(params));
    initialized_ = true;
    return;
  }
  if (!initialized_) {
    respondError(id, kServerNotInitialized, "the server is not initialized");
    return;
  }
  if (method == "shutdown") {
    shutdown_ = true;
    respond(id, nullptr);
    return;
  }
  auto position = [&](const RequestContext& ctx) -> std::optional<uint32_t> {
    auto p = parsePosition(member(params, "position"));
    if (!p) return std::nullopt;
    return offsetOf(ctx.text(), *p, ctx.encoding);
  };
  json result;
  bool bad_params = false;
  auto positional = [&](auto&& feature) {
    return withDocument(params, [&](const RequestContext& ctx) -> json {
      auto offset = position(ctx);
      if (!offset) {
        bad_params = true;
        return nullptr;
      }
      return feature(ctx, *offset);
    });
  };
  if (method == "textDocument/hover") {
    result = positional([](const RequestContext& c, uint32_t o) { return hover(c, o); });
  } else if (method == "textDocument/definition") {
    result = positional([](const RequestContext& c, uint32_t o) { return definition(c, o); });
  } else if (method == "textDocument/references") {
    bool decl = member(member(params, "context"), "includeDeclaration").is_boolean() &&
                member(member(params, "context"), "includeDeclaration").get<bool>();
    result = positional([&](const RequestContext& c, uint32_t o) { return references(c, o, decl); });
    if (result.is_null() && !bad_params) result = json::array();
  } else if (method == "textDocument/completion") {
    result = positional([](const RequestContext& c, uint32_t o) { return completion(c, o); });
  } else if (method == "textDocument/documentSymbol") {
    result = withDocument(params, [](const RequestContext& c) { return documentSymbols(c); });
    if (result.is_null()) result = json::array();
  } else if (method == "textDocument/formatting") {
    result = withDocument(params, [](const RequestContext& c) { return formatting(c); });
  } else if (method == "textDocument/codeAction") {
    result = withDocument(params, [&](const RequestContext& c) { return codeActions(c, params, livePlanOf(c.project)); });
    if (result.is_null()) result = json::array();
  } else if (method == "workspace/executeCommand") {
    result = executeCommand(params);
  } else {
    respondError(id, kMethodNotFound, "unknown method " + method);
    return;
  }
  if (bad_params) {
    respondError(id, kInvalidParams, "invalid params for " + method);
    return;
  }
  respond(id, std::move(result));
}

void LanguageServer::notification(const std::string& method, const json& params) {
  if (method == "exit") {
    exit_code_ = shutdown_ ? 0 : 1;
    return;
  }
  if (!initialized_ || shutdown_) return;  // dropped, as the spec says
  if (method == "textDocument/didOpen") {
    didOpen(params);
  } else if (method == "textDocument/didChange") {
    didChange(params);
  } else if (method == "textDocument/didClose") {
    didClose(params);
  } else if (method == "workspace/didChangeWatchedFiles") {
    didChangeWatchedFiles(params);
  }
  // initialized, didSave, $/cancelRequest (handled by the reader), $/setTrace, and unknown
  // notifications need nothing.
}

json LanguageServer::initialize(const json& params) {
  // Position encoding: UTF-8 is Ferry's own unit, so it wins when the client offers it.
  const json& offered = member(member(member(params, "capabilities"), "general"), "positionEncodings");
  if (offered.is_array()) {
    bool utf8 = false, utf16 = false, utf32 = false;
    for (const auto& e : offered) {
      if (e == "utf-8") utf8 = true;
      if (e == "utf-16") utf16 = true;
      if (e == "utf-32") utf32 = true;
    }
    encoding_ = utf8 ? PositionEncoding::Utf8 : (utf16 || !utf32) ? PositionEncoding::Utf16 : PositionEncoding::Utf32;
  }
  std::string root_uri = stringMember(params, "rootUri");
  if (root_uri.empty()) {
    const json& folders = member(params, "workspaceFolders");
    if (folders.is_array() && !folders.empty()) root_uri = stringMember(folders[0], "uri");
  }
  if (!root_uri.empty()) {
    root_ = pathFromUri(root_uri);
  } else if (auto root_path = stringMember(params, "rootPath"); !root_path.empty()) {
    root_ = fs::path(root_path).lexically_normal();
  }
  json capabilities = {
      {"positionEncoding", encodingName(encoding_)},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"hoverProvider", true},
      {"completionProvider", {{"triggerCharacters", {".", "(", "{", "%"}}}},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"documentSymbolProvider", true},
      {"documentFormattingProvider", true},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix", "source", "source.ferry.forwardQuery"}}}},
      {"executeCommandProvider", {{"commands", {"ferry.plan"}}}},
  };
  return {{"capabilities", capabilities}, {"serverInfo", {{"name", "ferry"}, {"version", options_.version}}}};
}

ProjectState* LanguageServer::projectFor(const fs::path& path) {
  // A project that already holds the file (a datafile below a non-standard sub-folder).
  for (auto& [root, state] : projects_)
    if (state->contains(path)) return state.get();
  fs::path root = projectRootOf(path);
  auto& slot = projects_[root];
  if (!slot) slot = std::make_unique<ProjectState>(root);
  return slot.get();
}

void LanguageServer::didOpen(const json& params) {
  const json& item = member(params, "textDocument");
  TextDocument doc;
  doc.uri = stringMember(item, "uri");
  if (doc.uri.empty() || !member(item, "text").is_string()) return;
  doc.text = item["text"].get<std::string>();
  if (member(item, "version").is_number_integer()) doc.version = item["version"].get<int64_t>();
  doc.path = pathFromUri(doc.uri);
  if (doc.path && isDatafilePath(*doc.path)) {
    projectFor(*doc.path)->setBuffer(*doc.path, doc.text);
    pending_ = true;
  }
  documents_[doc.uri] = std::move(doc);
}

void LanguageServer::didChange(const json& params) {
  auto it = documents_.find(stringMember(member(params, "textDocument"), "uri"));
  if (it == documents_.end()) return;
  TextDocument& doc = it->second;
  const json& changes = member(params, "contentChanges");
  if (!changes.is_array()) return;
  for (const auto& change : changes)
    if (!applyContentChange(doc.text, change, encoding_)) logLine(LogLevel::Warn, "malformed change ignored");
  const json& version = member(member(params, "textDocument"), "version");
  if (version.is_number_integer()) doc.version = version.get<int64_t>();
  if (doc.path && isDatafilePath(*doc.path)) {
    projectFor(*doc.path)->setBuffer(*doc.path, doc.text);
    pending_ = true;
  }
}

void LanguageServer::didClose(const json& params) {
  auto it = documents_.find(stringMember(member(params, "textDocument"), "uri"));
  if (it == documents_.end()) return;
  if (it->second.path && isDatafilePath(*it->second.path)) {
    projectFor(*it->second.path)->dropBuffer(*it->second.path);
    pending_ = true;
  }
  notify("textDocument/publishDiagnostics", {{"uri", it->first}, {"diagnostics", json::array()}});
  published_.erase(it->first);
  documents_.erase(it);
}

void LanguageServer::didChangeWatchedFiles(const json& params) {
  const json& changes = member(params, "changes");
  if (!changes.is_array()) return;
  for (const auto& change : changes) {
    auto path = pathFromUri(stringMember(change, "uri"));
    if (!path || !isDatafilePath(*path)) continue;
    for (auto& [root, state] : projects_) {
      auto rel = path->lexically_relative(root);
      if (!rel.empty() && *rel.begin() != "..") {
        state->diskChanged(*path);
        pending_ = true;
      }
    }
  }
}

json LanguageServer::executeCommand(const json& params) {
  std::string command = stringMember(params, "command");
  if (command != "ferry.plan") return nullptr;
  // The project of the URI given as argument, else of the workspace root, else the only one.
  std::optional<fs::path> target;
  const json& args = member(params, "arguments");
  if (args.is_array() && !args.empty() && args[0].is_string()) target = pathFromUri(args[0].get<std::string>());
  ProjectState* project = nullptr;
  if (target && isDatafilePath(*target)) {
    project = projectFor(*target);
  } else if (target || root_) {
    fs::path root = target ? *target : *root_;
    auto& slot = projects_[root];
    if (!slot) slot = std::make_unique<ProjectState>(root);
    project = slot.get();
  } else if (projects_.size() == 1) {
    project = projects_.begin()->second.get();
  }
  if (!project) return nullptr;
  analyzeAndPublish();
  return planCommand(*project, livePlanOf(*project));
}

LivePlan& LanguageServer::livePlanOf(const ProjectState& project) {
  auto& slot = live_plans_[&project];
  if (!slot) slot = std::make_unique<LivePlan>();
  return *slot;
}

template <class F>
json LanguageServer::withDocument(const json& params, F&& feature) {
  std::string uri = stringMember(member(params, "textDocument"), "uri");
  auto it = documents_.find(uri);
  std::optional<fs::path> path = it != documents_.end() ? it->second.path : pathFromUri(uri);
  if (!path || !isDatafilePath(*path)) return nullptr;
  ProjectState* project = projectFor(*path);
  // Requests see every edit before them: analyze now rather than after the debounce.
  analyzeAndPublish();
  auto file = project->fileId(*path);
  if (!file) return nullptr;
  RequestContext ctx{*project, *path, *file, project->resourceAt(*path), encoding_};
  return feature(ctx);
}

void LanguageServer::analyzeAndPublish() {
  pending_ = false;
  auto now = std::chrono::steady_clock::now();
  if (now - last_poll_ >= std::chrono::seconds(1)) {
    last_poll_ = now;
    for (auto& [root, state] : projects_) state->pollDisk();
  }
  for (auto& [root, state] : projects_) {
    if (!state->stale()) continue;
    auto started = std::chrono::steady_clock::now();
    RefreshStats stats = state->refresh();
    plan_diagnostics_[state.get()] = livePlanOf(*state).diagnostics(*state);
    if (logEnabled(LogLevel::Info)) {
      auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      logLine(LogLevel::Info, root.string() + ": parsed " + std::to_string(stats.parsed) + ", analyzed " +
                                  std::to_string(stats.analyzed) + ", reused " + std::to_string(stats.reused) +
                                  " in " + std::to_string(ms) + " ms");
    }
    for (auto& [uri, doc] : documents_)
      if (doc.path && state->contains(*doc.path)) publish(doc, *state);
  }
}

json LanguageServer::diagnosticsJson(const TextDocument& doc, ProjectState& project) {
  json list = json::array();
  const SourceManager& sources = project.sources();
  // One path may have several file ids (an include read by several datafiles): order by place.
  std::vector<const Diagnostic*> mine;
  for (const auto& d : project.diagnostics().all())
    if (d.span.valid() && project.pathOf(d.span.file) == *doc.path) mine.push_back(&d);
  for (const auto& d : plan_diagnostics_[&project])
    if (d.span.valid() && project.pathOf(d.span.file) == *doc.path) mine.push_back(&d);
  std::stable_sort(mine.begin(), mine.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return a->span.begin != b->span.begin ? a->span.begin < b->span.begin : a->span.end < b->span.end;
  });
  for (const Diagnostic* dp : mine) {
    const Diagnostic& d = *dp;
    std::string message = d.message;
    if (!d.hint.empty()) message += "\n" + d.hint;
    json item = {{"range", rangeJson(sources, d.span, encoding_)},
                 {"severity", severityCode(d.severity)},
                 {"code", diagName(d.id)},
                 {"source", "ferry"},
                 {"message", message}};
    json related = json::array();
    for (const auto& note : d.notes) {
      if (!note.span.valid()) continue;
      related.push_back({{"location", {{"uri", uriFromPath(project.pathOf(note.span.file))},
                                       {"range", rangeJson(sources, note.span, encoding_)}}},
                         {"message", note.message}});
    }
    if (!related.empty()) item["relatedInformation"] = std::move(related);
    list.push_back(std::move(item));
  }
  return list;
}

void LanguageServer::publish(const TextDocument& doc, ProjectState& project) {
  json list = diagnosticsJson(doc, project);
  auto it = published_.find(doc.uri);
  if (it != published_.end() && it->second.first == doc.version && it->second.second == list) return;
  published_[doc.uri] = {doc.version, list};
  notify("textDocument/publishDiagnostics", {{"uri", doc.uri}, {"version", doc.version}, {"diagnostics", list}});
}

}  // namespace ferry::lsp
