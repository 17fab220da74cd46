/// Differential test of the interpreter's scalar functions against ClickHouse (chDB).
///
/// The case file holds groups: a `columns` line (a `values()` structure such as `a UInt8, b Int16`),
/// a `rows` line (the values: `(1, 2), (3, 4)`), then expressions in function-call syntax over those
/// columns (`plus(a, b)`, `arrayMap(x -> multiply(x, 2), arr)`; `[..]` is `array(..)`).
///
/// Two steps, with ClickHouse in between (run_function_cases.sh):
///   function_cases requests CASES OUT.json   -> what to ask ClickHouse: for each expression the
///                                               texts whose toTypeName types the physical Expr
///   node function_oracle.js OUT.json ANSWERS.json
///   function_cases check CASES ANSWERS.json  -> builds each Expr with ClickHouse's types, runs
///                                               rt::evaluate over the same rows, compares TSV text
/// The compiler is not involved: every node's type comes from ClickHouse, so a mismatch is the
/// interpreter's.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/column/value_text.h"
#include "runtime/exec/executor.h"

using namespace ferry::rt;
using nlohmann::json;

namespace {

// ---- Type names ---------------------------------------------------------------------------------
struct TypeReader {
  std::string_view s;
  size_t i = 0;
  void ws() {
    while (i < s.size() && s[i] == ' ') ++i;
  }
  bool eat(char c) {
    ws();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  std::string ident() {
    ws();
    size_t b = i;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
    return std::string(s.substr(b, i - b));
  }
  std::string quoted() {
    ws();
    std::string out;
    if (i >= s.size() || s[i] != '\'') throw std::runtime_error("quote expected in type " + std::string(s));
    ++i;
    while (i < s.size() && s[i] != '\'') {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      out.push_back(s[i++]);
    }
    ++i;
    return out;
  }
  int64_t number() {
    ws();
    size_t b = i;
    if (i < s.size() && s[i] == '-') ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return std::stoll(std::string(s.substr(b, i - b)));
  }
  ColumnTypePtr type() {
    size_t begin = i;
    std::string name = ident();
    auto t = std::make_shared<ColumnType>();
    static const std::vector<std::pair<std::string, TypeKind>> simple = {
        {"Nothing", TypeKind::Nothing}, {"UInt8", TypeKind::UInt8}, {"UInt16", TypeKind::UInt16},
        {"UInt32", TypeKind::UInt32}, {"UInt64", TypeKind::UInt64}, {"UInt128", TypeKind::UInt128},
        {"UInt256", TypeKind::UInt256}, {"Int8", TypeKind::Int8}, {"Int16", TypeKind::Int16},
        {"Int32", TypeKind::Int32}, {"Int64", TypeKind::Int64}, {"Int128", TypeKind::Int128},
        {"Int256", TypeKind::Int256}, {"Float32", TypeKind::Float32}, {"Float64", TypeKind::Float64},
        {"Bool", TypeKind::Bool}, {"String", TypeKind::String}, {"Date", TypeKind::Date},
        {"Date32", TypeKind::Date32}, {"UUID", TypeKind::UUID}, {"IPv4", TypeKind::IPv4},
        {"IPv6", TypeKind::IPv6}};
    bool found = false;
    for (const auto& [n, k] : simple)
      if (n == name) {
        t->kind = k;
        found = true;
      }
    if (found) {
    } else if (name == "Nullable" || name == "LowCardinality" || name == "Array") {
      t->kind = name == "Nullable" ? TypeKind::Nullable
                : name == "Array"  ? TypeKind::Array
                                   : TypeKind::LowCardinality;
      eat('(');
      t->children.push_back(type());
      eat(')');
    } else if (name == "Map") {
      t->kind = TypeKind::Map;
      eat('(');
      t->children.push_back(type());
      eat(',');
      t->children.push_back(type());
      eat(')');
    } else if (name == "Tuple") {
      t->kind = TypeKind::Tuple;
      eat('(');
      do {
        ws();
        // A named element: `name Type` (the name is followed by a space and a type name).
        size_t save = i;
        std::string first = ident();
        ws();
        if (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) {
          t->element_names.push_back(first);
        } else {
          i = save;
        }
        t->children.push_back(type());
      } while (eat(','));
      eat(')');
    } else if (name == "FixedString") {
      t->kind = TypeKind::FixedString;
      eat('(');
      t->length = uint64_t(number());
      eat(')');
    } else if (name == "DateTime") {
      t->kind = TypeKind::DateTime;
      if (eat('(')) {
        t->timezone = quoted();
        eat(')');
      }
    } else if (name == "DateTime64") {
      t->kind = TypeKind::DateTime64;
      eat('(');
      t->precision = uint32_t(number());
      if (eat(',')) t->timezone = quoted();
      eat(')');
    } else if (name.rfind("Decimal", 0) == 0) {
      eat('(');
      int64_t a = number();
      if (eat(',')) {
        t->precision = uint32_t(a);
        t->scale = uint32_t(number());
      } else {
        t->scale = uint32_t(a);
        t->precision = name == "Decimal32" ? 9 : name == "Decimal64" ? 18 : name == "Decimal128" ? 38 : 76;
      }
      eat(')');
      t->kind = t->precision <= 9 ? TypeKind::Decimal32
                : t->precision <= 18 ? TypeKind::Decimal64
                : t->precision <= 38 ? TypeKind::Decimal128
                                     : TypeKind::Decimal256;
    } else if (name == "Enum8" || name == "Enum16") {
      t->kind = name == "Enum8" ? TypeKind::Enum8 : TypeKind::Enum16;
      eat('(');
      do {
        std::string n = quoted();
        eat('=');
        t->enum_values.emplace_back(n, number());
      } while (eat(','));
      eat(')');
    } else if (name.rfind("Interval", 0) == 0) {
      t->kind = TypeKind::Interval;
      t->interval_unit = name.substr(8);
    } else {
      throw std::runtime_error("unsupported type " + std::string(s));
    }
    t->name = std::string(s.substr(begin, i - begin));
    while (!t->name.empty() && t->name.front() == ' ') t->name.erase(0, 1);
    return t;
  }
};

ColumnTypePtr parseType(std::string_view s) {
  TypeReader r{s};
  auto t = r.type();
  r.ws();
  if (r.i != s.size()) throw std::runtime_error("trailing text in type " + std::string(s));
  return t;
}

// ---- Expressions ---------------------------------------------------------------------------------
struct Node {
  enum Kind { Call, Column, Literal, Lambda } kind = Literal;
  std::string name;  ///< function, column or parameter name; literal text
  std::vector<std::unique_ptr<Node>> args;
  std::vector<std::string> params;  ///< Lambda
};

struct ExprParser {
  std::string_view s;
  size_t i = 0;
  void ws() {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  }
  [[noreturn]] void error(const std::string& what) {
    throw std::runtime_error(what + " at " + std::to_string(i) + " in " + std::string(s));
  }
  bool peek(char c) {
    ws();
    return i < s.size() && s[i] == c;
  }
  void expect(char c) {
    if (!peek(c)) error(std::string("'") + c + "' expected");
    ++i;
  }
  std::string ident() {
    ws();
    size_t b = i;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
    if (b == i) error("name expected");
    return std::string(s.substr(b, i - b));
  }
  bool arrowAhead() {
    ws();
    return s.substr(i, 2) == "->";
  }
  std::vector<std::unique_ptr<Node>> list(char close) {
    std::vector<std::unique_ptr<Node>> out;
    if (peek(close)) {
      ++i;
      return out;
    }
    do {
      out.push_back(expr());
      ws();
    } while (peek(',') && ++i);
    expect(close);
    return out;
  }
  std::unique_ptr<Node> expr() {
    ws();
    auto n = std::make_unique<Node>();
    if (i >= s.size()) error("expression expected");
    char c = s[i];
    if (c == '\'') {
      size_t b = i++;
      while (i < s.size() && s[i] != '\'') i += s[i] == '\\' ? 2 : 1;
      ++i;
      n->name = std::string(s.substr(b, i - b));
      return n;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.') {
      size_t b = i++;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '.' ||
                              ((s[i] == '-' || s[i] == '+') && (s[i - 1] == 'e' || s[i - 1] == 'E'))))
        ++i;
      n->name = std::string(s.substr(b, i - b));
      return n;
    }
    if (c == '[') {
      ++i;
      n->kind = Node::Call;
      n->name = "array";
      n->args = list(']');
      return n;
    }
    if (c == '(') {
      // A lambda with several parameters, or a tuple.
      size_t save = i;
      ++i;
      std::vector<std::string> params;
      bool is_lambda = true;
      try {
        do params.push_back(ident());
        while (peek(',') && ++i);
        expect(')');
        is_lambda = arrowAhead();
      } catch (const std::exception&) {
        is_lambda = false;
      }
      if (is_lambda) {
        i += 2;
        n->kind = Node::Lambda;
        n->params = params;
        n->args.push_back(expr());
        return n;
      }
      i = save + 1;
      n->kind = Node::Call;
      n->name = "tuple";
      n->args = list(')');
      return n;
    }
    std::string name = ident();
    if (arrowAhead()) {
      i += 2;
      n->kind = Node::Lambda;
      n->params = {name};
      n->args.push_back(expr());
      return n;
    }
    if (peek('(')) {
      ++i;
      n->kind = Node::Call;
      n->name = name;
      n->args = list(')');
      return n;
    }
    if (name == "NULL" || name == "nan" || name == "inf" || name == "true" || name == "false") {
      n->name = name;
      return n;
    }
    n->kind = Node::Column;
    n->name = name;
    return n;
  }
};

std::string print(const Node& n) {
  switch (n.kind) {
    case Node::Literal:
    case Node::Column:
      return n.name;
    case Node::Lambda: {
      std::string out = "(";
      for (size_t k = 0; k < n.params.size(); ++k) out += (k ? ", " : "") + n.params[k];
      return out + ") -> " + print(*n.args[0]);
    }
    case Node::Call: {
      std::string out = n.name + "(";
      for (size_t k = 0; k < n.args.size(); ++k) out += (k ? ", " : "") + print(*n.args[k]);
      return out + ")";
    }
  }
  return {};
}

/// The lambda scopes around a node: for each enclosing lambda, its parameters and the texts of
/// the arguments they range over (`arrayMap(x -> ..., arr)`: x over arr).
struct Scope {
  std::vector<std::string> params;
  std::vector<std::string> sources;  ///< array expressions (maps as mapKeys/mapValues)
};

/// The text whose toTypeName is the type of `text` inside the scopes: nested arrayMap calls, the
/// answer wrapped in one Array(...) per scope.
std::string typingText(const std::string& text, const std::vector<Scope>& scopes) {
  std::string out = text;
  for (size_t k = scopes.size(); k-- > 0;) {
    std::string lam = "(";
    for (size_t p = 0; p < scopes[k].params.size(); ++p) lam += (p ? ", " : "") + scopes[k].params[p];
    lam += ") -> " + out;
    out = "arrayMap(" + lam;
    for (const auto& src : scopes[k].sources) out += ", " + src;
    out += ")";
  }
  return out;
}

struct Case {
  std::string columns, rows, text;
  std::unique_ptr<Node> root;
  std::vector<std::string> typing;  ///< texts to type, in the order `build` consumes them
  int line = 0;
};

struct Group {
  std::vector<std::pair<std::string, ColumnTypePtr>> columns;
};

std::vector<std::pair<std::string, std::string>> splitColumns(const std::string& s) {
  std::vector<std::pair<std::string, std::string>> out;
  int depth = 0;
  std::string cur;
  auto flush = [&] {
    size_t b = cur.find_first_not_of(' ');
    cur = cur.substr(b);
    size_t sp = cur.find(' ');
    out.emplace_back(cur.substr(0, sp), cur.substr(sp + 1));
    cur.clear();
  };
  for (char c : s) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) flush();
    else cur.push_back(c);
  }
  flush();
  return out;
}

/// Whether the call's lambda params range over a map (mapApply, mapFilter ...).
bool isMapHigherOrder(const std::string& f) { return f.rfind("map", 0) == 0; }

/// Collects the texts to type (pre-order: the node itself, then its arguments) for `n`.
void collect(const Node& n, std::vector<Scope>& scopes, std::vector<std::string>& out) {
  if (n.kind == Node::Column) {
    bool is_param = false;
    for (const auto& sc : scopes)
      for (const auto& p : sc.params) is_param |= p == n.name;
    if (!is_param) return;
  }
  if (n.kind == Node::Lambda) {
    return;  // handled by its call
  }
  out.push_back(typingText(print(n), scopes));
  for (size_t k = 0; k < n.args.size(); ++k) {
    const Node& a = *n.args[k];
    if (a.kind != Node::Lambda) {
      collect(a, scopes, out);
      continue;
    }
    Scope sc;
    sc.params = a.params;
    std::vector<std::string> rest;
    for (size_t j = 0; j < n.args.size(); ++j)
      if (j != k) rest.push_back(print(*n.args[j]));
    if (isMapHigherOrder(n.name) && !rest.empty()) {
      sc.sources = {"mapKeys(" + rest[0] + ")", "mapValues(" + rest[0] + ")"};
    } else {
      for (size_t p = 0; p < a.params.size() && p < rest.size(); ++p) sc.sources.push_back(rest[p]);
    }
    scopes.push_back(sc);
    collect(*a.args[0], scopes, out);
    scopes.pop_back();
  }
}

std::string unquoteSql(std::string_view q) {
  std::string out;
  for (size_t i = 1; i + 1 < q.size(); ++i) {
    char c = q[i];
    if (c == '\\' && i + 2 < q.size()) {
      char d = q[++i];
      switch (d) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case '0': out.push_back('\0'); break;
        case 'r': out.push_back('\r'); break;
        default: out.push_back(d);
      }
    } else {
      out.push_back(c);
    }
  }
  return out;
}

/// Builds the physical Expr for `n`, taking types from `types` in `collect` order.
struct Builder {
  const Group& group;
  const std::vector<ColumnTypePtr>& types;
  size_t next = 0;
  std::vector<std::vector<std::string>> scopes;  ///< lambda parameter names, innermost last

  ExprPtr build(const Node& n) {
    auto e = std::make_shared<Expr>();
    if (n.kind == Node::Column) {
      for (size_t d = scopes.size(); d-- > 0;) {
        for (size_t p = 0; p < scopes[d].size(); ++p)
          if (scopes[d][p] == n.name) {
            if (d + 1 != scopes.size()) throw std::runtime_error("outer lambda parameters are not supported");
            e->kind = ExprKind::LambdaParam;
            e->input = p;
            e->type = types.at(next++);
            return e;
          }
      }
      for (size_t c = 0; c < group.columns.size(); ++c)
        if (group.columns[c].first == n.name) {
          e->kind = ExprKind::Input;
          e->input = c;
          e->type = group.columns[c].second;
          return e;
        }
      throw std::runtime_error("unknown column " + n.name);
    }
    e->type = types.at(next++);
    if (n.kind == Node::Literal) {
      e->kind = ExprKind::Literal;
      if (n.name == "NULL") return e;
      auto col = makeColumn(e->type);
      std::string text = n.name[0] == '\'' ? unquoteSql(n.name) : n.name;
      std::string err;
      if (!parseAndAppend(*col, text, err)) throw std::runtime_error("literal " + n.name + ": " + err);
      e->literal = fieldAt(*col, 0);
      return e;
    }
    e->kind = ExprKind::Call;
    e->function = n.name;
    std::vector<ExprPtr> args(n.args.size());
    // Same order as collect: arguments left to right, lambdas where they stand.
    for (size_t k = 0; k < n.args.size(); ++k) {
      const Node& a = *n.args[k];
      if (a.kind != Node::Lambda) {
        args[k] = build(a);
        continue;
      }
      auto lam = std::make_shared<Expr>();
      lam->kind = ExprKind::Lambda;
      scopes.push_back(a.params);
      auto body = build(*a.args[0]);
      scopes.pop_back();
      lam->args.push_back(body);
      args[k] = lam;
    }
    // Lambda parameter types: from the other arguments (element types; map keys and values).
    for (size_t k = 0; k < n.args.size(); ++k) {
      if (n.args[k]->kind != Node::Lambda) continue;
      auto lam = std::const_pointer_cast<Expr>(args[k]);
      std::vector<ExprPtr> rest;
      for (size_t j = 0; j < args.size(); ++j)
        if (j != k) rest.push_back(args[j]);
      auto strip = [](ColumnTypePtr t) {
        while (t->kind == TypeKind::LowCardinality || t->kind == TypeKind::Nullable) t = t->children[0];
        return t;
      };
      if (isMapHigherOrder(n.name) && !rest.empty()) {
        auto m = strip(rest[0]->type);
        lam->lambda_params = {m->children[0], m->children[1]};
      } else {
        for (size_t p = 0; p < n.args[k]->params.size() && p < rest.size(); ++p) {
          auto t = strip(rest[p]->type);
          lam->lambda_params.push_back(t->kind == TypeKind::Array ? t->children[0] : t);
        }
      }
      lam->type = lam->args[0]->type;
    }
    e->args = std::move(args);
    return e;
  }
};

std::vector<Case> readCases(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return {};
  }
  std::vector<Case> cases;
  std::string line, columns, rows;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("columns\t", 0) == 0) {
      columns = line.substr(8);
      continue;
    }
    if (line.rfind("rows\t", 0) == 0) {
      rows = line.substr(5);
      continue;
    }
    Case c;
    c.columns = columns;
    c.rows = rows;
    c.text = line;
    c.line = line_no;
    ExprParser p{c.text};
    c.root = p.expr();
    p.ws();
    if (p.i != c.text.size()) p.error("unexpected text");
    std::vector<Scope> scopes;
    collect(*c.root, scopes, c.typing);
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string tsvUnescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char d = s[++i];
      switch (d) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'r': out.push_back('\r'); break;
        case '0': out.push_back('\0'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        default: out.push_back(d);
      }
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::string> splitTab(const std::string& line) {
  std::vector<std::string> out;
  size_t b = 0;
  while (true) {
    size_t t = line.find('\t', b);
    out.push_back(line.substr(b, t == std::string::npos ? std::string::npos : t - b));
    if (t == std::string::npos) break;
    b = t + 1;
  }
  return out;
}

bool parseNumber(const std::string& s, double& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

/// Equal as ClickHouse's text, or as floats within 1e-9 relative (also inside arrays/tuples:
/// compared token by token).
bool sameText(const std::string& want, const std::string& have) {
  if (want == have) return true;
  auto tokens = [](const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
      if (c == '[' || c == ']' || c == ',' || c == '(' || c == ')' || c == '{' || c == '}' || c == ':' || c == '\t') {
        out.push_back(cur);
        out.push_back(std::string(1, c));
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    out.push_back(cur);
    return out;
  };
  auto a = tokens(want), b = tokens(have);
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    if (a[k] == b[k]) continue;
    double x, y;
    if (!parseNumber(a[k], x) || !parseNumber(b[k], y)) return false;
    if (std::isnan(x) && std::isnan(y)) continue;
    if (std::fabs(x - y) > 1e-9 * std::max(std::fabs(x), std::fabs(y))) return false;
  }
  return true;
}

int requests(const std::string& cases_path, const std::string& out_path) {
  std::string error;
  auto cases = readCases(cases_path, error);
  if (!error.empty()) {
    std::cerr << error << "\n";
    return 2;
  }
  json out = json::array();
  for (const auto& c : cases)
    out.push_back({{"line", c.line}, {"columns", c.columns}, {"rows", c.rows}, {"expr", print(*c.root)},
                   {"typing", c.typing}});
  std::ofstream(out_path) << out.dump(1) << "\n";
  return 0;
}

/// Expressions (one per line, `#` comments) whose difference from ClickHouse is known and
/// listed with its reason in function_known_differences.txt: reported, not failed.
std::vector<std::string> readKnown(const std::string& cases_path) {
  std::string path = cases_path.substr(0, cases_path.rfind('/') + 1) + "function_known_differences.txt";
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') out.push_back(line.substr(0, line.find('\t')));
  return out;
}

int check(const std::string& cases_path, const std::string& answers_path, bool verbose) {
  auto known = readKnown(cases_path);
  int known_failures = 0;
  std::string error;
  auto cases = readCases(cases_path, error);
  if (!error.empty()) {
    std::cerr << error << "\n";
    return 2;
  }
  json answers = json::parse(std::ifstream(answers_path));
  if (answers.size() != cases.size()) {
    std::cerr << "answers do not match the cases (" << answers.size() << " vs " << cases.size() << ")\n";
    return 2;
  }
  int failures = 0, checked = 0, oracle_errors = 0;
  for (size_t k = 0; k < cases.size(); ++k) {
    const Case& c = cases[k];
    const json& a = answers[k];
    std::string where = cases_path + ":" + std::to_string(c.line) + ": " + c.text;
    if (a.contains("oracle_error")) {
      // ClickHouse could not even type the expression: a broken case.
      std::cerr << where << "\n  ClickHouse: " << a["oracle_error"].get<std::string>() << "\n";
      ++oracle_errors;
      continue;
    }
    ++checked;
    std::string mismatch;
    try {
      Group g;
      for (const auto& [name, type] : splitColumns(c.columns)) g.columns.emplace_back(name, parseType(type));
      std::vector<ColumnTypePtr> types;
      for (const auto& t : a["types"]) types.push_back(parseType(t.get<std::string>()));
      // Types of nodes inside lambdas come wrapped in one Array(...) per scope.
      for (size_t t = 0; t < types.size(); ++t) {
        size_t depth = 0;
        const std::string& text = c.typing[t];
        for (size_t p = 0; text.compare(p, 9, "arrayMap(") == 0; p += 9) ++depth;
        for (size_t d = 0; d < depth; ++d) types[t] = types[t]->children.at(0);
      }
      Builder b{g, types, 0, {}};
      ExprPtr expr = b.build(*c.root);
      Block input;
      std::vector<std::string> input_lines = a["input"];
      for (size_t col = 0; col < g.columns.size(); ++col) {
        auto column = makeColumn(g.columns[col].second);
        for (const auto& line : input_lines) {
          std::string field = splitTab(line).at(col);
          if (field == "\\N") {
            appendField(*column, Field{});
            continue;
          }
          std::string err;
          if (!parseAndAppend(*column, tsvUnescape(field), err))
            throw std::runtime_error("input " + field + ": " + err);
        }
        input.add(g.columns[col].first, column);
      }
      input.rows = input_lines.size();
      ColumnPtr result;
      std::string got_error;
      try {
        result = evaluate(*expr, input);
      } catch (const ExecError& e) {
        got_error = e.code + ": " + e.what();
      }
      if (a.contains("error")) {
        if (got_error.empty()) {
          mismatch = "ClickHouse fails (" + a["error"].get<std::string>() + "), Ferry does not";
        } else if (got_error.rfind(a["error_code"].get<std::string>() + ":", 0) != 0) {
          mismatch = "error codes differ: ClickHouse " + a["error_code"].get<std::string>() + ", Ferry " + got_error;
        }
      } else if (!got_error.empty()) {
        mismatch = "Ferry fails: " + got_error;
      } else {
        std::vector<std::string> want = a["output"];
        if (result->rows != want.size()) {
          mismatch = "rows: ClickHouse " + std::to_string(want.size()) + ", Ferry " + std::to_string(result->rows);
        } else {
          for (size_t r = 0; r < want.size(); ++r) {
            std::string have;
            formatValue(*result, r, TextFormat::Tsv, have);
            if (!sameText(want[r], have)) {
              mismatch += "\n  row " + std::to_string(r) + " (" + input_lines[r] + "): ClickHouse " + want[r] +
                          "  Ferry " + have;
            }
          }
          if (typeName(*result->type) != a["types"][0].get<std::string>())
            mismatch += "\n  result type: ClickHouse " + a["types"][0].get<std::string>() + ", Ferry " +
                        typeName(*result->type);
        }
      }
    } catch (const std::exception& e) {
      mismatch = std::string("exception: ") + e.what();
    }
    if (!mismatch.empty() && std::find(known.begin(), known.end(), c.text) != known.end()) {
      ++known_failures;
      if (verbose) std::cerr << "known " << where << "\n  " << mismatch << "\n";
    } else if (!mismatch.empty()) {
      ++failures;
      std::cerr << where << " [" << a["types"][0].get<std::string>() << "]" << "\n  "
                << mismatch << "\n";
    } else if (verbose) {
      std::cerr << "ok " << where << "\n";
    }
  }
  std::cout << checked << " cases compared, " << failures << " differ from ClickHouse, " << known_failures
            << " known differences (function_known_differences.txt), " << oracle_errors
            << " cases ClickHouse rejects\n";
  return failures || oracle_errors ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "requests" && argc == 4) return requests(argv[2], argv[3]);
    if (mode == "check" && argc >= 4) return check(argv[2], argv[3], argc > 4 && std::string(argv[4]) == "-v");
  } catch (const std::exception& e) {
    std::cerr << "function_cases: " << e.what() << "\n";
    return 2;
  }
  std::cerr << "usage: function_cases requests CASES OUT.json | check CASES ANSWERS.json [-v]\n";
  return 2;
}
