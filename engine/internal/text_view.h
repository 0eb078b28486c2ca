// Text views: the forms of a field's text that patterns are matched on,
// each with an exact map back to bytes of the original text.
//
// Views are produced by FoldText / SanitizeText (engine/runtime/text_fold.cc)
// into a TextView owned by a Scanner and reused across documents.
#ifndef BYLAW_INTERNAL_TEXT_VIEW_H_
#define BYLAW_INTERNAL_TEXT_VIEW_H_

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "bylaw/evasion.h"

namespace bylaw::internal {

// Allocates like std::allocator, but a vector's resize() leaves the new
// elements uninitialised: a view's offsets are sized for the longest output
// of each text, every one kept is written, and zeroing them first cost a
// scan more than writing them.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* at) noexcept {
    ::new (static_cast<void*>(at)) U;
  }
  template <class U, class... Args>
  void construct(U* at, Args&&... args) {
    ::new (static_cast<void*>(at)) U(std::forward<Args>(args)...);
  }
};
// A view's offsets into the original text, one per byte of the view.
using Offsets = std::vector<std::uint32_t, UninitializedAllocator<std::uint32_t>>;

// A transformed copy of an original text. `text` is always valid UTF-8.
// For every byte i of `text`, [source_begin[i], source_end[i]) is the span of
// ORIGINAL bytes that produced it: a whole original character (never half a
// UTF-8 sequence), or a whole run of whitespace that was collapsed.
struct TextView {
  std::string text;
  Offsets source_begin;
  Offsets source_end;

  void Clear() {
    text.clear();
    source_begin.clear();
    source_end.clear();
  }
  // Original byte range of the view range [begin, end); begin < end.
  std::pair<std::uint32_t, std::uint32_t> ToOriginal(std::size_t begin, std::size_t end) const {
    return {source_begin[begin], source_end[end - 1]};
  }
};

// Writes the source spans of eight view bytes that come one each from the
// source bytes pos, pos + 1, ... pos + 7: begins[i] = pos + i and
// ends[i] = pos + i + 1. The ASCII fast paths of the folded and skeleton
// views call it for every eight bytes; with SSE2, four 16-byte stores
// instead of sixteen (GCC does not vectorize the loop at -O2).
inline void PutIdentitySpans(std::uint32_t pos, std::uint32_t* begins, std::uint32_t* ends) {
#ifdef __SSE2__
  const __m128i first = _mm_add_epi32(_mm_set1_epi32(static_cast<int>(pos)), _mm_setr_epi32(0, 1, 2, 3));
  const __m128i second = _mm_add_epi32(first, _mm_set1_epi32(4));
  const __m128i one = _mm_set1_epi32(1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(begins), first);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(begins + 4), second);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(ends), _mm_add_epi32(first, one));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(ends + 4), _mm_add_epi32(second, one));
#else
  for (std::uint32_t i = 0; i < 8; ++i) {
    begins[i] = pos + i;
    ends[i] = pos + i + 1;
  }
#endif
}

// The folded view every case-insensitive pattern is matched on:
//  - invalid UTF-8 bytes each become U+FFFD (so Hyperscan's UTF-8 mode is safe);
//  - every character is case-folded with Unicode full case folding and NFKC
//    compatibility mapping (ICU nfkc_cf), so `ＴＩＤＥ` and `Tide` read `tide`;
//  - invisible and default-ignorable characters are removed;
//  - combining marks are shed after Latin, Greek and Cyrillic letters (kept
//    where they carry meaning: Devanagari, Arabic, ...);
//  - look-alike letters read as ASCII (confusables.h: Cyrillic `і` reads `i`);
//  - typographic apostrophes and quotes (’ ‘ ‛ ′ ＇) read as ' ;
//  - every run of Unicode whitespace (spaces, tabs, newlines, NBSP, ...)
//    becomes a single ' '.
// Source spans cover whole grapheme clusters: a dropped mark or other
// extender widens the span of the character it extends. ASCII text takes a
// fast path. Reuses `out`'s capacity.
void FoldText(std::string_view original, TextView* out);

// The exact view case-sensitive patterns are matched on: the original text
// with only invalid UTF-8 bytes replaced by U+FFFD. Reuses `out`'s capacity.
void SanitizeText(std::string_view original, TextView* out);

// The word view phrases are matched on: `in` (a folded or exact view) with
// every run of non-word characters (spaces, punctuation, symbols, emoji,
// U+FFFD) replaced by one ' ' whose source span is the whole run. Phrases
// then match as plain literals, "blackout challenge", whatever separated
// their words. Source spans are composed, so they still point into the
// original text. Reuses `out`'s capacity.
void SqueezeToWords(const TextView& in, TextView* out);

// Gives a word view a ' ' at each end that lacks one (a zero-width source
// span at the text's first or last byte), so that a phrase written with a
// space on each side, " blackout challenge ", matches only whole words,
// at the ends of the text too: whole-word phrases report no candidate
// inside a word, and need no boundary check after the match.
void PadWords(TextView* words);

// SqueezeToWords then PadWords, in one pass and without moving the view to
// make room for the first ' '.
void SqueezeToPaddedWords(const TextView& in, TextView* out);

// The words that start in `text`, as near() counts them, each start's offset
// appended to *starts when given. On entry *in_word says whether the
// character before `text` is a word character; on return, whether its last
// one is. ASCII through a table: this runs over every document of a program
// that uses near().
std::uint32_t CountWordStarts(std::string_view text, bool* in_word,
                              std::vector<std::uint32_t>* starts = nullptr);

// Word characters are Unicode letters, marks and digits, and '_'. Used for
// word-boundary checks around phrase matches and for `near` word counts.
// ASCII is decided inline (views call this per character); the rest asks ICU.
bool IsNonAsciiWordCodePoint(char32_t c);
inline bool IsWordCodePoint(char32_t c) {
  if (c >= 0x80) return IsNonAsciiWordCodePoint(c);
  const char32_t lower = c | 0x20;
  return (lower >= 'a' && lower <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// True if a word starts or ends between text[pos-1] and text[pos]: exactly
// one of the characters on either side is a word character (the ends of the
// text count as non-word). `pos` must be on a UTF-8 character boundary.
bool IsWordBoundary(std::string_view text, std::size_t pos);

// The evasions visible in the original characters of `original` (a matched
// span): kInvisible, kConfusable, kStyled, kMarks and kMixedScript, the
// disguises FoldText undoes. Other evasions are found by the patterns.
EvasionSet OriginalEvasions(std::string_view original);

// Decodes the UTF-8 character starting at `pos`, stores its length in
// `*length`; invalid bytes decode as U+FFFD with length 1. ASCII inline.
char32_t DecodeNonAsciiUtf8(std::string_view text, std::size_t pos, std::size_t* length);
inline char32_t DecodeUtf8(std::string_view text, std::size_t pos, std::size_t* length) {
  assert(pos < text.size());
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte >= 0x80) return DecodeNonAsciiUtf8(text, pos, length);
  *length = 1;
  return byte;
}

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_TEXT_VIEW_H_
