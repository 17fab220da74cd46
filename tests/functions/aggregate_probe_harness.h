// Types the probe expressions of the aggregate grids (../shared/oracle/probe_types.tsv groups
// `agg:*`, and tests/functions/aggregate_probes.tsv): aggregate calls over constants such as
// `CAST(7 AS UInt8)`, `[CAST(7 AS UInt8)]`, `map('k', CAST(7 AS UInt8))`, `rand() % 2 = 0`,
// `finalizeAggregation(sumState(...))`, and `fMerge(x) FROM (SELECT fState(...) AS x)`. Only
// the node kinds these grids use are typed; the analyzer proper types everything else.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"
#include "compiler/functions/aggregate_typing.h"
#include "compiler/functions/type_lookup.h"
#include "compiler/sql/ast.h"
#include "compiler/sqlparse/sql_parser.h"
#include "compiler/types/literal_text.h"
#include "compiler/types/type_parser.h"

namespace ferry::functions::aggregate_test {

using types::ConstantValue;
using types::TypeKind;
using types::TypePtr;

struct Typed {
  TypePtr type;
  std::optional<ConstantValue> constant;
  std::string error;  ///< ClickHouse error code, or UNSUPPORTED for what this harness skips
  bool ok() const { return type != nullptr; }
};

inline Typed failed(std::string code) { return Typed{nullptr, std::nullopt, std::move(code)}; }
inline Typed typed(TypePtr t) { return Typed{std::move(t), std::nullopt, {}}; }

class ProbeHarness {
 public:
  /// `x` in `... FROM (SELECT <inner> AS x)`.
  std::map<std::string, TypePtr> columns;

  Typed type(const sql::Expr& e) {
    using sql::NodeKind;
    switch (e.kind()) {
      case NodeKind::Literal:
        return literal(e.as<sql::Literal>());
      case NodeKind::CastExpr: {
        const auto& c = e.as<sql::CastExpr>();
        if (!c.type) return failed("UNSUPPORTED");
        types::TypeParseResult t = types::typeFromSyntax(*c.type);
        return t.ok() ? typed(t.type) : failed(t.error_code);
      }
      case NodeKind::ArrayExpr: {
        std::vector<TypePtr> elements;
        for (const auto& item : e.as<sql::ArrayExpr>().elements) {
          Typed t = type(*item);
          if (!t.ok()) return t;
          elements.push_back(t.type);
        }
        if (elements.empty()) return typed(types::makeArray(types::makeType(TypeKind::Nothing)));
        TypePtr common = commonSupertype(elements);
        return common ? typed(types::makeArray(common)) : failed("NO_COMMON_TYPE");
      }
      case NodeKind::TupleExpr: {
        std::vector<TypePtr> items;
        for (const auto& item : e.as<sql::TupleExpr>().elements) {
          Typed t = type(*item);
          if (!t.ok()) return t;
          items.push_back(t.type);
        }
        return typed(types::makeTuple(std::move(items)));
      }
      case NodeKind::Identifier: {
        const auto& parts = e.as<sql::Identifier>().parts;
        if (parts.size() == 1)
          if (auto it = columns.find(parts[0]); it != columns.end()) return typed(it->second);
        return failed("UNKNOWN_IDENTIFIER");
      }
      case NodeKind::BinaryExpr: {
        // Only `rand() % 2 = 0`: a condition.
        const auto& b = e.as<sql::BinaryExpr>();
        if (b.op == sql::BinaryOp::Equals) return typed(types::makeType(TypeKind::UInt8));
        if (b.op == sql::BinaryOp::Modulo) return typed(types::makeType(TypeKind::UInt8));
        return failed("UNSUPPORTED");
      }
      case NodeKind::FunctionCall:
        return call(e.as<sql::FunctionCall>());
      default:
        return failed("UNSUPPORTED");
    }
  }

 private:
  int inside_aggregate_ = 0;

  static Typed literal(const sql::Literal& l) {
    ConstantValue c;
    Typed t;
    switch (l.literal_kind) {
      case sql::LiteralKind::Integer: {
        auto v = types::parseIntegerLiteral(l.value);
        if (!v) return failed("UNSUPPORTED");
        if (v->negative) {
          c.kind = ConstantValue::Kind::Int;
          c.int_value = -static_cast<int64_t>(v->magnitude);
          t.type = types::makeType(v->magnitude <= 128 ? TypeKind::Int8 : TypeKind::Int64);
        } else {
          c.kind = ConstantValue::Kind::UInt;
          c.uint_value = v->magnitude;
          t.type = types::makeType(v->magnitude < 256 ? TypeKind::UInt8
                                   : v->magnitude < 65536 ? TypeKind::UInt16
                                   : v->magnitude < 4294967296ULL ? TypeKind::UInt32 : TypeKind::UInt64);
        }
        c.text = std::to_string(v->magnitude);
        if (v->negative) c.text = "-" + c.text;
        break;
      }
      case sql::LiteralKind::Float:
        c.kind = ConstantValue::Kind::Float;
        c.float_value = std::stod(l.value);
        c.text = types::formatFloat(c.float_value);
        t.type = types::makeType(TypeKind::Float64);
        break;
      case sql::LiteralKind::String:
        c.kind = ConstantValue::Kind::String;
        c.string_value = l.value;
        t.type = types::makeType(TypeKind::String);
        break;
      case sql::LiteralKind::Null:
        t.type = types::makeNullable(types::makeType(TypeKind::Nothing));
        break;
      case sql::LiteralKind::Bool:
        c.kind = ConstantValue::Kind::Bool;
        c.bool_value = l.value == "true";
        t.type = types::makeType(TypeKind::Bool);
        break;
    }
    t.constant = c;
    return t;
  }

  /// A constant parameter of a parametric aggregate (`quantiles(0.5, 0.9)`, `sumMapFiltered([1])`).
  std::optional<ConstantValue> parameter(const sql::Expr& e) {
    if (e.kind() == sql::NodeKind::Literal) return literal(e.as<sql::Literal>()).constant;
    if (e.kind() == sql::NodeKind::ArrayExpr) {
      ConstantValue array;
      array.kind = ConstantValue::Kind::Array;
      for (const auto& item : e.as<sql::ArrayExpr>().elements) {
        auto v = parameter(*item);
        if (!v) return std::nullopt;
        array.items.push_back(std::move(*v));
      }
      return array;
    }
    return std::nullopt;
  }

  Typed call(const sql::FunctionCall& f) {
    bool aggregate = isAggregateCallName(f.name) || isWindowFunctionName(f.name);
    // An aggregate inside an aggregate's arguments is refused (ILLEGAL_AGGREGATION).
    if (aggregate && inside_aggregate_) return failed("ILLEGAL_AGGREGATION");
    std::vector<Typed> args;
    inside_aggregate_ += aggregate;
    for (const auto& a : f.args) {
      args.push_back(type(*a));
      if (!args.back().ok()) break;
    }
    inside_aggregate_ -= aggregate;
    if (!args.empty() && !args.back().ok()) return args.back();
    auto fixed = [&](TypeKind k) { return typed(types::makeType(k)); };
    if (f.name == "rand") return fixed(TypeKind::UInt32);
    if (f.name == "toUInt8") return fixed(TypeKind::UInt8);
    if (f.name == "toUUID") return fixed(TypeKind::UUID);
    if (f.name == "toIPv4") return fixed(TypeKind::IPv4);
    if (f.name == "defaultValueOfTypeName") return failed("UNSUPPORTED");
    if (f.name == "map") {
      if (args.size() != 2) return failed("UNSUPPORTED");
      return typed(types::makeMap(args[0].type, args[1].type));
    }
    if (f.name == "tuple") {
      std::vector<TypePtr> items;
      for (const Typed& t : args) items.push_back(t.type);
      return typed(types::makeTuple(std::move(items)));
    }
    if (f.name == "finalizeAggregation") {
      if (args.size() != 1) return failed("NUMBER_OF_ARGUMENTS_DOESNT_MATCH");
      CallResult r = typeAggregateStateResult(args[0].type);
      return r.ok() ? typed(r.type) : failed(r.error_code);
    }
    std::vector<Argument> call_args;
    for (const Typed& t : args) call_args.push_back({t.type, t.constant});
    std::vector<ConstantValue> params;
    for (const auto& p : f.parameters) {
      auto v = parameter(*p);
      if (!v) return failed("UNSUPPORTED");
      params.push_back(std::move(*v));
    }
    if (!aggregate) return failed("UNKNOWN_FUNCTION");
    CallResult r = typeAggregateCall(f.name, call_args, params);
    return r.ok() ? typed(r.type) : failed(r.error_code);
  }
};

inline Typed typeText(ProbeHarness& harness, std::string_view text) {
  DiagnosticSink sink;
  SourceMap map;
  sql::ExprPtr e = sql::parseExpression(text, map, sink);
  if (!e) return failed("SYNTAX_ERROR");
  return harness.type(*e);
}

/// Types a probe expression: a call, optionally followed by ` FROM (SELECT <inner> AS x)`, or a
/// window call followed by ` OVER ()`.
inline Typed typeProbe(std::string_view expression) {
  ProbeHarness harness;
  std::string_view outer = expression;
  if (size_t from = expression.find(" FROM (SELECT "); from != std::string_view::npos) {
    outer = expression.substr(0, from);
    std::string_view inner = expression.substr(from + 14);
    size_t as = inner.rfind(" AS ");
    if (as == std::string_view::npos || !inner.ends_with(")")) return failed("UNSUPPORTED");
    std::string alias(inner.substr(as + 4, inner.size() - as - 5));
    Typed column = typeText(harness, inner.substr(0, as));
    if (!column.ok()) return column;
    harness.columns[alias] = column.type;
  }
  if (outer.ends_with(" OVER ()")) outer.remove_suffix(8);
  return typeText(harness, outer);
}

/// The first `relative` path found under the working directory or one of its parents (ctest runs
/// in the build tree, inside the repository, which sits beside ../shared); empty when none.
inline std::filesystem::path findUpwards(const std::filesystem::path& relative) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::path dir = fs::current_path(ec); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / relative)) return dir / relative;
    if (dir == dir.parent_path()) break;
  }
  return {};
}

struct ProbeTally {
  size_t rows = 0, exact = 0, errors = 0, errors_rejected = 0, unsupported = 0;
  double percent() const { return rows ? 100.0 * static_cast<double>(exact) / static_cast<double>(rows) : 0.0; }
};

struct ProbeSummary {
  std::map<std::string, ProbeTally> groups;
  ProbeTally total;
  std::vector<std::string> accepted_errors;  ///< ERROR rows this typer accepted
};

/// Types every row of a probe file (`group<TAB>expression<TAB>type or ERROR <code>`, header
/// first) whose group starts with `prefix`, prints the agreement per group, and prints the
/// disagreeing rows of group `details` (or of all groups for "all").
inline ProbeSummary checkProbeFile(const std::filesystem::path& path, std::string_view prefix,
                                   std::string_view details) {
  ProbeSummary summary;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    if (t1 == std::string::npos || t2 == std::string::npos) continue;
    std::string group = line.substr(0, t1);
    if (!group.starts_with(prefix)) continue;
    std::string expr = line.substr(t1 + 1, t2 - t1 - 1), expected = line.substr(t2 + 1);
    Typed result = typeProbe(expr);
    std::string got = result.ok() ? types::toString(result.type) : "ERROR " + result.error;
    bool expect_error = expected.starts_with("ERROR");
    bool agree = expect_error ? !result.ok() && result.error != "UNSUPPORTED" : got == expected;
    for (ProbeTally* t : {&summary.groups[group], &summary.total}) {
      ++t->rows;
      t->exact += agree;
      t->errors += expect_error;
      t->errors_rejected += expect_error && agree;
      t->unsupported += result.error == "UNSUPPORTED";
    }
    if (expect_error && result.ok()) summary.accepted_errors.push_back(expr + " => " + got);
    if (!agree && (details == "all" || details == group))
      std::printf("%s\t%s\n    expected %s\n    got      %s\n", group.c_str(), expr.c_str(),
                  expected.c_str(), got.c_str());
  }
  std::printf("%-18s %7s %7s %8s %15s %11s\n", "group", "rows", "exact", "%", "errors rejected", "unsupported");
  auto row = [](const std::string& name, const ProbeTally& t) {
    std::printf("%-18s %7zu %7zu %7.2f%% %7zu/%-7zu %11zu\n", name.c_str(), t.rows, t.exact, t.percent(),
                t.errors_rejected, t.errors, t.unsupported);
  };
  for (const auto& [name, t] : summary.groups) row(name, t);
  row("total", summary.total);
  for (size_t i = 0; i < summary.accepted_errors.size() && i < 20; ++i)
    std::printf("accepted an ERROR row: %s\n", summary.accepted_errors[i].c_str());
  return summary;
}

}  // namespace ferry::functions::aggregate_test
