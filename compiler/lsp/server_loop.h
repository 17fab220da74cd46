/// `ferry lsp`: the read loop around LanguageServer. Over stdio a reader thread parses incoming
/// messages (answering unparsable ones and noting `$/cancelRequest` at once) while the main
/// thread handles them in order and analyzes once edits have paused for the debounce time. In
/// transcript mode everything runs on one thread, synchronously, for exact test output.
#pragma once

#include <string>

namespace ferry::lsp {

struct ServerOptions {
  /// After a change, how long to wait for more changes before analyzing (milliseconds).
  int debounce_ms = 20;
  /// `--transcript`: synchronous test mode (see message_transport.h).
  bool transcript = false;
  std::string version;
};

/// Serves until `exit` or end of input; returns the process exit code.
int runLanguageServer(const ServerOptions& options);

}  // namespace ferry::lsp
