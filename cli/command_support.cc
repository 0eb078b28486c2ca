// Shared steps of the subcommands: command line, logging, loading rules.
#include "command_support.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "bylaw/diagnostic.h"
#include "bylaw/error.h"
#include "bylaw/program_cache.h"
#include "bylaw/program_file.h"
#include "bylaw/rule_sources.h"
#include "commands.h"

namespace bylaw::cli {

std::optional<int> ParseCommandLine(ArgParser& parser, std::string_view command,
                                    std::span<const std::string_view> args) {
  switch (parser.Parse(args)) {
    case ArgParser::Result::kOk:
      return std::nullopt;
    case ArgParser::Result::kHelp:
      Write(stdout, parser.Help());
      return kExitOk;
    case ArgParser::Result::kError:
      break;
  }
  std::string message = "bylaw " + std::string(command) + ": " + parser.error() + "\n";
  message += "Usage: " + parser.usage() + "\n";
  message += "Try `bylaw " + std::string(command) + " --help`.\n";
  Write(stderr, message);
  return kExitUsage;
}

void ConfigureLogging(bool verbose) {
  // The default logger writes to stdout, which carries verdicts: use stderr.
  static const std::shared_ptr<spdlog::logger> logger = [] {
    auto created = spdlog::stderr_color_mt("bylaw");
    spdlog::set_default_logger(created);
    return created;
  }();
  logger->set_pattern("bylaw: %l: %v");
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
}

namespace {

void PrintDiagnostics(const std::vector<Diagnostic>& diagnostics, DiagnosticDetail detail) {
  if (detail == DiagnosticDetail::kNone) return;
  std::string text;
  bool printing = false;  // whether the notes that follow belong to a printed diagnostic
  for (const Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.level != DiagnosticLevel::kNote) {
      printing = detail == DiagnosticDetail::kAll ||
                 diagnostic.level == DiagnosticLevel::kError;
    }
    if (printing) text += FormatDiagnostic(diagnostic);
  }
  Write(stderr, text);
}

}  // namespace

namespace {

LoadedRules LoadProgramFileOrThrow(const std::string& path) {
  spdlog::debug("loading compiled program {}", path);
  ProgramFileLoad load = LoadProgramFile(path);
  if (!load.ok()) throw Error(load.error);
  LoadedRules loaded;
  loaded.program = std::move(load.program);
  return loaded;
}

// Compiles `rules_dir`, or loads it from `cache` when that is up to date.
CompileResult CompileOrLoad(const std::string& rules_dir, const CompileOptions& options,
                            const std::string& cache) {
  if (cache.empty()) {
    spdlog::debug("compiling rules in {}", rules_dir);
    return CompileDirectory(rules_dir, options);
  }
  CachedCompile cached = CompileWithCache(rules_dir, cache, options);
  if (cached.outcome == CacheOutcome::kLoaded) {
    spdlog::debug("loaded {} from the cache {}", rules_dir, cache);
  } else if (cached.cache_damaged) {
    spdlog::warn("{}; compiled {} again", cached.cache_miss, rules_dir);
  } else {
    spdlog::debug("cache miss: {}", cached.cache_miss);
  }
  return std::move(cached.result);
}

}  // namespace

LoadedRules LoadRules(const std::string& rules, const CompileOptions& options,
                      DiagnosticDetail detail, const std::string& cache) {
  if (IsProgramFile(rules)) return LoadProgramFileOrThrow(rules);
  std::error_code error;
  CompileResult result;
  if (!std::filesystem::exists(rules, error) && rules.find(':') != std::string::npos) {
    // Not on disk, but it reads REV:PATH: a rules directory in a git revision.
    const RuleSources sources = ReadRuleRevision(rules);
    if (sources.files.empty() && !sources.ok()) throw Error(sources.errors.front().message);
    result = CompileRuleSources(sources, options);
  } else {
    CheckRulesPath(rules);
    result = CompileOrLoad(rules, options, cache);
  }
  LoadedRules loaded;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.level == DiagnosticLevel::kError) ++loaded.errors;
    if (diagnostic.level == DiagnosticLevel::kWarning) ++loaded.warnings;
  }
  PrintDiagnostics(result.diagnostics, detail);
  if (detail == DiagnosticDetail::kErrorsOnly && loaded.warnings != 0) {
    spdlog::warn("{} in {} (run `bylaw check` to see them)",
                 Counted(loaded.warnings, "warning"), rules);
  }
  if (result.program) spdlog::debug("compiled in {:.1f} ms", result.program->stats().compile_seconds * 1e3);
  loaded.program = std::move(result.program);
  loaded.diagnostics = std::move(result.diagnostics);
  return loaded;
}

bool IsPackFile(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  std::error_code error;
  return (extension == ".yaml" || extension == ".yml") &&
         std::filesystem::is_regular_file(path, error);
}

void CheckRulesPath(const std::string& rules) {
  std::error_code error;
  if (std::filesystem::is_directory(rules, error) || IsPackFile(rules)) return;
  throw Error("rules `" + rules + "` " +
              (std::filesystem::exists(rules, error)
                   ? "is neither a folder, a pack file (.yaml) nor a compiled program"
                   : "does not exist"));
}

void AddRulesPositional(ArgParser& parser, std::string* rules) {
  parser.AddPositional("RULES",
                       "rules folder, one pack file in it, or a program file from `bylaw compile`",
                       rules);
}

void AddCacheOption(ArgParser& parser, std::string* cache) {
  parser.AddOption(
      {"cache", '\0', "FILE", "program file kept for RULES: loaded if current, else rewritten"},
      cache);
}

std::string RulesHaveErrors(const LoadedRules& rules, bool werror) {
  return "the rules have " + Counted(rules.errors, "error") + (werror ? " (--werror)" : "");
}

std::string UnknownRule(const Program& program, std::string_view id) {
  if (program.FindRule(id) >= 0) return "";
  constexpr std::size_t kShown = 5;
  std::vector<std::string_view> near;
  for (const RuleInfo& rule : program.rules()) {
    if (!id.empty() && rule.id.find(id) != std::string::npos && near.size() < kShown) {
      near.push_back(rule.id);
    }
  }
  std::string message = "unknown rule `" + std::string(id) + "`";
  for (std::size_t i = 0; i < near.size(); ++i) {
    message += (i == 0 ? "; rules whose id contains it: " : ", ") + std::string(near[i]);
  }
  return message;
}

std::string Counted(std::size_t count, std::string_view noun) {
  std::string text = std::to_string(count) + " " + std::string(noun);
  if (count != 1) text += "s";
  return text;
}

void AddKeepGoingFlag(ArgParser& parser, bool* keep_going) {
  parser.AddFlag(
      {"keep-going", '\0', "", "drop the rules of a pattern that cannot compile, not fail"},
      keep_going);
}

CompileOptions KeepGoingOptions(bool keep_going) {
  CompileOptions options;
  options.keep_going = keep_going;
  return options;
}

void AddCompileSecondsOption(ArgParser& parser, int* seconds) {
  parser.AddNumber(
      {"compile-seconds", '\0', "N", "time the Hyperscan compiles of the rules may take in all"}, 1,
      86'400, seconds);
}

void AddStrictRulesArguments(ArgParser& parser, StrictRulesArguments* arguments) {
  AddRulesPositional(parser, &arguments->rules_dir);
  parser.AddFlag({"werror", '\0', "", "treat warnings as errors"}, &arguments->werror);
  AddKeepGoingFlag(parser, &arguments->keep_going);
  AddCompileSecondsOption(parser, &arguments->compile_seconds);
  parser.AddFlag({"verbose", 'v', "", "log progress to stderr"}, &arguments->verbose);
}

LoadedRules LoadRulesStrictly(const StrictRulesArguments& arguments, DiagnosticDetail detail) {
  ConfigureLogging(arguments.verbose);
  CompileOptions options;
  options.warnings_as_errors = arguments.werror;
  options.keep_going = arguments.keep_going;
  options.limits.compile_seconds = arguments.compile_seconds;
  return LoadRules(arguments.rules_dir, options, detail);
}

void Write(std::FILE* stream, std::string_view text) {
  if (text.empty()) return;
  if (std::fwrite(text.data(), 1, text.size(), stream) != text.size()) {
    throw Error(std::string("write error: ") + std::strerror(errno));
  }
}

}  // namespace bylaw::cli
