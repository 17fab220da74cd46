/// The server's log: stderr only (stdout is the protocol channel), quiet unless `--log-level`
/// asks for more. Editors copy a server's stderr into their own logs, often as errors, so a
/// healthy server prints nothing at the default level.
#pragma once

#include <optional>
#include <string_view>

namespace ferry::lsp {

enum class LogLevel { Off, Error, Warn, Info, Debug };

std::optional<LogLevel> parseLogLevel(std::string_view name);
void setLogLevel(LogLevel level);
bool logEnabled(LogLevel level);
/// One line `ferry lsp: <level>: <message>` on stderr when `level` is enabled.
void logLine(LogLevel level, std::string_view message);

}  // namespace ferry::lsp
