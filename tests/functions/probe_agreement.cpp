// Replays the probes of compiler/functions/tools/probe_functions.js through typeCall and reports
// where the catalog's rules disagree with what ClickHouse answered. The raw probes are large and
// stay out of the repository; this is the tool that checks every rule against them.
//
//   probe_agreement <raw.jsonl | digest.tsv> <samples.tsv> [--function NAME]... [--details]
//                   [--quiet] [--min PERCENT]
//
// samples.tsv is `node compiler/functions/tools/probe_samples.js` output; digest.tsv the
// checked-in sample of tools/digest_probes.js (function, args, result per line). Exit status 0
// when the agreement reaches --min (default: every probe agrees), 1 otherwise.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/functions/call_typing.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/types/data_type.h"
#include "compiler/types/type_parser.h"

namespace {

using ferry::functions::Argument;
using ferry::types::ConstantValue;
using ferry::types::TypePtr;

struct Sample {
  TypePtr type;  ///< null for lambdas
  std::optional<ConstantValue> constant;
  bool lambda = false;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.push_back("");
  return out;
}

ConstantValue makeConstant(const std::string& kind, const std::string& value) {
  ConstantValue c;
  c.text = value;
  if (kind == "UInt") {
    c.kind = ConstantValue::Kind::UInt;
    c.uint_value = std::stoull(value);
  } else if (kind == "Int") {
    c.kind = ConstantValue::Kind::Int;
    c.int_value = std::stoll(value);
  } else if (kind == "Float") {
    c.kind = ConstantValue::Kind::Float;
    c.float_value = std::stod(value);
  } else if (kind == "String") {
    c.kind = ConstantValue::Kind::String;
    c.string_value = value;
  } else if (kind == "Bool") {
    c.kind = ConstantValue::Kind::Bool;
    c.bool_value = value == "1";
  } else if (kind == "Null") {
    c.kind = ConstantValue::Kind::Null;
  } else {
    c.kind = kind == "Tuple" ? ConstantValue::Kind::Tuple : ConstantValue::Kind::Array;
  }
  return c;
}

std::map<std::string, Sample> readSamples(const std::string& path) {
  std::map<std::string, Sample> samples;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto f = split(line, '\t');
    if (f.size() < 4) continue;
    Sample s;
    if (f[2] == "Lambda") {
      s.lambda = true;
    } else {
      s.type = ferry::types::parseTypeName(f[1]).type;
      if (f[1] == "IntervalDay") s.type = ferry::types::makeInterval(ferry::types::IntervalUnit::Day);
      if (!s.type) {
        std::cerr << "cannot read sample type " << f[1] << "\n";
        continue;
      }
      if (!f[2].empty()) s.constant = makeConstant(f[2], f[3]);
    }
    samples[f[0]] = s;
  }
  return samples;
}

/// The probe's arguments as typeCall takes them; lambdas typed the way the analyzer would:
/// parameters from lambdaParameterTypes, body `x` (both samples return their first parameter).
std::optional<std::vector<Argument>> buildArguments(const std::string& function,
                                                    const std::vector<std::string>& names,
                                                    const std::map<std::string, Sample>& samples) {
  std::vector<Argument> args;
  std::vector<size_t> lambdas;
  for (const std::string& n : names) {
    auto it = samples.find(n);
    if (it == samples.end()) return std::nullopt;
    Argument a;
    a.type = it->second.type;
    a.constant = it->second.constant;
    if (it->second.lambda) lambdas.push_back(args.size());
    args.push_back(a);
  }
  for (size_t i : lambdas) {
    size_t arity = names[i] == "lam1" ? 1 : 2;
    auto params = ferry::functions::lambdaParameterTypes(function, i, arity, args);
    if (!params || params->size() != arity) return std::vector<Argument>{};  // not a lambda slot
    args[i].type = ferry::types::makeFunction(*params, (*params)[0]);
  }
  return args;
}

/// Errors that depend on a constant's value or on the server's environment (no such file,
/// table, TLD list, time zone...), not on the argument types: typing cannot predict them, so
/// those probes are counted apart.
bool isValueError(const std::string& code, const std::vector<std::string>& args) {
  static const std::set<std::string> kCodes = {
      "INCORRECT_DATA", "TOO_LARGE_STRING_SIZE", "TLD_LIST_NOT_FOUND", "UNKNOWN_TABLE", "UNKNOWN_DATABASE",
      "UNKNOWN_DISK", "FILE_DOESNT_EXIST", "CLUSTER_DOESNT_EXIST", "NO_ELEMENTS_IN_CONFIG", "UNKNOWN_FORMAT",
      "STD_EXCEPTION", "UNKNOWN_SETTING", "ZERO_ARRAY_OR_TUPLE_INDEX", "ARGUMENT_OUT_OF_BOUND", "BAD_GET",
      "UNKNOWN_AGGREGATE_FUNCTION"};
  if (code.starts_with("CANNOT_") || kCodes.count(code)) return true;
  if (code == "BAD_ARGUMENTS" || code == "UNKNOWN_TYPE" || code == "SYNTAX_ERROR" || code == "ILLEGAL_COLUMN") {
    // A constant string the function reads (a time zone, unit, format, type name, JSON path).
    for (const std::string& a : args)
      if (a == "c_str" || a == "c_tz" || a == "c_unit" || a == "c_type" || a == "c_json" || a.starts_with("k_"))
        return code != "ILLEGAL_COLUMN";
  }
  return false;
}

/// One JSON record per function: the raw lines as they are, or the digest's rows grouped.
std::vector<std::string> readRecords(std::istream& in, bool digest) {
  std::vector<std::string> out;
  std::string line;
  if (!digest) {
    while (std::getline(in, line))
      if (!line.empty()) out.push_back(line);
    return out;
  }
  std::getline(in, line);  // header
  nlohmann::json current;
  while (std::getline(in, line)) {
    auto f = split(line, '\t');
    if (f.size() < 3) continue;
    if (current.is_null() || current["name"] != f[0]) {
      if (!current.is_null()) out.push_back(current.dump());
      current = {{"name", f[0]}, {"probes", nlohmann::json::array()}};
    }
    current["probes"].push_back({f[1], f[2]});
  }
  if (!current.is_null()) out.push_back(current.dump());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: probe_agreement <raw.jsonl> <samples.tsv> [--function NAME]... [--details] [--quiet]\n";
    return 2;
  }
  std::set<std::string> only;
  bool details = false, quiet = false;
  double min_percent = 100.0;
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--function" && i + 1 < argc) only.insert(argv[++i]);
    else if (a == "--details") details = true;
    else if (a == "--quiet") quiet = true;
    else if (a == "--min" && i + 1 < argc) min_percent = std::stod(argv[++i]);
  }
  auto samples = readSamples(argv[2]);
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 2;
  }
  std::string line;
  std::vector<std::string> records = readRecords(in, std::string(argv[1]).ends_with(".tsv"));
  size_t functions = 0, untyped = 0, clean = 0, probes = 0, agree = 0, accepted = 0, accepted_agree = 0,
         rejected = 0, rejected_agree = 0, value_errors = 0;
  std::vector<std::pair<double, std::string>> worst;
  for (const std::string& record : records) {
    auto rec = nlohmann::json::parse(record);
    std::string name = rec["name"];
    if (!only.empty() && !only.count(name)) continue;
    const auto* info = ferry::functions::findFunction(name);
    if (!info || info->returns == "?") {
      ++untyped;
      continue;
    }
    ++functions;
    size_t f_probes = 0, f_agree = 0;
    for (const auto& p : rec["probes"]) {
      std::string key = p[0], expected = p[1];
      std::vector<std::string> names = key.empty() ? std::vector<std::string>{} : split(key, ',');
      bool dynamic = false;
      for (const auto& n : names) dynamic |= n == "dyn" || n == "var";
      if (dynamic) continue;  // Dynamic / Variant dispatch is not modelled
      auto args = buildArguments(name, names, samples);
      if (!args) continue;
      bool lambda_rejected = args->empty() && !names.empty();
      ferry::functions::CallResult r;
      if (!lambda_rejected) r = ferry::functions::typeCall(name, *args);
      bool expect_error = !expected.empty() && expected[0] == '!';
      if (expect_error && isValueError(expected.substr(1), names)) {
        ++value_errors;
        continue;
      }
      std::string got = r.ok() ? ferry::types::toString(r.type) : "!" + (lambda_rejected ? std::string("LAMBDA") : r.error_code);
      bool ok = expect_error ? !r.ok() : got == expected;
      ++f_probes;
      f_agree += ok;
      (expect_error ? rejected : accepted) += 1;
      (expect_error ? rejected_agree : accepted_agree) += ok;
      if (!ok && details) std::cout << "  " << name << "(" << key << "): ClickHouse " << expected << ", ferry " << got << (r.ok() ? "" : " " + r.message) << "\n";
    }
    probes += f_probes;
    agree += f_agree;
    if (f_agree == f_probes) ++clean;
    else worst.push_back({f_probes ? double(f_agree) / double(f_probes) : 1.0, name});
  }
  std::sort(worst.begin(), worst.end());
  if (!quiet)
    for (const auto& [ratio, name] : worst) std::printf("%6.1f%%  %s\n", ratio * 100, name.c_str());
  std::printf("functions with a rule: %zu (all probes agree: %zu); without a rule: %zu\n", functions, clean, untyped);
  std::printf("probes: %zu, agree %zu (%.2f%%); accepted by ClickHouse %zu, agree %zu; rejected %zu, agree %zu\n",
              probes, agree, probes ? 100.0 * double(agree) / double(probes) : 0.0, accepted, accepted_agree,
              rejected, rejected_agree);
  std::printf("not compared: %zu probes rejected for a constant's value or the environment\n", value_errors);
  double percent = probes ? 100.0 * double(agree) / double(probes) : 100.0;
  return percent >= min_percent ? 0 : 1;
}
