// End-to-end tests of the two ways a term narrows where it matches: one-sided
// word boundaries (`starts_word`, `ends_word`) and positional exceptions
// (`except:`, applied by ScanState::ApplyExceptions in scanner.cc).
#include <string>

#include <gtest/gtest.h>

#include "bylaw/scanner.h"
#include "seen_spans.h"
#include "test_rules.h"

namespace bylaw::test {
namespace {

struct EdgesPack {
  static constexpr const char* kText = R"(category: dangerous-acts-and-challenges
terms:
  ass_start:
    - { text: ass, starts_word: true }
  ass_end:
    - { text: ass, ends_word: true }
  cock:
    patterns:
      - { text: cock, within_words: true }
    except: [cockpit, hitchcock, peacock]
  dick:
    patterns: [dick]
    except: [moby dick, { text: dick van dyke, evasion: off }]
  counted:
    patterns: [cock]
    except: [cock and bull]
rules:
  - { id: r.ass_start, when: ass_start }
  - { id: r.ass_end, when: ass_end }
  - { id: r.cock, when: cock }
  - { id: r.dick, when: dick }
  - { id: r.counted, when: count(counted) >= 2 }
)";
};

class TermEdges : public PackSpansTest<EdgesPack> {};

TEST_F(TermEdges, StartsWordMatchesTheStartOfLongerWordsWithEvasions) {
  EXPECT_EQ(SpansOf("r.ass_start", "you a$$es"), (Spans{{"a$$", {"leet"}}}));
  EXPECT_EQ(SpansOf("r.ass_start", "an a$$hole"), (Spans{{"a$$", {"leet"}}}));
  EXPECT_EQ(SpansOf("r.ass_start", "asshole"), (Spans{{"ass", {}}}));
  EXPECT_EQ(SpansOf("r.ass_start", "a.s.s.hole"), (Spans{{"a.s.s", {"separator"}}}));
  EXPECT_TRUE(Matches("r.ass_start", "ass"));
  EXPECT_FALSE(Matches("r.ass_start", "a classic bass class"));
  EXPECT_FALSE(Matches("r.ass_start", "dumbass"));
}

TEST_F(TermEdges, EndsWordMatchesTheEndOfLongerWords) {
  EXPECT_EQ(SpansOf("r.ass_end", "dumba$$"), (Spans{{"a$$", {"leet"}}}));
  EXPECT_TRUE(Matches("r.ass_end", "a bass"));  // what ends_word means: lint warns of it
  EXPECT_FALSE(Matches("r.ass_end", "an assassin"));
  EXPECT_FALSE(Matches("r.ass_end", "assume"));
}

TEST_F(TermEdges, AnExceptionDropsOnlyTheMatchesItCovers) {
  EXPECT_FALSE(Matches("r.cock", "in the cockpit"));
  EXPECT_FALSE(Matches("r.cock", "Hitchcock films and cockpits"));
  EXPECT_FALSE(Matches("r.cock", "a peacock"));
  EXPECT_EQ(SpansOf("r.cock", "the cockpit of a c0ck"), (Spans{{"c0ck", {"leet"}}}));
  EXPECT_EQ(SpansOf("r.cock", "cocktail"), (Spans{{"cock", {}}}));
  // The exception sees through disguises of its own.
  EXPECT_FALSE(Matches("r.cock", "c0ckp1t"));
  EXPECT_FALSE(Matches("r.dick", "Moby Dick"));
  EXPECT_FALSE(Matches("r.dick", "M0by D1ck"));
  EXPECT_FALSE(Matches("r.dick", "Dick Van Dyke"));
  EXPECT_TRUE(Matches("r.dick", "D1ck Van Dyke"));  // that exception is `evasion: off`
  EXPECT_EQ(SpansOf("r.dick", "Moby Dick, you dick"), (Spans{{"dick", {}}}));
}

TEST_F(TermEdges, ExceptionsChangeCountsButNotOtherFields) {
  EXPECT_FALSE(Matches("r.counted", "a cock and bull story about a cock"));
  EXPECT_TRUE(Matches("r.counted", "a cock, a cock and bull story, a cock"));
  auto counted = [](const Verdict& verdict) {
    for (const RuleMatch& match : verdict.live) {
      if (verdict.program->rules()[match.rule].id == "r.counted") return true;
    }
    return false;
  };
  Scanner scanner(*program_);
  Document apart;  // the title's exception covers nothing in the text
  apart.AddField("title", "a cock");
  apart.AddField("text", "cock and bull, cock");
  EXPECT_TRUE(counted(scanner.Scan(apart)));
  Document one;
  one.AddField("title", "cock and bull");
  one.AddField("text", "cock");
  EXPECT_FALSE(counted(scanner.Scan(one)));
}

}  // namespace
}  // namespace bylaw::test
