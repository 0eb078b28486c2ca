// End-to-end tests of each class of disguise the default evasion level sees
// through (engine/runtime/evasion_match.cc, skeleton.cc, the look-alike
// table, compile/doubled_words.cc), each beside the everyday near-misses
// that keep it honest: `been` is not `ben`, `class` holds no `ass`, `U.S.`
// is no word spelled out.
#include <string>

#include <gtest/gtest.h>

#include "seen_spans.h"
#include "test_rules.h"

namespace bylaw::test {
namespace {

struct ClassesPack {
  static constexpr const char* kText = R"(category: dangerous-acts-and-challenges
terms:
  ass: [ass]
  fuck: [fuck]
  bastard: [bastard]
  tranny: [tranny]
  piss: [piss]
  dildo: [dildo]
  ben: [ben]
  to: [to]
  us: [us]
  marshal: [marshal]
  brand: [benadryl]
  skull: [skull breaker]
  mail: [{ text: mail, within_words: true }]
  pro: [{ text: pro, within_words: true }]
  chi: [{ text: chi, within_words: true }]
  bestial: [{ text: bestial, within_words: true }]
  penetra: [{ text: penetra, within_words: true }]
  spaced: [anal, arse]
  die:
    evasion: aggressive
    patterns: [want to die]
rules:
  - { id: r.ass, when: ass }
  - { id: r.fuck, when: fuck }
  - { id: r.bastard, when: bastard }
  - { id: r.tranny, when: tranny }
  - { id: r.piss, when: piss }
  - { id: r.dildo, when: dildo }
  - { id: r.ben, when: ben }
  - { id: r.to, when: to }
  - { id: r.us, when: us }
  - { id: r.marshal, when: marshal }
  - { id: r.brand, when: brand }
  - { id: r.skull, when: skull }
  - { id: r.mail, when: mail }
  - { id: r.pro, when: pro }
  - { id: r.chi, when: chi }
  - { id: r.bestial, when: bestial }
  - { id: r.penetra, when: penetra }
  - { id: r.spaced, when: spaced }
  - { id: r.die, when: die }
)";
};

class EvasionClasses : public PackSpansTest<ClassesPack> {};

TEST_F(EvasionClasses, ADoubledLetterIsADisguiseUnlessItSpellsAnotherWord) {
  EXPECT_EQ(SpansOf("r.fuck", "ffuck off"), (Spans{{"ffuck", {"repeat"}}}));
  EXPECT_EQ(SpansOf("r.ass", "what an aass"), (Spans{{"aass", {"repeat"}}}));
  EXPECT_EQ(SpansOf("r.bastard", "you baastard"), (Spans{{"baastard", {"repeat"}}}));
  EXPECT_EQ(SpansOf("r.tranny", "ttranny"), (Spans{{"ttranny", {"repeat"}}}));
  EXPECT_TRUE(Matches("r.tranny", "trannny"));
  // Words of their own (Debian's word list): been, too, Marshall.
  EXPECT_FALSE(Matches("r.ben", "I have been there"));
  EXPECT_TRUE(Matches("r.ben", "Ben was there"));
  EXPECT_TRUE(Matches("r.ben", "beeen there"));  // three letters: an elongation
  EXPECT_FALSE(Matches("r.to", "me too"));
  EXPECT_FALSE(Matches("r.marshal", "Marshall Plan"));
  // A letter the term doubles is needed twice: `trany` is not `tranny`.
  EXPECT_FALSE(Matches("r.tranny", "trany"));
}

TEST_F(EvasionClasses, WithinWordsPhrasesEndWhereTheWordGoesOn) {
  EXPECT_EQ(SpansOf("r.mail", "the mailing list"), (Spans{{"mail", {}}}));
  EXPECT_EQ(SpansOf("r.pro", "proof of it"), (Spans{{"pro", {}}}));
  EXPECT_EQ(SpansOf("r.chi", "chill out"), (Spans{{"chi", {}}}));
  EXPECT_EQ(SpansOf("r.bestial", "bestiality"), (Spans{{"bestial", {}}}));
  EXPECT_EQ(SpansOf("r.mail", "emmail"), (Spans{{"mail", {}}}));  // the word goes on before
  // A symbol at the end of the match stands for a letter when the word goes on.
  EXPECT_EQ(SpansOf("r.penetra", "penetr@tion"), (Spans{{"penetr@", {"leet"}}}));
}

TEST_F(EvasionClasses, SeparatorsBetweenRepeatedAndLookAlikeLetters) {
  EXPECT_EQ(SpansOf("r.ass", "a.s.s"), (Spans{{"a.s.s", {"separator"}}}));
  EXPECT_EQ(SpansOf("r.piss", "p.i.s.s off"), (Spans{{"p.i.s.s", {"separator"}}}));
  EXPECT_EQ(SpansOf("r.dildo", "a d.i.l.d.o"), (Spans{{"d.i.l.d.o", {"separator"}}}));
  EXPECT_FALSE(Matches("r.us", "the U.S. Navy"));  // two initials are no word spelled out
  EXPECT_FALSE(Matches("r.ass", "a.s.a.p."));
}

TEST_F(EvasionClasses, WordsOfThreeLettersOrMoreSpacedOutOrMasked) {
  EXPECT_EQ(SpansOf("r.brand", "take b e n a d r y l"), (Spans{{"b e n a d r y l", {"spacing"}}}));
  EXPECT_EQ(SpansOf("r.brand", "ben*dryl"), (Spans{{"ben*dryl", {"mask"}}}));
  EXPECT_EQ(SpansOf("r.fuck", "f u c k"), (Spans{{"f u c k", {"spacing"}}}));
  EXPECT_EQ(SpansOf("r.fuck", "f*ck it"), (Spans{{"f*ck", {"mask"}}}));
  EXPECT_EQ(SpansOf("r.fuck", "f**k it"), (Spans{{"f**k", {"mask"}}}));
  EXPECT_EQ(SpansOf("r.ass", "a s s"), (Spans{{"a s s", {"spacing"}}}));
  // A leading `a` stays a word in the skeleton: the phrase is looked up
  // spelled out too.
  EXPECT_EQ(SpansOf("r.spaced", "a n a l"), (Spans{{"a n a l", {"spacing"}}}));
  EXPECT_EQ(SpansOf("r.spaced", "a r s e"), (Spans{{"a r s e", {"spacing"}}}));
  EXPECT_EQ(SpansOf("r.skull", "the $kull br3aker"), (Spans{{"$kull br3aker", {"leet"}}}));
  EXPECT_EQ(SpansOf("r.skull", "s k u l l breaker"), (Spans{{"s k u l l breaker", {"spacing"}}}));
  EXPECT_FALSE(Matches("r.ass", "costs $5 and $ass"));  // `$ass` reads `sass`
  // Words joined read their letter at the junction once, as in the skeleton.
  EXPECT_EQ(SpansOf("r.die", "i w a n t t o d i e"), (Spans{{"w a n t t o d i e", {"spacing"}}}));
  EXPECT_EQ(SpansOf("r.die", "i wanttodie"), (Spans{{"wanttodie", {}}}));
  EXPECT_FALSE(Matches("r.to", "t o"));    // two letters: only at aggressive
  EXPECT_FALSE(Matches("r.us", "u s a"));  // `a` after spaced letters: no `us`
  EXPECT_FALSE(Matches("r.fuck", "fu ck"));  // a stray space is no spelling out
}

TEST_F(EvasionClasses, LookAlikesFromLetterNames) {
  // esh, bold f, esh, upsilon with dasia and varia, c with hook, full-width k.
  const std::string text = "\xCA\x83\xF0\x9D\x90\x9F\xCA\x83\xE1\xBD\x97\xC6\x88\xEF\xBD\x8B";
  ASSERT_EQ(SpansOf("r.fuck", text).size(), 1u);
  EXPECT_EQ(SpansOf("r.fuck", text)[0].text, text);
}

}  // namespace
}  // namespace bylaw::test
