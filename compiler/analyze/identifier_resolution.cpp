/// Identifier resolution with ClickHouse 26.7's order: lambda parameters, then the query's
/// aliases (an alias being defined does not see itself, so `a + 1 AS a` reads the column),
/// ARRAY JOIN columns, JOIN USING columns, FROM columns (qualified or not; a dotted name may be a
/// column such as `n.p` of a Nested, or a column and its subcolumns), then the enclosing queries.
#include <algorithm>
#include <cctype>

#include "compiler/analyze/expression_typer.h"
#include "compiler/analyze/literal_types.h"
#include "compiler/types/type_parser.h"

namespace ferry::analyze {

namespace {

using types::TypeKind;

std::string joinParts(const std::vector<std::string>& parts, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    if (i > from) out += '.';
    out += parts[i];
  }
  return out;
}

bool looksLikeNumber(const std::string& s) {
  if (s.size() < 2 || !(s[0] >= '0' && s[0] <= '9')) return false;
  bool prefixed = s[0] == '0' && (s[1] == 'x' || s[1] == 'X' || s[1] == 'b' || s[1] == 'B');
  for (size_t i = prefixed ? 2 : 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= '0' && c <= '9') || c == '_' || (prefixed && std::isxdigit(static_cast<unsigned char>(c))) ||
              (prefixed && (c == 'p' || c == 'P' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

/// A node that stands for a column of an enclosing query: the same value, but not a column
/// of this query (the aggregation checks ignore it).
ResolvedPtr asOuter(const ResolvedPtr& r) {
  if (!r || !r->has_column) return r;
  auto copy = std::make_shared<ResolvedExpr>(*r);
  copy->has_column = false;
  return copy;
}

/// The type of path `path` of a JSON type: declared (`JSON(a.b UInt32)`) or Dynamic.
types::TypePtr jsonPathType(const types::DataType& json, const std::string& path) {
  const std::string& params = json.json_params;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i <= params.size(); ++i) {
    char c = i < params.size() ? params[i] : ',';
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c != ',' || depth != 0) continue;
    std::string entry = params.substr(start, i - start);
    start = i + 1;
    while (!entry.empty() && entry.front() == ' ') entry.erase(0, 1);
    std::string name;
    size_t type_at;
    if (!entry.empty() && entry[0] == '`') {
      size_t end = entry.find('`', 1);
      if (end == std::string::npos) continue;
      name = entry.substr(1, end - 1);
      type_at = end + 1;
    } else {
      size_t space = entry.find(' ');
      if (space == std::string::npos) continue;
      name = entry.substr(0, space);
      type_at = space;
    }
    if (name != path) continue;
    auto parsed = types::parseTypeName(entry.substr(type_at));
    if (parsed.ok()) return parsed.type;
  }
  return types::makeDynamic();
}

/// `x.null` (Nullable(T) -> UInt8, through arrays) and `arr.sizeN` (the sizes at array depth N).
types::TypePtr nullOrSizeSubcolumn(const types::TypePtr& t, const std::string& part) {
  if (part == "null") {
    if (t->kind == TypeKind::Nullable) return types::makeType(TypeKind::UInt8);
    if (t->kind == TypeKind::Array) {
      auto inner = nullOrSizeSubcolumn(t->child(), part);
      return inner ? types::makeArray(inner) : nullptr;
    }
    return nullptr;
  }
  int depth = 0;
  for (size_t i = 4; i < part.size(); ++i) {
    if (part[i] < '0' || part[i] > '9') return nullptr;
    depth = depth * 10 + (part[i] - '0');
    if (depth > 64) return nullptr;
  }
  types::TypePtr cur = t;
  for (int d = 0; d < depth; ++d) {
    if (!cur || cur->kind != TypeKind::Array) return nullptr;
    cur = cur->child();
  }
  if (!cur || cur->kind != TypeKind::Array) return nullptr;
  types::TypePtr result = types::makeType(TypeKind::UInt64);
  for (int d = 0; d < depth; ++d) result = types::makeArray(result);
  return result;
}

}  // namespace

ResolvedPtr ExpressionTyper::typeIdentifier(const sql::Identifier& e) {
  if (e.parts.empty()) return unknown(&e);
  for (auto frame = lambdas_.rbegin(); frame != lambdas_.rend(); ++frame) {
    for (size_t i = 0; i < frame->names.size(); ++i) {
      if (frame->names[i] != e.parts[0]) continue;
      const ResolvedPtr& param = frame->params[i];
      if (!param->type) return unknown(&e);
      return e.parts.size() > 1 ? subcolumn(param, e.parts, 1, e) : param;
    }
  }
  bool found = false;
  ResolvedPtr r = lookupLocal(e, found, false);
  if (found) return r;
  // Each enclosing query is seen as its direct child sees it: a FROM subquery sees only the
  // WITH aliases of the query it is in, an expression subquery sees everything.
  const QueryScope* child = &scope_;
  for (QueryScope* p = scope_.parent; p != nullptr; child = p, p = p->parent) {
    ExpressionTyper outer(run_, *p);
    r = outer.lookupLocal(e, found, child->parent_sees_with_only);
    if (found) return asOuter(r);
  }
  if (e.parts.size() == 1 && looksLikeNumber(e.parts[0])) {
    // `0xbad_cafe`: a number with digit separators that reached us as a name.
    sql::Literal number;
    number.literal_kind = e.parts[0].find_first_of(".pP") != std::string::npos ? sql::LiteralKind::Float
                                                                               : sql::LiteralKind::Integer;
    number.value = e.parts[0];
    TypedConstant c = analyze::typeLiteral(number);
    run_.name_hints[&e] = constantText(c.value);
    return constant(c.type, c.value, &e);
  }
  reportUnknownIdentifier(e);
  return unknown(&e);
}

ResolvedPtr ExpressionTyper::lookupLocal(const sql::Identifier& e, bool& found, bool with_only) {
  const auto& parts = e.parts;
  found = false;

  if (auto it = scope_.aliases.find(parts[0]); it != scope_.aliases.end() &&
                                               it->second.state == ResolveState::InProgress) {
    // The alias being defined does not see itself; what it resolves to instead depends on that,
    // and so does every alias being resolved on top of it.
    auto& stack = scope_.alias_stack;
    auto pos = std::find(stack.begin(), stack.end(), &it->second);
    if (pos != stack.end() && pos + 1 != stack.end()) {
      // A cycle through other aliases (`a AS b, b AS a`): all of them, the skipped one included.
      for (auto above = pos; above != stack.end(); ++above) (*above)->context_dependent = true;
    }
  } else if (it != scope_.aliases.end() && (!with_only || it->second.from_with)) {
    found = true;
    ResolvedPtr r = resolveAlias(it->second);
    if (parts.size() > 1) return subcolumn(r, parts, 1, e);
    return r;
  }
  if (with_only) return nullptr;

  // ARRAY JOIN columns (the longest dotted prefix that names one).
  for (size_t k = parts.size(); k >= 1 && !scope_.array_join.empty(); --k) {
    auto it = scope_.array_join_by_name.find(k == 1 ? parts[0] : joinParts(parts, 0, k));
    if (it == scope_.array_join_by_name.end()) continue;
    ArrayJoinColumn& column = scope_.array_join[it->second];
    if (column.state == ResolveState::InProgress) continue;
    found = true;
    ResolvedPtr r = resolveArrayJoin(column);
    return k < parts.size() ? subcolumn(r, parts, k, e) : r;
  }

  if (auto it = scope_.using_columns.find(parts[0]); it != scope_.using_columns.end()) {
    found = true;
    const UsingColumn& u = it->second;
    auto node = std::make_shared<ResolvedExpr>();
    node->kind = ResolvedKind::Column;
    node->type = u.type;
    node->ast = &e;
    node->column_name = u.name;
    node->has_column = true;
    node->hash = hashCombine(hashString("using"), u.id);
    node->origin = ResolvedExpr::Origin::Using;
    node->origin_id = u.id;
    ResolvedPtr r = node;
    return parts.size() > 1 ? subcolumn(r, parts, 1, e) : r;
  }

  // Qualified: `t.col`, `db.t.col`, `t.nested.field`, `t.tuple_col.element`.
  for (size_t q : {size_t{2}, size_t{1}}) {
    if (parts.size() <= q) continue;
    const TableSource* source = scope_.findQualified(parts, q);
    if (!source) continue;
    found = true;
    for (size_t k = parts.size(); k > q; --k) {
      int index = source->indexOf(joinParts(parts, q, k));
      if (index < 0) continue;
      ResolvedPtr r = columnNode(*source, static_cast<uint32_t>(index), e);
      if (k == parts.size()) return r;
      run_.name_hints[&e] = r->column_name + "." + joinParts(parts, k, parts.size());
      return subcolumn(r, parts, k, e);
    }
    if (q + 1 == parts.size()) {
      if (auto v = source->virtuals.find(parts[q]); v != source->virtuals.end()) {
        return virtualColumn(*source, v->first, v->second, e);
      }
    }
    if (source->opaque) return unknown(&e);
    std::vector<std::string> names;
    for (const auto& c : source->columns) names.push_back(c.name);
    run_.sink.report(DiagId::SEM_UNKNOWN_COLUMN, e.span,
                     "`" + source->qualifier + "` has no column `" + joinParts(parts, q, parts.size()) + "`",
                     didYouMean(closestNames(parts[q], names)));
    return unknown(&e);
  }

  // Unqualified: the longest dotted prefix naming a column.
  for (size_t k = parts.size(); k >= 1; --k) {
    auto it = scope_.columns_by_name.find(k == 1 ? parts[0] : joinParts(parts, 0, k));
    if (it == scope_.columns_by_name.end() || it->second.empty()) continue;
    found = true;
    const auto& occurrences = it->second;
    auto chosen = occurrences.front();
    if (occurrences.size() > 1 && scope_.join_count != 1) {
      std::vector<std::string> options;
      for (const auto& [s, c] : occurrences) {
        const auto& source = *scope_.sources[s];
        options.push_back(source.qualifier.empty() ? source.columns[c].name
                                                   : source.qualifier + "." + source.columns[c].name);
      }
      std::string hint = "qualify it: ";
      for (size_t i = 0; i < options.size(); ++i) hint += (i ? ", `" : "`") + options[i] + "`";
      run_.sink.report(DiagId::SEM_AMBIGUOUS_COLUMN, e.span,
                       "column `" + it->first + "` is ambiguous: several tables in FROM have it", hint);
    }
    ResolvedPtr r = columnNode(*scope_.sources[chosen.first], chosen.second, e);
    if (k == parts.size()) return r;
    run_.name_hints[&e] = r->column_name + "." + joinParts(parts, k, parts.size());
    return subcolumn(r, parts, k, e);
  }

  if (parts.size() == 1) {
    for (const auto& source : scope_.sources) {
      if (auto v = source->virtuals.find(parts[0]); v != source->virtuals.end()) {
        found = true;
        return virtualColumn(*source, v->first, v->second, e);
      }
    }
  }
  for (const auto& source : scope_.sources) {
    if (source->opaque) {
      found = true;
      return unknown(&e);
    }
  }
  return nullptr;
}

ResolvedPtr ExpressionTyper::virtualColumn(const TableSource& source, const std::string& name,
                                           const types::TypePtr& type, const sql::Node& at) {
  auto node = std::make_shared<ResolvedExpr>();
  node->kind = ResolvedKind::Column;
  node->type = type;
  node->ast = &at;
  node->column_name = name;
  node->has_column = true;
  node->hash = hashCombine(hashCombine(hashString("virtual"), source.id), hashString(name));
  node->origin = ResolvedExpr::Origin::Virtual;
  node->origin_id = source.id;
  run_.name_hints[&at] = name;
  return node;
}

ResolvedPtr ExpressionTyper::columnNode(const TableSource& source, uint32_t index, const sql::Node& at) {
  const SourceColumn& column = source.columns[index];
  auto node = std::make_shared<ResolvedExpr>();
  node->kind = ResolvedKind::Column;
  node->type = column.type;
  node->ast = &at;
  node->column_name = column.display;
  node->has_column = true;
  node->hash = hashCombine(hashCombine(hashString("column"), source.id), index);
  node->origin = ResolvedExpr::Origin::Source;
  node->origin_id = source.id;
  node->column_index = index;
  run_.name_hints[&at] = column.display;
  return node;
}

ResolvedPtr ExpressionTyper::resolveArrayJoin(ArrayJoinColumn& column) {
  if (column.state == ResolveState::Done) return column.resolved;
  column.state = ResolveState::InProgress;
  std::vector<LambdaFrame> saved;
  saved.swap(lambdas_);
  ResolvedPtr array = column.expr ? type(*column.expr) : unknown(column.item);
  saved.swap(lambdas_);
  types::TypePtr element;
  if (array->type) {
    types::TypePtr t = array->type;
    if (t->kind == TypeKind::Array) {
      element = t->child();
    } else if (t->kind == TypeKind::Map) {
      element = types::makeTuple({t->child(0), t->child(1)}, {"keys", "values"});
    } else {
      run_.sink.report(DiagId::SEM_BAD_ARRAY_JOIN, column.item ? column.item->span : Span{},
                       "ARRAY JOIN needs an array or a map, not " + types::toString(t));
    }
  }
  auto node = std::make_shared<ResolvedExpr>();
  node->kind = ResolvedKind::Column;
  node->type = element;
  node->ast = column.item;
  node->column_name = column.name;
  node->has_column = true;
  node->has_aggregate = array->has_aggregate;
  node->args = {array};
  node->hash = hashCombine(hashString("array join"), column.id);
  node->origin = ResolvedExpr::Origin::ArrayJoin;
  node->origin_id = column.id;
  column.resolved = node;
  column.state = ResolveState::Done;
  return column.resolved;
}

ResolvedPtr ExpressionTyper::subcolumn(ResolvedPtr base, const std::vector<std::string>& parts,
                                       size_t from, const sql::Node& at) {
  ResolvedPtr r = std::move(base);
  for (size_t i = from; i < parts.size(); ++i) {
    if (!r->type) return unknown(&at);
    const std::string& part = parts[i];
    types::TypePtr t = r->type;
    TypeKind kind = t->kind;
    if (kind == TypeKind::JSON) {
      // A JSON path: the rest of the name is one path, its value Dynamic unless declared.
      std::string path = joinParts(parts, i, parts.size());
      return makeCallNode(ResolvedKind::Function, "getSubcolumn:" + path, jsonPathType(*t, path), {r}, &at);
    }
    if (kind == TypeKind::Array) {
      // A path into an array of JSON objects: the array of the values at that path.
      size_t depth = 0;
      types::TypePtr inner = t;
      while (inner && inner->kind == TypeKind::Array) {
        inner = inner->child();
        ++depth;
      }
      if (inner && inner->kind == TypeKind::JSON) {
        std::string path = joinParts(parts, i, parts.size());
        types::TypePtr sub = jsonPathType(*inner, path);
        for (size_t d = 0; d < depth && sub; ++d) sub = types::makeArray(sub);
        return makeCallNode(ResolvedKind::Function, "getSubcolumn:" + path, sub, {r}, &at);
      }
    }
    if (kind == TypeKind::Map && (part == "keys" || part == "values")) {
      r = call(part == "keys" ? "mapKeys" : "mapValues", {r}, at);
      continue;
    }
    if (part == "null" || (part.size() > 4 && part.compare(0, 4, "size") == 0 && kind == TypeKind::Array)) {
      if (auto sub = nullOrSizeSubcolumn(t, part)) {
        r = makeCallNode(ResolvedKind::Function, "getSubcolumn:" + part, sub, {r}, &at);
        continue;
      }
    }
    bool tuple_like = kind == TypeKind::Tuple;
    if (kind == TypeKind::Array || kind == TypeKind::Nullable) {
      types::TypePtr inner = t->child();
      while (inner && (inner->kind == TypeKind::Array || inner->kind == TypeKind::Nullable)) {
        inner = inner->child();
      }
      tuple_like = inner && inner->kind == TypeKind::Tuple;
    }
    if (tuple_like) {
      r = call("tupleElement", {r, stringConstant(part, &at)}, at);
      continue;
    }
    if (kind == TypeKind::Dynamic || kind == TypeKind::Variant) {
      // `v.String`: the values of that type, NULL elsewhere.
      std::string name = joinParts(parts, i, parts.size());
      auto parsed = types::parseTypeName(name);
      if (parsed.ok()) {
        types::TypePtr sub = types::canBeInsideNullable(*parsed.type) ? types::makeNullable(parsed.type) : parsed.type;
        return makeCallNode(ResolvedKind::Function, "getSubcolumn:" + name, sub, {r}, &at);
      }
    }
    run_.sink.report(DiagId::SEM_UNKNOWN_COLUMN, at.span,
                     "`" + joinParts(parts, 0, i) + "` of type " + types::toString(t) +
                         " has no subcolumn `" + part + "`");
    return unknown(&at);
  }
  return r;
}

void ExpressionTyper::reportUnknownIdentifier(const sql::Identifier& e) {
  std::vector<std::string> names;
  for (const QueryScope* s = &scope_; s != nullptr; s = s->parent) {
    auto more = s->namesInScope();
    names.insert(names.end(), more.begin(), more.end());
  }
  for (const auto& frame : lambdas_) names.insert(names.end(), frame.names.begin(), frame.names.end());
  std::string full = joinParts(e.parts, 0, e.parts.size());
  auto suggestions = closestNames(full, names);
  std::string hint = didYouMean(suggestions);
  if (hint.empty() && scope_.implicit_one && scope_.parent == nullptr) hint = "the query has no FROM clause";
  run_.sink.report(DiagId::SEM_UNKNOWN_COLUMN, e.span, "unknown column or alias `" + full + "`", hint);
}

}  // namespace ferry::analyze
