/// Canonical re-printing of SQL pieces for `ferry fmt`, refusing anything that would lose text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry::driver {

/// True when the SQL holds a comment (`--`, `#`, `/* */`) outside strings and quoted names:
/// printing from the syntax tree would drop it, so such SQL is kept as written.
bool sqlHasComments(std::string_view sql);

/// The canonical (pretty) form of one SELECT statement, or nullopt when it has comments, does not
/// parse, or its printed form would not parse back to the same tree.
std::optional<std::string> formatSelect(std::string_view sql);
std::optional<std::string> formatType(std::string_view type);
std::optional<std::string> formatExpression(std::string_view expr);

/// A `;`-separated script: each statement printed canonically (statements with comments kept
/// as written), separated by a blank line, each ending with `;`. nullopt when a statement does
/// not parse.
std::optional<std::string> formatScript(std::string_view script);

}  // namespace ferry::driver
