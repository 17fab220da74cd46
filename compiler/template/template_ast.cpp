#include "compiler/template/template_ast.h"

namespace ferry::tpl {

std::string_view exprKindName(ExprKind k) {
  switch (k) {
#define X(n) \
  case ExprKind::n: return #n;
    FERRY_TPL_EXPR_KINDS(X)
#undef X
  }
  return "?";
}

std::string_view nodeKindName(NodeKind k) {
  switch (k) {
#define X(n) \
  case NodeKind::n: return #n;
    FERRY_TPL_NODE_KINDS(X)
#undef X
  }
  return "?";
}

std::string_view binaryOpText(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::FloorDiv: return "//";
    case BinaryOp::Mod: return "%";
    case BinaryOp::Pow: return "**";
  }
  return "?";
}

std::string_view compareOpText(CompareOp op) {
  switch (op) {
    case CompareOp::Eq: return "==";
    case CompareOp::Ne: return "!=";
    case CompareOp::Lt: return "<";
    case CompareOp::Gt: return ">";
    case CompareOp::Le: return "<=";
    case CompareOp::Ge: return ">=";
    case CompareOp::In: return "in";
    case CompareOp::NotIn: return "not in";
    case CompareOp::Is: return "is";
    case CompareOp::IsNot: return "is not";
  }
  return "?";
}

std::string_view CallExpr::calleeName() const {
  if (auto* n = callee ? callee->as<NameExpr>() : nullptr) return n->name;
  return {};
}

const Expr* CallExpr::positional(size_t n) const {
  for (const Argument& a : args) {
    if (a.kind != ArgumentKind::Positional) continue;
    if (n == 0) return a.value.get();
    --n;
  }
  return nullptr;
}

const Expr* CallExpr::keyword(std::string_view kw) const {
  for (const Argument& a : args) {
    if (a.kind == ArgumentKind::Keyword && a.keyword == kw) return a.value.get();
  }
  return nullptr;
}

}  // namespace ferry::tpl
