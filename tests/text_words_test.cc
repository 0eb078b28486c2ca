// Tests for engine/runtime/text_words.cc: the word view phrases match on.
#include <gtest/gtest.h>

#include "text_view.h"

namespace bylaw::internal {
namespace {

struct WordsCase {
  const char* original;
  const char* words;
};

class SqueezeToWordsTest : public ::testing::TestWithParam<WordsCase> {};

TEST_P(SqueezeToWordsTest, TurnsEverySeparatorRunIntoOneSpace) {
  TextView folded, words;
  FoldText(GetParam().original, &folded);
  SqueezeToWords(folded, &words);
  EXPECT_EQ(words.text, GetParam().words);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SqueezeToWordsTest,
    ::testing::Values(WordsCase{"", ""}, WordsCase{"tide pod", "tide pod"},
                      WordsCase{"Tide...Pod!!", "tide pod "}, WordsCase{"#TidePod", " tidepod"},
                      WordsCase{"who’s in", "who s in"}, WordsCase{"tide 🔥 — pod", "tide pod"},
                      WordsCase{"snake_case", "snake_case"}, WordsCase{"café-vehículo", "cafe vehiculo"},
                      WordsCase{"a\xff" "b", "a b"}));

TEST(SqueezeToWords, MapsEveryByteBackToTheWholeOriginalRun) {
  const std::string original = "tide \xF0\x9F\x94\xA5 — POD";
  TextView folded, words;
  FoldText(original, &folded);
  SqueezeToWords(folded, &words);
  ASSERT_EQ(words.text, "tide pod");
  // The gap covers " 🔥 — " (1 + 4 + 1 + 3 + 1 bytes), the last word "POD".
  EXPECT_EQ(words.ToOriginal(4, 5), (std::pair<std::uint32_t, std::uint32_t>{4, 14}));
  EXPECT_EQ(words.ToOriginal(5, 8), (std::pair<std::uint32_t, std::uint32_t>{14, 17}));
  EXPECT_EQ(words.ToOriginal(0, 8), (std::pair<std::uint32_t, std::uint32_t>{0, 17}));
}

}  // namespace
}  // namespace bylaw::internal
