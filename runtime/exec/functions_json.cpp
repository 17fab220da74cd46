/// JSON functions over simdjson's DOM: JSONExtract* with key/index paths, JSONHas, JSON_VALUE.
#include <simdjson.h>

#include <cmath>

#include "runtime/column/value_text.h"
#include "runtime/exec/exec_internal.h"

namespace ferry::rt::exec {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

struct JsonRow {
  simdjson::dom::parser parser;
  std::string buffer;
};

/// Parses row i of the JSON column and navigates the path arguments [first, last).
bool navigate(CallArgs& a, size_t i, size_t first, size_t last, JsonRow& row, element& out) {
  auto text = a.cols[0]->stringAt(i);
  row.buffer.assign(text);
  element e;
  if (row.parser.parse(row.buffer).get(e)) return false;
  for (size_t k = first; k < last; ++k) {
    if (isStringKind(a.kind(k))) {
      auto key = a.cols[k]->stringAt(i);
      simdjson::dom::object obj;
      if (e.get(obj)) return false;
      element next;
      if (obj.at_key(key).get(next)) return false;
      e = next;
    } else {
      auto idx = castColumn(a.cols[k], typeInt64());
      int64_t n = Vals<int64_t>(*idx)[i];
      if (e.type() == element_type::ARRAY) {
        simdjson::dom::array arr = e;
        int64_t size = int64_t(arr.size());
        int64_t pos = n > 0 ? n - 1 : n < 0 ? size + n : -1;
        if (pos < 0 || pos >= size) return false;
        element next;
        if (arr.at(size_t(pos)).get(next)) return false;
        e = next;
      } else if (e.type() == element_type::OBJECT) {
        simdjson::dom::object obj = e;
        int64_t size = int64_t(obj.size());
        int64_t pos = n > 0 ? n - 1 : n < 0 ? size + n : -1;
        if (pos < 0 || pos >= size) return false;
        int64_t j = 0;
        bool found = false;
        for (auto field : obj) {
          if (j++ == pos) {
            e = field.value;
            found = true;
            break;
          }
        }
        if (!found) return false;
      } else {
        return false;
      }
    }
  }
  out = e;
  return true;
}

std::string rawOf(const element& e) { return simdjson::minify(e); }

template <class F>
ColumnPtr jsonToString(CallArgs& a, size_t path_end, F&& f) {
  auto out = newString(a.result, a.rows);
  JsonRow row;
  std::string s;
  for (size_t i = 0; i < a.rows; ++i) {
    s.clear();
    element e;
    if (navigate(a, i, 1, path_end, row, e)) f(e, s);
    pushString(*out, s);
  }
  return out;
}

ColumnPtr extractStringFn(CallArgs& a) {
  return jsonToString(a, a.cols.size(), [](const element& e, std::string& s) {
    std::string_view v;
    if (!e.get(v)) s.assign(v);
  });
}
ColumnPtr extractRawFn(CallArgs& a) {
  return jsonToString(a, a.cols.size(), [](const element& e, std::string& s) { s = rawOf(e); });
}

bool numberOf(const element& e, double& d, int64_t& i, uint64_t& u, int& kind) {
  switch (e.type()) {
    case element_type::INT64: i = int64_t(e); kind = 0; return true;
    case element_type::UINT64: u = uint64_t(e); kind = 1; return true;
    case element_type::DOUBLE: d = double(e); kind = 2; return true;
    case element_type::BOOL: i = bool(e) ? 1 : 0; kind = 0; return true;
    default: return false;
  }
}

template <class T>
ColumnPtr extractNumberFn(CallArgs& a) {
  auto out = newFixed<T>(std::is_same_v<T, double> ? typeFloat64() : std::is_same_v<T, uint64_t> ? typeUInt64() : typeInt64(), a.rows);
  JsonRow row;
  for (size_t i = 0; i < a.rows; ++i) {
    T v = 0;
    element e;
    if (navigate(a, i, 1, a.cols.size(), row, e)) {
      double d = 0;
      int64_t x = 0;
      uint64_t u = 0;
      int kind;
      if (numberOf(e, d, x, u, kind)) {
        if (kind == 0) v = T(x);
        else if (kind == 1) v = T(u);
        else if constexpr (std::is_floating_point_v<T>) v = T(d);
        else v = std::isfinite(d) ? T(int64_t(d)) : T(0);
      } else if (e.type() == element_type::STRING) {
        // Numbers quoted as strings are converted, as ClickHouse does.
        std::string_view text = e;
        std::string t(text);
        char* end = nullptr;
        if constexpr (std::is_floating_point_v<T>) {
          double d2 = std::strtod(t.c_str(), &end);
          if (!t.empty() && end == t.c_str() + t.size()) v = T(d2);
        } else {
          long long x2 = std::strtoll(t.c_str(), &end, 10);
          if (!t.empty() && end == t.c_str() + t.size()) v = T(x2);
        }
      }
    }
    out->template values<T>()[i] = v;
  }
  return castColumn(out, a.result);
}

ColumnPtr extractBoolFn(CallArgs& a) {
  auto out = newFixed<uint8_t>(a.result, a.rows);
  JsonRow row;
  for (size_t i = 0; i < a.rows; ++i) {
    element e;
    uint8_t v = 0;
    if (navigate(a, i, 1, a.cols.size(), row, e)) {
      if (e.type() == element_type::BOOL) v = bool(e);
      else if (e.type() == element_type::INT64) v = int64_t(e) != 0;
      else if (e.type() == element_type::UINT64) v = uint64_t(e) != 0;
      else if (e.type() == element_type::DOUBLE) v = double(e) != 0;
    }
    out->values<uint8_t>()[i] = v;
  }
  return out;
}

ColumnPtr hasFn(CallArgs& a) {
  auto out = newFixed<uint8_t>(a.result, a.rows);
  JsonRow row;
  for (size_t i = 0; i < a.rows; ++i) {
    element e;
    out->values<uint8_t>()[i] = navigate(a, i, 1, a.cols.size(), row, e);
  }
  return out;
}

ColumnPtr isValidJSONFn(CallArgs& a) {
  auto out = newFixed<uint8_t>(a.result, a.rows);
  JsonRow row;
  for (size_t i = 0; i < a.rows; ++i) {
    element e;
    out->values<uint8_t>()[i] = navigate(a, i, 1, 1, row, e);
  }
  return out;
}

ColumnPtr lengthFn(CallArgs& a) {
  auto out = newFixed<uint64_t>(typeUInt64(), a.rows);
  JsonRow row;
  for (size_t i = 0; i < a.rows; ++i) {
    element e;
    uint64_t n = 0;
    if (navigate(a, i, 1, a.cols.size(), row, e)) {
      if (e.type() == element_type::ARRAY) n = simdjson::dom::array(e).size();
      else if (e.type() == element_type::OBJECT) n = simdjson::dom::object(e).size();
    }
    out->values<uint64_t>()[i] = n;
  }
  return castColumn(out, a.result);
}

template <bool keys>
ColumnPtr extractListFn(CallArgs& a) {
  auto out = makeColumn(a.result);
  auto& elems = *out->children[0];
  JsonRow row;
  for (size_t i = 0; i < a.rows; ++i) {
    element e;
    if (navigate(a, i, 1, a.cols.size(), row, e)) {
      if (keys && e.type() == element_type::OBJECT) {
        for (auto field : simdjson::dom::object(e)) pushString(elems, field.key);
      } else if (!keys && e.type() == element_type::ARRAY) {
        for (auto v : simdjson::dom::array(e)) pushString(elems, rawOf(v));
      }
    }
    out->offsets.push_back(elems.rows);
    ++out->rows;
  }
  return out;
}

/// Appends the JSON element as a value of `type` (JSONExtract(json, ..., 'Type')).
void appendJson(Column& col, const element& e, const ColumnType& type);


void appendJson(Column& col, const element& e, const ColumnType& type) {
  const ColumnType& lt = layoutType(type);
  switch (lt.kind) {
    case TypeKind::Nullable:
      if (e.type() == element_type::NULL_VALUE) {
        appendDefault(col);
        return;
      }
      col.nulls.push_back(0);
      appendJson(*col.children[0], e, *lt.children[0]);
      ++col.rows;
      return;
    case TypeKind::String: {
      std::string_view v;
      if (!e.get(v)) pushString(col, v);
      else pushString(col, rawOf(e));
      return;
    }
    case TypeKind::Array: {
      if (e.type() == element_type::ARRAY)
        for (auto v : simdjson::dom::array(e)) appendJson(*col.children[0], v, *lt.children[0]);
      col.offsets.push_back(col.children[0]->rows);
      ++col.rows;
      return;
    }
    case TypeKind::Tuple: {
      if (e.type() == element_type::ARRAY) {
        simdjson::dom::array arr = e;
        size_t k = 0;
        for (auto v : arr) {
          if (k < lt.children.size()) appendJson(*col.children[k], v, *lt.children[k]);
          ++k;
        }
        for (; k < lt.children.size(); ++k) appendDefault(*col.children[k]);
      } else if (e.type() == element_type::OBJECT && !lt.element_names.empty()) {
        simdjson::dom::object obj = e;
        for (size_t k = 0; k < lt.children.size(); ++k) {
          element v;
          if (!obj.at_key(lt.element_names[k]).get(v)) appendJson(*col.children[k], v, *lt.children[k]);
          else appendDefault(*col.children[k]);
        }
      } else {
        for (size_t k = 0; k < lt.children.size(); ++k) appendDefault(*col.children[k]);
      }
      ++col.rows;
      return;
    }
    case TypeKind::Map: {
      auto& entries = *col.children[0];
      const ColumnType& et = layoutType(*entries.type);
      if (e.type() == element_type::OBJECT) {
        for (auto field : simdjson::dom::object(e)) {
          pushString(*entries.children[0], field.key);
          appendJson(*entries.children[1], field.value, *et.children[1]);
          ++entries.rows;
        }
      }
      col.offsets.push_back(entries.rows);
      ++col.rows;
      return;
    }
    default: break;
  }
  Field f;
  switch (e.type()) {
    case element_type::INT64: f = Field(int64_t(e)); break;
    case element_type::UINT64: f = Field(uint64_t(e)); break;
    case element_type::DOUBLE: {
      double d = double(e);
      if (isIntegerKind(lt.kind)) f = Field(int64_t(d));
      else f = Field(d);
      break;
    }
    case element_type::BOOL: f = Field(uint64_t(bool(e) ? 1 : 0)); break;
    case element_type::STRING: {
      std::string err;
      std::string_view v = e;
      if (parseAndAppend(col, v, err)) return;
      appendDefault(col);
      return;
    }
    default: appendDefault(col); return;
  }
  try {
    appendField(col, f);
  } catch (...) {
    appendDefault(col);
  }
}

ColumnPtr extractTypedFn(CallArgs& a) {
  auto out = makeColumn(a.result);
  JsonRow row;
  for (size_t i = 0; i < a.rows; ++i) {
    element e;
    if (navigate(a, i, 1, a.cols.size() - 1, row, e)) appendJson(*out, e, *a.result);
    else appendDefault(*out);
  }
  return out;
}

ColumnPtr jsonValueFn(CallArgs& a) {
  auto out = newString(a.result, a.rows);
  JsonRow row;
  for (size_t i = 0; i < a.rows; ++i) {
    std::string path(a.cols[1]->stringAt(i));
    std::string s;
    row.buffer.assign(a.cols[0]->stringAt(i));
    element e;
    bool ok = !row.parser.parse(row.buffer).get(e);
    size_t p = path.empty() || path[0] != '$' ? std::string::npos : 1;
    if (p == std::string::npos) ok = false;
    while (ok && p < path.size()) {
      if (path[p] == '.') {
        size_t q = path.find_first_of(".[", p + 1);
        std::string key = path.substr(p + 1, q == std::string::npos ? std::string::npos : q - p - 1);
        if (key.size() >= 2 && key.front() == '"' && key.back() == '"') key = key.substr(1, key.size() - 2);
        simdjson::dom::object obj;
        element next;
        if (e.get(obj) || obj.at_key(key).get(next)) ok = false;
        else e = next;
        p = q == std::string::npos ? path.size() : q;
      } else if (path[p] == '[') {
        size_t q = path.find(']', p);
        if (q == std::string::npos) { ok = false; break; }
        std::string idx = path.substr(p + 1, q - p - 1);
        simdjson::dom::array arr;
        element next;
        if (idx.size() >= 2 && (idx.front() == '"' || idx.front() == '\'')) {
          simdjson::dom::object obj;
          if (e.get(obj) || obj.at_key(idx.substr(1, idx.size() - 2)).get(next)) ok = false;
          else e = next;
        } else if (e.get(arr) || arr.at(size_t(std::strtoull(idx.c_str(), nullptr, 10))).get(next)) ok = false;
        else e = next;
        p = q + 1;
      } else {
        ok = false;
      }
    }
    if (ok) {
      std::string_view v;
      if (!e.get(v)) s.assign(v);
      else if (e.type() != element_type::ARRAY && e.type() != element_type::OBJECT && e.type() != element_type::NULL_VALUE) s = rawOf(e);
      else if (e.type() == element_type::NULL_VALUE) s = "null";
    }
    pushString(*out, s);
  }
  return out;
}

}  // namespace

void registerJsonFunctions(FunctionRegistry& r) {
  r.add("JSONExtractString", extractStringFn);
  r.add("JSONExtractRaw", extractRawFn);
  r.add("JSONExtractInt", extractNumberFn<int64_t>);
  r.add("JSONExtractUInt", extractNumberFn<uint64_t>);
  r.add("JSONExtractFloat", extractNumberFn<double>);
  r.add("JSONExtractBool", extractBoolFn);
  r.add("JSONHas", hasFn);
  r.add("JSONLength", lengthFn);
  r.add("JSONExtractKeys", extractListFn<true>);
  r.add("JSONExtractArrayRaw", extractListFn<false>);
  r.add("JSONExtract", extractTypedFn);
  r.add("isValidJSON", isValidJSONFn);
  r.add("JSON_VALUE", jsonValueFn);
  r.add("simpleJSONExtractString", extractStringFn);
  r.add("simpleJSONExtractRaw", extractRawFn);
  r.add("simpleJSONExtractInt", extractNumberFn<int64_t>);
  r.add("simpleJSONExtractUInt", extractNumberFn<uint64_t>);
  r.add("simpleJSONExtractFloat", extractNumberFn<double>);
  r.add("simpleJSONExtractBool", extractBoolFn);
  r.add("simpleJSONHas", hasFn);
  r.alias("visitParamExtractString", "simpleJSONExtractString");
  r.alias("visitParamExtractRaw", "simpleJSONExtractRaw");
}

}  // namespace ferry::rt::exec
