#include <ctime>
#include <unordered_set>

#include "runtime/exec/exec_internal.h"
#include "runtime/exec/query_state.h"

namespace ferry::rt::exec {

const FunctionRegistry& registry() {
  static const FunctionRegistry r = [] {
    FunctionRegistry reg;
    registerArithmeticFunctions(reg);
    registerLogicFunctions(reg);
    registerConversionFunctions(reg);
    registerStringFunctions(reg);
    registerDateFunctions(reg);
    registerArrayFunctions(reg);
    registerJsonFunctions(reg);
    registerMiscFunctions(reg);
    for (const auto& [name, fn] : reg.fns_) {
      std::string lower;
      for (char ch : name) lower.push_back(char(std::tolower(static_cast<unsigned char>(ch))));
      reg.lower_.emplace(lower, fn);
    }
    return reg;
  }();
  return r;
}

const ScalarFunction* FunctionRegistry::find(std::string_view name) const {
  auto it = fns_.find(name);
  if (it != fns_.end()) return &it->second;
  std::string lower;
  for (char ch : name) lower.push_back(char(std::tolower(static_cast<unsigned char>(ch))));
  auto jt = lower_.find(lower);
  return jt == lower_.end() ? nullptr : &jt->second;
}

std::string CallArgs::constString(size_t i) const {
  const auto& c = cols.at(i);
  if (!c->is_const && c->rows != 1) fail("ILLEGAL_COLUMN", "Argument " + std::to_string(i + 1) + " of function " + call.function + " must be constant");
  auto n = nestedOf(c);
  if (!isStringKind(layoutKind(*n->type))) fail("ILLEGAL_TYPE_OF_ARGUMENT", "Argument " + std::to_string(i + 1) + " of function " + call.function + " must be a string");
  return std::string(n->stringAt(0));
}

int64_t CallArgs::constInt(size_t i) const {
  const auto& c = cols.at(i);
  if (!c->is_const && c->rows != 1) fail("ILLEGAL_COLUMN", "Argument " + std::to_string(i + 1) + " of function " + call.function + " must be constant");
  auto conv = castColumn(nestedOf(c), typeInt64());
  return conv->values<int64_t>()[0];
}

int64_t nowSeconds(const EvalContext& ctx) {
  if (ctx.options && ctx.options->now) return ctx.options->now;
  if (ctx.query) return ctx.query->now;
  return int64_t(std::time(nullptr));
}

Block runSubplan(const PlanNode& plan, EvalContext& ctx) {
  if (ctx.query) {
    auto it = ctx.query->subqueries.find(&plan);
    if (it != ctx.query->subqueries.end()) return it->second;
  }
  if (!ctx.tables) fail("LOGICAL_ERROR", "A subquery needs a table provider");
  ExecOptions opts = ctx.options ? *ctx.options : ExecOptions{};
  if (!opts.now) opts.now = nowSeconds(ctx);
  Block b = executeToBlock(plan, *ctx.tables, opts);
  if (ctx.query) ctx.query->subqueries[&plan] = b;
  return b;
}

namespace {

bool usesInput(const Expr& e) {
  if (e.kind == ExprKind::Input) return true;
  for (const auto& a : e.args)
    if (a && usesInput(*a)) return true;
  return false;
}

bool isInFunction(std::string_view f) {
  return f == "in" || f == "notIn" || f == "globalIn" || f == "globalNotIn" || f == "nullIn" || f == "notNullIn" ||
         f == "globalNullIn" || f == "globalNotNullIn";
}

/// The candidate values of the right side of IN as columns of the left (nested) type.
std::shared_ptr<const InSet> buildInSet(const Expr& call, const ColumnTypePtr& left_type, EvalContext& ctx) {
  const Expr& rhs = *call.args.at(1);
  if (ctx.query) {
    auto it = ctx.query->in_sets.find(&call);
    if (it != ctx.query->in_sets.end()) return it->second;
  }
  auto set = std::make_shared<InSet>();
  ColumnTypePtr key_type = removeNullable(removeLowCardinality(left_type));
  const ColumnType& klt = layoutType(*key_type);
  std::vector<ColumnPtr> candidate_cols;  // one per tuple element when the key is a tuple
  auto addCandidates = [&](const std::vector<ColumnPtr>& cols, size_t rows) {
    // cols: one column (scalar key) or k columns (tuple key).
    std::vector<ColumnPtr> conv;
    std::vector<uint8_t> skip(rows, 0);
    if (klt.kind == TypeKind::Tuple && cols.size() == klt.children.size()) {
      for (size_t k = 0; k < cols.size(); ++k) {
        auto ck = castColumn(cols[k], makeNullable(klt.children[k]), CastMode::OrNull);
        conv.push_back(ck);
      }
      for (size_t r = 0; r < rows; ++r) {
        std::string key;
        bool has_null = false;
        for (auto& c : conv) {
          if (c->isNullAt(r)) has_null = true;
          else serializeKey(*c->children[0], c->is_const ? 0 : r, key);
        }
        if (has_null) set->has_null = true;
        else set->keys.insert(std::move(key));
      }
      return;
    }
    auto c = castColumn(cols.at(0), layoutKind(*key_type) == TypeKind::Nullable ? key_type : makeNullable(key_type),
                        CastMode::OrNull);
    for (size_t r = 0; r < rows; ++r) {
      if (c->isNullAt(r)) {
        set->has_null = true;
        continue;
      }
      std::string key;
      serializeKey(*nestedOf(c), r, key);
      set->keys.insert(std::move(key));
    }
  };
  if (rhs.kind == ExprKind::SetSubquery) {
    Block b = runSubplan(*rhs.subquery, ctx);
    addCandidates(b.columns, b.rows);
  } else {
    EvalContext one = ctx;
    Block empty;
    empty.rows = 1;
    one.input = &empty;
    one.rows = 1;
    auto col = materialize(evalExpr(rhs, one));
    const ColumnType& rt = layoutType(*col->type);
    bool rhs_is_list = false;
    if (rt.kind == TypeKind::Tuple) {
      // (1, 2, 3) is a list unless the key is a tuple of the same arity whose elements are not tuples.
      bool elements_are_tuples = !rt.children.empty() && layoutKind(*rt.children[0]) == TypeKind::Tuple;
      rhs_is_list = klt.kind != TypeKind::Tuple || elements_are_tuples;
      if (rhs_is_list) {
        for (auto& ch : col->children) {
          const ColumnType& ct = layoutType(*ch->type);
          if (klt.kind == TypeKind::Tuple && ct.kind == TypeKind::Tuple) addCandidates(ch->children, 1);
          else addCandidates({ch}, 1);
        }
      } else {
        addCandidates(col->children, 1);
      }
    } else if (rt.kind == TypeKind::Array && klt.kind != TypeKind::Array) {
      auto elems = col->children[0];
      const ColumnType& et = layoutType(*elems->type);
      if (klt.kind == TypeKind::Tuple && et.kind == TypeKind::Tuple) addCandidates(elems->children, elems->rows);
      else addCandidates({elems}, elems->rows);
    } else {
      addCandidates({col}, 1);
    }
  }
  if (ctx.query) ctx.query->in_sets[&call] = set;
  return set;
}

ColumnPtr evalIn(const Expr& e, EvalContext& ctx) {
  auto left = evalExpr(*e.args.at(0), ctx);
  auto set = buildInSet(e, left->type, ctx);
  bool negate = e.function.find("ot") != std::string::npos;  // notIn, globalNotIn, notNullIn
  bool null_in = e.function.find("ullIn") != std::string::npos;
  size_t rows = left->is_const ? 1 : left->rows;
  auto out = newFixed<uint8_t>(layoutKind(*e.type) == TypeKind::Nullable ? typeUInt8() : e.type, rows);
  std::vector<uint8_t> nulls;
  bool result_nullable = layoutKind(*e.type) == TypeKind::Nullable;
  if (result_nullable) nulls.assign(rows, 0);
  const ColumnType& llt = layoutType(*left->type);
  ColumnPtr values = nestedOf(left);
  bool tuple_with_nullable = false;
  if (llt.kind == TypeKind::Tuple)
    for (auto& ch : left->children)
      if (layoutKind(*ch->type) == TypeKind::Nullable) tuple_with_nullable = true;
  std::string key;
  for (size_t r = 0; r < rows; ++r) {
    bool is_null = left->isNullAt(r);
    bool found;
    if (is_null) {
      found = null_in && set->has_null;
      if (!null_in && result_nullable) nulls[r] = 1;
    } else {
      key.clear();
      if (tuple_with_nullable) {
        bool any_null = false;
        for (auto& ch : values->children) {
          if (ch->isNullAt(r)) any_null = true;
          else serializeKey(*nestedOf(ch), ch->is_const ? 0 : r, key);
        }
        found = !any_null && set->keys.count(key);
      } else {
        serializeKey(*values, r, key);
        found = set->keys.count(key) > 0;
      }
    }
    out->values<uint8_t>()[r] = uint8_t(found != negate);
    if (is_null && !null_in) out->values<uint8_t>()[r] = 0;
  }
  ColumnPtr result = out;
  if (result_nullable) result = wrapNullable(out, std::move(nulls), e.type);
  else result = relabel(out, e.type);
  if (left->is_const) return asConst(result, left->rows);
  return result;
}

ColumnPtr finishType(ColumnPtr result, const Expr& e) {
  if (!e.type || result->type == e.type) return result;
  const ColumnType& have = layoutType(*result->type);
  const ColumnType& want = layoutType(*e.type);
  if (have.kind == want.kind && typeName(have) == typeName(want)) return relabel(result, e.type);
  return castColumn(result, e.type);
}

/// Rows of `c` that are false and not NULL (a Nothing column is all NULL).
std::vector<uint8_t> falseRows(const Column& c, size_t rows) {
  std::vector<uint8_t> out(rows, 0);
  if (layoutKind(*c.type) == TypeKind::Nothing) return out;
  auto mask = toMask(c, rows);
  for (size_t i = 0; i < rows; ++i) out[i] = !mask[i] && !c.isNullAt(i);
  return out;
}

/// Evaluates `e` only on the rows where `mask` is set (ClickHouse's short-circuit evaluation:
/// `if(x = 0, 0, intDiv(1, x))` never divides by zero); other rows get the type's default.
ColumnPtr evalMasked(const Expr& e, EvalContext& ctx, const std::vector<uint8_t>& mask) {
  size_t rows = ctx.rows;
  if (e.kind != ExprKind::Call && e.kind != ExprKind::Cast) return evalExpr(e, ctx);
  std::vector<uint32_t> selected;
  for (size_t i = 0; i < rows; ++i)
    if (mask[i]) selected.push_back(uint32_t(i));
  if (selected.size() == rows) return evalExpr(e, ctx);
  if (selected.empty()) return makeDefaultConstColumn(e.type, rows);  // default (NULL when Nullable)
  auto pick = [&](const ColumnPtr& c) {
    return c->is_const ? asConst(c, selected.size()) : gather(*c, selected);
  };
  EvalContext sub = ctx;
  sub.rows = selected.size();
  Block input;
  if (ctx.input) {
    input.names = ctx.input->names;
    for (const auto& c : ctx.input->columns) input.columns.push_back(c && c->rows == rows ? pick(c) : c);
    input.rows = selected.size();
    sub.input = &input;
  }
  std::vector<std::vector<ColumnPtr>> params(ctx.lambda_params.size());
  for (size_t k = 0; k < ctx.lambda_params.size(); ++k) {
    for (const auto& c : *ctx.lambda_params[k]) params[k].push_back(c && c->rows == rows ? pick(c) : c);
    sub.lambda_params[k] = &params[k];
  }
  auto part = materialize(evalExpr(e, sub));
  // Scatter back: the evaluated rows, then one default row that the unevaluated rows point at.
  auto full = makeColumn(part->type);
  appendRange(*full, *part, 0, part->rows);
  appendDefault(*full);
  std::vector<uint32_t> indices(rows, uint32_t(selected.size()));
  for (size_t k = 0; k < selected.size(); ++k) indices[selected[k]] = uint32_t(k);
  return gather(*full, indices);
}

/// The arguments of if/multiIf/and/or, each evaluated only where it can change the result.
std::vector<ColumnPtr> evalShortCircuitArgs(const Expr& e, EvalContext& ctx) {
  size_t rows = ctx.rows;
  std::vector<ColumnPtr> cols;
  const std::string& f = e.function;
  if (f == "if" && e.args.size() == 3) {
    auto cond = evalExpr(*e.args[0], ctx);
    auto then_rows = toMask(*cond, rows);
    std::vector<uint8_t> else_rows(rows);
    for (size_t i = 0; i < rows; ++i) else_rows[i] = !then_rows[i];
    cols.push_back(cond);
    cols.push_back(evalMasked(*e.args[1], ctx, then_rows));
    cols.push_back(evalMasked(*e.args[2], ctx, else_rows));
    return cols;
  }
  if (f == "multiIf") {
    std::vector<uint8_t> remaining(rows, 1);
    size_t n = e.args.size();
    for (size_t k = 0; k + 1 < n; k += 2) {
      auto cond = evalMasked(*e.args[k], ctx, remaining);
      auto hit = toMask(*cond, rows);
      std::vector<uint8_t> branch_rows(rows);
      for (size_t i = 0; i < rows; ++i) {
        branch_rows[i] = remaining[i] && hit[i];
        if (branch_rows[i]) remaining[i] = 0;
      }
      cols.push_back(cond);
      cols.push_back(evalMasked(*e.args[k + 1], ctx, branch_rows));
    }
    cols.push_back(evalMasked(*e.args[n - 1], ctx, remaining));
    return cols;
  }
  // and / or: an argument is evaluated only on the rows the previous ones left undecided.
  bool is_and = f == "and";
  std::vector<uint8_t> undecided(rows, 1);
  for (const auto& a : e.args) {
    auto c = evalMasked(*a, ctx, undecided);
    auto decided = is_and ? falseRows(*c, rows) : toMask(*c, rows);
    for (size_t i = 0; i < rows; ++i)
      if (decided[i]) undecided[i] = 0;
    cols.push_back(c);
  }
  return cols;
}

bool isShortCircuit(std::string_view f) { return f == "if" || f == "multiIf" || f == "and" || f == "or"; }

ColumnPtr evalCall(const Expr& e, EvalContext& ctx) {
  if (isInFunction(e.function)) return evalIn(e, ctx);
  const ScalarFunction* fn = registry().find(e.function);
  if (!fn) fail("UNKNOWN_FUNCTION", "Unknown function " + e.function);
  std::vector<ColumnPtr> cols;
  cols.reserve(e.args.size());
  if (isShortCircuit(e.function) && ctx.rows > 0) {
    cols = evalShortCircuitArgs(e, ctx);
  } else {
    for (const auto& a : e.args) {
      if (a->kind == ExprKind::Lambda) cols.push_back(nullptr);
      else cols.push_back(evalExpr(*a, ctx));
    }
  }
  size_t rows = ctx.rows;
  ColumnTypePtr result_type = e.type;
  std::vector<uint8_t> nulls;
  bool wrap = false;
  if (fn->default_nulls) {
    bool any_nullable = false, any_nothing = false;
    for (const auto& c : cols) {
      if (!c) continue;
      TypeKind k = layoutKind(*c->type);
      if (k == TypeKind::Nullable) any_nullable = true;
      if (k == TypeKind::Nothing) any_nothing = true;
    }
    if (any_nothing) {
      return makeDefaultConstColumn(e.type, rows);
    }
    if (any_nullable) {
      wrap = layoutKind(*e.type) == TypeKind::Nullable;
      nulls.assign(rows, 0);
      for (auto& c : cols) {
        if (!c || layoutKind(*c->type) != TypeKind::Nullable) continue;
        if (c->is_const) {
          if (c->nulls[0]) std::fill(nulls.begin(), nulls.end(), 1);
        } else {
          for (size_t i = 0; i < rows; ++i) nulls[i] |= c->nulls[i];
        }
        c = nestedOf(c);
      }
      if (wrap) result_type = removeNullable(e.type);
    }
  }
  bool all_const = fn->deterministic && rows > 0;
  for (const auto& c : cols)
    if (c && !c->is_const) all_const = false;
  if (all_const && !fn->lambda && !cols.empty()) {
    std::vector<ColumnPtr> ones;
    for (auto& c : cols) ones.push_back(firstRow(c));
    EvalContext one_ctx = ctx;
    one_ctx.rows = 1;
    CallArgs args{e, std::move(ones), result_type, 1, one_ctx};
    ColumnPtr r = fn->impl(args);
    if (wrap) {
      std::vector<uint8_t> n1(1, nulls.empty() ? 0 : nulls[0]);
      r = wrapNullable(r, std::move(n1), e.type);
    }
    return asConst(finishType(r, e), rows);
  }
  CallArgs args{e, std::move(cols), result_type, rows, ctx};
  ColumnPtr r = fn->impl(args);
  if (wrap) {
    if (r->is_const) r = materialize(r);
    r = wrapNullable(relabel(r, result_type), std::move(nulls), e.type);
  }
  return finishType(r, e);
}

}  // namespace

ColumnPtr evalExpr(const Expr& e, EvalContext& ctx) {
  switch (e.kind) {
    case ExprKind::Input: {
      if (!ctx.input || e.input >= ctx.input->columns.size())
        fail("LOGICAL_ERROR", "Input column #" + std::to_string(e.input) + " is out of range");
      return ctx.input->columns[e.input];
    }
    case ExprKind::Literal:
      return makeConstColumn(e.type, e.literal, ctx.rows);
    case ExprKind::LambdaParam:
      if (ctx.lambda_params.empty()) fail("LOGICAL_ERROR", "Lambda parameter outside a lambda");
      return ctx.lambda_params.back()->at(e.input);
    case ExprKind::Lambda:
      fail("LOGICAL_ERROR", "A lambda is only valid as an argument of a higher-order function");
    case ExprKind::Cast: {
      auto v = evalExpr(*e.args.at(0), ctx);
      return castColumn(v, e.type);
    }
    case ExprKind::ScalarSubquery: {
      Block b = runSubplan(*e.subquery, ctx);
      if (b.rows == 0 || b.columns.empty()) {
        auto c = makeColumn(e.type);
        appendDefault(*c);
        return asConst(c, ctx.rows);
      }
      if (b.rows > 1) fail("INCORRECT_RESULT_OF_SCALAR_SUBQUERY", "Scalar subquery returned more than one row");
      ColumnPtr v = b.columns[0];
      if (b.columns.size() > 1) {
        // A multi-column scalar subquery is a tuple.
        auto t = std::make_shared<Column>();
        t->type = e.type;
        t->rows = 1;
        for (auto& c : b.columns) t->children.push_back(firstRow(c));
        v = t;
      }
      return asConst(castColumn(firstRow(v), e.type), ctx.rows);
    }
    case ExprKind::SetSubquery:
      fail("LOGICAL_ERROR", "A set subquery is only valid as the right side of IN");
    case ExprKind::Call:
      return evalCall(e, ctx);
  }
  fail("LOGICAL_ERROR", "Unknown expression kind");
}

ColumnPtr evalLambda(const Expr& lambda, const std::vector<ColumnPtr>& params, size_t elements,
                     const std::vector<uint32_t>& element_rows, EvalContext& ctx) {
  EvalContext inner = ctx;
  inner.rows = elements;
  Block replicated;
  const Expr& body = *lambda.args.at(0);
  if (usesInput(body) && ctx.input) {
    replicated = gatherBlock(*ctx.input, element_rows);
    inner.input = &replicated;
  }
  inner.lambda_params.push_back(&params);
  auto r = evalExpr(body, inner);
  return materialize(r);
}

ColumnPtr evalTop(const Expr& e, const Block& input, EvalContext& ctx) {
  ctx.input = &input;
  ctx.rows = input.rows;
  if (ctx.options && ctx.options->kernels && ctx.query && (e.kind == ExprKind::Call || e.kind == ExprKind::Cast)) {
    auto it = ctx.query->kernels.find(&e);
    if (it == ctx.query->kernels.end()) {
      std::vector<OutputColumn> schema;
      for (size_t i = 0; i < input.columns.size(); ++i)
        schema.push_back({i < input.names.size() ? input.names[i] : std::string(), input.columns[i]->type});
      it = ctx.query->kernels.emplace(&e, ctx.options->kernels->compileExpression(e, schema)).first;
    }
    if (it->second) return it->second(input);
  }
  return evalExpr(e, ctx);
}

}  // namespace ferry::rt::exec
