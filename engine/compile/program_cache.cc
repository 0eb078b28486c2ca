// Compile side, before the compile: decide whether a compiled program file
// still holds the program of a rules directory (same ruleset hash, and a file
// this build and this machine accept), and recompile and resave it if not.
#include "bylaw/program_cache.h"

#include <vector>

#include "bylaw/program_file.h"
#include "bylaw/rule_sources.h"

namespace bylaw {
namespace {

// `path`, in backticks. (Built by appending: GCC 12 warns falsely about
// "literal" + std::string at -O2.)
std::string Quoted(const std::filesystem::path& path) {
  std::string quoted(1, '`');
  quoted += path.string();
  quoted += '`';
  return quoted;
}

}  // namespace

// The compiler's own hash of the directory's sources, without compiling.
std::string HashRuleDirectory(const std::filesystem::path& rules_dir) {
  return RulesetHash(ReadRuleDirectory(rules_dir));
}

CachedCompile CompileWithCache(const std::filesystem::path& rules_dir,
                               const std::filesystem::path& cache_file,
                               const CompileOptions& options) {
  CachedCompile cached;
  // Read once: hashed to judge the cache, and compiled when it is stale.
  const RuleSources sources = ReadRuleDirectory(rules_dir);
  std::error_code error;
  if (!std::filesystem::exists(cache_file, error)) {
    cached.cache_miss = Quoted(cache_file) + " does not exist";
  } else {
    // The hash goes first: a file that holds other rules is never decoded.
    const std::string hash = RulesetHash(sources);
    ProgramFileLoad load = hash.empty() ? ProgramFileLoad{} : LoadProgramFile(cache_file, hash);
    if (hash.empty() || load.other_rules) {
      cached.cache_miss = Quoted(cache_file) + " holds other rules than " + Quoted(rules_dir) +
                          " (ruleset hash differs)";
    } else if (!load.ok()) {
      cached.cache_miss = load.error;
      cached.cache_damaged = true;
    } else {
      cached.result.program = std::move(load.program);
      cached.outcome = CacheOutcome::kLoaded;
      return cached;
    }
  }
  cached.result = CompileRuleSources(sources, options);
  if (!cached.result.ok()) return cached;
  SaveProgramFile(*cached.result.program, cache_file);
  cached.outcome = CacheOutcome::kCompiled;
  return cached;
}

}  // namespace bylaw
