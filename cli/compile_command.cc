// `bylaw compile RULES_DIR -o FILE`: compile the rules strictly (every
// diagnostic printed, as `check` does) and save the program to FILE, which
// every other command, and a worker, then takes in place of RULES_DIR.
#include <filesystem>
#include <string>

#include <spdlog/fmt/fmt.h>

#include "args.h"
#include "bylaw/program_file.h"
#include "command_support.h"
#include "commands.h"

namespace bylaw::cli {

int RunCompile(std::span<const std::string_view> args) {
  StrictRulesArguments arguments;
  std::string output;
  ArgParser parser("bylaw compile [OPTIONS] RULES_DIR -o FILE",
                   "Compiles the rules, prints every error and warning to stderr, and saves\n"
                   "the compiled program to FILE (written atomically). Other commands take\n"
                   "FILE in place of the rules and load it without compiling. FILE records\n"
                   "the ruleset hash, the Hyperscan version and the CPU features; a file\n"
                   "that does not match is refused. Exits 1 if the rules have errors.");
  AddStrictRulesArguments(parser, &arguments);
  parser.AddOption({"output", 'o', "FILE", "where to write the compiled program (required)"},
                   &output);
  if (auto exit = ParseCommandLine(parser, "compile", args)) return *exit;
  if (output.empty()) {
    Write(stderr, "bylaw compile: missing option `--output FILE`\nUsage: " + parser.usage() +
                      "\nTry `bylaw compile --help`.\n");
    return kExitUsage;
  }

  const LoadedRules rules = LoadRulesStrictly(arguments);
  if (rules.program == nullptr) {
    Write(stderr, "bylaw compile: nothing written: " + RulesHaveErrors(rules, arguments.werror) +
                      "\n");
    return kExitRuleErrors;
  }
  SaveProgramFile(*rules.program, output);
  const ProgramStats& stats = rules.program->stats();
  Write(stdout, fmt::format("wrote {}: {}, {}, {} ({} bytes), {}\n", output,
                            Counted(stats.rules, "rule"), Counted(stats.terms, "term"),
                            Counted(stats.databases, "database"),
                            std::filesystem::file_size(output), rules.program->hash()));
  return kExitOk;
}

}  // namespace bylaw::cli
