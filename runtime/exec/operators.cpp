#include "runtime/exec/operators.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "runtime/exec/query_state.h"

namespace ferry::rt::exec {

// ---- Hash aggregation ------------------------------------------------------------------------------
HashAggregation::HashAggregation(const PlanNode& node) : node_(node) {
  size_t nkeys = node.exprs.size();
  for (size_t a = 0; a < node.aggregates.size(); ++a) {
    const auto& call = node.aggregates[a];
    AggregateCallSpec spec;
    spec.name = call.function;
    spec.params = call.params;
    for (const auto& arg : call.args) spec.arg_types.push_back(arg->type);
    spec.result_type = call.type ? call.type : (nkeys + a < node.output.size() ? node.output[nkeys + a].type : nullptr);
    AggregateFunctionPtr fn;
    try {
      fn = makeAggregateFunction(spec);
    } catch (const std::invalid_argument& e) {
      fail("UNKNOWN_AGGREGATE_FUNCTION", e.what());
    }
    size_t align = std::max<size_t>(fn->stateAlign(), 1);
    slot_size_ = (slot_size_ + align - 1) / align * align;
    offsets_.push_back(slot_size_);
    slot_size_ += fn->stateSize();
    slot_align_ = std::max(slot_align_, align);
    functions_.push_back(std::move(fn));
  }
  slot_size_ = std::max<size_t>((slot_size_ + slot_align_ - 1) / slot_align_ * slot_align_, slot_align_);
  for (size_t k = 0; k < nkeys; ++k) {
    auto type = k < node.output.size() ? node.output[k].type : node.exprs[k]->type;
    key_columns_.push_back(makeColumn(node.exprs[k]->type ? node.exprs[k]->type : type));
  }
  if (nkeys == 1) {
    const ColumnType& lt = layoutType(*node.exprs[0]->type);
    size_t w = fixedWidth(lt);
    fixed64_ = w > 0 && w <= 8 && lt.kind != TypeKind::Nullable;
  }
}

HashAggregation::~HashAggregation() {
  for (AggregateState g : groups_)
    for (size_t a = 0; a < functions_.size(); ++a) functions_[a]->destroy(g + offsets_[a]);
}

AggregateState HashAggregation::newGroup() {
  if (chunks_.empty() || chunk_used_ + slot_size_ > chunk_size_) {
    chunk_size_ = std::max<size_t>(slot_size_ * 1024, 1 << 16);
    chunks_.emplace_back(new uint8_t[chunk_size_ + slot_align_]);
    uintptr_t base = reinterpret_cast<uintptr_t>(chunks_.back().get());
    chunk_used_ = size_t((slot_align_ - base % slot_align_) % slot_align_);
  }
  AggregateState place = chunks_.back().get() + chunk_used_;
  chunk_used_ += slot_size_;
  size_t created = 0;
  try {
    for (; created < functions_.size(); ++created) functions_[created]->create(place + offsets_[created]);
  } catch (...) {
    for (size_t a = 0; a < created; ++a) functions_[a]->destroy(place + offsets_[a]);
    throw;
  }
  groups_.push_back(place);
  return place;
}

void HashAggregation::add(const Block& input, EvalContext& ctx) {
  size_t rows = input.rows;
  if (rows == 0) return;
  std::vector<AggregateState> places(rows);
  if (node_.exprs.empty()) {
    if (groups_.empty()) newGroup();
    std::fill(places.begin(), places.end(), groups_[0]);
  } else {
    std::vector<ColumnPtr> keys;
    for (const auto& e : node_.exprs) keys.push_back(materialize(evalTop(*e, input, ctx)));
    for (size_t k = 0; k < keys.size(); ++k)
      if (typeName(*keys[k]->type) != typeName(*key_columns_[k]->type))
        keys[k] = materialize(castColumn(keys[k], key_columns_[k]->type));
    if (fixed64_) {
      const Column& kc = *keys[0];
      size_t w = fixedWidth(layoutType(*kc.type));
      for (size_t r = 0; r < rows; ++r) {
        uint64_t v = 0;
        std::memcpy(&v, kc.data.data() + r * w, w);
        auto [it, inserted] = index64_.try_emplace(v, uint32_t(groups_.size()));
        if (inserted) {
          newGroup();
          appendFrom(*key_columns_[0], kc, r);
        }
        places[r] = groups_[it->second];
      }
    } else {
      std::vector<std::string> serialized;
      serializeKeys(keys, rows, serialized);
      for (size_t r = 0; r < rows; ++r) {
        auto [it, inserted] = index_.try_emplace(std::move(serialized[r]), uint32_t(groups_.size()));
        if (inserted) {
          newGroup();
          for (size_t k = 0; k < keys.size(); ++k) appendFrom(*key_columns_[k], *keys[k], r);
        }
        places[r] = groups_[it->second];
      }
    }
  }
  for (size_t a = 0; a < functions_.size(); ++a) {
    const auto& call = node_.aggregates[a];
    std::vector<ColumnPtr> args;
    std::vector<const Column*> ptrs;
    for (const auto& e : call.args) args.push_back(evalTop(*e, input, ctx));
    for (const auto& c : args) ptrs.push_back(c.get());
    functions_[a]->addBatch(places.data(), offsets_[a], ptrs.data(), 0, rows);
  }
}

Block HashAggregation::finish() {
  if (node_.exprs.empty() && groups_.empty()) newGroup();
  Block out;
  size_t nkeys = node_.exprs.size();
  for (size_t k = 0; k < nkeys; ++k) {
    ColumnPtr c = key_columns_[k];
    if (k < node_.output.size() && node_.output[k].type && typeName(*c->type) != typeName(*node_.output[k].type))
      c = castColumn(c, node_.output[k].type);
    out.columns.push_back(c);
  }
  for (size_t a = 0; a < functions_.size(); ++a) {
    ColumnTypePtr type = nkeys + a < node_.output.size() ? node_.output[nkeys + a].type : functions_[a]->resultType();
    auto col = makeColumn(type);
    for (AggregateState g : groups_) functions_[a]->finalize(g + offsets_[a], *col);
    out.columns.push_back(col);
  }
  out.rows = groups_.size();
  return out;
}

// ---- Hash join -------------------------------------------------------------------------------------
std::vector<ColumnPtr> HashJoin::keyColumns(const std::vector<ExprPtr>& exprs, const Block& b, EvalContext& ctx, bool right) {
  std::vector<ColumnPtr> cols;
  for (size_t k = 0; k < exprs.size(); ++k) {
    auto c = materialize(evalTop(*exprs[k], b, ctx));
    if (right && typeName(*removeNullable(removeLowCardinality(c->type))) != typeName(*key_types_[k]))
      c = materialize(castColumn(c, makeNullable(key_types_[k]), CastMode::OrNull));
    cols.push_back(c);
  }
  return cols;
}

namespace {
/// Serialized key of row r, or false when a key is NULL (NULL never matches).
bool rowKey(const std::vector<ColumnPtr>& cols, size_t r, std::string& key) {
  key.clear();
  for (const auto& c : cols) {
    if (c->isNullAt(r)) return false;
    const Column& v = layoutKind(*c->type) == TypeKind::Nullable ? *c->children[0] : *c;
    serializeKey(v, r, key);
  }
  return true;
}
}  // namespace

HashJoin::HashJoin(const PlanNode& node, Block right, EvalContext& ctx) : node_(node), right_(std::move(right)) {
  if (node.strictness == JoinStrictness::Asof) fail("NOT_IMPLEMENTED", "ASOF JOIN is not supported");
  left_width_ = node.children.at(0)->output.size();
  for (const auto& e : node.left_keys) key_types_.push_back(removeNullable(removeLowCardinality(e->type)));
  right_used_.assign(right_.rows, 0);
  if (node.join_kind == JoinKind::Cross || node.left_keys.empty()) return;
  auto keys = keyColumns(node.right_keys, right_, ctx, true);
  std::string key;
  for (size_t r = 0; r < right_.rows; ++r)
    if (rowKey(keys, r, key)) table_[key].push_back(uint32_t(r));
}

Block HashJoin::assemble(const Block& left, const std::vector<int64_t>& li, const std::vector<int64_t>& ri) {
  Block out;
  auto side = [&](const Block& src, const std::vector<int64_t>& idx, size_t out_base) {
    for (size_t c = 0; c < src.columns.size(); ++c) {
      const ColumnPtr& col = src.columns[c];
      ColumnTypePtr type = out_base + c < node_.output.size() ? node_.output[out_base + c].type : col->type;
      bool has_default = std::find(idx.begin(), idx.end(), -1) != idx.end();
      bool same = typeName(*type) == typeName(*col->type);
      if (!has_default) {
        std::vector<uint32_t> g(idx.begin(), idx.end());
        auto r = gather(*col, g);
        out.columns.push_back(same ? relabel(r, type) : castColumn(r, type));
        continue;
      }
      auto src_col = same ? col : materialize(castColumn(col, type));
      auto dst = makeColumn(type);
      for (int64_t i : idx) {
        if (i < 0) appendDefault(*dst);
        else appendFrom(*dst, *src_col, size_t(i));
      }
      out.columns.push_back(dst);
    }
  };
  side(left, li, 0);
  side(right_, ri, left_width_);
  out.rows = li.size();
  return out;
}

Block HashJoin::probe(const Block& left, EvalContext& ctx) {
  std::vector<int64_t> li, ri;
  JoinKind kind = node_.join_kind;
  JoinStrictness st = node_.strictness;
  bool cross = kind == JoinKind::Cross || node_.left_keys.empty();
  std::vector<ColumnPtr> keys;
  if (!cross) keys = keyColumns(node_.left_keys, left, ctx, false);
  // Candidate pairs (left row, right row), in left order.
  std::vector<int64_t> cl, cr;
  std::string key;
  for (size_t r = 0; r < left.rows; ++r) {
    if (cross) {
      for (size_t j = 0; j < right_.rows; ++j) {
        cl.push_back(int64_t(r));
        cr.push_back(int64_t(j));
      }
      continue;
    }
    if (!rowKey(keys, r, key)) continue;
    auto it = table_.find(key);
    if (it == table_.end()) continue;
    for (uint32_t j : it->second) {
      cl.push_back(int64_t(r));
      cr.push_back(int64_t(j));
    }
  }
  if (!node_.exprs.empty() && !cl.empty()) {
    Block pairs = assemble(left, cl, cr);
    auto cond = evalTop(*node_.exprs[0], pairs, ctx);
    auto mask = toMask(*cond, pairs.rows);
    size_t w = 0;
    for (size_t i = 0; i < cl.size(); ++i)
      if (mask[i]) {
        cl[w] = cl[i];
        cr[w] = cr[i];
        ++w;
      }
    cl.resize(w);
    cr.resize(w);
  }
  bool left_outer = kind == JoinKind::Left || kind == JoinKind::Full;
  bool right_side = kind == JoinKind::Right;
  size_t p = 0;
  for (size_t r = 0; r < left.rows; ++r) {
    size_t begin = p;
    while (p < cl.size() && cl[p] == int64_t(r)) ++p;
    size_t end = p;
    bool matched = end > begin;
    if (right_side) {
      // RIGHT joins: driven by the right rows.
      for (size_t q = begin; q < end; ++q) {
        uint32_t j = uint32_t(cr[q]);
        if (st == JoinStrictness::All) {
          li.push_back(int64_t(r));
          ri.push_back(int64_t(j));
        } else if ((st == JoinStrictness::Any || st == JoinStrictness::Semi) && !right_used_[j]) {
          li.push_back(int64_t(r));
          ri.push_back(int64_t(j));
        }
        right_used_[j] = 1;
      }
      continue;
    }
    for (size_t q = begin; q < end; ++q) right_used_[size_t(cr[q])] = 1;
    switch (st) {
      case JoinStrictness::All:
        for (size_t q = begin; q < end; ++q) {
          li.push_back(int64_t(r));
          ri.push_back(cr[q]);
        }
        if (!matched && left_outer) {
          li.push_back(int64_t(r));
          ri.push_back(-1);
        }
        break;
      case JoinStrictness::Any:
        if (matched) {
          li.push_back(int64_t(r));
          ri.push_back(cr[begin]);
        } else if (left_outer) {
          li.push_back(int64_t(r));
          ri.push_back(-1);
        }
        break;
      case JoinStrictness::Semi:
        if (matched) {
          li.push_back(int64_t(r));
          ri.push_back(cr[begin]);
        }
        break;
      case JoinStrictness::Anti:
        if (!matched) {
          li.push_back(int64_t(r));
          ri.push_back(-1);
        }
        break;
      case JoinStrictness::Asof:
        break;
    }
  }
  if (right_side && st == JoinStrictness::Anti) return Block{};
  return assemble(left, li, ri);
}

Block HashJoin::finish(EvalContext&) {
  JoinKind kind = node_.join_kind;
  JoinStrictness st = node_.strictness;
  bool right_outer = kind == JoinKind::Right || kind == JoinKind::Full;
  if (!right_outer || st == JoinStrictness::Semi) return Block{};
  std::vector<int64_t> li, ri;
  for (size_t j = 0; j < right_.rows; ++j)
    if (!right_used_[j]) {
      li.push_back(-1);
      ri.push_back(int64_t(j));
    }
  if (li.empty()) return Block{};
  // An empty left block with the left columns' types.
  Block left;
  for (size_t c = 0; c < left_width_; ++c) left.columns.push_back(makeColumn(node_.children[0]->output[c].type));
  return assemble(left, li, ri);
}

// ---- Sort ------------------------------------------------------------------------------------------
/// Whether row `row` of a (Nullable) float column is NaN; false for other types and NULLs.
bool isNanAt(const Column& col, size_t row) {
  const Column* c = &col;
  if (layoutKind(*c->type) == TypeKind::Nullable) {
    if (c->isNullAt(row)) return false;
    c = c->children[0].get();
  }
  size_t r = col.is_const ? 0 : row;
  TypeKind k = layoutKind(*c->type);
  if (k == TypeKind::Float64) return std::isnan(c->values<double>()[r]);
  if (k == TypeKind::Float32) return std::isnan(c->values<float>()[r]);
  return false;
}

int compareRows(const std::vector<ColumnPtr>& cols, const std::vector<SortKey>& keys, size_t a, size_t b) {
  for (size_t k = 0; k < cols.size(); ++k) {
    int c;
    // ClickHouse sorts NaN next to NULLs whatever the direction: after the numbers (before the
    // NULLs) unless NULLS FIRST, then before the numbers (after the NULLs).
    bool nan_a = isNanAt(*cols[k], a), nan_b = isNanAt(*cols[k], b);
    if (nan_a != nan_b && !cols[k]->isNullAt(a) && !cols[k]->isNullAt(b)) {
      return (nan_a ? 1 : -1) * (keys[k].nulls_first ? -1 : 1);
    }
    if (keys[k].descending) c = -compareAt(*cols[k], a, *cols[k], b, !keys[k].nulls_first);
    else c = compareAt(*cols[k], a, *cols[k], b, keys[k].nulls_first);
    if (c) return c;
  }
  return 0;
}

std::vector<uint32_t> sortPermutation(const Block& block, const std::vector<SortKey>& keys, EvalContext& ctx) {
  std::vector<uint32_t> perm(block.rows);
  std::iota(perm.begin(), perm.end(), 0u);
  std::vector<ColumnPtr> cols;
  for (const auto& k : keys) cols.push_back(materialize(evalTop(*k.expr, block, ctx)));
  if (cols.size() == 1) {
    TypeKind kind = layoutKind(*cols[0]->type);
    if (isIntegerKind(kind) || (isDateKind(kind)) || kind == TypeKind::Decimal32 || kind == TypeKind::Decimal64) {
      bool desc = keys[0].descending;
      dispatchFixed(kind, [&](auto tag) {
        using T = typename decltype(tag)::type;
        const T* v = cols[0]->values<T>();
        if (desc) std::stable_sort(perm.begin(), perm.end(), [&](uint32_t a, uint32_t b) { return v[a] > v[b]; });
        else std::stable_sort(perm.begin(), perm.end(), [&](uint32_t a, uint32_t b) { return v[a] < v[b]; });
      });
      return perm;
    }
  }
  std::stable_sort(perm.begin(), perm.end(), [&](uint32_t a, uint32_t b) { return compareRows(cols, keys, a, b) < 0; });
  return perm;
}

}  // namespace ferry::rt::exec
