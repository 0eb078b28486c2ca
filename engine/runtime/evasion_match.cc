// Run side: confirms a skeleton candidate as an instance of its phrase on
// the folded text (see evasion_match.h), by simulating a small automaton
// whose states are "inside run j", "in a gap inside a word after run j" and
// "between words after run j". Each state carries the disguises seen on the
// way to it, so one pass decides the match and names its evasions.
#include "evasion_match.h"

#include <algorithm>

#include "text_view.h"

namespace bylaw::internal {
namespace {

// Disguises seen along a path through the automaton (state values).
enum PathFlag : std::int32_t {
  kSawLeet = 1 << 0,
  kSawSeparator = 1 << 1,  // punctuation inside a word
  kSawSpace = 1 << 2,      // whitespace inside a word
  kSawStar = 1 << 3,       // `*` between letters, or for one
  kSawJoin = 1 << 4,       // two words written as one
  kSawLetter = 1 << 5,     // a letter as written (leetspeak needs one)
};
constexpr std::int32_t kAbsent = -1;

// The letter a digit or symbol can stand for, `i` and `l` both for `1 ! |`.
bool IsLeetFor(char32_t letter, char32_t c, bool interior) {
  switch (c) {
    case '0': return letter == 'o';
    case '1': return letter == 'i' || letter == 'l';
    case '3': return letter == 'e';
    case '4': return letter == 'a';
    case '5': return letter == 's';
    case '7': return letter == 't';
    case '8': return letter == 'b';
    case '9': return letter == 'g';
    // Symbols stand for letters only inside a word: a final `!` is punctuation.
    case '@': return interior && letter == 'a';
    case '$': return interior && letter == 's';
    case '!':
    case '|': return interior && (letter == 'i' || letter == 'l');
    case '+': return interior && letter == 't';
    default: return false;
  }
}

// What character `c` adds to a path matching `letter`, or kAbsent.
std::int32_t LetterMatch(char32_t letter, char32_t c, bool interior, EvasionLevel level) {
  if (c == letter) return kSawLetter;
  if (level != EvasionLevel::kOff && IsLeetFor(letter, c, interior)) return kSawLeet;
  return kAbsent;
}

// What a non-word character inside a word adds to a path, or kAbsent.
std::int32_t InWordGap(char32_t c, EvasionLevel level) {
  if (level == EvasionLevel::kOff) return kAbsent;
  if (c == ' ') return kSawSpace;
  if (c == '*') return level == EvasionLevel::kAggressive ? kSawStar : kAbsent;
  return kSawSeparator;
}

void Reach(std::vector<std::int32_t>* states, std::size_t state, std::int32_t flags) {
  std::int32_t& slot = (*states)[state];
  slot = slot == kAbsent ? flags : (slot | flags);
}

// Whitespace-separated pieces of folded[begin, end) all have 3 or more
// characters: an extra gap that splits a word ("black out"), not letters
// spaced out one by one ("b e n a d r y l").
bool IsSplitNotSpacing(std::string_view folded, std::size_t begin, std::size_t end) {
  std::size_t piece = 0;
  for (std::size_t pos = begin, length = 0; pos < end; pos += length) {
    if (DecodeUtf8(folded, pos, &length) == ' ') {
      if (piece < 3) return false;
      piece = 0;
    } else {
      ++piece;
    }
  }
  return piece >= 3;
}

// folded[begin, end) is the phrase exactly as written, its words one space
// apart: the common candidate, which every level accepts with no evasion, so
// it needs no automaton. False for anything else, including phrases with
// letters beyond ASCII (the automaton decides those).
bool IsPlainInstance(const PhrasePattern& pattern, std::string_view folded, std::size_t begin,
                     std::size_t end) {
  std::size_t pos = begin;
  for (std::size_t j = 0; j < pattern.runs.size(); ++j) {
    const PhraseRun& run = pattern.runs[j];
    if (pos >= end || run.letter >= 0x80 || folded[pos] != static_cast<char>(run.letter)) {
      return false;
    }
    ++pos;
    if (run.ends_word && j + 1 < pattern.runs.size()) {
      if (pos >= end || folded[pos] != ' ') return false;
      ++pos;
    }
  }
  return pos == end;
}

// Reads the letters of folded[*pos, end) (word characters but `_`; other
// characters are skipped) one run of equal letters at a time.
bool NextLetterRun(std::string_view folded, std::size_t end, std::size_t* pos, char32_t* letter,
                   std::size_t* count) {
  *count = 0;
  for (std::size_t length = 0; *pos < end; *pos += length) {
    const char32_t c = DecodeUtf8(folded, *pos, &length);
    if (!IsWordCodePoint(c) || c == '_') continue;
    if (*count > 0 && c != *letter) return true;
    *letter = c;
    ++*count;
  }
  return *count > 0;
}

// A letter the phrase has once, written exactly twice, makes another word
// (`been` is not `ben`, `too` not `to`, `Marshall` not `marshal`): an
// elongation reads as one only from three letters on (`chaaallenge`) or where
// the phrase itself doubles the letter. Judged on letters as written (the
// caller leaves leetspeak to the automaton); a run that does not line up
// with the phrase's is the automaton's business too.
bool RepeatsAreElongations(const PhrasePattern& pattern, std::string_view folded,
                           std::size_t begin, std::size_t end) {
  std::size_t pos = begin;
  char32_t letter = 0;
  std::size_t count = 0;
  for (std::size_t j = 0; j < pattern.runs.size();) {
    std::size_t phrase_count = 1;
    while (j + phrase_count < pattern.runs.size() &&
           pattern.runs[j + phrase_count].letter == pattern.runs[j].letter) {
      ++phrase_count;
    }
    if (!NextLetterRun(folded, end, &pos, &letter, &count) || letter != pattern.runs[j].letter) {
      return true;
    }
    if (phrase_count == 1 && count == 2) return false;
    j += phrase_count;
  }
  return true;
}

// The automaton over folded[begin, end): returns the flags of the accepting
// path(s) and counts the letters read, or kAbsent.
class PhraseAutomaton {
 public:
  PhraseAutomaton(const PhrasePattern& pattern, ConfirmScratch* scratch)
      : pattern_(pattern), scratch_(*scratch) {
    const std::size_t states = 3 * pattern.runs.size();
    scratch_.current.assign(states, kAbsent);
    scratch_.next.assign(states, kAbsent);
  }

  std::int32_t Run(std::string_view folded, std::size_t begin, std::size_t end,
                   std::uint32_t* letters_read) {
    *letters_read = 0;
    bool first = true;
    for (std::size_t pos = begin, length = 0; pos < end; pos += length) {
      const char32_t c = DecodeUtf8(folded, pos, &length);
      const bool interior = pos > begin && pos + length < end;
      *letters_read += IsWordCodePoint(c) && c != '_' ? 1 : 0;
      std::fill(scratch_.next.begin(), scratch_.next.end(), kAbsent);
      if (first) {
        const std::int32_t m = LetterMatch(pattern_.runs[0].letter, c, interior, pattern_.level);
        if (m != kAbsent) Reach(&scratch_.next, Inside(0), m);
        first = false;
      } else {
        Step(c, interior);
      }
      std::swap(scratch_.current, scratch_.next);
    }
    return scratch_.current[Inside(pattern_.runs.size() - 1)];
  }

 private:
  static std::size_t Inside(std::size_t run) { return 3 * run; }
  static std::size_t InWord(std::size_t run) { return 3 * run + 1; }
  static std::size_t Between(std::size_t run) { return 3 * run + 2; }

  void Step(char32_t c, bool interior) {
    const std::vector<PhraseRun>& runs = pattern_.runs;
    const EvasionLevel level = pattern_.level;
    const bool separator = !IsWordCodePoint(c) || c == '_';
    for (std::size_t j = 0; j < runs.size(); ++j) {
      const bool has_next = j + 1 < runs.size();
      const std::int32_t to_next =
          has_next ? LetterMatch(runs[j + 1].letter, c, interior, level) : kAbsent;
      if (const std::int32_t flags = scratch_.current[Inside(j)]; flags != kAbsent) {
        // Letters may repeat (chaaallenge), but not at kOff; digits never: 11 is not 1.
        const bool digit = runs[j].letter >= '0' && runs[j].letter <= '9';
        const std::int32_t again = digit || level == EvasionLevel::kOff
                                       ? kAbsent
                                       : LetterMatch(runs[j].letter, c, interior, level);
        if (again != kAbsent) Reach(&scratch_.next, Inside(j), flags | again);
        if (has_next && !runs[j].ends_word) {
          if (to_next != kAbsent) Reach(&scratch_.next, Inside(j + 1), flags | to_next);
          if (c == '*' && interior && level == EvasionLevel::kAggressive) {
            Reach(&scratch_.next, Inside(j + 1), flags | kSawStar);  // a masked letter
          }
          const std::int32_t gap = separator ? InWordGap(c, level) : kAbsent;
          if (gap != kAbsent) Reach(&scratch_.next, InWord(j), flags | gap);
        } else if (has_next) {
          if (to_next != kAbsent && level != EvasionLevel::kOff) {
            Reach(&scratch_.next, Inside(j + 1), flags | to_next | kSawJoin);
          }
          if (separator) Reach(&scratch_.next, Between(j), flags);
        }
      }
      if (const std::int32_t flags = scratch_.current[InWord(j)]; flags != kAbsent) {
        const std::int32_t gap = separator ? InWordGap(c, level) : kAbsent;
        if (gap != kAbsent) Reach(&scratch_.next, InWord(j), flags | gap);
        if (to_next != kAbsent) Reach(&scratch_.next, Inside(j + 1), flags | to_next);
      }
      if (const std::int32_t flags = scratch_.current[Between(j)]; flags != kAbsent) {
        if (separator) Reach(&scratch_.next, Between(j), flags);
        if (to_next != kAbsent) Reach(&scratch_.next, Inside(j + 1), flags | to_next);
      }
    }
  }

  const PhrasePattern& pattern_;
  ConfirmScratch& scratch_;
};

}  // namespace

PhrasePattern MakePhrasePattern(std::string_view folded_words, EvasionLevel level,
                                bool within_words) {
  PhrasePattern pattern;
  pattern.level = level;
  pattern.within_words = within_words;
  for (std::size_t pos = 0, length = 0; pos < folded_words.size(); pos += length) {
    const char32_t c = DecodeUtf8(folded_words, pos, &length);
    if (c == ' ') {
      if (!pattern.runs.empty()) pattern.runs.back().ends_word = true;
      continue;
    }
    ++pattern.letters;
    // One position per letter, each of which may repeat: a doubled letter
    // needs at least two in the text (rooter is not rotter).
    pattern.runs.push_back(PhraseRun{c, 1, false});
  }
  if (!pattern.runs.empty()) pattern.runs.back().ends_word = true;
  return pattern;
}

bool ConfirmPhrase(const PhrasePattern& pattern, std::string_view folded, std::size_t begin,
                   std::size_t end, ConfirmScratch* scratch, EvasionSet* seen) {
  if (pattern.runs.empty() || begin >= end || end > folded.size()) return false;
  if (!pattern.within_words &&
      !(IsWordBoundary(folded, begin) && IsWordBoundary(folded, end))) {
    return false;
  }
  if (IsPlainInstance(pattern, folded, begin, end)) return true;  // nothing disguised
  std::uint32_t letters_read = 0;
  const std::int32_t flags = PhraseAutomaton(pattern, scratch).Run(folded, begin, end, &letters_read);
  if (flags == kAbsent) return false;
  if ((flags & kSawLeet) != 0 && (flags & kSawLetter) == 0) return false;  // "1000" is no word
  const bool extra_letters = letters_read > pattern.letters;
  if (extra_letters && (flags & kSawLeet) == 0 &&
      !RepeatsAreElongations(pattern, folded, begin, end)) {
    return false;
  }
  const bool split = (flags & kSawSpace) != 0 && IsSplitNotSpacing(folded, begin, end);
  switch (pattern.level) {
    case EvasionLevel::kOff:
      if ((flags & ~kSawLetter) != 0) return false;
      break;
    case EvasionLevel::kStandard:
      if ((flags & kSawStar) != 0 || ((flags & kSawSpace) != 0 && !split)) return false;
      break;
    case EvasionLevel::kAggressive:
      break;
  }
  if ((flags & kSawLeet) != 0) seen->Add(Evasion::kLeet);
  if ((flags & kSawSeparator) != 0) seen->Add(Evasion::kSeparator);
  if ((flags & kSawSpace) != 0 && !split) seen->Add(Evasion::kSpacing);
  if ((flags & kSawStar) != 0) seen->Add(Evasion::kMask);
  if (extra_letters) seen->Add(Evasion::kRepeat);
  return true;
}

char SkeletonLetter(char folded) {
  switch (folded) {
    case 'l':
    case '1':
    case '!':
    case '|': return 'i';
    case '0': return 'o';
    case '3': return 'e';
    case '4':
    case '@': return 'a';
    case '5':
    case '$': return 's';
    case '7':
    case '+': return 't';
    case '8': return 'b';
    case '9': return 'g';
    default:
      if ((folded >= 'a' && folded <= 'z') || (folded >= '0' && folded <= '9')) return folded;
      return 0;
  }
}

}  // namespace bylaw::internal
