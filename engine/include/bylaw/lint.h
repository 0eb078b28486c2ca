// Lint: what a careful reviewer would say about rules that compile. Beyond
// the compiler's errors and warnings: terms that match inside everyday words
// (the Scunthorpe problem), short everyday words that fire a rule on their
// own, rules without examples, conditions that can never or always hold, rules
// that a stricter rule makes pointless, and costly regexes.
#ifndef BYLAW_LINT_H_
#define BYLAW_LINT_H_

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/compiler.h"
#include "bylaw/diagnostic.h"

namespace bylaw {

// One finding. Its diagnostic's code names the check that made it, for
// editors, CI and `# lint-ignore:` comments: the code of the compiler's
// error or warning (`bylaw check`), such as `unused-term` or `regex-empty`,
// or one of the checks of lint alone:
//   inside-words     a pattern that can match inside an everyday word
//   short-term       a short everyday word that makes a rule match on its own
//   no-examples      a rule without `flag` or without `pass` examples
//   stable-no-examples  the same of a rule whose `maturity` is `stable` (an error)
//   never-matches    a rule whose condition can never hold
//   always-matches   a rule whose condition holds whatever the document says
//   matches-nothing  a rule that matches a document in which none of its terms appear
//   unreachable      a rule that never changes a decision: a stricter rule
//                    matches whenever it does
//   regex-repeat     a regex with a large bounded repeat
//   word-list        the word list could not be read (its checks were skipped)
// `# lint-ignore: compile` silences every warning of the compiler.
struct LintFinding {
  Diagnostic diagnostic;          // level, code, place, message and quoted line
  std::vector<Diagnostic> notes;  // related places, such as the stricter rule

  // The name of the check: the diagnostic's code name.
  std::string_view check() const { return CodeName(diagnostic.code); }
};

struct LintOptions {
  // Everyday words, one per line (Debian's `wamerican`). Capitalized words
  // (names) and possessives are left out. If the file cannot be read, the
  // checks that need it are skipped and a `word-list` warning says so.
  std::string word_list = "/usr/share/dict/american-english";
  // Word-bounded terms shorter than this many characters are reported when
  // they are everyday words and make a rule match on their own.
  std::size_t short_term_characters = 4;
  // A regex bounded repeat whose upper bound exceeds this is reported.
  int max_regex_repeat = 50;
  // Condition checks enumerate the cases a rule's terms can be in (absent,
  // present, counts around each threshold, near or not). A rule (or pair of
  // rules) with more cases than this is not checked.
  std::size_t max_condition_cases = std::size_t{1} << 14;
  // The compile the checks that need a program run on, and its limits.
  CompileOptions compile;
};

struct LintReport {
  std::vector<LintFinding> findings;  // sorted by file, line and column
  std::size_t suppressed = 0;         // findings silenced by `# lint-ignore:` comments
  bool compiled = false;              // the rules compiled, so every check ran
};

// Lints in-memory sources (one `taxonomy.yaml`, the rest packs). Checks that
// need the compiled program run only when the rules compile. A finding is
// silenced by a comment `# lint-ignore: CHECK[, CHECK...]` on its line or on
// the line above; the rest of the comment should say why.
LintReport LintSources(const std::vector<SourceFile>& sources, const LintOptions& options = {});

// Reads every `*.yaml`/`*.yml` below `rules_dir`, as CompileDirectory does
// (or one pack file, with its taxonomy and vocabularies), and lints them. An
// unreadable file is a `compile` error finding.
LintReport LintDirectory(const std::filesystem::path& rules_dir, const LintOptions& options = {});

// Counts of findings by level.
struct LintCounts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t notes = 0;
};
LintCounts CountFindings(const std::vector<LintFinding>& findings);

// True if some finding is at `level` or more severe (error > warning > note).
bool HasFindingsAtLeast(const std::vector<LintFinding>& findings, DiagnosticLevel level);

}  // namespace bylaw

#endif  // BYLAW_LINT_H_
