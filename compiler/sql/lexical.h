/// The lexical rules shared by the SQL printer and the SQL parser: how string literals and
/// identifiers are escaped, unescaped and (for identifiers) when they need quoting. Keeping
/// both directions here is what makes print -> parse give back the same values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry::sql {

/// `'...'` with `\\`, `\'`, `\n`, `\t`, `\r`, `\0`, `\b`, `\f` and `\xHH` for other control
/// bytes and for bytes that are not part of well-formed UTF-8 (valid UTF-8 passes through), so
/// the output is always valid UTF-8 whatever the value holds.
std::string quoteString(std::string_view value);

/// Decodes a string literal token (`'...'`) the way ClickHouse does: `\n \t \r \0 \b \f \a \v
/// \e \xHH` give their byte, `\\ \' \" \` \/ \=` the character, `\N` nothing, and any other `\c`
/// stays `\c` (backslash kept: `'\d+\.'` is a regexp); doubled quotes (`''`) give one. nullopt
/// when the token is not a well-formed literal.
std::optional<std::string> unquoteString(std::string_view token);

/// Decodes a quoted identifier token (`` `...` `` or `"..."`): the same escapes as strings,
/// plus the doubled delimiter. A token without quotes is returned unchanged.
std::optional<std::string> unquoteIdentifier(std::string_view token);

/// True when `name` cannot be written bare: it is not `[A-Za-z_][A-Za-z0-9_]*`, or it is a
/// keyword the parser would read as syntax (see isReservedKeyword).
bool identifierNeedsQuotes(std::string_view name);

/// The keywords the printer always backquotes when they are used as names, compared without
/// case. The parser must accept every other bare word as an identifier.
bool isReservedKeyword(std::string_view word);

/// `name` or `` `na``me` `` (backquotes, escaped like strings).
std::string formatIdentifier(std::string_view name);

}  // namespace ferry::sql
