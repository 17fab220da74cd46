/// Printing query results: an aligned table for people (ClickHouse's PrettyCompact look), and
/// JSON (`{"meta":[{"name","type"}],"data":[{...}],"rows":N,"statistics":{...}}`, values as
/// ClickHouse's JSON format prints them, as Tinybird's API returns them), CSV and TSV with a
/// header line (ClickHouse's CSVWithNames / TSVWithNames).
#pragma once

#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "runtime/column/column.h"
#include "runtime/physical/physical_plan.h"

namespace ferry::driver {

enum class ResultFormat { Table, Json, Csv, Tsv };

/// `table`, `json`, `csv`, `tsv`; nullopt otherwise.
std::optional<ResultFormat> parseResultFormat(std::string_view name);

struct ResultStatistics {
  double elapsed_seconds = 0;
};

/// Writes `rows` (its columns are `columns`, in order) to `out`.
void writeResult(std::ostream& out, const std::vector<rt::OutputColumn>& columns, const rt::Block& rows,
                 ResultFormat format, const ResultStatistics& statistics);

}  // namespace ferry::driver
