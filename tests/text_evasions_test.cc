// Tests for engine/runtime/text_evasions.cc: which disguises OriginalEvasions
// sees in the original characters of a matched span.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "text_view.h"

namespace bylaw::internal {
namespace {

struct EvasionsCase {
  const char* name;
  std::string original;
  std::vector<Evasion> expected;
};

void PrintTo(const EvasionsCase& c, std::ostream* os) { *os << c.name; }

std::string Names(EvasionSet set) {
  std::string names;
  for (int e = 0; e < kEvasionKinds; ++e) {
    if (!set.Has(static_cast<Evasion>(e))) continue;
    if (!names.empty()) names += ", ";
    names += EvasionName(static_cast<Evasion>(e));
  }
  return "{" + names + "}";
}

const std::vector<EvasionsCase>& Cases() {
  using enum Evasion;
  static const auto* cases = new std::vector<EvasionsCase>{
      {"PlainAscii", "tide pod", {}},
      {"Empty", "", {}},
      {"PlainRussian", "\u043F\u0440\u0438\u0432\u0435\u0442 \u043C\u0438\u0440", {}},
      {"PlainGreek", "\u03BB\u03CC\u03B3\u03BF\u03C2", {}},
      {"GreekWordOfLookAlikesOnly", "\u03BA\u03B1\u03B9", {kConfusable}},
      {"SpellingLettersAreNoDisguise", "\u0142\u00F3d\u017A s\u00F8ster \u0131stanbul", {}},
      {"PlainJapaneseMixesKanjiAndKana", "\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8", {}},
      {"AccentedWordsAreSpelling", "caf\u00E9 veh\u00EDculo \u00C5ngstr\u00F6m", {}},
      {"DecomposedAccentIsSpelling", "cafe\u0301", {}},
      {"DevanagariMarksAreSpelling", "\u0939\u093F\u0902\u0926\u0940", {}},
      {"WordsOfTwoScriptsSideBySide", "tide \u043F\u0440\u0438\u0432\u0435\u0442", {}},
      {"ZeroWidthSpace", "ti\u200Bde", {kInvisible}},
      {"SoftHyphen", "ti\u00ADde", {kInvisible}},
      {"BidiOverride", "\u202Etide", {kInvisible}},
      {"VariationSelector", "t\uFE0Fide", {kInvisible}},
      {"CyrillicLookAlikesInLatinWord", "t\u0456de p\u043Ed", {kConfusable, kMixedScript}},
      {"CapitalCyrillicLookAlikes", "\u0422\u0406D\u0415", {kConfusable, kMixedScript}},
      {"AllCyrillicLookAlikes", "\u0441\u043E\u0440", {kConfusable}},
      {"GreekOmicronInLatinWord", "p\u03BFd", {kConfusable, kMixedScript}},
      {"SmallCapitals", "\u1D1B\u026A\u1D05\u1D07", {kConfusable}},
      {"FullWidth", "\uFF34\uFF29\uFF24\uFF25", {kStyled}},
      {"MathematicalBold", "\U0001D42D\U0001D422\U0001D41D\U0001D41E", {kStyled}},
      {"Circled", "\u24E3\u24D8\u24D3\u24D4", {kStyled}},
      {"Superscript", "t\u2071de", {kStyled}},
      {"Ligature", "\uFB01re", {kStyled}},
      {"StrikeThrough", "T\u0335I\u0336D\u0337E\u0338", {kMarks}},
      {"ZalgoOnAccentedLetter", "\u00E9\u0489", {kMarks}},
      {"StrayMarkAtStart", "\u0301tide", {kMarks}},
      {"MarkAfterZeroWidthSpace", "e\u200B\u0301", {kInvisible, kMarks}},
      {"MixedScriptAcrossInvisible", "ti\u200B\u0434e", {kInvisible, kMixedScript}},
      {"EverythingAtOnce",
       "\uFF34\u0456\u200Bd\u0338e",
       {kInvisible, kConfusable, kStyled, kMarks, kMixedScript}},
      {"InvalidBytesAreNotEvasions",
       "ti\x80"
       "de",
       {}},
  };
  return *cases;
}

class OriginalEvasionsTest : public testing::TestWithParam<EvasionsCase> {};

TEST_P(OriginalEvasionsTest, SeesTheDisguisesFoldingUndoes) {
  EvasionSet expected;
  for (const Evasion e : GetParam().expected) expected.Add(e);
  EXPECT_EQ(Names(OriginalEvasions(GetParam().original)), Names(expected));
}

INSTANTIATE_TEST_SUITE_P(Cases, OriginalEvasionsTest, testing::ValuesIn(Cases()),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace bylaw::internal
