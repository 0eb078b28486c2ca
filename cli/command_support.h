// What the subcommands share: parsing their command line with the standard
// --help and usage-error behaviour, loading a rules directory while printing
// its diagnostics, and small text helpers.
#ifndef BYLAW_CLI_COMMAND_SUPPORT_H_
#define BYLAW_CLI_COMMAND_SUPPORT_H_

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "args.h"
#include "bylaw/compiler.h"
#include "bylaw/program.h"

namespace bylaw::cli {

// Parses `args` for subcommand `command` ("check", ...). Returns the exit
// status to end with when parsing ends the command: kExitOk after printing
// --help to stdout, kExitUsage after printing the error and a hint to stderr.
// Returns nullopt when the command should run.
std::optional<int> ParseCommandLine(ArgParser& parser, std::string_view command,
                                    std::span<const std::string_view> args);

// Operational logging (spdlog, to stderr): warnings by default, debug with
// --verbose. Never used for a command's output.
void ConfigureLogging(bool verbose);

// Which diagnostics LoadRules prints in full.
enum class DiagnosticDetail {
  kAll,         // every error, warning and note (check, test)
  kErrorsOnly,  // errors and their notes; warnings only counted (scan, replay)
  kNone,        // nothing printed; the caller shows LoadedRules::diagnostics
};

struct LoadedRules {
  std::shared_ptr<const Program> program;  // null when the rules have errors
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::vector<Diagnostic> diagnostics;  // of the compile; none for a program file
};

// Gets the program of `rules`: a rules directory, one pack file in it (with
// the taxonomy beside it and the vocabularies below), or REV:PATH (a rules
// directory in a git revision), compiled with its diagnostics printed to
// stderr (FormatDiagnostic), or a compiled program file from `bylaw
// compile`, loaded. With a `cache` file, a rules directory
// is loaded from the cache when the cache holds its current sources, else
// compiled and the cache rewritten (a damaged cache is reported and
// replaced). Throws bylaw::Error when `rules` is neither a directory nor a
// program file, when the program file is refused, or when the cache cannot
// be written.
LoadedRules LoadRules(const std::string& rules, const CompileOptions& options,
                      DiagnosticDetail detail, const std::string& cache = "");

// Whether `path` is one pack file (a regular `.yaml`/`.yml` file), which
// the rules commands compile with the taxonomy beside it.
bool IsPackFile(const std::filesystem::path& path);

// Throws bylaw::Error unless `rules` is a rules folder or a pack file.
void CheckRulesPath(const std::string& rules);

// Declares the positional RULES (a rules folder, a pack file or a compiled
// program) bound to `rules`.
void AddRulesPositional(ArgParser& parser, std::string* rules);
// Declares --cache FILE bound to `cache`.
void AddCacheOption(ArgParser& parser, std::string* cache);

// The default of --compile-seconds: CompileLimits' own.
inline const int kDefaultCompileSeconds = static_cast<int>(CompileLimits{}.compile_seconds);

// The arguments of the commands that compile a rules directory strictly
// (check, test, compile): RULES, --werror and --verbose.
struct StrictRulesArguments {
  std::string rules_dir;
  bool werror = false;
  bool keep_going = false;
  bool verbose = false;
  int compile_seconds = kDefaultCompileSeconds;
};
void AddStrictRulesArguments(ArgParser& parser, StrictRulesArguments* arguments);

// Declares --compile-seconds (1 to 86400) into *seconds.
void AddCompileSecondsOption(ArgParser& parser, int* seconds);

// Declares --keep-going: a pattern Hyperscan cannot compile drops the rules
// that depend on it instead of failing (CompileOptions::keep_going).
void AddKeepGoingFlag(ArgParser& parser, bool* keep_going);
// Default compile options, with keep_going as given.
CompileOptions KeepGoingOptions(bool keep_going);

// Configures logging and compiles the rules, printing every diagnostic;
// with --werror, warnings are errors.
LoadedRules LoadRulesStrictly(const StrictRulesArguments& arguments,
                              DiagnosticDetail detail = DiagnosticDetail::kAll);

// "the rules have 2 errors", with " (--werror)" when warnings counted as
// errors: why a strict command stopped.
std::string RulesHaveErrors(const LoadedRules& rules, bool werror);

// Empty when `program` has the rule `id`; otherwise the message saying it
// has not: "unknown rule `x`", with up to five rule ids that contain `x`.
std::string UnknownRule(const Program& program, std::string_view id);

// "1 error", "3 errors": `count` and `noun`, made plural by adding "s".
std::string Counted(std::size_t count, std::string_view noun);

// Writes `text` to a C stream; throws bylaw::Error if the write fails.
void Write(std::FILE* stream, std::string_view text);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_COMMAND_SUPPORT_H_
