/// String functions: case, length, substrings, search, LIKE and regular expressions (RE2),
/// splitting, trimming, concatenation and URL parts.
#include <re2/re2.h>

#include <locale.h>

#include <algorithm>
#include <cctype>
#include <cwctype>
#include <unordered_map>

#include "runtime/exec/exec_internal.h"

namespace ferry::rt::exec {
namespace {

/// Compiled regular expressions, by pattern (patterns are constants of a query).
const RE2& regex(const std::string& pattern, bool case_insensitive = false) {
  thread_local std::unordered_map<std::string, std::unique_ptr<RE2>> cache;
  std::string key = (case_insensitive ? "i:" : "s:") + pattern;
  auto it = cache.find(key);
  if (it != cache.end()) return *it->second;
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_case_sensitive(!case_insensitive);
  opts.set_dot_nl(true);
  auto re = std::make_unique<RE2>(pattern, opts);
  if (!re->ok()) fail("CANNOT_COMPILE_REGEXP", "Cannot compile regexp '" + pattern + "': " + re->error());
  return *cache.emplace(key, std::move(re)).first->second;
}

std::string likeToRegex(std::string_view like) {
  std::string out = "^";
  for (size_t i = 0; i < like.size(); ++i) {
    char c = like[i];
    if (c == '\\' && i + 1 < like.size()) {
      out += RE2::QuoteMeta(std::string(1, like[++i]));
    } else if (c == '%') {
      out += ".*";
    } else if (c == '_') {
      out += ".";
    } else {
      out += RE2::QuoteMeta(std::string(1, c));
    }
  }
  return out + "$";
}

template <class F>
ColumnPtr mapStrings(CallArgs& a, F&& f) {
  auto out = newString(a.result, a.rows);
  std::string buf;
  for (size_t i = 0; i < a.rows; ++i) {
    buf.clear();
    f(a.cols[0]->stringAt(i), i, buf);
    pushString(*out, buf);
  }
  return out;
}

template <class F>
ColumnPtr stringToUInt8(CallArgs& a, F&& f) {
  auto out = newFixed<uint8_t>(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) out->values<uint8_t>()[i] = f(i) ? 1 : 0;
  return out;
}

ColumnPtr lowerFn(CallArgs& a) {
  return mapStrings(a, [](std::string_view s, size_t, std::string& o) {
    for (char c : s) o.push_back(char(std::tolower(static_cast<unsigned char>(c))));
  });
}
ColumnPtr upperFn(CallArgs& a) {
  return mapStrings(a, [](std::string_view s, size_t, std::string& o) {
    for (char c : s) o.push_back(char(std::toupper(static_cast<unsigned char>(c))));
  });
}

/// Unicode simple case mapping through glibc's built-in C.UTF-8 locale (ASCII only when the
/// locale is missing); ß upper-cases to SS as ClickHouse's ICU-based upperUTF8 does.
template <bool upper>
void caseMapUtf8(std::string_view s, std::string& o) {
  static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(0));
  auto put = [&](uint32_t cp) {
    if (cp < 0x80) o.push_back(char(cp));
    else if (cp < 0x800) { o.push_back(char(0xC0 | (cp >> 6))); o.push_back(char(0x80 | (cp & 0x3F))); }
    else if (cp < 0x10000) {
      o.push_back(char(0xE0 | (cp >> 12))); o.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
      o.push_back(char(0x80 | (cp & 0x3F)));
    } else {
      o.push_back(char(0xF0 | (cp >> 18))); o.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
      o.push_back(char(0x80 | ((cp >> 6) & 0x3F))); o.push_back(char(0x80 | (cp & 0x3F)));
    }
  };
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      o.push_back(char(upper ? std::toupper(c) : std::tolower(c)));
      ++i;
      continue;
    }
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    bool valid = n > 0 && i + n <= s.size();
    uint32_t cp = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; valid && k < n; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (!valid) {  // not UTF-8: the byte as it is
      o.push_back(char(c));
      ++i;
      continue;
    }
    if (upper && cp == 0xDF) {
      o += "SS";
    } else if (loc != locale_t(0)) {
      put(uint32_t(upper ? towupper_l(wint_t(cp), loc) : towlower_l(wint_t(cp), loc)));
    } else {
      o.append(s.substr(i, n));
    }
    i += n;
  }
}

ColumnPtr lowerUtf8Fn(CallArgs& a) {
  return mapStrings(a, [](std::string_view s, size_t, std::string& o) { caseMapUtf8<false>(s, o); });
}
ColumnPtr upperUtf8Fn(CallArgs& a) {
  return mapStrings(a, [](std::string_view s, size_t, std::string& o) { caseMapUtf8<true>(s, o); });
}

size_t utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

ColumnPtr lengthFn(CallArgs& a) {
  auto out = newFixed<uint64_t>(a.result, a.rows);
  TypeKind k = a.kind(0);
  for (size_t i = 0; i < a.rows; ++i) {
    uint64_t n;
    if (k == TypeKind::Array || k == TypeKind::Map) {
      auto [b, e] = a.cols[0]->arrayRange(i);
      n = e - b;
    } else if (k == TypeKind::FixedString) {
      n = a.type(0).length;
    } else {
      n = a.cols[0]->stringAt(i).size();
    }
    out->values<uint64_t>()[i] = n;
  }
  return castColumn(out, a.result);
}

ColumnPtr lengthUTF8Fn(CallArgs& a) {
  auto out = newFixed<uint64_t>(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) out->values<uint64_t>()[i] = utf8Length(a.cols[0]->stringAt(i));
  return out;
}

template <bool want_empty>
ColumnPtr emptyFn(CallArgs& a) {
  TypeKind k = a.kind(0);
  return stringToUInt8(a, [&](size_t i) {
    bool empty;
    if (k == TypeKind::Array || k == TypeKind::Map) {
      auto [b, e] = a.cols[0]->arrayRange(i);
      empty = b == e;
    } else if (k == TypeKind::UUID) {
      const uint8_t* p = a.cols[0]->data.data() + (a.isConst(0) ? 0 : i) * 16;
      empty = std::all_of(p, p + 16, [](uint8_t x) { return x == 0; });
    } else {
      empty = a.cols[0]->stringAt(i).empty();
    }
    return empty == want_empty;
  });
}

ColumnPtr concatFn(CallArgs& a) {
  std::vector<ColumnPtr> parts;
  for (auto& c : a.cols) parts.push_back(isStringKind(layoutKind(*c->type)) ? c : castColumn(c, typeString()));
  auto out = newString(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    for (auto& p : parts) {
      auto s = p->stringAt(i);
      out->data.insert(out->data.end(), s.begin(), s.end());
    }
    out->offsets.push_back(out->data.size());
    ++out->rows;
  }
  return out;
}

ColumnPtr concatWithSeparatorFn(CallArgs& a) {
  std::vector<ColumnPtr> parts;
  for (auto& c : a.cols) parts.push_back(isStringKind(layoutKind(*c->type)) ? c : castColumn(c, typeString()));
  auto out = newString(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    std::string s;
    for (size_t j = 1; j < parts.size(); ++j) {
      if (j > 1) s += parts[0]->stringAt(i);
      s += parts[j]->stringAt(i);
    }
    pushString(*out, s);
  }
  return out;
}

/// substring(s, offset[, length]) with 1-based offsets, negative offsets from the end.
std::string_view substringOf(std::string_view s, int64_t offset, bool has_len, int64_t len) {
  int64_t size = int64_t(s.size());
  int64_t start;
  if (offset > 0) start = offset - 1;
  else if (offset < 0) start = size + offset;
  else return {};
  int64_t end = has_len ? (len >= 0 ? start + len : size + len) : size;
  if (start < 0) {
    if (offset < 0 && has_len && len >= 0) end = start + len;
    start = 0;
  }
  start = std::min(start, size);
  end = std::clamp(end, start, size);
  return s.substr(size_t(start), size_t(end - start));
}

ColumnPtr substringFn(CallArgs& a) {
  auto off = castColumn(a.cols[1], typeInt64());
  ColumnPtr len = a.cols.size() > 2 ? castColumn(a.cols[2], typeInt64()) : nullptr;
  Vals<int64_t> vo(*off);
  return mapStrings(a, [&](std::string_view s, size_t i, std::string& o) {
    int64_t l = len ? Vals<int64_t>(*len)[i] : 0;
    o.append(substringOf(s, vo[i], len != nullptr, l));
  });
}

ColumnPtr substringUTF8Fn(CallArgs& a) {
  auto off = castColumn(a.cols[1], typeInt64());
  ColumnPtr len = a.cols.size() > 2 ? castColumn(a.cols[2], typeInt64()) : nullptr;
  Vals<int64_t> vo(*off);
  return mapStrings(a, [&](std::string_view s, size_t i, std::string& o) {
    std::vector<size_t> starts;
    for (size_t k = 0; k < s.size(); ++k)
      if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) starts.push_back(k);
    int64_t n = int64_t(starts.size());
    int64_t offset = vo[i];
    int64_t start = offset > 0 ? offset - 1 : offset < 0 ? n + offset : n;
    int64_t end = n;
    if (len) {
      int64_t l = Vals<int64_t>(*len)[i];
      end = l >= 0 ? start + l : n + l;
    }
    start = std::clamp<int64_t>(start, 0, n);
    end = std::clamp<int64_t>(end, start, n);
    size_t bs = start < n ? starts[size_t(start)] : s.size();
    size_t be = end < n ? starts[size_t(end)] : s.size();
    o.append(s.substr(bs, be - bs));
  });
}

template <bool starts>
ColumnPtr startsEndsFn(CallArgs& a) {
  return stringToUInt8(a, [&](size_t i) {
    auto s = a.cols[0]->stringAt(i), p = a.cols[1]->stringAt(i);
    if (p.size() > s.size()) return false;
    return starts ? s.substr(0, p.size()) == p : s.substr(s.size() - p.size()) == p;
  });
}

std::string lowerAscii(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = char(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

template <bool ci, bool utf8>
ColumnPtr positionFn(CallArgs& a) {
  auto out = newFixed<uint64_t>(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    std::string_view h = a.cols[0]->stringAt(i), n = a.cols[1]->stringAt(i);
    std::string hl, nl;
    if (ci) {
      hl = lowerAscii(h);
      nl = lowerAscii(n);
      h = hl;
      n = nl;
    }
    size_t start = 0;
    if (a.cols.size() > 2) {
      auto st = castColumn(a.cols[2], typeInt64());
      int64_t s = Vals<int64_t>(*st)[i];
      start = s > 0 ? size_t(s - 1) : 0;
    }
    size_t pos = start <= h.size() ? h.find(n, start) : std::string_view::npos;
    uint64_t r = pos == std::string_view::npos ? 0 : pos + 1;
    if (utf8 && r) r = utf8Length(h.substr(0, pos)) + 1;
    out->values<uint64_t>()[i] = r;
  }
  return out;
}

template <bool negate, bool ci>
ColumnPtr likeFn(CallArgs& a) {
  if (a.isConst(1)) {
    std::string pat = a.constString(1);
    // Fast paths: %needle%, needle%, exact.
    bool simple = pat.find('_') == std::string::npos && pat.find('\\') == std::string::npos;
    std::string inner = pat;
    bool lead = !inner.empty() && inner.front() == '%', trail = inner.size() > 1 && inner.back() == '%';
    if (lead) inner.erase(0, 1);
    if (trail) inner.pop_back();
    if (simple && inner.find('%') == std::string::npos && !ci) {
      return stringToUInt8(a, [&](size_t i) {
        auto s = a.cols[0]->stringAt(i);
        bool m;
        if (lead && trail) m = s.find(inner) != std::string_view::npos;
        else if (lead) m = s.size() >= inner.size() && s.substr(s.size() - inner.size()) == inner;
        else if (trail) m = s.substr(0, inner.size()) == inner;
        else m = s == inner;
        return m != negate;
      });
    }
    const RE2& re = regex(likeToRegex(pat), ci);
    return stringToUInt8(a, [&](size_t i) {
      auto s = a.cols[0]->stringAt(i);
      return RE2::FullMatch(re2::StringPiece(s.data(), s.size()), re) != negate;
    });
  }
  return stringToUInt8(a, [&](size_t i) {
    const RE2& re = regex(likeToRegex(a.cols[1]->stringAt(i)), ci);
    auto s = a.cols[0]->stringAt(i);
    return RE2::FullMatch(re2::StringPiece(s.data(), s.size()), re) != negate;
  });
}

ColumnPtr matchFn(CallArgs& a) {
  return stringToUInt8(a, [&](size_t i) {
    const RE2& re = regex(std::string(a.cols[1]->stringAt(i)));
    auto s = a.cols[0]->stringAt(i);
    return RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), re);
  });
}

ColumnPtr extractFn(CallArgs& a) {
  return mapStrings(a, [&](std::string_view s, size_t i, std::string& o) {
    const RE2& re = regex(std::string(a.cols[1]->stringAt(i)));
    int groups = re.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> m(size_t(groups) + 1);
    if (re.Match(re2::StringPiece(s.data(), s.size()), 0, s.size(), RE2::UNANCHORED, m.data(), groups + 1)) {
      const auto& g = groups > 0 ? m[1] : m[0];
      o.append(g.data() ? std::string_view(g.data(), g.size()) : std::string_view());
    }
  });
}

ColumnPtr extractAllFn(CallArgs& a) {
  auto out = makeColumn(a.result);
  auto& elems = *out->children[0];
  for (size_t i = 0; i < a.rows; ++i) {
    auto s = a.cols[0]->stringAt(i);
    const RE2& re = regex(std::string(a.cols[1]->stringAt(i)));
    int groups = re.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> m(size_t(groups) + 1);
    size_t pos = 0;
    re2::StringPiece input(s.data(), s.size());
    while (pos <= s.size() && re.Match(input, pos, s.size(), RE2::UNANCHORED, m.data(), groups + 1)) {
      const auto& g = groups > 0 ? m[1] : m[0];
      pushString(elems, std::string_view(g.data() ? g.data() : "", g.size()));
      size_t end = size_t(m[0].data() - s.data()) + m[0].size();
      pos = m[0].size() == 0 ? end + 1 : end;
    }
    out->offsets.push_back(elems.rows);
    ++out->rows;
  }
  return out;
}

template <bool all>
ColumnPtr replaceFn(CallArgs& a) {
  return mapStrings(a, [&](std::string_view s, size_t i, std::string& o) {
    auto from = a.cols[1]->stringAt(i), to = a.cols[2]->stringAt(i);
    if (from.empty()) {
      o.append(s);
      return;
    }
    size_t pos = 0;
    while (true) {
      size_t f = s.find(from, pos);
      if (f == std::string_view::npos) break;
      o.append(s.substr(pos, f - pos));
      o.append(to);
      pos = f + from.size();
      if (!all) break;
    }
    o.append(s.substr(pos));
  });
}

/// ClickHouse replacement strings use \0-\9 for groups.
void appendReplacement(std::string& o, std::string_view rep, const std::vector<re2::StringPiece>& m) {
  for (size_t k = 0; k < rep.size(); ++k) {
    if (rep[k] == '\\' && k + 1 < rep.size()) {
      char n = rep[k + 1];
      if (n >= '0' && n <= '9') {
        size_t g = size_t(n - '0');
        if (g < m.size() && m[g].data()) o.append(m[g].data(), m[g].size());
        ++k;
        continue;
      }
      o.push_back(n);
      ++k;
      continue;
    }
    o.push_back(rep[k]);
  }
}

template <bool all>
ColumnPtr replaceRegexpFn(CallArgs& a) {
  return mapStrings(a, [&](std::string_view s, size_t i, std::string& o) {
    const RE2& re = regex(std::string(a.cols[1]->stringAt(i)));
    auto rep = a.cols[2]->stringAt(i);
    int groups = re.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> m(size_t(groups) + 1);
    re2::StringPiece input(s.data(), s.size());
    size_t pos = 0;
    while (pos <= s.size() && re.Match(input, pos, s.size(), RE2::UNANCHORED, m.data(), groups + 1)) {
      size_t mstart = size_t(m[0].data() - s.data());
      o.append(s.substr(pos, mstart - pos));
      appendReplacement(o, rep, m);
      pos = mstart + m[0].size();
      if (m[0].size() == 0) {
        if (pos < s.size()) o.push_back(s[pos]);
        ++pos;
      }
      if (!all) break;
    }
    if (pos <= s.size()) o.append(s.substr(pos));
  });
}

ColumnPtr splitFn(CallArgs& a, bool by_char) {
  // splitByChar(sep, s[, max]), splitByString(sep, s[, max])
  auto out = makeColumn(a.result);
  auto& elems = *out->children[0];
  int64_t max_parts = a.cols.size() > 2 ? a.constInt(2) : 0;
  for (size_t i = 0; i < a.rows; ++i) {
    auto sep = a.cols[0]->stringAt(i);
    auto s = a.cols[1]->stringAt(i);
    if (by_char && sep.size() != 1) fail("BAD_ARGUMENTS", "Illegal separator for function splitByChar. Must be exactly one byte.");
    int64_t parts = 0;
    if (sep.empty()) {
      for (size_t k = 0; k < s.size(); ++k) {
        if (max_parts > 0 && parts + 1 == max_parts) {
          pushString(elems, s.substr(k));
          ++parts;
          break;
        }
        pushString(elems, s.substr(k, 1));
        ++parts;
      }
    } else {
      size_t pos = 0;
      while (true) {
        if (max_parts > 0 && parts + 1 == max_parts) {
          pushString(elems, s.substr(pos));
          break;
        }
        size_t f = s.find(sep, pos);
        if (f == std::string_view::npos) {
          pushString(elems, s.substr(pos));
          break;
        }
        pushString(elems, s.substr(pos, f - pos));
        ++parts;
        pos = f + sep.size();
      }
    }
    out->offsets.push_back(elems.rows);
    ++out->rows;
  }
  return out;
}
ColumnPtr splitByCharFn(CallArgs& a) { return splitFn(a, true); }
ColumnPtr splitByStringFn(CallArgs& a) { return splitFn(a, false); }

ColumnPtr splitByRegexpFn(CallArgs& a) {
  auto out = makeColumn(a.result);
  auto& elems = *out->children[0];
  for (size_t i = 0; i < a.rows; ++i) {
    const RE2& re = regex(std::string(a.cols[0]->stringAt(i)));
    auto s = a.cols[1]->stringAt(i);
    re2::StringPiece input(s.data(), s.size()), m;
    size_t pos = 0, search = 0;
    while (search < s.size() && re.Match(input, search, s.size(), RE2::UNANCHORED, &m, 1)) {
      size_t ms = size_t(m.data() - s.data());
      if (m.size() == 0) {
        search = ms + 1;
        if (ms == pos) continue;
      }
      pushString(elems, s.substr(pos, ms - pos));
      pos = ms + m.size();
      search = std::max(search, pos);
    }
    pushString(elems, s.substr(pos));
    out->offsets.push_back(elems.rows);
    ++out->rows;
  }
  return out;
}

template <bool left, bool right>
ColumnPtr trimFn(CallArgs& a) {
  return mapStrings(a, [&](std::string_view s, size_t i, std::string& o) {
    std::string_view chars = a.cols.size() > 1 ? a.cols[1]->stringAt(i) : std::string_view(" ");
    size_t b = 0, e = s.size();
    if (left)
      while (b < e && chars.find(s[b]) != std::string_view::npos) ++b;
    if (right)
      while (e > b && chars.find(s[e - 1]) != std::string_view::npos) --e;
    o.append(s.substr(b, e - b));
  });
}

ColumnPtr reverseFn(CallArgs& a) {
  if (a.kind(0) == TypeKind::Array) {
    auto col = materialize(a.cols[0]);
    std::vector<uint32_t> idx;
    for (size_t i = 0; i < a.rows; ++i) {
      auto [b, e] = col->arrayRange(i);
      for (uint64_t k = e; k > b; --k) idx.push_back(uint32_t(k - 1));
    }
    auto out = std::make_shared<Column>();
    out->type = a.result;
    out->rows = col->rows;
    out->offsets = col->offsets;
    out->children.push_back(gather(*col->children[0], idx));
    return out;
  }
  return mapStrings(a, [](std::string_view s, size_t, std::string& o) { o.assign(s.rbegin(), s.rend()); });
}

ColumnPtr repeatFn(CallArgs& a) {
  auto n = castColumn(a.cols[1], typeUInt64());
  return mapStrings(a, [&](std::string_view s, size_t i, std::string& o) {
    uint64_t k = Vals<uint64_t>(*n)[i];
    for (uint64_t j = 0; j < k; ++j) o.append(s);
  });
}

template <bool left>
ColumnPtr padFn(CallArgs& a) {
  auto len = castColumn(a.cols[1], typeUInt64());
  return mapStrings(a, [&](std::string_view s, size_t i, std::string& o) {
    uint64_t n = Vals<uint64_t>(*len)[i];
    std::string_view fill = a.cols.size() > 2 ? a.cols[2]->stringAt(i) : std::string_view(" ");
    if (s.size() >= n) {
      o.append(s.substr(0, n));
      return;
    }
    std::string pad;
    while (pad.size() < n - s.size() && !fill.empty()) pad.append(fill);
    pad.resize(n - s.size());
    if (left) o.append(pad).append(s);
    else o.append(s).append(pad);
  });
}

template <bool left>
ColumnPtr leftRightFn(CallArgs& a) {
  auto len = castColumn(a.cols[1], typeInt64());
  return mapStrings(a, [&](std::string_view s, size_t i, std::string& o) {
    int64_t n = Vals<int64_t>(*len)[i];
    int64_t size = int64_t(s.size());
    int64_t take = n >= 0 ? std::min(n, size) : std::max<int64_t>(size + n, 0);
    o.append(left ? s.substr(0, size_t(take)) : s.substr(size_t(size - take)));
  });
}

// ---- URLs ------------------------------------------------------------------------------------------
std::string_view urlHost(std::string_view url) {
  size_t p = url.find("//");
  std::string_view rest;
  if (p == std::string_view::npos) {
    // No scheme: ClickHouse's domain() still parses "host/path" only when it looks like a host.
    rest = url;
    size_t colon = url.find(':');
    if (colon != std::string_view::npos && colon < url.find('/')) {
      // "mailto:..." style
      return {};
    }
  } else {
    std::string_view scheme = url.substr(0, p);
    if (!scheme.empty() && scheme.back() != ':') return {};
    rest = url.substr(p + 2);
  }
  size_t end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, end);
  size_t at = host.find('@');
  if (at != std::string_view::npos) host = host.substr(at + 1);
  size_t colon = host.rfind(':');
  if (colon != std::string_view::npos) host = host.substr(0, colon);
  return host;
}

ColumnPtr domainFn(CallArgs& a) {
  return mapStrings(a, [](std::string_view s, size_t, std::string& o) { o.append(urlHost(s)); });
}
ColumnPtr domainWithoutWWWFn(CallArgs& a) {
  return mapStrings(a, [](std::string_view s, size_t, std::string& o) {
    auto h = urlHost(s);
    if (h.substr(0, 4) == "www.") h.remove_prefix(4);
    o.append(h);
  });
}
ColumnPtr protocolFn(CallArgs& a) {
  return mapStrings(a, [](std::string_view s, size_t, std::string& o) {
    size_t p = s.find("://");
    if (p != std::string_view::npos) o.append(s.substr(0, p));
  });
}
ColumnPtr pathFn(CallArgs& a) {
  return mapStrings(a, [](std::string_view s, size_t, std::string& o) {
    size_t p = s.find("//");
    std::string_view rest = p == std::string_view::npos ? s : s.substr(p + 2);
    size_t b = rest.find('/');
    if (b == std::string_view::npos) return;
    rest = rest.substr(b);
    size_t e = rest.find_first_of("?#");
    o.append(rest.substr(0, e));
  });
}
ColumnPtr queryStringFn(CallArgs& a) {
  return mapStrings(a, [](std::string_view s, size_t, std::string& o) {
    size_t q = s.find('?');
    if (q == std::string_view::npos) return;
    auto rest = s.substr(q + 1);
    o.append(rest.substr(0, rest.find('#')));
  });
}
ColumnPtr extractURLParameterFn(CallArgs& a) {
  return mapStrings(a, [&](std::string_view s, size_t i, std::string& o) {
    auto name = a.cols[1]->stringAt(i);
    size_t q = s.find('?');
    if (q == std::string_view::npos) return;
    auto rest = s.substr(q + 1);
    rest = rest.substr(0, rest.find('#'));
    size_t pos = 0;
    while (pos <= rest.size()) {
      size_t amp = rest.find('&', pos);
      auto kv = rest.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
      size_t eq = kv.find('=');
      if (kv.substr(0, eq) == name) {
        if (eq != std::string_view::npos) o.append(kv.substr(eq + 1));
        return;
      }
      if (amp == std::string_view::npos) break;
      pos = amp + 1;
    }
  });
}

/// URLHierarchy / URLPathHierarchy: the URL cut after each run of `/`, `?` or `#` of its path.
/// As ClickHouse: only for `scheme://host...` (the scheme scanned with ClickHouse's exclusive
/// ranges, `b`..`y` and `1`..`8`); otherwise URLHierarchy gives the whole URL and
/// URLPathHierarchy nothing. Each element starts at the URL's start (URLHierarchy) or at the
/// path (URLPathHierarchy).
void urlHierarchy(std::string_view url, bool path_only, Column& elems) {
  auto separator = [](char c) { return c == '/' || c == '?' || c == '#'; };
  const size_t end = url.size();
  if (end == 0) return;
  size_t pos = 0;
  while (pos < end && ((url[pos] > 'a' && url[pos] < 'z') || (url[pos] > '0' && url[pos] < '9'))) ++pos;
  if (pos == 0 || pos == end || !(pos + 3 < end && url.substr(pos, 3) == "://")) {
    if (!path_only) pushString(elems, url);
    return;
  }
  pos += 3;
  while (pos < end && !separator(url[pos])) ++pos;  // the host
  const size_t start = path_only ? pos : 0;
  if (pos != end) ++pos;
  if (!path_only) pushString(elems, url.substr(0, pos));
  for (;;) {
    while (pos < end && separator(url[pos])) ++pos;
    if (pos == end) return;
    while (pos < end && !separator(url[pos])) ++pos;
    if (pos != end) ++pos;
    pushString(elems, url.substr(start, pos - start));
  }
}
template <bool PathOnly>
ColumnPtr urlHierarchyFn(CallArgs& a) {
  auto out = makeColumn(a.result);
  auto& elems = *out->children[0];
  for (size_t i = 0; i < a.rows; ++i) {
    urlHierarchy(a.cols[0]->stringAt(i), PathOnly, elems);
    out->offsets.push_back(elems.rows);
    ++out->rows;
  }
  return out;
}

ColumnPtr multiSearchAnyFn(CallArgs& a, bool ci) {
  auto needles = materialize(a.cols[1]);
  return stringToUInt8(a, [&](size_t i) {
    std::string h = ci ? lowerAscii(a.cols[0]->stringAt(i)) : std::string(a.cols[0]->stringAt(i));
    auto [b, e] = needles->arrayRange(a.isConst(1) ? 0 : i);
    for (uint64_t k = b; k < e; ++k) {
      std::string n = ci ? lowerAscii(needles->children[0]->stringAt(k)) : std::string(needles->children[0]->stringAt(k));
      if (h.find(n) != std::string::npos) return true;
    }
    return false;
  });
}
ColumnPtr multiSearchAnyCS(CallArgs& a) { return multiSearchAnyFn(a, false); }
ColumnPtr multiSearchAnyCI(CallArgs& a) { return multiSearchAnyFn(a, true); }

ColumnPtr hexFn(CallArgs& a) {
  static const char* digits = "0123456789ABCDEF";
  if (isStringKind(a.kind(0)))
    return mapStrings(a, [](std::string_view s, size_t, std::string& o) {
      for (unsigned char c : s) {
        o.push_back(digits[c >> 4]);
        o.push_back(digits[c & 15]);
      }
    });
  auto v = castColumn(a.cols[0], typeUInt64());
  auto out = newString(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    uint64_t x = Vals<uint64_t>(*v)[i];
    std::string s;
    do {
      s.push_back(digits[x & 15]);
      s.push_back(digits[(x >> 4) & 15]);
      x >>= 8;
    } while (x);
    std::reverse(s.begin(), s.end());
    pushString(*out, s);
  }
  return out;
}

ColumnPtr base64EncodeFn(CallArgs& a) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  return mapStrings(a, [](std::string_view s, size_t, std::string& o) {
    size_t i = 0;
    for (; i + 2 < s.size(); i += 3) {
      uint32_t v = (uint8_t(s[i]) << 16) | (uint8_t(s[i + 1]) << 8) | uint8_t(s[i + 2]);
      o += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], t[v & 63]};
    }
    if (i + 1 == s.size()) {
      uint32_t v = uint8_t(s[i]) << 16;
      o += {t[v >> 18], t[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == s.size()) {
      uint32_t v = (uint8_t(s[i]) << 16) | (uint8_t(s[i + 1]) << 8);
      o += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], '='};
    }
  });
}

ColumnPtr formatFn(CallArgs& a) {
  // format('{} and {}', a, b), with {} and {N}.
  std::vector<ColumnPtr> parts;
  for (size_t j = 1; j < a.cols.size(); ++j)
    parts.push_back(isStringKind(layoutKind(*a.cols[j]->type)) ? a.cols[j] : castColumn(a.cols[j], typeString()));
  return mapStrings(a, [&](std::string_view f, size_t i, std::string& o) {
    size_t next = 0;
    for (size_t k = 0; k < f.size(); ++k) {
      if (f[k] == '{' && k + 1 < f.size() && f[k + 1] == '{') { o.push_back('{'); ++k; continue; }
      if (f[k] == '}' && k + 1 < f.size() && f[k + 1] == '}') { o.push_back('}'); ++k; continue; }
      if (f[k] == '{') {
        size_t close = f.find('}', k);
        if (close == std::string_view::npos) fail("BAD_ARGUMENTS", "Unclosed { in format string");
        auto idx = f.substr(k + 1, close - k - 1);
        size_t n = idx.empty() ? next++ : size_t(std::stoul(std::string(idx)));
        if (n >= parts.size()) fail("BAD_ARGUMENTS", "Not enough arguments for format");
        o.append(parts[n]->stringAt(i));
        k = close;
        continue;
      }
      o.push_back(f[k]);
    }
  });
}

}  // namespace

void registerStringFunctions(FunctionRegistry& r) {
  r.add("lower", lowerFn);
  r.add("upper", upperFn);
  r.alias("lcase", "lower");
  r.alias("ucase", "upper");
  r.add("lowerUTF8", lowerUtf8Fn);
  r.add("upperUTF8", upperUtf8Fn);
  r.add("length", lengthFn);
  r.add("lengthUTF8", lengthUTF8Fn);
  r.alias("char_length", "lengthUTF8");
  r.alias("CHAR_LENGTH", "lengthUTF8");
  r.alias("octet_length", "length");
  r.add("empty", emptyFn<true>);
  r.add("notEmpty", emptyFn<false>);
  r.add("concat", concatFn);
  r.add("concatWithSeparator", concatWithSeparatorFn);
  r.add("substring", substringFn);
  r.alias("substr", "substring");
  r.alias("mid", "substring");
  r.add("substringUTF8", substringUTF8Fn);
  r.add("startsWith", startsEndsFn<true>);
  r.add("endsWith", startsEndsFn<false>);
  r.add("position", positionFn<false, false>);
  r.alias("locate", "position");
  r.add("positionCaseInsensitive", positionFn<true, false>);
  r.add("positionUTF8", positionFn<false, true>);
  r.add("positionCaseInsensitiveUTF8", positionFn<true, true>);
  r.add("like", likeFn<false, false>);
  r.add("notLike", likeFn<true, false>);
  r.add("ilike", likeFn<false, true>);
  r.add("notILike", likeFn<true, true>);
  r.add("match", matchFn);
  r.alias("REGEXP", "match");
  r.add("extract", extractFn);
  r.add("extractAll", extractAllFn);
  r.add("replaceAll", replaceFn<true>);
  r.alias("replace", "replaceAll");
  r.add("replaceOne", replaceFn<false>);
  r.add("replaceRegexpAll", replaceRegexpFn<true>);
  r.alias("REGEXP_REPLACE", "replaceRegexpAll");
  r.add("replaceRegexpOne", replaceRegexpFn<false>);
  r.add("splitByChar", splitByCharFn);
  r.add("splitByString", splitByStringFn);
  r.add("splitByRegexp", splitByRegexpFn);
  r.add("trim", trimFn<true, true>);
  r.alias("trimBoth", "trim");
  r.add("trimLeft", trimFn<true, false>);
  r.alias("ltrim", "trimLeft");
  r.add("trimRight", trimFn<false, true>);
  r.alias("rtrim", "trimRight");
  r.add("reverse", reverseFn);
  r.alias("arrayReverse", "reverse");
  r.add("repeat", repeatFn);
  r.add("leftPad", padFn<true>);
  r.alias("lpad", "leftPad");
  r.add("rightPad", padFn<false>);
  r.alias("rpad", "rightPad");
  r.add("left", leftRightFn<true>);
  r.add("right", leftRightFn<false>);
  r.add("domain", domainFn);
  r.add("domainWithoutWWW", domainWithoutWWWFn);
  r.add("protocol", protocolFn);
  r.add("path", pathFn);
  r.add("queryString", queryStringFn);
  r.add("extractURLParameter", extractURLParameterFn);
  r.add("URLHierarchy", urlHierarchyFn<false>);
  r.add("URLPathHierarchy", urlHierarchyFn<true>);
  r.add("multiSearchAny", multiSearchAnyCS);
  r.add("multiSearchAnyCaseInsensitive", multiSearchAnyCI);
  r.add("hex", hexFn);
  r.add("base64Encode", base64EncodeFn);
  r.add("format", formatFn);
}

}  // namespace ferry::rt::exec
