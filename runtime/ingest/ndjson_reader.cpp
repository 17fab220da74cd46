#include "runtime/ingest/ndjson_reader.h"

#include <simdjson.h>

#include <cstring>
#include <optional>
#include <stdexcept>

#include "runtime/column/value_text.h"

namespace ferry::rt {

namespace od = simdjson::ondemand;

bool parseJsonPath(std::string_view text, std::vector<JsonPathStep>& steps) {
  steps.clear();
  if (text.empty() || text[0] != '$') return false;
  size_t i = 1;
  while (i < text.size()) {
    if (text[i] == '.') {
      ++i;
      if (i < text.size() && text[i] == '[') continue;  // `$.['a']`
      size_t b = i;
      while (i < text.size() && text[i] != '.' && text[i] != '[') ++i;
      if (i == b) return false;
      steps.push_back({std::string(text.substr(b, i - b)), false});
    } else if (text[i] == '[') {
      if (text.substr(i, 3) == "[:]" || text.substr(i, 3) == "[*]") {
        if (steps.empty() || steps.back().each) return false;
        steps.back().each = true;
        i += 3;
      } else if (i + 1 < text.size() && (text[i + 1] == '\'' || text[i + 1] == '"')) {
        char q = text[i + 1];
        size_t end = text.find(q, i + 2);
        if (end == std::string_view::npos || end + 1 >= text.size() || text[end + 1] != ']') return false;
        steps.push_back({std::string(text.substr(i + 2, end - i - 2)), false});
        i = end + 2;
      } else {
        return false;
      }
    } else {
      return false;
    }
  }
  return true;
}

namespace {

/// A syntax error found while walking a document (On-Demand reports them lazily).
struct JsonSyntaxError {
  simdjson::error_code code;
};

template <class T>
T check(simdjson::simdjson_result<T> result) {
  T value;
  auto error = std::move(result).get(value);
  if (error) throw JsonSyntaxError{error};
  return value;
}

struct PathNode {
  std::string key;
  int column = -1;  ///< the value at this node goes to this column
  std::vector<std::unique_ptr<PathNode>> fields;
  std::unique_ptr<PathNode> items;  ///< `key[:].rest`: walked for each element of the array
  std::vector<int> item_columns;    ///< Array columns fed by `items`

  PathNode* child(std::string_view name) {
    for (auto& f : fields)
      if (f->key == name) return f.get();
    fields.push_back(std::make_unique<PathNode>());
    fields.back()->key = std::string(name);
    return fields.back().get();
  }
  const PathNode* find(std::string_view name) const {
    for (const auto& f : fields)
      if (f->key == name) return f.get();
    return nullptr;
  }
};

enum class PutStatus : uint8_t { Ok, Missing, Error };

void appendString(Column& column, std::string_view s) {
  column.data.insert(column.data.end(), s.begin(), s.end());
  column.offsets.push_back(column.data.size());
  ++column.rows;
}

std::string_view trimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

bool isNumericKind(TypeKind kind) {
  return (kind >= TypeKind::UInt8 && kind <= TypeKind::Decimal256);
}

/// Appends one JSON value to `column` the way ClickHouse's JSONEachRow converts it: numbers and
/// numeric strings into numbers, strings into dates, objects/arrays into String as their text.
PutStatus putValue(Column& column, od::value value, std::string& error) {
  const ColumnType& type = layoutType(*column.type);
  od::json_type json_type = check(value.type());
  if (type.kind == TypeKind::Nullable && json_type != od::json_type::null) {
    PutStatus status = putValue(*column.children[0], value, error);
    if (status == PutStatus::Error) return status;
    if (status == PutStatus::Missing) appendDefault(*column.children[0]);
    column.nulls.push_back(status == PutStatus::Missing);
    ++column.rows;
    return PutStatus::Ok;
  }
  switch (json_type) {
    case od::json_type::string: {
      std::string_view s = check(value.get_string());
      if (type.kind == TypeKind::String) {
        appendString(column, s);
        return PutStatus::Ok;
      }
      return parseAndAppend(column, s, error) ? PutStatus::Ok : PutStatus::Error;
    }
    case od::json_type::number: {
      std::string_view raw = trimRight(value.raw_json_token());
      if (type.kind == TypeKind::String) {
        appendString(column, raw);
        return PutStatus::Ok;
      }
      return parseAndAppend(column, raw, error) ? PutStatus::Ok : PutStatus::Error;
    }
    case od::json_type::boolean: {
      bool b = check(value.get_bool());
      std::string_view text = b ? "true" : "false";
      if (type.kind == TypeKind::String) {
        appendString(column, text);
        return PutStatus::Ok;
      }
      if (isNumericKind(type.kind)) text = b ? "1" : "0";
      return parseAndAppend(column, text, error) ? PutStatus::Ok : PutStatus::Error;
    }
    case od::json_type::null:
      if (type.kind == TypeKind::Nullable) {
        column.nulls.push_back(1);
        appendDefault(*column.children[0]);
        ++column.rows;
        return PutStatus::Ok;
      }
      return PutStatus::Missing;
    case od::json_type::array: {
      if (type.kind == TypeKind::Array) {
        Column& items = *column.children[0];
        od::array array = check(value.get_array());
        for (auto element : array) {
          od::value item = check(std::move(element));
          PutStatus status = putValue(items, item, error);
          if (status == PutStatus::Error) return status;
          if (status == PutStatus::Missing) appendDefault(items);
        }
        column.offsets.push_back(items.rows);
        ++column.rows;
        return PutStatus::Ok;
      }
      std::string_view raw = check(check(value.get_array()).raw_json());
      if (type.kind == TypeKind::String) {
        appendString(column, trimRight(raw));
        return PutStatus::Ok;
      }
      return parseAndAppend(column, raw, error) ? PutStatus::Ok : PutStatus::Error;
    }
    case od::json_type::object: {
      std::string_view raw = check(check(value.get_object()).raw_json());
      if (type.kind == TypeKind::String) {
        appendString(column, trimRight(raw));
        return PutStatus::Ok;
      }
      return parseAndAppend(column, raw, error) ? PutStatus::Ok : PutStatus::Error;
    }
  }
  return PutStatus::Error;
}

/// The raw text Tinybird keeps in quarantine for a field: a string's content, any other value's
/// JSON text; `[:]` steps collect the elements' values into a JSON array.
std::optional<std::string> domFieldText(simdjson::dom::element element, const std::vector<JsonPathStep>& steps,
                                        size_t from) {
  for (size_t k = from; k < steps.size(); ++k) {
    simdjson::dom::object object;
    if (element.get_object().get(object)) return std::nullopt;
    if (object.at_key(steps[k].key).get(element)) return std::nullopt;
    if (steps[k].each && k + 1 < steps.size()) {
      simdjson::dom::array array;
      if (element.get_array().get(array)) return std::string(simdjson::minify(element));
      std::string text = "[";
      bool first = true;
      for (auto item : array) {
        auto sub = domFieldText(item, steps, k + 1);
        if (!first) text += ',';
        first = false;
        text += sub ? *sub : "null";
      }
      return text + "]";
    }
  }
  std::string_view s;
  if (!element.get_string().get(s)) return std::string(s);
  return std::string(simdjson::minify(element));
}

}  // namespace

struct NdjsonReader::Impl {
  const std::vector<IngestColumn>& columns;
  BatchBuilder* target_batch = nullptr;  ///< the builder of the chunk being parsed
  std::vector<std::vector<JsonPathStep>> paths;
  std::vector<std::string> path_errors;  ///< per column: a malformed jsonpath (every row fails)
  PathNode root;
  std::vector<int> root_columns;  ///< `$`: the whole row
  od::parser parser;
  simdjson::dom::parser dom_parser;
  std::vector<uint64_t> seen;  ///< per column: the row number + 1 that last set it
  uint64_t row_number = 0;
  std::vector<uint64_t> item_seen;
  uint64_t element_number = 0;
  std::vector<std::pair<std::string, std::string>> errors;
  std::string error;

  explicit Impl(const std::vector<IngestColumn>& cols) : columns(cols) {
    paths.resize(columns.size());
    path_errors.resize(columns.size());
    seen.assign(columns.size(), 0);
    item_seen.assign(columns.size(), 0);
    for (size_t i = 0; i < columns.size(); ++i) {
      std::string text = columns[i].jsonpath.empty() ? "$." + columns[i].name : columns[i].jsonpath;
      auto& steps = paths[i];
      if (!parseJsonPath(text, steps)) {
        path_errors[i] = "Malformed jsonpath '" + text + "' of column '" + columns[i].name + "'";
        continue;
      }
      if (steps.empty()) {
        root_columns.push_back(int(i));
        continue;
      }
      PathNode* node = &root;
      bool ok = true;
      for (size_t k = 0; k < steps.size(); ++k) {
        node = node->child(steps[k].key);
        if (steps[k].each && k + 1 < steps.size()) {
          if (layoutType(*columns[i].type).kind != TypeKind::Array) {
            path_errors[i] = "jsonpath '" + text + "' needs an Array column, '" + columns[i].name + "' is " +
                             typeName(*columns[i].type);
            ok = false;
            break;
          }
          node->item_columns.push_back(int(i));
          if (!node->items) node->items = std::make_unique<PathNode>();
          node = node->items.get();
        }
      }
      if (!ok) continue;
      if (node->column >= 0 || !node->fields.empty() || node->items) {
        path_errors[i] = "jsonpath '" + text + "' of column '" + columns[i].name + "' overlaps another column's path";
        continue;
      }
      node->column = int(i);
    }
    // A path that is a prefix of another (`$.a` and `$.a.b`) cannot be walked in one pass.
    checkOverlaps(root);
  }

  void checkOverlaps(PathNode& node) {
    for (auto& f : node.fields) {
      if (f->column >= 0 && (!f->fields.empty() || f->items))
        path_errors[size_t(f->column)] = "jsonpath of column '" + columns[size_t(f->column)].name +
                                         "' is a prefix of another column's path (not supported)";
      checkOverlaps(*f);
      if (f->items) checkOverlaps(*f->items);
    }
  }

  Column& target(int column, bool in_items) {
    Column& c = target_batch->column(size_t(column));
    return in_items ? *c.children[0] : c;
  }

  void walkObject(od::object object, const PathNode& node, bool in_items) {
    for (auto field : object) {
      od::field f = check(std::move(field));
      std::string_view key = check(f.unescaped_key());
      const PathNode* child = node.find(key);
      if (!child) continue;
      walkValue(f.value(), *child, in_items);
    }
  }

  void walkValue(od::value value, const PathNode& node, bool in_items) {
    if (node.column >= 0) {
      size_t ci = size_t(node.column);
      uint64_t& mark = in_items ? item_seen[ci] : seen[ci];
      uint64_t stamp = in_items ? element_number : row_number;
      if (mark == stamp || !path_errors[ci].empty()) return;  // duplicate key: the first wins
      mark = stamp;
      Column& column = target(node.column, in_items);
      PutStatus status = putValue(column, value, error);
      if (status == PutStatus::Missing) {
        if (in_items) appendDefault(column);
        else target_batch->appendMissing(ci);
      } else if (status == PutStatus::Error) {
        errors.emplace_back(columns[ci].name, "Column '" + columns[ci].name + "': " + error);
        mark = 0;
        if (!in_items) seen[ci] = row_number;  // keep it from being defaulted again
      }
      return;
    }
    od::json_type type = check(value.type());
    if (node.items) {
      for (int ci : node.item_columns) seen[size_t(ci)] = row_number;
      if (type != od::json_type::array) {
        for (int ci : node.item_columns) {
          if (type == od::json_type::null) target_batch->appendMissing(size_t(ci));
          else errors.emplace_back(columns[size_t(ci)].name, "Column '" + columns[size_t(ci)].name + "': expected a JSON array");
        }
        return;
      }
      od::array array = check(value.get_array());
      for (auto element : array) {
        od::value item = check(std::move(element));
        ++element_number;
        if (check(item.type()) == od::json_type::object) walkObject(check(item.get_object()), *node.items, true);
        for (int ci : node.item_columns) {
          if (item_seen[size_t(ci)] != element_number) appendDefault(*target_batch->column(size_t(ci)).children[0]);
        }
      }
      for (int ci : node.item_columns) {
        Column& column = target_batch->column(size_t(ci));
        column.offsets.push_back(column.children[0]->rows);
        ++column.rows;
      }
      return;
    }
    if (type == od::json_type::object) walkObject(check(value.get_object()), node, in_items);
  }

  void rejectLine(std::string_view line, const std::vector<std::pair<std::string, std::string>>& row_errors) {
    std::vector<std::optional<std::string>> raw(columns.size());
    simdjson::dom::element doc;
    if (!dom_parser.parse(line.data(), line.size(), true).get(doc)) {
      for (size_t i = 0; i < columns.size(); ++i) {
        if (paths[i].empty() && path_errors[i].empty()) raw[i] = std::string(line);
        else if (path_errors[i].empty()) raw[i] = domFieldText(doc, paths[i], 0);
      }
    }
    target_batch->rejectRow(raw, row_errors);
  }

  void processLine(const char* data, size_t size, size_t capacity) {
    std::string_view line = trimRight({data, size});
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) return;
    ++row_number;
    errors.clear();
    try {
      od::document doc;
      auto err = parser.iterate(line.data(), line.size(), capacity - size_t(line.data() - data)).get(doc);
      if (err) throw JsonSyntaxError{err};
      od::object object;
      err = doc.get_object().get(object);
      if (err) {
        if (err == simdjson::INCORRECT_TYPE) {
          target_batch->rejectRow(std::vector<std::optional<std::string>>(columns.size()),
                          {{"", "The row is not a JSON object: " + std::string(line)}});
          return;
        }
        throw JsonSyntaxError{err};
      }
      walkObject(object, root, false);
      // Trailing text after the object (`{...} x`) is a malformed line too.
      const char* location = nullptr;
      if (!doc.current_location().get(location) && location < line.data() + line.size())
        throw JsonSyntaxError{simdjson::TRAILING_CONTENT};
    } catch (const JsonSyntaxError& e) {
      for (size_t i = 0; i < columns.size(); ++i) truncateColumn(target_batch->column(i), target_batch->rows());
      target_batch->rejectRow(std::vector<std::optional<std::string>>(columns.size()),
                      {{"", std::string("Malformed JSON (") + simdjson::error_message(e.code) + "): " + std::string(line)}});
      return;
    }
    for (int ci : root_columns) {
      seen[size_t(ci)] = row_number;
      Column& column = target_batch->column(size_t(ci));
      if (layoutType(*column.type).kind == TypeKind::String) appendString(column, line);
      else if (!parseAndAppend(column, line, error))
        errors.emplace_back(columns[size_t(ci)].name, "Column '" + columns[size_t(ci)].name + "': " + error);
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      if (!path_errors[i].empty()) {
        errors.emplace_back(columns[i].name, path_errors[i]);
        continue;
      }
      if (seen[i] != row_number) target_batch->appendMissing(i);
    }
    if (!errors.empty()) {
      rejectLine(line, errors);
      return;
    }
    target_batch->commitRow();
  }
};

NdjsonReader::NdjsonReader(const std::vector<IngestColumn>& columns) : impl_(std::make_unique<Impl>(columns)) {}
NdjsonReader::~NdjsonReader() = default;

void NdjsonReader::parse(const char* data, size_t size, BatchBuilder& batch) {
  impl_->target_batch = &batch;
  const size_t capacity = size + simdjson::SIMDJSON_PADDING;
  size_t start = 0;
  while (start < size) {
    const void* nl = std::memchr(data + start, '\n', size - start);
    size_t end = nl ? size_t(static_cast<const char*>(nl) - data) : size;
    impl_->processLine(data + start, end - start, capacity - start);
    start = end + 1;
  }
  impl_->target_batch = nullptr;
}

size_t NdjsonReader::padding() { return simdjson::SIMDJSON_PADDING; }

}  // namespace ferry::rt
