// Tests for the word tables (WordTable in program_data.h, FindPairWords and
// FindWordRuns in skeleton.cc): a literal written " key " looked up word by
// word must find exactly what a database of those literals finds on the
// pairs and masked views, every occurrence and nothing else.
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "program_data.h"
#include "skeleton.h"
#include "text_view.h"

namespace bylaw::internal {
namespace {

// A table whose key i feeds pattern i.
WordTable Table(const std::vector<std::string>& keys) {
  WordTable table;
  for (std::uint32_t i = 0; i < keys.size(); ++i) table.Add(keys[i], i);
  table.patterns.resize(keys.size());
  table.Index();
  return table;
}

// The words of `view`, for the finders; `view` must outlive them.
ViewWords Words(std::string_view view) {
  ViewWords words;
  SplitViewWords(view, &words);
  return words;
}

// A masked-spellings table of `keys`, key i feeding pattern i.
WordTable MaskedTable(const std::vector<std::string>& keys) {
  WordTable table;
  table.masked_spellings = true;
  for (std::uint32_t i = 0; i < keys.size(); ++i) table.Add(keys[i], i);
  table.patterns.resize(keys.size());
  table.Index();
  return table;
}

// The masked spellings of `key`, written out as the masked view reads them:
// each word without one inner letter, a single word also without two in a
// row, the first sixteen, repeats once.
std::vector<std::string> Spellings(const std::string& key) {
  std::vector<std::string> words;
  for (std::size_t begin = 0, end; begin <= key.size(); begin = end + 1) {
    end = std::min(key.find(' ', begin), key.size());
    words.push_back(key.substr(begin, end - begin));
  }
  std::vector<std::string> spellings;
  std::size_t made = 0;
  for (std::size_t letters = 1; letters <= (words.size() == 1 ? 2 : 1); ++letters) {
    for (std::size_t w = 0; w < words.size(); ++w) {
      for (std::size_t i = 1; i + letters < words[w].size() && made < 16; ++i, ++made) {
        std::vector<std::string> masked = words;
        masked[w].erase(i, letters);
        std::string joined;
        for (const std::string& word : masked) joined += (joined.empty() ? "" : " ") + word;
        if (std::find(spellings.begin(), spellings.end(), joined) == spellings.end()) {
          spellings.push_back(joined);
        }
      }
    }
  }
  return spellings;
}

// Every place `literal` occurs in `text`, as a database of literals reports.
std::vector<std::size_t> Occurrences(std::string_view text, std::string_view literal) {
  std::vector<std::size_t> found;
  for (std::size_t at = text.find(literal); at != std::string_view::npos; at = text.find(literal, at + 1)) {
    found.push_back(at);
  }
  return found;
}

// The words SplitViewWords finds: (begin, length) of each run with a ' '
// on both sides, and the hash of its bytes (the one Find looks keys up by).
TEST(WordTable, ViewWordsAreTheRunsBetweenTwoSpaces) {
  const auto spans = [](std::string_view view) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> found;
    const ViewWords words = Words(view);
    for (const ViewWords::Word& word : words.words) found.emplace_back(word.begin, word.length);
    return found;
  };
  using Spans = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  EXPECT_EQ(spans(" tide pod "), (Spans{{1, 4}, {6, 3}}));
  EXPECT_EQ(spans("  tide   pod  "), (Spans{{2, 4}, {9, 3}}));
  EXPECT_EQ(spans("tide pod challenge"), (Spans{{5, 3}}));  // no ' ' before the first, after the last
  EXPECT_EQ(spans(" tide"), Spans{});
  EXPECT_EQ(spans(" "), Spans{});
  EXPECT_EQ(spans(""), Spans{});
  // Words of 1 to 20 bytes, ending at every offset of an eight-byte block,
  // then a short one too near the end for an eight-byte read; every third
  // one, and the last, a key: each is found by its hash, and only those.
  std::string view = " ";
  for (std::size_t length = 1; length <= 20; ++length) view += std::string(length, 'a' + length) + " ";
  view += "xy ";
  std::vector<std::string> keys = {"xy"};
  for (std::size_t length = 3; length <= 20; length += 3) keys.push_back(std::string(length, 'a' + length));
  const WordTable table = Table(keys);
  const ViewWords words = Words(view);
  ASSERT_EQ(words.words.size(), 21u);
  for (const ViewWords::Word& word : words.words) {
    EXPECT_EQ(view[word.begin - 1], ' ');
    EXPECT_EQ(view[word.begin + word.length], ' ');
    std::vector<ViewMatch> found;
    FindWordRuns(ViewWords{view, {word}}, table, &found);
    const std::string text(view.substr(word.begin, word.length));
    EXPECT_EQ(found.size(), static_cast<std::size_t>(std::count(keys.begin(), keys.end(), text))) << text;
  }
}

TEST(WordTable, FindsEachKeyAndNothingElse) {
  const WordTable table = Table({"blackout", "tide pod", "a", "benadryi"});
  EXPECT_EQ(table.Find("blackout"), 0u);
  EXPECT_EQ(table.Find("tide pod"), 1u);
  EXPECT_EQ(table.Find("a"), 2u);
  EXPECT_EQ(table.Find("black"), kNone);
  EXPECT_EQ(table.Find("blackouts"), kNone);
  EXPECT_EQ(table.Find(""), kNone);
  EXPECT_EQ(table.shortest, 1u);
  EXPECT_EQ(table.longest, 8u);
  EXPECT_EQ(table.most_words, 2u);
  EXPECT_EQ(Table({}).Find("blackout"), kNone);
}

// A probe stops at the short spelling it finds only when no other key
// spells the same: a key given twice (as a program file may) is found
// twice, among keys that share its slot's neighbourhood.
TEST(WordTable, AShortSpellingGivenTwiceIsFoundTwice) {
  std::vector<std::string> keys;
  for (int i = 0; i < 40; ++i) keys.push_back("w" + std::to_string(i));
  const WordTable unique = Table(keys);
  EXPECT_TRUE(unique.unique_whole_spellings);
  keys.push_back("w7");
  keys.push_back("w7");
  const WordTable repeated = Table(keys);
  EXPECT_FALSE(repeated.unique_whole_spellings);
  const std::string view = " w7 w8 ";
  std::vector<ViewMatch> found;
  FindWordRuns(Words(view), unique, &found);
  EXPECT_EQ(found.size(), 2u);  // w7 and w8
  found.clear();
  FindWordRuns(Words(view), repeated, &found);
  std::vector<std::uint32_t> patterns;
  for (const ViewMatch& match : found) patterns.push_back(match.id);
  std::sort(patterns.begin(), patterns.end());
  EXPECT_EQ(patterns, (std::vector<std::uint32_t>{7, 8, 40, 41}));
}

// A word longer than any key, after the first word of one: the run ends
// there, without reading the word past the longest key.
TEST(WordTable, AWordLongerThanEveryKeyEndsARun) {
  std::vector<ViewMatch> found;
  const std::string huge(200000, 'x');
  FindWordRuns(Words(" tide " + huge + " pod tide pod "), Table({"tide pod", "pod"}), &found);
  FindWordRuns(Words(" " + huge + " "), Table({"tide pod"}), &found);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> got;  // (from, key)
  for (const ViewMatch& match : found) got.emplace_back(match.from, match.id);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (decltype(got){{200006, 1}, {200010, 0}, {200015, 1}}));
}

TEST(WordTable, AMaskedTableFindsEachSpellingOfItsKeysButNotTheKeys) {
  const WordTable table = MaskedTable({"benadryi", "tide pod", "committee", "ab"});
  for (const char* spelling : {"bnadryi", "bendryi", "benadri", "benryi", "benadi", "tde pod",
                               "tie pod", "tide pd", "comittee", "commitee", "comttee"}) {
    EXPECT_NE(table.Find(spelling), kNone) << spelling;
  }
  EXPECT_EQ(table.Find("comittee"), 2u);
  for (const char* other : {"benadryi", "tide pod", "committee", "ab", "a", "b", "enadryi",
                            "benadry", "tidepod", "td pod", "ide pod", "bnadry"}) {
    EXPECT_EQ(table.Find(other), kNone) << other;
  }
  // Two keys with one spelling: both are found.
  std::vector<ViewMatch> found;
  FindWordRuns(Words(" bt "), MaskedTable({"bat", "bet", "bit"}), &found);
  EXPECT_EQ(found.size(), 3u);
}

TEST(WordTable, FindsPairsSplitAnywhereButNotAcrossOtherWords) {
  std::vector<ViewMatch> found;
  //                     0123456789012345678901234
  FindPairWords(Words(" the biack out chai enge "), Table({"biackout", "chaienge"}), &found);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(std::tie(found[0].id, found[0].from, found[0].to), std::make_tuple(0u, 4u, 15u));
  EXPECT_EQ(std::tie(found[1].id, found[1].from, found[1].to), std::make_tuple(1u, 14u, 25u));
  found.clear();
  FindPairWords(Words(" riptide podcast "), Table({"tidepod"}), &found);  // inside words: no
  FindPairWords(Words(" bi ackout "), Table({"biackout"}), &found);        // a word under 3 bytes: no
  EXPECT_TRUE(found.empty());
}

TEST(WordTable, FindsRunsOfWholeWordsButNotAcrossTwoSpaces) {
  const WordTable table = Table({"tide pod", "bnadryi", "eat tide"});
  std::vector<ViewMatch> found;
  //                 0123456789012345678901234567890
  FindWordRuns(Words(" eat tide pod  bnadryi x "), table, &found);
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> got;
  for (const ViewMatch& match : found) got.emplace_back(match.id, match.from, match.to);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (decltype(got){{0, 4, 14}, {1, 14, 23}, {2, 0, 10}}));
  found.clear();
  FindWordRuns(Words(" tide  pod "), table, &found);  // two spaces end a run
  FindWordRuns(Words(" tide pods "), table, &found);
  FindWordRuns(Words(" tide pod"), table, &found);    // no ' ' after it
  EXPECT_TRUE(found.empty());
}

// Random texts of a small vocabulary, so that keys occur often, split,
// masked and repeated; random keys of one to three words and of joined
// pairs. The tables must report what a literal search of " key " reports
// on the masked view and on the pairs view.
TEST(WordTable, FindsWhatALiteralSearchOfThePaddedKeysFinds) {
  const std::vector<std::string> vocabulary = {"black", "out", "tide", "pod", "ab", "x",
                                               "chal",  "enge", "bena", "dryl", "pods", "blackout"};
  const std::vector<std::string> separators = {" ", " ", "  ", ". ", "-", "*", "\n", " * "};
  std::mt19937 random(20261204);
  auto pick = [&random](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
  };
  for (int round = 0; round < 400; ++round) {
    std::string text;
    // Every tenth text long enough that the word loops, which take words
    // 64 at a time, cross blocks.
    const int words = round % 10 == 0 ? std::uniform_int_distribution<int>(60, 200)(random)
                                      : std::uniform_int_distribution<int>(1, 14)(random);
    for (int i = 0; i < words; ++i) text += pick(vocabulary) + pick(separators);
    TextView folded, skeleton, pairs, masked;
    FoldText(text, &folded);
    BuildSkeleton(folded, &skeleton);
    BuildPairs(skeleton, &pairs);
    BuildMasked(folded, skeleton, &masked);

    std::vector<std::string> skeleton_words = SkeletonWords(text);
    for (const std::string& word : vocabulary) skeleton_words.push_back(SkeletonWords(word).front());
    std::vector<std::string> run_keys, pair_keys;
    for (int k = 0; k < 12; ++k) {
      std::string key = pick(skeleton_words);
      for (int more = std::uniform_int_distribution<int>(0, 2)(random); more > 0; --more) {
        key += " " + pick(skeleton_words);
      }
      if (std::find(run_keys.begin(), run_keys.end(), key) == run_keys.end()) run_keys.push_back(key);
      const std::string joined = pick(skeleton_words) + pick(skeleton_words);
      if (std::find(pair_keys.begin(), pair_keys.end(), joined) == pair_keys.end()) {
        pair_keys.push_back(joined);
      }
    }

    // Runs of words on the masked view, and on the skeleton itself.
    const WordTable runs = Table(run_keys);
    for (const TextView* view : {&masked, &skeleton}) {
      std::vector<ViewMatch> found;
      FindWordRuns(Words(view->text), runs, &found);
      std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> got, want;
      for (const ViewMatch& match : found) got.emplace_back(match.id, match.from, match.to);
      for (std::uint32_t id = 0; id < run_keys.size(); ++id) {
        const std::string literal = " " + run_keys[id] + " ";
        for (std::size_t at : Occurrences(view->text, literal)) {
          want.emplace_back(id, static_cast<std::uint32_t>(at),
                            static_cast<std::uint32_t>(at + literal.size()));
        }
      }
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
      EXPECT_EQ(got, want) << "text: \"" << text << "\" view: \"" << view->text << "\"";
    }

    // Masked spellings of the keys, on the masked view.
    {
      const WordTable spelled = MaskedTable(run_keys);
      std::vector<ViewMatch> found;
      FindWordRuns(Words(masked.text), spelled, &found);
      std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> got, want;
      for (const ViewMatch& match : found) got.emplace_back(match.id, match.from, match.to);
      for (std::uint32_t id = 0; id < run_keys.size(); ++id) {
        for (const std::string& spelling : Spellings(run_keys[id])) {
          const std::string literal = " " + spelling + " ";
          for (std::size_t at : Occurrences(masked.text, literal)) {
            want.emplace_back(id, static_cast<std::uint32_t>(at),
                              static_cast<std::uint32_t>(at + literal.size()));
          }
        }
      }
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
      EXPECT_EQ(got, want) << "text: \"" << text << "\" masked view: \"" << masked.text << "\"";
    }

    // Joined pairs: the same letters of the folded text as the pairs view.
    const WordTable joined = Table(pair_keys);
    std::vector<ViewMatch> found;
    FindPairWords(Words(skeleton.text), joined, &found);
    std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> got, want;
    for (const ViewMatch& match : found) {
      got.emplace_back(match.id, skeleton.source_begin[match.from + 1],
                       skeleton.source_end[match.to - 2]);
    }
    for (std::uint32_t id = 0; id < pair_keys.size(); ++id) {
      const std::string literal = " " + pair_keys[id] + " ";
      for (std::size_t at : Occurrences(pairs.text, literal)) {
        want.emplace_back(id, pairs.source_begin[at + 1],
                          pairs.source_end[at + literal.size() - 2]);
      }
    }
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    EXPECT_EQ(got, want) << "text: \"" << text << "\" pairs: \"" << pairs.text << "\"";
  }
}

}  // namespace
}  // namespace bylaw::internal
