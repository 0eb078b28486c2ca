// Compile side: the checks of `bylaw lint` (bylaw/lint.h), each a function
// that reads the rules as written (RuleSetSpec) or as compiled (ProgramData)
// and adds findings to a LintSink. engine/compile/lint.cc runs them.
#ifndef BYLAW_COMPILE_LINT_CHECKS_H_
#define BYLAW_COMPILE_LINT_CHECKS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/lint.h"
#include "diagnostic_sink.h"
#include "program_data.h"
#include "rule_set.h"

namespace bylaw::internal {

// Collects findings, quoting each one's source line from `lines` (a sink
// the sources were registered with). Not thread-safe.
class LintSink {
 public:
  explicit LintSink(const DiagnosticSink& lines) : lines_(lines) {}

  Diagnostic Make(DiagnosticLevel level, DiagnosticCode code, const SourceLocation& at,
                  std::string message) const;
  void Add(DiagnosticCode check, DiagnosticLevel level, const SourceLocation& at,
           std::string message, std::vector<Diagnostic> notes = {});
  void Add(LintFinding finding) { findings_.push_back(std::move(finding)); }
  std::vector<LintFinding>& findings() { return findings_; }
  std::string_view Line(const std::string& file, std::uint32_t line) const {
    return lines_.Line(file, line);
  }

 private:
  const DiagnosticSink& lines_;
  std::vector<LintFinding> findings_;
};

// The lowercase everyday words of a word list, shortest first. Names
// (capitalized) and possessives (with an apostrophe) are left out.
class EverydayWords {
 public:
  // Reads one word per line; nullopt if the file cannot be read.
  static std::optional<EverydayWords> Load(const std::string& path);

  bool Contains(std::string_view word) const;
  // Sorted by length, then bytes.
  const std::vector<std::string>& words() const { return words_; }

 private:
  std::vector<std::string> words_;
};

// inside-words: phrases with `within_words`, `starts_word` or `ends_word`,
// literals and regexes that match strictly inside some everyday word, unless
// one of the term's `except:` phrases covers the match there; a phrase's
// finding names the words as the exceptions to add. The patterns compile in
// one Hyperscan database under `limits`, as every compile does; one that
// cannot compile there is left out (the compile reports it).
void CheckInsideWords(const RuleSetSpec& spec, const EverydayWords& words,
                      const CompileLimits& limits, LintSink* sink);

// For each term, a rule that matches some document in which that term is the
// only one that matched (and that does not match a document with no matches
// at all), or kNone.
std::vector<std::uint32_t> RulesMatchingOnTermAlone(const ProgramData& data, std::size_t budget);

// short-term: word-bounded one-word phrases that are everyday words shorter
// than `options.short_term_characters` and make a rule match on their own.
void CheckShortTerms(const RuleSetSpec& spec, const ProgramData& data, const EverydayWords& words,
                     const LintOptions& options, LintSink* sink);

// never-matches, always-matches, matches-nothing and unreachable.
void CheckConditions(const ProgramData& data, const LintOptions& options, LintSink* sink);

}  // namespace bylaw::internal

#endif  // BYLAW_COMPILE_LINT_CHECKS_H_
