/// FROM: tables, table functions, subqueries and CTEs become sources; JOIN adds USING columns
/// (typed as the common type of both sides; with join_use_nulls = 0 outer-joined columns keep
/// their types) and ON conditions; ARRAY JOIN adds element columns.
#include <algorithm>
#include <cctype>

#include "compiler/analyze/column_names.h"
#include "compiler/analyze/select_analyzer.h"
#include "compiler/types/supertype.h"

namespace ferry::analyze {

namespace {

using types::TypeKind;

std::string joinParts(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + parts[i];
  return out;
}

const sql::WithItem* findCte(const QueryScope& scope, const std::string& name) {
  for (const QueryScope* s = &scope; s != nullptr; s = s->parent) {
    if (auto it = s->ctes.find(name); it != s->ctes.end()) return it->second;
  }
  return nullptr;
}

/// The virtual columns of a MergeTree table (the engine of every datasource).
void addMergeTreeVirtuals(TableSource& source) {
  auto lc = types::makeLowCardinality(types::makeType(TypeKind::String));
  auto u64 = types::makeType(TypeKind::UInt64);
  source.virtuals = {
      {"_part", lc},          {"_part_index", u64},    {"_partition_id", lc},   {"_sample_factor", types::makeType(TypeKind::Float64)},
      {"_part_offset", u64},  {"_table", lc},          {"_database", lc},       {"_part_uuid", types::makeType(TypeKind::UUID)},
      {"_row_exists", types::makeType(TypeKind::UInt8)}, {"_block_number", u64}, {"_block_offset", u64},
      {"_part_data_version", u64}, {"_disk_name", lc}, {"_part_starting_offset", u64},
  };
}

/// `_table` and `_database`, which every storage has (system.one and table functions too).
void addCommonVirtuals(TableSource& source) {
  auto lc = types::makeLowCardinality(types::makeType(TypeKind::String));
  source.virtuals.emplace("_table", lc);
  source.virtuals.emplace("_database", lc);
}

bool needsAlias(const sql::TableExpr& t) {
  if (const auto* s = t.tryAs<sql::SubqueryRef>()) return s->alias.empty();
  if (const auto* f = t.tryAs<sql::TableFunctionRef>()) return f->alias.empty();
  return false;
}

/// A recursive CTE read inside its own definition: its columns are those of its first
/// (non-recursive) SELECT, analyzed quietly (the whole CTE reports its own problems).
Schema recursiveCteSchema(AnalysisRun& run, const sql::WithItem& cte, QueryScope* scope) {
  const sql::Query* q = cte.query.get();
  while (q) {
    if (const auto* set = q->tryAs<sql::SetQuery>()) {
      q = set->left.get();
    } else if (const auto* paren = q->tryAs<sql::ParenQuery>()) {
      q = paren->inner.get();
    } else {
      break;
    }
  }
  if (!q || !q->is<sql::SelectQuery>() || run.depth > 400) return {};
  DiagnosticSink quiet;
  AnalysisRun inner(run.tables, quiet, run.options, nullptr);
  inner.depth = run.depth + 50;
  inner.cte_in_progress = run.cte_in_progress;
  Schema schema = analyzeSubquery(inner, *q, scope, true);
  for (size_t i = 0; i < cte.columns.size() && i < schema.size(); ++i) schema[i].name = cte.columns[i];
  return schema;
}

}  // namespace

std::optional<Schema> findTableSchema(AnalysisRun& run, QueryScope& scope,
                                      const std::vector<std::string>& parts) {
  if (parts.empty()) return std::nullopt;
  if (parts.size() == 1) {
    for (QueryScope* s = &scope; s != nullptr; s = s->parent) {
      auto it = s->ctes.find(parts[0]);
      if (it == s->ctes.end()) continue;
      const sql::WithItem* cte = it->second;
      if (auto cached = run.cte_schemas.find(cte); cached != run.cte_schemas.end()) return cached->second;
      if (!cte->query) return Schema{};
      if (run.cte_in_progress.count(cte)) {
        // Inside its own definition, a CTE names itself only under WITH RECURSIVE; otherwise
        // the name means the table (or an outer CTE) of that name.
        if (s->with_recursive) {
          if (auto guess = run.cte_guesses.find(cte); guess != run.cte_guesses.end()) return guess->second;
          return recursiveCteSchema(run, *cte, s);
        }
        continue;
      }
      run.cte_in_progress.insert(cte);
      if (s->with_recursive) {
        // A recursive CTE's columns are the fixpoint of its UNION: start from the first SELECT
        // and widen (n + 1 of UInt8 is UInt16, then UInt32, ...) until the types stay, quietly.
        Schema guess = recursiveCteSchema(run, *cte, s);
        for (int round = 0; round < 8; ++round) {
          run.cte_guesses[cte] = guess;
          DiagnosticSink quiet;
          AnalysisRun inner(run.tables, quiet, run.options, nullptr);
          inner.depth = run.depth;
          inner.cte_in_progress = run.cte_in_progress;
          inner.cte_guesses = run.cte_guesses;
          Schema next = analyzeSubquery(inner, *cte->query, s, true);
          for (size_t i = 0; i < cte->columns.size() && i < next.size(); ++i) next[i].name = cte->columns[i];
          bool same = next.size() == guess.size();
          for (size_t i = 0; same && i < next.size(); ++i) same = types::equals(next[i].type, guess[i].type);
          if (same) break;
          guess = std::move(next);
        }
        run.cte_guesses[cte] = guess;
      }
      bool opaque = false;
      Schema schema = analyzeSubquery(run, *cte->query, s, true, &opaque);
      run.cte_guesses.erase(cte);
      if (opaque) run.opaque_ctes.insert(cte);
      run.cte_in_progress.erase(cte);
      for (size_t i = 0; i < cte->columns.size() && i < schema.size(); ++i) schema[i].name = cte->columns[i];
      run.cte_schemas[cte] = schema;
      return schema;
    }
  }
  if (parts.size() == 2 && parts[0] == "system") {
    const std::string& t = parts[1];
    if (t == "one") return Schema{{"dummy", types::makeType(TypeKind::UInt8)}};
    if (t == "numbers" || t == "numbers_mt") return Schema{{"number", types::makeType(TypeKind::UInt64)}};
    if (t == "zeros" || t == "zeros_mt") return Schema{{"zero", types::makeType(TypeKind::UInt8)}};
  }
  if (run.tables) {
    if (const Schema* schema = run.tables->findTable(parts)) return *schema;
  }
  return std::nullopt;
}

std::unique_ptr<TableSource> SelectAnalyzer::makeSource(std::string qualifier, const Schema& columns,
                                                        const sql::Node& at) {
  auto source = std::make_unique<TableSource>();
  source->id = run_.newId();
  source->qualifier = std::move(qualifier);
  source->ast = &at;
  for (const auto& c : columns) source->addColumn(c.name, c.type);
  return source;
}

void SelectAnalyzer::applyAliasColumns(TableSource& source, const std::vector<std::string>& alias_columns,
                                       const sql::Node& at) {
  if (alias_columns.empty()) return;
  if (alias_columns.size() > source.columns.size()) {
    run_.sink.report(DiagId::SEM_BAD_MATCHER, at.span,
                     "the alias names " + std::to_string(alias_columns.size()) + " columns but the source has " +
                         std::to_string(source.columns.size()));
  }
  for (size_t i = 0; i < alias_columns.size() && i < source.columns.size(); ++i) {
    source.columns[i].name = alias_columns[i];
    source.columns[i].display = alias_columns[i];
  }
  source.by_name.clear();
  for (uint32_t i = 0; i < source.columns.size(); ++i) source.by_name.emplace(source.columns[i].name, i);
}

void SelectAnalyzer::buildFrom() {
  if (!query_.from) {
    scope_.implicit_one = true;
    auto one = makeSource("one", Schema{{"dummy", types::makeType(TypeKind::UInt8)}}, query_);
    one->table_parts = {"system", "one"};
    addCommonVirtuals(*one);
    scope_.addSource(std::move(one));
    return;
  }
  addTableExpr(*query_.from);
  scope_.assignDisplayNames(left_sources_);
}

size_t SelectAnalyzer::addTableExpr(const sql::TableExpr& t) {
  size_t before = scope_.sources.size();
  if (const auto* ref = t.tryAs<sql::TableRef>()) {
    std::string qualifier = !ref->alias.empty() ? ref->alias : (ref->parts.empty() ? "" : ref->parts.back());
    std::unique_ptr<TableSource> source;
    const sql::WithItem* cte_read = ref->parts.size() == 1 ? findCte(scope_, ref->parts[0]) : nullptr;
    // Each read of a CTE is a subquery ClickHouse numbers, before the ones inside it.
    if (cte_read) run_.subquery_counter++;
    if (ref->parts.empty()) {
      // `{table:Identifier}`: the table is only known once the parameter is bound.
      source = makeSource(qualifier, {}, t);
      source->opaque = true;
    } else if (auto schema = findTableSchema(run_, scope_, ref->parts)) {
      source = makeSource(qualifier, *schema, t);
      if (cte_read) {
        source->opaque = run_.opaque_ctes.count(cte_read) > 0;
        source->cte = cte_read;
      } else if (ref->parts[0] != "system") {
        addMergeTreeVirtuals(*source);
        source->addNestedParents();
      }
    } else if (ref->parts.size() == 2 && ref->parts[0] == "system") {
      // ClickHouse's own system tables exist everywhere; only a few are modelled.
      source = makeSource(qualifier, {}, t);
      source->opaque = true;
    } else {
      std::vector<std::string> known = run_.tables ? run_.tables->tableNames() : std::vector<std::string>{};
      for (const QueryScope* s = &scope_; s != nullptr; s = s->parent) {
        for (const auto& [name, cte] : s->ctes) known.push_back(name);
      }
      run_.sink.report(DiagId::SEM_UNKNOWN_TABLE, t.span, "unknown table `" + joinParts(ref->parts) + "`",
                       didYouMean(closestNames(joinParts(ref->parts), known)));
      source = makeSource(qualifier, {}, t);
      source->opaque = true;
    }
    if (ref->parts.size() == 2) source->table_parts = ref->parts;
    if (!ref->alias.empty() && !ref->parts.empty()) source->table_name = ref->parts.back();
    applyAliasColumns(*source, ref->alias_columns, t);
    scope_.addSource(std::move(source));
  } else if (const auto* fn = t.tryAs<sql::TableFunctionRef>()) {
    bool opaque = false;
    std::optional<Schema> schema;
    if (fn->call) schema = tableFunctionSchema(run_, scope_, *fn->call, opaque);
    if (!schema && !opaque && fn->call) {
      run_.sink.report(DiagId::SEM_UNKNOWN_TABLE_FUNCTION, fn->call->span,
                       "unknown table function `" + fn->call->name + "`");
      opaque = true;
    }
    auto source = makeSource(fn->alias, schema ? *schema : Schema{}, t);
    source->opaque = opaque;
    addCommonVirtuals(*source);
    if (fn->call) {
      std::string lower;
      for (char c : fn->call->name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "remote" || lower == "remotesecure" || lower == "cluster" || lower == "clusterallreplicas") {
        source->virtuals["_shard_num"] = types::makeType(TypeKind::UInt32);
      }
    }
    applyAliasColumns(*source, fn->alias_columns, t);
    scope_.addSource(std::move(source));
  } else if (const auto* sub = t.tryAs<sql::SubqueryRef>()) {
    Schema schema;
    bool opaque = false;
    if (sub->query) {
      run_.subquery_counter++;
      schema = analyzeSubquery(run_, *sub->query, &scope_, true, &opaque);
    }
    auto source = makeSource(sub->alias, schema, t);
    source->opaque = opaque;
    applyAliasColumns(*source, sub->alias_columns, t);
    scope_.addSource(std::move(source));
  } else if (const auto* join = t.tryAs<sql::JoinExpr>()) {
    addJoin(*join);
  } else if (const auto* aj = t.tryAs<sql::ArrayJoinExpr>()) {
    if (aj->left) addTableExpr(*aj->left);
    addArrayJoin(*aj);
  }
  return scope_.sources.size() - before;
}

void SelectAnalyzer::addJoin(const sql::JoinExpr& join) {
  size_t before = scope_.sources.size();
  if (join.left) addTableExpr(*join.left);
  size_t left_end = scope_.sources.size();
  if (scope_.join_count == 0) left_sources_ = left_end;
  scope_.join_count++;
  if (join.right) addTableExpr(*join.right);
  for (const sql::TableExpr* side : {join.left.get(), join.right.get()}) {
    if (side && needsAlias(*side) && join.join_kind != sql::JoinKind::Paste) {
      run_.sink.report(DiagId::SEM_BAD_JOIN, side->span,
                       "a subquery or table function in a JOIN needs an alias");
    }
  }
  for (const auto& u : join.using_columns) {
    if (!u) continue;
    const sql::Expr* e = u.get();
    if (const auto* alias = e->tryAs<sql::AliasExpr>()) e = alias->expr.get();
    const auto* id = e ? e->tryAs<sql::Identifier>() : nullptr;
    if (!id || id->parts.size() != 1) {
      run_.sink.report(DiagId::SEM_BAD_JOIN, u->span, "USING takes column names");
      continue;
    }
    const std::string& name = id->parts[0];
    auto find_in = [&](size_t from, size_t to) -> SourceColumn* {
      for (size_t s = from; s < to; ++s) {
        int i = scope_.sources[s]->indexOf(name);
        if (i >= 0) return &scope_.sources[s]->columns[static_cast<size_t>(i)];
      }
      return nullptr;
    };
    types::TypePtr left_type;
    bool left_found = true;
    if (auto it = scope_.using_columns.find(name); it != scope_.using_columns.end()) {
      left_type = it->second.type;  // a chain of joins on the same column
    } else if (SourceColumn* left = find_in(before, left_end)) {
      left_type = left->type;
    } else if (auto alias = scope_.aliases.find(name); alias != scope_.aliases.end() && !alias->second.from_with) {
      // `SELECT expr AS k ... JOIN ... USING k`: the left side's key is the select alias.
      left_type = typer_.resolveAlias(alias->second)->type;
    } else {
      left_found = false;
    }
    SourceColumn* right = find_in(left_end, scope_.sources.size());
    bool left_opaque = std::any_of(scope_.sources.begin() + static_cast<long>(before),
                                   scope_.sources.begin() + static_cast<long>(left_end),
                                   [](const auto& s) { return s->opaque; });
    bool right_opaque = std::any_of(scope_.sources.begin() + static_cast<long>(left_end), scope_.sources.end(),
                                    [](const auto& s) { return s->opaque; });
    if ((!left_found && !left_opaque) || (!right && !right_opaque)) {
      run_.sink.report(DiagId::SEM_UNKNOWN_COLUMN, u->span,
                       "USING column `" + name + "` is missing on the " +
                           std::string(!left_found && !left_opaque ? "left" : "right") + " side of the JOIN");
      continue;
    }
    if (right) right->in_star = false;
    types::TypePtr type;
    if (left_type && right && right->type) {
      types::TypePtr both[] = {left_type, right->type};
      type = types::tryLeastSupertype(both).type;
      if (!type) {
        run_.sink.report(DiagId::SEM_BAD_JOIN, u->span,
                         "USING column `" + name + "` has types " + types::toString(left_type) + " and " +
                             types::toString(right->type) + " with no common type");
      }
    }
    UsingColumn column;
    column.name = name;
    column.type = type;
    column.id = run_.newId();
    if (!scope_.using_columns.count(name)) scope_.using_order.push_back(name);
    scope_.using_columns[name] = std::move(column);
  }
  if (join.on) joins_with_on_.push_back(&join);
}

void SelectAnalyzer::addArrayJoin(const sql::ArrayJoinExpr& array_join) {
  size_t first = scope_.array_join.size();
  addArrayJoinColumns(array_join);
  // Typed now, against the tables joined so far (a later JOIN is not visible to them).
  for (size_t i = first; i < scope_.array_join.size(); ++i) typer_.resolveArrayJoin(scope_.array_join[i]);
}

void SelectAnalyzer::addArrayJoinColumns(const sql::ArrayJoinExpr& array_join) {
  for (const auto& item : array_join.items) {
    if (!item) continue;
    ArrayJoinColumn column;
    column.item = item.get();
    column.id = run_.newId();
    if (const auto* alias = item->tryAs<sql::AliasExpr>()) {
      column.name = alias->name;
      column.expr = alias->expr.get();
    } else if (const auto* id = item->tryAs<sql::Identifier>()) {
      column.name = joinParts(id->parts);
      column.expr = item.get();
      column.shadows_column = true;
      // `ARRAY JOIN n` of a Nested: each `n.x` array is joined.
      if (!scope_.columns_by_name.count(column.name) && !scope_.aliases.count(column.name)) {
        std::vector<std::string> members;
        for (const auto& source : scope_.sources) {
          for (const auto& c : source->columns) {
            if (c.name.size() > column.name.size() + 1 && c.name.compare(0, column.name.size(), column.name) == 0 &&
                c.name[column.name.size()] == '.') {
              members.push_back(c.name);
            }
          }
        }
        if (!members.empty()) {
          for (const auto& member : members) {
            auto synthesized = std::make_unique<sql::Identifier>();
            synthesized->span = item->span;
            size_t start = 0;
            for (size_t dot; (dot = member.find('.', start)) != std::string::npos; start = dot + 1) {
              synthesized->parts.push_back(member.substr(start, dot - start));
            }
            synthesized->parts.push_back(member.substr(start));
            ArrayJoinColumn m;
            m.name = member;
            m.expr = synthesized.get();
            m.item = item.get();
            m.shadows_column = true;
            m.id = run_.newId();
            scope_.array_join_by_name[m.name] = scope_.array_join.size();
            scope_.array_join.push_back(std::move(m));
            synthesized_.push_back(std::move(synthesized));
          }
          continue;
        }
      }
    } else {
      column.name = projectionName(*item, nullptr);
      column.expr = item.get();
    }
    scope_.array_join_by_name[column.name] = scope_.array_join.size();
    scope_.array_join.push_back(std::move(column));
  }
}

void SelectAnalyzer::typeJoinConditions() {
  for (const sql::JoinExpr* join : joins_with_on_) {
    ResolvedPtr r = typer_.type(*join->on);
    join_on_.emplace_back(join, r);
    checkNoAggregates(r, "JOIN ON");
    if (r->kind == ResolvedKind::Column) {
      run_.sink.report(DiagId::SEM_BAD_JOIN, join->on->span,
                       "a JOIN ON condition must be an expression such as `a = b`, not a column");
    }
  }
}

}  // namespace ferry::analyze
