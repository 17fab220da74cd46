#include "runtime/storage/part_keys.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>
#include <xxhash.h>

namespace ferry::rt::storage {

size_t keyColumnCount(const TableSpec& spec) {
  return (spec.has_partition_key ? 1 : 0) + spec.sorting_key_size + (spec.has_ttl ? 1 : 0);
}

Block evaluateKeys(const TableSpec& spec, const KeyEvaluator& keys, const Block& rows) {
  size_t want = keyColumnCount(spec);
  if (want == 0) return Block{};
  Block out = keys.evaluate(rows);
  if (out.columns.size() != want)
    throw std::runtime_error(fmt::format("table {}: the key evaluator returned {} columns, expected {}", spec.name,
                                         out.columns.size(), want));
  for (auto& c : out.columns) {
    if (c->rows != rows.rows)
      throw std::runtime_error(fmt::format("table {}: a key column has {} rows for {} input rows", spec.name, c->rows,
                                           rows.rows));
    c = materialize(c);
  }
  out.rows = rows.rows;
  return out;
}

std::vector<const Column*> orderColumns(const TableSpec& spec, const Block& rows, const Block& keys) {
  std::vector<const Column*> out;
  size_t offset = sortingKeyOffset(spec);
  for (size_t i = 0; i < spec.sorting_key_size; ++i) out.push_back(keys.columns.at(offset + i).get());
  if (spec.engine.kind == EngineKind::VersionedCollapsingMergeTree && !spec.engine.version_column.empty()) {
    int v = rows.find(spec.engine.version_column);
    if (v < 0) throw std::runtime_error("table " + spec.name + ": no version column " + spec.engine.version_column);
    out.push_back(rows.columns[size_t(v)].get());
  }
  return out;
}

bool sameKey(const std::vector<const Column*>& columns, size_t a, size_t b) {
  for (const Column* c : columns)
    if (compareAt(*c, a, *c, b) != 0) return false;
  return true;
}

namespace {

void printField(const Field& f, std::string& out) {
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, Null>) out += "NULL";
        else if constexpr (std::is_same_v<V, bool>) out += v ? "1" : "0";
        else if constexpr (std::is_same_v<V, int64_t> || std::is_same_v<V, uint64_t>) out += std::to_string(v);
        else if constexpr (std::is_same_v<V, double>) out += fmt::format("{}", v);
        else if constexpr (std::is_same_v<V, std::string>) out += v;
        else if constexpr (std::is_same_v<V, BigNumber>) out += v.text;
        else {
          for (size_t i = 0; i < v.size(); ++i) {
            if (i) out += '-';
            printField(v[i], out);
          }
        }
      },
      f.value);
}

bool pathSafe(const std::string& s) {
  if (s.empty() || s.size() > 64 || s[0] == '.' || s[0] == '-') return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  return true;
}

}  // namespace

std::string partitionIdOf(const Column& partition, size_t row) {
  std::string text;
  printField(fieldAt(partition, row), text);
  if (pathSafe(text)) return text;
  return fmt::format("h{:016x}", XXH64(text.data(), text.size(), 0));
}

void keyRanges(const Block& keys, std::vector<Field>& mins, std::vector<Field>& maxs) {
  mins.clear();
  maxs.clear();
  for (const auto& c : keys.columns) {
    if (c->rows == 0) {
      mins.emplace_back();
      maxs.emplace_back();
      continue;
    }
    size_t lo = 0, hi = 0;
    for (size_t i = 1; i < c->rows; ++i) {
      if (compareAt(*c, i, *c, lo) < 0) lo = i;
      if (compareAt(*c, i, *c, hi) > 0) hi = i;
    }
    mins.push_back(fieldAt(*c, lo));
    maxs.push_back(fieldAt(*c, hi));
  }
}

std::string safeName(const std::string& name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
  if (out.empty() || out.size() > 48 || out != name) out = fmt::format("{}_{:08x}", out.substr(0, 40), uint32_t(XXH64(name.data(), name.size(), 0)));
  return out;
}

}  // namespace ferry::rt::storage
