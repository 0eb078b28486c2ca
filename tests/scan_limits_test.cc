// Tests for engine/runtime/scan_limits.cc: documents over the size limit are
// refused with a clear error, or streamed with the verdict of a whole scan.
#include "bylaw/scan_limits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bylaw/error.h"
#include "test_rules.h"

namespace bylaw {
namespace {

constexpr const char* kPack = R"(category: dangerous-acts-and-challenges
terms:
  blackout: [blackout challenge]
  dose: [{ regex: '\b\d{1,3}\s*pills\b' }]
rules:
  - { id: promo, when: blackout, action: remove }
  - { id: dose, when: 'count(dose) >= 2', action: review }
)";

// "rule:field:begin-end" for every span of every live match.
std::vector<std::string> Spans(const Verdict& verdict) {
  std::vector<std::string> spans;
  for (const RuleMatch& match : verdict.live) {
    for (const MatchSpan& span : verdict.SpansOf(match)) {
      spans.push_back(verdict.program->rules()[match.rule].id + ":" + std::to_string(span.field) +
                      ":" + std::to_string(span.begin) + "-" + std::to_string(span.end));
    }
  }
  return spans;
}

Document LongDocument() {
  Document document;
  document.id = "long";
  document.AddField("title", "12 pills");
  std::string text(3000, 'x');
  text += " the blackout challenge, then 40 pills ";
  text += std::string(500, 'y');
  document.AddField("text", text);
  return document;
}

TEST(ScanLimits, ScansADocumentWithinTheLimitWhole) {
  Scanner scanner(test::MustCompile(kPack));
  DocumentStream stream(scanner, "");
  const Document document = LongDocument();
  ScanLimits limits;
  limits.max_document_bytes = DocumentBytes(document);
  const Verdict& verdict = ScanWithinLimits(scanner, &stream, document, limits);
  EXPECT_EQ(verdict.document, &document);
  EXPECT_EQ(test::LiveRules(verdict), (std::vector<std::string>{"promo", "dose"}));
}

TEST(ScanLimits, RefusesALargerDocumentNamingItsSizeAndTheLimit) {
  Scanner scanner(test::MustCompile(kPack));
  DocumentStream stream(scanner, "");
  ScanLimits limits;
  limits.max_document_bytes = 1000;
  try {
    ScanWithinLimits(scanner, &stream, LongDocument(), limits);
    FAIL() << "an oversize document must be refused";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "document `long` has 3547 bytes of text, over the limit of 1000 bytes");
  }
}

TEST(ScanLimits, StreamsALargerDocumentToTheVerdictOfAWholeScan) {
  Scanner scanner(test::MustCompile(kPack));
  const Document document = LongDocument();
  const std::vector<std::string> whole = Spans(scanner.Scan(document));
  ASSERT_EQ(whole, (std::vector<std::string>{"promo:1:3005-3023", "dose:0:0-8", "dose:1:3030-3038"}));

  DocumentStream stream(scanner, "");
  ScanLimits limits;
  limits.max_document_bytes = 1000;
  limits.oversize = ScanLimits::Oversize::kStream;
  limits.stream_chunk_bytes = 7;  // cuts "blackout challenge" and "40 pills"
  const Verdict& streamed = ScanWithinLimits(scanner, &stream, document, limits);
  EXPECT_EQ(Spans(streamed), whole);
  EXPECT_EQ(streamed.document->id, "long");
}

// Whether every span of the verdict carries its own text (a streamed
// document's) rather than reading it from the document.
bool SpansCarryTheirText(const Verdict& verdict) {
  return std::all_of(verdict.spans.begin(), verdict.spans.end(),
                     [](const MatchSpan& span) { return span.text != MatchSpan::kInDocument; });
}

// The default limit is for text dense with matches: a long document of
// everyday text, with a match in every few words, is still scanned whole.
TEST(ScanLimits, ScansALongEverydayDocumentWholeWithTheDefaults) {
  Scanner scanner(test::MustCompile(kPack));
  std::string text;
  while (text.size() < (std::size_t{900} << 10)) {
    text += "we took 12 pills and tried the blackout challenge. ";
  }
  const Document document = test::TextDocument(text, "long");
  const ScanLimits limits;
  ASSERT_LE(DocumentBytes(document), limits.max_document_bytes);
  const Verdict& verdict = ScanWithinLimits(scanner, nullptr, document, limits);
  EXPECT_EQ(test::LiveRules(verdict), (std::vector<std::string>{"promo", "dose"}));
  EXPECT_EQ(verdict.document, &document);
  EXPECT_FALSE(SpansCarryTheirText(verdict));
}

TEST(ScanLimits, ScansWholeADocumentWithinTheMatchesAWholeScanMayHold) {
  Scanner scanner(test::MustCompile(kPack));
  const Document document = LongDocument();
  ScanLimits limits;
  limits.whole_scan_matches = 3;  // its own
  const Verdict& verdict = ScanWithinLimits(scanner, nullptr, document, limits);
  EXPECT_EQ(Spans(verdict), (std::vector<std::string>{"promo:1:3005-3023", "dose:0:0-8", "dose:1:3030-3038"}));
  EXPECT_FALSE(SpansCarryTheirText(verdict));
}

TEST(ScanLimits, StreamsADocumentWithMoreMatchesThanAWholeScanMayHold) {
  Scanner scanner(test::MustCompile(kPack));
  const Document document = LongDocument();
  const std::vector<std::string> whole = Spans(scanner.Scan(document));
  DocumentStream stream(scanner, "");
  ScanLimits limits;  // refuses over 16 MiB
  limits.whole_scan_matches = 2;
  limits.stream_chunk_bytes = 7;
  const Verdict& streamed = ScanWithinLimits(scanner, &stream, document, limits);
  EXPECT_EQ(Spans(streamed), whole);
  EXPECT_TRUE(SpansCarryTheirText(streamed));
  EXPECT_EQ(streamed.document, &document);
  EXPECT_EQ(streamed.TextOf(streamed.spans.front()), "blackout challenge");
}

TEST(ScanLimits, StreamsThroughTheScannersOwnStreamWhenGivenNone) {
  Scanner scanner(test::MustCompile(kPack));
  ScanLimits limits;
  limits.whole_scan_matches = 1;
  Document other = LongDocument();
  other.id = "other";
  other.fields[1].text.replace(3005, 18, "a quiet afternoon ");
  for (const Document& document : {LongDocument(), other, LongDocument()}) {
    const std::vector<std::string> whole = Spans(scanner.Scan(document));
    const Verdict& streamed = ScanWithinLimits(scanner, nullptr, document, limits);
    EXPECT_EQ(Spans(streamed), whole) << document.id;
    EXPECT_TRUE(SpansCarryTheirText(streamed));
    EXPECT_EQ(streamed.document->id, document.id);
  }
}

TEST(ScanLimits, ScansWholeADocumentThatNamesAFieldTwice) {
  Scanner scanner(test::MustCompile(kPack));
  Document document = LongDocument();
  document.AddField("text", "40 pills and the blackout");  // a stream would join the two `text`s
  const std::vector<std::string> whole = Spans(scanner.Scan(document));
  ScanLimits limits;
  limits.whole_scan_matches = 1;
  const Verdict& verdict = ScanWithinLimits(scanner, nullptr, document, limits);
  EXPECT_EQ(Spans(verdict), whole);
  EXPECT_FALSE(SpansCarryTheirText(verdict));
  EXPECT_EQ(verdict.document, &document);
}

}  // namespace
}  // namespace bylaw
