#include "runtime/ingest/ingest.h"

#include <cstring>
#include <stdexcept>

#include "runtime/column/value_text.h"
#include "runtime/exec/executor.h"
#include "runtime/ingest/batch_builder.h"
#include "runtime/ingest/csv_reader.h"
#include "runtime/ingest/ndjson_reader.h"

namespace ferry::rt {

std::vector<IngestColumn> quarantineColumns(const std::vector<IngestColumn>& table_columns) {
  std::vector<IngestColumn> result;
  auto nullable_string = makeNullable(makeType(TypeKind::String));
  for (const auto& column : table_columns) result.push_back({column.name, nullable_string, "", nullptr});
  auto strings = makeArray(makeType(TypeKind::String));
  result.push_back({"c__error_column", strings, "", nullptr});
  result.push_back({"c__error", strings, "", nullptr});
  result.push_back({"c__import_id", nullable_string, "", nullptr});
  result.push_back({"insertion_date", makeType(TypeKind::DateTime), "", nullptr});
  return result;
}

IngestStats ingest(std::istream& input, const std::vector<IngestColumn>& columns, const IngestOptions& options,
                   const std::string& import_id, int64_t insertion_time,
                   const std::function<void(Block rows, Block quarantine)>& sink) {
  BatchBuilder batch(columns, options.batch_rows, import_id, insertion_time, sink);
  IngestStats stats;
  if (options.format == InputFormat::Ndjson) {
#if defined(FERRY_INGEST_AVX2)
    // The NDJSON reader is compiled for AVX2 (see CMakeLists.txt): refuse clearly rather than
    // die of an illegal instruction on an older CPU.
    if (!__builtin_cpu_supports("avx2"))
      throw std::runtime_error(
          "NDJSON ingestion was built for AVX2 CPUs and this CPU has no AVX2; rebuild with -DFERRY_INGEST_AVX2=OFF");
#endif
    NdjsonReader reader(columns, batch);
    stats.bytes = reader.run(input);
  } else {
    CsvReader reader(columns, options, batch);
    stats.bytes = reader.run(input);
  }
  batch.flush();
  stats.rows = batch.totalRows();
  stats.quarantined = batch.totalQuarantined();
  return stats;
}

}  // namespace ferry::rt
