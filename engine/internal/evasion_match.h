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
                //   words joined (tidepod) or one word split (black out);
                //   words of 5+ letters also as kAggressive (kSpacedWordLetters)
  kAggressive,  // + spaces between single letters (b e n a d r y l), `*` masks
};

// At kStandard, a phrase whose every word has this many letters or more
// also tolerates letters spaced out and `*` masks: words that long, spelled
// out or masked, are rare in everyday text (rules/README.md has the figures).
inline constexpr std::uint32_t kSpacedWordLetters = 3;

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
  bool open_start = false;  // may start inside a longer word (within_words, ends_word)
  bool open_end = false;    // may end inside a longer word (within_words, starts_word)
  bool spacing = false;     // letters spaced out and `*` masks (SpacingAllowed)
  // The phrase's words with a letter doubled that are words of their own
  // (`been` for `ben`, `too` for `to`): a match written that way is that
  // other word, not a disguise. The compiler fills it from a word list.
  std::vector<std::string> doubled_words;
};

// Whether a phrase of `level` whose shortest word has `shortest_word`
// letters tolerates letters spaced out and `*` masks.
inline bool SpacingAllowed(EvasionLevel level, std::uint32_t shortest_word) {
  return level == EvasionLevel::kAggressive ||
         (level == EvasionLevel::kStandard && shortest_word >= kSpacedWordLetters);
}

// Builds the pattern of the folded phrase `folded_words` (words separated by
// single spaces, as FoldText and a word split produce them).
PhrasePattern MakePhrasePattern(std::string_view folded_words, EvasionLevel level,
                                bool open_start, bool open_end);

// Mutable state of ConfirmPhrase, reused across calls (no allocation once
// sized for the longest phrase of a program).
struct ConfirmScratch {
  std::vector<std::int32_t> current;
  std::vector<std::int32_t> next;
};

// True if folded[begin, end), or a part of it that an open end allows, is an
// instance of `pattern` at its evasion level, beginning and ending on word
// boundaries where the pattern is not open; the pattern-side evasions seen
// (leet, separator, spacing, mask, repeat) are added to *seen, and *begin
// and *end narrowed to the instance. A candidate whose open end the skeleton
// widened (`mail` in `mailing` arrives as `maili`: `l` and `i` read alike)
// is narrowed one letter at a time. Runs in O((end - begin) * runs) per try.
bool ConfirmPhrase(const PhrasePattern& pattern, std::string_view folded, std::size_t* begin,
                   std::size_t* end, ConfirmScratch* scratch, EvasionSet* seen);

// Whether `text` is the phrase as its plain instance reads in folded text
// (its letters, one ' ' between words) and the phrase is closed at both ends.
bool IsPlainPhrase(const PhrasePattern& pattern, std::string_view text);
// How a phrase's plain text is written against a skeleton key of it (the
// skeleton reads `l` as `i` and a run of a letter once: `will` is `wi`), as
// bits read from bit 0, one text byte at a time: each byte after the first
// takes a bit, set when it stands for the same key byte as the one before,
// clear when for the next; then a byte standing for a key byte `i` takes a
// bit, set when it is an `l`. 0: the text is the key itself. Bits past the
// 31st read as clear: a text needing one of them set has no form.
using PlainForm = std::uint32_t;
inline constexpr PlainForm kNotPlain = 0xFFFFFFFF;  // no form spells the text
// The form in which `key` spells `text`, or kNotPlain.
PlainForm PlainFormOf(std::string_view key, std::string_view text);
// The plain text of `pattern`: its letters, one ' ' between words; empty if
// a letter is beyond ASCII (the automaton decides those).
std::string PlainText(const PhrasePattern& pattern);
// Whether folded[begin, end) is `key` spelled in `form` (not kNotPlain) and
// begins and ends a word: ConfirmPhrase's answer, without reading the
// phrase, for a phrase that IsPlainPhrase of that spelling (true, the range
// kept, no evasion seen).
bool ReadsAsPlainPhrase(std::string_view folded, std::size_t begin, std::size_t end,
                        std::string_view key, PlainForm form = 0);

// The letter a leetspeak character may stand for in the skeleton (`4`->a,
// `3`->e, `1`/`!`/`|`->i, `0`->o, `5`/`$`->s, `7`/`+`->t, `8`->b, `9`->g),
// or 0 if it stands for none. `l` reads `i` in the skeleton (so `1` can be
// either).
char SkeletonLetter(char folded);

// Whether the symbol folded[pos] (one SkeletonLetter reads as a letter, or
// `*`) stands for a letter or a masked one, `after_word` saying whether a
// word character, or a symbol so read, precedes it: inside a word, where a
// run of such symbols is followed by a word character (`f**k`, `a$$es`);
// at the end of a word, `$ + | @` (`a$$`, `cun+`); at its start,
// IsLeadingLeet. Elsewhere a symbol is punctuation: a final `!` or `.`.
// The skeleton and the phrase automaton both read symbols this way.
bool SymbolIsLetter(std::string_view folded, std::size_t pos, bool after_word);

// Whether folded[pos] is one of `$ @ + | !` starting a word before a
// lowercase ASCII letter, maybe after more such symbols: at the start of a
// word those stand for letters too (`$kull`, `@ss`, `+wat`, `!ncest`,
// `$|ut`); before a digit `$` and `+` are money and signs.
// A word of symbols alone reads as letters when it has three or more of
// them and ends on IsTrailingLeet (`@$$`, `+!+`).
bool IsLeadingLeet(std::string_view folded, std::size_t pos);

// Whether `c` ends a word as a letter after one: `$ + | @` (`a$$`, `cun+`,
// `@n@|`); not `!`, which ends sentences.
inline bool IsTrailingLeet(char c) { return c == '$' || c == '+' || c == '|' || c == '@'; }

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_EVASION_MATCH_H_
