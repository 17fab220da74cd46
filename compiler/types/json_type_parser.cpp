// JSON(...) arguments and their canonical order: max_dynamic_types, max_dynamic_paths, typed
// paths sorted by path, SKIP paths sorted, SKIP REGEXP patterns sorted (as 26.7 prints them).
#include <algorithm>
#include <map>
#include <set>

#include "compiler/types/literal_text.h"
#include "compiler/types/type_parser_detail.h"

namespace ferry::types::detail {

using sql::Literal;
using sql::LiteralKind;
using sql::TypeArgKind;

TypeParseResult jsonFromSyntax(const sql::TypeExpr& e) {
  std::optional<uint64_t> max_types;
  std::optional<uint64_t> max_paths;
  std::map<std::string, std::string> typed_paths;  // path -> type text, ordered byte-wise
  std::set<std::string> skip_paths;
  std::set<std::string> skip_regexps;
  for (const auto& arg : e.args) {
    switch (arg->arg_kind) {
      case TypeArgKind::NamedValue: {
        auto* key = arg->key ? arg->key->tryAs<sql::Identifier>() : nullptr;
        std::string name = key != nullptr && key->parts.size() == 1 ? key->parts[0] : std::string();
        if (name != "max_dynamic_paths" && name != "max_dynamic_types") {
          return fail("UNEXPECTED_AST_STRUCTURE",
                      "Unexpected parameter in JSON type arguments: " + name +
                          ". Expected 'max_dynamic_types' or `max_dynamic_paths`");
        }
        auto* lit = arg->value ? arg->value->tryAs<Literal>() : nullptr;
        std::optional<IntegerLiteral> n;
        if (lit != nullptr && lit->literal_kind == LiteralKind::Integer) n = parseIntegerLiteral(lit->value);
        uint64_t limit = name == "max_dynamic_paths" ? 10000 : 254;
        if (!n || n->negative || n->magnitude > limit) {
          return fail("UNEXPECTED_AST_STRUCTURE",
                      "'" + name + "' parameter for JSON type should be a positive integer between 0 and " +
                          std::to_string(limit));
        }
        (name == "max_dynamic_paths" ? max_paths : max_types) = n->magnitude;
        break;
      }
      case TypeArgKind::NamedType: {
        auto t = typeFromSyntax(*arg->type);
        if (!t.ok()) return t;
        if (!typed_paths.emplace(arg->name, toString(*t.type)).second) {
          return fail("BAD_ARGUMENTS", "Found duplicated path with type: " + arg->name);
        }
        break;
      }
      case TypeArgKind::Skip: skip_paths.insert(arg->name); break;
      case TypeArgKind::SkipRegexp: {
        auto* lit = arg->value ? arg->value->tryAs<Literal>() : nullptr;
        if (lit == nullptr) return fail("UNEXPECTED_AST_STRUCTURE", "SKIP REGEXP needs a string");
        skip_regexps.insert(lit->value);
        break;
      }
      default:
        return fail("UNEXPECTED_AST_STRUCTURE", "Unexpected argument in JSON type");
    }
  }
  std::string params;
  auto add = [&](const std::string& piece) {
    if (!params.empty()) params += ", ";
    params += piece;
  };
  if (max_types) add("max_dynamic_types=" + std::to_string(*max_types));
  if (max_paths) add("max_dynamic_paths=" + std::to_string(*max_paths));
  for (const auto& [path, type] : typed_paths) add(quoteNameIfNeeded(path) + " " + type);
  for (const auto& path : skip_paths) add("SKIP " + quoteNameIfNeeded(path));
  for (const auto& re : skip_regexps) add("SKIP REGEXP " + quoteString(re));
  return success(makeJson(std::move(params)));
}

}  // namespace ferry::types::detail
