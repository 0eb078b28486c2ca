// OriginalEvasions (text_view.h): after a match, which disguises its
// original characters carried that text folding undid. Runs once per matched
// span, never over whole texts, so it calls ICU freely.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "runtime/character_fold.h"
#include "text_view.h"

namespace bylaw::internal {
namespace {

// The letters of the words of a span, one word at a time: their scripts,
// and whether they are look-alikes.
//  - A word mixes scripts if it has letters of two scripts (Common and
//    Inherited aside; Han, Hiragana, Katakana, Hangul and Bopomofo count as
//    one, since Japanese and Korean words mix them).
//  - A look-alike is a disguise where its word reads as Latin: every other
//    letter is Latin or a look-alike too (`tіde`, `сосаіnе` in Cyrillic,
//    `ᴛɪᴅᴇ`). In a word with letters that read as no Latin letter
//    (`привет`) it is the word's own spelling. So a word of Cyrillic or
//    Greek look-alikes only (Greek `και`) is reported, whatever it means.
class Words {
 public:
  void AddLetter(char32_t c, bool look_alike) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
    if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED) {
      script = USCRIPT_INVALID_CODE;
    }
    if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_HANGUL ||
        script == USCRIPT_BOPOMOFO) {
      script = USCRIPT_HAN;
    }
    if (script != USCRIPT_INVALID_CODE) {
      if (first_script_ == USCRIPT_INVALID_CODE) first_script_ = script;
      mixed_ |= script != first_script_;
    }
    look_alikes_ |= look_alike;
    unlike_latin_ |= !look_alike && script != USCRIPT_LATIN && script != USCRIPT_INVALID_CODE;
  }
  void EndWord() {
    disguised_ |= look_alikes_ && !unlike_latin_;
    first_script_ = USCRIPT_INVALID_CODE;
    look_alikes_ = false;
    unlike_latin_ = false;
  }
  bool mixed() const { return mixed_; }
  // Call after EndWord().
  bool disguised() const { return disguised_; }

 private:
  UScriptCode first_script_ = USCRIPT_INVALID_CODE;
  bool look_alikes_ = false;   // The word has look-alikes ...
  bool unlike_latin_ = false;  // ... and letters of other scripts that are none.
  bool mixed_ = false;         // Some word had letters of two scripts.
  bool disguised_ = false;     // Some word was disguised with look-alikes.
};

// A base character and the combining marks that folding dropped after it.
// Marks that compose with their base into a precomposed letter (`e` + U+0301
// is `é`, as macOS sends it) are spelling; marks that stay separate after
// canonical composition (T + U+0335 strike-through, Zalgo stacks, a mark
// with no base) are a disguise.
// The base is kept as a code point and the cluster spelled out only when a
// mark was dropped: most bases (every ASCII character) have none.
class MarkCluster {
 public:
  void StartBase(char32_t c) {
    Finish();
    base_ = c;
    has_base_ = true;
  }
  void NoBase() {
    Finish();
    has_base_ = false;
  }
  void AddDroppedMark(char32_t c) {
    marks_.append(static_cast<UChar32>(c));
    dropped_ = true;
  }
  // True once a finished cluster kept separate marks.
  bool Finish() {
    if (dropped_) {
      if (!disguised_) disguised_ = KeepsSeparateMarks();
      marks_.remove();
      dropped_ = false;
    }
    return disguised_;
  }

 private:
  bool KeepsSeparateMarks() const {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return true;
    icu::UnicodeString cluster;
    if (has_base_) cluster.setTo(static_cast<UChar32>(base_));
    cluster.append(marks_);
    const icu::UnicodeString composed = nfc->normalize(cluster, status);
    if (U_FAILURE(status)) return true;
    for (std::int32_t i = 0; i < composed.length();) {
      const UChar32 d = composed.char32At(i);
      if ((U_GET_GC_MASK(d) & U_GC_M_MASK) != 0) return true;
      i += U16_LENGTH(d);
    }
    return false;
  }

  char32_t base_ = 0;
  bool has_base_ = false;
  icu::UnicodeString marks_;  // dropped after the base, since it started
  bool dropped_ = false;
  bool disguised_ = false;
};

}  // namespace

EvasionSet OriginalEvasions(std::string_view original) {
  // Plain ASCII has one script, no look-alike, mark or invisible character:
  // nothing to find.
  if (std::all_of(original.begin(), original.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return {};
  }
  constexpr std::uint32_t kFromFold =
      (1u << static_cast<int>(Evasion::kInvisible)) | (1u << static_cast<int>(Evasion::kStyled));
  EvasionSet seen;
  Words words;
  MarkCluster marks;
  bool shed_marks = true;  // As FoldText: nothing precedes the first character.
  for (std::size_t pos = 0; pos < original.size();) {
    std::size_t length = 0;
    const char32_t c = DecodeUtf8(original, pos, &length);
    pos += length;
    if (c < 0x80 || (c == 0xFFFD && length == 1)) {  // ASCII or an invalid byte
      if (IsWordCodePoint(c)) {
        words.AddLetter(c, false);
      } else {
        words.EndWord();
      }
      shed_marks = true;
      marks.StartBase(c);
      continue;
    }
    CharacterFold fold;
    FoldCharacter(c, shed_marks, &fold);
    seen.Add(EvasionSet(fold.evasions.bits() & kFromFold));
    if ((fold.flags & CharacterFold::kSetsShed) != 0) {
      shed_marks = (fold.flags & CharacterFold::kShedsMarks) != 0;
    }
    if ((fold.flags & CharacterFold::kMarksOnly) != 0) {
      if (fold.length == 0) marks.AddDroppedMark(c);
    } else if (fold.length == 0) {  // Invisible: neither a base nor a break.
      if ((fold.flags & CharacterFold::kExtender) == 0) marks.NoBase();
      continue;
    } else {
      marks.StartBase(c);
    }
    if ((U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_L_MASK) != 0) {
      words.AddLetter(c, fold.evasions.Has(Evasion::kConfusable));
    } else if (!IsWordCodePoint(c)) {
      words.EndWord();
    }
  }
  words.EndWord();
  if (words.disguised()) seen.Add(Evasion::kConfusable);
  if (marks.Finish()) seen.Add(Evasion::kMarks);
  if (words.mixed()) seen.Add(Evasion::kMixedScript);
  return seen;
}

}  // namespace bylaw::internal
