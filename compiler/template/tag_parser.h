/// Parses the inside of one template tag ({{ ... }} or {% ... %}) into expression nodes.
/// Internal to ferry_template; the ANTLR parser stays inside tag_parser.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"
#include "compiler/template/template_ast.h"

namespace ferry::tpl {

enum class TagOp { If, Elif, Else, End, For, While, Set, Try, Except, Finally, Break, Continue, Raw, Comment, Unknown };

struct StatementTag {
  TagOp op = TagOp::Unknown;
  bool ok = true;         ///< false when the tag had a syntax error (already reported)
  ExprPtr expr;           ///< condition / iterable / value / raw expression / except type
  Target target;          ///< for / set targets
  AssignOp assign = AssignOp::Assign;
  std::string name;       ///< except ... as name
  std::string op_word;    ///< the first word, for messages about unknown operators
};

/// Where a tag's content lies: local offsets [begin, end) in `sql`, mapped through `map`.
struct TagSource {
  std::string_view sql;
  uint32_t begin = 0;
  uint32_t end = 0;
  const SourceMap* map = nullptr;
  Span tag_span;  ///< the whole tag with its delimiters, for messages about the tag as a whole
};

/// Parses `{{ content }}`; on a syntax error reports TPL_SYNTAX_ERROR and returns an ErrorExpr.
ExprPtr parseOutputTag(const TagSource& src, DiagnosticSink& sink);

/// Parses `{% content %}`; the operator (first word) is known even when the rest fails to parse.
StatementTag parseStatementTag(const TagSource& src, DiagnosticSink& sink);

}  // namespace ferry::tpl
