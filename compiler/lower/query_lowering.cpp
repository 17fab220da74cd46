/// SELECT blocks and set operations -> physical plans. The stages follow ClickHouse's order:
/// FROM (tables, subqueries, CTEs, JOINs, ARRAY JOIN), PREWHERE, WHERE, aggregation, HAVING,
/// window functions, QUALIFY, the select list (with the ORDER BY / LIMIT BY expressions it does
/// not hold), DISTINCT, ORDER BY, LIMIT BY, LIMIT, and a last projection to the select list.
#include <algorithm>
#include <functional>

#include "compiler/lower/lowering.h"
#include "compiler/lower/query_lowering.h"
#include "compiler/sql/printer.h"
#include "compiler/types/supertype.h"

namespace ferry::lower {

namespace {

using analyze::ResolvedExpr;
using analyze::ResolvedKind;
using analyze::ResolvedPtr;
using Origin = analyze::ResolvedExpr::Origin;

constexpr int kMaxDepth = 64;

/// The value of an integer constant expression: a literal (or a string of digits), through
/// casts, `toUInt32(...)`-style conversions and aliases, and `+ - *` and `DIV` of such constants
/// (a rendered template gives `OFFSET 2 * 20`). nullopt when it is not one or leaves 64 bits.
std::optional<__int128> constantInteger(const sql::Expr* e, int depth = 0) {
  if (!e || depth > 32) return std::nullopt;
  if (const auto* alias = e->tryAs<sql::AliasExpr>()) return constantInteger(alias->expr.get(), depth + 1);
  if (const auto* cast = e->tryAs<sql::CastExpr>()) return constantInteger(cast->expr.get(), depth + 1);
  if (const auto* call = e->tryAs<sql::FunctionCall>();
      call && call->args.size() == 1 && call->name.rfind("to", 0) == 0 && !call->over && call->over_name.empty())
    return constantInteger(call->args[0].get(), depth + 1);
  if (const auto* unary = e->tryAs<sql::UnaryExpr>(); unary && unary->op == sql::UnaryOp::Negate) {
    auto v = constantInteger(unary->operand.get(), depth + 1);
    return v ? std::optional<__int128>(-*v) : std::nullopt;
  }
  if (const auto* bin = e->tryAs<sql::BinaryExpr>()) {
    auto l = constantInteger(bin->lhs.get(), depth + 1), r = constantInteger(bin->rhs.get(), depth + 1);
    if (!l || !r) return std::nullopt;
    __int128 v;
    switch (bin->op) {
      case sql::BinaryOp::Plus: v = *l + *r; break;
      case sql::BinaryOp::Minus: v = *l - *r; break;
      case sql::BinaryOp::Multiply: v = *l * *r; break;
      case sql::BinaryOp::IntDiv:
        if (*r == 0) return std::nullopt;
        v = *l / *r;
        break;
      default: return std::nullopt;
    }
    if (v > __int128(UINT64_MAX) || v < -__int128(UINT64_MAX)) return std::nullopt;
    return v;
  }
  const auto* lit = e->tryAs<sql::Literal>();
  if (!lit || lit->value.empty()) return std::nullopt;
  bool digits_only = std::all_of(lit->value.begin(), lit->value.end(), [](char c) { return c >= '0' && c <= '9'; });
  bool integer = lit->literal_kind == sql::LiteralKind::Integer && lit->value[0] != '-';
  if (!integer && !(lit->literal_kind == sql::LiteralKind::String && digits_only)) return std::nullopt;
  try {
    return __int128(std::stoull(lit->value, nullptr, 0));
  } catch (...) {
    return std::nullopt;
  }
}

/// A non-negative integer constant (LIMIT, OFFSET, frame offsets).
uint64_t literalCount(const sql::Expr* e, const char* what) {
  auto v = constantInteger(e);
  if (!v || *v < 0)
    unsupported(std::string(what) + " `" + (e ? sql::printExpr(*e) : std::string()) + "` that is not a non-negative integer constant", e);
  return uint64_t(*v);
}

/// Every Aggregate / Window node of `r` (not looking inside aggregates for windows, nor into
/// subqueries, which are queries of their own), in first-seen order, deduplicated by hash.
void collect(const ResolvedPtr& r, ResolvedKind kind, std::vector<ResolvedPtr>& out, std::set<uint64_t>& seen) {
  if (!r) return;
  if (r->kind == kind) {
    if (seen.insert(r->hash).second) out.push_back(r);
    return;
  }
  if (kind == ResolvedKind::Aggregate && !r->has_aggregate) return;
  if (kind == ResolvedKind::Window && !r->has_window) return;
  for (const auto& a : r->args) collect(a, kind, out, seen);
}

bool hasAggregate(const ResolvedPtr& r) { return r && (r->kind == ResolvedKind::Aggregate || r->has_aggregate); }

/// Source ids that `r` reads (Using columns count as `using_side`).
void sidesOf(const ResolvedPtr& r, std::set<uint32_t>& ids, bool& other) {
  if (!r) return;
  if (r->kind == ResolvedKind::Column) {
    if (r->origin == Origin::Source || r->origin == Origin::Virtual) ids.insert(r->origin_id);
    else other = true;
  }
  if (r->kind == ResolvedKind::Subquery) other = true;
  for (const auto& a : r->args) sidesOf(a, ids, other);
}

bool within(const std::set<uint32_t>& ids, const std::set<uint32_t>& side) {
  return std::all_of(ids.begin(), ids.end(), [&](uint32_t id) { return side.count(id) > 0; });
}

rt::JoinKind joinKind(sql::JoinKind k, const sql::Node* at) {
  switch (k) {
    case sql::JoinKind::Inner: return rt::JoinKind::Inner;
    case sql::JoinKind::Left: return rt::JoinKind::Left;
    case sql::JoinKind::Right: return rt::JoinKind::Right;
    case sql::JoinKind::Full: return rt::JoinKind::Full;
    case sql::JoinKind::Cross: case sql::JoinKind::Comma: return rt::JoinKind::Cross;
    case sql::JoinKind::Paste: break;
  }
  unsupported("PASTE JOIN", at);
}

rt::JoinStrictness joinStrictness(sql::JoinStrictness s, const sql::Node* at) {
  switch (s) {
    case sql::JoinStrictness::None: case sql::JoinStrictness::All: return rt::JoinStrictness::All;
    case sql::JoinStrictness::Any: return rt::JoinStrictness::Any;
    case sql::JoinStrictness::Semi: return rt::JoinStrictness::Semi;
    case sql::JoinStrictness::Anti: return rt::JoinStrictness::Anti;
    case sql::JoinStrictness::Asof: break;
  }
  unsupported("ASOF JOIN", at);
}

rt::ExprPtr andOf(std::vector<rt::ExprPtr> conjuncts) {
  if (conjuncts.size() == 1) return conjuncts[0];
  return makeCall("and", std::move(conjuncts), lowerType(types::makeType(types::TypeKind::UInt8)));
}

/// A plan that projects `exprs` named `names` over `input`.
rt::PlanPtr project(rt::PlanPtr input, std::vector<rt::ExprPtr> exprs, std::vector<std::string> names) {
  auto node = makeNode(rt::PlanKind::Project, {std::move(input)});
  for (size_t i = 0; i < exprs.size(); ++i) node->output.push_back({names[i], exprs[i]->type});
  node->exprs = std::move(exprs);
  return node;
}

rt::PlanPtr filter(rt::PlanPtr input, rt::ExprPtr condition) {
  auto node = makeNode(rt::PlanKind::Filter, {input});
  node->output = input->output;
  node->exprs = {std::move(condition)};
  return node;
}

}  // namespace

rt::PlanPtr QueryLowerer::readTable(const std::vector<std::string>& parts, bool final, const sql::Node* at) {
  // A CTE of an enclosing SELECT (`x IN cte`).
  if (parts.size() == 1) {
    for (auto it = enclosing_.rbegin(); it != enclosing_.rend(); ++it) {
      for (const auto& w : (*it)->with) {
        if (w && w->item_kind == sql::WithItemKind::Subquery && w->name == parts[0] && w->query)
          return lowerQuery(*w->query).plan;
      }
    }
  }
  if (parts.size() == 2 && parts[0] == "system" && parts[1] == "one") {
    auto values = makeNode(rt::PlanKind::Values);
    auto u8 = lowerType(types::makeType(types::TypeKind::UInt8));
    values->output = {{"dummy", u8}};
    values->rows = {{rt::Field{uint64_t{0}}}};
    return values;
  }
  if (auto plan = tables_.table(parts, final, at)) return plan;
  std::string name;
  for (size_t i = 0; i < parts.size(); ++i) name += (i ? "." : "") + parts[i];
  unsupported("reading the table `" + name + "`", at);
}

LoweredQuery QueryLowerer::lowerQuery(const sql::Query& query) {
  if (++depth_ > kMaxDepth) {
    --depth_;
    unsupported("queries nested this deeply", &query);
  }
  struct Guard {
    int& d;
    ~Guard() { --d; }
  } guard{depth_};
  if (const auto* select = query.tryAs<sql::SelectQuery>()) return lowerSelect(*select);
  if (const auto* paren = query.tryAs<sql::ParenQuery>()) {
    if (!paren->inner) unsupported("an empty query", &query);
    return lowerQuery(*paren->inner);
  }
  if (const auto* set = query.tryAs<sql::SetQuery>()) return lowerSet(*set);
  unsupported(std::string("a ") + std::string(query.kindName()), &query);
}

LoweredQuery QueryLowerer::lowerSet(const sql::SetQuery& set) {
  if (set.op != sql::SetOp::Union) unsupported(std::string(sql::enumName(set.op)), &set);
  // The left-deep chain of UNIONs, flattened.
  std::vector<const sql::Query*> branches;
  std::vector<const sql::SetQuery*> spine;
  const sql::Query* q = &set;
  while (const auto* s = q->tryAs<sql::SetQuery>()) {
    if (s->op != sql::SetOp::Union) unsupported(std::string(sql::enumName(s->op)), s);
    spine.push_back(s);
    q = s->left.get();
    if (!q) unsupported("an incomplete UNION", s);
  }
  branches.push_back(q);
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    if (!(*it)->right) unsupported("an incomplete UNION", *it);
    branches.push_back((*it)->right.get());
  }
  // `WITH ... SELECT .. UNION ALL SELECT ..`: the first SELECT's CTEs serve every branch.
  const sql::SelectQuery* first = nullptr;
  for (const sql::Query* l = branches[0]; l;) {
    if ((first = l->tryAs<sql::SelectQuery>())) break;
    const auto* p = l->tryAs<sql::ParenQuery>();
    l = p ? p->inner.get() : nullptr;
  }
  if (first) enclosing_.push_back(first);
  std::vector<LoweredQuery> lowered;
  try {
    for (const sql::Query* b : branches) lowered.push_back(lowerQuery(*b));
  } catch (...) {
    if (first) enclosing_.pop_back();
    throw;
  }
  if (first) enclosing_.pop_back();
  LoweredQuery out;
  out.schema = lowered[0].schema;
  for (size_t b = 1; b < lowered.size(); ++b) {
    if (lowered[b].schema.size() != out.schema.size()) unsupported("a UNION of queries with different column counts", &set);
    for (size_t i = 0; i < out.schema.size(); ++i) {
      types::TypePtr both[] = {out.schema[i].type, lowered[b].schema[i].type};
      out.schema[i].type = types::tryLeastSupertype(both).type;
      if (!out.schema[i].type) unsupported("a UNION column without a common type", &set);
    }
  }
  auto union_node = makeNode(rt::PlanKind::Union);
  for (auto& l : lowered) {
    rt::PlanPtr plan = l.plan;
    bool convert = false;
    std::vector<rt::ExprPtr> exprs;
    std::vector<std::string> names;
    for (size_t i = 0; i < out.schema.size(); ++i) {
      auto target = requireType(out.schema[i].type, &set);
      auto input = makeInput(i, plan->output[i].type);
      if (!sameType(input->type, target)) convert = true;
      exprs.push_back(makeCast(input, target));
      names.push_back(out.schema[i].name);
    }
    if (convert) plan = project(plan, std::move(exprs), std::move(names));
    union_node->children.push_back(plan);
  }
  for (const auto& c : out.schema) union_node->output.push_back({c.name, requireType(c.type, &set)});
  rt::PlanPtr plan = union_node;
  bool distinct = set.quantifier != sql::SetQuantifier::All;
  for (const auto* s : spine) distinct = distinct || s->quantifier != sql::SetQuantifier::All;
  if (distinct) {
    // UNION DISTINCT (a bare UNION is DISTINCT in ClickHouse's default union_default_mode).
    bool all_all = std::all_of(spine.begin(), spine.end(), [](const sql::SetQuery* s) { return s->quantifier == sql::SetQuantifier::All; });
    if (!all_all) {
      bool mixed = std::any_of(spine.begin(), spine.end(), [](const sql::SetQuery* s) { return s->quantifier == sql::SetQuantifier::All; });
      if (mixed) unsupported("a chain mixing UNION ALL and UNION DISTINCT", &set);
      auto d = makeNode(rt::PlanKind::Distinct, {plan});
      d->output = plan->output;
      plan = d;
    }
  }
  out.plan = plan;
  return out;
}

QueryLowerer::Frame QueryLowerer::sourceFrame(const analyze::ResolvedSource& source, rt::PlanPtr plan) {
  if (plan->output.size() < source.columns.size())
    unsupported("a source whose plan has fewer columns than the analyzer saw", source.ast);
  Frame f;
  f.plan = plan;
  f.source_ids.insert(source.id);
  for (uint32_t i = 0; i < source.columns.size(); ++i) {
    ColumnKey key{Origin::Source, source.id, i};
    auto type = plan->output[i].type;
    auto expected = source.columns[i].type ? lowerType(source.columns[i].type) : nullptr;
    rt::ExprPtr e = makeInput(i, type);
    // A node read as a table may have been lowered with other types than the schema the reader
    // was analyzed against (never, unless a parameter changed them): convert.
    if (expected && !sameType(type, expected)) e = makeCast(e, expected);
    f.columns[key] = e;
    f.named.emplace_back(source.columns[i].name, key);
  }
  return f;
}

QueryLowerer::Frame QueryLowerer::implicitOne(const analyze::SelectResolution& res) {
  if (res.sources.empty()) unsupported("a SELECT without sources", res.query);
  return sourceFrame(res.sources[0], readTable({"system", "one"}, false, res.query));
}

QueryLowerer::Frame QueryLowerer::lowerFrom(const sql::TableExpr& t, const analyze::SelectResolution& res) {
  if (const auto* join = t.tryAs<sql::JoinExpr>()) return lowerJoin(*join, res);
  if (const auto* aj = t.tryAs<sql::ArrayJoinExpr>()) return lowerArrayJoin(*aj, res);
  const analyze::ResolvedSource* source = nullptr;
  for (const auto& s : res.sources)
    if (s.ast == &t) source = &s;
  if (!source) unsupported("a FROM item the analyzer did not resolve", &t);
  if (const auto* ref = t.tryAs<sql::TableRef>()) {
    if (ref->sample) unsupported("SAMPLE", &t);
    if (ref->parts.empty()) unsupported("a table named by a query parameter", &t);
    if (source->cte) {
      if (!source->cte->query) unsupported("an empty CTE", &t);
      return sourceFrame(*source, lowerQuery(*source->cte->query).plan);
    }
    return sourceFrame(*source, readTable(ref->parts, ref->final, &t));
  }
  if (const auto* fn = t.tryAs<sql::TableFunctionRef>()) {
    if (!fn->call) unsupported("a table function", &t);
    std::string name = fn->call->name;
    if (name == "numbers" || name == "numbers_mt") {
      if (fn->call->args.empty() || fn->call->args.size() > 2) unsupported("numbers() with these arguments", &t);
      auto node = makeNode(rt::PlanKind::Numbers);
      if (fn->call->args.size() == 2) {
        node->numbers_offset = literalCount(fn->call->args[0].get(), "a numbers() offset");
        node->numbers_count = literalCount(fn->call->args[1].get(), "a numbers() count");
      } else {
        node->numbers_count = literalCount(fn->call->args[0].get(), "a numbers() count");
      }
      node->output = {{"number", lowerType(types::makeType(types::TypeKind::UInt64))}};
      return sourceFrame(*source, node);
    }
    unsupported("the table function `" + name + "`", &t);
  }
  if (const auto* sub = t.tryAs<sql::SubqueryRef>()) {
    if (!sub->query) unsupported("an empty subquery", &t);
    if (sub->sample) unsupported("SAMPLE", &t);
    return sourceFrame(*source, lowerQuery(*sub->query).plan);
  }
  unsupported(std::string("a ") + std::string(t.kindName()) + " in FROM", &t);
}

QueryLowerer::Frame QueryLowerer::lowerJoin(const sql::JoinExpr& join, const analyze::SelectResolution& res) {
  if (!join.left || !join.right) unsupported("an incomplete JOIN", &join);
  Frame left = lowerFrom(*join.left, res);
  Frame right = lowerFrom(*join.right, res);
  auto node = makeNode(rt::PlanKind::Join, {left.plan, right.plan});
  node->join_kind = joinKind(join.join_kind, &join);
  node->strictness = joinStrictness(join.strictness, &join);
  size_t offset = left.plan->output.size();
  Frame out;
  out.plan = node;
  node->output = left.plan->output;
  node->output.insert(node->output.end(), right.plan->output.begin(), right.plan->output.end());
  out.columns = left.columns;
  for (const auto& [key, e] : right.columns) out.columns[key] = shiftInputs(e, offset);
  out.named = left.named;
  out.named.insert(out.named.end(), right.named.begin(), right.named.end());
  out.source_ids = left.source_ids;
  out.source_ids.insert(right.source_ids.begin(), right.source_ids.end());

  std::vector<rt::ExprPtr> residual;
  for (const auto& u : join.using_columns) {
    const sql::Expr* e = u.get();
    if (const auto* alias = e ? e->tryAs<sql::AliasExpr>() : nullptr) e = alias->expr.get();
    const auto* id = e ? e->tryAs<sql::Identifier>() : nullptr;
    if (!id || id->parts.size() != 1) unsupported("this USING list", u.get());
    const std::string& name = id->parts[0];
    const analyze::ResolvedUsing* info = nullptr;
    for (const auto& r : res.using_columns)
      if (r.name == name) info = &r;
    if (!info || !info->type) unsupported("the USING column `" + name + "`", u.get());
    auto find = [&](const Frame& f) -> rt::ExprPtr {
      // A chain of joins on the same column reads the USING column of the previous join.
      if (auto it = f.columns.find(ColumnKey{Origin::Using, info->id, 0}); it != f.columns.end()) return it->second;
      for (const auto& [n, key] : f.named)
        if (n == name) return f.columns.at(key);
      return nullptr;
    };
    rt::ExprPtr l = find(left), r = find(right);
    if (!l || !r) unsupported("the USING column `" + name + "` (not a column of both sides)", u.get());
    auto type = requireType(info->type, u.get());
    node->left_keys.push_back(makeCast(l, type));
    node->right_keys.push_back(makeCast(r, type));
    rt::ExprPtr value;
    switch (node->join_kind) {
      case rt::JoinKind::Right: value = makeCast(shiftInputs(r, offset), type); break;
      case rt::JoinKind::Full: unsupported("FULL JOIN USING", &join);
      default: value = makeCast(l, type); break;
    }
    out.columns[ColumnKey{Origin::Using, info->id, 0}] = value;
  }
  if (join.on) {
    auto it = res.join_on.find(&join);
    if (it == res.join_on.end() || !it->second) unsupported("a JOIN ON condition the analyzer did not type", join.on.get());
    std::vector<ResolvedPtr> conjuncts;
    std::function<void(const ResolvedPtr&)> split = [&](const ResolvedPtr& r) {
      if (r && r->kind == ResolvedKind::Function && r->function == "and" && !r->constant) {
        for (const auto& a : r->args) split(a);
      } else {
        conjuncts.push_back(r);
      }
    };
    split(it->second);
    for (const auto& c : conjuncts) {
      bool equi = c && c->kind == ResolvedKind::Function && c->function == "equals" && c->args.size() == 2;
      if (equi && node->join_kind != rt::JoinKind::Cross) {
        std::set<uint32_t> a_ids, b_ids;
        bool a_other = false, b_other = false;
        sidesOf(c->args[0], a_ids, a_other);
        sidesOf(c->args[1], b_ids, b_other);
        ResolvedPtr l, r;
        if (!a_other && !b_other && !a_ids.empty() && !b_ids.empty()) {
          if (within(a_ids, left.source_ids) && within(b_ids, right.source_ids)) {
            l = c->args[0];
            r = c->args[1];
          } else if (within(b_ids, left.source_ids) && within(a_ids, right.source_ids)) {
            l = c->args[1];
            r = c->args[0];
          }
        }
        if (l && r) {
          types::TypePtr both[] = {l->type, r->type};
          auto common = types::tryLeastSupertype(both).type;
          if (common) {
            auto type = requireType(common, c->ast);
            node->left_keys.push_back(makeCast(expr(l, left), type));
            node->right_keys.push_back(makeCast(expr(r, right), type));
            continue;
          }
        }
      }
      residual.push_back(expr(c, out));
    }
  }
  if (!residual.empty()) {
    if (node->join_kind != rt::JoinKind::Inner && node->join_kind != rt::JoinKind::Cross)
      unsupported("a JOIN ON condition other than equalities of both sides for an outer JOIN", join.on.get());
    node->exprs = {andOf(std::move(residual))};
  }
  if (node->left_keys.empty() && node->join_kind != rt::JoinKind::Cross && !(join.on && node->join_kind == rt::JoinKind::Inner))
    unsupported("a JOIN without equality keys", &join);
  if (node->left_keys.empty() && node->join_kind == rt::JoinKind::Inner) node->join_kind = rt::JoinKind::Cross;
  return out;
}

QueryLowerer::Frame QueryLowerer::lowerArrayJoin(const sql::ArrayJoinExpr& aj, const analyze::SelectResolution& res) {
  Frame f = aj.left ? lowerFrom(*aj.left, res) : implicitOne(res);
  std::vector<const analyze::ResolvedArrayJoin*> columns;
  for (const auto& c : res.array_join) {
    bool mine = std::any_of(aj.items.begin(), aj.items.end(), [&](const auto& item) { return item.get() == c.item; });
    if (mine) columns.push_back(&c);
  }
  if (columns.empty()) unsupported("an ARRAY JOIN the analyzer did not resolve", &aj);
  std::vector<rt::ExprPtr> exprs;
  std::vector<std::string> names;
  for (size_t i = 0; i < f.plan->output.size(); ++i) {
    exprs.push_back(makeInput(i, f.plan->output[i].type));
    names.push_back(f.plan->output[i].name);
  }
  size_t base = exprs.size();
  auto node = makeNode(rt::PlanKind::ArrayJoin);
  for (const auto* c : columns) {
    if (!c->array || !c->element) unsupported("an ARRAY JOIN of unknown type", c->item);
    if (c->array->type && c->array->type->kind == types::TypeKind::Map) unsupported("ARRAY JOIN of a Map", c->item);
    exprs.push_back(expr(c->array, f));
    names.push_back(c->name);
  }
  rt::PlanPtr input = project(f.plan, exprs, names);
  node->children = {input};
  node->left_array_join = aj.is_left;
  node->output = input->output;
  for (size_t k = 0; k < columns.size(); ++k) {
    size_t index = base + k;
    node->array_columns.push_back(index);
    node->output[index].type = requireType(columns[k]->element, columns[k]->item);
    f.columns[ColumnKey{Origin::ArrayJoin, columns[k]->id, 0}] = makeInput(index, node->output[index].type);
  }
  f.plan = node;
  return f;
}

QueryLowerer::Frame QueryLowerer::lowerArrayJoinCalls(Frame f, const analyze::SelectResolution& res) {
  // `arrayJoin(arr)` anywhere before aggregation unfolds the rows right after FROM; each distinct
  // call is its own ARRAY JOIN (two calls multiply rows, as ClickHouse does), inner calls first.
  std::vector<ResolvedPtr> calls;
  std::set<uint64_t> seen;
  std::function<void(const ResolvedPtr&)> find = [&](const ResolvedPtr& r) {
    if (!r || r->kind == ResolvedKind::Subquery || r->kind == ResolvedKind::Lambda) return;
    for (const auto& a : r->args) find(a);
    if (r->kind == ResolvedKind::Function && r->function == "arrayJoin" && r->args.size() == 1 && seen.insert(r->hash).second)
      calls.push_back(r);
  };
  for (const auto& item : res.items) find(item.expr);
  for (const auto& r : {res.prewhere, res.where, res.having, res.qualify}) find(r);
  for (const auto& r : res.group_keys) find(r);
  for (const auto& r : res.order_by) find(r);
  for (const auto& r : res.limit_by) find(r);
  for (const auto& call : calls) {
    std::vector<rt::ExprPtr> exprs;
    std::vector<std::string> names;
    for (size_t i = 0; i < f.plan->output.size(); ++i) {
      exprs.push_back(makeInput(i, f.plan->output[i].type));
      names.push_back(f.plan->output[i].name);
    }
    exprs.push_back(expr(call->args[0], f));
    names.push_back("arrayJoin");
    rt::PlanPtr input = project(f.plan, exprs, names);
    auto node = makeNode(rt::PlanKind::ArrayJoin, {input});
    node->output = input->output;
    size_t index = exprs.size() - 1;
    node->array_columns = {index};
    node->output[index].type = requireType(call->type, call->ast);
    f.plan = node;
    f.computed[call->hash] = index;
  }
  return f;
}

LoweredQuery QueryLowerer::lowerSelect(const sql::SelectQuery& q) {
  auto found = analysis_.selects.find(&q);
  if (found == analysis_.selects.end() || !found->second) unsupported("a SELECT the analyzer did not resolve", &q);
  const analyze::SelectResolution& res = *found->second;
  if (q.with_totals) unsupported("WITH TOTALS", &q);
  if (q.top) unsupported("TOP", q.top.get());
  if (!q.distinct_on.empty()) unsupported("DISTINCT ON", &q);
  if (q.interpolate) unsupported("INTERPOLATE", &q);
  if (q.group_by && q.group_by->group_kind != sql::GroupByKind::Exprs && q.group_by->group_kind != sql::GroupByKind::All)
    unsupported("GROUP BY " + std::string(sql::enumName(q.group_by->group_kind)), q.group_by.get());
  if (q.group_by && q.group_by->modifier != sql::GroupByModifier::None)
    unsupported(std::string(sql::enumName(q.group_by->modifier)), q.group_by.get());
  for (size_t i = 0; i < q.order_by.size(); ++i) {
    const auto& o = q.order_by[i];
    if (!o || !o->with_fill) continue;
    if (i != 0) unsupported("WITH FILL on an ORDER BY key after the first", o.get());
    if (o->fill_staleness) unsupported("WITH FILL ... STALENESS", o.get());
  }

  enclosing_.push_back(&q);
  struct Pop {
    std::vector<const sql::SelectQuery*>& v;
    ~Pop() { v.pop_back(); }
  } pop{enclosing_};

  Frame f = q.from ? lowerFrom(*q.from, res) : implicitOne(res);
  f = lowerArrayJoinCalls(f, res);
  if (res.prewhere) f.plan = filter(f.plan, expr(res.prewhere, f));
  if (res.where) f.plan = filter(f.plan, expr(res.where, f));

  std::vector<ResolvedPtr> item_exprs;
  for (const auto& item : res.items) item_exprs.push_back(item.expr);
  std::vector<ResolvedPtr> late = item_exprs;  // everything evaluated after aggregation
  for (const auto& r : res.order_by) late.push_back(r);
  for (const auto& r : res.limit_by) late.push_back(r);
  if (res.having) late.push_back(res.having);
  if (res.qualify) late.push_back(res.qualify);

  bool aggregating = q.group_by != nullptr || std::any_of(late.begin(), late.end(), hasAggregate);
  if (aggregating) {
    std::vector<ResolvedPtr> keys;
    std::set<uint64_t> key_hashes;
    for (const auto& k : res.group_keys) {
      if (!k) unsupported("a GROUP BY key the analyzer could not type", q.group_by.get());
      bool spread_tuple = k->kind == ResolvedKind::Function && k->function == "tuple" &&
                          std::all_of(k->args.begin(), k->args.end(), [&](const ResolvedPtr& a) {
                            return std::any_of(res.group_keys.begin(), res.group_keys.end(),
                                               [&](const ResolvedPtr& g) { return g && a && g->hash == a->hash && g != k; });
                          });
      if (spread_tuple) continue;  // `GROUP BY (a, b)` groups by a and b
      if (k->kind == ResolvedKind::Constant) continue;  // a constant key groups nothing
      if (key_hashes.insert(k->hash).second) keys.push_back(k);
    }
    std::vector<ResolvedPtr> aggregates;
    std::set<uint64_t> seen;
    for (const auto& r : late) collect(r, ResolvedKind::Aggregate, aggregates, seen);
    auto node = makeNode(rt::PlanKind::Aggregate, {f.plan});
    Frame next;
    next.plan = node;
    next.aggregated = true;
    for (const auto& k : keys) {
      node->exprs.push_back(expr(k, f));
      next.computed[k->hash] = node->output.size();
      node->output.push_back({k->column_name.empty() ? "key" + std::to_string(node->output.size()) : k->column_name,
                              node->exprs.back()->type});
    }
    for (const auto& a : aggregates) {
      rt::AggregateCall call;
      call.function = a->call_name.empty() ? a->function : a->call_name;
      call.params = a->params;
      for (const auto& arg : a->args) call.args.push_back(expr(arg, f));
      call.type = requireType(a->type, a->ast);
      next.computed[a->hash] = node->output.size();
      node->output.push_back({a->function, call.type});
      node->aggregates.push_back(std::move(call));
    }
    f = std::move(next);
    if (res.having) f.plan = filter(f.plan, expr(res.having, f));
  } else if (res.having) {
    unsupported("HAVING without aggregation", q.having.get());
  }

  // Window functions.
  std::vector<ResolvedPtr> windows;
  {
    std::set<uint64_t> seen;
    for (const auto& r : item_exprs) collect(r, ResolvedKind::Window, windows, seen);
    for (const auto& r : res.order_by) collect(r, ResolvedKind::Window, windows, seen);
    if (res.qualify) collect(res.qualify, ResolvedKind::Window, windows, seen);
  }
  if (!windows.empty()) {
    auto node = makeNode(rt::PlanKind::Window, {f.plan});
    node->output = f.plan->output;
    Frame next = f;
    next.plan = node;
    for (const auto& w : windows) {
      const auto* fc = w->ast ? w->ast->tryAs<sql::FunctionCall>() : nullptr;
      if (!fc) unsupported("a window function", w->ast);
      // The window's specification, base windows first, as the analyzer appended its parts.
      struct Part {
        bool order;
        const sql::OrderItem* item;
      };
      std::vector<Part> parts;
      const sql::WindowFrame* frame = nullptr;
      std::function<void(const sql::WindowSpec&, int)> flatten = [&](const sql::WindowSpec& spec, int depth) {
        if (depth > 16) unsupported("windows defined in terms of each other", &spec);
        if (!spec.base.empty()) {
          const sql::WindowSpec* base = nullptr;
          for (const auto& nw : q.window)
            if (nw && nw->name == spec.base) base = nw->spec.get();
          if (!base) unsupported("the window `" + spec.base + "`", &spec);
          flatten(*base, depth + 1);
        }
        for (const auto& p : spec.partition_by)
          if (p) parts.push_back({false, nullptr});
        for (const auto& o : spec.order_by)
          if (o && o->expr) parts.push_back({true, o.get()});
        if (spec.frame) frame = &*spec.frame;
      };
      if (fc->over) {
        flatten(*fc->over, 0);
      } else {
        const sql::WindowSpec* named = nullptr;
        for (const auto& nw : q.window)
          if (nw && nw->name == fc->over_name) named = nw->spec.get();
        if (!named) unsupported("the window `" + fc->over_name + "`", fc);
        flatten(*named, 0);
      }
      if (w->args.size() != w->call_args + parts.size()) unsupported("a window specification the analyzer typed differently", fc);
      rt::WindowCall call;
      call.function = w->call_name.empty() ? w->function : w->call_name;
      call.params = w->params;
      for (size_t i = 0; i < w->call_args; ++i) call.args.push_back(expr(w->args[i], f));
      for (size_t i = 0; i < parts.size(); ++i) {
        auto e = expr(w->args[w->call_args + i], f);
        if (!parts[i].order) {
          call.partition_by.push_back(e);
          continue;
        }
        rt::SortKey key;
        key.expr = e;
        key.descending = parts[i].item->direction == sql::SortDirection::Desc;
        key.nulls_first = parts[i].item->nulls == sql::NullsOrder::First;
        if (parts[i].item->collate) unsupported("COLLATE", parts[i].item);
        call.order_by.push_back(std::move(key));
      }
      if (frame) {
        if (frame->units == sql::FrameUnits::Groups) unsupported("GROUPS frames", fc);
        call.frame.explicit_frame = true;
        call.frame.units = frame->units == sql::FrameUnits::Rows ? rt::WindowFrame::Units::Rows : rt::WindowFrame::Units::Range;
        auto bound = [&](const sql::FrameBound& b, rt::WindowFrame::BoundKind& kind, rt::Field& offset) {
          switch (b.bound) {
            case sql::FrameBoundKind::UnboundedPreceding: kind = rt::WindowFrame::BoundKind::UnboundedPreceding; break;
            case sql::FrameBoundKind::Preceding: kind = rt::WindowFrame::BoundKind::Preceding; break;
            case sql::FrameBoundKind::CurrentRow: kind = rt::WindowFrame::BoundKind::CurrentRow; break;
            case sql::FrameBoundKind::Following: kind = rt::WindowFrame::BoundKind::Following; break;
            case sql::FrameBoundKind::UnboundedFollowing: kind = rt::WindowFrame::BoundKind::UnboundedFollowing; break;
          }
          if (b.offset) offset = rt::Field{literalCount(b.offset.get(), "a window frame offset")};
        };
        bound(frame->start, call.frame.start, call.frame.start_offset);
        if (frame->between) {
          bound(frame->end, call.frame.end, call.frame.end_offset);
        } else {
          call.frame.end = rt::WindowFrame::BoundKind::CurrentRow;
        }
      }
      call.type = requireType(w->type, fc);
      next.computed[w->hash] = node->output.size();
      node->output.push_back({w->function, call.type});
      node->windows.push_back(std::move(call));
    }
    f = std::move(next);
  }
  if (res.qualify) f.plan = filter(f.plan, expr(res.qualify, f));

  // The select list, then what ORDER BY and LIMIT BY need beyond it.
  std::vector<rt::ExprPtr> exprs;
  std::vector<std::string> names;
  std::unordered_map<uint64_t, size_t> position;
  for (const auto& item : res.items) {
    exprs.push_back(expr(item.expr, f));
    names.push_back(item.name);
    if (item.expr) position.emplace(item.expr->hash, exprs.size() - 1);
  }
  size_t width = exprs.size();
  auto slot = [&](const ResolvedPtr& r) -> size_t {
    if (r) {
      if (auto it = position.find(r->hash); it != position.end()) return it->second;
    }
    if (q.distinct) unsupported("DISTINCT with ORDER BY / LIMIT BY on an expression not selected", r ? r->ast : &q);
    exprs.push_back(expr(r, f));
    names.push_back("__order_" + std::to_string(exprs.size()));
    if (r) position.emplace(r->hash, exprs.size() - 1);
    return exprs.size() - 1;
  };
  std::vector<rt::SortKey> sort_keys;
  for (size_t i = 0; i < q.order_by.size(); ++i) {
    const auto& item = q.order_by[i];
    if (!item) continue;
    std::vector<size_t> slots;
    if (!item->expr) {
      for (size_t k = 0; k < width; ++k) slots.push_back(k);  // ORDER BY ALL
    } else {
      slots.push_back(slot(i < res.order_by.size() ? res.order_by[i] : nullptr));
    }
    if (item->collate) unsupported("COLLATE", item.get());
    for (size_t s : slots) {
      rt::SortKey key;
      key.descending = item->direction == sql::SortDirection::Desc;
      key.nulls_first = item->nulls == sql::NullsOrder::First;
      key.expr = makeInput(s, exprs[s]->type);
      if (item->with_fill) {
        key.with_fill = true;
        if (i < res.order_fill.size()) {
          const auto& [from, to, step] = res.order_fill[i];
          if (from) key.fill_from = expr(from, f);
          if (to) key.fill_to = expr(to, f);
          if (step) key.fill_step = expr(step, f);
        }
      }
      sort_keys.push_back(std::move(key));
    }
  }
  std::vector<size_t> limit_by_slots;
  if (q.limit_by) {
    if (q.limit_by->by_all) {
      for (size_t k = 0; k < width; ++k) limit_by_slots.push_back(k);
    }
    for (const auto& r : res.limit_by) limit_by_slots.push_back(slot(r));
  }
  rt::PlanPtr plan = project(f.plan, exprs, names);
  if (q.distinct) {
    auto d = makeNode(rt::PlanKind::Distinct, {plan});
    d->output = plan->output;
    plan = d;
  }
  if (!sort_keys.empty()) {
    auto s = makeNode(rt::PlanKind::Sort, {plan});
    s->output = plan->output;
    s->sort_keys = sort_keys;
    plan = s;
  }
  if (q.limit_by) {
    auto l = makeNode(rt::PlanKind::LimitBy, {plan});
    l->output = plan->output;
    for (size_t s : limit_by_slots) l->exprs.push_back(makeInput(s, exprs[s]->type));
    l->limit = literalCount(q.limit_by->limit.get(), "a LIMIT BY count");
    if (q.limit_by->offset) l->offset = literalCount(q.limit_by->offset.get(), "a LIMIT BY offset");
    plan = l;
  }
  if (q.limit) {
    auto l = makeNode(rt::PlanKind::Limit, {plan});
    l->output = plan->output;
    if (q.limit->limit) l->limit = literalCount(q.limit->limit.get(), "a LIMIT");
    if (q.limit->offset) l->offset = literalCount(q.limit->offset.get(), "an OFFSET");
    if (q.limit->with_ties) {
      if (sort_keys.empty()) unsupported("LIMIT WITH TIES without ORDER BY", q.limit.get());
      l->with_ties = true;
      l->sort_keys = sort_keys;
    }
    plan = l;
  }
  if (exprs.size() > width) {
    std::vector<rt::ExprPtr> keep;
    std::vector<std::string> keep_names;
    for (size_t i = 0; i < width; ++i) {
      keep.push_back(makeInput(i, exprs[i]->type));
      keep_names.push_back(names[i]);
    }
    plan = project(plan, std::move(keep), std::move(keep_names));
  }
  LoweredQuery out;
  out.plan = plan;
  for (const auto& item : res.items) out.schema.push_back({item.name, item.expr ? item.expr->type : nullptr});
  return out;
}

}  // namespace ferry::lower
