// Tests for DocumentStream (engine/runtime/scanner.cc): a document scanned in
// chunks through a sliding window decides exactly as the whole text does,
// on many random chunkings, with bounded memory.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bylaw/scanner.h"
#include "bylaw/verdict.h"
#include "test_rules.h"

namespace bylaw::test {
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
  - { id: title, when: pod in (title) }
  - { id: exactly, when: count(promote) == 40 }
  - { id: more, when: count(promote) > 40 }
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
  for (const std::size_t bytes : {200, 20000, 70000, 200000}) {  // 0 to 3 window slides
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

// Two fields appended in random turns: the whole document has them in the
// order the stream first saw them.
TEST(DocumentStream, DecidesLikeTheWholeTextWhenFieldsInterleave) {
  auto program = MustCompile(kPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  std::mt19937 random(7);
  for (int round = 0; round < 8; ++round) {
    const std::string texts[2] = {MakeText(random, 100000), MakeText(random, 100000)};
    const char* names[2] = {"title", "text"};
    DocumentStream stream(scanner, "s");
    std::size_t at[2] = {0, 0};
    int first = -1;
    while (at[0] < texts[0].size() || at[1] < texts[1].size()) {
      const int f = at[0] == texts[0].size() ? 1 : at[1] == texts[1].size() ? 0 : random() % 2;
      if (first < 0) first = f;
      const std::size_t size = std::min<std::size_t>(1 + random() % 5000, texts[f].size() - at[f]);
      stream.Append(names[f], std::string_view(texts[f]).substr(at[f], size));
      at[f] += size;
    }
    Document whole;
    whole.id = "s";
    whole.AddField(names[first], texts[first]);
    whole.AddField(names[1 - first], texts[1 - first]);
    const std::string expected = Json(scanner.Scan(whole));
    EXPECT_EQ(Json(stream.Finish()), expected) << "round " << round;
  }
}

// Appends `text` to `stream`'s field `text` in chunks of `chunk` bytes;
// returns the verdict.
const Verdict& StreamText(DocumentStream& stream, std::string_view text, std::size_t chunk,
                          std::size_t* buffered = nullptr) {
  for (std::size_t at = 0; at < text.size(); at += chunk) {
    stream.Append("text", text.substr(at, chunk));
  }
  if (buffered != nullptr) *buffered = stream.buffered_bytes();
  return stream.Finish();
}

// Streams `text` in chunks of `chunk` bytes; returns the verdict's JSON.
std::string StreamJson(Scanner& scanner, std::string_view text, std::size_t chunk,
                       std::size_t* buffered = nullptr) {
  DocumentStream stream(scanner, "s");
  return Json(StreamText(stream, text, chunk, buffered));
}

// A term that matches thousands of times: the stream keeps what the verdict
// needs (the first spans, the count up to 41, a disguised one), not them all,
// and still decides count() exactly.
TEST(DocumentStream, KeepsWhatTheVerdictNeedsNotEveryMatch) {
  auto program = MustCompile(kPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  const std::string filler = " the quick brown fox jumps over the lazy dogs\n";
  std::string text;
  for (int i = 0; i < 40; ++i) text += "try it" + filler;
  std::size_t small = 0, large = 0;
  for (const int pods : {8000, 32000}) {
    std::string more = text;
    for (int i = 0; i < pods; ++i) more += (i == pods / 2 ? "t.i.d.e p-o-d" : "tide pod") + filler;
    Document whole = TextDocument(more, "s");
    const Verdict& verdict = scanner.Scan(whole);
    EXPECT_EQ((LiveRules(verdict)), (std::vector<std::string>{"pod", "many", "evaded", "exactly"}));
    const std::string expected = Json(verdict);
    EXPECT_EQ(StreamJson(scanner, more, 4096, pods == 8000 ? &small : &large), expected) << pods;
  }
  // Four times the matches, the same state: it does not grow with the text.
  EXPECT_EQ(large, small);
  EXPECT_LT(large, 4 * DocumentStream::kWindowBytes);
  text += "try it" + filler;  // 41
  EXPECT_EQ(StreamJson(scanner, text, 1000), Json(scanner.Scan(TextDocument(text, "s"))));
  EXPECT_EQ(LiveRules(scanner.Scan(TextDocument(text, "s"))), std::vector<std::string>{"more"});
}

// near() pairs found long before the end of the stream, or only at its end,
// among thousands of matches of both terms too far apart to pair.
TEST(DocumentStream, FindsNearPairsAnywhereAmongMatchesThatDoNotPair) {
  auto program = MustCompile(kPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  std::string apart;
  for (int i = 0; i < 3000; ++i) apart += "tide pod one two three four try it five six seven eight\n";
  const struct {
    std::string text;
    bool near;
  } cases[] = {{"tide pod, try it! " + apart, true}, {apart + "try it: tide pod", true}, {apart, false}};
  for (const auto& [text, near] : cases) {
    const Document whole = TextDocument(text, "s");
    const Verdict& verdict = scanner.Scan(whole);
    const std::vector<std::string> rules = LiveRules(verdict);
    EXPECT_EQ(std::count(rules.begin(), rules.end(), "near"), near ? 1 : 0);
    const std::string expected = Json(verdict);
    for (const std::size_t chunk : {4096, 777}) EXPECT_EQ(StreamJson(scanner, text, chunk), expected);
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

// A window slides to the start of a character in its overlap. Text that is
// not UTF-8, a window of continuation bytes, offered no such start: the
// window never slid, and appending looped for ever.
TEST(DocumentStream, SlidesOverTextThatIsNotUtf8) {
  auto program = MustCompile(kPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  DocumentStream stream(scanner, "bytes");
  stream.Append("text", "tide pod ");
  stream.Append("text", std::string(3 * DocumentStream::kWindowBytes, '\x80'));
  stream.Append("text", " try it tide pod");
  EXPECT_LT(stream.buffered_bytes(), 2 * DocumentStream::kWindowBytes);
  const Verdict& verdict = stream.Finish();
  EXPECT_EQ(LiveRules(verdict), (std::vector<std::string>{"pod", "near"}));
}

// Over --max-document-bytes a document is streamed: 22,000 zero-width
// spaces (or marks, or bidi controls, or variation selectors) inside a term
// made it vanish there, while the whole text read it. Long runs are cut to
// their first 32 characters in the window; the span keeps the original
// offsets, and its evasions.
TEST(DocumentStream, PaddingInsideATermCannotStretchItPastTheWindow) {
  auto program = MustCompile(kPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  for (const std::string padding : {"\xE2\x80\x8B", "\xCC\x81", "\xE2\x80\xAE", "\xEF\xB8\x8F"}) {
    std::string padded;
    for (int i = 0; i < 40000; ++i) padded += padding;  // past a window in any case
    const std::string text = "filler words then ti" + padded + "de pod and more";
    const Verdict& whole = scanner.Scan(TextDocument(text, "s"));
    const std::vector<std::string> rules = LiveRules(whole);
    ASSERT_EQ(rules, (std::vector<std::string>{"pod", "evaded"})) << "the whole text reads it";
    const MatchSpan expected = whole.spans.front();
    for (const std::size_t chunk : {std::size_t{4096}, std::size_t{1000}, std::size_t{7}}) {
      DocumentStream stream(scanner, "s");
      const Verdict& streamed = StreamText(stream, text, chunk);
      ASSERT_EQ(LiveRules(streamed), rules) << chunk;
      const MatchSpan& span = streamed.spans.front();
      EXPECT_EQ(span.begin, expected.begin);
      EXPECT_EQ(span.end, expected.end);
      EXPECT_EQ(span.evasions, expected.evasions);
      EXPECT_LE(streamed.TextOf(span).size(), 8u + 32 * padding.size());
    }
  }
}

// Marks after a letter of a script whose marks folding keeps (a Devanagari
// virama, a Hebrew point) spell: they are not padding, even after 32
// zero-width characters, whose run they end. Shed as padding, they hid a
// term from a stream that the whole text found.
TEST(DocumentStream, MarksThatFoldingKeepsAreNotPadding) {
  auto program = MustCompile(R"yaml(category: dangerous-acts-and-challenges
terms:
  hi: [क्षमा]
  he: [שָׁלוֹם]
rules:
  - { id: hi, when: hi }
  - { id: he, when: he }
)yaml");
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  std::string zero_width;
  for (int i = 0; i < 32; ++i) zero_width += "\xE2\x80\x8B";  // the most a run keeps
  for (const std::string& term : {std::string("क") + zero_width + "्षमा",
                                  std::string("ש") + zero_width + "ָׁלוֹם"}) {
    const std::string text = std::string(70000, 'x') + " " + term + " and more";
    const std::string whole = Json(scanner.Scan(TextDocument(text, "s")));
    ASSERT_NE(whole.find("\"decision\":\"review\""), std::string::npos) << "the whole text reads it";
    EXPECT_EQ(StreamJson(scanner, text, 4096), whole);
  }
}

// A span never splits a grapheme cluster: after a term, a run of marks (or
// ZWJ, or variation selectors) is the term's, however long. The window keeps
// 32 of them; the span's end still reaches past those it left out.
TEST(DocumentStream, ASpanEndsAfterTheMarksLeftOutOfItsCluster) {
  auto program = MustCompile(kPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  for (const std::string extender : {"\xCC\x81", "\xE2\x80\x8D", "\xEF\xB8\x8F"}) {
    std::string run;
    for (int i = 0; i < 100; ++i) run += extender;
    const std::string text = std::string(1000, 'x') + " tide pod" + run + " and then " + std::string(70000, 'y');
    const Verdict& whole = scanner.Scan(TextDocument(text, "s"));
    ASSERT_FALSE(whole.spans.empty());
    const MatchSpan expected = whole.spans.front();
    ASSERT_EQ(expected.end, 1001 + 8 + run.size()) << "the whole text's span takes the cluster";
    DocumentStream stream(scanner, "s");
    const Verdict& streamed = StreamText(stream, text, 4096);
    ASSERT_FALSE(streamed.spans.empty());
    EXPECT_EQ(streamed.spans.front().begin, expected.begin);
    EXPECT_EQ(streamed.spans.front().end, expected.end);
  }
}

// A span's text in a stream holds the run of padding as the window kept
// it, shorter than its original bytes: it is read with its own length, not
// the span's, which ran on into the texts of the matches kept after it.
TEST(DocumentStream, ASpanTextShortenedByPaddingIsItsOwn) {
  auto program = MustCompile(kPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  std::string padding, kept;
  for (int i = 0; i < 100; ++i) padding += "\xE2\x80\x8B";
  for (int i = 0; i < 32; ++i) kept += "\xE2\x80\x8B";
  const std::string text = "ti" + padding + "de pod, " + std::string(70000, 'x') + " tide pod";
  DocumentStream stream(scanner, "s");
  const Verdict& verdict = StreamText(stream, text, 4096);
  std::vector<std::string> texts;
  for (const MatchSpan& span : verdict.spans) texts.emplace_back(verdict.TextOf(span));
  const std::string padded = "ti" + kept + "de pod";
  EXPECT_EQ(texts, (std::vector<std::string>{padded, "tide pod", padded, "tide pod"}));  // pod's, evaded's
  EXPECT_EQ(verdict.spans.front().end, 2 + padding.size() + 6);  // the original's offsets
}

TEST(DocumentStream, FieldsAndResetAreIndependent) {
  auto program = MustCompile(kPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  DocumentStream stream(scanner, "a");
  stream.Append("title", "tide ");
  stream.Append("text", "nothing here");
  stream.Append("title", "pod");
  EXPECT_EQ(LiveRules(stream.Finish()), (std::vector<std::string>{"pod", "title"}));
  stream.Reset("b");
  stream.Append("text", "nothing here either");
  EXPECT_TRUE(LiveRules(stream.Finish()).empty());
}

}  // namespace
}  // namespace bylaw::test
