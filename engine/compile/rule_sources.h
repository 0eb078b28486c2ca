// The parts of the reader of rule sources (bylaw/rule_sources.h) that the
// compiler and lint share: the rule files of a directory, the ruleset's
// identity, the compile of what was read. Compile side.
#ifndef BYLAW_COMPILE_RULE_SOURCES_H_
#define BYLAW_COMPILE_RULE_SOURCES_H_

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "bylaw/compiler.h"
#include "bylaw/rule_sources.h"

namespace bylaw::internal {

// Every regular `.yaml`/`.yml` file below `rules_dir`, sorted. Sets *error
// if the directory cannot be walked. Never leaves the directory: symlinked
// directories are not entered, and a symlinked rule file that resolves
// outside `rules_dir` or cannot be resolved (a loop) is left out with an
// error in *refused.
std::vector<std::filesystem::path> ListRuleFiles(const std::filesystem::path& rules_dir,
                                                 std::error_code* error,
                                                 std::vector<Diagnostic>* refused);

// `rules_dir` (or a pack file's folder) as the prefix its files' paths
// start with (a trailing '/').
std::string RulesRoot(const std::filesystem::path& rules_dir);

// True for `*.yaml` and `*.yml`.
bool IsRuleFileName(std::string_view path);

// Compiles `sources`, timing from `start` (ProgramStats::compile_seconds);
// their read errors fail it and come first.
CompileResult CompileRead(const RuleSources& sources, const CompileOptions& options,
                          std::chrono::steady_clock::time_point start);

// "sha256:<hex>" over every source's path (relative to `root`) and text, in
// path order.
std::string RulesetHash(const std::vector<SourceFile>& sources, std::string_view root);

}  // namespace bylaw::internal

#endif  // BYLAW_COMPILE_RULE_SOURCES_H_
