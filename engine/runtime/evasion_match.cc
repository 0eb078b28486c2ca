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
  kSawLetter = 1 << 5,     // a letter as written (leetspeak needs one or a symbol)
  kSawSymbol = 1 << 6,     // a symbol read as a letter (`@$$`: no number)
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
  if (level == EvasionLevel::kOff || !IsLeetFor(letter, c, interior)) return kAbsent;
  return c >= '0' && c <= '9' ? kSawLeet : kSawLeet | kSawSymbol;
}

// What a non-word character inside a word adds to a path, or kAbsent.
std::int32_t InWordGap(char32_t c, EvasionLevel level) {
  if (level == EvasionLevel::kOff) return kAbsent;
  if (c == ' ') return kSawSpace;
  if (c == '*') return level != EvasionLevel::kOff ? kSawStar : kAbsent;
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

// The whitespace-separated pieces of folded[begin, end) that are one
// character long: letters spaced out one by one (`b e n a d r y l`: 8),
// as opposed to a stray space (`b lackout`: 1).
std::size_t SpacedLetters(std::string_view folded, std::size_t begin, std::size_t end) {
  std::size_t piece = 0, spaced = 0;
  for (std::size_t pos = begin, length = 0; pos < end; pos += length) {
    if (DecodeUtf8(folded, pos, &length) == ' ') {
      spaced += piece == 1 ? 1 : 0;
      piece = 0;
    } else {
      ++piece;
    }
  }
  return spaced + (piece == 1 ? 1 : 0);
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

// Whether the character before folded[pos] is a word character or a
// symbol that may stand for a letter.
bool AfterWord(std::string_view folded, std::size_t pos) {
  if (pos == 0) return false;
  const char before = folded[pos - 1];
  return static_cast<unsigned char>(before) >= 0x80 ||
         IsWordCodePoint(static_cast<unsigned char>(before)) || SkeletonLetter(before) != 0 ||
         before == '*';
}

// Whether the symbol at folded[pos] stands for a letter here: the text, not
// the candidate, decides, so that `penetr@tion` reads `@` as `a` for a
// phrase that ends on it.
bool IsInsideWord(std::string_view folded, std::size_t pos) {
  return SymbolIsLetter(folded, pos, AfterWord(folded, pos));
}

// Collects the letters of one phrase word as the text writes them, to tell
// a disguise from another word (PhrasePattern::doubled_words).
class WrittenWord {
 public:
  void Add(char32_t letter, std::size_t count) {
    if (letter >= 0x80 || length_ + count > sizeof letters_) {
      overflow_ = true;
      return;
    }
    for (std::size_t i = 0; i < count; ++i) letters_[length_++] = static_cast<char>(letter);
  }
  void MarkDoubled() { doubled_ = true; }
  // True if the word has a doubled letter and reads as one of `words`.
  bool IsOneOf(const std::vector<std::string>& words) const {
    if (!doubled_ || overflow_) return false;
    const std::string_view written(letters_, length_);
    return std::find(words.begin(), words.end(), written) != words.end();
  }
  void Clear() { *this = WrittenWord(); }

 private:
  char letters_[48] = {};
  std::size_t length_ = 0;
  bool doubled_ = false;
  bool overflow_ = false;
};

// A letter the phrase has once, written exactly twice, is a disguise
// (`ffuk`, `baastard`) unless the word so written is a word of its own
// (`been` is not `ben`, `too` not `to`, `Marshall` not `marshal`:
// doubled_words), or the doubled letter sits where the text's word goes on
// past an open end (`pro` in `proof`: the second `o` is the rest of the
// word). Three letters or more are always an elongation (`chaaallenge`).
// Judged on letters as written (the caller leaves leetspeak to the
// automaton); a run that does not line up with the phrase's is the
// automaton's business too.
bool RepeatsAreDisguises(const PhrasePattern& pattern, std::string_view folded,
                         std::size_t begin, std::size_t end) {
  const bool goes_on_before = pattern.open_start && !IsWordBoundary(folded, begin);
  const bool goes_on_after = pattern.open_end && !IsWordBoundary(folded, end);
  std::size_t pos = begin;
  char32_t letter = 0;
  std::size_t count = 0;
  WrittenWord word;
  for (std::size_t j = 0; j < pattern.runs.size();) {
    std::size_t phrase_count = 1;
    while (j + phrase_count < pattern.runs.size() &&
           pattern.runs[j + phrase_count].letter == pattern.runs[j].letter) {
      ++phrase_count;
    }
    if (!NextLetterRun(folded, end, &pos, &letter, &count) || letter != pattern.runs[j].letter) {
      return true;
    }
    const bool last = j + phrase_count == pattern.runs.size();
    if (phrase_count == 1 && count == 2) {
      if ((j == 0 && goes_on_before) || (last && goes_on_after)) return false;
      word.MarkDoubled();
    }
    word.Add(letter, std::max(count, phrase_count));
    j += phrase_count;
    if (pattern.runs[j - 1].ends_word) {
      if (word.IsOneOf(pattern.doubled_words)) return false;
      word.Clear();
    }
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
      // Only symbols ask where they stand (letters and digits never do).
      const bool interior = c < 0x80 && !IsWordCodePoint(c) && IsInsideWord(folded, pos);
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
          if (c == '*' && interior && level != EvasionLevel::kOff) {
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
        // A letter repeated across a separator (t.r.a.n.n.y): counted as a
        // repeat like any other.
        const bool digit = runs[j].letter >= '0' && runs[j].letter <= '9';
        const std::int32_t again = digit ? kAbsent : LetterMatch(runs[j].letter, c, interior, level);
        if (again != kAbsent) Reach(&scratch_.next, Inside(j), flags | again);
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
                                bool open_start, bool open_end) {
  PhrasePattern pattern;
  pattern.level = level;
  pattern.open_start = open_start;
  pattern.open_end = open_end;
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
  std::uint32_t shortest = 0, letters = 0;
  for (const PhraseRun& run : pattern.runs) {
    ++letters;
    if (!run.ends_word) continue;
    shortest = shortest == 0 ? letters : std::min(shortest, letters);
    letters = 0;
  }
  pattern.spacing = SpacingAllowed(level, shortest);
  return pattern;
}

namespace {

// Whether a word starts at folded[begin], a symbol read as a letter
// counting as one (`$kull`).
bool StartsWord(std::string_view folded, std::size_t begin) {
  if (IsWordBoundary(folded, begin)) return true;
  return begin < folded.size() && !AfterWord(folded, begin) && IsLeadingLeet(folded, begin);
}

// Whether a word ends at folded[end], likewise (`dumba$$`).
bool EndsWord(std::string_view folded, std::size_t end) {
  if (IsWordBoundary(folded, end)) return true;
  if (end == 0 || !IsTrailingLeet(folded[end - 1]) || !IsInsideWord(folded, end - 1)) return false;
  std::size_t length = 0;
  return end == folded.size() || !IsWordCodePoint(DecodeUtf8(folded, end, &length));
}

// What PhraseAutomaton::Run returns, without running it, when the range is
// letters a-z only and the phrase one word of them: a letter reads only
// itself, so each run of one letter in the phrase needs as many of it in
// the text or more (exactly as many at kOff, where letters do not repeat),
// in the same order. Most candidates that are no plain instance are such
// words (`too` for `to`); false when the range or phrase is not.
bool RunOnLetters(const PhrasePattern& pattern, std::string_view folded, std::size_t begin,
                  std::size_t end, std::int32_t* flags, std::uint32_t* letters_read) {
  for (std::size_t pos = begin; pos < end; ++pos) {
    if (folded[pos] < 'a' || folded[pos] > 'z') return false;
  }
  const std::vector<PhraseRun>& runs = pattern.runs;
  for (std::size_t j = 0; j < runs.size(); ++j) {
    if (runs[j].letter < 'a' || runs[j].letter > 'z' || (runs[j].ends_word && j + 1 < runs.size())) {
      return false;
    }
  }
  *letters_read = static_cast<std::uint32_t>(end - begin);
  *flags = kAbsent;
  std::size_t pos = begin;
  for (std::size_t j = 0; j < runs.size();) {
    const char letter = static_cast<char>(runs[j].letter);
    std::size_t wanted = 0, found = 0;
    for (; j < runs.size() && runs[j].letter == runs[j - wanted].letter; ++j) ++wanted;
    for (; pos < end && folded[pos] == letter; ++pos) ++found;
    if (found < wanted || (pattern.level == EvasionLevel::kOff && found != wanted)) return true;
  }
  if (pos == end) *flags = kSawLetter;
  return true;
}

// ConfirmPhrase on exactly folded[begin, end).
bool ConfirmRange(const PhrasePattern& pattern, std::string_view folded, std::size_t begin,
                  std::size_t end, ConfirmScratch* scratch, EvasionSet* seen) {
  // Each letter of the phrase reads a character of its own, of a byte or
  // more: a shorter range is a word the skeleton only confuses with it
  // (`the` for `thee`, `is` for `iss`), the commonest candidate that fails.
  if (end - begin < pattern.runs.size()) return false;
  if ((!pattern.open_start && !StartsWord(folded, begin)) ||
      (!pattern.open_end && !EndsWord(folded, end))) {
    return false;
  }
  if (IsPlainInstance(pattern, folded, begin, end)) return true;  // nothing disguised
  std::uint32_t letters_read = 0;
  std::int32_t flags = kAbsent;
  if (!RunOnLetters(pattern, folded, begin, end, &flags, &letters_read)) {
    flags = PhraseAutomaton(pattern, scratch).Run(folded, begin, end, &letters_read);
  }
  if (flags == kAbsent) return false;
  if ((flags & kSawLeet) != 0 && (flags & (kSawLetter | kSawSymbol)) == 0) return false;  // "1000" is no word
  const bool extra_letters = letters_read > pattern.letters;
  if (extra_letters && (flags & kSawLeet) == 0 &&
      !RepeatsAreDisguises(pattern, folded, begin, end)) {
    return false;
  }
  const bool split = (flags & kSawSpace) != 0 && IsSplitNotSpacing(folded, begin, end);
  // A split joins two words, never pieces of them: `tidepod` is not in
  // `riptide podcast`, even within words.
  if (split && (!StartsWord(folded, begin) || !EndsWord(folded, end))) return false;
  switch (pattern.level) {
    case EvasionLevel::kOff:
      if ((flags & ~kSawLetter) != 0) return false;
      break;
    case EvasionLevel::kStandard:
      // Long words (PhrasePattern::spacing) spelled out: three letters or
      // more one by one, as the skeleton joins them.
      if ((flags & kSawStar) != 0 && !pattern.spacing) return false;
      if ((flags & kSawSpace) != 0 && !split &&
          (!pattern.spacing || SpacedLetters(folded, begin, end) < 3)) {
        return false;
      }
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

// The skeleton reads a repeated letter, and `l` after `i` or `i` after `l`,
// once: at an open end a candidate may hold one such letter too many.
constexpr int kMaxNarrowing = 4;

constexpr std::size_t kNoRange = static_cast<std::size_t>(-1);

// Whether folded[pos] is an ASCII letter or digit, and which skeleton
// letter it reads as (0 if none).
char LetterAt(std::string_view folded, std::size_t pos) {
  const char c = folded[pos];
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? SkeletonLetter(c) : 0;
}

// Where folded[begin, end) ends without its last letter, if the skeleton
// merged that letter with the letter before it (separators between them go
// too: `b e s t i a l i`); kNoRange if not.
std::size_t NarrowEnd(std::string_view folded, std::size_t begin, std::size_t end) {
  if (end < begin + 2) return kNoRange;
  const char last = LetterAt(folded, end - 1);
  std::size_t before = end - 1;
  while (before > begin && LetterAt(folded, before - 1) == 0 && folded[before - 1] != '_' &&
         static_cast<unsigned char>(folded[before - 1]) < 0x80 &&
         !IsWordCodePoint(static_cast<unsigned char>(folded[before - 1]))) {
    --before;
  }
  if (last == 0 || before == begin || LetterAt(folded, before - 1) != last) return kNoRange;
  return before;
}

// ... where it begins without its first letter, likewise.
std::size_t NarrowBegin(std::string_view folded, std::size_t begin, std::size_t end) {
  if (end < begin + 2) return kNoRange;
  const char first = LetterAt(folded, begin);
  std::size_t after = begin + 1;
  while (after < end && LetterAt(folded, after) == 0 && folded[after] != '_' &&
         static_cast<unsigned char>(folded[after]) < 0x80 &&
         !IsWordCodePoint(static_cast<unsigned char>(folded[after]))) {
    ++after;
  }
  if (first == 0 || after == end || LetterAt(folded, after) != first) return kNoRange;
  return after;
}

}  // namespace

bool ConfirmPhrase(const PhrasePattern& pattern, std::string_view folded, std::size_t* begin,
                   std::size_t* end, ConfirmScratch* scratch, EvasionSet* seen) {
  if (pattern.runs.empty() || *begin >= *end || *end > folded.size()) return false;
  std::size_t b = *begin;
  for (int i = 0; i <= kMaxNarrowing && b != kNoRange; ++i) {
    std::size_t e = *end;
    for (int k = 0; k <= kMaxNarrowing && e != kNoRange; ++k) {
      if (ConfirmRange(pattern, folded, b, e, scratch, seen)) {
        *begin = b;
        *end = e;
        return true;
      }
      e = pattern.open_end ? NarrowEnd(folded, b, e) : kNoRange;
    }
    b = pattern.open_start ? NarrowBegin(folded, b, *end) : kNoRange;
  }
  return false;
}

bool IsPlainPhrase(const PhrasePattern& pattern, std::string_view text) {
  return !pattern.open_start && !pattern.open_end && IsPlainInstance(pattern, text, 0, text.size());
}

namespace {

// The bits a plain form may set: bit 31 stays clear, so that no form is
// kNotPlain; those after it read as clear.
constexpr unsigned kFormBits = 31;

// Bit `bit` of `form`; past kFormBits, clear.
bool FormBit(PlainForm form, unsigned bit) { return bit < kFormBits && ((form >> bit) & 1) != 0; }

}  // namespace

PlainForm PlainFormOf(std::string_view key, std::string_view text) {
  if (key.empty() || text.empty()) return kNotPlain;
  PlainForm form = 0;
  unsigned bits = 0;
  const auto put = [&](bool set) {  // false: a set bit past kFormBits
    if (set && bits >= kFormBits) return false;
    if (set) form |= PlainForm{1} << bits;
    ++bits;
    return true;
  };
  std::size_t k = 0;  // the key byte text[pos] stands for
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    const char letter = c == 'l' ? 'i' : c;  // as the skeleton reads it
    if (pos > 0) {
      const bool same = letter == key[k];
      if (!put(same)) return kNotPlain;
      if (!same) ++k;
    }
    if (k >= key.size() || key[k] != letter) return kNotPlain;
    if (key[k] == 'i' && !put(c == 'l')) return kNotPlain;
  }
  return k + 1 == key.size() ? form : kNotPlain;
}

std::string PlainText(const PhrasePattern& pattern) {
  std::string text;
  for (std::size_t j = 0; j < pattern.runs.size(); ++j) {
    const PhraseRun& run = pattern.runs[j];
    if (run.letter >= 0x80) return {};
    text += static_cast<char>(run.letter);
    if (run.ends_word && j + 1 < pattern.runs.size()) text += ' ';
  }
  return text;
}

bool ReadsAsPlainPhrase(std::string_view folded, std::size_t begin, std::size_t end,
                        std::string_view key, PlainForm form) {
  if (!(begin < end && end <= folded.size()) || key.empty()) return false;
  if (form == 0) {
    if (folded.substr(begin, end - begin) != key) return false;
  } else {
    std::size_t k = 0;
    unsigned bit = 0;
    for (std::size_t pos = begin; pos < end; ++pos) {
      if (pos > begin && !FormBit(form, bit++) && ++k == key.size()) return false;
      const char expected = key[k] == 'i' && FormBit(form, bit++) ? 'l' : key[k];
      if (folded[pos] != expected) return false;
    }
    // The text ends here: on the last key byte, with no byte of it to come.
    if (k + 1 != key.size() || FormBit(form, bit)) return false;
  }
  return StartsWord(folded, begin) && EndsWord(folded, end);
}

namespace {

bool IsSymbol(char c) {
  return !IsWordCodePoint(static_cast<unsigned char>(c)) && (SkeletonLetter(c) != 0 || c == '*');
}

}  // namespace

bool IsLeadingLeet(std::string_view folded, std::size_t pos) {
  const auto leading = [](char c) { return c == '$' || c == '@' || c == '+' || c == '|' || c == '!'; };
  if (pos >= folded.size() || !leading(folded[pos])) return false;
  std::size_t next = pos + 1;
  while (next < folded.size() && IsSymbol(folded[next])) ++next;
  if (next < folded.size() && folded[next] >= 'a' && folded[next] <= 'z') return true;
  const bool word_ends = next == folded.size() || !IsWordCodePoint(static_cast<unsigned char>(folded[next]));
  return word_ends && next - pos >= 3 && IsTrailingLeet(folded[next - 1]);
}

bool SymbolIsLetter(std::string_view folded, std::size_t pos, bool after_word) {
  if (!after_word) return IsLeadingLeet(folded, pos);
  if (IsTrailingLeet(folded[pos])) return true;
  std::size_t next = pos + 1;
  while (next < folded.size() && IsSymbol(folded[next])) ++next;
  // The run ends the word on a symbol that may end one (`p!$$`, `$h!+`).
  if (next > pos + 1 && IsTrailingLeet(folded[next - 1]) &&
      (next == folded.size() || !IsWordCodePoint(static_cast<unsigned char>(folded[next])))) {
    return true;
  }
  if (next >= folded.size()) return false;
  std::size_t length = 0;
  const char32_t c = DecodeUtf8(folded, next, &length);
  return c != '_' && IsWordCodePoint(c);
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
