#include "runtime/ingest/ingest.h"

#include <cstring>
#include <memory>
#include <stdexcept>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_group.h>
#include <tbb/task_arena.h>

#include "runtime/ingest/batch_assembler.h"
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

namespace {

/// NDJSON is cut into chunks of whole lines this large: enough work per task to amortise the
/// hand-off, small enough that both cores stay busy and memory stays flat.
constexpr size_t kChunkBytes = size_t(4) << 20;

/// A run of whole lines of the input, followed by simdjson's padding.
struct Chunk {
  std::string bytes;  ///< the lines, then NdjsonReader::padding() zero bytes
  size_t size = 0;    ///< bytes of lines
};

/// What one chunk parsed into: its batches (usually one) of rows and of quarantine rows.
struct ParsedChunk {
  std::vector<std::pair<Block, Block>> blocks;
};

/// Reads the input in chunks that end at a line break (the last one at EOF).
class ChunkReader {
 public:
  explicit ChunkReader(std::istream& input) : input_(input) {}

  /// The next chunk, or false at the end of the input.
  bool next(Chunk& chunk) {
    while (!eof_ && (carry_.size() < kChunkBytes || last_newline_ == std::string::npos)) {
      size_t have = carry_.size();
      carry_.resize(have + kChunkBytes);
      input_.read(carry_.data() + have, std::streamsize(kChunkBytes));
      size_t got = size_t(input_.gcount());
      if (input_.bad()) throw std::runtime_error("read error while ingesting NDJSON");
      carry_.resize(have + got);
      bytes_ += got;
      eof_ = got == 0 || input_.eof();
      if (const void* nl = ::memrchr(carry_.data() + have, '\n', got))
        last_newline_ = size_t(static_cast<const char*>(nl) - carry_.data());
    }
    if (carry_.empty()) return false;
    // Whole lines only, unless the input ends without a final line break.
    size_t end = eof_ || last_newline_ == std::string::npos ? carry_.size() : last_newline_ + 1;
    chunk.bytes = std::move(carry_);
    carry_.assign(chunk.bytes, end, std::string::npos);
    last_newline_ = std::string::npos;  // the carried tail has no line break
    chunk.size = end;
    chunk.bytes.resize(end);
    chunk.bytes.append(NdjsonReader::padding(), '\0');
    return true;
  }

  uint64_t bytes() const { return bytes_; }

 private:
  std::istream& input_;
  std::string carry_;
  size_t last_newline_ = std::string::npos;  ///< in carry_
  uint64_t bytes_ = 0;
  bool eof_ = false;
};

/// NDJSON on every core: chunks are read in order, parsed in parallel (one reader per thread),
/// and their blocks reassembled in input order into batches for the sink, which runs while later
/// chunks are being parsed.
IngestStats ingestNdjson(std::istream& input, const std::vector<IngestColumn>& columns, const IngestOptions& options,
                         const std::string& import_id, int64_t insertion_time,
                         const std::function<void(Block rows, Block quarantine)>& sink) {
  ChunkReader reader(input);
  // Batches are committed by a task of their own, one at a time and in order, so parsing the
  // next batch goes on while the previous one is sorted and written.
  tbb::task_group committer;
  BatchAssembler assembler(columns, options.batch_rows, [&](Block rows, Block quarantine) {
    committer.wait();  // the previous batch's commit (rethrows its error)
    // TBB runs a const functor: the blocks are copied out of it (their columns are shared).
    committer.run([&sink, rows = std::move(rows), quarantine = std::move(quarantine)] { sink(rows, quarantine); });
  });
  tbb::enumerable_thread_specific<std::unique_ptr<NdjsonReader>> parsers;
  const size_t in_flight = 2 * size_t(tbb::this_task_arena::max_concurrency()) + 1;
  try {
    tbb::parallel_pipeline(
        in_flight,
        tbb::make_filter<void, std::shared_ptr<Chunk>>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& control) -> std::shared_ptr<Chunk> {
              auto chunk = std::make_shared<Chunk>();
              if (!reader.next(*chunk)) {
                control.stop();
                return nullptr;
              }
              return chunk;
            }) &
            tbb::make_filter<std::shared_ptr<Chunk>, std::shared_ptr<ParsedChunk>>(
                tbb::filter_mode::parallel,
                [&](std::shared_ptr<Chunk> chunk) {
                  auto parsed = std::make_shared<ParsedChunk>();
                  auto& parser = parsers.local();
                  if (!parser) parser = std::make_unique<NdjsonReader>(columns);
                  BatchBuilder batch(columns, options.batch_rows, import_id, insertion_time,
                                     [&](Block rows, Block quarantine) {
                                       parsed->blocks.emplace_back(std::move(rows), std::move(quarantine));
                                     });
                  parser->parse(chunk->bytes.data(), chunk->size, batch);
                  batch.flush();
                  return parsed;
                }) &
            tbb::make_filter<std::shared_ptr<ParsedChunk>, void>(
                tbb::filter_mode::serial_in_order, [&](std::shared_ptr<ParsedChunk> parsed) {
                  for (auto& [rows, quarantine] : parsed->blocks) assembler.add(rows, quarantine);
                }));
    assembler.finish();
  } catch (...) {
    try {
      committer.wait();  // a commit in flight finishes (or fails) before the error propagates
    } catch (...) {
    }
    throw;
  }
  committer.wait();
  IngestStats stats;
  stats.rows = assembler.totalRows();
  stats.quarantined = assembler.totalQuarantined();
  stats.bytes = reader.bytes();
  return stats;
}

}  // namespace

IngestStats ingest(std::istream& input, const std::vector<IngestColumn>& columns, const IngestOptions& options,
                   const std::string& import_id, int64_t insertion_time,
                   const std::function<void(Block rows, Block quarantine)>& sink) {
  if (options.format == InputFormat::Ndjson) {
#if defined(FERRY_INGEST_AVX2)
    // The NDJSON reader is compiled for AVX2 (see CMakeLists.txt): refuse clearly rather than
    // die of an illegal instruction on an older CPU.
    if (!__builtin_cpu_supports("avx2"))
      throw std::runtime_error(
          "NDJSON ingestion was built for AVX2 CPUs and this CPU has no AVX2; rebuild with -DFERRY_INGEST_AVX2=OFF");
#endif
    return ingestNdjson(input, columns, options, import_id, insertion_time, sink);
  }
  BatchBuilder batch(columns, options.batch_rows, import_id, insertion_time, sink);
  CsvReader reader(columns, options, batch);
  IngestStats stats;
  stats.bytes = reader.run(input);
  batch.flush();
  stats.rows = batch.totalRows();
  stats.quarantined = batch.totalQuarantined();
  return stats;
}

}  // namespace ferry::rt
