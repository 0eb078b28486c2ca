// The compiled-program cache for a rules directory: load the program saved
// from the directory's current sources, or compile them and save it.
// Compile side (it may compile); a scan-only worker loads a file with
// LoadProgramFile (bylaw/program_file.h) instead.
#ifndef BYLAW_PROGRAM_CACHE_H_
#define BYLAW_PROGRAM_CACHE_H_

#include <filesystem>
#include <string>

#include "bylaw/compiler.h"

namespace bylaw {

// The hash (Program::hash()) that compiling `rules_dir` would give, from
// reading its files without compiling them: "sha256:<hex>" over every
// `*.yaml`/`*.yml` below it, path (relative to `rules_dir`) and text. Empty
// when the directory or a file cannot be read.
std::string HashRuleDirectory(const std::filesystem::path& rules_dir);

// How CompileWithCache got its program.
enum class CacheOutcome {
  kLoaded,     // the cache file held the program of the current sources
  kCompiled,   // compiled, and the cache file (re)written
  kFailed,     // the rules have errors; the cache file is left as it was
};

struct CachedCompile {
  CompileResult result;  // a loaded program comes with no diagnostics
  CacheOutcome outcome = CacheOutcome::kFailed;
  // Why the cache file was not used, e.g. "does not exist" or the
  // LoadProgramFile error; empty when it was loaded.
  std::string cache_miss;
  // The cache file exists but was refused (damaged, or from another format,
  // Hyperscan or CPU), as opposed to absent or holding older rules.
  bool cache_damaged = false;
};

// Loads `cache_file` if it is a valid compiled program whose ruleset hash is
// HashRuleDirectory(rules_dir); otherwise compiles `rules_dir` and, when that
// succeeds, saves the program to `cache_file` atomically. A damaged, stale
// or foreign cache file is never an error: it is recompiled over. Throws
// bylaw::Error only if the new cache file cannot be written.
CachedCompile CompileWithCache(const std::filesystem::path& rules_dir,
                               const std::filesystem::path& cache_file,
                               const CompileOptions& options = {});

}  // namespace bylaw

#endif  // BYLAW_PROGRAM_CACHE_H_
