#include "compiler/lsp/message_transport.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace ferry::lsp {

std::string serialize(const nlohmann::json& message, int indent) {
  return message.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

/// Above this a Content-Length is refused rather than allocated (clangd's limit: a fuzzer or a
/// broken client must not make the server allocate gigabytes).
constexpr size_t kMaxBody = size_t(1) << 30;

class FramedReader final : public MessageReader {
 public:
  explicit FramedReader(int fd) : fd_(fd) {}

  ReadResult read() override {
    std::optional<size_t> length;
    std::string error;
    bool any_header = false;
    for (;;) {
      std::string line;
      if (!readLine(line)) return {ReadResult::Kind::End, {}, {}};
      if (line.empty()) {
        if (!any_header) continue;  // blank lines between messages
        break;
      }
      any_header = true;
      // After a malformed message its unread body runs into the next header
      // (`{...}Content-Length: 52`): start over at the header, so one bad message costs one.
      std::string lower = line;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (auto at = lower.find("content-length:"); at != std::string::npos && at > 0) {
        line.erase(0, at);
        error.clear();
        length.reset();
      }
      auto colon = line.find(':');
      if (colon == std::string::npos) {
        error = "header line without ':'";
        continue;
      }
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (name != "content-length") continue;  // Content-Type and others are ignored
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      while (!value.empty() && value.back() == ' ') value.pop_back();
      if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos) {
        error = "invalid Content-Length '" + value + "'";
        continue;
      }
      length = std::stoull(value);
    }
    if (!error.empty()) return {ReadResult::Kind::Malformed, {}, error};
    if (!length) return {ReadResult::Kind::Malformed, {}, "message without Content-Length"};
    if (*length > kMaxBody)
      return {ReadResult::Kind::Malformed, {}, "Content-Length " + std::to_string(*length) + " is above 1 GiB"};
    std::string body;
    if (!readBytes(*length, body)) return {ReadResult::Kind::End, {}, {}};
    return {ReadResult::Kind::Message, std::move(body), {}};
  }

 private:
  bool fill() {
    char chunk[65536];
    for (;;) {
      ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
  }

  /// A header line without its line break (`\r\n`; a bare `\n` is accepted too).
  bool readLine(std::string& line) {
    for (;;) {
      auto nl = buffer_.find('\n', pos_);
      if (nl != std::string::npos) {
        line.assign(buffer_, pos_, nl - pos_);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        pos_ = nl + 1;
        compact();
        return true;
      }
      if (buffer_.size() - pos_ > kMaxHeaderLine) {
        // A "header" this long is not one: drop it.
        pos_ = buffer_.size();
        compact();
      }
      if (!fill()) return false;
    }
  }

  bool readBytes(size_t n, std::string& out) {
    while (buffer_.size() - pos_ < n)
      if (!fill()) return false;
    out.assign(buffer_, pos_, n);
    pos_ += n;
    compact();
    return true;
  }

  void compact() {
    if (pos_ > 65536 && pos_ * 2 > buffer_.size()) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
  }

  static constexpr size_t kMaxHeaderLine = 65536;
  int fd_;
  std::string buffer_;
  size_t pos_ = 0;
};

class FramedWriter final : public MessageWriter {
 public:
  explicit FramedWriter(int fd) : fd_(fd) {}
  void write(const nlohmann::json& message) override {
    std::string body = serialize(message);
    std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    std::lock_guard lock(mutex_);
    size_t done = 0;
    while (done < out.size()) {
      ssize_t n = ::write(fd_, out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // the client is gone; the read loop sees EOF next
      done += static_cast<size_t>(n);
    }
  }

 private:
  int fd_;
  std::mutex mutex_;
};

class TranscriptReader final : public MessageReader {
 public:
  explicit TranscriptReader(std::istream& in) : in_(in) {}
  ReadResult read() override {
    std::string body, line;
    while (std::getline(in_, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.starts_with('#')) continue;
      if (line == "---") {
        if (body.find_first_not_of(" \t\n") == std::string::npos) {
          body.clear();
          continue;
        }
        return {ReadResult::Kind::Message, std::move(body), {}};
      }
      body += line;
      body += '\n';
    }
    if (body.find_first_not_of(" \t\n") != std::string::npos) return {ReadResult::Kind::Message, std::move(body), {}};
    return {ReadResult::Kind::End, {}, {}};
  }

 private:
  std::istream& in_;
};

class TranscriptWriter final : public MessageWriter {
 public:
  explicit TranscriptWriter(std::ostream& out) : out_(out) {}
  void write(const nlohmann::json& message) override {
    std::lock_guard lock(mutex_);
    out_ << serialize(message, 2) << "\n---\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<MessageReader> framedReader(int fd) { return std::make_unique<FramedReader>(fd); }
std::unique_ptr<MessageWriter> framedWriter(int fd) { return std::make_unique<FramedWriter>(fd); }
std::unique_ptr<MessageReader> transcriptReader(std::istream& in) { return std::make_unique<TranscriptReader>(in); }
std::unique_ptr<MessageWriter> transcriptWriter(std::ostream& out) { return std::make_unique<TranscriptWriter>(out); }

}  // namespace ferry::lsp
