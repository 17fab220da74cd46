/// `*`, `t.*` and COLUMNS(...) with their EXCEPT / REPLACE / APPLY transformers. With JOIN
/// USING, `*` lists the USING columns first, then the other columns of each side; ARRAY JOIN
/// without alias replaces the array column by its elements.
#include <algorithm>
#include <regex>

#include "compiler/analyze/column_names.h"
#include "compiler/analyze/expression_typer.h"
#include "compiler/analyze/literal_types.h"

namespace ferry::analyze {

namespace {

void collectIdentifiers(const sql::Node& n, const std::string& name, std::vector<const sql::Node*>& out) {
  if (const auto* id = n.tryAs<sql::Identifier>(); id && id->parts.size() == 1 && id->parts[0] == name) {
    out.push_back(&n);
  }
  if (n.is<sql::SubqueryExpr>()) return;
  sql::forEachChild(n, [&](const sql::Node& child) { collectIdentifiers(child, name, out); });
}

const sql::FunctionCall* untupleCall(const sql::Expr& e) {
  const auto* call = e.tryAs<sql::FunctionCall>();
  if (!call || call->name != "untuple" || call->has_parameters || call->over || !call->over_name.empty()) return nullptr;
  return call;
}

}  // namespace

bool ExpressionTyper::isMatcher(const sql::Expr& e) {
  return e.is<sql::Asterisk>() || e.is<sql::ColumnsMatcher>() || untupleCall(e) != nullptr;
}

std::vector<ExpressionTyper::ExpandedColumn> ExpressionTyper::expandMatcher(const sql::Expr& matcher,
                                                                            const std::string& alias) {
  std::vector<ExpandedColumn> columns;
  if (const auto* untuple = untupleCall(matcher)) {
    // `untuple(t)`: one column per element, `tupleElement(t, 'i')` (or `alias.i`).
    if (untuple->args.size() != 1 || !untuple->args[0]) {
      run_.sink.report(DiagId::SEM_WRONG_ARITY, matcher.span, "function untuple takes 1 argument");
      return columns;
    }
    const sql::Expr& arg = *untuple->args[0];
    ResolvedPtr value = type(arg);
    if (!value || !value->type) return columns;
    types::TypePtr t = value->type;
    if (t->kind != types::TypeKind::Tuple) {
      run_.sink.report(DiagId::SEM_BAD_ARGUMENTS, matcher.span,
                       "the argument of untuple must be a tuple, not " + types::toString(t));
      return columns;
    }
    std::string base = projectionName(arg, &run_.name_hints);
    for (size_t i = 0; i < t->children.size(); ++i) {
      bool named = i < t->element_names.size() && !t->element_names[i].empty();
      std::string element = named ? t->element_names[i] : std::to_string(i + 1);
      types::ConstantValue index;
      index.kind = types::ConstantValue::Kind::UInt;
      index.uint_value = i + 1;
      index.text = std::to_string(i + 1);
      auto position = constant(types::makeType(types::TypeKind::UInt8), index, &matcher);
      ResolvedPtr expr = call("tupleElement", {value, position}, matcher);
      std::string name = alias.empty() ? "tupleElement(" + base + ", " + quoteStringForName(element) + ")"
                                       : alias + "." + element;
      columns.push_back({std::move(name), std::move(expr)});
    }
    return columns;
  }
  const std::vector<std::string>* qualifier = nullptr;
  const std::vector<std::unique_ptr<sql::ColumnTransformer>>* transformers = nullptr;
  const sql::ColumnsMatcher* columns_matcher = matcher.tryAs<sql::ColumnsMatcher>();
  if (const auto* star = matcher.tryAs<sql::Asterisk>()) {
    qualifier = &star->qualifier;
    transformers = &star->transformers;
  } else if (columns_matcher) {
    qualifier = &columns_matcher->qualifier;
    transformers = &columns_matcher->transformers;
  } else {
    return columns;
  }

  // The candidate columns: one source's, or every source's.
  std::vector<const TableSource*> sources;
  if (!qualifier->empty()) {
    const TableSource* source = scope_.findQualified(*qualifier, std::min<size_t>(qualifier->size(), 2));
    if (!source) {
      std::string q;
      for (size_t i = 0; i < qualifier->size(); ++i) q += (i ? "." : "") + (*qualifier)[i];
      run_.sink.report(DiagId::SEM_UNKNOWN_TABLE, matcher.span, "`" + q + "` names no table in FROM");
      return columns;
    }
    sources.push_back(source);
  } else {
    for (const auto& s : scope_.sources) sources.push_back(s.get());
  }
  bool all_sources = qualifier->empty();

  auto array_joined = [&](const std::string& name) -> ArrayJoinColumn* {
    auto it = scope_.array_join_by_name.find(name);
    if (it == scope_.array_join_by_name.end()) return nullptr;
    ArrayJoinColumn& c = scope_.array_join[it->second];
    return c.shadows_column ? &c : nullptr;
  };

  if (columns_matcher && !(columns_matcher->args.size() == 1 && columns_matcher->args[0]->is<sql::Literal>())) {
    // COLUMNS(a, b): the listed names.
    for (const auto& a : columns_matcher->args) {
      if (!a) continue;
      ResolvedPtr r = type(*a);
      columns.push_back({projectionName(*a, &run_.name_hints), r});
    }
  } else {
    std::optional<std::regex> pattern;
    if (columns_matcher) {
      const auto& lit = columns_matcher->args[0]->as<sql::Literal>();
      try {
        pattern.emplace(lit.value, std::regex::ECMAScript);
      } catch (const std::regex_error&) {
        run_.sink.report(DiagId::SEM_BAD_MATCHER, lit.span, "invalid regular expression " + quoteStringForName(lit.value));
        return columns;
      }
    }
    if (all_sources) {
      for (const auto& name : scope_.using_order) {
        const UsingColumn& u = scope_.using_columns[name];
        if (pattern && !std::regex_search(u.name, *pattern)) continue;
        auto node = std::make_shared<ResolvedExpr>();
        node->kind = ResolvedKind::Column;
        node->type = u.type;
        node->ast = &matcher;
        node->column_name = u.name;
        node->has_column = true;
        node->hash = hashCombine(hashString("using"), u.id);
        node->origin = ResolvedExpr::Origin::Using;
        node->origin_id = u.id;
        columns.push_back({u.name, node});
      }
    }
    for (const TableSource* source : sources) {
      if (source->opaque) {
        matched_opaque_ = true;
        bool origin = source->ast && (source->ast->is<sql::TableFunctionRef>() || source->ast->is<sql::TableRef>());
        if (source->columns.empty() && origin) {
          run_.sink.report(DiagId::SEM_UNSUPPORTED, matcher.span,
                           "the columns of `" +
                               (source->qualifier.empty() ? std::string("a table function") : source->qualifier) +
                               "` come from data, so `*` cannot be expanded");
        }
      }
      for (uint32_t i = 0; i < source->columns.size(); ++i) {
        const SourceColumn& c = source->columns[i];
        if (c.hidden || (all_sources && (!c.in_star || scope_.using_columns.count(c.name)))) continue;
        if (pattern && !std::regex_search(c.name, *pattern)) continue;
        if (ArrayJoinColumn* aj = all_sources ? array_joined(c.name) : nullptr) {
          columns.push_back({c.display, resolveArrayJoin(*aj)});
          continue;
        }
        columns.push_back({c.display, columnNode(*source, i, matcher)});
      }
    }
  }

  for (const auto& t : *transformers) {
    if (!t) continue;
    switch (t->transformer) {
      case sql::TransformerKind::Except: {
        if (t->items.size() == 1 && t->items[0] && t->items[0]->is<sql::Literal>()) {
          const auto& lit = t->items[0]->as<sql::Literal>();
          try {
            std::regex re(lit.value, std::regex::ECMAScript);
            std::erase_if(columns, [&](const ExpandedColumn& c) { return std::regex_search(c.name, re); });
          } catch (const std::regex_error&) {
            run_.sink.report(DiagId::SEM_BAD_MATCHER, lit.span, "invalid regular expression");
          }
          break;
        }
        for (const auto& item : t->items) {
          const auto* id = item ? item->tryAs<sql::Identifier>() : nullptr;
          if (!id) continue;
          std::string name = id->parts.back();
          auto before = columns.size();
          std::erase_if(columns, [&](const ExpandedColumn& c) {
            return c.name == name || (c.expr && c.expr->column_name == name);
          });
          if (before == columns.size() && t->strict) {
            run_.sink.report(DiagId::SEM_BAD_MATCHER, item->span, "EXCEPT STRICT names no column `" + name + "`");
          }
        }
        break;
      }
      case sql::TransformerKind::Replace: {
        for (const auto& item : t->items) {
          const auto* alias = item ? item->tryAs<sql::AliasExpr>() : nullptr;
          if (!alias || !alias->expr) continue;
          auto it = std::find_if(columns.begin(), columns.end(),
                                 [&](const ExpandedColumn& c) { return c.name == alias->name; });
          if (it == columns.end()) {
            if (t->strict) {
              run_.sink.report(DiagId::SEM_BAD_MATCHER, item->span,
                               "REPLACE STRICT names no column `" + alias->name + "`");
            }
            continue;
          }
          it->expr = type(*alias->expr);
        }
        break;
      }
      case sql::TransformerKind::Apply: {
        if (t->items.empty() || !t->items[0]) break;
        const sql::Expr& f = *t->items[0];
        for (auto& c : columns) {
          if (const auto* id = f.tryAs<sql::Identifier>()) {
            std::string fname = id->parts.back();
            c.expr = call(fname, {c.expr}, matcher);
            c.name = fname + "(" + c.name + ")";
          } else if (const auto* fc = f.tryAs<sql::FunctionCall>()) {
            std::vector<types::ConstantValue> params;
            std::string param_names;
            for (const auto& p : fc->args) {
              if (!p) continue;
              auto r = type(*p);
              if (r->constant) params.push_back(*r->constant);
              param_names += (param_names.empty() ? "" : ", ") + projectionName(*p, nullptr);
            }
            c.expr = call(fc->name, {c.expr}, matcher, params);
            c.name = fc->name + "(" + param_names + ")(" + c.name + ")";
          } else if (const auto* lambda = f.tryAs<sql::Lambda>(); lambda && lambda->body && lambda->params.size() == 1) {
            LambdaFrame frame;
            frame.names = lambda->params;
            frame.params = {c.expr};
            lambdas_.push_back(std::move(frame));
            ResolvedPtr body = type(*lambda->body);
            lambdas_.pop_back();
            std::vector<const sql::Node*> uses;
            collectIdentifiers(*lambda->body, lambda->params[0], uses);
            NameHints hints;
            for (const sql::Node* u : uses) hints[u] = c.name;
            c.name = projectionName(*lambda->body, &hints);
            c.expr = body;
          }
        }
        break;
      }
    }
  }
  if (columns.empty() && columns_matcher == nullptr && !scope_.sources.empty() &&
      std::none_of(scope_.sources.begin(), scope_.sources.end(), [](const auto& s) { return s->opaque; })) {
    run_.sink.report(DiagId::SEM_BAD_MATCHER, matcher.span, "`*` matches no column");
  }
  return columns;
}

}  // namespace ferry::analyze
