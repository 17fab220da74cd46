#include "compiler/lsp/server_log.h"

#include <atomic>
#include <cstdio>
#include <string>

namespace ferry::lsp {

namespace {
std::atomic<LogLevel> g_level{LogLevel::Error};

std::string_view levelName(LogLevel l) {
  switch (l) {
    case LogLevel::Off: return "off";
    case LogLevel::Error: return "error";
    case LogLevel::Warn: return "warn";
    case LogLevel::Info: return "info";
    case LogLevel::Debug: return "debug";
  }
  return "error";
}
}  // namespace

std::optional<LogLevel> parseLogLevel(std::string_view name) {
  for (auto l : {LogLevel::Off, LogLevel::Error, LogLevel::Warn, LogLevel::Info, LogLevel::Debug})
    if (levelName(l) == name) return l;
  return std::nullopt;
}

void setLogLevel(LogLevel level) { g_level = level; }

bool logEnabled(LogLevel level) { return level != LogLevel::Off && level <= g_level.load(); }

void logLine(LogLevel level, std::string_view message) {
  if (!logEnabled(level)) return;
  std::string line = "ferry lsp: " + std::string(levelName(level)) + ": " + std::string(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace ferry::lsp
