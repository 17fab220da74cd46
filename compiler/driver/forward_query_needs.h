/// Which datasources of a deployment plan need a FORWARD_QUERY block, and what the block holds:
/// the decision `ferry build` prints and `--write` applies, shared with the language server's
/// "Insert FORWARD_QUERY" code action so that both propose the same block.
///
/// A datasource needs one when the plan rewrites it and
///  - its backfill is a generated forward query that is not `SELECT *` (an implicit `SELECT *`
///    is what the deployment runs anyway, so it is not proposed);
///  - it is the target of materialized views whose replay would lose history (a source with a
///    shorter TTL, a Null-engine source): then even `SELECT *` is proposed, because only an
///    explicit FORWARD_QUERY makes the deployment copy the live rows instead;
///  - its own FORWARD_QUERY does not fit the new schema (the check reports an error) or is left
///    from the deployment that already ran it: the block is regenerated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/plan/forward_query.h"
#include "compiler/plan/plan.h"
#include "compiler/project/project.h"

namespace ferry::driver {

/// Why a datasource gets a block.
enum class ForwardQueryNeed { Generated, History, Refresh };

std::string_view forwardQueryNeedName(ForwardQueryNeed n);  ///< "generated", "history", "refresh"

struct NeededForwardQuery {
  const plan::ResourcePlan* plan = nullptr;  ///< into the plan it was found in
  const project::Resource* live = nullptr;
  const project::Resource* next = nullptr;
  ForwardQueryNeed need = ForwardQueryNeed::Generated;
  plan::GeneratedForwardQuery query;

  /// The block can go into the file without the user's confirmation: no recommended (lossy or
  /// fallible) conversion and no column the query cannot carry.
  bool safe() const { return !query.needs_confirmation && !query.impossible; }
  /// The comment lines `ferry build` prints above the block: why it is needed, what to confirm,
  /// what is lost, rename hints.
  std::vector<std::string> notes() const;
};

/// The datasources of `deployment` (planned from `live` to `next`) that need a block, in plan
/// order. `plan_diagnostics` is what planDeployment reported: its history and FORWARD_QUERY
/// diagnostics on a datasource's file decide the History and Refresh needs, so its FileIds must
/// tell the new project's files apart from the live one's.
std::vector<NeededForwardQuery> neededForwardQueries(const plan::Plan& deployment, const project::Project& live,
                                                     const project::Project& next,
                                                     const DiagnosticSink& plan_diagnostics);

/// Where the block of `datasource` goes in `text` (the text of its file): the byte range of its
/// existing FORWARD_QUERY block, or nullopt to append one. `error` says why the block cannot be
/// placed (the query comes from an INCLUDE file, or its directive line is not found).
struct ForwardQueryBlockPlace {
  std::optional<std::pair<uint32_t, uint32_t>> existing;
  std::string error;
};
ForwardQueryBlockPlace forwardQueryBlockPlace(std::string_view text, const project::Resource& datasource);

}  // namespace ferry::driver
