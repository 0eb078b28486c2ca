// A Hyperscan compile under limits of time and memory. Hyperscan has
// neither: a pathological pattern (wide bounded repeats with start-of-match
// reporting, many `.{0,3000}` pieces) can compile for minutes and map
// gigabytes. So the compile runs in a child process with an address-space
// limit (setrlimit(RLIMIT_AS), set to what the child maps at its start plus
// the budget), the parent kills it when its time is up, and a database that
// compiled comes back through a pipe in Hyperscan's serialized form
// (hs_serialize_database / hs_deserialize_database). Before it answers, the
// child scans a 1 KiB text with each database it compiled: one with which
// the installed Hyperscan aborts the process on a long scan (a library bug;
// guarded_compile.cc) comes back kFailed, saying so, and never reaches a
// scanner. Compile side only.
//
// The child is a program started afresh (posix_spawn of the executable
// CompileLimits::compile_child names, by default the installed
// bylaw-compile-child; see bylaw/compile_child.h), not a fork: a forked
// child of a threaded process (a worker reloading its rules) inherits every
// lock another thread held at the fork, and under ASan before LLVM 17 the
// allocator's lock left it hanging. When that program cannot be started,
// every compile fails, saying why.
#ifndef BYLAW_INTERNAL_GUARDED_COMPILE_H_
#define BYLAW_INTERNAL_GUARDED_COMPILE_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bylaw/compiler.h"
#include "hs_handles.h"

namespace bylaw::internal {

// The expressions of one database, as hs_compile_multi (regexes) or
// hs_compile_lit_multi (literals) take them. Ids are the indices.
struct HyperscanBatch {
  bool literal = false;
  // Each expression compiled into a database of its own
  // (GuardedCompileResult::databases), all in one process: what regexes
  // alone with their start of match need (PatternDatabase::starts).
  bool separately = false;
  std::vector<std::string> expressions;
  std::vector<unsigned> flags;  // one per expression
  // One per expression, or empty: Hyperscan's approximate matching (regexes
  // only), 0 for exact.
  std::vector<unsigned> edit_distances;
};

enum class CompileOutcome {
  kOk,           // `database` holds the result
  kRejected,     // Hyperscan refused it: `expression`, `message`
  kTimedOut,     // still compiling after the time limit; the child was killed
  kOutOfMemory,  // ran past the memory budget
  kFailed,       // the child ended without an answer (crash, signal) or could not be started
  kPastDeadline,  // the whole compile's time (CompileLimits::compile_seconds) was up
};

// When the whole compile must end (see CompileLimits::compile_seconds); the
// default is none.
using CompileDeadline = std::chrono::steady_clock::time_point;
inline constexpr CompileDeadline kNoDeadline = CompileDeadline::max();

// `seconds` from now; kNoDeadline for an infinite (or huge) number.
CompileDeadline DeadlineIn(double seconds);

struct GuardedCompileResult {
  CompileOutcome outcome = CompileOutcome::kFailed;
  HsDatabase database;  // kOk only
  int expression = -1;  // kRejected: the index Hyperscan named (separately: of the one that
                        // failed), -1 when none
  std::string message;  // kOk: empty; otherwise what went wrong, lowercase, no final period
  std::vector<HsDatabase> databases;  // kOk of a batch compiled separately: one per expression
  // With `databases`: the most bytes a match of each expression spans
  // (hs_expression_info's max_width); UINT32_MAX when unbounded or unknown,
  // and for approximate matching.
  std::vector<std::uint32_t> max_widths;
};

// Compiles `batch` in block mode into one database, in a child process
// when limits.isolate_hyperscan (enforcing hyperscan_seconds and
// hyperscan_memory_bytes), else in this process with no limit. Never throws
// for a bad batch; an empty batch is kRejected. A child still compiling at
// `deadline` is killed (kPastDeadline); none starts after it. An infinite
// hyperscan_seconds is no limit of its own. Throws as CompileGuardedAll.
GuardedCompileResult CompileGuarded(const HyperscanBatch& batch, const CompileLimits& limits,
                                    CompileDeadline deadline = kNoDeadline);

// Compiles every batch as CompileGuarded does, up to limits.hyperscan_threads
// at once (0: one per core), the largest first. Returns one result per batch,
// in the order given. Rethrows what a compile threw (std::bad_alloc when not
// isolated) once every compile has ended. Throws bylaw::Error, before any
// compile starts, when isolated and the compile child is not an executable.
std::vector<GuardedCompileResult> CompileGuardedAll(const std::vector<const HyperscanBatch*>& batches,
                                                    const CompileLimits& limits,
                                                    CompileDeadline deadline = kNoDeadline);

// One expression of a batch that cannot be compiled on its own.
struct FailingExpression {
  std::size_t index = 0;
  GuardedCompileResult result;
};

// Compiles every expression of `batch` alone, each under `limits`, and
// returns those that fail: used to find the culprit when the whole batch
// ran out of time or memory. Costs one child process per expression, and
// the time limit for each culprit that times out (run as CompileGuardedAll
// runs them, several at once).
std::vector<FailingExpression> FindFailingExpressions(const HyperscanBatch& batch,
                                                      const CompileLimits& limits,
                                                      CompileDeadline deadline = kNoDeadline);

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_GUARDED_COMPILE_H_
