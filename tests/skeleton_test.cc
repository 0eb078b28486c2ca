// Tests for engine/runtime/skeleton.cc against a model: BuildSkeleton and
// BuildPairs take fast paths (a class table, letter runs, plain words read
// 64 bytes at a time, views sized once), so they are compared, text and
// source spans, with a plain character-by-character reading of the rules in
// skeleton.h on random ASCII and mixed texts. (The examples of what a
// skeleton reads are in evasion_match_test.cc.)
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "evasion_match.h"
#include "skeleton.h"
#include "text_view.h"

namespace bylaw::internal {
namespace {

// One character of the folded text as the skeleton reads it.
struct Token {
  bool letter = false;
  std::string bytes;    // its skeleton bytes, if a letter
  char separator = 0;   // its kind, if not (0 for non-ASCII)
  std::uint32_t begin = 0, end = 0;
};

// The folded text as tokens; a mask inside a word gives none. Read plain,
// every symbol is a separator.
std::vector<Token> Tokenize(std::string_view text, bool plain) {
  std::vector<Token> tokens;
  bool previous_word = false;
  for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length) {
    const char32_t c = DecodeUtf8(text, pos, &length);
    Token token{false, "", 0, static_cast<std::uint32_t>(pos),
                static_cast<std::uint32_t>(pos + length)};
    if (c < 0x80) {
      const char ascii = static_cast<char>(c);
      const bool alphanumeric = (ascii >= 'a' && ascii <= 'z') || (ascii >= '0' && ascii <= '9');
      const bool inside = !plain && SymbolIsLetter(text, pos, previous_word);
      if (ascii == '*' && inside) continue;
      token.letter = alphanumeric || (inside && SkeletonLetter(ascii) != 0);
      if (token.letter) token.bytes = std::string(1, SkeletonLetter(ascii));
      token.separator = ascii;
    } else {
      token.letter = IsWordCodePoint(c);
      if (token.letter) token.bytes = std::string(text.substr(pos, length));
    }
    previous_word = token.letter;
    tokens.push_back(token);
  }
  return tokens;
}

struct ModelWord {
  std::string text;
  std::vector<std::uint32_t> begins, ends;
  std::size_t characters = 0;
  char gap_before = 0;  // first separator since the previous word (0: none)
};

// The words of `tokens`, a repeated ASCII letter read once.
std::vector<ModelWord> Words(const std::vector<Token>& tokens) {
  std::vector<ModelWord> words;
  bool in_word = false;
  char gap = 0;  // the first separator after the latest word
  char last_letter = 0;
  for (const Token& token : tokens) {
    if (!token.letter) {
      if (in_word) gap = token.separator;
      in_word = false;
      continue;
    }
    if (!in_word) {
      words.push_back({});
      words.back().gap_before = words.size() > 1 ? gap : 0;
      last_letter = 0;
    }
    in_word = true;
    ModelWord& word = words.back();
    ++word.characters;
    if (token.bytes.size() == 1 && token.bytes[0] == last_letter) {
      word.ends.back() = token.end;
      continue;
    }
    last_letter = token.bytes.size() == 1 ? token.bytes[0] : 0;
    word.text += token.bytes;
    for (std::size_t i = 0; i < token.bytes.size(); ++i) {
      word.begins.push_back(token.begin);
      word.ends.push_back(token.end);
    }
  }
  return words;
}

// The skeleton as skeleton.h describes it, one word at a time: runs of three
// or more one-character words join (the same separator between them; a
// leading `a` or `i` before spaced letters stays a word), and a letter
// repeated across a join reads once. Read plain, no words join.
TextView ModelSkeleton(std::string_view folded, bool plain = false) {
  const std::vector<ModelWord> words = Words(Tokenize(folded, plain));
  // links[i]: word i would join word i - 1; joins happen in runs of 2+ links.
  std::vector<bool> links(words.size(), false);
  bool previous_single = false;
  char previous_letter = 0;
  char run = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const ModelWord& word = words[i];
    const bool single = word.characters == 1;
    const bool joins_previous =
        run != 0 ? word.gap_before == run
                 : !(word.gap_before == ' ' && (previous_letter == 'a' || previous_letter == 'i'));
    links[i] = !plain && single && previous_single && joins_previous;
    run = links[i] ? word.gap_before : 0;
    previous_single = single;
    previous_letter = word.text.back();
  }
  std::vector<bool> joins(words.size(), false);
  for (std::size_t i = 0; i < words.size();) {
    std::size_t end = i;
    while (end < words.size() && links[end]) ++end;
    for (std::size_t j = i; j < end; ++j) joins[j] = end - i >= 2;
    i = end == i ? i + 1 : end;
  }
  TextView out;
  auto put = [&out](char byte, std::uint32_t begin, std::uint32_t end) {
    out.text.push_back(byte);
    out.source_begin.push_back(begin);
    out.source_end.push_back(end);
  };
  put(' ', 0, 0);
  std::uint32_t last_end = 0;
  for (std::size_t w = 0; w < words.size(); ++w) {
    const ModelWord& word = words[w];
    if (out.text.size() > 1 && !joins[w]) put(' ', last_end, word.begins.front());
    const auto letter = static_cast<unsigned char>(word.text[0]);
    if (joins[w] && word.text.size() == 1 && letter < 0x80 &&
        out.text.back() == word.text[0]) {
      out.source_end.back() = word.ends[0];  // a repeat across the join reads once
      last_end = word.ends.back();
      continue;
    }
    for (std::size_t i = 0; i < word.text.size(); ++i) {
      put(word.text[i], word.begins[i], word.ends[i]);
    }
    last_end = word.ends.back();
  }
  put(' ', last_end, last_end);
  return out;
}

// Every two adjacent words of 3 or more bytes, joined, with the spans of
// the skeleton bytes they were copied from.
TextView ModelPairs(const TextView& skeleton) {
  struct Word {
    std::size_t begin = 0, end = 0;  // skeleton bytes, its ' ' excluded
  };
  std::vector<Word> words;
  Word word{1, 1};
  for (std::size_t i = 1; i < skeleton.text.size(); ++i) {
    if (skeleton.text[i] != ' ') continue;
    word.end = i;
    words.push_back(word);
    word = Word{i + 1, i + 1};
  }
  TextView pairs;
  auto copy = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      pairs.text += skeleton.text[i];
      pairs.source_begin.push_back(skeleton.source_begin[i]);
      pairs.source_end.push_back(skeleton.source_end[i]);
    }
  };
  for (std::size_t i = 1; i < words.size(); ++i) {
    const Word& first = words[i - 1];
    const Word& second = words[i];
    if (first.end - first.begin < 3 || second.end - second.begin < 3) continue;
    if (pairs.text.empty()) copy(0, 1);
    copy(first.begin, first.end);
    copy(second.begin, second.end + 1);
  }
  return pairs;
}

// Random text from pieces that exercise every path: letters, repeats,
// digits and leet symbols, masks, '_', separators, single letters spaced
// out, capitals (not folded here), non-ASCII letters, non-ASCII non-word
// characters and invalid bytes.
std::string RandomText(std::mt19937& random, bool ascii_only) {
  static const std::vector<std::string> kAscii = {
      "a", "b", "e", "i", "l", "o", "s", "t", "z", "aa", "ll", "oo", "0", "1", "3", "4", "5",
      "7", "8", "9", "!", "|", "@", "$", "+", "*", "_", " ", " ", " ", ".", "-", "#", "'",
      "A", "Q", "\t", "a b", "t.i.d.e", "b e n", "i ", "a ", "chaaallenge", "x*x"};
  static const std::vector<std::string> kMixed = {
      "\u00e9", "\u0434", "\u4e2d", "\u0301", "\U0001F600", "\u2014", "\u00a0", "\xff",
      "\x80", "\xc3", "\u00e9\u00e9", "\u0456"};
  std::uniform_int_distribution<std::size_t> pieces(0, 24);
  std::string text;
  for (std::size_t n = pieces(random); n > 0; --n) {
    const bool mixed = !ascii_only && random() % 4 == 0;
    const std::vector<std::string>& from = mixed ? kMixed : kAscii;
    text += from[random() % from.size()];
  }
  return text;
}

// A view of `text` as it is, each byte its own source.
TextView Identity(std::string_view text) {
  TextView view;
  view.text = std::string(text);
  for (std::uint32_t i = 0; i < text.size(); ++i) {
    view.source_begin.push_back(i);
    view.source_end.push_back(i + 1);
  }
  return view;
}

// The words the skeleton lists as it builds, as SplitViewWords splits them.
void ExpectSameWords(const ViewWords& listed, std::string_view skeleton, std::string_view folded) {
  ViewWords split;
  SplitViewWords(skeleton, &split);
  ASSERT_EQ(listed.view.data(), skeleton.data()) << '"' << folded << '"';
  ASSERT_EQ(listed.view.size(), skeleton.size()) << '"' << folded << '"';
  ASSERT_EQ(listed.words.size(), split.words.size()) << '"' << folded << '"';
  for (std::size_t i = 0; i < split.words.size(); ++i) {
    EXPECT_EQ(listed.words[i].begin, split.words[i].begin) << i << " in \"" << folded << '"';
    EXPECT_EQ(listed.words[i].length, split.words[i].length) << i << " in \"" << folded << '"';
    EXPECT_EQ(listed.words[i].hash, split.words[i].hash) << i << " in \"" << folded << '"';
  }
}

// The skeleton is built twice, listing its words or not, into the same
// reused views: both must read the same. The plain reading is built too,
// and BuildSkeleton may depart from it nowhere only if the two are the same.
void ExpectSameAsModel(const TextView& folded, TextView* skeleton, TextView* pairs) {
  static ViewWords words;
  static std::vector<std::uint32_t> departures;
  const TextView model = ModelSkeleton(folded.text);
  const TextView model_plain = ModelSkeleton(folded.text, true);
  BuildSkeleton(folded, skeleton, &words, SkeletonReading::kPlain, &departures);
  EXPECT_TRUE(departures.empty()) << '"' << folded.text << '"';
  ASSERT_EQ(skeleton->text, model_plain.text) << '"' << folded.text << '"';
  EXPECT_EQ(skeleton->source_begin, model_plain.source_begin) << '"' << folded.text << '"';
  EXPECT_EQ(skeleton->source_end, model_plain.source_end) << '"' << folded.text << '"';
  ExpectSameWords(words, skeleton->text, folded.text);
  const bool differs = model.text != model_plain.text || model.source_begin != model_plain.source_begin ||
                       model.source_end != model_plain.source_end;
  BuildSkeleton(folded, skeleton, &words, SkeletonReading::kEvasions, &departures);
  if (departures.empty()) EXPECT_FALSE(differs) << '"' << folded.text << '"';
  EXPECT_TRUE(std::is_sorted(departures.begin(), departures.end())) << '"' << folded.text << '"';
  ASSERT_EQ(skeleton->text, model.text) << '"' << folded.text << '"';
  ExpectSameWords(words, skeleton->text, folded.text);
  BuildSkeleton(folded, skeleton);
  ASSERT_EQ(skeleton->text, model.text) << '"' << folded.text << '"';
  EXPECT_EQ(skeleton->source_begin, model.source_begin) << '"' << folded.text << '"';
  EXPECT_EQ(skeleton->source_end, model.source_end) << '"' << folded.text << '"';
  BuildPairs(*skeleton, pairs);
  const TextView model_pairs = ModelPairs(model);
  ASSERT_EQ(pairs->text, model_pairs.text) << '"' << folded.text << '"';
  EXPECT_EQ(pairs->source_begin, model_pairs.source_begin) << '"' << folded.text << '"';
  EXPECT_EQ(pairs->source_end, model_pairs.source_end) << '"' << folded.text << '"';
}

TEST(Skeleton, ModelReadsTheDocumentedExamples) {
  EXPECT_EQ(ModelSkeleton("t.i.d.e p-o-d").text, " tide pod ");
  EXPECT_EQ(ModelSkeleton("i iove it, a b c d").text, " i iove it a bcd ");
  EXPECT_EQ(ModelSkeleton("the u.s. navy").text, " the u s navy ");
  EXPECT_EQ(ModelSkeleton("b@nadryi! b*n").text, " banadryi bn ");
  EXPECT_EQ(ModelSkeleton("a.s.s d.i.i.d.o").text, " as dido ");
  EXPECT_EQ(ModelSkeleton("t.i.d.e b@n x*x wow!", true).text, " t i d e b n x x wow ");
  EXPECT_EQ(ModelPairs(Identity(" biack out no more ")).text, " biackout ");
}

// Texts, then every byte's source span, then the pairs: one reused set of
// views across cases, as a Scanner reuses its own.
TEST(Skeleton, BuildsWhatTheModelReadsOnRandomAsciiAndMixedText) {
  std::mt19937 random(20261125);
  TextView folded, skeleton, pairs;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = RandomText(random, i % 2 == 0);
    ExpectSameAsModel(Identity(text), &skeleton, &pairs);
    FoldText(text, &folded);
    ExpectSameAsModel(folded, &skeleton, &pairs);
    if (HasFatalFailure()) return;
  }
}

// Letter runs are read eight bytes at a time: words of every length up to
// three blocks, from letters that repeat, read as others (`l`, digits) and
// repeat only once read (`il` reads `ii`), so that every kind of byte falls
// at every offset of a block, and texts end at every offset too.
TEST(Skeleton, BuildsWhatTheModelReadsOnLongWordsOfRepeatsAndDigits) {
  std::mt19937 random(8);
  const std::string letters = "abilo01";
  const std::string separators = " .";
  TextView folded, skeleton, pairs;
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    for (std::size_t words = 1 + random() % 4; words > 0; --words) {
      for (std::size_t n = 1 + random() % 24; n > 0; --n) text += letters[random() % letters.size()];
      text += separators[random() % separators.size()];
    }
    text.resize(text.size() - random() % 2);  // sometimes ending in a letter
    ExpectSameAsModel(Identity(text), &skeleton, &pairs);
    if (HasFatalFailure()) return;
  }
}

// Plain words (letters of [a-z] between separators) are read 64 bytes at a
// time: long texts of them, words of every length around the 16 bytes a
// word is copied in and longer than a block, separator runs long enough to
// cross a block, one-letter words that join and that do not, and now and
// then a byte that is neither (a digit, a symbol that may read as a letter,
// a mask, a capital, non-ASCII), so that every kind of stop falls at every
// offset of a block.
TEST(Skeleton, BuildsWhatTheModelReadsOnLongRunsOfPlainWords) {
  std::mt19937 random(20261207);
  const std::string letters = "abeilost";
  const std::vector<std::string> separators = {" ", " ", " ", ", ", ". ", " - ", "\"", "'", "(", ") ", "_", "/"};
  const std::vector<std::string> others = {"1", "0", "!", "|", "@", "$", "+", "*", "Q", "\u00e9", "\u0301", "\xff"};
  TextView folded, skeleton, pairs;
  for (int i = 0; i < 4000; ++i) {
    std::string text;
    const std::size_t size = 1 + random() % 400;
    while (text.size() < size) {
      const std::size_t length = random() % 4 == 0    ? 1
                                 : random() % 30 == 0 ? 60 + random() % 80  // past a block
                                                      : 1 + random() % 20;
      for (std::size_t n = length; n > 0; --n) text += letters[random() % letters.size()];
      if (random() % 12 == 0) text += others[random() % others.size()];
      if (random() % 40 == 0) {
        text += std::string(1 + random() % 70, '-');
      } else {
        text += separators[random() % separators.size()];
      }
    }
    text.resize(text.size() - random() % 3);
    ExpectSameAsModel(Identity(text), &skeleton, &pairs);
    FoldText(text, &folded);
    ExpectSameAsModel(folded, &skeleton, &pairs);
    if (HasFatalFailure()) return;
  }
}

TEST(Skeleton, BuildsWhatTheModelReadsOnTheBundledExamples) {
  TextView folded, skeleton, pairs;
  for (const char* text :
       {"Who's doing the blackout challenge tonight? tag 3 friends", "B.E.N.A.D.R.Y.L ch4ll3ng3",
        "\u0422\u0456de p\u00f6d!!! ***", "wardiag@sky.COM U.S. Navy", "a b c d e f g"}) {
    FoldText(text, &folded);
    ExpectSameAsModel(folded, &skeleton, &pairs);
  }
}

}  // namespace
}  // namespace bylaw::internal
