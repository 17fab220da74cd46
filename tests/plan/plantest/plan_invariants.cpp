#include "tests/plan/plantest/plan_invariants.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>

#include <fmt/format.h>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/plan/canonical_text.h"
#include "compiler/project/project.h"
#include "compiler/sql/printer.h"
#include "compiler/sqlparse/sql_parser.h"
#include "compiler/types/conversion.h"
#include "compiler/types/type_parser.h"

namespace ferry::plantest {

namespace {

using plan::AlterOp;
using plan::BackfillMethod;
using plan::Decision;

std::string firstError(const DiagnosticSink& sink) {
  for (const auto& d : sink.all())
    if (d.severity == Severity::Error) return fmt::format("{}: {}", diagName(d.id), d.message);
  return "no diagnostic";
}

// ---- (b) generated SQL ---------------------------------------------------------------------

/// Parses `text` with `parse` and prints it with `print`; nullopt (error in `why`) when it does
/// not parse without diagnostics.
template <class Parse, class Print>
std::optional<std::string> formatOnce(std::string_view text, Parse parse, Print print, std::string& why) {
  DiagnosticSink sink;
  auto tree = parse(text, SourceMap(kNoFile, 0), sink);
  if (!tree || sink.hasErrors()) {
    why = firstError(sink);
    return std::nullopt;
  }
  return print(tree);
}

/// format(parse(text)) must parse again and format to the same text.
template <class Parse, class Print>
void checkStable(const std::string& what, std::string_view text, Parse parse, Print print, InvariantReport& report) {
  ++report.checked;
  std::string why;
  auto once = formatOnce(text, parse, print, why);
  if (!once) {
    report.failures.push_back(fmt::format("(b) sql: {} does not parse ({}):\n{}", what, why, text));
    return;
  }
  auto twice = formatOnce(*once, parse, print, why);
  if (!twice) {
    report.failures.push_back(fmt::format("(b) sql: {} formatted does not parse again ({}):\n{}", what, why, *once));
    return;
  }
  if (*once != *twice)
    report.failures.push_back(
        fmt::format("(b) sql: {} is not stable under format -> parse -> format:\n{}\n--- then ---\n{}", what, *once,
                    *twice));
}

void checkQuery(const std::string& what, std::string_view text, InvariantReport& report) {
  checkStable(
      what, text, [](std::string_view t, const SourceMap& m, DiagnosticSink& s) { return sql::parseQuery(t, m, s); },
      [](const auto& tree) { return sql::printStatement(*tree, {.pretty = true}); }, report);
}

void checkExpression(const std::string& what, std::string_view text, InvariantReport& report) {
  checkStable(
      what, text,
      [](std::string_view t, const SourceMap& m, DiagnosticSink& s) { return sql::parseExpression(t, m, s); },
      [](const auto& tree) { return sql::printExpr(*tree); }, report);
}

void checkTypeName(const std::string& what, std::string_view text, InvariantReport& report) {
  checkStable(
      what, text, [](std::string_view t, const SourceMap& m, DiagnosticSink& s) { return sql::parseType(t, m, s); },
      [](const auto& tree) { return sql::printType(*tree); }, report);
}

void checkTtl(const std::string& what, std::string_view text, InvariantReport& report) {
  checkStable(
      what, text,
      [](std::string_view t, const SourceMap& m, DiagnosticSink& s) {
        auto list = sql::parseTtl(t, m, s);
        return list.empty() ? std::optional<decltype(list)>() : std::optional<decltype(list)>(std::move(list));
      },
      [](const auto& tree) { return sql::printTtl(*tree); }, report);
}

// ---- (c) schema effects --------------------------------------------------------------------

struct ShapeColumn {
  std::string name;
  std::string type;
  std::string default_expr;
  bool operator==(const ShapeColumn&) const = default;
};

struct ShapeIndex {
  std::string expr;
  std::string type;
  std::string granularity;
  bool operator==(const ShapeIndex&) const = default;
};

/// What ALTER operations can change, plus the engine settings they must leave alone.
struct Shape {
  std::vector<ShapeColumn> columns;
  std::string ttl;
  std::map<std::string, ShapeIndex> indexes;
  std::map<std::string, std::string> engine;  ///< ENGINE and ENGINE_* except ENGINE_TTL
};

/// `INTERVAL 60 DAY` is how ClickHouse reads `toIntervalDay(60)` (and prints it back that way):
/// spell both the same so that equal TTLs and defaults compare equal.
std::string normalizeIntervals(std::string text) {
  static const std::regex kInterval(R"(INTERVAL\s+('?)(-?[0-9]+)\1\s+(SECOND|MINUTE|HOUR|DAY|WEEK|MONTH|QUARTER|YEAR)\b)",
                                    std::regex::icase);
  std::string out;
  auto begin = std::sregex_iterator(text.begin(), text.end(), kInterval);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    std::string unit = m[3].str();
    for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    unit[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(unit[0])));
    out.append(text, last, static_cast<size_t>(m.position(0)) - last);
    out += "toInterval" + unit + "(" + m[2].str() + ")";
    last = static_cast<size_t>(m.position(0) + m.length(0));
  }
  out.append(text, last, std::string::npos);
  return out;
}

std::string canonicalType(std::string_view text) {
  auto parsed = types::parseTypeName(text);
  return parsed.ok() ? types::toString(parsed.type) : "<unparsed " + std::string(text) + ">";
}

std::string canonicalExpr(std::string_view text) {
  if (text.empty()) return {};
  DiagnosticSink sink;
  auto e = sql::parseExpression(text, SourceMap(kNoFile, 0), sink);
  return e ? normalizeIntervals(sql::printExpr(*e)) : "<unparsed " + std::string(text) + ">";
}

std::string canonicalTtl(std::string_view text) {
  if (plan::collapseWhitespace(text).empty()) return {};
  DiagnosticSink sink;
  auto list = sql::parseTtl(text, SourceMap(kNoFile, 0), sink);
  return list.empty() ? "<unparsed " + std::string(text) + ">" : normalizeIntervals(sql::printTtl(list));
}

ShapeIndex canonicalIndex(std::string_view expr, std::string_view type, std::string_view granularity) {
  std::string g = plan::collapseWhitespace(granularity);
  std::string t;
  for (char c : type)
    if (c != ' ' && c != '\t' && c != '\n') t += c;
  return {canonicalExpr(expr), t, g.empty() ? "1" : g};
}

Shape shapeOf(const project::Resource& r) {
  Shape shape;
  for (const auto& c : r.columns) {
    ShapeColumn col;
    col.name = c.column->name.text;
    if (c.type) {
      auto t = types::typeFromSyntax(*c.type);
      col.type = t.ok() ? types::toString(t.type) : "<invalid " + c.column->type.text + ">";
    }
    if (c.default_expr) col.default_expr = normalizeIntervals(sql::printExpr(*c.default_expr));
    shape.columns.push_back(std::move(col));
  }
  if (!r.ttl.empty()) shape.ttl = normalizeIntervals(sql::printTtl(r.ttl));
  if (const auto* ds = r.datafile.datasource()) {
    for (const auto& idx : ds->indexes)
      shape.indexes[idx.name.text] = canonicalIndex(idx.expr.text, idx.type.text, idx.granularity.text);
    for (const auto& s : ds->engine) {
      if (s.name == "ENGINE_TTL") continue;
      auto it = r.engine_exprs.find(s.name);
      if (it != r.engine_exprs.end()) {
        std::vector<std::string> parts;
        for (const auto& e : it->second) parts.push_back(normalizeIntervals(sql::printExpr(*e)));
        shape.engine[s.name] = fmt::format("{}", fmt::join(parts, ", "));
      } else {
        std::string v = plan::collapseWhitespace(s.value);
        if (v.size() > 2 && v.substr(v.size() - 2) == "()") v.resize(v.size() - 2);
        shape.engine[s.name] = v;
      }
    }
    if (!shape.engine.count("ENGINE")) shape.engine["ENGINE"] = "MergeTree";
  }
  return shape;
}

std::string describeColumns(const std::vector<ShapeColumn>& cols) {
  std::vector<std::string> parts;
  for (const auto& c : cols)
    parts.push_back(c.default_expr.empty() ? fmt::format("{} {}", c.name, c.type)
                                           : fmt::format("{} {} DEFAULT {}", c.name, c.type, c.default_expr));
  return fmt::format("[{}]", fmt::join(parts, ", "));
}

/// Differences between two shapes, one sentence each.
std::vector<std::string> shapeDifferences(const Shape& got, const Shape& want) {
  std::vector<std::string> out;
  if (got.columns != want.columns)
    out.push_back(fmt::format("columns {} instead of {}", describeColumns(got.columns), describeColumns(want.columns)));
  if (got.ttl != want.ttl) out.push_back(fmt::format("TTL `{}` instead of `{}`", got.ttl, want.ttl));
  if (got.indexes != want.indexes) {
    std::vector<std::string> g, w;
    for (const auto& [n, i] : got.indexes) g.push_back(fmt::format("{} {} TYPE {} GRANULARITY {}", n, i.expr, i.type, i.granularity));
    for (const auto& [n, i] : want.indexes) w.push_back(fmt::format("{} {} TYPE {} GRANULARITY {}", n, i.expr, i.type, i.granularity));
    out.push_back(fmt::format("indexes [{}] instead of [{}]", fmt::join(g, "; "), fmt::join(w, "; ")));
  }
  if (got.engine != want.engine) {
    std::vector<std::string> g, w;
    for (const auto& [k, v] : got.engine) g.push_back(k + "=" + v);
    for (const auto& [k, v] : want.engine) w.push_back(k + "=" + v);
    out.push_back(fmt::format("engine [{}] instead of [{}]", fmt::join(g, "; "), fmt::join(w, "; ")));
  }
  return out;
}

/// Replays the ALTER operations over `shape`; an operation that does not apply is an error.
std::vector<std::string> applyAlters(Shape& shape, const std::vector<AlterOp>& ops) {
  std::vector<std::string> errors;
  auto find = [&](const std::string& name) {
    return std::find_if(shape.columns.begin(), shape.columns.end(), [&](const auto& c) { return c.name == name; });
  };
  for (const auto& op : ops) {
    switch (op.kind) {
      case AlterOp::Kind::AddColumn: {
        if (find(op.column) != shape.columns.end()) {
          errors.push_back(fmt::format("`{}` adds column `{}`, which exists", op.sql, op.column));
          break;
        }
        auto at = shape.columns.begin();
        if (!op.after.empty()) {
          at = find(op.after);
          if (at == shape.columns.end()) {
            errors.push_back(fmt::format("`{}` adds after `{}`, which does not exist", op.sql, op.after));
            break;
          }
          ++at;
        }
        shape.columns.insert(at, {op.column, canonicalType(op.type), canonicalExpr(op.default_expr)});
        break;
      }
      case AlterOp::Kind::DropColumn: {
        auto it = find(op.column);
        if (it == shape.columns.end())
          errors.push_back(fmt::format("`{}` drops column `{}`, which does not exist", op.sql, op.column));
        else
          shape.columns.erase(it);
        break;
      }
      case AlterOp::Kind::ModifyColumn:
      case AlterOp::Kind::ModifyDefault: {
        auto it = find(op.column);
        if (it == shape.columns.end()) {
          errors.push_back(fmt::format("`{}` modifies column `{}`, which does not exist", op.sql, op.column));
          break;
        }
        if (op.kind == AlterOp::Kind::ModifyColumn) {
          if (!op.type.empty()) it->type = canonicalType(op.type);
          if (!op.default_expr.empty()) it->default_expr = canonicalExpr(op.default_expr);
        } else {
          it->default_expr = canonicalExpr(op.default_expr);
        }
        break;
      }
      case AlterOp::Kind::ModifyTtl: shape.ttl = canonicalTtl(op.expression); break;
      case AlterOp::Kind::AddIndex:
        if (shape.indexes.count(op.column))
          errors.push_back(fmt::format("`{}` adds index `{}`, which exists", op.sql, op.column));
        shape.indexes[op.column] = canonicalIndex(op.expression, op.index_type, op.granularity);
        break;
      case AlterOp::Kind::DropIndex:
        if (!shape.indexes.erase(op.column))
          errors.push_back(fmt::format("`{}` drops index `{}`, which does not exist", op.sql, op.column));
        break;
      case AlterOp::Kind::ModifyQuery:
        errors.push_back(fmt::format("`{}` (MODIFY QUERY) on a datasource", op.sql));
        break;
    }
  }
  return errors;
}

/// The live table as the forward query's FROM sees it.
class LiveTable final : public analyze::TableResolver {
 public:
  LiveTable(std::string name, const analyze::Schema& schema) : name_(std::move(name)), schema_(schema) {}
  const analyze::Schema* findTable(const std::vector<std::string>& parts) const override {
    return parts.size() == 1 && parts[0] == name_ ? &schema_ : nullptr;
  }

 private:
  std::string name_;
  const analyze::Schema& schema_;
};

std::string describeSchema(const analyze::Schema& schema, size_t count) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < count && i < schema.size(); ++i)
    parts.push_back(fmt::format("{} {}", schema[i].name, types::toString(schema[i].type)));
  return fmt::format("[{}]", fmt::join(parts, ", "));
}

/// The query's output `a` fills the columns `b` (the first `count`): same names, and types equal
/// or converting losslessly (the backfill's INSERT casts them, as ClickHouse does).
bool sameColumns(const analyze::Schema& a, const analyze::Schema& b, size_t count) {
  if (a.size() != count || b.size() < count) return false;
  for (size_t i = 0; i < count; ++i) {
    if (a[i].name != b[i].name || !a[i].type || !b[i].type) return false;
    if (types::classifyConversion(*a[i].type, *b[i].type) > types::ConversionKind::Lossless) return false;
  }
  return true;
}

/// Whether the planner reported an error in one of the resource's files.
bool hasErrorFor(const DiagnosticSink& sink, const project::Resource* a, const project::Resource* b) {
  for (const auto& d : sink.all()) {
    if (d.severity != Severity::Error || !d.span.valid()) continue;
    if ((a && d.span.file == a->datafile.file) || (b && d.span.file == b->datafile.file)) return true;
  }
  return false;
}

void checkForwardQuery(const plan::ResourcePlan& r, const project::Resource& nres, const plan::ProjectView& live,
                       const plan::ProjectView& next, InvariantReport& report) {
  const auto* live_ds = live.analysis ? live.analysis->datasource(r.name) : nullptr;
  const auto* new_ds = next.analysis ? next.analysis->datasource(r.name) : nullptr;
  if (!live_ds || !new_ds || !live_ds->complete || !new_ds->complete) {
    ++report.not_checkable;
    report.skipped.push_back(fmt::format("(c) datasource `{}`: a schema is incomplete", r.name));
    return;
  }
  ++report.checked;
  std::string text = r.backfill.sql + "\nFROM `" + r.name + "`";
  DiagnosticSink sink;
  auto stmt = sql::parseQuery(text, SourceMap(kNoFile, 0), sink);
  if (!stmt) {
    report.failures.push_back(
        fmt::format("(c) schema: datasource `{}`: the forward query does not parse ({})", r.name, firstError(sink)));
    return;
  }
  LiveTable table(r.name, live_ds->columns);
  auto analysis = analyze::analyzeQuery(*stmt, table, sink);
  if (!analysis.ok) {
    report.failures.push_back(fmt::format("(c) schema: datasource `{}`: the forward query does not type over the live "
                                          "schema ({})",
                                          r.name, firstError(sink)));
    return;
  }
  // The declared columns, or all of them when the query also carries implicit (connector) ones.
  size_t declared = std::min(nres.columns.size(), new_ds->columns.size());
  if (sameColumns(analysis.output, new_ds->columns, declared) ||
      sameColumns(analysis.output, new_ds->columns, new_ds->columns.size()))
    return;
  report.failures.push_back(fmt::format("(c) schema: datasource `{}`: the forward query gives {} over the live table, "
                                        "the new datasource has {}",
                                        r.name, describeSchema(analysis.output, analysis.output.size()),
                                        describeSchema(new_ds->columns, declared)));
}

}  // namespace

void checkSelfPlan(const std::string& label, const plan::Plan& plan, const DiagnosticSink& sink,
                   InvariantReport& report) {
  ++report.checked;
  if (!plan.empty()) {
    std::vector<std::string> busy;
    for (const auto& r : plan.resources) {
      if (r.decision == Decision::Unchanged) continue;
      std::vector<std::string> causes;
      for (const auto& c : r.causes) causes.push_back(c.code + ": " + c.text);
      busy.push_back(fmt::format("{} {} {} ({})", project::resourceKindName(r.kind), r.name, decisionName(r.decision),
                                 fmt::join(causes, "; ")));
    }
    report.failures.push_back(
        fmt::format("(a) self: plan({0}, {0}) is not empty: {1}", label, fmt::join(busy, " | ")));
  }
  ++report.checked;
  for (const auto& d : sink.all())
    if (d.severity == Severity::Error && diagName(d.id).substr(0, 5) == "PLAN_")
      report.failures.push_back(
          fmt::format("(a) self: plan({0}, {0}) reports {1}: {2}", label, diagName(d.id), d.message));
}

void checkGeneratedSql(const plan::Plan& plan, InvariantReport& report) {
  for (const auto& r : plan.resources) {
    std::string who = fmt::format("{} `{}`", project::resourceKindName(r.kind), r.name);
    if (r.backfill.method == BackfillMethod::ForwardQuery && !r.backfill.sql.empty())
      checkQuery(who + " forward query", r.backfill.sql, report);
    for (const auto& op : r.alter) {
      ++report.checked;
      if (op.sql.rfind("ALTER TABLE ", 0) != 0)
        report.failures.push_back(fmt::format("(b) sql: {}: `{}` is not an ALTER TABLE statement", who, op.sql));
      std::string what = fmt::format("{} `{}`", who, op.sql);
      switch (op.kind) {
        case AlterOp::Kind::AddColumn:
        case AlterOp::Kind::ModifyColumn:
        case AlterOp::Kind::ModifyDefault:
          if (!op.type.empty()) checkTypeName(what + " type", op.type, report);
          if (!op.default_expr.empty()) checkExpression(what + " default", op.default_expr, report);
          break;
        case AlterOp::Kind::ModifyTtl:
          if (!op.expression.empty()) checkTtl(what + " TTL", op.expression, report);
          break;
        case AlterOp::Kind::AddIndex: checkExpression(what + " index expression", op.expression, report); break;
        case AlterOp::Kind::ModifyQuery: checkQuery(what + " query", op.expression, report); break;
        case AlterOp::Kind::DropColumn:
        case AlterOp::Kind::DropIndex: break;
      }
    }
  }
}

void checkSchemaEffects(const plan::Plan& plan, const plan::ProjectView& live, const plan::ProjectView& next,
                        const DiagnosticSink& plan_sink, InvariantReport& report) {
  for (const auto& r : plan.resources) {
    if (r.kind != project::ResourceKind::Datasource) continue;
    const auto* lres = live.project ? live.project->find(r.name) : nullptr;
    const auto* nres = next.project ? next.project->find(r.name) : nullptr;
    switch (r.decision) {
      case Decision::Create:
      case Decision::Delete: continue;
      case Decision::Update:
        ++report.checked;
        report.failures.push_back(fmt::format("(c) schema: datasource `{}` has the pipe decision update", r.name));
        continue;
      default: break;
    }
    if (!lres || !nres || !lres->datafile.datasource() || !nres->datafile.datasource()) {
      ++report.checked;
      report.failures.push_back(fmt::format("(c) schema: datasource `{}` is {} but is missing from the {} project",
                                            r.name, decisionName(r.decision), lres ? "new" : "live"));
      continue;
    }
    // A datasource shared by another workspace (vendor/<ws>/...) changes with its owner's
    // deployments, not this one: its schema may differ while this plan leaves it alone.
    if (r.name.find('.') != std::string::npos) {
      ++report.not_checkable;
      report.skipped.push_back(fmt::format("(c) datasource `{}`: shared by another workspace", r.name));
      continue;
    }
    auto want = shapeOf(*nres);
    if (r.decision == Decision::Unchanged || r.decision == Decision::Metadata || r.decision == Decision::Alter) {
      ++report.checked;
      auto got = shapeOf(*lres);
      std::vector<std::string> problems;
      if (r.decision == Decision::Alter) problems = applyAlters(got, r.alter);
      else if (!r.alter.empty()) problems.push_back("ALTER operations on a datasource that is " + std::string(decisionName(r.decision)));
      for (auto& d : shapeDifferences(got, want)) problems.push_back(std::move(d));
      for (const auto& p : problems)
        report.failures.push_back(fmt::format("(c) schema: datasource `{}` ({}): {}", r.name, decisionName(r.decision),
                                              p));
      continue;
    }
    // Rewrite.
    if (hasErrorFor(plan_sink, lres, nres)) {
      ++report.not_checkable;
      report.skipped.push_back(fmt::format("(c) datasource `{}`: the plan reports an error for it", r.name));
      continue;
    }
    switch (r.backfill.method) {
      case BackfillMethod::ForwardQuery: checkForwardQuery(r, *nres, live, next, report); break;
      case BackfillMethod::MvQuery:
      case BackfillMethod::Skip:
        ++report.not_checkable;
        report.skipped.push_back(
            fmt::format("(c) datasource `{}`: backfilled by {}", r.name, backfillMethodName(r.backfill.method)));
        break;
      case BackfillMethod::None:
        ++report.checked;
        report.failures.push_back(
            fmt::format("(c) schema: datasource `{}` is rewritten without a backfill and without an error", r.name));
        break;
    }
  }
}

}  // namespace ferry::plantest
