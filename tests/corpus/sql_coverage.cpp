// Grammar coverage and speed over the ClickHouse test corpus (26,502 SELECT statements).
//
//   sql_coverage <corpus-dir> [--passes N] [--report FILE] [--causes FILE] [--min-percent P]
//                [--syntax-only]
//
// Prints statements, parsed (grammar accepts), built (syntax tree without diagnostics), the
// percentages, the LL fallbacks and the warm parse speed (the last of N passes; parse + syntax
// tree of each statement, in thread CPU time: one core, unaffected by other processes).
// Exits 1 when parsed < min-percent (default 98) or any statement needed the LL fallback,
// 77 when the corpus directory is absent. --report writes the statements that fail as markdown,
// grouped by cause: --causes names a file of `regex<TAB>cause` lines matched against the failing
// statement's text; statements no line matches are grouped by their first diagnostic.
#include <ctime>
#include <cstdio>
#include <cstring>
#include <map>
#include <regex>
#include <sstream>

#include "compiler/sqlparse/sql_parser.h"
#include "tests/corpus/corpus_files.h"

namespace {

struct Failure {
  std::string file;
  uint32_t line = 0;
  std::string id;
  std::string message;
  std::string sql;
};

/// CPU time of this thread: the machine is shared, wall time would measure the neighbours.
double threadSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

uint32_t lineOf(const std::string& text, uint32_t offset) {
  return 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

std::string oneLine(std::string_view sql, size_t max) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c == '|' ? '/' : c;
    if (out.size() >= max) {
      out += " ...";
      break;
    }
  }
  return out;
}

/// Groups failures by what went wrong, not by which name was involved.
std::string causeKey(const Failure& f) {
  static const std::regex quoted("'[^']*'");
  std::string message = f.message;
  if (f.id == "SQL_SYNTAX_ERROR") {
    // Keep keywords and punctuation, abstract names and literals.
    std::smatch m;
    if (std::regex_search(message, m, quoted)) {
      std::string token = m.str().substr(1, m.str().size() - 2);
      bool word = !token.empty() && (std::isalnum(static_cast<unsigned char>(token[0])) || token[0] == '_');
      bool keyword = word && std::all_of(token.begin(), token.end(), [](char c) {
                       return std::isupper(static_cast<unsigned char>(c)) || c == '_';
                     });
      if (word && !keyword) message = m.prefix().str() + "<name or number>" + m.suffix().str();
    }
  }
  return f.id + ": " + message;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sql_coverage <corpus-dir> [--passes N] [--report FILE] [--min-percent P]\n");
    return 2;
  }
  std::filesystem::path dir = argv[1];
  int passes = 2;
  double min_percent = 98.0;
  std::string report_path;
  std::string causes_path;
  bool syntax_only = false;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--syntax-only") == 0) syntax_only = true;
  }
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--passes") == 0) passes = std::max(1, std::atoi(argv[i + 1]));
    else if (std::strcmp(argv[i], "--report") == 0) report_path = argv[i + 1];
    else if (std::strcmp(argv[i], "--causes") == 0) causes_path = argv[i + 1];
    else if (std::strcmp(argv[i], "--min-percent") == 0) min_percent = std::atof(argv[i + 1]);
  }
  if (!std::filesystem::is_directory(dir)) {
    std::printf("SKIPPED: ../shared is absent (%s)\n", dir.string().c_str());
    return ferry::corpus::kSkipped;
  }
  auto files = ferry::corpus::readSqlFiles(dir);
  ferry::SourceManager sources;
  std::vector<ferry::FileId> ids;
  for (auto& f : files) ids.push_back(sources.add(f.name, f.text));

  struct Statement {
    size_t file;
    uint32_t begin;
    std::string_view sql;
  };
  std::vector<Statement> statements;
  size_t bytes = 0;
  double split_start = threadSeconds();
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& text = files[i].text;
    for (auto [begin, end] : ferry::sql::splitStatements(text)) {
      statements.push_back({i, begin, std::string_view(text).substr(begin, end - begin)});
      bytes += end - begin;
    }
  }
  double split_seconds = threadSeconds() - split_start;

  ferry::sql::ParseStats stats;
  size_t built = 0;
  double seconds = 0;
  std::vector<Failure> failures;
  for (int pass = 0; pass < passes; ++pass) {
    stats = {};
    built = 0;
    failures.clear();
    double start = threadSeconds();
    for (const Statement& st : statements) {
      ferry::DiagnosticSink sink;
      ferry::SourceMap local(ids[st.file], st.begin);
      bool ok = syntax_only ? ferry::sql::checkQuerySyntax(st.sql, local, sink, &stats)
                            : ferry::sql::parseQuery(st.sql, local, sink, &stats) != nullptr;
      if (ok) {
        ++built;
      } else if (pass + 1 == passes && !sink.all().empty()) {
        const auto& d = sink.all().front();
        const std::string& text = files[st.file].text;
        failures.push_back({files[st.file].name, lineOf(text, d.span.begin), std::string(ferry::diagName(d.id)),
                            d.message, oneLine(st.sql, 300)});
      }
    }
    seconds = threadSeconds() - start;
  }
  double parsed_pct = 100.0 * static_cast<double>(stats.syntax_ok) / static_cast<double>(stats.statements);
  double built_pct = 100.0 * static_cast<double>(built) / static_cast<double>(stats.statements);
  double mbps = static_cast<double>(bytes) / seconds / 1e6;
  std::printf("statements %zu\nparsed %zu (%.2f%%)\nbuilt %zu (%.2f%%)\nfallbacks %zu\n"
              "MB/s %.2f (%s, %zu bytes, pass %d of %d; statement splitting %.2f MB/s)\n",
              stats.statements, stats.syntax_ok, parsed_pct, built, built_pct, stats.ll_fallbacks, mbps,
              syntax_only ? "syntax only" : "parse + syntax tree", bytes, passes, passes,
              static_cast<double>(bytes) / split_seconds / 1e6);

  if (!report_path.empty()) {
    std::vector<std::pair<std::regex, std::string>> causes;
    if (!causes_path.empty()) {
      std::ifstream in(causes_path);
      for (std::string line; std::getline(in, line);) {
        size_t tab = line.find('\t');
        if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
        causes.emplace_back(std::regex(line.substr(0, tab), std::regex::icase), line.substr(tab + 1));
      }
    }
    std::map<std::string, std::vector<const Failure*>> groups;
    for (const auto& f : failures) {
      std::string key;
      for (const auto& [pattern, cause] : causes) {
        if (std::regex_search(f.sql, pattern)) {
          key = cause;
          break;
        }
      }
      groups[key.empty() ? causeKey(f) : key].push_back(&f);
    }
    std::vector<std::pair<std::string, std::vector<const Failure*>>> sorted(groups.begin(), groups.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
    std::ofstream out(report_path);
    out << "# SQL corpus coverage report\n\n"
        << "Generated by `sql_coverage <shared>/sql-corpus/clickhouse-tests --report "
           "tests/corpus/sql_coverage_report.md --causes tests/corpus/sql_coverage_causes.txt` "
           "(ctest runs the same tool without --report).\n\n"
        << "| statements | parsed | built | LL fallbacks |\n|---|---|---|---|\n"
        << "| " << stats.statements << " | " << stats.syntax_ok << " (" << std::fixed;
    out.precision(2);
    out << parsed_pct << "%) | " << built << " (" << built_pct << "%) | " << stats.ll_fallbacks << " |\n\n"
        << "Statements that do not give a syntax tree, grouped by cause (from sql_coverage_causes.txt; "
           "the rest by their first diagnostic). Each line: file:line of the diagnostic, the diagnostic, "
           "the statement.\n\n";
    for (const auto& [key, list] : sorted) {
      out << "## " << key << " (" << list.size() << ")\n\n";
      for (const Failure* f : list) {
        out << "- `" << f->file << ":" << f->line << "` " << f->id << " (" << f->message << ") `" << f->sql
            << "`\n";
      }
      out << "\n";
    }
  }
  bool ok = parsed_pct >= min_percent && stats.ll_fallbacks == 0;
  if (!ok) std::printf("FAILED: need >= %.1f%% parsed and 0 fallbacks\n", min_percent);
  return ok ? 0 : 1;
}
