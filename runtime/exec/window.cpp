#include <algorithm>
#include <numeric>

#include "runtime/exec/operators.h"
#include "runtime/exec/query_state.h"

namespace ferry::rt::exec {
namespace {

bool isNavigation(std::string_view f) {
  return f == "lagInFrame" || f == "leadInFrame" || f == "first_value" || f == "last_value" || f == "nth_value" ||
         f == "any" || f == "anyLast" || f == "lag" || f == "lead";
}

double numericAt(const Column& c, size_t row) {
  Field f = fieldAt(c, row);
  if (auto* i = std::get_if<int64_t>(&f.value)) return double(*i);
  if (auto* u = std::get_if<uint64_t>(&f.value)) return double(*u);
  if (auto* d = std::get_if<double>(&f.value)) return *d;
  if (auto* b = std::get_if<bool>(&f.value)) return *b ? 1 : 0;
  return 0;
}

double offsetValue(const Field& f) {
  if (auto* i = std::get_if<int64_t>(&f.value)) return double(*i);
  if (auto* u = std::get_if<uint64_t>(&f.value)) return double(*u);
  if (auto* d = std::get_if<double>(&f.value)) return *d;
  return 0;
}

}  // namespace

Block runWindow(const PlanNode& node, Block input, EvalContext& ctx) {
  size_t rows = input.rows;
  Block out = input;
  for (auto& c : out.columns) c = materialize(c);
  for (const auto& w : node.windows) {
    // Order: partition keys, then the window's ORDER BY.
    std::vector<SortKey> keys;
    std::vector<ColumnPtr> part_cols, order_cols;
    for (const auto& p : w.partition_by) {
      SortKey key;
      key.expr = p;
      keys.push_back(std::move(key));
      part_cols.push_back(materialize(evalTop(*p, input, ctx)));
    }
    for (const auto& o : w.order_by) {
      keys.push_back(o);
      order_cols.push_back(materialize(evalTop(*o.expr, input, ctx)));
    }
    std::vector<uint32_t> perm(rows);
    std::iota(perm.begin(), perm.end(), 0u);
    std::vector<ColumnPtr> all_cols = part_cols;
    all_cols.insert(all_cols.end(), order_cols.begin(), order_cols.end());
    if (!keys.empty())
      std::stable_sort(perm.begin(), perm.end(),
                       [&](uint32_t a, uint32_t b) { return compareRows(all_cols, keys, a, b) < 0; });
    std::vector<SortKey> order_keys(w.order_by.begin(), w.order_by.end());
    std::vector<SortKey> part_keys(keys.begin(), keys.begin() + long(w.partition_by.size()));

    std::vector<ColumnPtr> args;
    for (const auto& a : w.args) args.push_back(materialize(evalTop(*a, input, ctx)));

    // Per sorted position: frame [fs, fe), partition start, peer group start/number.
    std::vector<size_t> fs(rows), fe(rows), pstart(rows), peer_start(rows), dense(rows);
    size_t i = 0;
    const WindowFrame& fr = w.frame;
    bool rows_units = fr.explicit_frame && fr.units == WindowFrame::Units::Rows;
    while (i < rows) {
      size_t ps = i, pe = i + 1;
      while (pe < rows && compareRows(part_cols, part_keys, perm[ps], perm[pe]) == 0) ++pe;
      // Peer groups.
      std::vector<size_t> group_end(pe - ps);
      size_t g = ps, number = 0;
      while (g < pe) {
        size_t ge = g + 1;
        while (ge < pe && compareRows(order_cols, order_keys, perm[g], perm[ge]) == 0) ++ge;
        ++number;
        for (size_t k = g; k < ge; ++k) {
          peer_start[k] = g;
          group_end[k - ps] = ge;
          dense[k] = number;
          pstart[k] = ps;
        }
        g = ge;
      }
      for (size_t k = ps; k < pe; ++k) {
        auto bound = [&](WindowFrame::BoundKind kind, const Field& off, bool is_end) -> size_t {
          using BK = WindowFrame::BoundKind;
          if (kind == BK::UnboundedPreceding) return ps;
          if (kind == BK::UnboundedFollowing) return pe;
          if (rows_units) {
            int64_t n = int64_t(offsetValue(off));
            int64_t pos = int64_t(k);
            if (kind == BK::CurrentRow) pos = int64_t(k) + (is_end ? 1 : 0);
            else if (kind == BK::Preceding) pos = int64_t(k) - n + (is_end ? 1 : 0);
            else pos = int64_t(k) + n + (is_end ? 1 : 0);
            return size_t(std::clamp<int64_t>(pos, int64_t(ps), int64_t(pe)));
          }
          if (kind == BK::CurrentRow) return is_end ? group_end[k - ps] : peer_start[k];
          // RANGE with an offset over a single numeric ORDER BY key.
          if (order_cols.size() != 1) fail("BAD_ARGUMENTS", "RANGE frame with an offset needs exactly one ORDER BY key");
          double n = offsetValue(off);
          bool desc = w.order_by[0].descending;
          double v = numericAt(*order_cols[0], perm[k]);
          double target = (kind == BK::Preceding) == !desc ? v - n : v + n;
          // Positions are sorted by the key (ascending or descending).
          auto before = [&](size_t pos) {  // the key at pos lies before target in sort order
            double x = numericAt(*order_cols[0], perm[pos]);
            return desc ? x > target : x < target;
          };
          auto not_after = [&](size_t pos) {
            double x = numericAt(*order_cols[0], perm[pos]);
            return desc ? x >= target : x <= target;
          };
          size_t pos = ps;
          if (!is_end) {
            while (pos < pe && before(pos)) ++pos;
          } else {
            while (pos < pe && not_after(pos)) ++pos;
          }
          return pos;
        };
        if (!fr.explicit_frame) {
          fs[k] = ps;
          fe[k] = w.order_by.empty() ? pe : group_end[k - ps];
        } else {
          fs[k] = bound(fr.start, fr.start_offset, false);
          fe[k] = std::max(fs[k], bound(fr.end, fr.end_offset, true));
        }
      }
      i = pe;
    }

    ColumnTypePtr type = w.type;
    ColumnPtr result;
    const std::string& f = w.function;
    if (f == "row_number" || f == "rank" || f == "dense_rank") {
      auto col = newFixed<uint64_t>(type, rows);
      for (size_t k = 0; k < rows; ++k) {
        uint64_t v = f == "row_number" ? k - pstart[k] + 1 : f == "rank" ? peer_start[k] - pstart[k] + 1 : dense[k];
        col->values<uint64_t>()[perm[k]] = v;
      }
      result = col;
    } else if (f == "percent_rank" || f == "cume_dist") {
      auto col = newFixed<double>(type, rows);
      for (size_t k = 0; k < rows; ++k) {
        size_t ps = pstart[k];
        size_t pe = ps;
        while (pe < rows && pstart[pe] == ps) ++pe;
        double v;
        if (f == "percent_rank") v = pe - ps > 1 ? double(peer_start[k] - ps) / double(pe - ps - 1) : 0.0;
        else {
          size_t ge = k;
          while (ge < pe && peer_start[ge] == peer_start[k]) ++ge;
          v = double(ge - ps) / double(pe - ps);
        }
        col->values<double>()[perm[k]] = v;
      }
      result = col;
    } else if (isNavigation(f)) {
      if (args.empty()) fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH", f + " needs an argument");
      ColumnPtr value = args[0];
      if (typeName(*value->type) != typeName(*type)) value = materialize(castColumn(value, type));
      ColumnPtr deflt;
      if ((f == "lagInFrame" || f == "leadInFrame" || f == "lag" || f == "lead") && args.size() > 2)
        deflt = materialize(castColumn(args[2], type));
      int64_t offset = 1;
      if (args.size() > 1 && f != "first_value" && f != "last_value") {
        auto o = castColumn(args[1], typeInt64());
        offset = o->values<int64_t>()[0];
      }
      std::vector<int64_t> src(rows, -1);  // sorted position -> source row (or -1)
      for (size_t k = 0; k < rows; ++k) {
        int64_t pos = -1;
        if (f == "lagInFrame" || f == "lag") pos = int64_t(k) - offset;
        else if (f == "leadInFrame" || f == "lead") pos = int64_t(k) + offset;
        else if (f == "first_value" || f == "any") pos = fe[k] > fs[k] ? int64_t(fs[k]) : -1;
        else if (f == "last_value" || f == "anyLast") pos = fe[k] > fs[k] ? int64_t(fe[k]) - 1 : -1;
        else pos = int64_t(fs[k]) + offset - 1;  // nth_value
        if (pos >= int64_t(fs[k]) && pos < int64_t(fe[k])) src[perm[k]] = int64_t(perm[size_t(pos)]);
      }
      auto col = makeColumn(type);
      for (size_t r = 0; r < rows; ++r) {
        if (src[r] >= 0) appendFrom(*col, *value, size_t(src[r]));
        else if (deflt) appendFrom(*col, *deflt, r);
        else appendDefault(*col);
      }
      result = col;
    } else {
      // An aggregate over the frame.
      AggregateCallSpec spec;
      spec.name = f;
      spec.params = w.params;
      for (const auto& a : args) spec.arg_types.push_back(a->type);
      spec.result_type = type;
      AggregateFunctionPtr fn;
      try {
        fn = makeAggregateFunction(spec);
      } catch (const std::invalid_argument& e) {
        fail("UNKNOWN_AGGREGATE_FUNCTION", e.what());
      }
      std::vector<const Column*> ptrs;
      for (auto& a : args) ptrs.push_back(a.get());
      auto col = makeColumn(type);
      std::vector<ColumnPtr> per_row(rows);
      std::unique_ptr<StateHolder> state;
      size_t cur_s = SIZE_MAX, cur_e = 0;
      std::vector<uint32_t> order(rows);
      auto tmp = makeColumn(type);
      for (size_t k = 0; k < rows; ++k) {
        if (!state || fs[k] != cur_s || fe[k] < cur_e) {
          state = std::make_unique<StateHolder>(fn);
          cur_s = fs[k];
          cur_e = fs[k];
        }
        for (size_t p = cur_e; p < fe[k]; ++p) fn->add(state->get(), ptrs.data(), perm[p]);
        cur_e = std::max(cur_e, fe[k]);
        fn->finalize(state->get(), *tmp);
        order[perm[k]] = uint32_t(k);
      }
      result = gather(*tmp, order);
    }
    out.columns.push_back(result);
    out.names.push_back(node.output.size() > out.columns.size() - 1 ? node.output[out.columns.size() - 1].name : f);
  }
  out.rows = rows;
  return out;
}

bool windowFunctionKnown(std::string_view f) {
  return f == "row_number" || f == "rank" || f == "dense_rank" || f == "percent_rank" || f == "cume_dist" ||
         isNavigation(f);
}

}  // namespace ferry::rt::exec

namespace ferry::rt {
bool hasWindowFunction(std::string_view name) {
  if (exec::windowFunctionKnown(name)) return true;
  AggregateCallSpec spec;
  spec.name = std::string(name);
  // Aggregates over frames: whatever the aggregate library resolves with a numeric argument.
  spec.arg_types = {makeType(TypeKind::Float64)};
  spec.result_type = makeType(TypeKind::Float64);
  try {
    makeAggregateFunction(spec);
    return true;
  } catch (...) {
  }
  spec.arg_types.clear();
  spec.result_type = makeType(TypeKind::UInt64);
  try {
    makeAggregateFunction(spec);
    return true;
  } catch (...) {
    return false;
  }
}
}  // namespace ferry::rt
