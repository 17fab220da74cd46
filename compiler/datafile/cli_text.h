/// Text rules the Tinybird CLIs apply to datafile values: unquoting, `$VAR` expansion
/// (Python string.Template.safe_substitute), textwrap.dedent, and the word splitting used when
/// choosing how to print a value.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::datafile {

/// Looks a variable up; std::nullopt leaves `$NAME` as written.
using VariableLookup = std::function<std::optional<std::string>(std::string_view)>;

/// Drops the first and last character when both are quotes (of either kind, as the CLIs do).
std::string_view unquote(std::string_view s);

/// One piece of an expanded template: either literal text of the source or a substituted value.
struct TemplatePiece {
  std::string text;
  uint32_t source_begin;  ///< where the piece came from in the source text
  uint32_t source_end;
  bool substituted;
};

/// string.Template.safe_substitute: `$$` -> `$`, `$name`/`${name}` replaced when the lookup knows
/// the name, everything else kept.
std::vector<TemplatePiece> expandTemplatePieces(std::string_view s, const VariableLookup& lookup);
std::string expandTemplate(std::string_view s, const VariableLookup& lookup);

/// Python's str.strip()/rstrip()/lstrip() for ASCII whitespace.
std::string_view strip(std::string_view s);
std::string_view rstrip(std::string_view s);
std::string_view lstrip(std::string_view s);

/// The common leading whitespace of the non-blank lines (textwrap.dedent's margin).
std::string_view dedentMargin(const std::vector<std::string_view>& lines);
/// textwrap.dedent over '\n'-separated text.
std::string dedent(std::string_view text);

std::string toUpper(std::string_view s);
std::string toLower(std::string_view s);
bool equalsIgnoreCase(std::string_view a, std::string_view b);

/// The value a single-line directive gets from its argument text, following the CLI: split into
/// words (quotes group, `#` starts a comment), join with single spaces, strip, unquote. Returns
/// std::nullopt when the words cannot be split (unterminated quote).
std::optional<std::string> singleLineValue(std::string_view args);

/// Splits `KEY=value` text of an INCLUDE argument.
std::optional<std::pair<std::string, std::string>> splitKeyValue(std::string_view s);

}  // namespace ferry::datafile
