// The isolated Hyperscan compile's child process (CompileLimits::
// isolate_hyperscan). A compile starts the program CompileLimits::
// compile_child names, sends it one batch of expressions and reads back the
// compiled database. That program is `bylaw-compile-child`, built and
// installed with the library, whose whole main is RunCompileChild(); a host
// that prefers to ship one executable may name itself instead and call
// RunCompileChild first thing in main when IsCompileChild() says so (the
// `bylaw` command does).
#ifndef BYLAW_COMPILE_CHILD_H_
#define BYLAW_COMPILE_CHILD_H_

namespace bylaw {

// Where the library looks for bylaw-compile-child when neither
// CompileLimits::compile_child nor BYLAW_COMPILE_CHILD names one: its
// install location, fixed when the library was built.
extern const char* const kDefaultCompileChild;

// The environment variable that names the compile child when
// CompileLimits::compile_child is empty.
inline constexpr char kCompileChildVariable[] = "BYLAW_COMPILE_CHILD";

// True when this process was started by a compile as its child: the
// environment marks it so. Reads the environment only.
bool IsCompileChild();

// Serves the compile the parent sent (its batch on descriptor 3, the answer
// on descriptor 4), then ends the process. Never returns. Exits with status
// 3 when the batch cannot be read (not started by a compile).
[[noreturn]] void RunCompileChild();

}  // namespace bylaw

#endif  // BYLAW_COMPILE_CHILD_H_
