// Compile side, before the compile: decide whether a compiled program file
// still holds the program of a rules directory (same ruleset hash, and a file
// this build and this machine accept), and recompile and resave it if not.
#include "bylaw/program_cache.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "bylaw/program_file.h"
#include "sha256.h"

namespace bylaw {
namespace {

// Every rule file below `rules_dir`, as the compiler lists them (the same
// extensions). False if the directory cannot be walked.
bool ListRuleFiles(const std::filesystem::path& rules_dir, std::vector<std::string>* paths) {
  std::error_code error;
  std::filesystem::recursive_directory_iterator it(rules_dir, error);
  for (; !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    const std::filesystem::path& path = it->path();
    const bool yaml = path.extension() == ".yaml" || path.extension() == ".yml";
    if (yaml && it->is_regular_file()) paths->push_back(path.string());
  }
  return !error;
}

// `path`, in backticks. (Built by appending: GCC 12 warns falsely about
// "literal" + std::string at -O2.)
std::string Quoted(const std::filesystem::path& path) {
  std::string quoted(1, '`');
  quoted += path.string();
  quoted += '`';
  return quoted;
}

}  // namespace

// Must agree with the compiler's fingerprint (Compiler::Hash in
// engine/compile/compiler.cc): tests/program_cache_test.cc pins that.
std::string HashRuleDirectory(const std::filesystem::path& rules_dir) {
  std::vector<std::string> paths;
  if (!ListRuleFiles(rules_dir, &paths)) return "";
  std::sort(paths.begin(), paths.end());
  std::string root = rules_dir.string();
  if (!root.empty() && root.back() != '/') root += '/';
  internal::Sha256 sha;
  const std::string_view separator("\0", 1);
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) return "";
    const std::string contents = text.str();
    std::string_view relative = path;
    if (relative.starts_with(root)) relative.remove_prefix(root.size());
    for (std::string_view piece : {relative, separator, std::string_view(contents), separator}) {
      sha.Update(piece);
    }
  }
  return "sha256:" + sha.HexDigest();
}

CachedCompile CompileWithCache(const std::filesystem::path& rules_dir,
                               const std::filesystem::path& cache_file,
                               const CompileOptions& options) {
  CachedCompile cached;
  std::error_code error;
  if (!std::filesystem::exists(cache_file, error)) {
    cached.cache_miss = Quoted(cache_file) + " does not exist";
  } else {
    ProgramFileLoad load = LoadProgramFile(cache_file);
    const std::string hash = HashRuleDirectory(rules_dir);
    if (!load.ok()) {
      cached.cache_miss = load.error;
      cached.cache_damaged = true;
    } else if (hash.empty() || load.program->hash() != hash) {
      cached.cache_miss = Quoted(cache_file) + " holds other rules than " + Quoted(rules_dir) +
                          " (ruleset hash differs)";
    } else {
      cached.result.program = std::move(load.program);
      cached.outcome = CacheOutcome::kLoaded;
      return cached;
    }
  }
  cached.result = CompileDirectory(rules_dir, options);
  if (!cached.result.ok()) return cached;
  SaveProgramFile(*cached.result.program, cache_file);
  cached.outcome = CacheOutcome::kCompiled;
  return cached;
}

}  // namespace bylaw
