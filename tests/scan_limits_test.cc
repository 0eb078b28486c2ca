// Tests for engine/runtime/scan_limits.cc: documents over the size limit are
// refused with a clear error, or streamed with the verdict of a whole scan.
#include "bylaw/scan_limits.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace bylaw
