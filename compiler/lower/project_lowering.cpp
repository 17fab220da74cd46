/// Datasources -> table definitions (columns with codecs, engine, keys and TTL as expressions,
/// ingestion columns with jsonpaths and DEFAULTs, and the quarantine table), and materialized
/// pipes -> view definitions (the node's plan, converted to the target's columns by name).
#include <algorithm>

#include "compiler/analyze/project_tables.h"
#include "compiler/lower/lowering.h"
#include "compiler/lower/project_context.h"
#include "compiler/sql/printer.h"
#include "compiler/sqlparse/sql_parser.h"
#include "compiler/types/data_type.h"

namespace ferry::lower {

namespace {

/// The one table key expressions read: the datasource's own columns.
class OneTable final : public analyze::TableResolver, public TableLowering {
 public:
  OneTable(std::string name, const analyze::Schema& columns) : name_(std::move(name)), columns_(columns) {}
  const analyze::Schema* findTable(const std::vector<std::string>& parts) const override {
    return parts.size() == 1 && parts[0] == "__table" ? &columns_ : nullptr;
  }
  rt::PlanPtr table(const std::vector<std::string>& parts, bool final, const sql::Node* at) override {
    if (parts.size() != 1 || parts[0] != "__table") return nullptr;
    return ProjectContext::scan(name_, columns_, final, at);
  }

 private:
  std::string name_;
  const analyze::Schema& columns_;
};

/// Expressions over the table's columns: `SELECT e1, e2 FROM __table`, analyzed and lowered;
/// the select list's expressions read the scan's columns directly.
std::vector<rt::ExprPtr> lowerOverTable(const std::vector<std::string>& texts, OneTable& table, std::string* error) {
  if (texts.empty()) return {};
  std::string sql = "SELECT ";
  for (size_t i = 0; i < texts.size(); ++i) sql += (i ? ", " : "") + texts[i];
  sql += " FROM __table";
  DiagnosticSink quiet;
  auto statement = sql::parseQuery(sql, SourceMap(kNoFile, 0), quiet);
  if (!statement || !statement->query || !statement->query->is<sql::SelectQuery>()) {
    *error = "`" + sql + "` does not parse";
    return {};
  }
  analyze::AnalyzeOptions options;
  options.record_resolution = true;
  auto result = analyze::analyzeQuery(*statement, table, quiet, options);
  if (!result.ok) {
    for (const auto& d : quiet.all())
      if (d.severity == Severity::Error) {
        *error = std::string(diagName(d.id)) + ": " + d.message;
        break;
      }
    return {};
  }
  const auto& select = statement->query->as<sql::SelectQuery>();
  auto res = result.selects.find(&select);
  if (res == result.selects.end() || res->second->sources.empty()) {
    *error = "the analyzer did not resolve `" + sql + "`";
    return {};
  }
  QueryLowerer lowerer(result, table);
  QueryLowerer::Frame frame;
  const auto& source = res->second->sources[0];
  frame.plan = table.table({"__table"}, false, nullptr);
  for (uint32_t i = 0; i < source.columns.size(); ++i)
    frame.columns[{analyze::ResolvedExpr::Origin::Source, source.id, i}] = makeInput(i, frame.plan->output[i].type);
  std::vector<rt::ExprPtr> out;
  for (const auto& item : res->second->items) {
    if (item.expr && (item.expr->has_aggregate || item.expr->kind == analyze::ResolvedKind::Aggregate ||
                      item.expr->has_window)) {
      throw LowerError{DiagId::LOWER_UNSUPPORTED, "an aggregate in a table key", {}};
    }
    out.push_back(lowerer.expr(item.expr, frame));
  }
  return out;
}

const datafile::Setting* findSetting(const std::vector<datafile::Setting>& settings, std::string_view name) {
  const datafile::Setting* found = nullptr;
  for (const auto& s : settings)
    if (s.name == name) found = &s;
  return found;
}

std::vector<std::string> splitKeys(const std::string& text) {
  DiagnosticSink quiet;
  auto list = sql::parseExpressionList(text, SourceMap(kNoFile, 0), quiet);
  std::vector<std::string> out;
  if (list.size() == 1 && list[0]) {
    const sql::Expr& e = *list[0];
    const sql::ExprList* elements = nullptr;
    if (const auto* t = e.tryAs<sql::TupleExpr>()) elements = &t->elements;
    if (const auto* f = e.tryAs<sql::FunctionCall>(); f && f->name == "tuple" && !f->has_parameters) elements = &f->args;
    if (elements) {
      for (const auto& x : *elements)
        if (x) out.push_back(sql::printExpr(*x));
      return out;
    }
  }
  for (const auto& x : list)
    if (x) out.push_back(sql::printExpr(*x));
  return out;
}

std::string stripCodec(std::string codec) {
  while (!codec.empty() && codec.front() == ' ') codec.erase(0, 1);
  if (codec.size() >= 2 && codec.front() == '(' && codec.back() == ')') codec = codec.substr(1, codec.size() - 2);
  return codec;
}

std::optional<rt::EngineKind> engineKind(std::string name) {
  if (auto paren = name.find('('); paren != std::string::npos) name = name.substr(0, paren);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (name.empty() || name == "MergeTree") return rt::EngineKind::MergeTree;
  if (name == "ReplacingMergeTree") return rt::EngineKind::ReplacingMergeTree;
  if (name == "SummingMergeTree") return rt::EngineKind::SummingMergeTree;
  if (name == "AggregatingMergeTree") return rt::EngineKind::AggregatingMergeTree;
  if (name == "CollapsingMergeTree") return rt::EngineKind::CollapsingMergeTree;
  if (name == "VersionedCollapsingMergeTree") return rt::EngineKind::VersionedCollapsingMergeTree;
  if (name == "Null") return rt::EngineKind::Null;
  return std::nullopt;
}

std::vector<std::string> splitNames(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + ",") {
    if (c == ',') {
      while (!cur.empty() && (cur.back() == ' ' || cur.back() == '`')) cur.pop_back();
      size_t b = cur.find_first_not_of(" `");
      if (b != std::string::npos) out.push_back(cur.substr(b));
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

/// The datasource as a table definition; throws LowerError.
rt::TableDefinition lowerDatasource(const analyze::DatasourceSchema& ds, const project::Project& project) {
  rt::TableDefinition def;
  def.spec.name = ds.name;
  const project::Resource* resource = ds.resource;
  std::vector<datafile::Setting> engine;
  const datafile::Datasource* file = resource ? resource->datafile.datasource() : nullptr;
  if (ds.declared_by_pipe && resource) {
    for (const auto& n : resource->nodes)
      if (!n.node->engine.empty()) engine = n.node->engine;
  } else if (file) {
    engine = file->engine;
  }
  (void)project;
  for (const auto& c : ds.columns) {
    rt::ColumnSpec spec;
    spec.name = c.name;
    spec.type = requireType(c.type, nullptr);
    if (file) {
      for (const auto& fc : file->columns)
        if (fc.name.text == c.name && !fc.codec.empty()) spec.codec = stripCodec(fc.codec.text);
    }
    def.spec.columns.push_back(std::move(spec));
  }
  const datafile::Setting* kind = findSetting(engine, "ENGINE");
  auto engine_kind = engineKind(kind ? kind->value : "MergeTree");
  if (!engine_kind) unsupported("the engine `" + kind->value + "`");
  def.spec.engine.kind = *engine_kind;
  auto setting = [&](std::string_view name) -> std::string {
    const auto* s = findSetting(engine, name);
    return s ? s->value : std::string();
  };
  def.spec.engine.version_column = setting("ENGINE_VER");
  if (def.spec.engine.version_column.empty()) def.spec.engine.version_column = setting("ENGINE_VERSION");
  def.spec.engine.is_deleted_column = setting("ENGINE_IS_DELETED");
  def.spec.engine.sign_column = setting("ENGINE_SIGN");
  def.spec.engine.summing_columns = splitNames(setting("ENGINE_SUMMING_COLUMNS"));

  OneTable table(ds.name, ds.columns);
  std::string error;
  auto fail = [&](const std::string& what) {
    throw LowerError{DiagId::LOWER_UNSUPPORTED, "the " + what + " of `" + ds.name + "`: " + error, {}};
  };
  // Partition key, sorting key, TTL: the KeyEvaluator's order (TableSpec).
  std::string partition = setting("ENGINE_PARTITION_KEY");
  auto partition_keys = splitKeys(partition);
  if (!partition_keys.empty()) {
    std::string text = partition_keys.size() == 1 ? partition_keys[0] : "tuple(" + partition + ")";
    auto e = lowerOverTable({text}, table, &error);
    if (e.empty()) fail("partition key");
    def.spec.has_partition_key = true;
    def.key_exprs.push_back(e[0]);
  }
  auto sorting = splitKeys(setting("ENGINE_SORTING_KEY"));
  if (!sorting.empty()) {
    auto e = lowerOverTable(sorting, table, &error);
    if (e.empty()) fail("sorting key");
    def.spec.sorting_key_size = e.size();
    def.spec.sorting_key_names = sorting;
    def.key_exprs.insert(def.key_exprs.end(), e.begin(), e.end());
  }
  std::string ttl = setting("ENGINE_TTL");
  if (!ttl.empty()) {
    DiagnosticSink quiet;
    auto elements = sql::parseTtl(ttl, SourceMap(kNoFile, 0), quiet);
    std::vector<std::string> deletes;
    for (const auto& el : elements) {
      if (!el || !el->expr) continue;
      if (el->action == sql::TtlAction::ToDisk || el->action == sql::TtlAction::ToVolume ||
          el->action == sql::TtlAction::Recompress)
        continue;  // moves between disks change where data lives, never what a query returns
      if (el->where || el->action == sql::TtlAction::GroupBy) unsupported("TTL ... WHERE / GROUP BY of `" + ds.name + "`");
      deletes.push_back(sql::printExpr(*el->expr));
    }
    if (deletes.size() > 1) unsupported("several DELETE TTL rules of `" + ds.name + "`");
    if (deletes.empty() && elements.empty()) {
      error = "ENGINE_TTL does not parse";
      fail("TTL");
    }
    if (deletes.size() == 1) {
      auto e = lowerOverTable(deletes, table, &error);
      if (e.empty()) fail("TTL");
      auto datetime = lowerType(types::makeDateTime());
      def.spec.has_ttl = true;
      def.key_exprs.push_back(e[0]->type && e[0]->type->kind == rt::TypeKind::DateTime ? e[0] : makeCast(e[0], datetime));
    }
  }
  // Ingestion: jsonpaths and DEFAULTs (over the table's columns).
  for (size_t i = 0; i < ds.columns.size(); ++i) {
    rt::IngestColumn column;
    column.name = ds.columns[i].name;
    column.type = def.spec.columns[i].type;
    if (file && resource) {
      for (size_t k = 0; k < file->columns.size(); ++k) {
        const auto& fc = file->columns[k];
        if (fc.name.text != column.name) continue;
        column.jsonpath = fc.json_path.text;
        if (!fc.default_expr.empty()) {
          auto e = lowerOverTable({fc.default_expr.text}, table, &error);
          if (e.empty()) fail("DEFAULT of column `" + column.name + "`");
          column.default_expr = makeCast(e[0], column.type);
        }
      }
    }
    def.ingest_columns.push_back(std::move(column));
  }
  return def;
}

rt::TableDefinition quarantineTable(const analyze::DatasourceSchema& ds) {
  rt::TableDefinition def;
  def.spec.name = ds.name + "_quarantine";
  for (const auto& c : analyze::quarantineSchema(ds.columns)) {
    auto type = requireType(c.type, nullptr);
    def.spec.columns.push_back({c.name, type, {}});
    def.ingest_columns.push_back({c.name, type, {}, nullptr});
  }
  return def;
}

/// The table the plan's FROM chain reads first (left-most Scan).
const rt::PlanNode* leftmostScan(const rt::PlanNode& plan) {
  const rt::PlanNode* p = &plan;
  while (p->kind != rt::PlanKind::Scan) {
    if (p->children.empty() || !p->children[0]) return nullptr;
    p = p->children[0].get();
  }
  return p;
}

}  // namespace

LoweredProject lowerProject(const project::Project& project, const analyze::ProjectAnalysis& analysis,
                            DiagnosticSink& sink) {
  LoweredProject out;
  for (const auto& ds : analysis.datasources) {
    try {
      if (!ds.complete) unsupported("the datasource `" + ds.name + "`: a column type did not parse");
      out.tables.push_back(lowerDatasource(ds, project));
      out.tables.push_back(quarantineTable(ds));
    } catch (const LowerError& e) {
      sink.report(e.id, e.span.valid() ? e.span : Span{}, "cannot run " + e.message + " yet");
      out.ok = false;
    }
  }
  ProjectContext ctx(project, analysis, sink);
  for (const auto& pipe : analysis.pipes) {
    const project::Resource& resource = *pipe.resource;
    for (size_t i = 0; i < resource.nodes.size(); ++i) {
      const auto* node = resource.nodes[i].node;
      if (node->node_type != datafile::NodeType::Materialized) continue;
      std::string target = resource.writes ? resource.writes->name : (node->datasource ? node->datasource->value : "");
      try {
        if (target.empty()) unsupported("the materialized node `" + node->name.text + "` without a target datasource");
        const project::Resource* written = project.find(target);
        const auto* target_schema = analysis.datasource(written ? written->name : target);
        if (!target_schema) unsupported("the materialized target `" + target + "`");
        auto& run = ctx.pipe(resource, nullptr);
        rt::PlanPtr plan = ctx.lowerNode(run, i);
        const rt::PlanNode* scan = leftmostScan(*plan);
        if (!scan) unsupported("the materialized pipe `" + resource.name + "`: its FROM reads no datasource");
        // The output converted to the target's columns, by name.
        std::vector<rt::ExprPtr> exprs;
        auto project_node = makeNode(rt::PlanKind::Project, {plan});
        for (const auto& column : target_schema->columns) {
          for (size_t k = 0; k < plan->output.size(); ++k) {
            if (plan->output[k].name != column.name) continue;
            auto type = requireType(column.type, nullptr);
            project_node->exprs.push_back(makeCast(makeInput(k, plan->output[k].type), type));
            project_node->output.push_back({column.name, type});
            break;
          }
        }
        rt::ViewDefinition view;
        view.name = resource.name;
        view.source = scan->table;
        view.target = target_schema->name;
        view.plan = project_node;
        out.views.push_back(std::move(view));
      } catch (const LowerError& e) {
        std::string message = e.message;
        if (e.id == DiagId::LOWER_UNSUPPORTED) message = "cannot run " + message + " yet";
        sink.report(e.id, e.span, "materialized pipe `" + resource.name + "`: " + message);
        out.ok = false;
      }
    }
  }
  return out;
}

}  // namespace ferry::lower
