#include "compiler/template/tag_parser.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "TemplateLexer.h"
#include "TemplateParser.h"
#include "antlr4-runtime.h"
#include "compiler/template/lexer_input.h"

namespace ferry::tpl {

namespace {

using P = grammar::tpl::TemplateParser;
using L = grammar::tpl::TemplateLexer;

/// Guards the recursive-descent parser and the tree walkers against hostile input: brackets
/// nested deeper than this, or tags with more tokens, are refused with TPL_TOO_DEEP.
constexpr int kMaxBracketDepth = 100;
constexpr size_t kMaxTagTokens = 5000;

/// Keeps the first syntax error of a tag (later ones are usually consequences).
class FirstErrorListener : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer*, antlr4::Token* offending, size_t, size_t, const std::string& msg,
                   std::exception_ptr) override {
    if (seen) return;
    seen = true;
    message = msg;
    if (offending) {
      token_type = offending->getType();
      token_text = offending->getText();
      start = offending->getStartIndex();
      stop = offending->getStopIndex();
    }
  }
  bool seen = false;
  std::string message;
  size_t token_type = 0;
  std::string token_text;
  size_t start = 0, stop = 0;
};

class TagParse {
 public:
  TagParse(const TagSource& src, DiagnosticSink& sink, bool output)
      : src_(src),
        sink_(sink),
        input_(makeLexerInput(src.sql.substr(src.begin, src.end - src.begin), src.begin)),
        chars_(input_.utf8),
        lexer_(&chars_),
        tokens_(&lexer_),
        parser_(&tokens_) {
    lexer_.removeErrorListeners();
    lexer_.in_output_ = output;
    lexer_.pushMode(L::CODE);
    parser_.removeErrorListeners();
    parser_.addErrorListener(&errors_);
    tokens_.fill();
  }

  /// False (after reporting) when the tag is too big or nested too deep to parse safely.
  bool checkLimits() {
    int depth = 0;
    size_t count = 0;
    for (antlr4::Token* t : tokens_.getTokens()) {
      if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
      ++count;
      switch (t->getType()) {
        case L::LPAREN:
        case L::LBRACK:
        case L::LBRACE:
          ++depth;
          break;
        case L::RPAREN:
        case L::RBRACK:
        case L::RBRACE:
          --depth;
          break;
        default:
          break;
      }
      if (depth > kMaxBracketDepth || count > kMaxTagTokens) {
        sink_.report(DiagId::TPL_TOO_DEEP, src_.tag_span,
                     "expression too deeply nested or too long to analyse");
        return false;
      }
    }
    return true;
  }

  /// The first default-channel token (EOF when the tag is blank).
  antlr4::Token* firstToken() {
    for (antlr4::Token* t : tokens_.getTokens()) {
      if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return t;
    }
    return tokens_.getTokens().back();
  }

  P& parser() { return parser_; }

  /// Reports the first syntax error, if any; returns true when there was one.
  bool reportErrors() {
    if (!errors_.seen) return false;
    Span at;
    std::string message;
    if (errors_.token_type == antlr4::Token::EOF) {
      at = src_.map->span(src_.end, src_.end);
      message = "unexpected end of template expression";
    } else {
      at = spanOfChars(errors_.start, errors_.stop);
      std::string text = errors_.token_text;
      if (text.size() > 40) text = text.substr(0, 40) + "...";
      message = "unexpected '" + text + "' in template expression";
    }
    std::string hint = errors_.message;
    if (hint.size() > 160) hint = hint.substr(0, 160) + "...";
    sink_.report(DiagId::TPL_SYNTAX_ERROR, at, std::move(message), std::move(hint));
    return true;
  }

  Span spanOfChars(size_t start, size_t stop) const {
    uint32_t b = input_.offset(start);
    uint32_t e = stop + 1 >= start ? input_.offset(stop + 1) : b;
    return src_.map->span(b, e);
  }
  Span spanOf(antlr4::ParserRuleContext* ctx) const {
    antlr4::Token* a = ctx->getStart();
    antlr4::Token* b = ctx->getStop();
    if (!a) return src_.map->span(src_.begin, src_.begin);
    if (!b || b->getStopIndex() + 1 < a->getStartIndex()) return spanOfChars(a->getStartIndex(), a->getStartIndex() - 1);
    return spanOfChars(a->getStartIndex(), b->getStopIndex());
  }
  Span spanOf(antlr4::tree::TerminalNode* node) const {
    antlr4::Token* t = node->getSymbol();
    return spanOfChars(t->getStartIndex(), t->getStopIndex());
  }
  Span spanOf(antlr4::Token* t) const { return spanOfChars(t->getStartIndex(), t->getStopIndex()); }

  // ---- tree -> AST ----------------------------------------------------------------------------

  ExprPtr expression(P::ExpressionContext* ctx) {
    ExprPtr body = disjunction(ctx->disjunction(0));
    if (!ctx->IF()) return body;
    auto cond = std::make_unique<ConditionalExpr>(spanOf(ctx));
    cond->then_value = std::move(body);
    cond->condition = disjunction(ctx->disjunction(1));
    cond->else_value = expression(ctx->expression());
    return cond;
  }

  ExprPtr expressionList(P::ExpressionListContext* ctx) {
    auto items = ctx->expression();
    if (items.size() == 1 && !ctx->trailingComma) return expression(items[0]);
    auto t = std::make_unique<SequenceExpr>(spanOf(ctx), SequenceKind::Tuple);
    for (auto* i : items) t->items.push_back(expression(i));
    return t;
  }

  ExprPtr disjunction(P::DisjunctionContext* ctx) {
    auto parts = ctx->conjunction();
    if (parts.size() == 1) return conjunction(parts[0]);
    auto e = std::make_unique<LogicalExpr>(spanOf(ctx));
    e->is_and = false;
    for (auto* p : parts) e->operands.push_back(conjunction(p));
    return e;
  }

  ExprPtr conjunction(P::ConjunctionContext* ctx) {
    auto parts = ctx->inversion();
    if (parts.size() == 1) return inversion(parts[0]);
    auto e = std::make_unique<LogicalExpr>(spanOf(ctx));
    e->is_and = true;
    for (auto* p : parts) e->operands.push_back(inversion(p));
    return e;
  }

  ExprPtr inversion(P::InversionContext* ctx) {
    if (ctx->NOT()) {
      auto e = std::make_unique<NotExpr>(spanOf(ctx));
      e->operand = inversion(ctx->inversion());
      return e;
    }
    return comparison(ctx->comparison());
  }

  ExprPtr comparison(P::ComparisonContext* ctx) {
    auto sums = ctx->sum();
    if (sums.size() == 1) return sum(sums[0]);
    auto e = std::make_unique<CompareExpr>(spanOf(ctx));
    for (auto* s : sums) e->operands.push_back(sum(s));
    for (auto* op : ctx->compOp()) {
      CompareOp o = CompareOp::Eq;
      if (op->EQ()) o = CompareOp::Eq;
      else if (op->NE()) o = CompareOp::Ne;
      else if (op->LT()) o = CompareOp::Lt;
      else if (op->GT()) o = CompareOp::Gt;
      else if (op->LE()) o = CompareOp::Le;
      else if (op->GE()) o = CompareOp::Ge;
      else if (op->IN()) o = op->NOT() ? CompareOp::NotIn : CompareOp::In;
      else if (op->IS()) o = op->NOT() ? CompareOp::IsNot : CompareOp::Is;
      e->ops.push_back(o);
    }
    return e;
  }

  /// Folds `a op b op c` left-associatively, reading operators from the children in order.
  template <class Operand, class Fn>
  ExprPtr foldLeft(antlr4::ParserRuleContext* ctx, Fn&& operand) {
    ExprPtr acc;
    BinaryOp pending = BinaryOp::Add;
    Span op_span;
    for (antlr4::tree::ParseTree* child : ctx->children) {
      if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
        switch (term->getSymbol()->getType()) {
          case L::PLUS: pending = BinaryOp::Add; break;
          case L::MINUS: pending = BinaryOp::Sub; break;
          case L::STAR: pending = BinaryOp::Mul; break;
          case L::SLASH: pending = BinaryOp::Div; break;
          case L::DSLASH: pending = BinaryOp::FloorDiv; break;
          case L::PERCENT: pending = BinaryOp::Mod; break;
          default: break;
        }
        op_span = spanOf(term);
        continue;
      }
      auto* sub = dynamic_cast<Operand*>(child);
      if (!sub) continue;
      ExprPtr rhs = operand(sub);
      if (!acc) {
        acc = std::move(rhs);
        continue;
      }
      auto b = std::make_unique<BinaryExpr>(Span::cover(acc->span, rhs->span));
      b->op = pending;
      b->op_span = op_span;
      b->lhs = std::move(acc);
      b->rhs = std::move(rhs);
      acc = std::move(b);
    }
    if (!acc) acc = std::make_unique<ErrorExpr>(spanOf(ctx));
    return acc;
  }

  ExprPtr sum(P::SumContext* ctx) {
    return foldLeft<P::TermContext>(ctx, [this](P::TermContext* t) { return term(t); });
  }
  ExprPtr term(P::TermContext* ctx) {
    return foldLeft<P::FactorContext>(ctx, [this](P::FactorContext* f) { return factor(f); });
  }

  ExprPtr factor(P::FactorContext* ctx) {
    if (ctx->power()) return power(ctx->power());
    auto e = std::make_unique<UnaryExpr>(spanOf(ctx));
    e->op = ctx->MINUS() ? UnaryOp::Minus : ctx->PLUS() ? UnaryOp::Plus : UnaryOp::Invert;
    e->operand = factor(ctx->factor());
    return e;
  }

  ExprPtr power(P::PowerContext* ctx) {
    ExprPtr base = primary(ctx->primary());
    if (!ctx->POW()) return base;
    auto b = std::make_unique<BinaryExpr>(spanOf(ctx));
    b->op = BinaryOp::Pow;
    b->op_span = spanOf(ctx->POW());
    b->lhs = std::move(base);
    b->rhs = factor(ctx->factor());
    return b;
  }

  ExprPtr primary(P::PrimaryContext* ctx) {
    ExprPtr acc = atom(ctx->atom());
    for (P::TrailerContext* t : ctx->trailer()) {
      Span whole = Span::cover(acc->span, spanOf(t));
      if (auto* call = dynamic_cast<P::CallTrailerContext*>(t)) {
        auto c = std::make_unique<CallExpr>(whole);
        c->open_paren = spanOf(call->LPAREN());
        c->callee = std::move(acc);
        if (call->arguments()) {
          for (P::ArgumentContext* a : call->arguments()->argument()) c->args.push_back(argument(a));
        }
        acc = std::move(c);
      } else if (auto* idx = dynamic_cast<P::IndexTrailerContext*>(t)) {
        auto s = std::make_unique<SubscriptExpr>(whole);
        s->object = std::move(acc);
        s->index = subscript(idx->subscript());
        acc = std::move(s);
      } else if (auto* attr = dynamic_cast<P::AttributeTrailerContext*>(t)) {
        auto a = std::make_unique<AttributeExpr>(whole);
        a->object = std::move(acc);
        a->attribute = attr->name()->getText();
        a->attribute_span = spanOf(attr->name());
        acc = std::move(a);
      }
    }
    return acc;
  }

  Argument argument(P::ArgumentContext* ctx) {
    Argument a;
    if (auto* kw = dynamic_cast<P::KeywordArgumentContext*>(ctx)) {
      a.kind = ArgumentKind::Keyword;
      a.keyword = kw->name()->getText();
      a.keyword_span = spanOf(kw->name());
      a.value = expression(kw->expression());
    } else if (auto* st = dynamic_cast<P::StarArgumentContext*>(ctx)) {
      a.kind = ArgumentKind::Star;
      a.value = expression(st->expression());
    } else if (auto* ds = dynamic_cast<P::DoubleStarArgumentContext*>(ctx)) {
      a.kind = ArgumentKind::DoubleStar;
      a.value = expression(ds->expression());
    } else if (auto* pos = dynamic_cast<P::PositionalArgumentContext*>(ctx)) {
      a.kind = ArgumentKind::Positional;
      ExprPtr e = expression(pos->expression());
      if (pos->comprehension()) {
        e = comprehension(spanOf(ctx), std::move(e), pos->comprehension(), true);
      }
      a.value = std::move(e);
    }
    if (!a.value) a.value = std::make_unique<ErrorExpr>(spanOf(ctx));
    return a;
  }

  ExprPtr subscript(P::SubscriptContext* ctx) {
    if (auto* i = dynamic_cast<P::IndexSubscriptContext*>(ctx)) return expression(i->expression());
    auto* s = dynamic_cast<P::SliceSubscriptContext*>(ctx);
    auto e = std::make_unique<SliceExpr>(spanOf(ctx));
    if (s) {
      if (s->lower) e->lower = expression(s->lower);
      if (s->upper) e->upper = expression(s->upper);
      if (s->step) e->step = expression(s->step);
    }
    return e;
  }

  ExprPtr comprehension(Span span, ExprPtr element, P::ComprehensionContext* ctx, bool generator) {
    auto c = std::make_unique<ComprehensionExpr>(span);
    c->generator = generator;
    c->element = std::move(element);
    c->target = targetList(ctx->targetList());
    auto parts = ctx->disjunction();
    c->iterable = disjunction(parts[0]);
    for (size_t i = 1; i < parts.size(); ++i) c->conditions.push_back(disjunction(parts[i]));
    return c;
  }

  ExprPtr atom(P::AtomContext* ctx) {
    Span span = spanOf(ctx);
    if (auto* n = dynamic_cast<P::NameAtomContext*>(ctx)) return std::make_unique<NameExpr>(span, n->getText());
    if (dynamic_cast<P::IntAtomContext*>(ctx)) return intLiteral(span, ctx->getText());
    if (dynamic_cast<P::FloatAtomContext*>(ctx)) {
      auto lit = std::make_unique<LiteralExpr>(span);
      lit->literal = LiteralKind::Float;
      lit->text = ctx->getText();
      std::string digits;
      for (char c : lit->text) {
        if (c != '_') digits += c;
      }
      lit->float_value = std::strtod(digits.c_str(), nullptr);
      return lit;
    }
    if (auto* s = dynamic_cast<P::StringAtomContext*>(ctx)) {
      auto lit = std::make_unique<LiteralExpr>(span);
      lit->literal = LiteralKind::String;
      for (auto* tok : s->STRING()) lit->text += decodeString(tok->getText());
      return lit;
    }
    if (dynamic_cast<P::NoneAtomContext*>(ctx)) return std::make_unique<LiteralExpr>(span);
    if (dynamic_cast<P::TrueAtomContext*>(ctx) || dynamic_cast<P::FalseAtomContext*>(ctx)) {
      auto lit = std::make_unique<LiteralExpr>(span);
      lit->literal = LiteralKind::Bool;
      lit->bool_value = dynamic_cast<P::TrueAtomContext*>(ctx) != nullptr;
      return lit;
    }
    if (dynamic_cast<P::EmptyTupleAtomContext*>(ctx)) return std::make_unique<SequenceExpr>(span, SequenceKind::Tuple);
    if (auto* g = dynamic_cast<P::GeneratorAtomContext*>(ctx)) {
      return comprehension(span, expression(g->expression()), g->comprehension(), true);
    }
    if (auto* p = dynamic_cast<P::ParenAtomContext*>(ctx)) {
      auto items = p->expression();
      if (items.size() == 1 && !p->trailingComma) return expression(items[0]);
      auto t = std::make_unique<SequenceExpr>(span, SequenceKind::Tuple);
      for (auto* i : items) t->items.push_back(expression(i));
      return t;
    }
    if (auto* lc = dynamic_cast<P::ListCompAtomContext*>(ctx)) {
      return comprehension(span, expression(lc->expression()), lc->comprehension(), false);
    }
    if (auto* l = dynamic_cast<P::ListAtomContext*>(ctx)) {
      auto t = std::make_unique<SequenceExpr>(span, SequenceKind::List);
      for (auto* i : l->expression()) t->items.push_back(expression(i));
      return t;
    }
    if (auto* d = dynamic_cast<P::DictAtomContext*>(ctx)) {
      auto t = std::make_unique<DictExpr>(span);
      for (auto* entry : d->dictEntry()) {
        t->keys.push_back(expression(entry->key));
        t->values.push_back(expression(entry->value));
      }
      return t;
    }
    if (auto* s = dynamic_cast<P::SetAtomContext*>(ctx)) {
      auto t = std::make_unique<SequenceExpr>(span, SequenceKind::Set);
      for (auto* i : s->expression()) t->items.push_back(expression(i));
      return t;
    }
    return std::make_unique<ErrorExpr>(span);
  }

  static ExprPtr intLiteral(Span span, const std::string& text) {
    auto lit = std::make_unique<LiteralExpr>(span);
    lit->literal = LiteralKind::Int;
    lit->text = text;
    std::string digits;
    int base = 10;
    size_t start = 0;
    if (text.size() > 1 && text[0] == '0' && std::isalpha(static_cast<unsigned char>(text[1]))) {
      char p = static_cast<char>(std::tolower(static_cast<unsigned char>(text[1])));
      base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
      start = 2;
    }
    for (size_t i = start; i < text.size(); ++i) {
      if (text[i] != '_') digits += text[i];
    }
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
    if (ec != std::errc() || ptr != digits.data() + digits.size()) {
      lit->int_overflow = true;
      lit->text = digits;
    } else {
      lit->int_value = v;
      if (base != 10) lit->text = std::to_string(v);
    }
    return lit;
  }

  /// Python string literal (with prefix and quotes) -> its value. Bytes prefixes are treated as
  /// text; `f` strings are taken literally (Tinybird templates do not use them).
  static std::string decodeString(const std::string& tok) {
    size_t i = 0;
    bool raw = false;
    while (i < tok.size() && tok[i] != '\'' && tok[i] != '"') {
      if (tok[i] == 'r' || tok[i] == 'R') raw = true;
      ++i;
    }
    if (i >= tok.size()) return {};
    char q = tok[i];
    size_t qlen = (tok.size() >= i + 6 && tok[i + 1] == q && tok[i + 2] == q) ? 3 : 1;
    size_t b = i + qlen;
    size_t e = tok.size() >= b + qlen ? tok.size() - qlen : b;
    std::string out;
    for (size_t k = b; k < e; ++k) {
      char c = tok[k];
      if (c != '\\' || raw || k + 1 >= e) {
        out += c;
        continue;
      }
      char n = tok[++k];
      switch (n) {
        case '\n': break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case 'x': {
          if (k + 2 < e + 0 && std::isxdigit(static_cast<unsigned char>(tok[k + 1])) &&
              std::isxdigit(static_cast<unsigned char>(tok[k + 2]))) {
            unsigned v = static_cast<unsigned>(std::stoul(tok.substr(k + 1, 2), nullptr, 16));
            appendUtf8(out, v);
            k += 2;
          } else {
            out += "\\x";
          }
          break;
        }
        case 'u':
        case 'U': {
          size_t len = n == 'u' ? 4 : 8;
          bool ok = k + len < e;
          for (size_t j = 1; ok && j <= len; ++j) ok = std::isxdigit(static_cast<unsigned char>(tok[k + j]));
          if (ok) {
            appendUtf8(out, static_cast<unsigned>(std::stoul(tok.substr(k + 1, len), nullptr, 16)));
            k += len;
          } else {
            out += '\\';
            out += n;
          }
          break;
        }
        default:
          if (n >= '0' && n <= '7') {
            unsigned v = static_cast<unsigned>(n - '0');
            for (int j = 0; j < 2 && k + 1 < e && tok[k + 1] >= '0' && tok[k + 1] <= '7'; ++j) {
              v = v * 8 + static_cast<unsigned>(tok[++k] - '0');
            }
            appendUtf8(out, v);
          } else {
            out += '\\';
            out += n;
          }
      }
    }
    return out;
  }

  static void appendUtf8(std::string& out, unsigned cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  Target targetList(P::TargetListContext* ctx) {
    auto parts = ctx->target();
    if (parts.size() == 1 && ctx->COMMA().empty()) return target(parts[0]);
    Target t;
    t.span = spanOf(ctx);
    for (auto* p : parts) t.elements.push_back(target(p));
    return t;
  }

  Target target(P::TargetContext* ctx) {
    if (ctx->name()) {
      Target t;
      t.span = spanOf(ctx);
      t.name = ctx->name()->getText();
      return t;
    }
    Target t = targetList(ctx->targetList());
    if (!t.name.empty()) return t;
    t.span = spanOf(ctx);
    return t;
  }

 private:
  const TagSource& src_;
  DiagnosticSink& sink_;
  LexerInput input_;
  antlr4::ANTLRInputStream chars_;
  L lexer_;
  antlr4::CommonTokenStream tokens_;
  P parser_;
  FirstErrorListener errors_;
};

TagOp opOf(size_t token_type) {
  switch (token_type) {
    case L::IF: return TagOp::If;
    case L::ELIF: return TagOp::Elif;
    case L::ELSE: return TagOp::Else;
    case L::END: return TagOp::End;
    case L::FOR: return TagOp::For;
    case L::WHILE: return TagOp::While;
    case L::SET: return TagOp::Set;
    case L::TRY: return TagOp::Try;
    case L::EXCEPT: return TagOp::Except;
    case L::FINALLY: return TagOp::Finally;
    case L::BREAK: return TagOp::Break;
    case L::CONTINUE: return TagOp::Continue;
    case L::RAW: return TagOp::Raw;
    case L::COMMENT_KW: return TagOp::Comment;
    default: return TagOp::Unknown;
  }
}

}  // namespace

ExprPtr parseOutputTag(const TagSource& src, DiagnosticSink& sink) {
  TagParse tp(src, sink, /*output=*/true);
  if (!tp.checkLimits()) return std::make_unique<ErrorExpr>(src.tag_span);
  P::OutputTagContext* tree = tp.parser().outputTag();
  if (tp.reportErrors()) return std::make_unique<ErrorExpr>(src.tag_span);
  return tp.expression(tree->expression());
}

StatementTag parseStatementTag(const TagSource& src, DiagnosticSink& sink) {
  StatementTag tag;
  TagParse tp(src, sink, /*output=*/false);
  antlr4::Token* first = tp.firstToken();
  tag.op = opOf(first->getType());
  tag.op_word = first->getType() == antlr4::Token::EOF ? "" : first->getText();
  // `{% comment anything %}` is free text; unknown operators are reported by the caller.
  if (tag.op == TagOp::Comment || tag.op == TagOp::Unknown) return tag;
  if (!tp.checkLimits()) {
    tag.ok = false;
    return tag;
  }
  P::StatementTagContext* tree = tp.parser().statementTag();
  if (tp.reportErrors()) {
    tag.ok = false;
    return tag;
  }
  if (auto* c = dynamic_cast<P::IfTagContext*>(tree)) {
    tag.expr = tp.expression(c->expression());
  } else if (auto* c = dynamic_cast<P::ElifTagContext*>(tree)) {
    tag.expr = tp.expression(c->expression());
  } else if (auto* c = dynamic_cast<P::WhileTagContext*>(tree)) {
    tag.expr = tp.expression(c->expression());
  } else if (auto* c = dynamic_cast<P::RawTagContext*>(tree)) {
    tag.expr = tp.expression(c->expression());
  } else if (auto* c = dynamic_cast<P::ForTagContext*>(tree)) {
    tag.target = tp.targetList(c->targetList());
    tag.expr = tp.expression(c->expression());
  } else if (auto* c = dynamic_cast<P::SetTagContext*>(tree)) {
    tag.target = tp.targetList(c->targetList());
    auto* op = c->assignOp();
    tag.assign = op->PLUS_ASSIGN() ? AssignOp::Add
                 : op->MINUS_ASSIGN() ? AssignOp::Sub
                 : op->STAR_ASSIGN() ? AssignOp::Mul
                                     : AssignOp::Assign;
    tag.expr = tp.expressionList(c->expressionList());
  } else if (auto* c = dynamic_cast<P::ExceptTagContext*>(tree)) {
    if (c->expression()) tag.expr = tp.expression(c->expression());
    if (c->name()) tag.name = c->name()->getText();
  }
  return tag;
}

}  // namespace ferry::tpl
