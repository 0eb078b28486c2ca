// Tests for DocumentStream (engine/runtime/scanner.cc): a document scanned in
// chunks through a sliding window decides exactly as the whole text does,
// on many random chunkings, with bounded memory.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bylaw/scanner.h"
#include "bylaw/verdict.h"
#include "test_rules.h"

namespace bylaw::testing {
namespace {

// Every kind of pattern and condition whose result depends on where matches
// are: phrases with evasions, regexes, literals, case-sensitive phrases,
// fuzzy phrases, near() and count().
constexpr const char* kPack = R"yaml(category: dangerous-acts-and-challenges
terms:
  pod: [tide pod, blackout challenge]
  brand: [{ text: benadryl, evasion: aggressive }]
  dose: [{ regex: '\b\d{2,3}\s*mg\b' }]
  lit: [{ literal: "x--y" }]
  exact: [{ text: Momo, case_sensitive: true }]
  fuzzy: [{ text: skull breaker, fuzzy: 1 }]
  promote: [try it, tag 3 friends]
rules:
  - { id: pod, when: pod }
  - { id: brand, when: brand and dose }
  - { id: lit, when: lit or exact or fuzzy }
  - { id: near, when: "near(pod, promote, 3)" }
  - { id: many, when: count(pod) >= 3 }
  - { id: evaded, when: evaded(pod) }
)yaml";

// About `bytes` of text mixing filler with disguised and plain triggers.
std::string MakeText(std::mt19937& random, std::size_t bytes) {
  const std::vector<std::string> pieces = {
      "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dogs", "and", "more",
      "tide pod", "t.i.d.e p-o-d", "ch4llenge", "b e n a d r y l", "120 mg", "x--y",
      "Momo", "momo", "skul breaker", "try it", "tag 3 friends", "blackout\n\nchallenge",
      "caf\xC3\xA9", "t\xD1\x96" "de p\xD0\xBE" "d", "\xF0\x9F\x98\x80", "\xE2\x80\x8B", ",", "!"};
  std::string text;
  while (text.size() < bytes) {
    text += pieces[random() % pieces.size()];
    text += random() % 7 == 0 ? "\n" : " ";
  }
  return text;
}

std::string Json(const Verdict& verdict) {
  std::string json;
  AppendVerdictJson(verdict, &json);
  return json;
}

TEST(DocumentStream, DecidesLikeTheWholeTextOnRandomChunkings) {
  auto program = MustCompile(kPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  std::mt19937 random(20261124);
  for (const std::size_t bytes : {200, 20000, 70000}) {
    const std::string text = MakeText(random, bytes);
    Document whole = TextDocument(text, "s");
    const std::string expected = Json(scanner.Scan(whole));
    for (int round = 0; round < 12; ++round) {
      DocumentStream stream(scanner, "s");
      const std::size_t largest = 1 + random() % 9000;
      for (std::size_t at = 0; at < text.size();) {
        const std::size_t size = std::min<std::size_t>(1 + random() % largest, text.size() - at);
        stream.Append("text", std::string_view(text).substr(at, size));
        at += size;
        if (random() % 5 == 0) scanner.Scan(TextDocument("tide pod"));  // the scanner is shared
      }
      EXPECT_EQ(Json(stream.Finish()), expected) << bytes << " bytes, chunks up to " << largest;
    }
  }
}

TEST(DocumentStream, KeepsASlidingWindowNotTheText) {
  auto program = MustCompile(kPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  DocumentStream stream(scanner, "long");
  const std::string filler(4096, 'a');
  for (int i = 0; i < 256; ++i) stream.Append("transcript", filler + " ");  // 1 MiB
  EXPECT_LT(stream.buffered_bytes(), 2 * DocumentStream::kWindowBytes);
  stream.Append("transcript", "try it: tide pod");
  const Verdict& verdict = stream.Finish();
  ASSERT_EQ(LiveRules(verdict), (std::vector<std::string>{"pod", "near"}));
  const MatchSpan& span = verdict.spans.front();
  EXPECT_EQ(verdict.TextOf(span), "tide pod");
  EXPECT_EQ(span.begin, 256u * 4097 + 8);
}

TEST(DocumentStream, FieldsAndResetAreIndependent) {
  auto program = MustCompile(kPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  DocumentStream stream(scanner, "a");
  stream.Append("title", "tide ");
  stream.Append("text", "nothing here");
  stream.Append("title", "pod");
  EXPECT_EQ(LiveRules(stream.Finish()), std::vector<std::string>{"pod"});
  stream.Reset("b");
  stream.Append("text", "nothing here either");
  EXPECT_TRUE(LiveRules(stream.Finish()).empty());
}

}  // namespace
}  // namespace bylaw::testing
