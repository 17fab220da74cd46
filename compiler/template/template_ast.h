/// The syntax tree of a Tinybird SQL template (Tornado syntax): text runs, {{ }} outputs and
/// {% %} blocks, with Python-like expressions inside.
///
/// Every node has a Span in file coordinates (mapped through the SourceMap the SQL came with), so
/// diagnostics and the language server point at the template text itself. Text runs also keep
/// their offset in the SQL text (`local_begin`), which the renderer needs to build the rendered
/// SQL's SourceMap.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"

namespace ferry::tpl {

// ---- Expressions --------------------------------------------------------------------------------

#define FERRY_TPL_EXPR_KINDS(X) \
  X(Name)                       \
  X(Literal)                    \
  X(Sequence)                   \
  X(Dict)                       \
  X(Comprehension)              \
  X(Call)                       \
  X(Attribute)                  \
  X(Subscript)                  \
  X(Slice)                      \
  X(Unary)                      \
  X(Binary)                     \
  X(Compare)                    \
  X(Logical)                    \
  X(Not)                        \
  X(Conditional)                \
  X(Error)

enum class ExprKind {
#define X(k) k,
  FERRY_TPL_EXPR_KINDS(X)
#undef X
};
std::string_view exprKindName(ExprKind k);

struct Expr {
  explicit Expr(ExprKind k, Span s) : kind(k), span(s) {}
  virtual ~Expr() = default;
  ExprKind kind;
  Span span;

  /// Tag-checked downcast: nullptr when the node is of another kind.
  template <class T>
  const T* as() const {
    return kind == T::kKind ? static_cast<const T*>(this) : nullptr;
  }
};
using ExprPtr = std::unique_ptr<Expr>;

struct NameExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Name;
  NameExpr(Span s, std::string n) : Expr(kKind, s), name(std::move(n)) {}
  std::string name;
};

enum class LiteralKind { None, Bool, Int, Float, String };

struct LiteralExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Literal;
  explicit LiteralExpr(Span s) : Expr(kKind, s) {}
  LiteralKind literal = LiteralKind::None;
  bool bool_value = false;
  int64_t int_value = 0;
  /// Integer literals beyond int64 keep only their digits (Python ints are unbounded).
  bool int_overflow = false;
  double float_value = 0;
  /// The decoded string value; for numbers the literal's source text.
  std::string text;
};

enum class SequenceKind { List, Tuple, Set };

struct SequenceExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Sequence;
  SequenceExpr(Span s, SequenceKind k) : Expr(kKind, s), sequence(k) {}
  SequenceKind sequence;
  std::vector<ExprPtr> items;
};

struct DictExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Dict;
  explicit DictExpr(Span s) : Expr(kKind, s) {}
  std::vector<ExprPtr> keys;
  std::vector<ExprPtr> values;
};

/// A for-target: a name or a nested tuple of targets (`a`, `a, b`, `(a, (b, c))`).
struct Target {
  Span span;
  std::string name;              ///< empty for a tuple target
  std::vector<Target> elements;  ///< the tuple's parts
};

/// `[elem for targets in iterable if cond...]` and the generator form `(elem for ...)`.
struct ComprehensionExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Comprehension;
  explicit ComprehensionExpr(Span s) : Expr(kKind, s) {}
  bool generator = false;
  ExprPtr element;
  Target target;
  ExprPtr iterable;
  std::vector<ExprPtr> conditions;
};

enum class ArgumentKind { Positional, Keyword, Star, DoubleStar };

struct Argument {
  ArgumentKind kind = ArgumentKind::Positional;
  std::string keyword;  ///< for Keyword
  Span keyword_span;
  ExprPtr value;
};

struct CallExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Call;
  explicit CallExpr(Span s) : Expr(kKind, s) {}
  ExprPtr callee;
  std::vector<Argument> args;
  Span open_paren;

  /// The callee's name when it is a plain name (`Int32(...)`), else empty.
  std::string_view calleeName() const;
  /// The n-th positional argument, or nullptr.
  const Expr* positional(size_t n) const;
  /// The keyword argument `kw`, or nullptr.
  const Expr* keyword(std::string_view kw) const;
};

struct AttributeExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Attribute;
  explicit AttributeExpr(Span s) : Expr(kKind, s) {}
  ExprPtr object;
  std::string attribute;
  Span attribute_span;
};

struct SubscriptExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Subscript;
  explicit SubscriptExpr(Span s) : Expr(kKind, s) {}
  ExprPtr object;
  ExprPtr index;  ///< a SliceExpr for `a[1:2]`
};

struct SliceExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Slice;
  explicit SliceExpr(Span s) : Expr(kKind, s) {}
  ExprPtr lower, upper, step;  ///< each may be null
};

enum class UnaryOp { Plus, Minus, Invert };
enum class BinaryOp { Add, Sub, Mul, Div, FloorDiv, Mod, Pow };
enum class CompareOp { Eq, Ne, Lt, Gt, Le, Ge, In, NotIn, Is, IsNot };
std::string_view binaryOpText(BinaryOp op);
std::string_view compareOpText(CompareOp op);

struct UnaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Unary;
  explicit UnaryExpr(Span s) : Expr(kKind, s) {}
  UnaryOp op = UnaryOp::Minus;
  ExprPtr operand;
};

struct BinaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Binary;
  explicit BinaryExpr(Span s) : Expr(kKind, s) {}
  BinaryOp op = BinaryOp::Add;
  Span op_span;
  ExprPtr lhs, rhs;
};

/// Python comparison chain `a < b <= c`: operands.size() == ops.size() + 1.
struct CompareExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Compare;
  explicit CompareExpr(Span s) : Expr(kKind, s) {}
  std::vector<ExprPtr> operands;
  std::vector<CompareOp> ops;
};

/// `a and b and c` / `a or b` (n-ary, short-circuit, returns an operand as Python does).
struct LogicalExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Logical;
  explicit LogicalExpr(Span s) : Expr(kKind, s) {}
  bool is_and = true;
  std::vector<ExprPtr> operands;
};

struct NotExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Not;
  explicit NotExpr(Span s) : Expr(kKind, s) {}
  ExprPtr operand;
};

/// `then_value if condition else else_value`
struct ConditionalExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Conditional;
  explicit ConditionalExpr(Span s) : Expr(kKind, s) {}
  ExprPtr condition, then_value, else_value;
};

/// Stands for an expression that failed to parse (a diagnostic was reported).
struct ErrorExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Error;
  explicit ErrorExpr(Span s) : Expr(kKind, s) {}
};

// ---- Template nodes -----------------------------------------------------------------------------

#define FERRY_TPL_NODE_KINDS(X) \
  X(Text)                       \
  X(Output)                     \
  X(Comment)                    \
  X(If)                         \
  X(For)                        \
  X(While)                      \
  X(Set)                        \
  X(Try)                        \
  X(Break)                      \
  X(Continue)

enum class NodeKind {
#define X(k) k,
  FERRY_TPL_NODE_KINDS(X)
#undef X
};
std::string_view nodeKindName(NodeKind k);

struct Node {
  explicit Node(NodeKind k, Span s) : kind(k), span(s) {}
  virtual ~Node() = default;
  NodeKind kind;
  Span span;  ///< the whole construct, from its opening tag to its {% end %}

  template <class T>
  const T* as() const {
    return kind == T::kKind ? static_cast<const T*>(this) : nullptr;
  }
};
using NodePtr = std::unique_ptr<Node>;
using Body = std::vector<NodePtr>;

/// Literal SQL text, emitted as is. `text` may differ from the source for {{! escapes.
struct TextNode : Node {
  static constexpr NodeKind kKind = NodeKind::Text;
  TextNode(Span s, std::string t, uint32_t local) : Node(kKind, s), text(std::move(t)), local_begin(local) {}
  std::string text;
  uint32_t local_begin;  ///< offset of the run in the template's SQL text
  /// True when the run is a {{! / {%! / {#! escape: its text is not a 1:1 copy of the source.
  bool escape = false;
};

/// `{{ expr }}` (and `{% raw expr %}`); `span` covers the whole tag.
struct OutputNode : Node {
  static constexpr NodeKind kKind = NodeKind::Output;
  explicit OutputNode(Span s) : Node(kKind, s) {}
  ExprPtr expr;
  bool raw = false;
};

/// `{# ... #}` and `{% comment ... %}`: render nothing.
struct CommentNode : Node {
  static constexpr NodeKind kKind = NodeKind::Comment;
  explicit CommentNode(Span s) : Node(kKind, s) {}
};

struct IfBranch {
  Span tag_span;       ///< the `{% if %}` / `{% elif %}` / `{% else %}` tag
  ExprPtr condition;   ///< null for else
  Body body;
};

struct IfNode : Node {
  static constexpr NodeKind kKind = NodeKind::If;
  explicit IfNode(Span s) : Node(kKind, s) {}
  std::vector<IfBranch> branches;
  Span end_span;  ///< invalid when the {% end %} is missing
};

struct ForNode : Node {
  static constexpr NodeKind kKind = NodeKind::For;
  explicit ForNode(Span s) : Node(kKind, s) {}
  Span tag_span;
  Target target;
  ExprPtr iterable;
  Body body;
  Span else_span;  ///< Python's for-else; valid when present
  Body else_body;
  Span end_span;
};

struct WhileNode : Node {
  static constexpr NodeKind kKind = NodeKind::While;
  explicit WhileNode(Span s) : Node(kKind, s) {}
  Span tag_span;
  ExprPtr condition;
  Body body;
  Span else_span;
  Body else_body;
  Span end_span;
};

enum class AssignOp { Assign, Add, Sub, Mul };

/// `{% set targets = value %}`
struct SetNode : Node {
  static constexpr NodeKind kKind = NodeKind::Set;
  explicit SetNode(Span s) : Node(kKind, s) {}
  Target target;
  AssignOp op = AssignOp::Assign;
  ExprPtr value;
};

struct ExceptClause {
  Span tag_span;
  ExprPtr type;      ///< may be null (bare except)
  std::string name;  ///< `as name`, may be empty
  Body body;
};

struct TryNode : Node {
  static constexpr NodeKind kKind = NodeKind::Try;
  explicit TryNode(Span s) : Node(kKind, s) {}
  Span tag_span;
  Body body;
  std::vector<ExceptClause> handlers;
  Span else_span;
  Body else_body;
  Span finally_span;
  Body finally_body;
  Span end_span;
};

struct BreakNode : Node {
  static constexpr NodeKind kKind = NodeKind::Break;
  explicit BreakNode(Span s) : Node(kKind, s) {}
};

struct ContinueNode : Node {
  static constexpr NodeKind kKind = NodeKind::Continue;
  explicit ContinueNode(Span s) : Node(kKind, s) {}
};

/// Calls fn(body) for every body nested directly in a block node (if branches, loop bodies and
/// their `else`, try/except/else/finally); nothing for other nodes.
template <class Fn>
void forEachNestedBody(const Node& n, Fn&& fn) {
  if (auto* i = n.as<IfNode>()) {
    for (const auto& b : i->branches) fn(b.body);
  } else if (auto* f = n.as<ForNode>()) {
    fn(f->body);
    fn(f->else_body);
  } else if (auto* w = n.as<WhileNode>()) {
    fn(w->body);
    fn(w->else_body);
  } else if (auto* t = n.as<TryNode>()) {
    fn(t->body);
    for (const auto& h : t->handlers) fn(h.body);
    fn(t->else_body);
    fn(t->finally_body);
  }
}

/// A parsed node SQL. For SQL without the `%` marker `is_template` is false and the body is one
/// text run (Tinybird does not process {{ }} there).
struct Template {
  bool is_template = false;
  Span marker_span;      ///< the `%` marker
  uint32_t body_begin = 0;  ///< offset in the SQL text where the template body starts (after `%`)
  Body body;
  /// The SQL text's map to the file, plus the local offsets where that map is not contiguous,
  /// so rendered text runs can be mapped piecewise.
  SourceMap source_map;
  std::vector<uint32_t> map_breaks;
  uint32_t sql_size = 0;
};

}  // namespace ferry::tpl
