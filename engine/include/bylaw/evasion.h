// Evasions: the ways a matched text was disguised, reported with every span
// so that reviewers see a post tried to slip past the word lists, and usable
// in conditions (`evaded(term)`).
#ifndef BYLAW_EVASION_H_
#define BYLAW_EVASION_H_

#include <cstdint>
#include <string_view>

namespace bylaw {

enum class Evasion : std::uint8_t {
  // Seen in the original characters (text folding undid them):
  kInvisible,    // zero-width characters, soft hyphens, bidi controls, variation selectors
  kConfusable,   // look-alike letters from another script (Cyrillic `о` for `o`)
  kStyled,       // compatibility forms: full-width, mathematical bold, circled letters
  kMarks,        // combining marks stacked on Latin, Greek or Cyrillic letters (T̵I̶D̷E̸)
  kMixedScript,  // letters of more than one script in one word
  // Seen in how the folded text differs from the term (the pattern allowed it):
  kLeet,       // digits or symbols for letters (ch4ll3ng3, b@nadryl)
  kSeparator,  // punctuation between letters (t.i.d.e, p-o-d)
  kSpacing,    // spaces between single letters (b e n a d r y l)
  kMask,       // `*` for a letter or between letters (b*nadryl)
  kRepeat,     // letters repeated (chaaaallenge)
  kFuzzy,      // within the pattern's edit distance, not exact
};
inline constexpr int kEvasionKinds = 11;
// Words joined (tidepod for "tide pod") or one word split in two (black out
// for "blackout") match too, but are spelling, not disguise: no evasion.

// A set of evasions, as bits.
class EvasionSet {
 public:
  constexpr EvasionSet() = default;
  constexpr explicit EvasionSet(std::uint32_t bits) : bits_(bits) {}

  constexpr bool Has(Evasion e) const { return (bits_ >> static_cast<int>(e)) & 1u; }
  constexpr void Add(Evasion e) { bits_ |= 1u << static_cast<int>(e); }
  constexpr void Add(EvasionSet other) { bits_ |= other.bits_; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr std::uint32_t bits() const { return bits_; }
  // Calls f(evasion) for each evasion of the set, in the enum's order: the
  // order verdicts list them in.
  template <class F>
  constexpr void ForEach(F&& f) const {
    for (int e = 0; e < kEvasionKinds; ++e) {
      if (Has(static_cast<Evasion>(e))) f(static_cast<Evasion>(e));
    }
  }
  friend constexpr bool operator==(EvasionSet, EvasionSet) = default;

 private:
  std::uint32_t bits_ = 0;
};

// The evasion's name in verdicts and rule files: "invisible", "confusable",
// "styled", "marks", "mixed-script", "leet", "separator", "spacing", "mask",
// "repeat", "fuzzy".
std::string_view EvasionName(Evasion evasion);

}  // namespace bylaw

#endif  // BYLAW_EVASION_H_
