/// textDocument/codeAction:
///  - quickfix: a diagnostic whose hint names replacements ("did you mean `x`?", analyze/scope.h
///    didYouMean; the server appends the hint to the message after "\n") gets one "Change to 'x'"
///    per suggestion. The edit replaces the misspelled name (the last `name` of the message's
///    first line) inside the diagnostic's range, so `t.colx` keeps its `t.` and `sumx(a)` its
///    arguments; when the name is not found there, the whole range is replaced.
///  - source.ferry.forwardQuery: "Insert FORWARD_QUERY" / "Update FORWARD_QUERY" in a datasource
///    whose deployment over the live one needs a block that `ferry build --write` would write
///    (driver/forward_query_needs.h, plan/forward_query_block.h); the edit is the smallest
///    replacement that turns the document into what `--write` would leave.
///  - source: "Show deployment plan", the `ferry.plan` command for the document's project.
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/forward_query_needs.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/file_uri.h"
#include "compiler/lsp/live_plan.h"
#include "compiler/plan/forward_query_block.h"

namespace ferry::lsp {

namespace {

constexpr std::string_view kForwardQueryKind = "source.ferry.forwardQuery";

/// The names after "did you mean " (each in backquotes or single quotes, separated by ", " and
/// " or "), empty when the text has no such hint.
std::vector<std::string> suggestionsIn(std::string_view message) {
  std::vector<std::string> out;
  size_t at = message.rfind("did you mean ");
  if (at == std::string_view::npos) return out;
  size_t i = at + std::string_view("did you mean ").size();
  while (i < message.size()) {
    if (message.substr(i, 2) == ", ") i += 2;
    else if (message.substr(i, 4) == " or ") i += 4;
    char quote = message[i];
    if (quote != '`' && quote != '\'') break;
    size_t close = message.find(quote, i + 1);
    if (close == std::string_view::npos) break;
    out.emplace_back(message.substr(i + 1, close - i - 1));
    i = close + 1;
  }
  return out;
}

/// The last `name` of the message's first line: the name the diagnostic is about.
std::string misspelledName(std::string_view message) {
  std::string_view first = message.substr(0, message.find('\n'));
  size_t close = first.rfind('`');
  if (close == std::string_view::npos || close == 0) return {};
  size_t open = first.rfind('`', close - 1);
  if (open == std::string_view::npos) return {};
  return std::string(first.substr(open + 1, close - open - 1));
}

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// Where `name` is written in [begin, end) of `text` as a whole word; nullopt when it is not.
std::optional<std::pair<uint32_t, uint32_t>> findWord(std::string_view text, uint32_t begin, uint32_t end,
                                                      std::string_view name) {
  if (name.empty() || end <= begin) return std::nullopt;
  std::string_view range = text.substr(begin, end - begin);
  for (size_t at = range.find(name); at != std::string_view::npos; at = range.find(name, at + 1)) {
    size_t after = at + name.size();
    bool word_start = at == 0 || !isWordChar(range[at - 1]);
    bool word_end = after == range.size() || !isWordChar(range[after]);
    if (word_start && word_end)
      return std::make_pair(begin + static_cast<uint32_t>(at), begin + static_cast<uint32_t>(after));
  }
  return std::nullopt;
}

void quickFixes(const RequestContext& ctx, const nlohmann::json& diagnostic, const std::string& uri,
                nlohmann::json& out) {
  if (!diagnostic.is_object() || !diagnostic.contains("message") || !diagnostic["message"].is_string() ||
      !diagnostic.contains("range"))
    return;
  const std::string message = diagnostic["message"].get<std::string>();
  auto suggestions = suggestionsIn(message);
  if (suggestions.empty()) return;
  const auto& range = diagnostic["range"];
  auto start = parsePosition(range.value("start", nlohmann::json()));
  auto end = parsePosition(range.value("end", nlohmann::json()));
  if (!start || !end) return;
  std::string_view text = ctx.text();
  uint32_t begin = offsetOf(text, *start, ctx.encoding);
  uint32_t finish = std::max(begin, offsetOf(text, *end, ctx.encoding));
  auto target = findWord(text, begin, finish, misspelledName(message)).value_or(std::make_pair(begin, finish));
  for (const auto& s : suggestions) {
    nlohmann::json edit = {{"range", ctx.range(target.first, target.second)}, {"newText", s}};
    out.push_back({{"title", "Change to '" + s + "'"},
                   {"kind", "quickfix"},
                   {"diagnostics", nlohmann::json::array({diagnostic})},
                   {"isPreferred", suggestions.size() == 1},
                   {"edit", {{"changes", {{uri, nlohmann::json::array({edit})}}}}}});
  }
}

/// Keeps `offset` off the middle of a UTF-8 sequence and of a CRLF pair, moving it back.
uint32_t characterStart(std::string_view text, uint32_t offset) {
  while (offset > 0 && offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) --offset;
  if (offset > 0 && offset < text.size() && text[offset - 1] == '\r' && text[offset] == '\n') --offset;
  return offset;
}

/// The one edit that turns `from` into `to`: the text between their common prefix and suffix.
nlohmann::json minimalEdit(const RequestContext& ctx, std::string_view from, std::string_view to) {
  size_t prefix = 0;
  while (prefix < from.size() && prefix < to.size() && from[prefix] == to[prefix]) ++prefix;
  prefix = characterStart(from, static_cast<uint32_t>(prefix));
  size_t suffix = 0;
  while (suffix < from.size() - prefix && suffix < to.size() - prefix &&
         from[from.size() - 1 - suffix] == to[to.size() - 1 - suffix])
    ++suffix;
  // The suffix starts on a character boundary of `from` (and so of `to`, the bytes being equal).
  while (suffix > 0 && characterStart(from, static_cast<uint32_t>(from.size() - suffix)) != from.size() - suffix)
    --suffix;
  auto from_end = static_cast<uint32_t>(from.size() - suffix);
  return {{"range", ctx.range(static_cast<uint32_t>(prefix), from_end)},
          {"newText", std::string(to.substr(prefix, to.size() - suffix - prefix))}};
}

void forwardQueryAction(const RequestContext& ctx, LivePlan& live, const std::string& uri, nlohmann::json& out) {
  if (!ctx.resource || ctx.resource->kind != project::ResourceKind::Datasource) return;
  auto result = live.plan(ctx.project);
  if (!result || !live.liveProject()) return;
  const auto& next = ctx.project.project();
  for (const auto& need : driver::neededForwardQueries(result->plan, *live.liveProject(), next, result->diagnostics)) {
    // A query that cannot carry some column is never proposed; a recommended one (a lossy or
    // fallible conversion) is: choosing the action is the confirmation `ferry build` asks for,
    // and its title says what to review.
    if (need.plan->name != ctx.resource->name || need.query.impossible) continue;
    std::string_view text = ctx.text();
    auto place = driver::forwardQueryBlockPlace(text, *ctx.resource);
    if (!place.error.empty()) return;
    std::string updated = plan::withForwardQueryBlock(text, place.existing, need.query.sql);
    if (updated == text) return;
    std::string title = place.existing ? "Update FORWARD_QUERY" : "Insert FORWARD_QUERY";
    if (!need.safe()) title = place.existing ? "Update FORWARD_QUERY (recommended: review its conversions)"
                                             : "Insert FORWARD_QUERY (recommended: review its conversions)";
    out.push_back({{"title", title},
                   {"kind", kForwardQueryKind},
                   {"isPreferred", need.safe()},
                   {"edit", {{"changes", {{uri, nlohmann::json::array({minimalEdit(ctx, text, updated)})}}}}}});
    return;
  }
}

}  // namespace

nlohmann::json codeActions(const RequestContext& ctx, const nlohmann::json& params, LivePlan& live) {
  auto out = nlohmann::json::array();
  const nlohmann::json context =
      params.is_object() ? params.value("context", nlohmann::json::object()) : nlohmann::json();
  // `context.only`: the client asks for these kinds (and their sub-kinds) only.
  auto wanted = [&](std::string_view kind) {
    if (!context.is_object() || !context.contains("only") || !context["only"].is_array()) return true;
    for (const auto& o : context["only"]) {
      if (!o.is_string()) continue;
      std::string base = o.get<std::string>();
      bool sub_kind = kind.starts_with(base) && kind.size() > base.size() && kind[base.size()] == '.';
      if (kind == base || sub_kind) return true;
    }
    return false;
  };
  std::string uri = uriFromPath(ctx.path);
  if (wanted("quickfix") && context.is_object() && context.contains("diagnostics") && context["diagnostics"].is_array())
    for (const auto& d : context["diagnostics"]) quickFixes(ctx, d, uri, out);
  if (wanted(kForwardQueryKind)) forwardQueryAction(ctx, live, uri, out);
  if (wanted("source")) {
    nlohmann::json command = {{"title", "Show deployment plan"},
                              {"command", "ferry.plan"},
                              {"arguments", nlohmann::json::array({uriFromPath(ctx.project.root())})}};
    out.push_back({{"title", "Show deployment plan"}, {"kind", "source"}, {"command", std::move(command)}});
  }
  return out;
}

nlohmann::json codeActions(const RequestContext& ctx, const nlohmann::json& params) {
  LivePlan live;
  return codeActions(ctx, params, live);
}

}  // namespace ferry::lsp
