#include "compiler/driver/result_output.h"

#include <fmt/format.h>

#include "runtime/column/value_text.h"

namespace ferry::driver {

namespace {

std::string jsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += char(c);
    }
  }
  return out + "\"";
}

std::string csvString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string tsvString(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
  return out;
}

size_t displayWidth(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool rightAligned(const rt::ColumnType& type) {
  const rt::ColumnType* t = &type;
  if (t->kind == rt::TypeKind::Nullable) t = t->children[0].get();
  switch (rt::layoutType(*t).kind) {
    case rt::TypeKind::UInt8: case rt::TypeKind::UInt16: case rt::TypeKind::UInt32: case rt::TypeKind::UInt64:
    case rt::TypeKind::UInt128: case rt::TypeKind::UInt256: case rt::TypeKind::Int8: case rt::TypeKind::Int16:
    case rt::TypeKind::Int32: case rt::TypeKind::Int64: case rt::TypeKind::Int128: case rt::TypeKind::Int256:
    case rt::TypeKind::Float32: case rt::TypeKind::Float64: case rt::TypeKind::Decimal32:
    case rt::TypeKind::Decimal64: case rt::TypeKind::Decimal128: case rt::TypeKind::Decimal256:
      return true;
    default:
      return false;
  }
}

std::string cellText(const rt::Column& column, size_t row, rt::TextFormat format) {
  std::string text;
  rt::formatValue(column, row, format, text);
  return text;
}

void writeTable(std::ostream& out, const std::vector<rt::OutputColumn>& columns, const rt::Block& rows) {
  size_t n = columns.size();
  std::vector<std::vector<std::string>> cells(rows.rows, std::vector<std::string>(n));
  std::vector<size_t> width(n);
  for (size_t c = 0; c < n; ++c) {
    width[c] = displayWidth(columns[c].name);
    for (size_t r = 0; r < rows.rows; ++r) {
      std::string text = cellText(*rows.columns[c], r, rt::TextFormat::Pretty);
      std::string shown;
      for (char ch : text) shown += ch == '\n' ? std::string("\\n") : std::string(1, ch);
      width[c] = std::max(width[c], displayWidth(shown));
      cells[r][c] = std::move(shown);
    }
  }
  auto repeat = [](std::string_view s, size_t k) {
    std::string o;
    for (size_t i = 0; i < k; ++i) o += s;
    return o;
  };
  std::string line = "┌";
  for (size_t c = 0; c < n; ++c) {
    std::string name = columns[c].name;
    line += "─" + name + repeat("─", width[c] - displayWidth(name) + 1);
    line += c + 1 < n ? "┬" : "┐";
  }
  out << line << "\n";
  for (size_t r = 0; r < rows.rows; ++r) {
    line = "│";
    for (size_t c = 0; c < n; ++c) {
      std::string pad(width[c] - displayWidth(cells[r][c]), ' ');
      bool right = columns[c].type && rightAligned(*columns[c].type);
      line += " " + (right ? pad + cells[r][c] : cells[r][c] + pad) + " │";
    }
    out << line << "\n";
  }
  line = "└";
  for (size_t c = 0; c < n; ++c) line += repeat("─", width[c] + 2) + (c + 1 < n ? "┴" : "┘");
  out << line << "\n";
}

void writeJson(std::ostream& out, const std::vector<rt::OutputColumn>& columns, const rt::Block& rows,
               const ResultStatistics& statistics) {
  out << "{\n  \"meta\": [";
  for (size_t c = 0; c < columns.size(); ++c) {
    out << (c ? ", " : "") << "{\"name\": " << jsonString(columns[c].name)
        << ", \"type\": " << jsonString(columns[c].type ? rt::typeName(*columns[c].type) : "") << "}";
  }
  out << "],\n  \"data\": [";
  for (size_t r = 0; r < rows.rows; ++r) {
    out << (r ? ",\n    {" : "\n    {");
    for (size_t c = 0; c < columns.size(); ++c)
      out << (c ? ", " : "") << jsonString(columns[c].name) << ": "
          << cellText(*rows.columns[c], r, rt::TextFormat::Json);
    out << "}";
  }
  out << (rows.rows ? "\n  ],\n" : "],\n");
  out << "  \"rows\": " << rows.rows << ",\n";
  out << "  \"statistics\": {\"elapsed\": " << fmt::format("{:.6f}", statistics.elapsed_seconds) << "}\n}\n";
}

void writeSeparated(std::ostream& out, const std::vector<rt::OutputColumn>& columns, const rt::Block& rows,
                    ResultFormat format) {
  bool csv = format == ResultFormat::Csv;
  char sep = csv ? ',' : '\t';
  for (size_t c = 0; c < columns.size(); ++c)
    out << (c ? std::string(1, sep) : "") << (csv ? csvString(columns[c].name) : tsvString(columns[c].name));
  out << "\n";
  auto text_format = csv ? rt::TextFormat::Csv : rt::TextFormat::Tsv;
  std::string line;
  for (size_t r = 0; r < rows.rows; ++r) {
    line.clear();
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c) line += sep;
      rt::formatValue(*rows.columns[c], r, text_format, line);
    }
    out << line << "\n";
  }
}

}  // namespace

std::optional<ResultFormat> parseResultFormat(std::string_view name) {
  if (name == "table" || name == "text" || name == "pretty") return ResultFormat::Table;
  if (name == "json") return ResultFormat::Json;
  if (name == "csv") return ResultFormat::Csv;
  if (name == "tsv") return ResultFormat::Tsv;
  return std::nullopt;
}

void writeResult(std::ostream& out, const std::vector<rt::OutputColumn>& columns, const rt::Block& block,
                 ResultFormat format, const ResultStatistics& statistics) {
  rt::Block rows;
  for (size_t c = 0; c < block.columns.size(); ++c) rows.add(block.names[c], rt::materialize(block.columns[c]));
  rows.rows = block.rows;
  switch (format) {
    case ResultFormat::Table: writeTable(out, columns, rows); break;
    case ResultFormat::Json: writeJson(out, columns, rows, statistics); break;
    case ResultFormat::Csv:
    case ResultFormat::Tsv: writeSeparated(out, columns, rows, format); break;
  }
}

}  // namespace ferry::driver
