/// Ferry's side of the merge oracle (merge_oracle.js): reads cases (JSON lines: a table with its
/// engine, keys and the rows of each insert), applies every insert as its own part in a scratch
/// store, and prints, per case, the rows `SELECT ... FINAL` gives (mergeRows over
/// the inserted parts of all partitions, as ClickHouse's FINAL) and the rows after `OPTIMIZE ... FINAL` (optimizeTable), each row as
/// ClickHouse's TSV text with AggregateFunction states finalized, as one JSON line.
///
///   merge_oracle_driver CASES.jsonl > RESULTS.jsonl
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/aggregates/aggregate_function.h"
#include "runtime/column/value_text.h"
#include "tests/storage/test_support.h"

using namespace ferry::rt;
using namespace ferry::rt::test;
using json = nlohmann::json;

namespace {

/// The ClickHouse type names the generator uses: numbers, String, Decimal(P, S), DateTime,
/// Nullable, LowCardinality, Array, Tuple, Map, SimpleAggregateFunction and AggregateFunction.
class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}
  ColumnTypePtr parse() {
    ColumnTypePtr t = type();
    skipSpace();
    if (at_ != text_.size()) fail("trailing text");
    return t;
  }

 private:
  std::string_view text_;
  size_t at_ = 0;

  [[noreturn]] void fail(const std::string& why) {
    throw std::runtime_error("type '" + std::string(text_) + "': " + why);
  }
  void skipSpace() {
    while (at_ < text_.size() && text_[at_] == ' ') ++at_;
  }
  std::string word() {
    skipSpace();
    size_t b = at_;
    while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '_')) ++at_;
    if (b == at_) fail("expected a name");
    return std::string(text_.substr(b, at_ - b));
  }
  bool eat(char c) {
    skipSpace();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  std::vector<ColumnTypePtr> typeArgs() {
    std::vector<ColumnTypePtr> out;
    expect('(');
    do out.push_back(type());
    while (eat(','));
    expect(')');
    return out;
  }
  ColumnTypePtr type() {
    size_t begin = at_;
    std::string name = word();
    static const std::map<std::string, TypeKind> plain = {
        {"UInt8", TypeKind::UInt8},     {"UInt16", TypeKind::UInt16},   {"UInt32", TypeKind::UInt32},
        {"UInt64", TypeKind::UInt64},   {"Int8", TypeKind::Int8},       {"Int16", TypeKind::Int16},
        {"Int32", TypeKind::Int32},     {"Int64", TypeKind::Int64},     {"Float32", TypeKind::Float32},
        {"Float64", TypeKind::Float64}, {"String", TypeKind::String},   {"DateTime", TypeKind::DateTime},
        {"Date", TypeKind::Date},       {"Bool", TypeKind::Bool},       {"UInt128", TypeKind::UInt128},
        {"Int128", TypeKind::Int128}};
    auto named = [&](std::shared_ptr<ColumnType> t) {
      skipSpace();
      t->name = std::string(text_.substr(begin, at_ - begin));
      while (!t->name.empty() && t->name.front() == ' ') t->name.erase(0, 1);
      return ColumnTypePtr(t);
    };
    if (auto it = plain.find(name); it != plain.end()) return makeType(it->second);
    auto t = std::make_shared<ColumnType>();
    if (name == "Decimal") {
      expect('(');
      t->precision = uint32_t(std::stoul(word()));
      expect(',');
      t->scale = uint32_t(std::stoul(word()));
      expect(')');
      t->kind = t->precision <= 9 ? TypeKind::Decimal32 : t->precision <= 18 ? TypeKind::Decimal64 : TypeKind::Decimal128;
      return named(t);
    }
    if (name == "Nullable" || name == "LowCardinality" || name == "Array" || name == "Tuple" || name == "Map") {
      t->kind = name == "Nullable" ? TypeKind::Nullable
                : name == "LowCardinality" ? TypeKind::LowCardinality
                : name == "Array" ? TypeKind::Array
                : name == "Tuple" ? TypeKind::Tuple
                : TypeKind::Map;
      t->children = typeArgs();
      return named(t);
    }
    if (name == "SimpleAggregateFunction" || name == "AggregateFunction") {
      expect('(');
      std::string fn = word();
      std::vector<ColumnTypePtr> args;
      while (eat(',')) args.push_back(type());
      expect(')');
      if (name == "SimpleAggregateFunction") {
        if (args.size() != 1) fail("SimpleAggregateFunction takes one type");
        auto s = std::make_shared<ColumnType>(*args[0]);
        s->simple_aggregate = fn;
        return named(s);
      }
      t->kind = TypeKind::AggregateFunction;
      t->aggregate_function = fn;
      t->children = std::move(args);
      return named(t);
    }
    fail("unsupported type " + name);
  }
};

/// A JSON value of the generated rows as a Field of `type` (scalars through ClickHouse's text
/// parser, so Decimal and DateTime strings read as ClickHouse reads them).
Field toField(const ColumnType& type, const json& v) {
  const ColumnType& t = layoutType(type);
  if (v.is_null()) return Null{};
  switch (t.kind) {
    case TypeKind::Nullable:
      return toField(*t.children[0], v);
    case TypeKind::Array: {
      FieldArray out;
      for (const auto& e : v) out.push_back(toField(*t.children[0], e));
      return out;
    }
    case TypeKind::Tuple: {
      FieldArray out;
      for (size_t i = 0; i < t.children.size(); ++i) out.push_back(toField(*t.children[i], v.at(i)));
      return out;
    }
    case TypeKind::Map: {
      FieldArray out;
      for (const auto& [k, val] : v.items())
        out.push_back(FieldArray{toField(*t.children[0], json(k)), toField(*t.children[1], val)});
      return out;
    }
    case TypeKind::AggregateFunction: {  // the arguments the state is built from
      AggregateFunctionPtr fn = stateFunction(t);
      ColumnPtr arg = makeColumn(t.children.at(0));
      for (const auto& e : v) appendField(*arg, toField(*t.children[0], e));
      StateHolder state(fn);
      const Column* args[] = {arg.get()};
      for (size_t r = 0; r < arg->rows; ++r) fn->add(state.get(), args, r);
      std::string bytes;
      fn->serialize(state.get(), bytes);
      return bytes;
    }
    default: {
      ColumnTypePtr plain = std::make_shared<ColumnType>(t);
      ColumnPtr col = makeColumn(plain);
      std::string text = v.is_string() ? v.get<std::string>() : v.dump();
      std::string error;
      if (!parseAndAppend(*col, text, error))
        throw std::runtime_error("cannot read " + text + " as " + typeName(type) + ": " + error);
      return fieldAt(*col, 0);
    }
  }
}

/// Rows as TSV lines; AggregateFunction states finalized (as finalizeAggregation).
std::vector<std::string> tsvLines(const Block& b) {
  std::vector<ColumnPtr> shown;
  for (const auto& c : b.columns) {
    if (layoutType(*c->type).kind != TypeKind::AggregateFunction) {
      shown.push_back(c);
      continue;
    }
    AggregateFunctionPtr fn = stateFunction(*c->type);
    ColumnPtr out = makeColumn(fn->resultType());
    for (size_t r = 0; r < b.rows; ++r) {
      StateHolder state(fn);
      fn->deserialize(state.get(), c->stringAt(r));
      fn->finalize(state.get(), *out);
    }
    shown.push_back(out);
  }
  std::vector<std::string> lines;
  for (size_t r = 0; r < b.rows; ++r) {
    std::string line;
    for (size_t c = 0; c < shown.size(); ++c) {
      if (c) line += '\t';
      formatValue(*shown[c], r, TextFormat::Tsv, line);
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<std::string> columnNames(const TableSpec& spec) {
  std::vector<std::string> names;
  for (const auto& c : spec.columns) names.push_back(c.name);
  return names;
}

json runCase(const json& c) {
  json result = {{"name", c.at("name")}};
  ColumnKeys keys(c.value("partition_by", ""), c.at("order_by").get<std::vector<std::string>>(), c.value("ttl", ""));
  TableSpec spec;
  spec.name = "t";
  for (const auto& col : c.at("columns"))
    spec.columns.push_back({col.at("name").get<std::string>(), TypeParser(col.at("type").get<std::string>()).parse(), ""});
  const json& e = c.at("engine");
  static const std::map<std::string, EngineKind> kinds = {
      {"MergeTree", EngineKind::MergeTree},
      {"ReplacingMergeTree", EngineKind::ReplacingMergeTree},
      {"SummingMergeTree", EngineKind::SummingMergeTree},
      {"AggregatingMergeTree", EngineKind::AggregatingMergeTree},
      {"CollapsingMergeTree", EngineKind::CollapsingMergeTree},
      {"VersionedCollapsingMergeTree", EngineKind::VersionedCollapsingMergeTree}};
  spec.engine.kind = kinds.at(e.at("kind").get<std::string>());
  spec.engine.version_column = e.value("version", "");
  spec.engine.is_deleted_column = e.value("is_deleted", "");
  spec.engine.sign_column = e.value("sign", "");
  spec.engine.summing_columns = e.value("summing", std::vector<std::string>{});
  keys.configure(spec);
  int64_t now = c.value("now", int64_t(std::time(nullptr)));

  ScratchDir dir("oracle");
  auto store = Store::open(dir.path / "store");
  {
    Transaction txn(*store);
    txn.createTable(spec);
    txn.commit();
  }
  for (const auto& insert : c.at("inserts")) {
    std::vector<std::vector<Field>> rows;
    for (const auto& row : insert) {
      std::vector<Field> fields;
      for (size_t i = 0; i < spec.columns.size(); ++i)
        fields.push_back(toField(*spec.columns[i].type, row.at(spec.columns[i].name)));
      rows.push_back(std::move(fields));
    }
    if (rows.empty()) continue;
    Transaction txn(*store);
    txn.insert("t", makeBlock(spec, rows), keys, txn.nextSequence());
    txn.commit();
  }

  try {  // SELECT ... FINAL: ClickHouse merges the parts of every partition together
    auto snap = store->snapshot();
    std::vector<Block> blocks;
    for (const auto& p : partsInFinalOrder(snap->parts.at("t"))) blocks.push_back(store->readPart(*p, columnNames(spec)));
    result["final"] = tsvLines(mergeRows(spec, blocks, keys, true, now));
  } catch (const std::exception& ex) {
    result["final_error"] = ex.what();
  }
  try {  // OPTIMIZE TABLE ... FINAL, then every row
    optimizeTable(*store, "t", keys, true, now);
    auto snap = store->snapshot();
    std::vector<std::string> lines;
    for (const auto& p : snap->parts.at("t")) {
      auto part_lines = tsvLines(store->readPart(*p, columnNames(spec)));
      lines.insert(lines.end(), part_lines.begin(), part_lines.end());
    }
    result["optimized"] = lines;
  } catch (const std::exception& ex) {
    result["optimized_error"] = ex.what();
  }
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: merge_oracle_driver CASES.jsonl\n");
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json c = json::parse(line);
    json out;
    try {
      out = runCase(c);
    } catch (const std::exception& ex) {
      out = {{"name", c.value("name", "?")}, {"error", ex.what()}};
    }
    std::cout << out.dump() << "\n";
  }
  return 0;
}
