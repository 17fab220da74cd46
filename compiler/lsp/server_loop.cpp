#include "compiler/lsp/server_loop.h"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <thread>

#include "compiler/lsp/language_server.h"
#include "compiler/lsp/server_log.h"

using nlohmann::json;

namespace ferry::lsp {

namespace {

/// Parses one body; nullopt (after answering ParseError) when it is not JSON.
std::optional<json> parseBody(const std::string& body, LanguageServer& server) {
  auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded()) {
    server.rejectUnparsable(body.size() > 80 ? body.substr(0, 80) + "..." : body);
    return std::nullopt;
  }
  return parsed;
}

int runTranscript(const ServerOptions& options) {
  auto reader = transcriptReader(std::cin);
  auto writer = transcriptWriter(std::cout);
  LanguageServer server(*writer, options);
  for (;;) {
    ReadResult r = reader->read();
    if (r.kind == ReadResult::Kind::End) break;
    if (r.kind == ReadResult::Kind::Malformed) continue;
    auto message = parseBody(r.body, server);
    if (!message) continue;
    server.handleSafely(*message);
    if (server.exitRequested()) break;
    if (server.analysisPending()) server.analyzeAndPublish();
  }
  return server.exitCode();
}

bool isCancel(const json& m) {
  if (!m.is_object()) return false;
  auto method = m.find("method");
  auto params = m.find("params");
  return method != m.end() && method->is_string() && *method == "$/cancelRequest" && params != m.end() &&
         params->is_object() && params->contains("id");
}

/// Messages from the reader thread to the worker; `std::nullopt` is end of input.
struct Inbox {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::optional<json>> messages;
};

}  // namespace

int runLanguageServer(const ServerOptions& options) {
  if (options.transcript) return runTranscript(options);
  auto writer = framedWriter(STDOUT_FILENO);
  LanguageServer server(*writer, options);
  auto inbox = std::make_shared<Inbox>();
  // The reader may stay blocked in read() after `exit`: it is detached, and owns what it uses.
  std::shared_ptr<MessageReader> reader = framedReader(STDIN_FILENO);
  std::thread([inbox, reader, &server] {
    for (;;) {
      ReadResult r = reader->read();
      if (r.kind == ReadResult::Kind::Malformed) {
        logLine(LogLevel::Error, "malformed message skipped: " + r.error);
        continue;
      }
      std::optional<json> message;
      if (r.kind == ReadResult::Kind::Message) {
        message = parseBody(r.body, server);
        if (!message) continue;
        if (isCancel(*message)) server.cancel((*message)["params"]["id"]);
      }
      {
        std::lock_guard lock(inbox->mutex);
        inbox->messages.push_back(std::move(message));
      }
      inbox->ready.notify_one();
      if (r.kind == ReadResult::Kind::End) return;
    }
  }).detach();

  auto debounce = std::chrono::milliseconds(std::max(0, options.debounce_ms));
  auto last_change = std::chrono::steady_clock::now();
  for (;;) {
    std::optional<json> message;
    bool got = false;
    {
      std::unique_lock lock(inbox->mutex);
      if (server.analysisPending()) {
        inbox->ready.wait_until(lock, last_change + debounce, [&] { return !inbox->messages.empty(); });
      } else {
        inbox->ready.wait(lock, [&] { return !inbox->messages.empty(); });
      }
      if (!inbox->messages.empty()) {
        message = std::move(inbox->messages.front());
        inbox->messages.pop_front();
        got = true;
      }
    }
    if (!got) {
      server.analyzeAndPublish();  // edits paused for the debounce time
      continue;
    }
    if (!message) break;  // end of input: like `exit`
    server.handleSafely(*message);
    if (server.exitRequested()) break;
    // Debounce: analysis waits until no edit came for `debounce` (each edit restarts the wait).
    if (server.analysisPending()) last_change = std::chrono::steady_clock::now();
    if (server.analysisPending() && debounce.count() == 0) server.analyzeAndPublish();
  }
  return server.exitCode();
}

}  // namespace ferry::lsp
