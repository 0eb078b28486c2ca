// The sources of a ruleset, read into memory once: the one reader of rule
// files that compiling, the program cache, lint, reload and diff share.
// A ruleset is a rules directory, or a rules directory as it is in a git
// revision (`HEAD~1:rules`), read from git's objects without a shell or a
// temporary directory. Compile side (bylaw_compiler).
#ifndef BYLAW_RULE_SOURCES_H_
#define BYLAW_RULE_SOURCES_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/compiler.h"
#include "bylaw/diagnostic.h"

namespace bylaw {

struct RuleSources {
  // What every file's path starts with: "rules/", or "HEAD~1:rules/". The
  // ruleset hash covers the paths below it, so a directory and the same
  // files in a revision have one hash.
  std::string root;
  std::vector<SourceFile> files;   // taxonomy.yaml and every pack, sorted by path
  std::vector<Diagnostic> errors;  // what could not be read; a compile of these fails with them
  // Read from one pack file: the vocabulary terms it leaves unused are not
  // warned about, since another pack of its folder may use them.
  bool one_pack = false;
  bool ok() const { return errors.empty(); }
};

// Every regular `*.yaml`/`*.yml` file below `rules_dir`. Never leaves the
// directory: symlinked directories are not entered, and a symlinked file
// that resolves outside it is not read (an error says so). When `rules_dir`
// is one pack file: that pack, the taxonomy beside it and every vocabulary
// below its folder.
RuleSources ReadRuleDirectory(const std::filesystem::path& rules_dir);

// `spec` is REV:PATH, a rules directory in a git revision of the repository
// that holds `repository` (`HEAD~1:rules`, `main:rules`). Runs `git` itself,
// never a shell. Symbolic links in the revision are not followed (an error
// says so). When git cannot read it: no files, and one error saying why.
RuleSources ReadRuleRevision(std::string_view spec,
                             const std::filesystem::path& repository = ".");

// "sha256:<hex>" of the sources (Program::hash() of their compile); empty
// when some could not be read.
std::string RulesetHash(const RuleSources& sources);

// Compiles what was read. Read errors come first among the diagnostics and
// fail the compile.
CompileResult CompileRuleSources(const RuleSources& sources, const CompileOptions& options = {});

}  // namespace bylaw

#endif  // BYLAW_RULE_SOURCES_H_
