/// Reading the text of the function tables: cells, rule expressions such as `Array(arg0)`,
/// `@quantiles(params)`, `supertype(1, 3)`, and function names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ferry::functions {

/// `s` without leading and trailing spaces, tabs and carriage returns.
std::string_view trim(std::string_view s);

/// Splits `a, f(b, c), [1, 2], 'x,y'` at the commas outside parentheses, brackets and quoted
/// strings; each part trimmed.
std::vector<std::string_view> splitTopLevel(std::string_view s);

/// ASCII lower case: function names are ASCII, and case-insensitive lookup folds them so.
std::string lowerAscii(std::string_view s);

}  // namespace ferry::functions
