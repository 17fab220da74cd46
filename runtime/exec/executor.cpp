#include "runtime/exec/executor.h"

#include <algorithm>
#include <ctime>
#include <unordered_map>
#include <unordered_set>

#include "runtime/aggregates/aggregate_function.h"
#include "runtime/exec/exec_internal.h"
#include "runtime/exec/operators.h"
#include "runtime/exec/query_state.h"
#include "runtime/exec/scan_columns.h"
#include "runtime/exec/with_fill.h"

namespace ferry::rt {
namespace exec {
namespace {

/// Thrown by a satisfied LIMIT into its upstream to stop producing blocks.
struct StopUpstream {
  const void* owner;
};

using Sink = std::function<void(Block)>;

Block labelled(Block b, const std::vector<OutputColumn>& output) {
  b.names.resize(output.size());
  for (size_t i = 0; i < output.size() && i < b.names.size(); ++i) b.names[i] = output[i].name;
  return b;
}

class Runner {
 public:
  Runner(const TableProvider& tables, const ExecOptions& options, const PlanNode& root)
      : tables_(tables), options_(options), needed_(scanColumnsNeeded(root)) {
    state_.now = options.now ? options.now : int64_t(std::time(nullptr));
  }

  EvalContext context() {
    EvalContext ctx;
    ctx.options = &options_;
    ctx.tables = &tables_;
    ctx.query = &state_;
    return ctx;
  }

  void run(const PlanNode& n, const Sink& sink) {
    switch (n.kind) {
      case PlanKind::Scan: return runScan(n, sink);
      case PlanKind::Values: return runValues(n, sink);
      case PlanKind::Numbers: return runNumbers(n, sink);
      case PlanKind::Filter: return runFilter(n, sink);
      case PlanKind::Project: return runProject(n, sink);
      case PlanKind::Aggregate: return runAggregate(n, sink);
      case PlanKind::Join: return runJoin(n, sink);
      case PlanKind::Sort: return runSort(n, sink);
      case PlanKind::Limit: return runLimit(n, sink);
      case PlanKind::LimitBy: return runLimitBy(n, sink);
      case PlanKind::Window: return runWindowOp(n, sink);
      case PlanKind::ArrayJoin: return runArrayJoin(n, sink);
      case PlanKind::Union: return runUnion(n, sink);
      case PlanKind::Distinct: return runDistinct(n, sink);
    }
  }

  Block collect(const PlanNode& n) {
    std::vector<Block> blocks;
    run(n, [&](Block b) {
      if (b.rows) blocks.push_back(std::move(b));
    });
    if (blocks.empty()) {
      Block empty;
      for (const auto& o : n.output) {
        empty.names.push_back(o.name);
        empty.columns.push_back(makeColumn(o.type));
      }
      return empty;
    }
    return concatBlocks(blocks, n.output);
  }

 private:
  const PlanNode& child(const PlanNode& n, size_t i = 0) {
    if (n.children.size() <= i || !n.children[i]) fail("LOGICAL_ERROR", "Plan node has no input");
    return *n.children[i];
  }

  void runScan(const PlanNode& n, const Sink& sink) {
    auto it = needed_.find(&n);
    std::vector<std::string> names;
    std::vector<size_t> read_at, position(n.columns.size(), 0);
    for (size_t i = 0; i < n.columns.size(); ++i) {
      if (it != needed_.end() && i < it->second.size() && !it->second[i]) continue;
      position[i] = names.size();
      names.push_back(n.columns[i]);
      read_at.push_back(i);
    }
    if (names.size() == n.columns.size()) return scanAll(n, sink);
    // Only the needed columns are read; the others stand in as constant defaults.
    ExprPtr prune = remapInputs(n.prune, position);
    tables_.scan(n.table, names, prune.get(), n.final, [&](Block got) {
      Block b;
      b.names = n.columns;
      b.columns.resize(n.columns.size());
      for (size_t k = 0; k < read_at.size(); ++k) b.columns[read_at[k]] = std::move(got.columns.at(k));
      for (size_t i = 0; i < n.columns.size(); ++i)
        if (!b.columns[i]) b.columns[i] = makeDefaultConstColumn(n.output[i].type, got.rows);
      b.rows = got.rows;
      deliverScanned(n, std::move(b), sink);
    });
  }

  void scanAll(const PlanNode& n, const Sink& sink) {
    tables_.scan(n.table, n.columns, n.prune.get(), n.final, [&](Block b) { deliverScanned(n, std::move(b), sink); });
  }

  /// A scanned block in the scan's output types (a table's stored type may be an equivalent one).
  void deliverScanned(const PlanNode& n, Block b, const Sink& sink) {
    for (size_t i = 0; i < b.columns.size() && i < n.output.size(); ++i)
      if (n.output[i].type && b.columns[i]->type != n.output[i].type &&
          typeName(*b.columns[i]->type) != typeName(*n.output[i].type))
        b.columns[i] = castColumn(b.columns[i], n.output[i].type);
    sink(labelled(std::move(b), n.output));
  }

  void runValues(const PlanNode& n, const Sink& sink) {
    Block b;
    for (size_t i = 0; i < n.output.size(); ++i) {
      auto col = makeColumn(n.output[i].type);
      for (const auto& row : n.rows) {
        try {
          appendField(*col, i < row.size() ? row[i] : Field{});
        } catch (const std::exception& e) {
          fail("TYPE_MISMATCH", std::string("Cannot convert literal to ") + typeName(*n.output[i].type) + ": " + e.what());
        }
      }
      b.add(n.output[i].name, col);
    }
    b.rows = n.rows.size();
    sink(std::move(b));
  }

  void runNumbers(const PlanNode& n, const Sink& sink) {
    uint64_t count = n.numbers_count;
    uint64_t done = 0;
    auto type = n.output.empty() ? typeUInt64() : n.output[0].type;
    while (done < count) {
      uint64_t len = std::min<uint64_t>(options_.block_rows, count - done);
      auto col = newFixed<uint64_t>(type, len);
      uint64_t* p = col->values<uint64_t>();
      for (uint64_t i = 0; i < len; ++i) p[i] = n.numbers_offset + done + i;
      Block b;
      b.add(n.output.empty() ? "number" : n.output[0].name, col);
      sink(std::move(b));
      done += len;
    }
  }

  void runFilter(const PlanNode& n, const Sink& sink) {
    run(child(n), [&](Block b) {
      auto ctx = context();
      auto cond = evalTop(*n.exprs.at(0), b, ctx);
      auto mask = toMask(*cond, b.rows);
      size_t kept = size_t(std::count(mask.begin(), mask.end(), 1));
      if (kept == 0) return;
      if (kept == b.rows) return sink(labelled(std::move(b), n.output));
      Block out;
      out.names = b.names;
      for (auto& c : b.columns) out.columns.push_back(filter(*c, mask));
      out.rows = kept;
      sink(labelled(std::move(out), n.output));
    });
  }

  void runProject(const PlanNode& n, const Sink& sink) {
    run(child(n), [&](Block b) {
      auto ctx = context();
      Block out;
      for (size_t i = 0; i < n.exprs.size(); ++i) {
        auto col = evalTop(*n.exprs[i], b, ctx);
        out.names.push_back(i < n.output.size() ? n.output[i].name : std::string());
        out.columns.push_back(col);
      }
      out.rows = b.rows;
      sink(std::move(out));
    });
  }

  void runAggregate(const PlanNode& n, const Sink& sink) {
    HashAggregation agg(n);
    run(child(n), [&](Block b) {
      auto ctx = context();
      agg.add(b, ctx);
    });
    Block out = agg.finish();
    sink(labelled(std::move(out), n.output));
  }

  void runJoin(const PlanNode& n, const Sink& sink) {
    Block right = collect(child(n, 1));
    auto ctx = context();
    HashJoin join(n, std::move(right), ctx);
    run(child(n, 0), [&](Block b) {
      auto c = context();
      Block out = join.probe(b, c);
      if (out.rows) sink(labelled(std::move(out), n.output));
    });
    auto c = context();
    Block rest = join.finish(c);
    if (rest.rows) sink(labelled(std::move(rest), n.output));
  }

  void runSort(const PlanNode& n, const Sink& sink) {
    Block all = collect(child(n));
    if (all.rows == 0) return;
    auto ctx = context();
    auto perm = sortPermutation(all, n.sort_keys, ctx);
    Block sorted = gatherBlock(all, perm);
    if (n.sort_keys.front().with_fill) sorted = withFill(sorted, n.sort_keys.front(), ctx);
    sink(labelled(std::move(sorted), n.output));
  }

  void runLimit(const PlanNode& n, const Sink& sink) {
    uint64_t skipped = 0, taken = 0;
    Block last_row;  // the sort keys of the last row taken (WITH TIES)
    bool ties_done = false;
    try {
      run(child(n), [&](Block b) {
        size_t begin = 0;
        if (skipped < n.offset) {
          uint64_t skip = std::min<uint64_t>(n.offset - skipped, b.rows);
          skipped += skip;
          begin = size_t(skip);
        }
        size_t end = b.rows;
        std::vector<uint32_t> idx;
        auto ctx = context();
        std::vector<ColumnPtr> keys;
        if (n.with_ties)
          for (const auto& k : n.sort_keys) keys.push_back(evalTop(*k.expr, b, ctx));
        for (size_t r = begin; r < end; ++r) {
          if (taken < n.limit) {
            idx.push_back(uint32_t(r));
            ++taken;
            if (n.with_ties && taken == n.limit) {
              last_row.columns.clear();
              for (auto& k : keys) last_row.columns.push_back(gather(*k, {uint32_t(r)}));
            }
            continue;
          }
          if (n.with_ties && !ties_done && !last_row.columns.empty()) {
            bool equal = true;
            for (size_t k = 0; k < keys.size(); ++k)
              if (compareAt(*keys[k], r, *last_row.columns[k], 0) != 0) equal = false;
            if (equal) {
              idx.push_back(uint32_t(r));
              continue;
            }
            ties_done = true;
          }
          break;
        }
        if (!idx.empty()) {
          if (idx.size() == b.rows) sink(labelled(std::move(b), n.output));
          else sink(labelled(gatherBlock(b, idx), n.output));
        }
        if (taken >= n.limit && (!n.with_ties || ties_done)) throw StopUpstream{&n};
      });
    } catch (const StopUpstream& s) {
      if (s.owner != &n) throw;
    }
  }

  void runLimitBy(const PlanNode& n, const Sink& sink) {
    std::unordered_map<std::string, uint64_t> counts;
    run(child(n), [&](Block b) {
      auto ctx = context();
      std::vector<ColumnPtr> keys;
      for (const auto& e : n.exprs) keys.push_back(evalTop(*e, b, ctx));
      std::vector<std::string> serialized;
      serializeKeys(keys, b.rows, serialized);
      std::vector<uint32_t> idx;
      for (size_t r = 0; r < b.rows; ++r) {
        uint64_t& c = counts[serialized[r]];
        if (c >= n.offset && c - n.offset < n.limit) idx.push_back(uint32_t(r));
        ++c;
      }
      if (!idx.empty()) sink(labelled(gatherBlock(b, idx), n.output));
    });
  }

  void runWindowOp(const PlanNode& n, const Sink& sink) {
    Block all = collect(child(n));
    auto ctx = context();
    Block out = runWindow(n, std::move(all), ctx);
    sink(labelled(std::move(out), n.output));
  }

  void runArrayJoin(const PlanNode& n, const Sink& sink) {
    run(child(n), [&](Block b) {
      std::vector<ColumnPtr> arrays;
      for (size_t c : n.array_columns) arrays.push_back(materialize(b.columns.at(c)));
      std::vector<uint32_t> rows_idx;
      std::vector<int64_t> elem_idx;  // -1: default element (LEFT ARRAY JOIN of an empty array)
      for (size_t r = 0; r < b.rows; ++r) {
        auto [first_b, first_e] = arrays[0]->arrayRange(r);
        uint64_t len = first_e - first_b;
        for (size_t a = 1; a < arrays.size(); ++a) {
          auto [bb, ee] = arrays[a]->arrayRange(r);
          if (ee - bb != len) fail("SIZES_OF_ARRAYS_DONT_MATCH", "Sizes of ARRAY-JOIN-ed arrays do not match");
        }
        if (len == 0 && n.left_array_join) {
          rows_idx.push_back(uint32_t(r));
          elem_idx.push_back(-1);
        }
        for (uint64_t k = 0; k < len; ++k) {
          rows_idx.push_back(uint32_t(r));
          elem_idx.push_back(int64_t(k));
        }
      }
      if (rows_idx.empty()) return;
      Block out;
      for (size_t c = 0; c < b.columns.size(); ++c) {
        auto pos = std::find(n.array_columns.begin(), n.array_columns.end(), c);
        if (pos == n.array_columns.end()) {
          out.columns.push_back(gather(*b.columns[c], rows_idx));
          continue;
        }
        const auto& arr = arrays[size_t(pos - n.array_columns.begin())];
        const auto& elems = arr->children[0];
        auto col = makeColumn(c < n.output.size() ? n.output[c].type : elems->type);
        bool same = typeName(*col->type) == typeName(*elems->type);
        std::vector<uint32_t> gi;
        bool has_default = false;
        for (size_t i = 0; i < rows_idx.size(); ++i) {
          if (elem_idx[i] < 0) {
            has_default = true;
            continue;
          }
          gi.push_back(uint32_t(arr->arrayRange(rows_idx[i]).first + uint64_t(elem_idx[i])));
        }
        if (!has_default && same) {
          out.columns.push_back(relabel(gather(*elems, gi), col->type));
          continue;
        }
        auto src = same ? elems : castColumn(elems, col->type);
        for (size_t i = 0; i < rows_idx.size(); ++i) {
          if (elem_idx[i] < 0) appendDefault(*col);
          else appendFrom(*col, *src, arr->arrayRange(rows_idx[i]).first + uint64_t(elem_idx[i]));
        }
        out.columns.push_back(col);
      }
      out.rows = rows_idx.size();
      sink(labelled(std::move(out), n.output));
    });
  }

  void runUnion(const PlanNode& n, const Sink& sink) {
    for (const auto& c : n.children) {
      run(*c, [&](Block b) {
        for (size_t i = 0; i < b.columns.size() && i < n.output.size(); ++i)
          if (b.columns[i]->type != n.output[i].type && typeName(*b.columns[i]->type) != typeName(*n.output[i].type))
            b.columns[i] = castColumn(b.columns[i], n.output[i].type);
        sink(labelled(std::move(b), n.output));
      });
    }
  }

  void runDistinct(const PlanNode& n, const Sink& sink) {
    std::unordered_set<std::string> seen;
    run(child(n), [&](Block b) {
      std::vector<std::string> keys;
      serializeKeys(b.columns, b.rows, keys);
      std::vector<uint32_t> idx;
      for (size_t r = 0; r < b.rows; ++r)
        if (seen.insert(std::move(keys[r])).second) idx.push_back(uint32_t(r));
      if (idx.empty()) return;
      if (idx.size() == b.rows) sink(labelled(std::move(b), n.output));
      else sink(labelled(gatherBlock(b, idx), n.output));
    });
  }

  const TableProvider& tables_;
  const ExecOptions& options_;
  std::unordered_map<const PlanNode*, std::vector<uint8_t>> needed_;  ///< per Scan: columns to read
  QueryState state_;
};

}  // namespace
}  // namespace exec

void execute(const PlanNode& plan, const TableProvider& tables, const ExecOptions& options,
             const std::function<void(Block)>& sink) {
  exec::Runner runner(tables, options, plan);
  runner.run(plan, [&](Block b) {
    for (size_t i = 0; i < b.columns.size(); ++i) {
      b.columns[i] = materialize(b.columns[i]);
      if (i < plan.output.size() && plan.output[i].type) b.columns[i] = exec::relabel(b.columns[i], plan.output[i].type);
    }
    sink(std::move(b));
  });
}

Block executeToBlock(const PlanNode& plan, const TableProvider& tables, const ExecOptions& options) {
  std::vector<Block> blocks;
  execute(plan, tables, options, [&](Block b) {
    if (b.rows) blocks.push_back(std::move(b));
  });
  if (blocks.empty()) {
    Block empty;
    for (const auto& o : plan.output) {
      empty.names.push_back(o.name);
      empty.columns.push_back(makeColumn(o.type));
    }
    return empty;
  }
  return exec::concatBlocks(blocks, plan.output);
}

ColumnPtr evaluate(const Expr& expr, const Block& input, const ExecOptions& options) {
  exec::QueryState state;
  state.now = options.now ? options.now : int64_t(std::time(nullptr));
  exec::EvalContext ctx;
  ctx.options = &options;
  ctx.query = &state;
  ctx.input = &input;
  ctx.rows = input.rows;
  return materialize(exec::evalExpr(expr, ctx));
}

bool hasScalarFunction(std::string_view name) {
  if (name == "in" || name == "notIn" || name == "globalIn" || name == "globalNotIn" || name == "nullIn" ||
      name == "notNullIn")
    return true;
  return exec::registry().find(name) != nullptr;
}

}  // namespace ferry::rt
