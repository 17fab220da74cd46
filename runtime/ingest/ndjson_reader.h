/// NDJSON into a BatchBuilder: one JSON object per line, parsed with simdjson's On-Demand API
/// straight into the column buffers. The columns' jsonpaths are compiled into one tree walked
/// once per row (fields not in any path are skipped without being materialized).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/ingest/batch_builder.h"

namespace ferry::rt {

/// A compiled jsonpath: `$.a.b` -> {"a", "b"}; `[:]` after a segment marks an array whose
/// elements (or, with a following path, the elements' fields) feed an Array column.
struct JsonPathStep {
  std::string key;
  bool each = false;  ///< `key[:]`
};
/// Parses a Tinybird jsonpath (`$`, `$.a.b`, `$.a[:]`, `$.a[:].b`, `$['a b']`); false when malformed.
bool parseJsonPath(std::string_view text, std::vector<JsonPathStep>& steps);

/// Parses whole lines into the BatchBuilder given per call. One reader per thread: it holds
/// simdjson's parser buffers and the compiled jsonpaths, and is reused for every chunk.
class NdjsonReader {
 public:
  explicit NdjsonReader(const std::vector<IngestColumn>& columns);
  ~NdjsonReader();
  /// Parses every line of [data, data + size) (the last one may lack its newline) into `batch`.
  /// The `padding()` bytes after `data + size` must be readable (simdjson reads ahead).
  void parse(const char* data, size_t size, BatchBuilder& batch);
  static size_t padding();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ferry::rt
