// The `bylaw` command: dispatches to a subcommand, and is the one place
// where environment failures (bylaw::Error) become an exit status.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/compile_child.h"
#include "bylaw/error.h"
#include "command_support.h"
#include "commands.h"

#ifndef BYLAW_VERSION
#define BYLAW_VERSION "unknown"
#endif

namespace bylaw::cli {
namespace {

constexpr std::string_view kHelp =
    "Usage: bylaw COMMAND [OPTIONS] ARGS...\n"
    "\n"
    "bylaw decides content against policy rules written in YAML.\n"
    "\n"
    "Commands:\n"
    "  check RULES                     compile the rules and report every problem\n"
    "  test RULES                      run the examples the rules carry\n"
    "  scan RULES [TEXT | -]           decide one document and explain the verdict\n"
    "  replay RULES FILE.jsonl|-       decide every document of a JSON Lines file\n"
    "  worker RULES --source URI       decide documents from a stream until stopped\n"
    "  serve RULES                     decide documents sent over HTTP/JSON until stopped\n"
    "  lint RULES_DIR                  warn about what a careful reviewer would\n"
    "  explain RULES_DIR [TEXT | -]    show why a document gets its verdict\n"
    "  diff OLD NEW FILE.jsonl|URI     backtest: what a rules change does to a corpus\n"
    "  eval RULES CASES                measure recall and false positives on labelled cases\n"
    "  compile RULES_DIR -o FILE       save the compiled program; FILE then serves as RULES\n"
    "  schema KIND                     JSON Schema of a pack, vocabulary or taxonomy, for editors\n"
    "  fmt [--check] PATH...           rewrite rule files into the canonical layout\n"
    "\n"
    "Options:\n"
    "  -h, --help      show this help; each command has its own --help\n"
    "  --version       print the version\n"
    "\n"
    "Exit status:\n"
    "  0  success (scan: the document is allowed)\n"
    "  1  the rules have errors, or examples failed\n"
    "  2  usage error, or an environment error such as an unreadable file\n"
    "  3  scan and explain: the document is flagged (decision above allow)\n"
    "  4  diff and eval: the gate fails (diff --fail-on, eval --min-recall, --max-fpr)\n"
    "  5  replay, diff and eval: no usable document, or more than half of the input\n"
    "     rejected (malformed, refused, not a case); test: no example was run\n"
    "\n"
    "RULES is a rules folder, one pack file in it (with the taxonomy beside it), or a\n"
    "program file from `bylaw compile`.\n";

using Command = int (*)(std::span<const std::string_view>);

Command FindCommand(std::string_view name) {
  if (name == "check") return RunCheck;
  if (name == "test") return RunTest;
  if (name == "scan") return RunScan;
  if (name == "replay") return RunReplay;
  if (name == "worker") return RunWorker;
  if (name == "serve") return RunServe;
  if (name == "lint") return RunLint;
  if (name == "diff") return RunDiff;
  if (name == "explain") return RunExplain;
  if (name == "compile") return RunCompile;
  if (name == "eval") return RunEval;
  if (name == "schema") return RunSchema;
  if (name == "fmt") return RunFmt;
  return nullptr;
}

int Dispatch(const std::vector<std::string_view>& args) {
  if (args.empty()) {
    Write(stderr, std::string("bylaw: missing command\n") + std::string(kHelp));
    return kExitUsage;
  }
  const std::string_view name = args.front();
  if (name == "--help" || name == "-h" || name == "help") {
    Write(stdout, kHelp);
    return kExitOk;
  }
  if (name == "--version") {
    Write(stdout, "bylaw " BYLAW_VERSION "\n");
    return kExitOk;
  }
  const Command command = FindCommand(name);
  if (command == nullptr) {
    Write(stderr, "bylaw: unknown command `" + std::string(name) +
                      "`\nTry `bylaw --help`.\n");
    return kExitUsage;
  }
  return command(std::span<const std::string_view>(args).subspan(1));
}

}  // namespace
}  // namespace bylaw::cli

int main(int argc, char** argv) {
  // The command is its own compile child, so that a `bylaw` copied anywhere
  // compiles as it does where it was installed: started as a child, it
  // serves the compile and ends; otherwise the compiles it starts run this
  // same program unless BYLAW_COMPILE_CHILD names another.
  if (bylaw::IsCompileChild()) bylaw::RunCompileChild();
  setenv(bylaw::kCompileChildVariable, "/proc/self/exe", /*overwrite=*/0);
  // Only std::cin is used among the iostreams (replay's input); unsynced it
  // reads in large blocks.
  std::ios::sync_with_stdio(false);
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  try {
    return bylaw::cli::Dispatch(args);
  } catch (const bylaw::Error& error) {
    std::fprintf(stderr, "bylaw: error: %s\n", error.what());
    return bylaw::cli::kExitUsage;
  } catch (const std::bad_alloc&) {
    std::fputs("bylaw: error: out of memory\n", stderr);
    return bylaw::cli::kExitUsage;
  }
}
