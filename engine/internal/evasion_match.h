// Evasion-tolerant phrases: what a plain-text term means once disguises are
// allowed, and the matcher that decides it on the folded text.
//
// Ambiguity lives in the pattern, not in the text: one folded text serves
// every term, and each phrase says which disguises it tolerates. Hyperscan
// finds candidates cheaply (a literal per phrase on the skeleton view, see
// skeleton.h); ConfirmPhrase then decides each candidate on the folded text
// and names the evasions it saw. Built by the compiler, run by the scanner.
#ifndef BYLAW_INTERNAL_EVASION_MATCH_H_
#define BYLAW_INTERNAL_EVASION_MATCH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/evasion.h"

namespace bylaw::internal {

// How much disguise a phrase tolerates (`evasion:` in rule files).
enum class EvasionLevel : std::uint8_t {
  kOff,         // the words as written; any separators between words
  kStandard,    // + leetspeak, repeated letters, punctuation inside words,
                //   words joined (tidepod) or one word split (black out)
  kAggressive,  // + spaces between single letters (b e n a d r y l), `*` masks
};

// One letter of a phrase (`ll` is two), which the text may repeat.
struct PhraseRun {
  char32_t letter = 0;
  std::uint8_t count = 1;  // always 1: kept for the program file format
  bool ends_word = false;  // the last letter of a phrase word
};

// A phrase as the matcher reads it: the folded words, as runs.
struct PhrasePattern {
  std::vector<PhraseRun> runs;
  std::uint32_t letters = 0;  // number of runs
  EvasionLevel level = EvasionLevel::kStandard;
  bool within_words = false;  // may start or end inside a longer word
};

// Builds the pattern of the folded phrase `folded_words` (words separated by
// single spaces, as FoldText and a word split produce them).
PhrasePattern MakePhrasePattern(std::string_view folded_words, EvasionLevel level,
                                bool within_words);

// Mutable state of ConfirmPhrase, reused across calls (no allocation once
// sized for the longest phrase of a program).
struct ConfirmScratch {
  std::vector<std::int32_t> current;
  std::vector<std::int32_t> next;
};

// True if folded[begin, end) is an instance of `pattern` at its evasion
// level, beginning and ending on word boundaries unless within_words; the
// pattern-side evasions seen (leet, separator, spacing, mask, repeat) are
// added to *seen. Runs in O((end - begin) * runs).
bool ConfirmPhrase(const PhrasePattern& pattern, std::string_view folded, std::size_t begin,
                   std::size_t end, ConfirmScratch* scratch, EvasionSet* seen);

// The letter a leetspeak character may stand for in the skeleton (`4`->a,
// `3`->e, `1`/`!`/`|`->i, `0`->o, `5`/`$`->s, `7`/`+`->t, `8`->b, `9`->g),
// or 0 if it stands for none. `l` reads `i` in the skeleton (so `1` can be
// either).
char SkeletonLetter(char folded);

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_EVASION_MATCH_H_
