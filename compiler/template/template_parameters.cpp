#include "compiler/template/template_parameters.h"

#include <array>
#include <unordered_map>
#include <unordered_set>

#include "compiler/template/template_functions.h"

namespace ferry::tpl {

namespace {

/// sql_template.py RESERVED_PARAM_NAMES: accepted with a warning.
constexpr std::array<std::string_view, 17> kReservedNames = {
    "__tb__semver", "debug_source_tables", "debug", "explain", "finalize_aggregations",
    "output_format_json_quote_64bit_integers", "output_format_json_quote_denormals",
    "output_format_parquet_string_as_string", "pipeline", "playground", "q", "query_id",
    "release_replacements", "tag", "template_parameters", "token", "job_timestamp"};
/// DEFAULT_PARAM_NAMES: rejected ("can not be used as a variable name").
constexpr std::array<std::string_view, 2> kForbiddenNames = {"format", "q"};

std::optional<ParameterLiteral> literalOf(const Expr* e) {
  if (!e) return std::nullopt;
  ParameterLiteral lit;
  lit.span = e->span;
  if (auto* l = e->as<LiteralExpr>()) {
    lit.kind = l->literal;
    switch (l->literal) {
      case LiteralKind::None: lit.value = "None"; break;
      case LiteralKind::Bool: lit.value = l->bool_value ? "True" : "False"; break;
      case LiteralKind::Int:
        lit.value = l->int_overflow ? l->text : std::to_string(l->int_value);
        break;
      default: lit.value = l->text; break;
    }
    return lit;
  }
  if (auto* u = e->as<UnaryExpr>()) {
    auto inner = literalOf(u->operand.get());
    if (!inner || (inner->kind != LiteralKind::Int && inner->kind != LiteralKind::Float)) return std::nullopt;
    if (u->op == UnaryOp::Minus) inner->value = "-" + inner->value;
    inner->span = e->span;
    return inner;
  }
  if (auto* s = e->as<SequenceExpr>()) {
    if (s->sequence == SequenceKind::Set) return std::nullopt;
    lit.is_list = true;
    for (const auto& item : s->items) {
      auto sub = literalOf(item.get());
      if (!sub) return std::nullopt;
      lit.items.push_back(std::move(*sub));
    }
    return lit;
  }
  return std::nullopt;
}

class Collector {
 public:
  explicit Collector(DiagnosticSink& sink) : sink_(sink) {}

  void locals(const Body& body) {
    for (const NodePtr& n : body) {
      if (auto* s = n->as<SetNode>()) addLocal(s->target);
      if (auto* f = n->as<ForNode>()) addLocal(f->target);
      if (auto* t = n->as<TryNode>()) {
        for (const auto& h : t->handlers) {
          if (!h.name.empty()) locals_.insert(h.name);
        }
      }
      forEachNestedBody(*n, [this](const Body& b) { locals(b); });
    }
  }

  void walk(const Body& body) {
    for (const NodePtr& n : body) {
      switch (n->kind) {
        case NodeKind::Output: expr(n->as<OutputNode>()->expr.get()); break;
        case NodeKind::Set: expr(n->as<SetNode>()->value.get()); break;
        case NodeKind::If:
          for (const auto& b : n->as<IfNode>()->branches) {
            expr(b.condition.get());
            walk(b.body);
          }
          continue;
        case NodeKind::For: expr(n->as<ForNode>()->iterable.get()); break;
        case NodeKind::While: expr(n->as<WhileNode>()->condition.get()); break;
        case NodeKind::Try:
          for (const auto& h : n->as<TryNode>()->handlers) expr(h.type.get());
          break;
        default: break;
      }
      forEachNestedBody(*n, [this](const Body& b) { walk(b); });
    }
  }

  std::vector<Parameter> finish() {
    for (const Parameter& p : params_) {
      for (std::string_view f : kForbiddenNames) {
        if (p.name == f) {
          sink_.report(DiagId::TPL_FORBIDDEN_PARAMETER, p.span, "\"" + p.name + "\" can not be used as a variable name");
        }
      }
      for (std::string_view r : kReservedNames) {
        if (p.name == r && p.name != "q") {
          sink_.report(DiagId::TPL_RESERVED_PARAMETER, p.span, "The parameter name '" + p.name + "' is a reserved word");
        }
      }
    }
    return std::move(params_);
  }

 private:

  void addLocal(const Target& t) {
    if (!t.name.empty()) locals_.insert(t.name);
    for (const Target& e : t.elements) addLocal(e);
  }

  bool isParameterName(const std::string& name) const {
    return !locals_.count(name) && !findFunction(name);
  }

  Parameter& use(const std::string& name, Span span) {
    auto it = index_.find(name);
    if (it == index_.end()) {
      it = index_.emplace(name, params_.size()).first;
      Parameter p;
      p.name = name;
      p.span = span;
      params_.push_back(std::move(p));
    }
    Parameter& p = params_[it->second];
    p.uses.push_back(span);
    return p;
  }

  void typedUse(const CallExpr& c, const FunctionInfo& f, const NameExpr& name) {
    Parameter& p = use(name.name, name.span);
    bool first_typed = !p.typed;
    if (first_typed) {
      p.typed = true;
      p.span = name.span;
      p.used_in_function_call = false;
      if (f.kind == FunctionKind::ArrayParam) {
        const Expr* t = c.positional(1);
        if (!t) t = c.keyword("_type");
        auto* lit = t ? t->as<LiteralExpr>() : nullptr;
        p.type = "Array(" + (lit && lit->literal == LiteralKind::String ? lit->text : std::string("String")) + ")";
      } else {
        p.type = std::string(f.param_type);
      }
    }
    const Expr* dflt = c.keyword("default");
    if (!dflt) dflt = c.positional(f.kind == FunctionKind::ArrayParam ? 2 : 1);
    if (!p.default_value) p.default_value = literalOf(dflt);
    auto text = [&](const char* kw, std::string& out) {
      if (!out.empty()) return;
      if (auto* l = c.keyword(kw) ? c.keyword(kw)->as<LiteralExpr>() : nullptr) {
        out = l->literal == LiteralKind::String ? l->text : literalOf(l)->value;
      }
    };
    text("description", p.description);
    text("example", p.example);
    text("format", p.format);
    auto flag = [&](const char* kw, std::optional<bool>& out) {
      if (out) return;
      if (auto* l = c.keyword(kw) ? c.keyword(kw)->as<LiteralExpr>() : nullptr) {
        if (l->literal == LiteralKind::Bool) out = l->bool_value;
      }
    };
    flag("required", p.required);
    flag("defined", p.defined);
    if (p.enum_values.empty()) {
      if (auto lit = literalOf(c.keyword("enum")); lit && lit->is_list) {
        for (const auto& item : lit->items) p.enum_values.push_back(item.value);
      }
    }
  }

  void expr(const Expr* e) {
    if (!e) return;
    switch (e->kind) {
      case ExprKind::Name: {
        auto* n = e->as<NameExpr>();
        if (isParameterName(n->name)) use(n->name, n->span);
        return;
      }
      case ExprKind::Call: {
        auto* c = e->as<CallExpr>();
        const FunctionInfo* f = nullptr;
        if (auto* callee = c->callee->as<NameExpr>()) {
          f = locals_.count(callee->name) ? nullptr : findFunction(callee->name);
        } else {
          expr(c->callee.get());
        }
        for (size_t k = 0; k < c->args.size(); ++k) {
          const Argument& a = c->args[k];
          auto* name = a.value->as<NameExpr>();
          bool first_positional = k == 0 && a.kind == ArgumentKind::Positional;
          if (f && first_positional && name && isParameterName(name->name)) {
            if (isTypedParameterFunction(f->kind)) {
              typedUse(*c, *f, *name);
              continue;
            }
            if (takesParameterName(f->kind)) {
              Parameter& p = use(name->name, name->span);
              if (!p.typed) p.used_in_function_call = true;
              continue;
            }
          }
          expr(a.value.get());
        }
        return;
      }
      case ExprKind::Attribute: expr(e->as<AttributeExpr>()->object.get()); return;
      case ExprKind::Subscript:
        expr(e->as<SubscriptExpr>()->object.get());
        expr(e->as<SubscriptExpr>()->index.get());
        return;
      case ExprKind::Slice:
        expr(e->as<SliceExpr>()->lower.get());
        expr(e->as<SliceExpr>()->upper.get());
        expr(e->as<SliceExpr>()->step.get());
        return;
      case ExprKind::Sequence:
        for (const auto& i : e->as<SequenceExpr>()->items) expr(i.get());
        return;
      case ExprKind::Dict:
        for (size_t k = 0; k < e->as<DictExpr>()->keys.size(); ++k) {
          expr(e->as<DictExpr>()->keys[k].get());
          expr(e->as<DictExpr>()->values[k].get());
        }
        return;
      case ExprKind::Comprehension: {
        auto* c = e->as<ComprehensionExpr>();
        addLocal(c->target);
        expr(c->iterable.get());
        expr(c->element.get());
        for (const auto& i : c->conditions) expr(i.get());
        return;
      }
      case ExprKind::Unary: expr(e->as<UnaryExpr>()->operand.get()); return;
      case ExprKind::Binary:
        expr(e->as<BinaryExpr>()->lhs.get());
        expr(e->as<BinaryExpr>()->rhs.get());
        return;
      case ExprKind::Compare:
        for (const auto& i : e->as<CompareExpr>()->operands) expr(i.get());
        return;
      case ExprKind::Logical:
        for (const auto& i : e->as<LogicalExpr>()->operands) expr(i.get());
        return;
      case ExprKind::Not: expr(e->as<NotExpr>()->operand.get()); return;
      case ExprKind::Conditional:
        expr(e->as<ConditionalExpr>()->then_value.get());
        expr(e->as<ConditionalExpr>()->condition.get());
        expr(e->as<ConditionalExpr>()->else_value.get());
        return;
      case ExprKind::Literal:
      case ExprKind::Error: return;
    }
  }

  DiagnosticSink& sink_;
  std::unordered_set<std::string> locals_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<Parameter> params_;
};

}  // namespace

std::vector<Parameter> collectParameters(const Template& t, DiagnosticSink& sink) {
  Collector c(sink);
  if (!t.is_template) return {};
  c.locals(t.body);
  c.walk(t.body);
  return c.finish();
}

}  // namespace ferry::tpl
