#include "compiler/plan/datasource_diff.h"

#include <algorithm>
#include <set>

#include "compiler/plan/canonical_text.h"
#include "compiler/plan/change_text.h"

namespace ferry::plan {

namespace {

std::string orNone(const std::string& s) { return s.empty() ? std::string(kNoValue) : s; }

bool isKeyUse(std::string_view use) {
  return use == "ENGINE_SORTING_KEY" || use == "ENGINE_PARTITION_KEY" || use == "ENGINE_PRIMARY_KEY" ||
         use == "ENGINE_SAMPLING_KEY";
}

/// Uses that pin a column's type: keys, engine columns (ENGINE_VER, ...) and skip indexes.
std::string typePinnedBy(const DatasourceShape& live, const std::string& column) {
  auto it = live.uses.find(column);
  if (it == live.uses.end()) return {};
  for (const auto& use : it->second)
    if (isKeyUse(use)) return use;
  for (const auto& use : it->second)
    if (use.starts_with("ENGINE_") && use != "ENGINE_TTL") return use;
  for (const auto& use : it->second)
    if (use.starts_with("INDEX ")) return use;
  return {};
}

/// What in the new version still needs a dropped column, so that it cannot be dropped in place.
std::string dropBlockedBy(const DatasourceShape& live, const DatasourceShape& next, const std::string& column) {
  auto it = live.uses.find(column);
  if (it == live.uses.end()) return {};
  for (const auto& use : it->second) {
    if (use.starts_with("ENGINE_") && use != "ENGINE_TTL") return use;
    if (use == "ENGINE_TTL" && live.ttl == next.ttl) return use;
    if (use.starts_with("INDEX ")) {
      for (const auto& index : next.indexes)
        if ("INDEX " + backquoted(index.name) == use) {
          const IndexShape* before = live.index(index.name);
          if (before && before->expr == index.expr && before->type == index.type &&
              before->granularity == index.granularity)
            return use;
        }
    }
    if (use.starts_with("DEFAULT of ")) {
      for (const auto& c : next.columns)
        if ("DEFAULT of " + backquoted(c.name) == use) return use;
    }
  }
  return {};
}

std::string columnDefinition(const ColumnShape& c) {
  std::string out = c.type;
  if (!c.default_expr.empty()) out += (out.empty() ? "" : " ") + std::string("DEFAULT ") + c.default_expr;
  if (!c.materialized.empty()) out += (out.empty() ? "" : " ") + std::string("MATERIALIZED ") + c.materialized;
  if (!c.codec.empty()) out += " CODEC" + c.codec;
  return out;
}

std::string indexDefinition(const IndexShape& i) {
  return i.expr + " TYPE " + i.type + " GRANULARITY " + i.granularity;
}

class Differ {
 public:
  Differ(const DatasourceShape& live, const DatasourceShape& next, const std::string& table)
      : live_(live), next_(next), table_("ALTER TABLE " + tableName(table) + " ") {}

  DatasourceDiff run() {
    columns();
    engine();
    ttl();
    indexes();
    metadata();
    // The operations in an order that runs: indexes that go away first (they may use a dropped
    // column), then new and modified columns, the TTL (it may use a new column or stop using a
    // dropped one), the drops, and the new indexes last (they may use a new column).
    for (auto* ops : {&drop_indexes_, &add_columns_, &modify_columns_, &modify_ttl_, &drop_columns_, &add_indexes_})
      for (auto& op : *ops) out_.alter.push_back(std::move(op));
    return std::move(out_);
  }

 private:
  void schema(std::string code, std::string text, bool alterable) {
    out_.schema_causes.push_back({std::move(code), std::move(text)});
    if (!alterable) out_.alterable = false;
  }
  void meta(std::string code, std::string text) { out_.metadata_causes.push_back({std::move(code), std::move(text)}); }

  void columns() {
    std::vector<std::string> live_common, next_common;
    for (const auto& c : live_.columns)
      if (next_.column(c.name)) live_common.push_back(c.name);
    for (const auto& c : next_.columns)
      if (live_.column(c.name)) next_common.push_back(c.name);

    for (const auto& c : live_.columns) {
      if (next_.column(c.name)) continue;
      out_.dropped.push_back(c);
      std::string blocked = dropBlockedBy(live_, next_, c.name);
      std::string text = "column " + backquoted(c.name) + " " + c.type + " dropped";
      if (!blocked.empty()) text += " (used by " + blocked + ")";
      schema("column_dropped", text, blocked.empty());
      AlterOp op{AlterOp::Kind::DropColumn, c.name, {}, {}, {}, {}, {}, {}, {}};
      op.sql = table_ + "DROP COLUMN " + backquoted(c.name);
      drop_columns_.push_back(std::move(op));
    }

    const ColumnShape* previous = nullptr;
    for (const auto& c : next_.columns) {
      const ColumnShape* before = live_.column(c.name);
      if (!before) {
        schema("column_added", "column " + backquoted(c.name) + " " + columnDefinition(c) + " added",
               c.materialized.empty());
        AlterOp op{AlterOp::Kind::AddColumn, c.name, c.type, c.default_expr, previous ? previous->name : "",
                   {}, {}, {}, {}};
        op.sql = table_ + "ADD COLUMN " + backquoted(c.name);
        if (!c.type.empty()) op.sql += " " + c.type;
        if (!c.default_expr.empty()) op.sql += " DEFAULT " + c.default_expr;
        if (!c.codec.empty()) op.sql += " CODEC" + c.codec;
        op.sql += previous ? " AFTER " + backquoted(previous->name) : std::string(" FIRST");
        add_columns_.push_back(std::move(op));
      } else {
        column(*before, c);
      }
      previous = &c;
    }
    // A rename looks like a drop and an add: pair each dropped column with an added one of its type.
    std::set<std::string> paired;
    for (const auto& gone : out_.dropped)
      for (const auto& c : next_.columns)
        if (!live_.column(c.name) && !paired.count(c.name) && !c.type.empty() && c.type == gone.type) {
          paired.insert(c.name);
          out_.rename_hints.emplace_back(gone.name, c.name);
          break;
        }
    if (live_common != next_common)
      schema("column_order", "column order: " + joinedOrNone(live_common) + " -> " + joinedOrNone(next_common), false);
  }

  void column(const ColumnShape& before, const ColumnShape& after) {
    std::string name = backquoted(after.name);
    bool nullable = false;
    if (before.type != after.type) {
      bool made_nullable = before.parsed && after.parsed && !types::isNullable(*before.parsed) &&
                           !types::equals(before.parsed, after.parsed) &&
                           types::equals(types::makeNullableSafe(before.parsed), after.parsed);
      std::string pinned = typePinnedBy(live_, after.name);
      std::string text = "column " + name + ": " + orNone(before.type) + " -> " + orNone(after.type);
      if (made_nullable) {
        if (!pinned.empty()) text += " (used by " + pinned + ")";
        schema("column_nullable", text, pinned.empty());
        nullable = true;
      } else {
        schema("column_type", text, false);
      }
    }
    bool default_changed = before.default_expr != after.default_expr;
    if (default_changed)
      schema("column_default", "column " + name + " DEFAULT: " + orNone(before.default_expr) + " -> " +
                                   orNone(after.default_expr), true);
    if (before.materialized != after.materialized)
      schema("column_default", "column " + name + " MATERIALIZED: " + orNone(before.materialized) + " -> " +
                                   orNone(after.materialized), false);
    if (before.codec != after.codec)
      schema("column_codec", "column " + name + " CODEC: " + orNone(before.codec) + " -> " + orNone(after.codec),
             false);
    if (before.json_path != after.json_path)
      meta("ingestion", "column " + name + " jsonpath: " + orNone(before.json_path) + " -> " + orNone(after.json_path));

    if (nullable) {
      AlterOp op{AlterOp::Kind::ModifyColumn, after.name, after.type, after.default_expr, {}, {}, {}, {}, {}};
      op.sql = table_ + "MODIFY COLUMN " + name + " " + after.type;
      if (!after.default_expr.empty()) op.sql += " DEFAULT " + after.default_expr;
      modify_columns_.push_back(std::move(op));
    } else if (default_changed) {
      AlterOp op{AlterOp::Kind::ModifyDefault, after.name, {}, after.default_expr, {}, {}, {}, {}, {}};
      op.sql = table_ + "MODIFY COLUMN " + name +
               (after.default_expr.empty() ? " REMOVE DEFAULT" : " DEFAULT " + after.default_expr);
      modify_columns_.push_back(std::move(op));
    }
  }

  void engine() {
    if (live_.engine != next_.engine) schema("engine", "ENGINE: " + live_.engine + " -> " + next_.engine, false);
    static const std::pair<std::string_view, std::string_view> kKeys[] = {
        {"ENGINE_SORTING_KEY", "sorting_key"},
        {"ENGINE_PARTITION_KEY", "partition_key"},
        {"ENGINE_PRIMARY_KEY", "primary_key"},
        {"ENGINE_SAMPLING_KEY", "sampling_key"},
    };
    for (auto [setting, code] : kKeys) {
      std::optional<std::string> a, b;
      if (setting == "ENGINE_PRIMARY_KEY") {
        // An unwritten primary key is the sorting key: its change is the sorting key's.
        if (!live_.keys.count("ENGINE_PRIMARY_KEY") && !next_.keys.count("ENGINE_PRIMARY_KEY")) continue;
        a = live_.effectivePrimaryKey();
        b = next_.effectivePrimaryKey();
      } else {
        if (auto it = live_.keys.find(std::string(setting)); it != live_.keys.end()) a = it->second;
        if (auto it = next_.keys.find(std::string(setting)); it != next_.keys.end()) b = it->second;
      }
      if (a != b)
        schema(std::string(code), std::string(setting) + ": " + a.value_or(std::string(kNoValue)) + " -> " +
                                      b.value_or(std::string(kNoValue)), false);
    }
    for (const auto& c : changedEntries(live_.engine_settings, next_.engine_settings))
      schema("engine_setting", c.key + ": " + c.before + " -> " + c.after, false);
  }

  void ttl() {
    if (live_.ttl == next_.ttl) return;
    schema("ttl", "ENGINE_TTL: " + orNone(live_.ttl_text) + " -> " + orNone(next_.ttl_text), true);
    AlterOp op{AlterOp::Kind::ModifyTtl, {}, {}, {}, {}, next_.ttl_text, {}, {}, {}};
    op.sql = table_ + (next_.ttl_text.empty() ? "REMOVE TTL" : "MODIFY TTL " + next_.ttl_text);
    modify_ttl_.push_back(std::move(op));
  }

  void addIndex(const IndexShape& i) {
    AlterOp op{AlterOp::Kind::AddIndex, i.name, {}, {}, {}, i.expr, i.type, i.granularity, {}};
    op.sql = table_ + "ADD INDEX " + backquoted(i.name) + " " + indexDefinition(i);
    add_indexes_.push_back(std::move(op));
  }
  void dropIndex(const IndexShape& i) {
    AlterOp op{AlterOp::Kind::DropIndex, i.name, {}, {}, {}, {}, {}, {}, {}};
    op.sql = table_ + "DROP INDEX " + backquoted(i.name);
    drop_indexes_.push_back(std::move(op));
  }

  void indexes() {
    for (const auto& i : live_.indexes)
      if (!next_.index(i.name)) {
        schema("index_dropped", "index " + backquoted(i.name) + " dropped", true);
        dropIndex(i);
      }
    for (const auto& i : next_.indexes) {
      const IndexShape* before = live_.index(i.name);
      if (!before) {
        schema("index_added", "index " + backquoted(i.name) + " added: " + indexDefinition(i), true);
        addIndex(i);
      } else if (indexDefinition(*before) != indexDefinition(i)) {
        schema("index_changed", "index " + backquoted(i.name) + ": " + indexDefinition(*before) + " -> " +
                                    indexDefinition(i), true);
        dropIndex(*before);
        addIndex(i);
      }
    }
  }

  void metadata() {
    if (live_.description != next_.description)
      meta("description", live_.description.empty()   ? "DESCRIPTION added"
                          : next_.description.empty() ? "DESCRIPTION removed"
                                                      : "DESCRIPTION changed");
    if (live_.tokens != next_.tokens) meta("tokens", tokenChanges(live_.tokens, next_.tokens));
    if (live_.tags != next_.tags) meta("tags", "TAGS: " + joinedOrNone(live_.tags) + " -> " + joinedOrNone(next_.tags));
    if (live_.shared_with != next_.shared_with)
      meta("shared_with", "SHARED_WITH: " + joinedOrNone(live_.shared_with) + " -> " + joinedOrNone(next_.shared_with));
    for (const auto& c : changedEntries(live_.ingestion, next_.ingestion))
      meta("ingestion", c.key + ": " + c.before + " -> " + c.after);
  }

 public:
  static std::string tokenChanges(const std::vector<std::string>& before, const std::vector<std::string>& after) {
    std::vector<std::string> parts;
    for (const auto& t : after)
      if (!std::binary_search(before.begin(), before.end(), t)) parts.push_back("TOKEN " + t + " added");
    for (const auto& t : before)
      if (!std::binary_search(after.begin(), after.end(), t)) parts.push_back("TOKEN " + t + " removed");
    return joinedOrNone(parts);
  }

 private:
  const DatasourceShape& live_;
  const DatasourceShape& next_;
  std::string table_;
  DatasourceDiff out_;
  std::vector<AlterOp> drop_indexes_, add_columns_, modify_columns_, modify_ttl_, drop_columns_, add_indexes_;
};

}  // namespace

DatasourceDiff diffDatasources(const DatasourceShape& live, const DatasourceShape& next, const std::string& table) {
  return Differ(live, next, table).run();
}

std::string describeTokenChanges(const std::vector<std::string>& before, const std::vector<std::string>& after) {
  return Differ::tokenChanges(before, after);
}

}  // namespace ferry::plan
