#include "compiler/template/render_template.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include "compiler/template/template_functions.h"
#include "compiler/template/template_value.h"

namespace ferry::tpl {

namespace {

/// An evaluation failure inside the renderer: what Python would raise. It never leaves this
/// file: statements catch it and turn it into a diagnostic (or a {% try %} handles it).
struct EvalError {
  Span span;
  std::string message;
  DiagId id = DiagId::TPL_RENDER_ERROR;
};

[[noreturn]] void fail(Span span, std::string message) { throw EvalError{span, std::move(message)}; }

/// Tinybird's sqlescape / sqlescape_for_string_expression: backslash escapes for control
/// characters, quotes, backslash, % and backtick. The symbol variant drops double quotes.
std::string sqlEscape(std::string_view s, bool for_string_expression) {
  std::string out;
  out.reserve(s.size() + 2);
  for (char c : s) {
    switch (c) {
      case '\0': out += "\\0"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\x1a': out += "\\z"; break;
      case '\n': out += "\\n"; break;
      case '"':
        if (for_string_expression) out += "\\\"";
        break;
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      case '%': out += "\\%"; break;
      case '`': out += "\\`"; break;
      default: out += c;
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string> splitString(std::string_view s, std::string_view sep) {
  std::vector<std::string> parts;
  if (sep.empty()) {
    parts.emplace_back(s);
    return parts;
  }
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      parts.emplace_back(s.substr(start));
      return parts;
    }
    parts.emplace_back(s.substr(start, at - start));
    start = at + sep.size();
  }
}

/// Python's int(str): optional sign, digits (underscores between digits), surrounding blanks.
bool parseInt(std::string_view s, int64_t& out) {
  s = trim(s);
  if (s.empty()) return false;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  __int128 v = 0;
  bool last_digit = false;
  for (char c : s) {
    if (c == '_' && last_digit) {
      last_digit = false;
      continue;
    }
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
    if (v > static_cast<__int128>(INT64_MAX) + 1) return false;
    last_digit = true;
  }
  if (!last_digit) return false;
  v = neg ? -v : v;
  if (v > INT64_MAX || v < INT64_MIN) return false;
  out = static_cast<int64_t>(v);
  return true;
}

bool parseFloat(std::string_view s, double& out) {
  std::string t(trim(s));
  if (t.empty()) return false;
  std::string lower;
  for (char c : t) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "nan" || lower == "inf" || lower == "-inf" || lower == "+inf" || lower == "infinity") {
    out = std::strtod(lower.c_str(), nullptr);
    return true;
  }
  char* end = nullptr;
  out = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size() && (std::isdigit(static_cast<unsigned char>(t.back())) || t.back() == '.');
}

/// Broken-down time parsed by a strptime subset (%Y %m %d %H %M %S %f %%); literals match
/// case-insensitively as Python's strptime does.
bool strptime(std::string_view s, std::string_view fmt, int64_t& epoch_seconds) {
  int year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  size_t i = 0;
  auto digits = [&](size_t max_len, int& out) {
    size_t n = 0;
    int v = 0;
    while (n < max_len && i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    out = v;
    return n > 0;
  };
  for (size_t k = 0; k < fmt.size(); ++k) {
    if (fmt[k] == '%' && k + 1 < fmt.size()) {
      char d = fmt[++k];
      int ignored = 0;
      bool ok = true;
      switch (d) {
        case 'Y': ok = digits(4, year); break;
        case 'm': ok = digits(2, month); break;
        case 'd': ok = digits(2, day); break;
        case 'H': ok = digits(2, hour); break;
        case 'M': ok = digits(2, minute); break;
        case 'S': ok = digits(2, second); break;
        case 'f': ok = digits(6, ignored); break;
        case '%': ok = i < s.size() && s[i++] == '%'; break;
        default: return false;
      }
      if (!ok) return false;
      continue;
    }
    if (i >= s.size() || std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(fmt[k]))) {
      return false;
    }
    ++i;
  }
  if (i != s.size()) return false;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || hour > 23 || minute > 59 || second > 61) {
    return false;
  }
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return false;
  // Days from civil (proleptic Gregorian).
  int y = year - (month <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = static_cast<int64_t>(era) * 146097 + doe - 719468;
  epoch_seconds = days * 86400 + hour * 3600 + minute * 60 + second;
  return true;
}

bool looksLikeDate(std::string_view s, bool with_time) {
  int64_t ignored = 0;
  s = trim(s);
  if (!with_time) return strptime(s, "%Y-%m-%d", ignored);
  return strptime(s, "%Y-%m-%d %H:%M:%S", ignored) || strptime(s, "%Y-%m-%d", ignored) ||
         strptime(s, "%Y-%m-%dT%H:%M:%S", ignored) ||
         (s.size() > 19 && (strptime(s.substr(0, 19), "%Y-%m-%d %H:%M:%S", ignored) ||
                            strptime(s.substr(0, 19), "%Y-%m-%dT%H:%M:%S", ignored)));
}

struct CallArgs {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> keywords;

  const Value* at(size_t n) const { return n < positional.size() ? &positional[n] : nullptr; }
  const Value* kw(std::string_view name) const {
    for (const auto& [k, v] : keywords) {
      if (k == name) return &v;
    }
    return nullptr;
  }
  /// Python's binding of a parameter that may come by position or by keyword.
  const Value* get(size_t pos, std::string_view name) const {
    if (const Value* k = kw(name)) return k;
    return at(pos);
  }
};

class Renderer {
 public:
  Renderer(const Template& t, DiagnosticSink& sink, const RenderOptions& options)
      : t_(t), sink_(sink), opt_(options) {
    out_.map.setFile(t.source_map.file());
  }

  RenderedSql run() {
    if (!t_.is_template) {
      for (const NodePtr& n : t_.body) {
        if (auto* text = n->as<TextNode>()) emitText(*text);
      }
      return std::move(out_);
    }
    body(t_.body);
    return std::move(out_);
  }

 private:
  enum class Flow { Normal, Break, Continue };

  // ---- output ---------------------------------------------------------------------------------

  void emitText(const TextNode& n) {
    uint32_t r = static_cast<uint32_t>(out_.text.size());
    if (n.escape) {
      out_.map.addSegment(r, n.span.begin);
    } else {
      const SourceMap& m = t_.source_map;
      out_.map.addSegment(r, m.toFile(n.local_begin));
      uint32_t end = n.local_begin + static_cast<uint32_t>(n.text.size());
      auto it = std::upper_bound(t_.map_breaks.begin(), t_.map_breaks.end(), n.local_begin);
      for (; it != t_.map_breaks.end() && *it < end; ++it) out_.map.addSegment(r + (*it - n.local_begin), m.toFile(*it));
    }
    append(n.text);
  }

  /// Text produced by a tag maps onto the tag's span; bytes beyond the tag's length all map to
  /// its last byte, so spans of rendered text never run past the tag.
  void emitProduced(Span tag, const std::string& text) {
    uint32_t r = static_cast<uint32_t>(out_.text.size());
    out_.map.addSegment(r, tag.begin);
    uint32_t n = static_cast<uint32_t>(std::min<size_t>(text.size(), 4096));
    if (tag.size() > 0 && n < tag.size() && n > 1) {
      // Shorter than the tag: the last byte maps to the tag's last byte, so the span of the
      // whole rendered output is the whole tag.
      out_.map.addSegment(r + n - 1, tag.end - 1);
    }
    if (tag.size() > 0) {
      for (uint32_t k = tag.size(); k < n; ++k) out_.map.addSegment(r + k, tag.end - 1);
    }
    append(text);
  }

  void append(const std::string& s) {
    if (stopped_) return;
    if (out_.text.size() + s.size() > opt_.max_output_bytes) {
      stopped_ = true;
      sink_.report(DiagId::TPL_RENDER_ERROR, t_.marker_span, "the rendered SQL exceeds the analysis size limit");
      return;
    }
    out_.text += s;
  }

  void report(const EvalError& e) {
    if (!reported_.insert({e.span.begin, e.span.end, e.message}).second) return;
    sink_.report(e.id, e.span, e.message);
  }

  void warnOnce(DiagId id, Span span, std::string message) {
    if (!reported_.insert({span.begin, span.end, message}).second) return;
    sink_.report(id, span, std::move(message));
  }

  // ---- statements -----------------------------------------------------------------------------

  Flow body(const Body& nodes) {
    for (const NodePtr& n : nodes) {
      if (stopped_) return Flow::Normal;
      Flow f = node(*n);
      if (f != Flow::Normal) return f;
    }
    return Flow::Normal;
  }

  /// Runs `fn`; outside {% try %} an evaluation failure is reported and `fallback` runs.
  template <class Fn, class Fallback>
  void guarded(Fn&& fn, Fallback&& fallback) {
    try {
      fn();
    } catch (const EvalError& e) {
      if (try_depth_ > 0) throw;
      report(e);
      fallback();
    }
  }

  Flow node(const Node& n) {
    switch (n.kind) {
      case NodeKind::Text: emitText(*n.as<TextNode>()); return Flow::Normal;
      case NodeKind::Comment: return Flow::Normal;
      case NodeKind::Output: {
        auto* o = n.as<OutputNode>();
        guarded([&] { emitProduced(o->span, renderOutput(*o)); }, [&] { emitProduced(o->span, "NULL"); });
        return Flow::Normal;
      }
      case NodeKind::Set: {
        auto* s = n.as<SetNode>();
        guarded([&] { assign(*s); }, [&] { bind(s->target, Value::unknown(), s->span); });
        return Flow::Normal;
      }
      case NodeKind::If: {
        for (const IfBranch& b : n.as<IfNode>()->branches) {
          bool take = !b.condition;
          if (b.condition) guarded([&] { take = truthy(eval(*b.condition)); }, [&] { take = false; });
          if (take) return body(b.body);
        }
        return Flow::Normal;
      }
      case NodeKind::For: return forLoop(*n.as<ForNode>());
      case NodeKind::While: return whileLoop(*n.as<WhileNode>());
      case NodeKind::Try: return tryBlock(*n.as<TryNode>());
      case NodeKind::Break: return Flow::Break;
      case NodeKind::Continue: return Flow::Continue;
    }
    return Flow::Normal;
  }

  Flow forLoop(const ForNode& f) {
    std::vector<Value> items;
    guarded([&] { items = iterate(eval(*f.iterable), f.iterable->span); }, [&] { items.clear(); });
    for (const Value& item : items) {
      if (stopped_) return Flow::Normal;
      if (++loop_iterations_ > opt_.max_loop_iterations) {
        warnOnce(DiagId::TPL_LOOP_LIMIT, f.tag_span,
                 "loops stopped after " + std::to_string(opt_.max_loop_iterations) + " iterations in all");
        return Flow::Normal;
      }
      bool ok = true;
      guarded([&] { bind(f.target, item, f.tag_span); }, [&] { ok = false; });
      if (!ok) return Flow::Normal;
      Flow flow = body(f.body);
      if (flow == Flow::Break) return Flow::Normal;
    }
    return body(f.else_body);
  }

  Flow whileLoop(const WhileNode& w) {
    while (!stopped_) {
      bool go = false;
      guarded([&] { go = truthy(eval(*w.condition)); }, [&] { go = false; });
      if (!go) break;
      if (++loop_iterations_ > opt_.max_loop_iterations) {
        warnOnce(DiagId::TPL_LOOP_LIMIT, w.tag_span,
                 "loops stopped after " + std::to_string(opt_.max_loop_iterations) + " iterations in all");
        return Flow::Normal;
      }
      if (body(w.body) == Flow::Break) return Flow::Normal;
    }
    return body(w.else_body);
  }

  Flow tryBlock(const TryNode& t) {
    Flow flow = Flow::Normal;
    std::optional<EvalError> pending;
    bool raised = false;
    ++try_depth_;
    try {
      flow = body(t.body);
      --try_depth_;
    } catch (const EvalError& e) {
      --try_depth_;
      raised = true;
      if (t.handlers.empty()) {
        pending = e;
      } else {
        // Tinybird's errors are all Exceptions: the first handler catches (types are not modelled).
        const ExceptClause& h = t.handlers.front();
        if (!h.name.empty()) locals_[h.name] = Value::string(e.message);
        flow = body(h.body);
      }
    }
    if (!raised && flow == Flow::Normal) flow = body(t.else_body);
    Flow fin = body(t.finally_body);
    if (pending) {
      if (try_depth_ > 0) throw *pending;
      report(*pending);
    }
    return fin != Flow::Normal ? fin : flow;
  }

  void assign(const SetNode& s) {
    Value v = eval(*s.value);
    if (s.op != AssignOp::Assign) {
      if (s.target.name.empty()) fail(s.span, "illegal expression for augmented assignment");
      auto it = locals_.find(s.target.name);
      Value cur = it != locals_.end() ? it->second : lookupFree(s.target.name);
      BinaryOp op = s.op == AssignOp::Add ? BinaryOp::Add : s.op == AssignOp::Sub ? BinaryOp::Sub : BinaryOp::Mul;
      v = binary(op, cur, v, s.span);
    }
    bind(s.target, v, s.span);
  }

  void bind(const Target& target, const Value& v, Span span) {
    if (!target.name.empty()) {
      locals_[target.name] = v;
      return;
    }
    if (v.kind == ValueKind::Unknown) {
      for (const Target& t : target.elements) bind(t, v, span);
      return;
    }
    std::vector<Value> parts = iterate(v, span);
    if (parts.size() < target.elements.size()) {
      fail(span, "not enough values to unpack (expected " + std::to_string(target.elements.size()) + ", got " +
                     std::to_string(parts.size()) + ")");
    }
    if (parts.size() > target.elements.size()) {
      fail(span, "too many values to unpack (expected " + std::to_string(target.elements.size()) + ")");
    }
    for (size_t k = 0; k < parts.size(); ++k) bind(target.elements[k], parts[k], span);
  }

  /// Tinybird's expression_wrapper() followed by Tornado's str().
  std::string renderOutput(const OutputNode& o) {
    Value v = eval(*o.expr);
    switch (v.kind) {
      case ValueKind::String: return "'" + sqlEscape(v.text, true) + "'";
      case ValueKind::Placeholder: return "'__no_value__'";
      case ValueKind::Comment: return "-- {x} \n";
      case ValueKind::None: {
        std::string text = exprText(*o.expr);
        if (text.size() > 20) text = text.substr(0, 20) + "...";
        fail(o.expr->span, "expression \"" + text + "\" evaluated to null");
      }
      default: return pyStr(v);
    }
  }

  std::string exprText(const Expr& e) const {
    if (auto* n = e.as<NameExpr>()) return n->name;
    if (auto* c = e.as<CallExpr>()) return std::string(c->calleeName()) + "(...)";
    return std::string(exprKindName(e.kind));
  }

  // ---- expressions ----------------------------------------------------------------------------

  Value lookupFree(const std::string& name) {
    if (const FunctionInfo* f = findFunction(name)) return Value::function(std::string(f->name));
    auto it = opt_.values.find(name);
    if (it != opt_.values.end()) return Value::string(it->second);
    return Value::placeholder(name);
  }

  Value eval(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Name: {
        const std::string& name = e.as<NameExpr>()->name;
        auto it = locals_.find(name);
        if (it != locals_.end()) return it->second;
        return lookupFree(name);
      }
      case ExprKind::Literal: {
        auto* l = e.as<LiteralExpr>();
        switch (l->literal) {
          case LiteralKind::None: return Value::none();
          case LiteralKind::Bool: return Value::boolean(l->bool_value);
          case LiteralKind::Int: {
            if (!l->int_overflow) return Value::integer(l->int_value);
            Value v;
            v.kind = ValueKind::BigInt;
            v.text = l->text;
            return v;
          }
          case LiteralKind::Float: return Value::floating(l->float_value);
          case LiteralKind::String: return Value::string(l->text);
        }
        return Value::none();
      }
      case ExprKind::Sequence: {
        auto* s = e.as<SequenceExpr>();
        std::vector<Value> items;
        for (const auto& i : s->items) items.push_back(eval(*i));
        return s->sequence == SequenceKind::Tuple ? Value::tuple(std::move(items)) : Value::list(std::move(items));
      }
      case ExprKind::Dict: {
        auto* d = e.as<DictExpr>();
        std::vector<Value> kv;
        for (size_t k = 0; k < d->keys.size(); ++k) {
          kv.push_back(eval(*d->keys[k]));
          kv.push_back(eval(*d->values[k]));
        }
        return Value::dict(std::move(kv));
      }
      case ExprKind::Comprehension: return comprehension(*e.as<ComprehensionExpr>());
      case ExprKind::Call: return call(*e.as<CallExpr>());
      case ExprKind::Attribute: {
        auto* a = e.as<AttributeExpr>();
        Value obj = eval(*a->object);
        return attribute(obj, a->attribute, a->attribute_span);
      }
      case ExprKind::Subscript: {
        auto* s = e.as<SubscriptExpr>();
        Value obj = eval(*s->object);
        if (auto* slice = s->index->as<SliceExpr>()) return sliceOf(obj, *slice, e.span);
        return index(obj, eval(*s->index), e.span);
      }
      case ExprKind::Slice: fail(e.span, "invalid slice");
      case ExprKind::Unary: {
        auto* u = e.as<UnaryExpr>();
        Value v = eval(*u->operand);
        if (v.kind == ValueKind::Unknown) return v;
        if (v.kind == ValueKind::Int || v.kind == ValueKind::Bool) {
          int64_t x = v.kind == ValueKind::Bool ? v.b : v.i;
          if (u->op == UnaryOp::Minus) return Value::integer(-x);
          if (u->op == UnaryOp::Invert) return Value::integer(~x);
          return Value::integer(x);
        }
        if (v.kind == ValueKind::Float && u->op != UnaryOp::Invert) {
          return Value::floating(u->op == UnaryOp::Minus ? -v.f : v.f);
        }
        fail(e.span, std::string("bad operand type for unary ") + (u->op == UnaryOp::Minus ? "-" : u->op == UnaryOp::Plus ? "+" : "~") +
                         ": '" + std::string(typeName(v)) + "'");
      }
      case ExprKind::Binary: {
        auto* b = e.as<BinaryExpr>();
        if (b->op == BinaryOp::Pow) return Value::unknown();  // forbidden, reported by the parser
        Value l = eval(*b->lhs);
        Value r = eval(*b->rhs);
        return binary(b->op, l, r, e.span);
      }
      case ExprKind::Compare: {
        auto* c = e.as<CompareExpr>();
        Value left = eval(*c->operands[0]);
        for (size_t k = 0; k < c->ops.size(); ++k) {
          Value right = eval(*c->operands[k + 1]);
          if (left.kind == ValueKind::Unknown || right.kind == ValueKind::Unknown) return Value::unknown();
          if (!compare(c->ops[k], left, right, e.span)) return Value::boolean(false);
          left = std::move(right);
        }
        return Value::boolean(true);
      }
      case ExprKind::Logical: {
        auto* l = e.as<LogicalExpr>();
        Value v;
        for (const auto& op : l->operands) {
          v = eval(*op);
          if (truthy(v) != l->is_and) return v;
        }
        return v;
      }
      case ExprKind::Not: return Value::boolean(!truthy(eval(*e.as<NotExpr>()->operand)));
      case ExprKind::Conditional: {
        auto* c = e.as<ConditionalExpr>();
        return truthy(eval(*c->condition)) ? eval(*c->then_value) : eval(*c->else_value);
      }
      case ExprKind::Error: return Value::unknown();
    }
    return Value::unknown();
  }

  Value comprehension(const ComprehensionExpr& c) {
    std::vector<Value> source = iterate(eval(*c.iterable), c.iterable->span);
    // Comprehension variables do not leak (Python 3): save and restore what they shadow.
    std::vector<std::string> names;
    collectNames(c.target, names);
    std::vector<std::pair<std::string, std::optional<Value>>> saved;
    for (const auto& n : names) {
      auto it = locals_.find(n);
      saved.emplace_back(n, it == locals_.end() ? std::nullopt : std::optional<Value>(it->second));
    }
    std::vector<Value> out;
    for (const Value& item : source) {
      if (out.size() > opt_.max_loop_iterations) break;
      bind(c.target, item, c.span);
      bool keep = true;
      for (const auto& cond : c.conditions) keep = keep && truthy(eval(*cond));
      if (keep) out.push_back(eval(*c.element));
    }
    for (auto& [n, v] : saved) {
      if (v) {
        locals_[n] = *v;
      } else {
        locals_.erase(n);
      }
    }
    return Value::list(std::move(out));
  }

  static void collectNames(const Target& t, std::vector<std::string>& out) {
    if (!t.name.empty()) out.push_back(t.name);
    for (const Target& e : t.elements) collectNames(e, out);
  }

  /// Python iteration. A Placeholder iterates as Tinybird's Placeholder.__getitem__ allows:
  /// three anonymous placeholders, then IndexError ends the loop.
  std::vector<Value> iterate(const Value& v, Span span) {
    switch (v.kind) {
      case ValueKind::List:
      case ValueKind::Tuple: return v.elements();
      case ValueKind::Dict: {
        std::vector<Value> keys;
        const auto& e = v.elements();
        for (size_t k = 0; k < e.size(); k += 2) keys.push_back(e[k]);
        return keys;
      }
      case ValueKind::String:
      case ValueKind::Sql: {
        std::vector<Value> chars;
        const std::string& s = v.text;
        for (size_t k = 0; k < s.size();) {
          size_t len = 1;
          unsigned char c = static_cast<unsigned char>(s[k]);
          if (c >= 0xF0) len = 4;
          else if (c >= 0xE0) len = 3;
          else if (c >= 0xC0) len = 2;
          chars.push_back(Value::string(s.substr(k, len)));
          k += len;
        }
        return chars;
      }
      case ValueKind::Placeholder:
        return {Value::placeholder(""), Value::placeholder(""), Value::placeholder("")};
      case ValueKind::Unknown: return {};
      default: fail(span, "'" + std::string(typeName(v)) + "' object is not iterable");
    }
  }

  Value index(const Value& obj, const Value& idx, Span span) {
    if (obj.kind == ValueKind::Unknown || idx.kind == ValueKind::Unknown) return Value::unknown();
    if (obj.kind == ValueKind::Placeholder) {
      if (idx.kind == ValueKind::Int && idx.i > 2) fail(span, "IndexError");
      if (idx.kind != ValueKind::Int && idx.kind != ValueKind::Bool) {
        fail(span, "'>' not supported between instances of '" + std::string(typeName(idx)) + "' and 'int'");
      }
      return Value::placeholder("");
    }
    if (obj.kind == ValueKind::Dict) {
      const auto& e = obj.elements();
      for (size_t k = 0; k + 1 < e.size(); k += 2) {
        if (pyEquals(e[k], idx)) return e[k + 1];
      }
      fail(span, "KeyError: " + pyRepr(idx));
    }
    if (obj.isSequence() || obj.kind == ValueKind::String || obj.kind == ValueKind::Sql) {
      if (idx.kind != ValueKind::Int && idx.kind != ValueKind::Bool) {
        fail(span, std::string(typeName(obj)) + " indices must be integers, not " + std::string(typeName(idx)));
      }
      std::vector<Value> items = obj.isSequence() ? obj.elements() : iterate(obj, span);
      int64_t i = idx.kind == ValueKind::Bool ? idx.b : idx.i;
      int64_t n = static_cast<int64_t>(items.size());
      if (i < 0) i += n;
      if (i < 0 || i >= n) {
        if (!obj.isSequence()) {
          fail(span, "String index out of range. Check that string parameters have values before accessing "
                     "specific characters (e.g., param[0]). Provide default values or add length checks in your "
                     "template.");
        }
        fail(span, std::string(typeName(obj)) + " index out of range");
      }
      return items[static_cast<size_t>(i)];
    }
    fail(span, "'" + std::string(typeName(obj)) + "' object is not subscriptable");
  }

  Value sliceOf(const Value& obj, const SliceExpr& s, Span span) {
    if (obj.kind == ValueKind::Unknown) return obj;
    if (obj.kind == ValueKind::Placeholder) fail(span, "'>' not supported between instances of 'slice' and 'int'");
    if (!obj.isSequence() && obj.kind != ValueKind::String && obj.kind != ValueKind::Sql) {
      fail(span, "'" + std::string(typeName(obj)) + "' object is not subscriptable");
    }
    std::vector<Value> items = obj.isSequence() ? obj.elements() : iterate(obj, span);
    int64_t n = static_cast<int64_t>(items.size());
    auto bound = [&](const ExprPtr& e, int64_t dflt) -> int64_t {
      if (!e) return dflt;
      Value v = eval(*e);
      if (v.kind == ValueKind::None) return dflt;
      if (v.kind != ValueKind::Int) fail(span, "slice indices must be integers or None");
      int64_t x = v.i < 0 ? v.i + n : v.i;
      return std::clamp<int64_t>(x, 0, n);
    };
    int64_t step = 1;
    if (s.step) {
      Value v = eval(*s.step);
      if (v.kind == ValueKind::Int) step = v.i;
      if (step <= 0) fail(span, "slice step must be a positive integer in templates");
    }
    int64_t lo = bound(s.lower, 0);
    int64_t hi = bound(s.upper, n);
    std::vector<Value> out;
    for (int64_t k = lo; k < hi; k += step) out.push_back(items[static_cast<size_t>(k)]);
    if (obj.kind == ValueKind::List) return Value::list(std::move(out));
    if (obj.kind == ValueKind::Tuple) return Value::tuple(std::move(out));
    std::string text;
    for (const Value& c : out) text += c.text;
    return Value::string(text);
  }

  bool isNumeric(const Value& v) const { return v.isNumber(); }

  Value binary(BinaryOp op, const Value& l, const Value& r, Span span) {
    if (l.kind == ValueKind::Unknown || r.kind == ValueKind::Unknown) return Value::unknown();
    // Tinybird's Placeholder.__add__ returns a new Placeholder; it defines no other operator.
    if (l.kind == ValueKind::Placeholder && op == BinaryOp::Add) return Value::placeholder("");
    if (isNumeric(l) && isNumeric(r)) {
      bool floats = l.kind == ValueKind::Float || r.kind == ValueKind::Float || op == BinaryOp::Div;
      if (floats) {
        double a = l.asDouble(), b = r.asDouble();
        switch (op) {
          case BinaryOp::Add: return Value::floating(a + b);
          case BinaryOp::Sub: return Value::floating(a - b);
          case BinaryOp::Mul: return Value::floating(a * b);
          case BinaryOp::Div:
            if (b == 0) fail(span, "division by zero");
            return Value::floating(a / b);
          case BinaryOp::FloorDiv:
            if (b == 0) fail(span, "float floor division by zero");
            return Value::floating(std::floor(a / b));
          case BinaryOp::Mod:
            if (b == 0) fail(span, "float modulo");
            return Value::floating(a - b * std::floor(a / b));
          case BinaryOp::Pow: return Value::unknown();
        }
      }
      int64_t a = l.kind == ValueKind::Bool ? l.b : l.i;
      int64_t b = r.kind == ValueKind::Bool ? r.b : r.i;
      int64_t res = 0;
      switch (op) {
        case BinaryOp::Add:
          if (__builtin_add_overflow(a, b, &res)) fail(span, "integer overflow in template arithmetic");
          return Value::integer(res);
        case BinaryOp::Sub:
          if (__builtin_sub_overflow(a, b, &res)) fail(span, "integer overflow in template arithmetic");
          return Value::integer(res);
        case BinaryOp::Mul:
          if (__builtin_mul_overflow(a, b, &res)) fail(span, "integer overflow in template arithmetic");
          return Value::integer(res);
        case BinaryOp::FloorDiv:
        case BinaryOp::Mod: {
          if (b == 0) fail(span, op == BinaryOp::Mod ? "integer division or modulo by zero" : "integer division or modulo by zero");
          if (a == INT64_MIN && b == -1) fail(span, "integer overflow in template arithmetic");
          int64_t q = a / b, m = a % b;
          if (m != 0 && ((m < 0) != (b < 0))) {
            q -= 1;
            m += b;
          }
          return Value::integer(op == BinaryOp::Mod ? m : q);
        }
        default: return Value::unknown();
      }
    }
    bool l_str = l.kind == ValueKind::String || l.kind == ValueKind::Sql;
    bool r_str = r.kind == ValueKind::String || r.kind == ValueKind::Sql;
    if (op == BinaryOp::Add && l_str && r_str) return Value::string(l.text + r.text);
    if (op == BinaryOp::Add && l.kind == r.kind && l.isSequence()) {
      std::vector<Value> items = l.elements();
      items.insert(items.end(), r.elements().begin(), r.elements().end());
      return l.kind == ValueKind::List ? Value::list(std::move(items)) : Value::tuple(std::move(items));
    }
    if (op == BinaryOp::Mul && (l_str || l.isSequence()) && (r.kind == ValueKind::Int || r.kind == ValueKind::Bool)) {
      int64_t times = r.kind == ValueKind::Bool ? r.b : r.i;
      size_t unit = l_str ? l.text.size() : l.elements().size();
      if (times > 0 && unit * static_cast<size_t>(times) > opt_.max_output_bytes) fail(span, "repetition too large to analyse");
      if (l_str) {
        std::string s;
        for (int64_t k = 0; k < times; ++k) s += l.text;
        return Value::string(s);
      }
      std::vector<Value> items;
      for (int64_t k = 0; k < times; ++k) items.insert(items.end(), l.elements().begin(), l.elements().end());
      return l.kind == ValueKind::List ? Value::list(std::move(items)) : Value::tuple(std::move(items));
    }
    if (op == BinaryOp::Add && l_str) {
      fail(span, "can only concatenate str (not \"" + std::string(typeName(r)) + "\") to str");
    }
    fail(span, "unsupported operand type(s) for " + std::string(binaryOpText(op)) + ": '" + std::string(typeName(l)) +
                   "' and '" + std::string(typeName(r)) + "'");
  }

  /// -1, 0, 1, or fails with Python's TypeError for unordered operands.
  int order(const Value& a, const Value& b, CompareOp op, Span span) {
    if (a.isNumber() && b.isNumber()) {
      double x = a.asDouble(), y = b.asDouble();
      if (a.kind != ValueKind::Float && b.kind != ValueKind::Float) {
        int64_t p = a.kind == ValueKind::Bool ? a.b : a.i;
        int64_t q = b.kind == ValueKind::Bool ? b.b : b.i;
        return p < q ? -1 : p > q ? 1 : 0;
      }
      return x < y ? -1 : x > y ? 1 : 0;
    }
    bool a_str = a.kind == ValueKind::String || a.kind == ValueKind::Sql;
    bool b_str = b.kind == ValueKind::String || b.kind == ValueKind::Sql;
    if (a_str && b_str) return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
    if (a.isSequence() && a.kind == b.kind) {
      const auto& x = a.elements();
      const auto& y = b.elements();
      for (size_t k = 0; k < std::min(x.size(), y.size()); ++k) {
        if (!pyEquals(x[k], y[k])) return order(x[k], y[k], op, span);
      }
      return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    std::string msg = "'" + std::string(compareOpText(op)) + "' not supported between instances of '" +
                      std::string(typeName(a)) + "' and '" + std::string(typeName(b)) + "'";
    if (a.kind == ValueKind::Placeholder || b.kind == ValueKind::Placeholder) {
      throw EvalError{span,
                      msg + ". If you are using a dynamic parameter, you need to wrap it around a valid Data Type "
                            "(e.g. Int8(placeholder))",
                      DiagId::TPL_PLACEHOLDER_COMPARISON};
    }
    fail(span, msg);
  }

  bool compare(CompareOp op, const Value& a, const Value& b, Span span) {
    switch (op) {
      case CompareOp::Eq: return pyEquals(a, b);
      case CompareOp::Ne: return !pyEquals(a, b);
      case CompareOp::Is:
      case CompareOp::IsNot: {
        bool same = a.kind == b.kind &&
                    (a.kind == ValueKind::None || (a.kind == ValueKind::Bool && a.b == b.b) ||
                     (a.kind == ValueKind::Placeholder && pyEquals(a, b)));
        return op == CompareOp::Is ? same : !same;
      }
      case CompareOp::In:
      case CompareOp::NotIn: {
        bool found = contains(b, a, span);
        return op == CompareOp::In ? found : !found;
      }
      default: break;
    }
    int c = 0;
    try {
      c = order(a, b, op, span);
    } catch (const EvalError& e) {
      // The CLI rejects ordering a bare parameter in test mode; for analysis the comparison is
      // false and the problem a warning, so the rest of the template still renders.
      if (e.id != DiagId::TPL_PLACEHOLDER_COMPARISON) throw;
      warnOnce(e.id, e.span, e.message);
      return false;
    }
    switch (op) {
      case CompareOp::Lt: return c < 0;
      case CompareOp::Gt: return c > 0;
      case CompareOp::Le: return c <= 0;
      case CompareOp::Ge: return c >= 0;
      default: return false;
    }
  }

  bool contains(const Value& container, const Value& item, Span span) {
    switch (container.kind) {
      case ValueKind::List:
      case ValueKind::Tuple:
        for (const Value& v : container.elements()) {
          if (pyEquals(v, item)) return true;
        }
        return false;
      case ValueKind::Dict: {
        const auto& e = container.elements();
        for (size_t k = 0; k < e.size(); k += 2) {
          if (pyEquals(e[k], item)) return true;
        }
        return false;
      }
      case ValueKind::String:
      case ValueKind::Sql:
        if (item.kind != ValueKind::String && item.kind != ValueKind::Sql) {
          if (item.kind == ValueKind::Unknown) return false;
          fail(span, "'in <string>' requires string as left operand, not " + std::string(typeName(item)));
        }
        return container.text.find(item.text) != std::string::npos;
      case ValueKind::Placeholder:
        return false;  // iterates three fresh placeholders, none equal to anything
      case ValueKind::Unknown: return false;
      default: fail(span, "argument of type '" + std::string(typeName(container)) + "' is not iterable");
    }
  }

  Value attribute(const Value& obj, const std::string& name, Span span) {
    if (obj.kind == ValueKind::Unknown) return obj;
    static const std::set<std::string, std::less<>> kStrMethods = {"join", "split", "strip", "lstrip", "rstrip", "lower",
                                                                  "upper", "startswith", "endswith", "replace", "isdigit",
                                                                  "count", "find", "title", "capitalize"};
    static const std::set<std::string, std::less<>> kListMethods = {"index", "count"};
    static const std::set<std::string, std::less<>> kDictMethods = {"get", "keys", "values", "items"};
    bool ok = false;
    switch (obj.kind) {
      case ValueKind::String:
      case ValueKind::Sql: ok = kStrMethods.count(name) > 0; break;
      case ValueKind::List:
      case ValueKind::Tuple: ok = kListMethods.count(name) > 0; break;
      case ValueKind::Dict: ok = kDictMethods.count(name) > 0; break;
      case ValueKind::Placeholder: ok = name == "split" || name == "startswith"; break;
      default: break;
    }
    if (!ok) {
      if (obj.kind == ValueKind::String && name == "get") {
        fail(span, "'str' object has no attribute 'get'. Make sure you're using an object/dictionary where trying to use .get()");
      }
      fail(span, "'" + std::string(typeName(obj)) + "' object has no attribute '" + name + "'");
    }
    return Value::function("." + name, std::make_shared<Value>(obj));
  }

  Value call(const CallExpr& c) {
    Value callee = eval(*c.callee);
    CallArgs args;
    for (const Argument& a : c.args) {
      Value v = eval(*a.value);
      switch (a.kind) {
        case ArgumentKind::Positional: args.positional.push_back(std::move(v)); break;
        case ArgumentKind::Keyword: args.keywords.emplace_back(a.keyword, std::move(v)); break;
        case ArgumentKind::Star:
          for (Value& item : iterate(v, a.value->span)) args.positional.push_back(std::move(item));
          break;
        case ArgumentKind::DoubleStar:
          if (v.kind == ValueKind::Dict) {
            const auto& e = v.elements();
            for (size_t k = 0; k + 1 < e.size(); k += 2) args.keywords.emplace_back(pyStr(e[k]), e[k + 1]);
          }
          break;
      }
    }
    switch (callee.kind) {
      case ValueKind::Function:
        if (callee.self) return method(*callee.self, callee.text.substr(1), args, c.span);
        return function(*findFunction(callee.text), args, c);
      case ValueKind::Placeholder:
      case ValueKind::Unknown:
        return Value::unknown();  // an unknown function: warned about by the parser
      default: fail(c.span, "'" + std::string(typeName(callee)) + "' object is not callable");
    }
  }

  Value method(const Value& self, const std::string& name, const CallArgs& args, Span span) {
    if (self.kind == ValueKind::Placeholder) {
      if (name == "split") return Value::list({Value::placeholder(""), Value::placeholder("")});
      return Value::boolean(false);  // startswith
    }
    auto str_arg = [&](size_t n, const char* dflt) -> std::string {
      const Value* v = args.at(n);
      if (!v || v->kind == ValueKind::None) return dflt;
      if (v->kind != ValueKind::String && v->kind != ValueKind::Sql) {
        fail(span, std::string("must be str, not ") + std::string(typeName(*v)));
      }
      return v->text;
    };
    if (self.kind == ValueKind::String || self.kind == ValueKind::Sql) {
      const std::string& s = self.text;
      if (name == "join") {
        const Value* v = args.at(0);
        if (!v) fail(span, "join() takes exactly one argument (0 given)");
        std::string out;
        bool first = true;
        for (const Value& item : iterate(*v, span)) {
          if (item.kind != ValueKind::String && item.kind != ValueKind::Sql) {
            fail(span, "sequence item: expected str instance, " + std::string(typeName(item)) + " found");
          }
          if (!first) out += s;
          out += item.text;
          first = false;
        }
        return Value::string(out);
      }
      if (name == "split") {
        const Value* sep = args.get(0, "sep");
        std::vector<Value> parts;
        if (!sep || sep->kind == ValueKind::None) {
          std::string cur;
          for (char ch : s) {
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
              if (!cur.empty()) parts.push_back(Value::string(cur));
              cur.clear();
            } else {
              cur += ch;
            }
          }
          if (!cur.empty()) parts.push_back(Value::string(cur));
          return Value::list(std::move(parts));
        }
        std::string sep_text = str_arg(0, "");
        if (sep_text.empty()) fail(span, "empty separator");
        for (auto& p : splitString(s, sep_text)) parts.push_back(Value::string(p));
        return Value::list(std::move(parts));
      }
      if (name == "strip" || name == "lstrip" || name == "rstrip") {
        std::string chars = str_arg(0, " \t\n\r\f\v");
        size_t b = name == "rstrip" ? 0 : s.find_first_not_of(chars);
        if (b == std::string::npos) return Value::string("");
        size_t e = name == "lstrip" ? s.size() : s.find_last_not_of(chars) + 1;
        return Value::string(s.substr(b, e - b));
      }
      if (name == "lower" || name == "upper" || name == "title" || name == "capitalize") {
        std::string out = s;
        bool start = true;
        for (char& ch : out) {
          unsigned char u = static_cast<unsigned char>(ch);
          bool up = name == "upper" || ((name == "title" || name == "capitalize") && start);
          ch = static_cast<char>(up ? std::toupper(u) : std::tolower(u));
          start = name == "title" ? !std::isalpha(u) : false;
        }
        return Value::string(out);
      }
      if (name == "startswith" || name == "endswith") {
        std::string p = str_arg(0, "");
        bool r = name == "startswith" ? s.rfind(p, 0) == 0 : (s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0);
        return Value::boolean(r);
      }
      if (name == "replace") {
        std::string from = str_arg(0, ""), to = str_arg(1, "");
        if (from.empty()) return Value::string(s);
        std::string out;
        size_t start = 0, at;
        while ((at = s.find(from, start)) != std::string::npos) {
          out += s.substr(start, at - start) + to;
          start = at + from.size();
        }
        return Value::string(out + s.substr(start));
      }
      if (name == "isdigit") {
        return Value::boolean(!s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; }));
      }
      if (name == "count" || name == "find") {
        std::string p = str_arg(0, "");
        if (name == "find") {
          size_t at = s.find(p);
          return Value::integer(at == std::string::npos ? -1 : static_cast<int64_t>(at));
        }
        if (p.empty()) return Value::integer(static_cast<int64_t>(s.size()) + 1);
        int64_t n = 0;
        for (size_t at = s.find(p); at != std::string::npos; at = s.find(p, at + p.size())) ++n;
        return Value::integer(n);
      }
    }
    if (self.isSequence()) {
      const Value* v = args.at(0);
      if (!v) fail(span, name + "() takes exactly one argument (0 given)");
      const auto& e = self.elements();
      if (name == "count") {
        return Value::integer(std::count_if(e.begin(), e.end(), [&](const Value& x) { return pyEquals(x, *v); }));
      }
      for (size_t k = 0; k < e.size(); ++k) {
        if (pyEquals(e[k], *v)) return Value::integer(static_cast<int64_t>(k));
      }
      fail(span, pyRepr(*v) + " is not in list");
    }
    if (self.kind == ValueKind::Dict) {
      const auto& e = self.elements();
      std::vector<Value> out;
      if (name == "get") {
        const Value* key = args.at(0);
        if (!key) fail(span, "get expected at least 1 argument, got 0");
        for (size_t k = 0; k + 1 < e.size(); k += 2) {
          if (pyEquals(e[k], *key)) return e[k + 1];
        }
        return args.at(1) ? *args.at(1) : Value::none();
      }
      for (size_t k = 0; k + 1 < e.size(); k += 2) {
        if (name == "keys") out.push_back(e[k]);
        else if (name == "values") out.push_back(e[k + 1]);
        else out.push_back(Value::tuple({e[k], e[k + 1]}));
      }
      return Value::list(std::move(out));
    }
    fail(span, "'" + std::string(typeName(self)) + "' object has no attribute '" + name + "'");
  }

  // ---- Tinybird functions ---------------------------------------------------------------------

  /// The test value a typed function uses for a parameter without value (type_fns_check).
  static Value testValue(const FunctionInfo& f) {
    switch (f.kind) {
      case FunctionKind::IntParam:
      case FunctionKind::SizedIntParam: return Value::integer(0);
      case FunctionKind::FloatParam: return Value::floating(0.0);
      default: break;
    }
    if (f.param_type == "DateTime64") return Value::string("2019-01-01 00:00:00.000");
    if (f.param_type == "DateTime") return Value::string("2019-01-01 00:00:00");
    if (f.param_type == "Date") return Value::string("2019-01-01");
    return Value::string("__no_value__");
  }

  /// Tinybird's testers: does str(x) fit the type?
  static bool validates(std::string_view type, const std::string& text) {
    int64_t i = 0;
    double d = 0;
    if (type == "Int" || type == "Integer" || type == "Int32") {
      return parseInt(text, i) && i >= INT32_MIN && i <= INT32_MAX;
    }
    if (type == "Int8") return parseInt(text, i) && i >= INT8_MIN && i <= INT8_MAX;
    if (type == "Int16") return parseInt(text, i) && i >= INT16_MIN && i <= INT16_MAX;
    if (type == "Int64") return parseInt(text, i);
    if (type == "UInt8") return parseInt(text, i) && i >= 0 && i <= UINT8_MAX;
    if (type == "UInt16") return parseInt(text, i) && i >= 0 && i <= UINT16_MAX;
    if (type == "UInt32") return parseInt(text, i) && i >= 0 && i <= static_cast<int64_t>(UINT32_MAX);
    if (type == "UInt64") return parseInt(text, i) ? i >= 0 : !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    if (type.find("Int") != std::string_view::npos) {  // 128/256-bit: digits with an optional sign
      std::string_view t = trim(text);
      if (!t.empty() && (t[0] == '-' || t[0] == '+')) t.remove_prefix(1);
      return !t.empty() && t.find_first_not_of("0123456789") == std::string_view::npos;
    }
    if (type == "Float32" || type == "Float64") return parseFloat(text, d);
    if (type == "Date") return looksLikeDate(text, false);
    if (type == "DateTime" || type == "DateTime64") return looksLikeDate(text, true);
    return true;
  }

  /// Converts an argument to the typed function's result: `kind` picks plain int, typed Integer,
  /// typed Float or str.
  static Value transform(const FunctionInfo& f, const Value& x) {
    std::string text = pyStr(x);
    switch (f.kind) {
      case FunctionKind::IntParam:
      case FunctionKind::SizedIntParam: {
        std::string ch = f.kind == FunctionKind::SizedIntParam ? std::string(f.param_type) : std::string();
        int64_t i = 0;
        if (x.kind == ValueKind::Int) return Value::integer(x.i, ch);
        if (x.kind == ValueKind::Bool) return Value::integer(x.b, ch);
        if (parseInt(text, i)) return Value::integer(i, ch);
        Value big;  // beyond int64 (Int128/Int256/UInt64 values)
        big.kind = ValueKind::BigInt;
        big.text = std::string(trim(text));
        if (!big.text.empty() && big.text[0] == '+') big.text.erase(0, 1);
        big.ch_type = ch;
        return big;
      }
      case FunctionKind::FloatParam: {
        double d = x.kind == ValueKind::Float ? x.f : x.asDouble();
        if (x.kind != ValueKind::Float && !x.isNumber()) parseFloat(text, d);
        return Value::floating(d, std::string(f.param_type));
      }
      default: return Value::string(text);
    }
  }

  Value typedParam(const FunctionInfo& f, const CallArgs& args, const CallExpr& c) {
    const Value* x = args.at(0);
    if (!x) fail(c.span, "one of the transform type functions is missing an argument");
    const Value* dflt = args.get(1, "default");
    Value v = *x;
    if (v.kind == ValueKind::Unknown) return v;
    if (v.kind == ValueKind::Placeholder) {
      v = dflt && truthy(*dflt) ? *dflt : testValue(f);
    } else if (v.kind == ValueKind::None) {
      if (!dflt || dflt->kind == ValueKind::None) {
        const Value* defined = args.kw("defined");
        if (defined && !truthy(*defined)) return Value::none();
        fail(c.span, "Required parameter is not defined");
      }
      v = *dflt;
    }
    if (f.kind == FunctionKind::TypedParam && f.param_type == "String") return Value::string(pyStr(v));
    std::string_view check = f.kind == FunctionKind::IntParam ? std::string_view("Int32") : f.param_type;
    if (!validates(check, pyStr(v))) {
      fail(c.span, "Error validating '" + pyStr(v) + "' to type " + std::string(check));
    }
    return transform(f, v);
  }

  static Value booleanOf(const Value* x, const Value* dflt) {
    if (!x || x->kind == ValueKind::None) {
      if (!dflt || dflt->kind == ValueKind::None) return Value::integer(0);
      return booleanOf(dflt, nullptr);
    }
    if (x->kind == ValueKind::Placeholder) return booleanOf(dflt, nullptr);
    if (x->kind == ValueKind::String) {
      std::string lower;
      for (char ch : x->text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (x->text == "0" || lower == "false") return Value::integer(0);
    }
    return Value::integer(truthy(*x) ? 1 : 0);
  }

  Value arrayParam(const CallArgs& args, const CallExpr& c) {
    const Value* x = args.at(0);
    if (!x) fail(c.span, "one of the transform type functions is missing an argument");
    const Value* type_arg = args.get(1, "_type");
    std::string type = type_arg && type_arg->kind == ValueKind::String ? type_arg->text : "";
    const Value* dflt = args.get(2, "default");
    const FunctionInfo* elem = type.empty() ? nullptr : findFunction(type);
    if (elem && !isTypedParameterFunction(elem->kind)) elem = nullptr;
    Value v = *x;
    if (v.kind == ValueKind::Unknown) return v;
    if (v.kind == ValueKind::Placeholder) {
      if (dflt && truthy(*dflt)) {
        v = *dflt;
      } else if (elem && elem->kind != FunctionKind::ArrayParam && elem->kind != FunctionKind::JsonParam) {
        if (type == "String") {
          v = Value::string("");
        } else {
          std::string one = elem->kind == FunctionKind::BooleanParam ? "0"
                            : elem->kind == FunctionKind::SymbolParam ? "`placeholder`"
                                                                      : pyStr(testValue(*elem));
          v = Value::string(one + "," + one);
        }
      } else {
        v = Value::string("");
      }
    } else if (v.kind == ValueKind::None) {
      if (!dflt || dflt->kind == ValueKind::None) {
        const Value* defined = args.kw("defined");
        if (defined && !truthy(*defined)) return Value::none();
        fail(c.span, "Required parameter is not defined");
      }
      v = *dflt;
    }
    std::vector<Value> parts;
    if (v.kind == ValueKind::List) {
      parts = v.elements();
    } else if (v.kind == ValueKind::String || v.kind == ValueKind::Sql) {
      for (auto& p : splitString(v.text, ",")) parts.push_back(Value::string(p));
    } else {
      fail(c.span, "transform type function Array is not well defined");
    }
    std::string out = "[";
    for (size_t k = 0; k < parts.size(); ++k) {
      const Value& t = parts[k];
      std::string text = pyStr(t);
      Value conv = t;
      if (elem) {
        std::string_view check = elem->kind == FunctionKind::IntParam ? std::string_view("Int32") : elem->param_type;
        bool valid = elem->kind == FunctionKind::BooleanParam || elem->kind == FunctionKind::SymbolParam ||
                     validates(check, text);
        if (!valid) {
          fail(c.span, "Error validating [" + pyStr(v) + "][" + std::to_string(k) + "] (" +
                           (text.empty() ? std::string("empty string") : text) + ") to type " + type);
        }
        switch (elem->kind) {
          case FunctionKind::IntParam:
          case FunctionKind::SizedIntParam: {
            FunctionInfo plain{elem->name, FunctionKind::IntParam, elem->param_type};
            conv = transform(plain, t);
            break;
          }
          case FunctionKind::FloatParam: {
            double d = 0;
            parseFloat(text, d);
            conv = t.isNumber() ? Value::floating(t.asDouble()) : Value::floating(d);
            break;
          }
          case FunctionKind::BooleanParam: conv = booleanOf(&t, nullptr); break;
          case FunctionKind::SymbolParam: conv = Value::sql("`" + sqlEscape(text, false) + "`"); break;
          default: conv = Value::string(text); break;
        }
      } else if (t.kind != ValueKind::String) {
        conv = t;
      }
      if (k) out += ",";
      out += conv.kind == ValueKind::String ? "'" + sqlEscape(conv.text, true) + "'" : pyStr(conv);
    }
    return Value::sql(out + "]");
  }

  static Value columnOf(const Value& x) {
    std::string out;
    if (x.kind == ValueKind::String) {
      bool first = true;
      for (auto& part : splitString(x.text, ".")) {
        if (!first) out += ".";
        out += "`" + sqlEscape(part, false) + "`";
        first = false;
      }
    } else {
      out = "`" + sqlEscape(pyStr(x), false) + "`";
    }
    return Value::sql(out);
  }

  /// date_diff_in_*: whole units between two dates, absolute value.
  Value dateDiff(FunctionKind kind, const CallArgs& args, const CallExpr& c) {
    const Value* d0 = args.get(0, "d0");
    const Value* d1 = args.get(1, "d1");
    if (!d0 || !d1) fail(c.span, "missing required argument in date difference function");
    const char* default_format = kind == FunctionKind::DateDiffDays || kind == FunctionKind::DayDiff ? "%Y-%m-%d" : "%Y-%m-%d %H:%M:%S";
    const Value* fmt = kind == FunctionKind::DayDiff ? nullptr : args.get(2, "date_format");
    const Value* dflt = args.get(kind == FunctionKind::DayDiff ? 2 : 3, "default");
    const Value* backup = kind == FunctionKind::DayDiff ? nullptr : args.get(4, "backup_date_format");
    const Value* none_if_error = kind == FunctionKind::DayDiff ? nullptr : args.get(5, "none_if_error");
    if (d0->kind == ValueKind::Placeholder || d1->kind == ValueKind::Placeholder) {
      return dflt && truthy(*dflt) ? *dflt : Value::integer(0);
    }
    if (d0->kind == ValueKind::Unknown || d1->kind == ValueKind::Unknown) return Value::unknown();
    auto parse = [&](const Value& d, int64_t& secs) {
      if (d.kind != ValueKind::String) return false;
      std::string f = fmt && fmt->kind == ValueKind::String ? fmt->text : default_format;
      if (strptime(d.text, f, secs)) return true;
      return backup && backup->kind == ValueKind::String && strptime(d.text, backup->text, secs);
    };
    int64_t a = 0, b = 0;
    if (!parse(*d0, a) || !parse(*d1, b)) {
      if (none_if_error && truthy(*none_if_error)) return Value::none();
      if (kind == FunctionKind::DayDiff) {
        fail(c.span, "invalid date format in function `day_diff`, it must be ISO format date YYYY-MM-DD, e.g. "
                     "2018-09-26. For other fotmats, try `date_diff_in_days`");
      }
      fail(c.span, "invalid date_format in function date_diff_* function");
    }
    int64_t diff = a > b ? a - b : b - a;
    int64_t unit = kind == FunctionKind::DateDiffHours     ? 3600
                   : kind == FunctionKind::DateDiffMinutes ? 60
                   : kind == FunctionKind::DateDiffSeconds ? 1
                                                           : 86400;
    return Value::integer(diff / unit);
  }

  Value function(const FunctionInfo& f, const CallArgs& args, const CallExpr& c) {
    const Value* a0 = args.at(0);
    switch (f.kind) {
      case FunctionKind::TypedParam:
      case FunctionKind::IntParam:
      case FunctionKind::FloatParam:
      case FunctionKind::SizedIntParam: return typedParam(f, args, c);
      case FunctionKind::BooleanParam: return booleanOf(a0, args.get(1, "default"));
      case FunctionKind::ArrayParam: return arrayParam(args, c);
      case FunctionKind::JsonParam: return jsonParam(args, c);
      case FunctionKind::SymbolParam: {
        if (!a0) fail(c.span, "symbol() missing 1 required positional argument");
        if (a0->kind == ValueKind::Placeholder) return Value::sql("`placeholder`");
        const Value* quote = args.get(1, "quote");
        std::string q = quote && quote->kind == ValueKind::String ? quote->text : "`";
        return Value::sql(q + sqlEscape(pyStr(*a0), false) + q);
      }
      case FunctionKind::Column: {
        const Value* dflt = args.get(1, "default");
        Value x = a0 ? *a0 : Value::none();
        if (x.kind == ValueKind::None || x.kind == ValueKind::Placeholder) {
          if (!dflt || dflt->kind == ValueKind::None) {
            fail(c.span, "Missing column() default value, use `column(column_name, 'default_column_name')`");
          }
          x = *dflt;
        }
        return columnOf(x);
      }
      case FunctionKind::Columns: {
        const Value* dflt = args.get(1, "default");
        const Value* fn = args.get(2, "fn");
        Value x = a0 ? *a0 : Value::none();
        if (x.kind == ValueKind::None || x.kind == ValueKind::Placeholder) {
          if (!dflt || dflt->kind == ValueKind::None) {
            fail(c.span, "Missing columns() default value, use `columns(column_names, 'default_column_name')`");
          }
          x = *dflt;
        }
        if (x.kind != ValueKind::String) fail(c.span, "The 'columns' function expects a String not an Array");
        std::string out;
        bool first = true;
        for (auto& part : splitString(x.text, ",")) {
          std::string name(trim(part));
          if (!first) out += ",";
          first = false;
          std::string col = columnOf(Value::string(name)).text;
          out += fn && truthy(*fn) ? pyStr(*fn) + "(" + col + ") as " + name : col;
        }
        return Value::sql(out);
      }
      case FunctionKind::Table: {
        if (!a0) fail(c.span, "table() missing 1 required positional argument");
        if (a0->kind == ValueKind::Placeholder) return Value::sql("placeholder");
        return Value::sql(sqlEscape(pyStr(*a0), false));
      }
      case FunctionKind::Defined:
        return Value::boolean(a0 && a0->kind != ValueKind::Placeholder && a0->kind != ValueKind::None);
      case FunctionKind::SqlAnd: return sqlAnd(args, c);
      case FunctionKind::SplitToArray: {
        Value x = a0 ? *a0 : Value::none();
        const Value* dflt = args.get(1, "default");
        const Value* sep = args.get(2, "separator");
        if (x.kind == ValueKind::Placeholder || x.kind == ValueKind::None) x = dflt ? *dflt : Value::string("");
        if (x.kind == ValueKind::Unknown) return x;
        if (x.kind != ValueKind::String) {
          fail(c.span, "First argument of split_to_array has to be a value that can be split to a list of elements, "
                       "but found a PlaceHolder with no value instead");
        }
        std::string s = sep && sep->kind == ValueKind::String ? sep->text : ",";
        if (s.empty()) fail(c.span, "empty separator");
        std::vector<Value> parts;
        for (auto& p : splitString(x.text, s)) parts.push_back(Value::string(std::string(trim(p))));
        return Value::list(std::move(parts));
      }
      case FunctionKind::EnumerateWithLast: {
        if (!a0) fail(c.span, "enumerate_with_last() missing 1 required positional argument: 'arr'");
        if (a0->kind == ValueKind::Placeholder) fail(c.span, "object of type 'Placeholder' has no len()");
        std::vector<Value> items = iterate(*a0, c.span);
        std::vector<Value> out;
        for (size_t k = 0; k < items.size(); ++k) out.push_back(Value::tuple({Value::boolean(k + 1 == items.size()), items[k]}));
        return Value::list(std::move(out));
      }
      case FunctionKind::DayDiff:
      case FunctionKind::DateDiffDays:
      case FunctionKind::DateDiffHours:
      case FunctionKind::DateDiffMinutes:
      case FunctionKind::DateDiffSeconds: return dateDiff(f.kind, args, c);
      case FunctionKind::SqlUnescape: {
        std::string x = a0 ? pyStr(*a0) : "";
        const Value* what = args.get(1, "what");
        std::string w = what ? pyStr(*what) : "";
        std::string escaped = sqlEscape(x, true);
        std::string from = "\\" + w, out;
        size_t start = 0, at;
        while (!w.empty() && (at = escaped.find(from, start)) != std::string::npos) {
          out += escaped.substr(start, at - start) + w;
          start = at + from.size();
        }
        return Value::sql("'" + out + escaped.substr(start) + "'");
      }
      case FunctionKind::Error:
      case FunctionKind::CustomError:
        // Test mode replaces both with a function returning Comment("error launched").
        return Value::comment("error launched");
      case FunctionKind::TbSecret: {
        if (!a0) fail(c.span, "tb_secret() missing 1 required positional argument");
        const Value* dflt = args.get(1, "default");
        if (!opt_.secrets_as_query_parameters && dflt && dflt->kind != ValueKind::None) return *dflt;
        return Value::sql("{" + sqlEscape(pyStr(*a0), false) + ": String}");
      }
      case FunctionKind::MaxThreads: {
        std::string x = a0 ? pyStr(*a0) : "None";
        int64_t n = 0;
        if (a0 && (a0->kind == ValueKind::Int || parseInt(x, n))) {
          out_.settings["max_threads"] = a0->kind == ValueKind::Int ? std::to_string(a0->i) : std::to_string(n);
          return Value::sql("-- max_threads " + x + "\n");
        }
        return Value::sql("-- max_threads: wrong argument " + x + "\n");
      }
      case FunctionKind::BackendHint: {
        std::string h = a0 ? pyStr(*a0) : "None";
        out_.settings["backend_hint"] = h;
        return Value::sql("-- backend_hint " + h + "\n");
      }
      case FunctionKind::CacheTtl: {
        std::string t = a0 ? pyStr(*a0) : "None";
        static const std::set<std::string, std::less<>> kValid = {"5s", "1m", "5m", "30m", "1h"};
        if (!a0 || a0->kind != ValueKind::String || !kValid.count(t)) {
          fail(c.span, "Invalid TTL cache expression, valid expressions are ('5s', '1m', '5m', '30m', '1h')");
        }
        out_.settings["cache_ttl"] = t;
        return Value::sql("-- cache_ttl " + t + "\n");
      }
      case FunctionKind::Activate:
      case FunctionKind::Disable: {
        std::string feature = a0 ? pyStr(*a0) : "None";
        bool valid = f.kind == FunctionKind::Activate ? (feature == "analyzer" || feature == "parallel_replicas")
                                                      : std::string_view("analyzer").find(feature) != std::string_view::npos;
        std::string word = f.kind == FunctionKind::Activate ? "activate" : "disable";
        if (!valid) fail(c.span, "'" + feature + "' is not a valid '" + word + "' argument");
        out_.settings[word] = feature;
        return Value::sql("-- " + word + " " + feature + "\n");
      }
      case FunctionKind::Builtin: return builtin(f.name, args, c);
    }
    return Value::unknown();
  }

  Value sqlAnd(const CallArgs& args, const CallExpr& c) {
    std::string out;
    for (const auto& [key, v] : args.keywords) {
      if (v.kind == ValueKind::None) continue;
      std::string name = key, op = "=";
      size_t at = key.rfind("__");
      if (at != std::string::npos) {
        std::string suffix = key.substr(at + 2);
        name = key.substr(0, at);
        if (suffix == "in") op = "in";
        else if (suffix == "not_in") op = "not in";
        else if (suffix == "gt") op = ">";
        else if (suffix == "lt") op = "<";
        else if (suffix == "gte") op = ">=";
        else if (suffix == "lte") op = "<=";
        else fail(c.span, "operand " + suffix + " not supported");
      }
      std::string value;
      switch (v.kind) {
        case ValueKind::String: value = "'" + sqlEscape(v.text, true) + "'"; break;
        case ValueKind::Placeholder: value = "'__no_value__'"; break;
        case ValueKind::Comment: value = "-- {x} \n"; break;
        default: value = pyStr(v);
      }
      if (!out.empty()) out += " and ";
      out += name + " " + op + " " + value;
    }
    return Value::sql(out);
  }

  Value jsonParam(const CallArgs& args, const CallExpr& c) {
    const Value* x = args.at(0);
    const Value* dflt = args.get(1, "default");
    Value v = x ? *x : Value::none();
    if (v.kind == ValueKind::Placeholder) v = dflt && truthy(*dflt) ? *dflt : Value::string("__no_value__");
    if (v.kind == ValueKind::None) v = dflt && dflt->kind == ValueKind::String ? *dflt : Value::string("{}");
    if (v.kind != ValueKind::String) return v;
    JsonReader reader{v.text};
    Value parsed;
    if (!reader.value(parsed) || (reader.skipBlanks(), reader.pos != v.text.size())) {
      std::string shown = v.text.size() > 16 ? v.text.substr(0, 16) + "..." : v.text;
      fail(c.span, "Error parsing JSON: '" + shown + "' - invalid JSON");
    }
    return parsed;
  }

  /// A small JSON reader producing template values (objects become dicts).
  struct JsonReader {
    const std::string& s;
    size_t pos = 0;
    int depth = 0;

    void skipBlanks() {
      while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) ++pos;
    }
    bool literal(std::string_view word) {
      if (s.compare(pos, word.size(), word) != 0) return false;
      pos += word.size();
      return true;
    }
    bool string(std::string& out) {
      if (pos >= s.size() || s[pos] != '"') return false;
      ++pos;
      while (pos < s.size() && s[pos] != '"') {
        char ch = s[pos++];
        if (ch != '\\') {
          out += ch;
          continue;
        }
        if (pos >= s.size()) return false;
        char e = s[pos++];
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'u':
            if (pos + 4 > s.size()) return false;
            out += "?";
            pos += 4;
            break;
          default: out += e;
        }
      }
      if (pos >= s.size()) return false;
      ++pos;
      return true;
    }
    bool value(Value& out) {
      if (++depth > 100) return false;
      skipBlanks();
      if (pos >= s.size()) return false;
      char ch = s[pos];
      bool ok = true;
      if (ch == '{' || ch == '[') {
        bool obj = ch == '{';
        ++pos;
        std::vector<Value> items;
        skipBlanks();
        if (pos < s.size() && s[pos] == (obj ? '}' : ']')) {
          ++pos;
        } else {
          while (ok) {
            skipBlanks();
            if (obj) {
              std::string key;
              ok = string(key);
              skipBlanks();
              ok = ok && pos < s.size() && s[pos++] == ':';
              items.push_back(Value::string(key));
            }
            Value item;
            ok = ok && value(item);
            items.push_back(item);
            skipBlanks();
            if (!ok || pos >= s.size()) return false;
            if (s[pos] == ',') {
              ++pos;
              continue;
            }
            ok = s[pos++] == (obj ? '}' : ']');
            break;
          }
        }
        out = obj ? Value::dict(std::move(items)) : Value::list(std::move(items));
      } else if (ch == '"') {
        std::string text;
        ok = string(text);
        out = Value::string(text);
      } else if (literal("true")) {
        out = Value::boolean(true);
      } else if (literal("false")) {
        out = Value::boolean(false);
      } else if (literal("null")) {
        out = Value::none();
      } else {
        size_t start = pos;
        while (pos < s.size() && (std::isdigit(static_cast<unsigned char>(s[pos])) || s[pos] == '-' || s[pos] == '+' ||
                                  s[pos] == '.' || s[pos] == 'e' || s[pos] == 'E')) {
          ++pos;
        }
        std::string num = s.substr(start, pos - start);
        int64_t i = 0;
        double d = 0;
        if (parseInt(num, i)) out = Value::integer(i);
        else if (parseFloat(num, d)) out = Value::floating(d);
        else ok = false;
      }
      --depth;
      return ok;
    }
  };

  Value builtin(std::string_view name, const CallArgs& args, const CallExpr& c) {
    const Value* a0 = args.at(0);
    auto need = [&](size_t n) {
      if (args.positional.size() < n) fail(c.span, std::string(name) + "() takes at least " + std::to_string(n) + " argument(s)");
    };
    if (name == "len") {
      need(1);
      if (a0->kind == ValueKind::Unknown) return *a0;
      if (a0->kind == ValueKind::Dict) return Value::integer(static_cast<int64_t>(a0->elements().size() / 2));
      if (a0->isSequence() || a0->kind == ValueKind::String || a0->kind == ValueKind::Sql) {
        return Value::integer(static_cast<int64_t>(iterate(*a0, c.span).size()));
      }
      fail(c.span, "object of type '" + std::string(typeName(*a0)) + "' has no len()");
    }
    if (name == "str") return Value::string(a0 ? pyStr(*a0) : "");
    if (name == "int") {
      if (!a0) return Value::integer(0);
      if (a0->kind == ValueKind::Float) return Value::integer(static_cast<int64_t>(a0->f));
      if (a0->kind == ValueKind::Int || a0->kind == ValueKind::Bool) return Value::integer(a0->kind == ValueKind::Bool ? a0->b : a0->i);
      int64_t i = 0;
      if (a0->kind == ValueKind::String && parseInt(a0->text, i)) return Value::integer(i);
      fail(c.span, "invalid literal for int() with base 10: " + pyRepr(*a0));
    }
    if (name == "float") {
      if (!a0) return Value::floating(0);
      if (a0->isNumber()) return Value::floating(a0->asDouble());
      double d = 0;
      if (a0->kind == ValueKind::String && parseFloat(a0->text, d)) return Value::floating(d);
      fail(c.span, "could not convert string to float: " + pyRepr(*a0));
    }
    if (name == "list" || name == "tuple" || name == "sorted" || name == "reversed") {
      std::vector<Value> items = a0 ? iterate(*a0, c.span) : std::vector<Value>{};
      if (name == "sorted") {
        std::stable_sort(items.begin(), items.end(), [&](const Value& x, const Value& y) { return order(x, y, CompareOp::Lt, c.span) < 0; });
        const Value* rev = args.kw("reverse");
        if (rev && truthy(*rev)) std::reverse(items.begin(), items.end());
      }
      if (name == "reversed") std::reverse(items.begin(), items.end());
      return name == "tuple" ? Value::tuple(std::move(items)) : Value::list(std::move(items));
    }
    if (name == "sum") {
      need(1);
      Value acc = args.get(1, "start") ? *args.get(1, "start") : Value::integer(0);
      for (const Value& v : iterate(*a0, c.span)) acc = binary(BinaryOp::Add, acc, v, c.span);
      return acc;
    }
    if (name == "min" || name == "max") {
      need(1);
      std::vector<Value> items = args.positional.size() == 1 ? iterate(*a0, c.span) : args.positional;
      if (items.empty()) fail(c.span, std::string(name) + "() arg is an empty sequence");
      Value best = items[0];
      for (size_t k = 1; k < items.size(); ++k) {
        int o = order(items[k], best, CompareOp::Lt, c.span);
        if ((name == "min" && o < 0) || (name == "max" && o > 0)) best = items[k];
      }
      return best;
    }
    if (name == "abs") {
      need(1);
      if (a0->kind == ValueKind::Int) return Value::integer(a0->i < 0 ? -a0->i : a0->i);
      if (a0->kind == ValueKind::Float) return Value::floating(std::fabs(a0->f));
      fail(c.span, "bad operand type for abs(): '" + std::string(typeName(*a0)) + "'");
    }
    if (name == "round") {
      need(1);
      if (!a0->isNumber()) fail(c.span, "type " + std::string(typeName(*a0)) + " doesn't define __round__ method");
      const Value* nd = args.get(1, "ndigits");
      if (!nd || nd->kind == ValueKind::None) return Value::integer(static_cast<int64_t>(std::nearbyint(a0->asDouble())));
      double scale = std::pow(10.0, static_cast<double>(nd->i));
      return Value::floating(std::nearbyint(a0->asDouble() * scale) / scale);
    }
    if (name == "range") {
      need(1);
      for (const Value& v : args.positional) {
        if (v.kind != ValueKind::Int) fail(c.span, "'" + std::string(typeName(v)) + "' object cannot be interpreted as an integer");
      }
      int64_t start = args.positional.size() > 1 ? a0->i : 0;
      int64_t stop = args.positional.size() > 1 ? args.positional[1].i : a0->i;
      int64_t step = args.positional.size() > 2 ? args.positional[2].i : 1;
      if (step == 0) fail(c.span, "range() arg 3 must not be zero");
      std::vector<Value> out;
      for (int64_t k = start; step > 0 ? k < stop : k > stop; k += step) {
        if (out.size() >= opt_.max_loop_iterations) break;
        out.push_back(Value::integer(k));
      }
      return Value::list(std::move(out));
    }
    if (name == "enumerate") {
      need(1);
      int64_t start = args.get(1, "start") ? args.get(1, "start")->i : 0;
      std::vector<Value> out;
      for (const Value& v : iterate(*a0, c.span)) out.push_back(Value::tuple({Value::integer(start++), v}));
      return Value::list(std::move(out));
    }
    if (name == "any" || name == "all") {
      need(1);
      for (const Value& v : iterate(*a0, c.span)) {
        if (truthy(v) == (name == "any")) return Value::boolean(name == "any");
      }
      return Value::boolean(name == "all");
    }
    if (name == "zip") {
      std::vector<std::vector<Value>> lists;
      size_t n = SIZE_MAX;
      for (const Value& v : args.positional) {
        lists.push_back(iterate(v, c.span));
        n = std::min(n, lists.back().size());
      }
      std::vector<Value> out;
      for (size_t k = 0; !lists.empty() && k < n; ++k) {
        std::vector<Value> row;
        for (auto& l : lists) row.push_back(l[k]);
        out.push_back(Value::tuple(std::move(row)));
      }
      return Value::list(std::move(out));
    }
    fail(c.span, "'" + std::string(name) + "' is not supported by the analysis renderer");
  }

  const Template& t_;
  DiagnosticSink& sink_;
  const RenderOptions& opt_;
  RenderedSql out_;
  /// Template variables bound by {% set %} and {% for %}: one flat scope, as in the Python
  /// function Tornado compiles a template into.
  std::unordered_map<std::string, Value> locals_;
  std::set<std::tuple<uint32_t, uint32_t, std::string>> reported_;
  int try_depth_ = 0;
  bool stopped_ = false;
  /// Iterations of every loop of this render together: nested loops share one budget, so a
  /// short template cannot multiply its way to billions of iterations.
  uint64_t loop_iterations_ = 0;
};

}  // namespace

/// Test-mode semantics follow Tinybird's CLI (`render_sql_template(..., test_mode=True)`): every
/// parameter without a value is a Placeholder, so `defined(x)` is FALSE even when a typed
/// function later gives x a default — the CLI validates that rendering, and for endpoint nodes
/// `{% if defined(x) %}` guards optional filters, so skipping them keeps the projection (the
/// columns of the typical call) intact. A bare `{% if x %}` is TRUE (a Placeholder is a truthy
/// object). Callers who want another branch pass values in RenderOptions::values.
RenderedSql renderForAnalysis(const Template& t, DiagnosticSink& sink, const RenderOptions& options) {
  Renderer r(t, sink, options);
  return r.run();
}

}  // namespace ferry::tpl
