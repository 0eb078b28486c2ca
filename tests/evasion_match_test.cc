// Tests for engine/runtime/evasion_match.cc and engine/runtime/skeleton.cc:
// the skeleton a folded text is looked up by, and the phrase automaton that
// decides each candidate and names its evasions.
#include <map>
#include <random>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "evasion_match.h"
#include "skeleton.h"
#include "text_view.h"

namespace bylaw::internal {
namespace {

std::string Skeleton(std::string_view text) {
  TextView folded, skeleton;
  FoldText(text, &folded);
  BuildSkeleton(folded, &skeleton);
  return skeleton.text;
}

std::string Pairs(std::string_view text) {
  TextView folded, skeleton, pairs;
  FoldText(text, &folded);
  BuildSkeleton(folded, &skeleton);
  BuildPairs(skeleton, &pairs);
  return pairs.text;
}

TEST(Skeleton, ReadsDisguisedWordsAsTheirLetters) {
  const struct {
    const char* text;
    const char* skeleton;
  } cases[] = {
      {"Tide Pod", " tide pod "},
      {"ch4ll3ng3", " chaienge "},  // leet; l reads i; repeats read once
      {"chaaaallenge", " chaienge "},  // repeats read once
      {"t.i.d.e p-o-d", " tide pod "},  // one-letter words join, one separator per run
      {"t.i.d.e.p.o.d", " tidepod "},
      {"b e n a d r y l", " benadryi "},
      {"b@nadryl!", " banadryi "},   // @ inside a word is a letter, a final ! is not
      {"b*nadryl", " bnadryi "},     // a mask inside a word is dropped
      {"$kull @$$ p!$$ f**k", " skui as pis fk "},  // symbols starting or ending a word
      {"$5 +1 @home a! 3!!!", " s i ahome a e "},   // not before digits, not a final !
      {"#blackoutchallenge", " biackoutchaienge "},
      {"I love it, a b c d", " i iove it a bcd "},  // a leading `a` or `i` stays a word
      {"the U.S. Navy", " the u s navy "},          // two initials are not a word spelled out
      {"b e n", " ben "},
      {"eat a t.i.d.e p.o.d", " eat a tide pod "},  // a run of letters keeps one separator
      {"", "  "},
  };
  for (const auto& c : cases) EXPECT_EQ(Skeleton(c.text), c.skeleton) << c.text;
}

std::string Masked(std::string_view text) {
  TextView folded, skeleton, masked;
  FoldText(text, &folded);
  BuildSkeleton(folded, &skeleton);
  BuildMasked(folded, skeleton, &masked);
  EXPECT_EQ(masked.text.size(), masked.source_begin.size());
  return masked.text;
}

TEST(Skeleton, MaskedViewKeepsTheWordsAroundEachMask) {
  EXPECT_EQ(Masked("no mask here at all"), "");
  EXPECT_EQ(Masked("b*nadryl"), " bnadryi ");
  EXPECT_EQ(Masked("one two three four b*nadryl five six seven eight"),
            " two thre four bnadryi five six seven ");
  // Masks in one word: its stretch once.
  EXPECT_EQ(Masked("one two three four f*u*c*k five six seven eight"),
            " two thre four fuck five six seven ");
  // Two masks far apart: two stretches; near each other: one.
  EXPECT_EQ(Masked("f*ck a b c d e f g h sh*t"), " fck a bcdefgh sht ");
  EXPECT_EQ(Masked("one f*ck two three four five six seven eight nine sh*t"),
            " one fck two thre four  seven eight nine sht ");
}

// The plain reading's words around each place the skeleton departs from it.
std::string PlainStretches(std::string_view text) {
  TextView folded, skeleton, plain, stretches;
  std::vector<std::uint32_t> departures;
  FoldText(text, &folded);
  BuildSkeleton(folded, &skeleton, nullptr, SkeletonReading::kEvasions, &departures);
  BuildSkeleton(folded, &plain, nullptr, SkeletonReading::kPlain);
  BuildStretches(plain, departures, &stretches);
  EXPECT_EQ(stretches.text.size(), stretches.source_end.size());
  return stretches.text;
}

TEST(Skeleton, PlainStretchesKeepTheWordsAroundEachDeparture) {
  EXPECT_EQ(PlainStretches("nothing joined here, U.S. navy"), "");
  EXPECT_EQ(PlainStretches("one two three four T.H.U.N.D.E.R. five six seven eight nine"),
            " four t h u n d e r five six seven ");
  EXPECT_EQ(PlainStretches("by cbbrown@io.org, Christopher"), " by cbrown io org christopher ");
  // Two departures far apart: two stretches.
  EXPECT_EQ(PlainStretches("a+b one two three four five six seven eight c$d"),
            " a b one two  six seven eight c d ");
}

TEST(Skeleton, MapsEveryByteIntoTheFoldedText) {
  TextView folded, skeleton;
  FoldText("Chaaallenge: t.i.d.e", &folded);
  BuildSkeleton(folded, &skeleton);
  ASSERT_EQ(skeleton.text, " chaienge tide ");
  // "chaienge": `a` stands for folded "aaa" (bytes 2..5).
  EXPECT_EQ(skeleton.source_begin[3], 2u);
  EXPECT_EQ(skeleton.source_end[3], 5u);
  // "tide" from "t.i.d.e" at folded 13..20: first and last letters.
  const std::size_t t = skeleton.text.find("tide");
  EXPECT_EQ(skeleton.source_begin[t], 13u);
  EXPECT_EQ(skeleton.source_end[t + 3], 20u);
}

TEST(Skeleton, PairsJoinAdjacentWordsOfThreeOrMore) {
  EXPECT_EQ(Pairs("black out now"), " biackout outnow ");
  EXPECT_EQ(Pairs("a black out"), " biackout ");
  EXPECT_EQ(Pairs("go on"), "");
}

TEST(Skeleton, WordsOfAPhraseForTheCompiler) {
  EXPECT_EQ(SkeletonWords("Tide-Pod challenge"), (std::vector<std::string>{"tide", "pod", "chaienge"}));
}

// Confirms `text` (folded first) as a whole against `phrase`.
struct Confirmed {
  bool matched = false;
  EvasionSet seen;
};
Confirmed Confirm(std::string_view phrase, EvasionLevel level, std::string_view text,
                  bool within_words = false) {
  TextView folded;
  FoldText(text, &folded);
  const PhrasePattern pattern = MakePhrasePattern(phrase, level, within_words, within_words);
  ConfirmScratch scratch;
  Confirmed result;
  std::size_t begin = 0, end = folded.text.size();
  result.matched = ConfirmPhrase(pattern, folded.text, &begin, &end, &scratch, &result.seen);
  return result;
}

EvasionSet Set(std::initializer_list<Evasion> evasions) {
  EvasionSet set;
  for (Evasion e : evasions) set.Add(e);
  return set;
}

TEST(ConfirmPhrase, AcceptsEachEvasionAtItsLevel) {
  using enum Evasion;
  const auto kStd = EvasionLevel::kStandard;
  const auto kAgg = EvasionLevel::kAggressive;
  const struct {
    const char* phrase;
    EvasionLevel level;
    const char* text;
    EvasionSet seen;
  } cases[] = {
      {"tide pod", kStd, "tide pod", {}},
      {"tide pod", kStd, "tide---pod", {}},
      {"tide pod", kStd, "tidepod", {}},  // words joined (a hashtag) is no disguise
      {"challenge", kStd, "ch4ll3ng3", Set({kLeet})},
      {"challenge", kStd, "chaaaallenge", Set({kRepeat})},
      {"challenge", kStd, "challlenge", Set({kRepeat})},  // a doubled letter, tripled
      {"pod", kStd, "poood", Set({kRepeat})},
      {"tide pod", kStd, "t.i.d.e p-o-d", Set({kSeparator})},
      {"benadryl", kStd, "b3n@dryl", Set({kLeet})},
      {"blackout", kStd, "black out", {}},  // a split word is spelling, not disguise
      {"benadryl", kAgg, "b e n a d r y l", Set({kSpacing})},
      {"benadryl", kAgg, "b*nadryl", Set({kMask})},
      {"benadryl", kAgg, "b*e*n*a*d*r*y*l", Set({kMask})},
      {"pass out", kStd, "pa55 0ut", Set({kLeet})},
  };
  for (const auto& c : cases) {
    const Confirmed result = Confirm(c.phrase, c.level, c.text);
    EXPECT_TRUE(result.matched) << c.phrase << " / " << c.text;
    EXPECT_EQ(result.seen, c.seen) << c.phrase << " / " << c.text;
  }
}

TEST(ConfirmPhrase, RefusesWhatTheLevelDoesNotAllow) {
  const auto kOff = EvasionLevel::kOff;
  const auto kStd = EvasionLevel::kStandard;
  const struct {
    const char* phrase;
    EvasionLevel level;
    const char* text;
  } cases[] = {
      {"challenge", kOff, "ch4llenge"},
      {"challenge", kOff, "chaaallenge"},
      {"tide pod", kOff, "tidepod"},
      {"to", kStd, "t o"},                    // words of two letters: spacing needs aggressive
      {"ox", kStd, "o*x"},                    // ... and so do masks
      {"blackout", kStd, "bl ackout"},        // a stray space is no word spelled out
      {"blackout", kStd, "b lackout"},        // a split leaves 3 letters on each side
      {"loo", kStd, "100"},                   // digits alone are a number, not leetspeak
      {"fall", kStd, "fail"},                 // the skeleton reads both "fai": i is not l
      {"pod", kStd, "pods"},
      {"tide pod", kStd, "riptide podcast"},
      {"word1", kStd, "word11"},              // digits do not repeat: 11 is not 1
      {"2 pills", kStd, "22 pills"},
      {"rooter", kStd, "rotter"},             // a doubled letter needs two: no fewer letters
      {"egg", kStd, "eeg"},
      {"challenge", kStd, "chalenge"},
  };
  for (const auto& c : cases) {
    EXPECT_FALSE(Confirm(c.phrase, c.level, c.text).matched) << c.phrase << " / " << c.text;
  }
}

TEST(ConfirmPhrase, ADoubledLetterIsADisguiseUnlessItSpellsAListedWord) {
  TextView folded;
  ConfirmScratch scratch;
  EvasionSet seen;
  PhrasePattern ben = MakePhrasePattern("ben", EvasionLevel::kStandard, false, false);
  ben.doubled_words = {"been"};
  for (const auto& [text, matched] : {std::pair{"been", false}, std::pair{"bben", true},
                                      std::pair{"benn", true}, std::pair{"beeen", true}}) {
    FoldText(text, &folded);
    std::size_t begin = 0, end = folded.text.size();
    EXPECT_EQ(ConfirmPhrase(ben, folded.text, &begin, &end, &scratch, &seen), matched) << text;
  }
  EXPECT_TRUE(Confirm("challenge", EvasionLevel::kStandard, "chaallenge").matched);
}

TEST(ConfirmPhrase, WordBoundariesUnlessWithinWords) {
  TextView folded;
  FoldText("airpods", &folded);
  ConfirmScratch scratch;
  EvasionSet seen;
  const PhrasePattern bounded = MakePhrasePattern("pods", EvasionLevel::kStandard, false, false);
  const PhrasePattern inside = MakePhrasePattern("pods", EvasionLevel::kStandard, true, true);
  std::size_t begin = 3, end = 7;
  EXPECT_FALSE(ConfirmPhrase(bounded, folded.text, &begin, &end, &scratch, &seen));
  EXPECT_TRUE(ConfirmPhrase(inside, folded.text, &begin, &end, &scratch, &seen));
}

TEST(ConfirmPhrase, SymbolsStandForLettersOnlyInsideWords) {
  // "!" at the end of a match is punctuation, not an `i`/`l`.
  EXPECT_FALSE(Confirm("hi", EvasionLevel::kStandard, "h!").matched);
  EXPECT_TRUE(Confirm("hill", EvasionLevel::kStandard, "h!ll").matched);
}

TEST(ConfirmPhrase, PatternHasOnePositionPerLetter) {
  const PhrasePattern pattern = MakePhrasePattern("all good", EvasionLevel::kStandard, false, false);
  ASSERT_EQ(pattern.runs.size(), 7u);  // a l l | g o o d
  EXPECT_TRUE(pattern.runs[2].ends_word);
  EXPECT_FALSE(pattern.runs[1].ends_word);
  EXPECT_EQ(pattern.letters, 7u);
}

// On words of letters only (what most failing candidates of a big word list
// are: `too` for `to`), a phrase matches the text that repeats each of its
// letters, a doubled one twice or more, as often as it likes (not at all at
// `evasion: off`), and sees a repeat where the text is longer.
TEST(ConfirmPhrase, ReadsWordsOfLettersAsRepeatsOfThePhrasesLetters) {
  std::mt19937 random(20261206);
  const std::string letters = "ablo";
  auto word = [&](std::size_t most) {
    std::string w(1 + random() % most, 'a');
    for (char& c : w) c = letters[random() % letters.size()];
    return w;
  };
  int matched = 0;
  for (int trial = 0; trial < 6000; ++trial) {
    const EvasionLevel level = trial % 3 == 0 ? EvasionLevel::kOff
                               : trial % 3 == 1 ? EvasionLevel::kStandard
                                                : EvasionLevel::kAggressive;
    const std::string phrase = word(4);
    // Often the phrase with some letters repeated, else any word.
    std::string text;
    if (trial % 2 == 0) {
      for (char c : phrase) text.append(1 + (random() % 3 == 0 ? random() % 3 : 0), c);
    } else {
      text = word(7);
    }
    std::string pattern;  // the reference: each run of one letter, at least as long
    for (std::size_t i = 0; i < phrase.size();) {
      std::size_t j = i;
      while (j < phrase.size() && phrase[j] == phrase[i]) ++j;
      pattern += std::string(1, phrase[i]) + "{" + std::to_string(j - i) +
                 (level == EvasionLevel::kOff ? "}" : ",}");
      i = j;
    }
    const bool expected = std::regex_match(text, std::regex(pattern));
    const Confirmed result = Confirm(phrase, level, text);
    ASSERT_EQ(result.matched, expected) << phrase << " / " << text << " at level " << static_cast<int>(level);
    if (expected) {
      ++matched;
      EXPECT_EQ(result.seen, text.size() > phrase.size() ? Set({Evasion::kRepeat}) : EvasionSet{})
          << phrase << " / " << text;
    }
  }
  EXPECT_GT(matched, 1500);
}

// A phrase read as its plain text: wherever a folded range is that text as
// written and begins and ends a word, ConfirmPhrase confirms the range as it
// stands with no evasion, at every level, so a scan may skip it there; and
// the phrase's skeleton key, spelled in the form that gives the text back,
// reads the same ranges. Random phrases (with `l`, `i` and doubled letters,
// which the skeleton reads otherwise: `lil` is one `i`) and texts of a few
// letters, spaces, leet and punctuation, every range of each text.
TEST(ConfirmPhrase, APlainPhraseWrittenAsItIsNeedsNoAutomaton) {
  std::mt19937 random(20261207);
  const std::string letters = "abli";
  const std::string text_bytes = "abli ab 4$.-*";
  int shortcut = 0, refused = 0, as_key = 0, spelled = 0, mixed = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const EvasionLevel level = trial % 3 == 0 ? EvasionLevel::kOff
                               : trial % 3 == 1 ? EvasionLevel::kStandard
                                                : EvasionLevel::kAggressive;
    std::string phrase;
    for (int w = 0, words = 1 + static_cast<int>(random() % 2); w < words; ++w) {
      if (w > 0) phrase += ' ';
      for (int n = 1 + static_cast<int>(random() % 3); n > 0; --n) {
        phrase += letters[random() % letters.size()];
      }
    }
    const bool open_start = trial % 7 == 0, open_end = trial % 11 == 0;
    const PhrasePattern pattern = MakePhrasePattern(phrase, level, open_start, open_end);
    ASSERT_EQ(IsPlainPhrase(pattern, phrase), !open_start && !open_end) << phrase;
    if (open_start || open_end) continue;
    const std::string& plain = phrase;
    ASSERT_EQ(PlainText(pattern), plain);
    std::string key;
    for (const std::string& word : SkeletonWords(phrase)) key += (key.empty() ? "" : " ") + word;
    const PlainForm form = PlainFormOf(key, plain);
    if (form != kNotPlain) ++(form == 0 ? as_key : spelled);
    const bool mixes = phrase.find("li") != std::string::npos || phrase.find("il") != std::string::npos;
    if (form != kNotPlain && mixes) ++mixed;
    // Texts that hold the phrase now and then, among other bytes.
    std::string text;
    for (int n = static_cast<int>(random() % 12); n > 0; --n) {
      if (random() % 4 == 0) {
        text += phrase;
      } else {
        text += text_bytes[random() % text_bytes.size()];
      }
    }
    ConfirmScratch scratch;
    for (std::size_t begin = 0; begin < text.size(); ++begin) {
      for (std::size_t end = begin + 1; end <= text.size(); ++end) {
        const bool reads = ReadsAsPlainPhrase(text, begin, end, plain);
        if (form != kNotPlain) {
          ASSERT_EQ(ReadsAsPlainPhrase(text, begin, end, key, form), reads)
              << key << " as " << plain << " in [" << text << "] at " << begin << ".." << end;
        }
        if (!reads) {
          refused += text.substr(begin, end - begin) == plain ? 1 : 0;
          continue;
        }
        ++shortcut;
        std::size_t b = begin, e = end;
        EvasionSet seen;
        ASSERT_TRUE(ConfirmPhrase(pattern, text, &b, &e, &scratch, &seen))
            << phrase << " in [" << text << "] at " << begin << ".." << end;
        EXPECT_EQ(b, begin);
        EXPECT_EQ(e, end);
        EXPECT_EQ(seen, EvasionSet{}) << phrase << " in [" << text << "]";
      }
    }
  }
  // Both sides: the phrase as written, and written inside a longer word.
  EXPECT_GT(shortcut, 500);
  EXPECT_GT(refused, 100);
  // Phrases that are their key, and phrases their key spells in a form,
  // among them `l` and `i` read as one key byte.
  EXPECT_GT(as_key, 100);
  EXPECT_GT(spelled, 300);
  EXPECT_GT(mixed, 100);
}

// Every phrase of up to six bytes of `l`, `i`, `a` and ' ' has a form
// against its key, and the form gives back exactly that phrase: each other
// phrase of the same key reads otherwise.
TEST(ConfirmPhrase, APlainFormSpellsOnlyItsOwnText) {
  const std::string bytes = "lia ";
  std::map<std::string, std::vector<std::string>> by_key;
  for (std::size_t length = 1, count = bytes.size(); length <= 6; ++length, count *= bytes.size()) {
    for (std::size_t n = 0; n < count; ++n) {
      std::string text;  // the digits of n in base 4
      for (std::size_t i = 0, rest = n; i < length; ++i, rest /= bytes.size()) text += bytes[rest % bytes.size()];
      if (text.front() == ' ' || text.back() == ' ' || text.find("  ") != std::string::npos) continue;
      std::string key;
      for (const std::string& word : SkeletonWords(text)) key += (key.empty() ? "" : " ") + word;
      by_key[key].push_back(text);
    }
  }
  std::size_t shared = 0;
  for (const auto& [key, texts] : by_key) {
    shared += texts.size() > 1 ? texts.size() : 0;
    for (const std::string& text : texts) {
      const PlainForm form = PlainFormOf(key, text);
      ASSERT_NE(form, kNotPlain) << text << " against " << key;
      for (const std::string& other : texts) {
        EXPECT_EQ(ReadsAsPlainPhrase(other, 0, other.size(), key, form), other == text)
            << key << " in the form of " << text << " read on " << other;
      }
    }
  }
  EXPECT_GT(shared, 1000);  // keys that stand for many texts
}

}  // namespace
}  // namespace bylaw::internal
