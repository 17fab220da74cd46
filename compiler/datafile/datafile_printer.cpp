#include "compiler/datafile/datafile_printer.h"

#include <vector>

#include "compiler/datafile/cli_text.h"

namespace ferry::datafile {

namespace {

constexpr std::string_view kIndent = "    ";

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

/// Writes a block body: every line indented; blank and `#` lines are left out because the CLIs
/// drop them when reading.
void writeBlockLines(std::string& out, std::string_view text) {
  for (auto line : splitLines(text)) {
    auto content = lstrip(line);
    if (content.empty() || content.front() == '#') continue;
    out += kIndent;
    out += rstrip(line);
    out += '\n';
  }
}

/// The argument text that reads back as `value` (bare, "double" or 'single' quoted).
std::string lineArgument(std::string_view value, bool prefer_quotes) {
  std::string bare(value), dq = "\"" + std::string(value) + "\"", sq = "'" + std::string(value) + "'";
  const std::string* order[3] = {&bare, &dq, &sq};
  if (prefer_quotes) order[0] = &dq, order[1] = &bare;
  for (auto* candidate : order) {
    auto back = singleLineValue(*candidate);
    if (back && *back == value) return *candidate;
  }
  return bare;
}

/// A single word (token or node name): bare when it splits as one word, quoted otherwise.
std::string wordArgument(std::string_view value) {
  bool bare = !value.empty() && value.front() != '"' && value.front() != '\'';
  for (char c : value) bare = bare && c != ' ' && c != '\t' && c != '#';
  if (bare) return std::string(value);
  if (value.find('"') == std::string_view::npos) return "\"" + std::string(value) + "\"";
  return "'" + std::string(value) + "'";
}

/// Type and expression text on one line: whitespace runs that hold a newline become one space.
std::string oneLine(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n' || text[i] == '\r') {
      while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
      out += ' ';
      continue;
    }
    out += text[i++];
  }
  return out;
}

class Printer {
 public:
  explicit Printer(const PrintHooks& hooks) : hooks_(hooks) {}
  std::string print(const Datafile& doc);

 private:
  void section() {
    if (!out_.empty() && !in_section_) out_ += '\n';
    in_section_ = true;
  }
  void endSection() { in_section_ = false; }
  void setting(const Setting& s, bool prefer_quotes = false);
  void description(const Setting& s);
  void sql(std::string_view name, const SqlBlock& block);
  std::string column(const Column& c) const;
  std::string type(std::string_view t) const {
    if (hooks_.format_type)
      if (auto f = hooks_.format_type(t)) return oneLine(*f);
    return oneLine(t);
  }
  std::string expr(std::string_view e) const {
    if (hooks_.format_expr)
      if (auto f = hooks_.format_expr(e)) return oneLine(*f);
    return oneLine(e);
  }
  void datasource(const Datafile& doc, const Datasource& ds);
  void pipe(const Datafile& doc, const Pipe& p);
  void connection(const Datafile& doc, const Connection& c);
  void header(const Datafile& doc);

  const PrintHooks& hooks_;
  std::string out_;
  bool in_section_ = false;
};

void Printer::setting(const Setting& s, bool prefer_quotes) {
  if (s.multiline) {
    out_ += s.name + " >\n";
    writeBlockLines(out_, s.written);
    return;
  }
  out_ += s.name;
  if (!s.written.empty()) out_ += " " + lineArgument(s.written, prefer_quotes);
  out_ += '\n';
}

void Printer::description(const Setting& s) {
  if (s.multiline) {
    out_ += "DESCRIPTION >\n";
    writeBlockLines(out_, s.written);
  } else {
    out_ += "DESCRIPTION " + s.written + "\n";
  }
}

void Printer::sql(std::string_view name, const SqlBlock& block) {
  std::string text = canonicalSql(block);
  if (hooks_.format_sql)
    if (auto f = hooks_.format_sql(text, block.is_template)) text = *f;
  out_ += std::string(name) + " >\n";
  writeBlockLines(out_, text);
}

std::string Printer::column(const Column& c) const {
  std::string out = "`" + c.name.text + "`";
  if (!c.type.empty()) out += " " + type(c.type.text);
  if (!c.json_path.empty()) out += " `json:" + c.json_path.text + "`";
  if (!c.default_expr.empty()) out += " DEFAULT " + expr(c.default_expr.text);
  if (!c.materialized.empty()) out += " MATERIALIZED " + expr(c.materialized.text);
  if (!c.codec.empty()) {
    std::string codec = oneLine(c.codec.text);
    out += " CODEC" + (codec.front() == '(' ? codec : " " + codec);
  }
  return out;
}

void Printer::header(const Datafile& doc) {
  if (doc.version) {
    section();
    out_ += "VERSION " + lineArgument(doc.version->written, false) + "\n";
    endSection();
  }
  if (doc.description) {
    section();
    description(*doc.description);
    endSection();
  }
  if (!doc.tokens.empty()) {
    section();
    for (auto& t : doc.tokens) out_ += "TOKEN " + wordArgument(t.name.text) + " " + t.permission.text + "\n";
    endSection();
  }
  if (!doc.tags.empty()) {
    section();
    for (auto& t : doc.tags) setting(t, true);
    endSection();
  }
}

void Printer::datasource(const Datafile& doc, const Datasource& ds) {
  header(doc);
  if (ds.schema_span) {
    section();
    out_ += "SCHEMA >\n";
    for (size_t i = 0; i < ds.columns.size(); ++i)
      out_ += std::string(kIndent) + column(ds.columns[i]) + (i + 1 < ds.columns.size() ? ",\n" : "\n");
    endSection();
  }
  if (ds.indexes_span) {
    section();
    out_ += "INDEXES >\n";
    for (auto& ix : ds.indexes) {
      out_ += std::string(kIndent) + ix.name.text + " " + oneLine(ix.expr.text) + " TYPE " + ix.type.text;
      if (!ix.granularity.empty()) out_ += " GRANULARITY " + ix.granularity.text;
      out_ += '\n';
    }
    endSection();
  }
  if (!ds.engine.empty()) {
    section();
    for (auto& s : ds.engine) setting(s, true);
    endSection();
  }
  if (ds.backfill) {
    section();
    setting(*ds.backfill);
    endSection();
  }
  for (auto* group : {&ds.kafka, &ds.import_settings, &ds.other}) {
    if (group->empty()) continue;
    section();
    for (auto& s : *group) setting(s);
    endSection();
  }
  if (ds.forward_query) {
    section();
    sql("FORWARD_QUERY", *ds.forward_query);
    endSection();
  }
  if (doc.shared_with_span) {
    section();
    out_ += "SHARED_WITH >\n";
    for (auto& w : doc.shared_with) out_ += std::string(kIndent) + w.text + "\n";
    endSection();
  }
}

void Printer::pipe(const Datafile& doc, const Pipe& p) {
  header(doc);
  if (!p.other.empty()) {
    section();
    for (auto& s : p.other) setting(s);
    endSection();
  }
  for (auto& n : p.nodes) {
    section();
    out_ += "NODE " + wordArgument(n.name.text) + "\n";
    if (n.description) description(*n.description);
    if (n.sql) sql("SQL", *n.sql);
    if (n.type) out_ += "TYPE " + lineArgument(n.type->value, false) + "\n";
    for (auto* s : {&n.datasource, &n.target_datasource, &n.copy_mode, &n.copy_schedule, &n.deployment_method, &n.filter})
      if (*s) setting(**s);
    for (auto& s : n.export_settings) setting(s);
    for (auto& s : n.engine) setting(s, true);
    for (auto& s : n.other) setting(s);
    endSection();
  }
}

void Printer::connection(const Datafile& doc, const Connection& c) {
  header(doc);
  if (!c.settings.empty()) {
    section();
    for (auto& s : c.settings) setting(s);
    endSection();
  }
}

std::string Printer::print(const Datafile& doc) {
  if (auto* ds = doc.datasource()) datasource(doc, *ds);
  else if (auto* p = doc.pipe()) pipe(doc, *p);
  else if (auto* c = doc.connection()) connection(doc, *c);
  return std::move(out_);
}

// ---- dump --------------------------------------------------------------------------------------

class Dumper {
 public:
  Dumper(const SourceManager* sources, DumpOptions options) : sources_(sources), options_(options) {}
  std::string dump(const Datafile& doc);

 private:
  std::string at(const Span& s) const {
    if (!options_.spans || !sources_ || !s.valid() || s.file >= sources_->size()) return "";
    auto& f = sources_->file(s.file);
    auto b = f.lineCol(s.begin), e = f.lineCol(s.end);
    std::string where = " @";
    if (s.file != first_file_) where += f.path() + ":";
    return where + std::to_string(b.line) + ":" + std::to_string(b.column) + "-" + std::to_string(e.line) + ":" +
           std::to_string(e.column);
  }
  /// Multi-line values without trailing blanks and without the lines a block cannot hold.
  static std::string blockText(std::string_view s) {
    if (s.find('\n') == std::string_view::npos) return std::string(s);
    std::string out;
    for (auto l : splitLines(s)) {
      auto content = lstrip(l);
      if (content.empty() || content.front() == '#') continue;
      if (!out.empty()) out += '\n';
      out += rstrip(l);
    }
    return out;
  }
  static std::string q(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    return out + "\"";
  }
  void line(int depth, const std::string& text) { out_ += std::string(depth * 2, ' ') + text + "\n"; }
  void setting(int depth, std::string_view label, const Setting& s) {
    std::string text = std::string(label) + " " + s.name + (s.multiline ? " >" : "") + " = " + q(blockText(s.value));
    if (s.written != s.value) text += " written " + q(blockText(s.written));
    line(depth, text + at(s.value_span));
  }
  void text(int depth, std::string_view label, const SpannedText& t) {
    if (!t.empty()) line(depth, std::string(label) + " " + q(oneLine(t.text)) + at(t.span));
  }
  void sql(int depth, std::string_view label, const SqlBlock& s) {
    line(depth, std::string(label) + (s.is_template ? " (template)" : "") + at(s.span));
    std::string text = canonicalSql(s);
    // Trailing blanks are not part of the canonical text (the printer drops them).
    for (auto l : splitLines(text)) line(depth + 1, "| " + std::string(rstrip(l)));
  }

  const SourceManager* sources_;
  DumpOptions options_;
  FileId first_file_ = kNoFile;
  std::string out_;
};

std::string Dumper::dump(const Datafile& doc) {
  first_file_ = doc.file;
  line(0, std::string(kindName(doc.kind)) + " " + doc.name + " (resource " + doc.resourceName() + ")");
  if (doc.version) setting(1, "version", *doc.version);
  if (doc.description) setting(1, "description", *doc.description);
  for (auto& t : doc.tokens) line(1, "token " + q(t.name.text) + " " + t.permission.text + at(t.span));
  for (auto& t : doc.tags) setting(1, "tags", t);
  for (auto& t : doc.filtering_tags) line(1, "filtering_tag " + q(t));
  for (auto& w : doc.shared_with) line(1, "shared_with " + q(w.text) + at(w.span));
  for (auto& inc : doc.includes) {
    std::string params;
    for (auto& [k, v] : inc.params) params += " " + k + "=" + q(v);
    line(1, "include " + q(inc.path) + params + (inc.file == kNoFile ? " (not found)" : "") + at(inc.span));
  }
  if (auto* ds = doc.datasource()) {
    if (ds->schema_span) line(1, "schema" + at(*ds->schema_span));
    for (auto& c : ds->columns) {
      line(2, "column " + q(c.name.text) + at(c.span));
      text(3, "type", c.type);
      text(3, "json", c.json_path);
      text(3, "default", c.default_expr);
      text(3, "materialized", c.materialized);
      text(3, "codec", c.codec);
    }
    if (ds->indexes_span) line(1, "indexes" + at(*ds->indexes_span));
    for (auto& ix : ds->indexes)
      line(2, "index " + ix.name.text + " expr " + q(oneLine(ix.expr.text)) + " type " + q(ix.type.text) +
                  (ix.granularity.empty() ? "" : " granularity " + ix.granularity.text) + at(ix.span));
    for (auto& s : ds->engine) setting(1, "engine", s);
    if (ds->backfill) setting(1, "backfill", *ds->backfill);
    for (auto& s : ds->kafka) setting(1, "kafka", s);
    for (auto& s : ds->import_settings) setting(1, "import", s);
    for (auto& s : ds->other) setting(1, "other", s);
    if (ds->forward_query) sql(1, "forward_query", *ds->forward_query);
  } else if (auto* p = doc.pipe()) {
    for (auto& s : p->other) setting(1, "other", s);
    for (auto& n : p->nodes) {
      line(1, "node " + q(n.name.text) + " " + std::string(nodeTypeName(n.node_type)) + at(n.span));
      if (n.description) setting(2, "description", *n.description);
      if (n.sql) sql(2, "sql", *n.sql);
      for (auto* s : {&n.type, &n.datasource, &n.target_datasource, &n.copy_mode, &n.copy_schedule,
                      &n.deployment_method, &n.filter})
        if (*s) setting(2, "setting", **s);
      for (auto& s : n.export_settings) setting(2, "export", s);
      for (auto& s : n.engine) setting(2, "engine", s);
      for (auto& s : n.other) setting(2, "other", s);
    }
  } else if (auto* c = doc.connection()) {
    for (auto& s : c->settings) setting(1, "setting", s);
  }
  return std::move(out_);
}

}  // namespace

std::string canonicalSql(const SqlBlock& sql) {
  if (!sql.is_template) return sql.text;
  auto nl = sql.text.find('\n');
  if (nl == std::string::npos) return sql.text;
  return sql.text.substr(0, nl + 1) + std::string(rstrip(dedent(std::string_view(sql.text).substr(nl + 1))));
}

std::string printDatafile(const Datafile& doc, const PrintHooks& hooks) { return Printer(hooks).print(doc); }

std::string dumpDatafile(const Datafile& doc, const SourceManager* sources, DumpOptions options) {
  return Dumper(sources, options).dump(doc);
}

}  // namespace ferry::datafile
