// The `bylaw` subcommands and the exit codes they share. main.cc dispatches
// to one Run* function with the arguments that follow the subcommand name.
#ifndef BYLAW_CLI_COMMANDS_H_
#define BYLAW_CLI_COMMANDS_H_

#include <span>
#include <string_view>

namespace bylaw::cli {

// Exit statuses, documented in `bylaw --help`.
inline constexpr int kExitOk = 0;          // success; `scan`: the document is allowed
inline constexpr int kExitRuleErrors = 1;  // the rules have errors, or examples failed
inline constexpr int kExitUsage = 2;       // bad command line, or environment (unreadable file)
inline constexpr int kExitFlagged = 3;     // `scan` only: decision above allow
inline constexpr int kExitChanged = 4;     // `diff` and `eval`: the gate fails (--fail-on, --min-recall, --max-fpr)
inline constexpr int kExitBadInput = 5;    // nothing decided, or most input unreadable (InputTally)

// Each returns the exit status. Environment failures throw bylaw::Error,
// which main turns into kExitUsage.
int RunCheck(std::span<const std::string_view> args);
int RunTest(std::span<const std::string_view> args);
int RunScan(std::span<const std::string_view> args);
int RunReplay(std::span<const std::string_view> args);
int RunWorker(std::span<const std::string_view> args);
int RunServe(std::span<const std::string_view> args);
int RunLint(std::span<const std::string_view> args);
int RunDiff(std::span<const std::string_view> args);
int RunExplain(std::span<const std::string_view> args);
int RunCompile(std::span<const std::string_view> args);
int RunEval(std::span<const std::string_view> args);
int RunSchema(std::span<const std::string_view> args);
int RunFmt(std::span<const std::string_view> args);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_COMMANDS_H_
