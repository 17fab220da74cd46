#include "compiler/template/parse_template.h"

#include <string>
#include <unordered_set>

#include "TemplateLexer.h"
#include "antlr4-runtime.h"
#include "compiler/template/lexer_input.h"
#include "compiler/template/tag_parser.h"
#include "compiler/template/template_functions.h"

namespace ferry::tpl {

namespace {

using L = grammar::tpl::TemplateLexer;

/// Blocks nested deeper than this are refused (the renderer and tree walkers recurse per level).
constexpr size_t kMaxBlockDepth = 200;

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view opName(TagOp op) {
  switch (op) {
    case TagOp::If: return "if";
    case TagOp::For: return "for";
    case TagOp::While: return "while";
    case TagOp::Try: return "try";
    default: return "block";
  }
}

/// Builds the node tree from the flat sequence of text runs and tags, matching blocks with an
/// explicit stack (no recursion, so deep or unbalanced input cannot exhaust the stack).
class TreeBuilder {
 public:
  TreeBuilder(std::string_view sql, Template& t, DiagnosticSink& sink) : sql_(sql), t_(t), sink_(sink) {
    frames_.push_back(Frame{nullptr, &t_.body, TagOp::Unknown, {}});
  }

  Span span(uint32_t b, uint32_t e) const { return t_.source_map.span(b, e); }

  void text(uint32_t b, uint32_t e) {
    if (b >= e) return;
    Body& body = *frames_.back().body;
    if (!body.empty()) {
      if (body.back()->kind == NodeKind::Text) {
        auto* prev = static_cast<TextNode*>(body.back().get());
        if (!prev->escape && prev->local_begin + prev->text.size() == b) {
          prev->text.append(sql_.substr(b, e - b));
          prev->span = Span::cover(prev->span, span(b, e));
          return;
        }
      }
    }
    body.push_back(std::make_unique<TextNode>(span(b, e), std::string(sql_.substr(b, e - b)), b));
  }

  void escape(uint32_t b, uint32_t e) {
    auto node = std::make_unique<TextNode>(span(b, e), std::string(sql_.substr(b, 2)), b);
    node->escape = true;
    frames_.back().body->push_back(std::move(node));
  }

  void comment(uint32_t b, uint32_t e) { frames_.back().body->push_back(std::make_unique<CommentNode>(span(b, e))); }

  void output(uint32_t b, uint32_t e, uint32_t cb, uint32_t ce) {
    Span tag = span(b, e);
    auto node = std::make_unique<OutputNode>(tag);
    if (isBlankRange(cb, ce)) {
      sink_.report(DiagId::TPL_EMPTY_TAG, tag, "Empty expression");
      node->expr = std::make_unique<ErrorExpr>(tag);
    } else {
      node->expr = parseOutputTag(TagSource{sql_, cb, ce, &t_.source_map, tag}, sink_);
    }
    frames_.back().body->push_back(std::move(node));
  }

  /// Returns false when building must stop (nesting limit).
  bool statement(uint32_t b, uint32_t e, uint32_t cb, uint32_t ce) {
    Span tag = span(b, e);
    if (isBlankRange(cb, ce)) {
      sink_.report(DiagId::TPL_EMPTY_TAG, tag, "Empty block tag ({% %})");
      return true;
    }
    StatementTag st = parseStatementTag(TagSource{sql_, cb, ce, &t_.source_map, tag}, sink_);
    auto orError = [&](ExprPtr e) -> ExprPtr { return e ? std::move(e) : std::make_unique<ErrorExpr>(tag); };
    Frame& top = frames_.back();
    switch (st.op) {
      case TagOp::Unknown: {
        std::string word = st.op_word;
        if (word == "import" || word == "from") {
          sink_.report(DiagId::TPL_UNKNOWN_STATEMENT, tag, "import is forbidden");
        } else {
          sink_.report(DiagId::TPL_UNKNOWN_STATEMENT, tag, "unknown operator: '" + word + "'",
                       "Tinybird templates support if/elif/else, for, while, set, try/except/finally, "
                       "break, continue and end");
        }
        return true;
      }
      case TagOp::Comment:
        top.body->push_back(std::make_unique<CommentNode>(tag));
        return true;
      case TagOp::Raw: {
        auto node = std::make_unique<OutputNode>(tag);
        node->raw = true;
        node->expr = orError(std::move(st.expr));
        top.body->push_back(std::move(node));
        return true;
      }
      case TagOp::Set: {
        auto node = std::make_unique<SetNode>(tag);
        node->target = std::move(st.target);
        node->op = st.assign;
        node->value = orError(std::move(st.expr));
        top.body->push_back(std::move(node));
        return true;
      }
      case TagOp::Break:
      case TagOp::Continue: {
        bool in_loop = false;
        for (const Frame& f : frames_) in_loop = in_loop || f.op == TagOp::For || f.op == TagOp::While;
        if (!in_loop) {
          sink_.report(DiagId::TPL_LOOP_CONTROL_OUTSIDE_LOOP, tag,
                       std::string("'") + (st.op == TagOp::Break ? "break" : "continue") + "' outside loop");
        }
        if (st.op == TagOp::Break) {
          top.body->push_back(std::make_unique<BreakNode>(tag));
        } else {
          top.body->push_back(std::make_unique<ContinueNode>(tag));
        }
        return true;
      }
      case TagOp::If: {
        if (!checkDepth(tag)) return false;
        auto node = std::make_unique<IfNode>(tag);
        IfNode* raw = node.get();
        raw->branches.push_back(IfBranch{tag, orError(std::move(st.expr)), {}});
        top.body->push_back(std::move(node));
        frames_.push_back(Frame{raw, &raw->branches.back().body, TagOp::If, tag});
        return true;
      }
      case TagOp::For: {
        if (!checkDepth(tag)) return false;
        auto node = std::make_unique<ForNode>(tag);
        ForNode* raw = node.get();
        raw->tag_span = tag;
        raw->target = std::move(st.target);
        raw->iterable = orError(std::move(st.expr));
        top.body->push_back(std::move(node));
        frames_.push_back(Frame{raw, &raw->body, TagOp::For, tag});
        return true;
      }
      case TagOp::While: {
        if (!checkDepth(tag)) return false;
        auto node = std::make_unique<WhileNode>(tag);
        WhileNode* raw = node.get();
        raw->tag_span = tag;
        raw->condition = orError(std::move(st.expr));
        top.body->push_back(std::move(node));
        frames_.push_back(Frame{raw, &raw->body, TagOp::While, tag});
        return true;
      }
      case TagOp::Try: {
        if (!checkDepth(tag)) return false;
        auto node = std::make_unique<TryNode>(tag);
        TryNode* raw = node.get();
        raw->tag_span = tag;
        top.body->push_back(std::move(node));
        frames_.push_back(Frame{raw, &raw->body, TagOp::Try, tag});
        return true;
      }
      case TagOp::Elif: {
        if (top.op != TagOp::If || top.seen_else) return misplaced(tag, "elif", "if");
        auto* node = static_cast<IfNode*>(top.node);
        node->branches.push_back(IfBranch{tag, orError(std::move(st.expr)), {}});
        top.body = &node->branches.back().body;
        return true;
      }
      case TagOp::Else: {
        if (top.seen_else || top.seen_finally) return misplaced(tag, "else", "if, for, while or try");
        if (top.op == TagOp::If) {
          auto* node = static_cast<IfNode*>(top.node);
          node->branches.push_back(IfBranch{tag, nullptr, {}});
          top.body = &node->branches.back().body;
        } else if (top.op == TagOp::For) {
          auto* node = static_cast<ForNode*>(top.node);
          node->else_span = tag;
          top.body = &node->else_body;
        } else if (top.op == TagOp::While) {
          auto* node = static_cast<WhileNode*>(top.node);
          node->else_span = tag;
          top.body = &node->else_body;
        } else if (top.op == TagOp::Try && top.seen_except) {
          auto* node = static_cast<TryNode*>(top.node);
          node->else_span = tag;
          top.body = &node->else_body;
        } else {
          return misplaced(tag, "else", "if, for, while or try");
        }
        top.seen_else = true;
        return true;
      }
      case TagOp::Except: {
        if (top.op != TagOp::Try || top.seen_else || top.seen_finally) return misplaced(tag, "except", "try");
        auto* node = static_cast<TryNode*>(top.node);
        node->handlers.push_back(ExceptClause{tag, std::move(st.expr), st.name, {}});
        top.body = &node->handlers.back().body;
        top.seen_except = true;
        return true;
      }
      case TagOp::Finally: {
        if (top.op != TagOp::Try || top.seen_finally) return misplaced(tag, "finally", "try");
        auto* node = static_cast<TryNode*>(top.node);
        node->finally_span = tag;
        top.body = &node->finally_body;
        top.seen_finally = true;
        return true;
      }
      case TagOp::End: {
        if (frames_.size() == 1) {
          sink_.report(DiagId::TPL_EXTRA_END, tag, "Extra {% end %} block");
          return true;
        }
        close(tag, tag);
        return true;
      }
    }
    return true;
  }

  /// Closes blocks left open at the end of the template.
  void finish(bool report_missing) {
    Span end_of_text = span(static_cast<uint32_t>(sql_.size()), static_cast<uint32_t>(sql_.size()));
    while (frames_.size() > 1) {
      const Frame& f = frames_.back();
      if (report_missing) {
        sink_.report(DiagId::TPL_MISSING_END, f.open_span,
                     "Missing {%end%} block for " + std::string(opName(f.op)),
                     "close the block with {% end %}");
      }
      close(Span{}, end_of_text);
    }
  }

 private:
  struct Frame {
    Node* node;
    Body* body;
    TagOp op;
    Span open_span;
    bool seen_else = false;
    bool seen_except = false;
    bool seen_finally = false;
  };

  bool isBlankRange(uint32_t b, uint32_t e) const {
    for (uint32_t i = b; i < e; ++i) {
      if (!isBlank(sql_[i])) return false;
    }
    return true;
  }

  bool checkDepth(Span tag) {
    if (frames_.size() <= kMaxBlockDepth) return true;
    sink_.report(DiagId::TPL_TOO_DEEP, tag, "template blocks nested too deeply to analyse");
    return false;
  }

  bool misplaced(Span tag, std::string_view what, std::string_view where) {
    sink_.report(DiagId::TPL_MISPLACED_CLAUSE, tag,
                 std::string(what) + " outside " + std::string(where) + " block");
    return true;
  }

  void close(Span end_tag, Span cover_to) {
    Frame f = frames_.back();
    frames_.pop_back();
    f.node->span = Span::cover(f.open_span, cover_to);
    switch (f.op) {
      case TagOp::If: static_cast<IfNode*>(f.node)->end_span = end_tag; break;
      case TagOp::For: static_cast<ForNode*>(f.node)->end_span = end_tag; break;
      case TagOp::While: static_cast<WhileNode*>(f.node)->end_span = end_tag; break;
      case TagOp::Try: static_cast<TryNode*>(f.node)->end_span = end_tag; break;
      default: break;
    }
  }

  std::string_view sql_;
  Template& t_;
  DiagnosticSink& sink_;
  std::vector<Frame> frames_;
};

/// Static checks over every expression: forbidden operators and calls of unknown functions.
class StaticChecker {
 public:
  explicit StaticChecker(DiagnosticSink& sink) : sink_(sink) {}

  void collectLocals(const Body& body) {
    for (const NodePtr& n : body) {
      if (auto* s = n->as<SetNode>()) addTarget(s->target);
      forEachNestedBody(*n, [this](const Body& b) { collectLocals(b); });
      if (auto* f = n->as<ForNode>()) addTarget(f->target);
      if (auto* t = n->as<TryNode>()) {
        for (const auto& h : t->handlers) {
          if (!h.name.empty()) locals_.insert(h.name);
        }
      }
    }
  }

  void check(const Body& body) {
    for (const NodePtr& n : body) {
      switch (n->kind) {
        case NodeKind::Output: expr(n->as<OutputNode>()->expr.get()); break;
        case NodeKind::Set: expr(n->as<SetNode>()->value.get()); break;
        case NodeKind::If:
          for (const auto& b : n->as<IfNode>()->branches) expr(b.condition.get());
          break;
        case NodeKind::For: expr(n->as<ForNode>()->iterable.get()); break;
        case NodeKind::While: expr(n->as<WhileNode>()->condition.get()); break;
        default: break;
      }
      forEachNestedBody(*n, [this](const Body& b) { check(b); });
    }
  }


 private:
  void addTarget(const Target& t) {
    if (!t.name.empty()) locals_.insert(t.name);
    for (const Target& e : t.elements) addTarget(e);
  }

  void expr(const Expr* e) {
    if (!e) return;
    switch (e->kind) {
      case ExprKind::Call: {
        auto* c = e->as<CallExpr>();
        if (auto* name = c->callee->as<NameExpr>()) {
          if (!findFunction(name->name) && !locals_.count(name->name)) {
            sink_.report(DiagId::TPL_UNKNOWN_FUNCTION, name->span, "'" + name->name + "' is not a valid function");
          }
        } else {
          expr(c->callee.get());
        }
        for (const Argument& a : c->args) expr(a.value.get());
        break;
      }
      case ExprKind::Binary: {
        auto* b = e->as<BinaryExpr>();
        if (b->op == BinaryOp::Pow) {
          sink_.report(DiagId::TPL_FORBIDDEN_OPERATOR, b->op_span, "Invalid BinOp: Pow()",
                       "Tinybird templates do not allow the ** operator");
        }
        expr(b->lhs.get());
        expr(b->rhs.get());
        break;
      }
      case ExprKind::Attribute: {
        auto* a = e->as<AttributeExpr>();
        if (a->attribute.rfind("__", 0) == 0) {
          sink_.report(DiagId::TPL_FORBIDDEN_OPERATOR, a->attribute_span,
                       "access to the attribute '" + a->attribute + "' is forbidden");
        }
        expr(a->object.get());
        break;
      }
      case ExprKind::Sequence:
        for (const auto& i : e->as<SequenceExpr>()->items) expr(i.get());
        break;
      case ExprKind::Dict:
        for (const auto& i : e->as<DictExpr>()->keys) expr(i.get());
        for (const auto& i : e->as<DictExpr>()->values) expr(i.get());
        break;
      case ExprKind::Comprehension: {
        auto* c = e->as<ComprehensionExpr>();
        addTarget(c->target);
        expr(c->element.get());
        expr(c->iterable.get());
        for (const auto& i : c->conditions) expr(i.get());
        break;
      }
      case ExprKind::Subscript:
        expr(e->as<SubscriptExpr>()->object.get());
        expr(e->as<SubscriptExpr>()->index.get());
        break;
      case ExprKind::Slice:
        expr(e->as<SliceExpr>()->lower.get());
        expr(e->as<SliceExpr>()->upper.get());
        expr(e->as<SliceExpr>()->step.get());
        break;
      case ExprKind::Unary: expr(e->as<UnaryExpr>()->operand.get()); break;
      case ExprKind::Compare:
        for (const auto& i : e->as<CompareExpr>()->operands) expr(i.get());
        break;
      case ExprKind::Logical:
        for (const auto& i : e->as<LogicalExpr>()->operands) expr(i.get());
        break;
      case ExprKind::Not: expr(e->as<NotExpr>()->operand.get()); break;
      case ExprKind::Conditional: {
        auto* c = e->as<ConditionalExpr>();
        expr(c->condition.get());
        expr(c->then_value.get());
        expr(c->else_value.get());
        break;
      }
      case ExprKind::Name:
      case ExprKind::Literal:
      case ExprKind::Error:
        break;
    }
  }

  DiagnosticSink& sink_;
  std::unordered_set<std::string> locals_;
};

void computeMapBreaks(Template& t) {
  for (uint32_t i = 1; i < t.sql_size; ++i) {
    if (t.source_map.toFile(i) != t.source_map.toFile(i - 1) + 1) t.map_breaks.push_back(i);
  }
}

}  // namespace

bool isTemplate(std::string_view sql) {
  for (char c : sql) {
    if (isBlank(c)) continue;
    return c == '%';
  }
  return false;
}

Template parseTemplate(std::string_view sql, FileId file, uint32_t base, DiagnosticSink& sink) {
  return parseTemplate(sql, SourceMap(file, base), sink);
}

Template parseTemplate(std::string_view sql, const SourceMap& map, DiagnosticSink& sink) {
  Template t;
  t.source_map = map;
  t.sql_size = static_cast<uint32_t>(sql.size());
  computeMapBreaks(t);

  if (!isTemplate(sql)) {
    size_t at = std::min(sql.find("{{"), sql.find("{%"));
    if (at != std::string_view::npos) {
      sink.report(DiagId::TPL_MISSING_MARKER, map.span(static_cast<uint32_t>(at), static_cast<uint32_t>(at + 2)),
                  "In order to make a query dynamic, it is necessary to start the query with a % character.",
                  "add a line with only % before the query");
    }
    if (!sql.empty()) {
      t.body.push_back(std::make_unique<TextNode>(map.span(0, t.sql_size), std::string(sql), 0));
    }
    return t;
  }

  t.is_template = true;
  uint32_t marker = static_cast<uint32_t>(sql.find('%'));
  t.marker_span = map.span(marker, marker + 1);
  t.body_begin = marker + 1;

  TreeBuilder builder(sql, t, sink);
  LexerInput input = makeLexerInput(sql.substr(t.body_begin), t.body_begin);
  antlr4::ANTLRInputStream chars(input.utf8);
  L lexer(&chars);
  lexer.removeErrorListeners();

  auto begin = [&](const std::unique_ptr<antlr4::Token>& tok) { return input.offset(tok->getStartIndex()); };
  auto end = [&](const std::unique_ptr<antlr4::Token>& tok) { return input.offset(tok->getStopIndex() + 1); };

  bool unclosed = false;
  bool stopped = false;
  std::unique_ptr<antlr4::Token> tok = lexer.nextToken();
  while (tok->getType() != antlr4::Token::EOF && !stopped) {
    size_t type = tok->getType();
    if (type == L::TEXT || type == L::BRACE) {
      builder.text(begin(tok), end(tok));
      tok = lexer.nextToken();
      continue;
    }
    uint32_t tag_begin = begin(tok);
    uint32_t content_begin = end(tok);
    if (type == L::ESCAPED_OPEN) {
      builder.escape(tag_begin, content_begin);
      tok = lexer.nextToken();
      continue;
    }
    size_t close_type = type == L::OUTPUT_OPEN ? L::OUTPUT_CLOSE : type == L::STMT_OPEN ? L::STMT_CLOSE : L::COMMENT_CLOSE;
    uint32_t content_end = content_begin;
    bool closed = false;
    for (tok = lexer.nextToken(); tok->getType() != antlr4::Token::EOF; tok = lexer.nextToken()) {
      if (tok->getType() == close_type) {
        closed = true;
        content_end = begin(tok);
        break;
      }
    }
    if (!closed) {
      Span open = map.span(tag_begin, content_begin);
      if (type == L::OUTPUT_OPEN) {
        sink.report(DiagId::TPL_UNCLOSED_OUTPUT, open, "Missing end expression }}");
      } else if (type == L::STMT_OPEN) {
        sink.report(DiagId::TPL_UNCLOSED_STATEMENT, open, "Missing end block %}");
      } else {
        sink.report(DiagId::TPL_UNCLOSED_COMMENT, open, "Missing end comment #}");
      }
      unclosed = true;
      break;
    }
    uint32_t tag_end = end(tok);
    if (type == L::OUTPUT_OPEN) {
      builder.output(tag_begin, tag_end, content_begin, content_end);
    } else if (type == L::STMT_OPEN) {
      stopped = !builder.statement(tag_begin, tag_end, content_begin, content_end);
    } else {
      builder.comment(tag_begin, tag_end);
    }
    tok = lexer.nextToken();
  }
  // Blocks left open after an unclosed tag or a refused nesting level are consequences of the
  // error already reported, not separate mistakes.
  builder.finish(/*report_missing=*/!unclosed && !stopped);

  StaticChecker checker(sink);
  checker.collectLocals(t.body);
  checker.check(t.body);
  return t;
}

}  // namespace ferry::tpl
