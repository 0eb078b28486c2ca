// End-to-end tests of evasion-resistant matching (engine/runtime/scanner.cc
// with skeleton.cc and evasion_match.cc): disguised posts match, everyday
// near-misses do not, and every span covers exactly the original bytes.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bylaw/scanner.h"
#include "seen_spans.h"
#include "test_rules.h"

namespace bylaw::test {
namespace {

struct ScanPack {
  static constexpr const char* kText = R"(category: dangerous-acts-and-challenges
terms:
  pod: [tide pod, tide pods]
  challenge: [challenge]
  blackout: [blackout]
  brand:
    - { text: benadryl, evasion: aggressive }
  hashtag:
    - { text: tidepod, within_words: true }
  plain:
    - { text: scunthorpe, evasion: off }
    - { text: sky, evasion: off }
  ass: [ass]
  culo: [culo]
  cafe: [caf]
  fuzzy:
    - { text: momo challenge, fuzzy: 1 }
rules:
  - { id: r.pod, when: pod }
  - { id: r.challenge, when: challenge }
  - { id: r.blackout, when: blackout }
  - { id: r.brand, when: brand }
  - { id: r.hashtag, when: hashtag }
  - { id: r.plain, when: plain }
  - { id: r.ass, when: ass }
  - { id: r.culo, when: culo }
  - { id: r.cafe, when: cafe }
  - { id: r.fuzzy, when: fuzzy }
  - { id: r.disguised, when: evaded(pod) or evaded(brand) }
)";
};

class EvasionScan : public PackSpansTest<ScanPack> {};

TEST_F(EvasionScan, PatternEvasionsMatchWithExactOriginalSpans) {
  EXPECT_EQ(SpansOf("r.challenge", "try the ch4ll3ng3 now"), (Spans{{"ch4ll3ng3", {"leet"}}}));
  EXPECT_EQ(SpansOf("r.challenge", "the chaaaallenge!"), (Spans{{"chaaaallenge", {"repeat"}}}));
  EXPECT_EQ(SpansOf("r.pod", "eat a t.i.d.e p-o-d today"), (Spans{{"t.i.d.e p-o-d", {"separator"}}}));
  EXPECT_EQ(SpansOf("r.pod", "eat a tidepod"), (Spans{{"tidepod", {}}}));
  EXPECT_EQ(SpansOf("r.blackout", "the black out game"), (Spans{{"black out", {}}}));
  EXPECT_EQ(SpansOf("r.brand", "take b e n a d r y l"), (Spans{{"b e n a d r y l", {"spacing"}}}));
  EXPECT_EQ(SpansOf("r.brand", "b*nadryl trip"), (Spans{{"b*nadryl", {"mask"}}}));
  EXPECT_EQ(SpansOf("r.hashtag", "#tidepodchallenge"), (Spans{{"tidepod", {}}}));
}

// `evasion: off` phrases are padded literals over a padded word view: whole
// words only, at either end of the text too, and the span is the word alone.
TEST_F(EvasionScan, PlainPhrasesMatchWholeWordsAtTheEndsOfTheText) {
  EXPECT_EQ(SpansOf("r.plain", "sky"), (Spans{{"sky", {}}}));
  EXPECT_EQ(SpansOf("r.plain", "Sky, then Scunthorpe"),
            (Spans{{"Sky", {}}, {"Scunthorpe", {}}}));
  EXPECT_EQ(SpansOf("r.plain", "...sky!"), (Spans{{"sky", {}}}));
  EXPECT_FALSE(Matches("r.plain", "skyscunthorpe"));
  EXPECT_FALSE(Matches("r.plain", "husky"));
  EXPECT_FALSE(Matches("r.plain", "skylark"));
}

TEST_F(EvasionScan, TextEvasionsAreUndoneAndNamed) {
  // Cyrillic і (U+0456) and о (U+043E): 2 bytes each.
  EXPECT_EQ(SpansOf("r.pod", "t\xD1\x96" "de p\xD0\xBE" "d"),
            (Spans{{"t\xD1\x96" "de p\xD0\xBE" "d", {"confusable", "mixed-script"}}}));
  // A zero-width space inside the word.
  EXPECT_EQ(SpansOf("r.blackout", "black\xE2\x80\x8Bout"),
            (Spans{{"black\xE2\x80\x8Bout", {"invisible"}}}));
  // Mathematical bold (4-byte UTF-8) and full-width letters.
  EXPECT_EQ(SpansOf("r.pod", "\xF0\x9D\x90\xAD\xF0\x9D\x90\xA2\xF0\x9D\x90\x9D\xF0\x9D\x90\x9E pod"),
            (Spans{{"\xF0\x9D\x90\xAD\xF0\x9D\x90\xA2\xF0\x9D\x90\x9D\xF0\x9D\x90\x9E pod", {"styled"}}}));
  // Emoji letters: negative squared T (U+1F183) and regional
  // indicators I D E, each 4 bytes.
  EXPECT_EQ(SpansOf("r.pod", "\xF0\x9F\x86\x83\xF0\x9F\x87\xAE\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA pod"),
            (Spans{{"\xF0\x9F\x86\x83\xF0\x9F\x87\xAE\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA pod", {"styled"}}}));
  // Strike-through combining marks after every letter: the span ends after
  // the last mark (whole grapheme clusters).
  const std::string struck = "T\xCC\xB5I\xCC\xB6" "D\xCC\xB7" "E\xCC\xB8 pod";
  EXPECT_EQ(SpansOf("r.pod", struck), (Spans{{struck, {"marks"}}}));
}

TEST_F(EvasionScan, EvadedHoldsOnlyForDisguisedMatches) {
  EXPECT_FALSE(Matches("r.disguised", "a tide pod"));
  EXPECT_TRUE(Matches("r.disguised", "a t1de p0d"));
  EXPECT_TRUE(Matches("r.disguised", "b e n a d r y l"));
}

TEST_F(EvasionScan, EverydayNearMissesDoNotMatch) {
  EXPECT_FALSE(Matches("r.pod", "the riptide podcast"));
  EXPECT_FALSE(Matches("r.pod", "my AirPods died"));
  EXPECT_FALSE(Matches("r.hashtag", "riptide podcast"));
  EXPECT_FALSE(Matches("r.ass", "a classic bass class"));
  EXPECT_FALSE(Matches("r.ass", "Scunthorpe assessment"));
  EXPECT_FALSE(Matches("r.culo", "un veh\xC3\xAD" "culo nuevo"));  // vehículo: one word
  EXPECT_FALSE(Matches("r.cafe", "caf\xC3\xA9 au lait"));           // café is not "caf"
  EXPECT_FALSE(Matches("r.plain", "5cunth0rpe"));                   // evasion: off
  EXPECT_TRUE(Matches("r.plain", "Scunthorpe United"));
  EXPECT_TRUE(Matches("r.plain", "mail wardiag@sky.com"));  // off: `@` is no letter
  EXPECT_FALSE(Matches("r.plain", "skyy"));
  EXPECT_FALSE(Matches("r.challenge", "challenges"));
}

TEST_F(EvasionScan, FuzzyMatchesWithinItsEditDistance) {
  EXPECT_EQ(SpansOf("r.fuzzy", "the momo chalenge"), (Spans{{"momo chalenge", {}}}));  // one skeleton
  EXPECT_EQ(SpansOf("r.fuzzy", "the mono challenge"), (Spans{{"mono challenge", {"fuzzy"}}}));
  EXPECT_FALSE(Matches("r.fuzzy", "the mono chalenje"));
}

}  // namespace
}  // namespace bylaw::test
