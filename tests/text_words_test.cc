// Tests for engine/runtime/text_words.cc: the word view phrases match on.
#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <vector>

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

TEST(PadWords, AddsASpaceOnlyWhereAnEndLacksOneWithAnEmptySpan) {
  const std::string original = "Tide pod!";
  TextView folded, words;
  FoldText(original, &folded);
  SqueezeToWords(folded, &words);
  ASSERT_EQ(words.text, "tide pod ");
  PadWords(&words);
  ASSERT_EQ(words.text, " tide pod ");
  ASSERT_EQ(words.source_begin.size(), words.text.size());
  ASSERT_EQ(words.source_end.size(), words.text.size());
  EXPECT_EQ(words.source_begin[0], 0u);  // the added space covers no original byte
  EXPECT_EQ(words.source_end[0], 0u);
  EXPECT_EQ(words.ToOriginal(1, 9), (std::pair<std::uint32_t, std::uint32_t>{0, 8}));
  PadWords(&words);  // padded already: unchanged
  EXPECT_EQ(words.text, " tide pod ");
  TextView empty;
  PadWords(&empty);
  EXPECT_TRUE(empty.text.empty());
}

// The word view as text_view.h describes it, one character at a time.
TextView ModelWords(const TextView& in) {
  TextView out;
  bool after_gap = false;
  for (std::size_t pos = 0, length = 0; pos < in.text.size(); pos += length) {
    const bool word = IsWordCodePoint(DecodeUtf8(in.text, pos, &length));
    const std::uint32_t end = in.source_end[pos + length - 1];
    if (word) {
      out.text.append(in.text, pos, length);
      out.source_begin.insert(out.source_begin.end(), in.source_begin.begin() + pos,
                              in.source_begin.begin() + pos + length);
      out.source_end.insert(out.source_end.end(), in.source_end.begin() + pos,
                            in.source_end.begin() + pos + length);
    } else if (after_gap) {
      out.source_end.back() = end;
    } else {
      out.text.push_back(' ');
      out.source_begin.push_back(in.source_begin[pos]);
      out.source_end.push_back(end);
    }
    after_gap = !word;
  }
  return out;
}

// The ASCII bytes take a branch-free path, the rest a general one: random
// texts that mix both, folded and not, against the model, span for span.
TEST(SqueezeToWords, WritesWhatTheModelReadsOnRandomMixedTextPaddedOrNot) {
  static const char* const kPieces[] = {
      "a", "Z", "_", "9", " ", "  ", ".", "--", "\t", "caf\u00e9", "\u0434\u0430", "\u4e2d",
      "\u0301", "\U0001F525", " \u2014 ", "\u00a0", "\xff", "\x80", "\xc3", "it's"};
  std::mt19937 random(20261125);
  TextView folded, words;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (std::size_t n = random() % 24; n > 0; --n) text += kPieces[random() % std::size(kPieces)];
    TextView raw;
    raw.text = text;
    for (std::uint32_t b = 0; b < text.size(); ++b) {
      raw.source_begin.push_back(b);
      raw.source_end.push_back(b + 1);
    }
    FoldText(text, &folded);
    for (const TextView* in : {&raw, &folded}) {
      SqueezeToWords(*in, &words);
      const TextView model = ModelWords(*in);
      ASSERT_EQ(words.text, model.text) << '"' << in->text << '"';
      ASSERT_EQ(words.source_begin, model.source_begin) << '"' << in->text << '"';
      ASSERT_EQ(words.source_end, model.source_end) << '"' << in->text << '"';
      // In one pass with the padding, into a view that held a longer text.
      TextView padded = model;
      PadWords(&padded);
      SqueezeToPaddedWords(*in, &words);
      ASSERT_EQ(words.text, padded.text) << '"' << in->text << '"';
      ASSERT_EQ(words.source_begin, padded.source_begin) << '"' << in->text << '"';
      ASSERT_EQ(words.source_end, padded.source_end) << '"' << in->text << '"';
    }
  }
}

TEST(CountWordStarts, CountsAndPlacesEveryWordStartAcrossPieces) {
  // "día" and "naïve" are words whole; "_" is a word character, "—" is not.
  const std::string text = "the día—naïve x_y  42!";
  bool in_word = false;
  std::vector<std::uint32_t> starts;
  EXPECT_EQ(CountWordStarts(text, &in_word, &starts), 5u);
  EXPECT_EQ(starts, (std::vector<std::uint32_t>{0, 4, 11, 18, 23}));
  EXPECT_FALSE(in_word);  // ends on '!'
  // Split anywhere (on a character boundary), the pieces count the same:
  // a word cut in two starts once.
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    if (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) continue;
    bool carried = false;
    const std::uint32_t first = CountWordStarts(std::string_view(text).substr(0, cut), &carried);
    const std::uint32_t second = CountWordStarts(std::string_view(text).substr(cut), &carried);
    EXPECT_EQ(first + second, 5u) << cut;
  }
  bool after_word = true;  // a text that continues the previous word
  EXPECT_EQ(CountWordStarts("ing on", &after_word), 1u);
  EXPECT_TRUE(after_word);
}

}  // namespace
}  // namespace bylaw::internal
