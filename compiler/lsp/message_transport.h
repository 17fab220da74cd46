/// How JSON-RPC messages travel: LSP's base protocol over a file descriptor (`Content-Length`
/// headers, bodies counted in bytes), or the transcript form the tests write by hand (messages
/// separated by `---` lines, `#` comment lines; clangd's lit-test transport).
#pragma once

#include <istream>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace ferry::lsp {

struct ReadResult {
  enum class Kind { Message, Malformed, End };
  Kind kind = Kind::End;
  std::string body;   ///< Message: the JSON text
  std::string error;  ///< Malformed: what was wrong (the reader has skipped it)
};

class MessageReader {
 public:
  virtual ~MessageReader() = default;
  /// The next message; Malformed framing is skipped and reported, End at end of input.
  virtual ReadResult read() = 0;
};

class MessageWriter {
 public:
  virtual ~MessageWriter() = default;
  /// Thread-safe: the reader thread answers malformed input while the worker publishes.
  virtual void write(const nlohmann::json& message) = 0;
};

/// Content-Length framing on `fd`. Unknown headers are ignored; a header block without a valid
/// Content-Length, or one above 1 GiB, is Malformed; reads are retried on EINTR.
std::unique_ptr<MessageReader> framedReader(int fd);
std::unique_ptr<MessageWriter> framedWriter(int fd);

/// `---`-separated messages (no headers); output pretty-printed, each followed by `---`.
std::unique_ptr<MessageReader> transcriptReader(std::istream& in);
std::unique_ptr<MessageWriter> transcriptWriter(std::ostream& out);

/// JSON text of a message: UTF-8, invalid bytes replaced rather than throwing.
std::string serialize(const nlohmann::json& message, int indent = -1);

}  // namespace ferry::lsp
