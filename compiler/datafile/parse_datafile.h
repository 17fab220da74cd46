/// Entry point: reads a datafile into Ferry's datafile tree (compiler/datafile/datafile_ast.h).
///
/// Reading follows the Tinybird CLIs line by line (see grammar/DatafileLexer.g4 for the line
/// rules). Every problem becomes a Diagnostic with an exact span; nothing throws, and a tree is
/// always returned (with what could be read).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"
#include "compiler/datafile/cli_text.h"
#include "compiler/datafile/datafile_ast.h"

namespace ferry::datafile {

/// Reads an INCLUDE'd file; std::nullopt when it cannot be read.
using FileReader = std::function<std::optional<std::string>(const std::string& path)>;

struct ParseOptions {
  /// The CLI whose rules apply. The other CLI's features are read too, with a warning.
  Dialect dialect = Dialect::Forward;
  /// The resource name (file stem). Empty: taken from the file's path.
  std::string name;
  /// `$VAR` lookup for single-line values, as the CLIs use the process environment. Empty: no
  /// variable is known and `$VAR` stays as written. Use processEnvironment() for the real one.
  VariableLookup environment;
  /// Reads INCLUDE'd files. Empty: read from disk.
  FileReader read_file;
  /// Run the whole-file checks of the Forward CLI (node attributes, required settings, ...).
  bool validate = true;
};

using ParsedDatafile = Datafile;

ParsedDatafile parseDatafile(SourceManager& sources, FileId file, DatafileKind kind, const ParseOptions& options,
                             DiagnosticSink& sink);

/// `.datasource` -> Datasource, `.pipe` -> Pipe, `.connection` -> Connection, `.incl` -> Include.
DatafileKind kindFromPath(std::string_view path);
/// The file name without directories and extension: the resource name.
std::string stemFromPath(std::string_view path);

/// Looks variables up in the process environment.
VariableLookup processEnvironment();
/// Reads files from disk.
FileReader diskReader();

}  // namespace ferry::datafile
