// Compile side, lint: patterns against everyday English (Debian's wamerican).
// The Scunthorpe problem: a pattern that may match inside a word matches
// inside innocent longer words ("ass" in "class"). Every such pattern (with
// `within_words`, a `literal:` or a regex) is compiled into one Hyperscan
// database (through the guarded compile, under the compile's limits) and run
// over each word of the list, so that regexes are judged by
// what they really match. Separately, a word-bounded pattern that is a short
// everyday word makes a rule match on its own only at the cost of many false
// matches.
#include <hs/hs.h>

#include <algorithm>
#include <fstream>

#include "condition_parser.h"
#include "guarded_compile.h"
#include "hyperscan_scan.h"
#include "compile/lint_checks.h"
#include "compile/term_numbering.h"
#include "text_view.h"

namespace bylaw::internal {
namespace {

constexpr std::size_t kExampleWords = 3;

std::string Quoted(std::string_view text) { return "`" + std::string(text) + "`"; }

// The words of `text` after folding it as input text is folded.
std::vector<std::string> FoldedWords(std::string_view text) {
  TextView view;
  FoldText(text, &view);
  std::vector<std::string> words(1);
  for (std::size_t pos = 0, length = 0; pos < view.text.size(); pos += length) {
    if (IsWordCodePoint(DecodeUtf8(view.text, pos, &length))) {
      words.back().append(view.text, pos, length);
    } else if (!words.back().empty()) {
      words.emplace_back();
    }
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

// A pattern that may match inside a word, as one Hyperscan expression.
struct Candidate {
  const PatternSpec* pattern = nullptr;
  const TermSpec* term = nullptr;
  std::string expression;
  unsigned flags = 0;
  std::size_t words_inside = 0;       // list words it matches strictly inside
  std::vector<std::string> examples;  // the shortest of them
  std::vector<std::string> excepted;  // the term's `except:` phrases, folded
};

// True if one of `excepted` occurs in `word` over [from, to).
bool Excepted(const std::vector<std::string>& excepted, std::string_view word, std::size_t from,
              std::size_t to) {
  for (const std::string& phrase : excepted) {
    for (std::size_t at = word.find(phrase); at != std::string_view::npos;
         at = word.find(phrase, at + 1)) {
      if (at <= from && to <= at + phrase.size()) return true;
    }
  }
  return false;
}

// Every byte as \xNN: a literal as a regex, whatever it holds.
std::string EscapeLiteral(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string escaped;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    escaped += {'\\', 'x', kHex[byte >> 4], kHex[byte & 15]};
  }
  return escaped;
}

std::optional<Candidate> MakeCandidate(const TermSpec& term, const PatternSpec& pattern) {
  Candidate candidate;
  candidate.pattern = &pattern;
  candidate.term = &term;
  candidate.flags = HS_FLAG_SOM_LEFTMOST;
  switch (pattern.kind) {
    case PatternSpec::Kind::kPhrase: {
      if (!pattern.OpenStart() && !pattern.OpenEnd()) return std::nullopt;
      const std::vector<std::string> words = FoldedWords(pattern.text);
      if (words.size() != 1) return std::nullopt;  // a space never sits inside a word
      // A word starts (or ends) with a one-sided phrase.
      candidate.expression = (pattern.OpenStart() ? "" : "^") + EscapeLiteral(words[0]) +
                             (pattern.OpenEnd() ? "" : "$");
      break;
    }
    case PatternSpec::Kind::kLiteral: {
      TextView view;
      FoldText(pattern.text, &view);
      if (view.text.empty()) return std::nullopt;
      candidate.expression = EscapeLiteral(view.text);
      break;
    }
    case PatternSpec::Kind::kRegex:
      candidate.expression = pattern.text;
      candidate.flags |= HS_FLAG_UTF8 | (pattern.case_sensitive ? 0 : HS_FLAG_CASELESS);
      break;
  }
  return candidate;
}

// The indices of the candidates a compile of `batch` says cannot compile:
// the one Hyperscan refused, or, for a compile that ran past a limit, each
// that fails alone. Empty when no culprit can be named (past the deadline).
std::vector<std::size_t> Culprits(const HyperscanBatch& batch, const GuardedCompileResult& result,
                                  const CompileLimits& limits, CompileDeadline deadline) {
  if (result.outcome == CompileOutcome::kRejected) {
    if (result.expression < 0 || static_cast<std::size_t>(result.expression) >= batch.expressions.size()) {
      return {};
    }
    return {static_cast<std::size_t>(result.expression)};
  }
  if (result.outcome == CompileOutcome::kPastDeadline) return {};
  std::vector<std::size_t> culprits;
  for (const FailingExpression& failing : FindFailingExpressions(batch, limits, deadline)) {
    culprits.push_back(failing.index);
  }
  return culprits;
}

// One block-mode database of every candidate, compiled as every Hyperscan
// compile is, under `limits` (guarded_compile.h). A candidate that cannot
// compile (refused, or past a limit) is dropped and the rest compiled again:
// the rules' own compile, which reports start of match as lint does,
// reports it as an error.
HsDatabase CompileCandidates(std::vector<Candidate>* candidates, const CompileLimits& limits) {
  const CompileDeadline deadline = DeadlineIn(limits.compile_seconds);
  while (!candidates->empty()) {
    HyperscanBatch batch;
    for (const Candidate& candidate : *candidates) {
      batch.expressions.push_back(candidate.expression);
      batch.flags.push_back(candidate.flags);
    }
    GuardedCompileResult result = CompileGuarded(batch, limits, deadline);
    if (result.outcome == CompileOutcome::kOk) return std::move(result.database);
    std::vector<std::size_t> culprits = Culprits(batch, result, limits, deadline);
    if (culprits.empty()) break;
    std::sort(culprits.rbegin(), culprits.rend());
    for (const std::size_t index : culprits) {
      candidates->erase(candidates->begin() + static_cast<std::ptrdiff_t>(index));
    }
  }
  candidates->clear();
  return nullptr;
}

struct WordScan {
  std::vector<Candidate>* candidates;
  const std::string* word;
  std::vector<bool> seen;  // candidates that already matched this word
};

int OnWordMatch(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
                void* context) {
  auto* scan = static_cast<WordScan*>(context);
  if ((from == 0 && to == scan->word->size()) || scan->seen[id]) return 0;
  Candidate& candidate = (*scan->candidates)[id];
  if (Excepted(candidate.excepted, *scan->word, from, to)) return 0;
  scan->seen[id] = true;
  ++candidate.words_inside;
  if (candidate.examples.size() < kExampleWords) candidate.examples.push_back(*scan->word);
  return 0;
}

// What to do about it; for a phrase, the words found as `except:` phrases.
std::string Hint(const Candidate& candidate) {
  const PatternSpec& pattern = *candidate.pattern;
  std::string words;
  for (const std::string& word : candidate.examples) words += (words.empty() ? "" : ", ") + word;
  const std::string option = pattern.within_words ? "`within_words`"
                             : pattern.starts_word ? "`starts_word`"
                                                   : "`ends_word`";
  switch (pattern.kind) {
    case PatternSpec::Kind::kPhrase:
      return "add the innocent words to the term as exceptions (`except: [" + words +
             ", ...]`: only matches inside them are dropped), or drop " + option;
    case PatternSpec::Kind::kLiteral:
      return "write it as a phrase (matched on word boundaries) instead of a `literal:`";
    case PatternSpec::Kind::kRegex: return "anchor it with `\\b` where a word starts or ends";
  }
  return "";
}

void Report(const Candidate& candidate, LintSink* sink) {
  std::string examples;
  for (const std::string& word : candidate.examples) {
    examples += (examples.empty() ? "" : ", ") + Quoted(word);
  }
  sink->Add(DiagnosticCode::kInsideWords, DiagnosticLevel::kWarning, candidate.pattern->location,
            "pattern " + Quoted(candidate.pattern->text) + " of term " +
                Quoted(candidate.term->name.name) + " matches inside " +
                std::to_string(candidate.words_inside) + " everyday word" +
                (candidate.words_inside == 1 ? "" : "s") + ", such as " + examples + ": " +
                Hint(candidate));
}

}  // namespace

std::optional<EverydayWords> EverydayWords::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  EverydayWords list;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (line[0] >= 'A' && line[0] <= 'Z') ||
        line.find('\'') != std::string::npos) {
      continue;
    }
    list.words_.push_back(std::move(line));
  }
  if (in.bad()) return std::nullopt;
  std::sort(list.words_.begin(), list.words_.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  list.words_.erase(std::unique(list.words_.begin(), list.words_.end()), list.words_.end());
  return list;
}

bool EverydayWords::Contains(std::string_view word) const {
  return std::binary_search(words_.begin(), words_.end(), word,
                            [](std::string_view a, std::string_view b) {
                              return a.size() != b.size() ? a.size() < b.size() : a < b;
                            });
}

void CheckInsideWords(const RuleSetSpec& spec, const EverydayWords& words,
                      const CompileLimits& limits, LintSink* sink) {
  std::vector<Candidate> candidates;
  ForEachTermSpec(spec, [&candidates](const TermSpec& term) {
    for (const PatternSpec& pattern : term.patterns) {
      if (auto candidate = MakeCandidate(term, pattern)) {
        for (const PatternSpec& exception : term.exceptions) {
          const std::vector<std::string> words = FoldedWords(exception.text);
          if (words.size() == 1) candidate->excepted.push_back(words[0]);
        }
        candidates.push_back(std::move(*candidate));
      }
    }
  });
  HsDatabase database = CompileCandidates(&candidates, limits);
  hs_scratch_t* raw_scratch = nullptr;
  if (!database || hs_alloc_scratch(database.get(), &raw_scratch) != HS_SUCCESS) return;
  const HsScratch scratch(raw_scratch);
  WordScan scan{&candidates, nullptr, {}};
  for (const std::string& word : words.words()) {
    scan.word = &word;
    scan.seen.assign(candidates.size(), false);
    HsScan(database.get(), word, scratch.get(), OnWordMatch, &scan);
  }
  for (const Candidate& candidate : candidates) {
    if (candidate.words_inside > 0) Report(candidate, sink);
  }
}

void CheckShortTerms(const RuleSetSpec& spec, const ProgramData& data, const EverydayWords& words,
                     const LintOptions& options, LintSink* sink) {
  const std::vector<std::uint32_t> alone =
      RulesMatchingOnTermAlone(data, options.max_condition_cases);
  ForEachNumberedTerm(spec, NumberTerms(spec), [&](const TermSpec& term, std::uint32_t index) {
    // The names are checked too, so that a numbering that drifted from the
    // compiler's shows as no finding rather than a wrong one.
    if (index >= data.term_names.size() || data.term_names[index] != term.name.name ||
        alone[index] == kNone) {
      return;
    }
    const RuleInfo& rule = data.rules[alone[index]];
    for (const PatternSpec& pattern : term.patterns) {
      if (pattern.kind != PatternSpec::Kind::kPhrase || pattern.within_words) continue;
      const std::vector<std::string> folded = FoldedWords(pattern.text);
      if (folded.size() != 1 || !words.Contains(folded[0])) continue;
      std::size_t characters = 0;
      for (std::size_t pos = 0, length = 0; pos < folded[0].size(); pos += length, ++characters) {
        DecodeUtf8(folded[0], pos, &length);
      }
      if (characters >= options.short_term_characters) continue;
      sink->Add(DiagnosticCode::kShortTerm, DiagnosticLevel::kWarning, pattern.location,
                "pattern " + Quoted(pattern.text) + " of term " + Quoted(term.name.name) +
                    " is an everyday word of " + std::to_string(characters) + " character" +
                    (characters == 1 ? "" : "s") + ", and rule " + Quoted(rule.id) +
                    " matches on it alone: give it context (`and`, `near(...)`) or use a "
                    "longer phrase",
                {sink->Make(DiagnosticLevel::kNote, DiagnosticCode::kShortTerm, rule.location,
                            Quoted(rule.id) + " is defined here")});
    }
  });
}

}  // namespace bylaw::internal
