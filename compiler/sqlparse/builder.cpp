#include "compiler/sqlparse/builder.h"

#include <algorithm>
#include <cctype>

#include "compiler/sql/lexical.h"

namespace ferry::sql::detail {

Span Builder::span(antlr4::Token* token) const {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) {
    auto end = static_cast<uint32_t>(session_.text().size());
    return session_.span(end, end);
  }
  auto begin = static_cast<uint32_t>(token->getStartIndex());
  auto end = static_cast<uint32_t>(token->getStopIndex() + 1);
  return session_.span(begin, end);
}

Span Builder::span(antlr4::ParserRuleContext* ctx) const {
  antlr4::Token* start = ctx->getStart();
  antlr4::Token* stop = ctx->getStop();
  if (start == nullptr || start->getType() == antlr4::Token::EOF) return span(start);
  auto begin = static_cast<uint32_t>(start->getStartIndex());
  auto end = begin;
  // An empty rule match leaves stop before start.
  if (stop != nullptr && stop->getType() != antlr4::Token::EOF &&
      stop->getTokenIndex() >= start->getTokenIndex()) {
    end = static_cast<uint32_t>(stop->getStopIndex() + 1);
  }
  return session_.span(begin, end);
}

std::string_view Builder::text(antlr4::Token* token) const {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) return {};
  size_t begin = token->getStartIndex();
  size_t end = token->getStopIndex() + 1;
  if (end > session_.text().size() || begin > end) return {};
  return session_.text().substr(begin, end - begin);
}

std::string_view Builder::text(antlr4::ParserRuleContext* ctx) const {
  antlr4::Token* start = ctx->getStart();
  antlr4::Token* stop = ctx->getStop();
  if (start == nullptr || stop == nullptr || stop->getType() == antlr4::Token::EOF) return {};
  size_t begin = start->getStartIndex();
  size_t end = stop->getStopIndex() + 1;
  if (end > session_.text().size() || begin > end) return {};
  return session_.text().substr(begin, end - begin);
}

std::string_view Builder::sourceText(antlr4::Token* first, antlr4::Token* last) const {
  if (first == nullptr || last == nullptr || last->getType() == antlr4::Token::EOF) return {};
  size_t begin = first->getStartIndex();
  size_t end = last->getStopIndex() + 1;
  if (end > session_.text().size() || begin > end) return {};
  return session_.text().substr(begin, end - begin);
}

void Builder::error(DiagId id, Span where, std::string message) {
  failed_ = true;
  session_.sink().report(id, where, std::move(message));
}

void Builder::unsupported(antlr4::ParserRuleContext* ctx, std::string_view what) {
  error(DiagId::SQL_UNSUPPORTED_SYNTAX, span(ctx),
        std::string(what) + " is valid ClickHouse syntax that Ferry does not support yet");
}

bool Builder::equalsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string Builder::quotedName(antlr4::tree::TerminalNode* q) {
  auto value = unquoteIdentifier(text(q));
  if (!value) {
    error(DiagId::SQL_INVALID_LITERAL, span(q), "invalid escape in quoted name");
    return {};
  }
  return *value;
}

bool Builder::quoted(P::IdentifierContext* ctx) { return ctx->QUOTED_IDENT() != nullptr; }

std::string Builder::name(P::IdentifierContext* ctx) {
  if (auto* q = ctx->QUOTED_IDENT()) return quotedName(q);
  return std::string(text(ctx));
}

std::string Builder::name(P::AnyNameContext* ctx) {
  if (auto* id = ctx->identifier()) return name(id);
  return std::string(text(ctx));
}

std::string Builder::name(P::AliasIdentifierContext* ctx) {
  if (auto* q = ctx->QUOTED_IDENT()) return quotedName(q);
  return std::string(text(ctx));
}

std::string Builder::name(P::DottedNameContext* ctx) {
  std::string out;
  for (auto* part : ctx->anyName()) {
    if (!out.empty()) out += '.';
    out += name(part);
  }
  return out;
}

std::string Builder::alias(P::AliasContext* ctx) {
  if (auto* n = ctx->anyName()) return name(n);
  return name(ctx->aliasIdentifier());
}

std::string Builder::unquoteStringToken(antlr4::tree::TerminalNode* token) {
  std::string_view spelled = text(token);
  if (token->getSymbol()->getType() == P::HEREDOC) {
    // `$tag$body$tag$`: the opening delimiter ends at the second '$'.
    size_t open = spelled.find('$', 1);
    if (open == std::string_view::npos) return {};
    size_t tag = open + 1;
    if (spelled.size() < 2 * tag) {
      error(DiagId::SQL_INVALID_LITERAL, span(token), "unterminated heredoc string");
      return {};
    }
    return std::string(spelled.substr(tag, spelled.size() - 2 * tag));
  }
  auto value = unquoteString(spelled);
  if (!value) {
    error(DiagId::SQL_INVALID_LITERAL, span(token), "invalid escape in string literal");
    return {};
  }
  return *value;
}

std::unique_ptr<Literal> Builder::stringLiteral(antlr4::tree::TerminalNode* token) {
  auto lit = make<Literal>(span(token));
  lit->literal_kind = LiteralKind::String;
  lit->value = unquoteStringToken(token);
  lit->spelling = std::string(text(token));
  return lit;
}

std::unique_ptr<Literal> Builder::byteStringLiteral(antlr4::tree::TerminalNode* token) {
  auto lit = make<Literal>(span(token));
  lit->literal_kind = LiteralKind::String;
  lit->spelling = std::string(text(token));
  std::string_view spelled = lit->spelling;
  bool hex = spelled[0] == 'x' || spelled[0] == 'X';
  std::string_view digits = spelled.substr(2, spelled.size() - 3);
  // Each byte is 2 hex or 8 binary digits; a short group is the first byte, padded on the
  // left (ClickHouse reads x'123' as bytes 0x01 0x23).
  size_t per_byte = hex ? 2 : 8;
  size_t first = digits.size() % per_byte == 0 ? per_byte : digits.size() % per_byte;
  std::string value;
  unsigned byte = 0;
  size_t in_byte = 0, group = first;
  for (char c : digits) {
    unsigned d = c <= '9' ? static_cast<unsigned>(c - '0') : static_cast<unsigned>((c | 0x20) - 'a' + 10);
    byte = hex ? byte * 16 + d : byte * 2 + d;
    if (++in_byte == group) {
      value += static_cast<char>(byte);
      byte = 0;
      in_byte = 0;
      group = per_byte;
    }
  }
  lit->value = std::move(value);
  return lit;
}

std::unique_ptr<Literal> Builder::numberLiteral(P::NumberLiteralContext* ctx) {
  auto lit = make<Literal>(span(ctx));
  std::string_view spelled = text(ctx);
  lit->value = std::string(spelled);
  lit->spelling = lit->value;
  bool is_float = false;
  if (ctx->HEX_NUMBER() != nullptr) {
    is_float = spelled.find_first_of(".pP") != std::string_view::npos;
  } else if (ctx->NUMBER() != nullptr || ctx->DOT_NUMBER() != nullptr) {
    is_float = spelled.find_first_of(".eE") != std::string_view::npos;
  }
  lit->literal_kind = is_float ? LiteralKind::Float : LiteralKind::Integer;
  return lit;
}

std::unique_ptr<Literal> Builder::literal(P::LiteralContext* ctx) {
  if (auto* n = ctx->numberLiteral()) return numberLiteral(n);
  if (auto* s = ctx->STRING()) return stringLiteral(s);
  if (auto* h = ctx->HEREDOC()) return stringLiteral(h);
  if (auto* x = ctx->HEX_STRING()) return byteStringLiteral(x);
  if (auto* b = ctx->BIN_STRING()) return byteStringLiteral(b);
  auto lit = make<Literal>(span(ctx));
  lit->spelling = std::string(text(ctx));
  if (ctx->NULL_() != nullptr) {
    lit->literal_kind = LiteralKind::Null;
    lit->value = "NULL";
  } else if (ctx->TRUE() != nullptr || ctx->FALSE() != nullptr) {
    lit->literal_kind = LiteralKind::Bool;
    lit->value = ctx->TRUE() != nullptr ? "true" : "false";
  } else {
    lit->literal_kind = LiteralKind::Float;
    lit->value = ctx->INF_() != nullptr ? "inf" : "nan";
  }
  return lit;
}

std::unique_ptr<Literal> Builder::signedNumber(P::SignedNumberContext* ctx) {
  auto lit = make<Literal>(span(ctx));
  if (auto* n = ctx->numberLiteral()) {
    lit = numberLiteral(n);
  } else {
    lit->literal_kind = LiteralKind::Float;
    lit->value = ctx->INF_() != nullptr ? "inf" : "nan";
  }
  lit->span = span(ctx);
  lit->spelling = std::string(text(ctx));
  if (ctx->MINUS() != nullptr) lit->value = "-" + lit->value;
  return lit;
}

}  // namespace ferry::sql::detail
