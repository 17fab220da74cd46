/// The items of a completion answer and the sources they come from: the project's names (with
/// their schemas as documentation), columns, catalog functions and combinators, SQL keywords and
/// column types. completion.cpp decides which sources fit the cursor's place.
///
/// Item kinds (LSP CompletionItemKind): directives and SQL keywords Keyword (14); SQL and
/// template functions Function (3); columns Field (5); datasources Struct (22: a table with typed
/// columns); pipes Interface (8: an endpoint's published contract); nodes Module (9: a named step
/// inside the pipe, neither a table of its own nor a function); directive values (node types,
/// engines, modes) EnumMember (20: one of a closed set); engine settings Property (10); column
/// types TypeParameter (25); template parameters Variable (6); connections Reference (18).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/analyze/schema.h"
#include "compiler/datafile/cli_text.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/lsp/request_context.h"

namespace ferry::lsp::complete {

enum ItemKind : int {
  kFunction = 3,
  kField = 5,
  kVariable = 6,
  kInterface = 8,
  kModule = 9,
  kProperty = 10,
  kKeyword = 14,
  kReference = 18,
  kEnumMember = 20,
  kStruct = 22,
  kTypeParameter = 25,
};

/// The order of groups in the list.
enum Group : int {
  kPlaceGroup = 0,     ///< what only fits here: directives, directive values, types
  kColumnGroup = 1,    ///< columns; tables in a FROM position
  kKeywordGroup = 2,
  kFunctionGroup = 3,
  kCombinatorGroup = 4,
  kNameGroup = 5,      ///< project names where an expression goes (a qualifier, a subquery's table)
};

struct Item {
  std::string label;
  int kind = kKeyword;
  int group = kPlaceGroup;
  int order = 0;  ///< within the group, before the label: table order where it means something
  std::string detail;
  std::string documentation;
  std::string insert_text;  ///< empty: the label
};

bool startsWithNoCase(std::string_view s, std::string_view prefix);
/// Case changes as the datafile reader makes them (ASCII only).
inline std::string upper(std::string_view s) { return datafile::toUpper(s); }
inline std::string lower(std::string_view s) { return datafile::toLower(s); }
bool isWordChar(char c);

/// The items of one answer: filtered by the typed prefix, one per label and kind.
class Items {
 public:
  explicit Items(std::string prefix) : prefix_(std::move(prefix)) {}
  const std::string& prefix() const { return prefix_; }
  bool wanted(std::string_view label) const { return startsWithNoCase(label, prefix_); }

  void add(Item item) {
    if (!wanted(item.label) || !seen_.emplace(item.label, item.kind).second) return;
    keys_.push_back(lower(item.label));
    items_.push_back(std::move(item));
  }

  /// The CompletionList, sorted (sortText) by group, order, then label.
  nlohmann::json json() &&;

 private:
  std::string prefix_;
  std::vector<Item> items_;
  std::vector<std::string> keys_;  ///< the labels lower-cased, for sorting
  std::set<std::pair<std::string, int>> seen_;
};

/// A directive value (node types, engines, modes, ...).
void addValue(Items& items, std::string label, std::string detail, int order = 0, int kind = kEnumMember);
/// `name Type` lines: a table's schema as an item's documentation.
std::string columnList(const analyze::Schema& columns);
void addDatasourceNames(Items& items, const RequestContext& ctx, int group);
/// Datasources, other pipes and the nodes of this pipe above `node` (what a FROM can name).
void addTableNames(Items& items, const RequestContext& ctx, const project::NodeSyntax* node, int group);
/// Columns in their table's order (the order the user declared them in).
void addColumns(Items& items, const analyze::Schema& columns, const std::string& table, int order_base = 0);
std::string functionDetail(const functions::FunctionInfo& f);
/// Catalog functions: scalar, aggregate and window ones in expressions, table functions in FROM.
void addFunctions(Items& items, bool table_functions);
/// Aggregate functions with a combinator (`sumIf`, `uniqMerge`, `countIfState`), once a prefix is typed.
void addCombinators(Items& items);
void addSqlKeywords(Items& items);
/// The type families the type parser knows (SCHEMA lines).
void addTypes(Items& items);

}  // namespace ferry::lsp::complete
