/// Building blocks of physical expressions, and constants as typed literals.
#include <cstdint>

#include "compiler/lower/lowering.h"
#include "compiler/lower/query_lowering.h"
#include "compiler/types/data_type.h"

namespace ferry::lower {

namespace {

using K = types::TypeKind;

/// The value as a Field of `type` when its kind is the type's own (no conversion needed).
std::optional<rt::Field> fieldFor(const types::ConstantValue& v, const types::DataType& type) {
  using VK = types::ConstantValue::Kind;
  if (v.kind == VK::Null) return rt::Field{};
  const types::DataType* t = &type;
  while ((t->kind == K::Nullable || t->kind == K::LowCardinality) && !t->children.empty()) t = t->child().get();
  bool wide = t->kind == K::UInt128 || t->kind == K::UInt256 || t->kind == K::Int128 || t->kind == K::Int256;
  if (types::isInteger(t->kind) || types::isFloat(t->kind) || t->kind == K::Bool) {
    if (wide && v.kind == VK::String) return rt::Field{rt::BigNumber{v.string_value}};
    switch (v.kind) {
      case VK::Int: return rt::Field{v.int_value};
      case VK::UInt: return rt::Field{v.uint_value};
      case VK::Float:
        if (!types::isFloat(t->kind)) return std::nullopt;
        return rt::Field{v.float_value};
      case VK::Bool: return rt::Field{v.bool_value};
      default: return std::nullopt;
    }
  }
  if (t->kind == K::Interval) {
    // An interval is its count of units (the unit is in the type).
    if (v.kind == VK::Int) return rt::Field{v.int_value};
    if (v.kind == VK::UInt && v.uint_value <= static_cast<uint64_t>(INT64_MAX)) return rt::Field{static_cast<int64_t>(v.uint_value)};
    return std::nullopt;
  }
  if (t->kind == K::String || t->kind == K::FixedString) {
    if (v.kind == VK::String) return rt::Field{v.string_value};
    return std::nullopt;
  }
  if ((t->kind == K::Array && v.kind == VK::Array) || (t->kind == K::Tuple && v.kind == VK::Tuple)) {
    rt::FieldArray items;
    for (size_t i = 0; i < v.items.size(); ++i) {
      const types::TypePtr& child = t->kind == K::Array ? t->child() : (i < t->children.size() ? t->children[i] : nullptr);
      if (!child) return std::nullopt;
      auto f = fieldFor(v.items[i], *child);
      if (!f) return std::nullopt;
      items.push_back(std::move(*f));
    }
    return rt::Field{std::move(items)};
  }
  if (t->kind == K::Nothing && v.kind == VK::Array && v.items.empty()) return rt::Field{rt::FieldArray{}};
  return std::nullopt;
}

}  // namespace

void unsupported(const std::string& what, const sql::Node* at) {
  throw LowerError{DiagId::LOWER_UNSUPPORTED, what, at ? at->span : Span{}};
}

rt::ExprPtr makeInput(size_t index, rt::ColumnTypePtr type) {
  auto e = std::make_shared<rt::Expr>();
  e->kind = rt::ExprKind::Input;
  e->input = index;
  e->type = std::move(type);
  return e;
}

rt::ExprPtr makeLiteral(rt::ColumnTypePtr type, rt::Field value) {
  auto e = std::make_shared<rt::Expr>();
  e->kind = rt::ExprKind::Literal;
  e->type = std::move(type);
  e->literal = std::move(value);
  return e;
}

rt::ExprPtr makeCall(std::string function, std::vector<rt::ExprPtr> args, rt::ColumnTypePtr type) {
  auto e = std::make_shared<rt::Expr>();
  e->kind = rt::ExprKind::Call;
  e->function = std::move(function);
  e->args = std::move(args);
  e->type = std::move(type);
  return e;
}

rt::ExprPtr makeCast(rt::ExprPtr value, rt::ColumnTypePtr type) {
  if (sameType(value->type, type)) return value;
  auto e = std::make_shared<rt::Expr>();
  e->kind = rt::ExprKind::Cast;
  e->args = {std::move(value)};
  e->type = std::move(type);
  return e;
}

bool sameType(const rt::ColumnTypePtr& a, const rt::ColumnTypePtr& b) {
  if (!a || !b) return a == b;
  return rt::typeName(*a) == rt::typeName(*b) && a->simple_aggregate == b->simple_aggregate;
}

rt::ExprPtr shiftInputs(const rt::ExprPtr& e, size_t offset) {
  if (!e || offset == 0) return e;
  auto copy = std::make_shared<rt::Expr>(*e);
  if (copy->kind == rt::ExprKind::Input) copy->input += offset;
  for (auto& a : copy->args) a = shiftInputs(a, offset);
  return copy;
}

rt::ColumnTypePtr requireType(const types::TypePtr& type, const sql::Node* at) {
  if (!type) unsupported("an expression whose type the analyzer could not determine", at);
  auto lowered = lowerType(type);
  if (!lowered) {
    throw LowerError{DiagId::LOWER_UNSUPPORTED_TYPE,
                     "the runtime cannot hold values of type " + types::toString(type), at ? at->span : Span{}};
  }
  return lowered;
}

rt::ExprPtr lowerConstant(const types::ConstantValue& value, const types::TypePtr& type, const sql::Node* at) {
  using VK = types::ConstantValue::Kind;
  auto rt_type = requireType(type, at);
  if (value.kind == VK::Unknown) unsupported("a constant whose value the compiler did not compute", at);
  if (auto field = fieldFor(value, *type)) return makeLiteral(rt_type, std::move(*field));
  // Written in another kind: the literal in its own type, converted as CAST converts it.
  types::TypePtr own;
  rt::Field field;
  switch (value.kind) {
    case VK::String: own = types::makeType(K::String); field = value.string_value; break;
    case VK::Int: own = types::makeType(K::Int64); field = value.int_value; break;
    case VK::UInt: own = types::makeType(K::UInt64); field = value.uint_value; break;
    case VK::Float: own = types::makeType(K::Float64); field = value.float_value; break;
    case VK::Bool: own = types::makeType(K::Bool); field = value.bool_value; break;
    default: unsupported("the constant " + value.text + " of type " + types::toString(type), at);
  }
  return makeCast(makeLiteral(lowerType(own), std::move(field)), rt_type);
}

std::shared_ptr<rt::PlanNode> makeNode(rt::PlanKind kind, std::vector<rt::PlanPtr> children) {
  auto node = std::make_shared<rt::PlanNode>();
  node->kind = kind;
  node->children = std::move(children);
  return node;
}

}  // namespace ferry::lower
