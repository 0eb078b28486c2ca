// The compile side: rule sources in, an immutable Program (or the
// diagnostics that prevented it) out.
#ifndef BYLAW_COMPILER_H_
#define BYLAW_COMPILER_H_

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bylaw/diagnostic.h"
#include "bylaw/program.h"

namespace bylaw {

// One rule file's text. `path` is how diagnostics name it. The file whose
// name is `taxonomy.yaml` holds the categories; every other file is a pack.
struct SourceFile {
  std::string path;
  std::string text;
};

// Bounds on what one compile may use, so that a huge or pathological rule
// set ends in diagnostics instead of exhausting the machine. Each limit
// exceeded is an error located at the pattern's YAML line.
struct CompileLimits {
  // Patterns written in all packs together. Default: 200,000.
  std::size_t max_patterns = 200'000;
  // Bytes of one pattern's text as written. Default: 1,024.
  std::size_t max_pattern_bytes = 1024;
  // Processor time one Hyperscan database compile may use (its child
  // process's, so a compile waiting for a core on a busy machine is not
  // stopped). Hyperscan has no timeout of its own. Default: 60 seconds.
  double hyperscan_seconds = 60;
  // Wall time all the Hyperscan compiles of one compile (a run, or a
  // worker's reload) may take together, the search for the patterns that
  // cannot compile included: past it, what still compiles is stopped and the
  // compile fails with one error. Default: 120 seconds (the 100k-term
  // benchmark pack compiles in under 4).
  double compile_seconds = 120;
  // Memory one Hyperscan database compile may map beyond what the process
  // already has. Default: 4 GiB.
  std::size_t hyperscan_memory_bytes = std::size_t{4} << 30;
  // Compile each Hyperscan database in a child process, the program
  // `compile_child` names (started afresh, not a fork, so a threaded caller
  // is safe), which is what enforces the two limits above (the database
  // comes back serialized through a pipe). The child also scans a 1 KiB text
  // with each database before sending it: some Hyperscan releases abort the
  // process on every long scan with some regexes (vectorscan 5.4.9:
  // `\ba{3,}\b`), and those are rejected with an error that says so instead
  // of reaching a scanner. Needs /proc. False: in this process, and neither
  // the limits nor that scan happen. Default: true.
  bool isolate_hyperscan = true;
  // The compile child's executable when isolate_hyperscan is set: the
  // `bylaw-compile-child` that is built and installed with the library, or a
  // program whose main calls RunCompileChild (bylaw/compile_child.h) first.
  // Empty (default): the environment variable BYLAW_COMPILE_CHILD if set,
  // else the installed bylaw-compile-child (kDefaultCompileChild). The
  // host's own executable is never started unless named here.
  std::string compile_child;
  // Hyperscan databases compiled at once, largest first (each under the two
  // limits above, so the memory they may map together is this many times
  // hyperscan_memory_bytes). Default: 0, one per core.
  unsigned hyperscan_threads = 0;
  // Expressions in one Hyperscan database: a larger set of one kind is split
  // into equal parts, which compile side by side (and each faster than a
  // share of the whole) but cost a scan each. Default: 32,000, so that the
  // 184k literals of 100k terms compile as 6 databases of about 30k.
  std::size_t max_database_expressions = 32'000;
};

struct CompileOptions {
  // Report every warning (unused terms, ...) as an error, so that it fails
  // the compile. Default: warnings never fail.
  bool warnings_as_errors = false;
  // A pattern Hyperscan cannot compile (rejected, over a limit, too slow,
  // too large) drops the rules that depend on it, each reported in a
  // warning, and the rest compiles. Default: false, such a pattern is an
  // error and the compile fails. Such a program's hash ends in
  // kPartialHashSuffix: it is not the program of the rules as written.
  bool keep_going = false;
  CompileLimits limits;
};

// Appended to Program::hash() when keep_going left patterns out.
inline constexpr std::string_view kPartialHashSuffix = "+partial";

// Either a program or the errors that prevented it; warnings in both cases.
struct CompileResult {
  std::shared_ptr<const Program> program;  // null when there were errors
  std::vector<Diagnostic> diagnostics;     // every error and warning, in source order
  bool ok() const { return program != nullptr; }
};

// Reads `rules_dir/taxonomy.yaml` and every other `*.yaml`/`*.yml` below
// `rules_dir` (sorted by path), and compiles them. `rules_dir` may be one
// pack file instead: it is compiled with the taxonomy beside it and the
// vocabularies below its folder. Unreadable files are reported as
// diagnostics, not thrown. Throws bylaw::Error when the environment fails:
// the compile child (CompileLimits::compile_child) cannot be run.
CompileResult CompileDirectory(const std::filesystem::path& rules_dir,
                               const CompileOptions& options = {});

// Compiles in-memory sources; used by tests and tools.
CompileResult CompileSources(const std::vector<SourceFile>& sources,
                             const CompileOptions& options = {});

// Outcome of running the examples carried by the rules.
struct ExampleReport {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::vector<Diagnostic> failures;  // one per failed example, located at the example
};

// Scans every rule's `flag` examples (the rule must match) and `pass`
// examples (it must not), each as a document of its own, against the whole
// program. Disabled rules are skipped. With `rule_id`, only that rule's
// examples are run.
ExampleReport RunExamples(const std::shared_ptr<const Program>& program,
                          std::string_view rule_id = {});

}  // namespace bylaw

#endif  // BYLAW_COMPILER_H_
