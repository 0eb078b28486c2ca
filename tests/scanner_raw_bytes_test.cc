// Documents are raw bytes: invalid UTF-8 and NUL bytes are scanned, never
// rejected, and every span still gives exact offsets in the original bytes
// (engine/runtime/scanner.cc, text_fold.cc).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bylaw/scanner.h"
#include "test_rules.h"

namespace bylaw {
namespace {

using namespace std::string_literals;

constexpr const char* kPack = R"(category: dangerous-acts-and-challenges
terms:
  blackout: [blackout challenge]
  pod: [{ literal: tide pod }]
  brand: [{ text: Benadryl, case_sensitive: true }]
  dose: [{ regex: '\d+ pills' }]
rules:
  - { id: blackout, when: blackout, action: remove }
  - { id: pod, when: pod, action: remove }
  - { id: brand, when: brand, action: review }
  - { id: dose, when: dose, action: review }
)";

struct Case {
  std::string text;
  std::string rule;      // the one rule expected to match; empty: none
  std::uint32_t begin;   // its one span
  std::uint32_t end;
};

class ScannerRawBytes : public ::testing::TestWithParam<Case> {};

TEST_P(ScannerRawBytes, ScansAndGivesExactSpans) {
  static const std::shared_ptr<const Program> program = test::MustCompile(kPack);
  Scanner scanner(program);
  const Case& c = GetParam();
  const Document document = test::TextDocument(c.text);
  const Verdict& verdict = scanner.Scan(document);
  if (c.rule.empty()) {
    EXPECT_TRUE(verdict.live.empty());
    return;
  }
  ASSERT_EQ(test::LiveRules(verdict), std::vector<std::string>{c.rule});
  ASSERT_EQ(verdict.spans.size(), 1u);
  EXPECT_EQ(verdict.spans[0].begin, c.begin);
  EXPECT_EQ(verdict.spans[0].end, c.end);
  EXPECT_EQ(verdict.TextOf(verdict.spans[0]), c.text.substr(c.begin, c.end - c.begin));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ScannerRawBytes,
    ::testing::Values(
        // A NUL byte separates words like any other control character.
        Case{"the blackout\0challenge!"s, "blackout", 4, 22},
        Case{"\0\0blackout challenge\0"s, "blackout", 2, 20},
        // Invalid bytes right next to a match are one U+FFFD each, outside the span.
        Case{"\xff" "blackout challenge" "\xfe\x80", "blackout", 1, 19},
        Case{"a \xe2\x82" "tide pod\xc3", "pod", 4, 12},       // truncated sequences
        Case{"\xc3" "Benadryl" "\xed\xa0\x80", "brand", 1, 9},  // C3 without continuation; a surrogate
        Case{"\xf0\x9f\x98" "12 pills", "dose", 3, 11},
        Case{"took 7\0 pills"s, "", 0, 0},                      // NUL is not a space in a regex
        // Only invalid bytes and NULs: scanned, nothing matches.
        Case{"\x80\x81\xff\0\xc0\xaf"s, "", 0, 0}));

TEST(ScannerRawBytes, NulBytesInsideAFieldKeepItsWholeLength) {
  const auto program = test::MustCompile(kPack);
  Scanner scanner(program);
  const std::string text = std::string(1000, '\0') + "tide pod" + std::string(10, '\0');
  const Verdict& verdict = scanner.Scan(test::TextDocument(text));
  ASSERT_EQ(verdict.spans.size(), 1u);
  EXPECT_EQ(verdict.spans[0].begin, 1000u);
  EXPECT_EQ(verdict.spans[0].end, 1008u);
}

}  // namespace
}  // namespace bylaw
