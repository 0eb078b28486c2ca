// End-to-end tests of each class of disguise the default evasion level sees
// through (engine/runtime/evasion_match.cc, skeleton.cc, the look-alike
// table, compile/doubled_words.cc), each beside the everyday near-misses
// that keep it honest: `been` is not `ben`, `class` holds no `ass`, `U.S.`
// is no word spelled out.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

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
  // `$ass` reads `sass`, and `ass` after a `$` as exact matching reads it:
  // the evasion levels find what `evasion: off` finds.
  EXPECT_EQ(SpansOf("r.ass", "costs $5 and $ass"), (Spans{{"ass", {}}}));
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

// What the skeleton joins (letters spelled out, a symbol read as a letter)
// exact matching reads as separate words; the evasion levels read them that
// way too, as written only.
struct ExactWordsPack {
  static constexpr const char* kText = R"(category: dangerous-acts-and-challenges
terms:
  u: [u]
  a: [a]
  io: [io]
  us: [us]
  ass: [ass]
  option: [option]
  eg: [e.g.]
  mail: [yahoo mail]
  pod: [tide pod]
  xyz: [x y z]
  brand: [b@nadryl]
rules:
  - { id: r.u, when: u }
  - { id: r.a, when: a }
  - { id: r.io, when: io }
  - { id: r.us, when: us }
  - { id: r.ass, when: ass }
  - { id: r.option, when: option }
  - { id: r.eg, when: eg }
  - { id: r.mail, when: mail }
  - { id: r.pod, when: pod }
  - { id: r.xyz, when: xyz }
  - { id: r.brand, when: brand }
)";
};

class ExactWords : public PackSpansTest<ExactWordsPack> {};

TEST_F(ExactWords, WordsTheSkeletonJoinsAreFoundAsWritten) {
  EXPECT_EQ(SpansOf("r.u", "-- T.H.U.N.D.E.R. #1"), (Spans{{"U", {}}}));
  EXPECT_EQ(SpansOf("r.u", "M-O-U-S-E"), (Spans{{"U", {}}}));
  EXPECT_EQ(SpansOf("r.io", "(By cbbrown@io.org)"), (Spans{{"io", {}}}));
  EXPECT_EQ(SpansOf("r.option", "Ctrl+Option+Command"), (Spans{{"Option", {}}}));
  EXPECT_EQ(SpansOf("r.mail", "write to me@yahoo mail"), (Spans{{"yahoo mail", {}}}));
  // A phrase the skeleton reads joined is found with its words apart too.
  EXPECT_EQ(SpansOf("r.xyz", "w x y z"), (Spans{{"x y z", {}}}));
  EXPECT_EQ(SpansOf("r.xyz", "x.y.z"), (Spans{{"x.y.z", {}}}));
  EXPECT_EQ(SpansOf("r.brand", "b nadryl"), (Spans{{"b nadryl", {}}}));
  // The skeleton's own reading still stands beside it.
  EXPECT_EQ(SpansOf("r.pod", "t.i.d.e p.o.d"), (Spans{{"t.i.d.e p.o.d", {"separator"}}}));
}

TEST_F(ExactWords, WordsReadApartTakeNoEvasion) {
  // Apart, `e` and `9` would read `e.g.` with a leet `g`; `1o` would read
  // `io`. Other punctuation between words is read as exact matching does.
  EXPECT_FALSE(Matches("r.eg", "a d r e s s e : 9 rue Lamartine"));
  EXPECT_FALSE(Matches("r.io", "cbbrown@1o.org"));
  EXPECT_TRUE(Matches("r.eg", "a d r e s s e, e.g. 9 rue Lamartine"));
  EXPECT_EQ(SpansOf("r.mail", "me@yahoo*mail"), (Spans{{"yahoo*mail", {"mask"}}}));
}

// On random texts of words, letters, digits and symbols: every term that the
// pack at `evasion: off` finds, the same pack at the default level finds.
TEST(ExactWordsProperty, TheDefaultLevelFindsWhatEvasionOffFinds) {
  const std::string pack = ExactWordsPack::kText;
  const std::size_t first_line = pack.find('\n') + 1;
  const auto standard = MustCompile(pack);
  const auto off = MustCompile(pack.substr(0, first_line) + "evasion: off\n" + pack.substr(first_line));
  ASSERT_NE(standard, nullptr);
  ASSERT_NE(off, nullptr);
  Scanner standard_scanner(standard), off_scanner(off);
  const std::vector<std::string> pieces = {
      "u", "a", "i", "o", "s", "e", "g", "io", "us", "option", "ass", "tide", "pod", "yahoo", "mail",
      "w", "y", "z", "b", "nadryl",
      "x", "1", "9", "0", "@", "+", "$", "!", "|", "*", ".", "-", " ", " ", " ", ": "};
  std::mt19937 random(20261208);
  int found = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (std::size_t n = 1 + random() % 16; n > 0; --n) text += pieces[random() % pieces.size()];
    const std::vector<std::string> exact = LiveRules(off_scanner.Scan(TextDocument(text)));
    const std::vector<std::string> read = LiveRules(standard_scanner.Scan(TextDocument(text)));
    found += exact.empty() ? 0 : 1;
    for (const std::string& rule : exact) {
      EXPECT_NE(std::find(read.begin(), read.end(), rule), read.end()) << rule << " in \"" << text << '"';
    }
    if (HasFailure()) return;
  }
  EXPECT_GT(found, 3000);  // the texts do hold terms
}

}  // namespace
}  // namespace bylaw::test
