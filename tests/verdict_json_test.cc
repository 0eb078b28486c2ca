// Tests for engine/runtime/verdict_json.cc: the verdict's JSON shape, read
// back with nlohmann, and escaping that keeps the output valid JSON whatever
// bytes the document holds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/compiler.h"
#include "bylaw/document.h"
#include "bylaw/scanner.h"
#include "bylaw/verdict.h"

namespace bylaw {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Json = nlohmann::ordered_json;

constexpr char kTaxonomy[] = R"(
resources:
  - { id: help, title: 'Help "centre"', url: "https://example.org/help?a=1&b=2" }
categories:
  - id: dangerous-acts
    title: Dangerous acts
    section: Safety
    description: Test category.
    resources: [help]
  - id: spam
    title: Spam
    section: Integrity
    description: Test category.
)";

constexpr char kDangerousPack[] = R"(
category: dangerous-acts
defaults: { action: remove, severity: high }
terms:
  blackout: [blackout challenge]
  promote: [try it]
  tide: [tide pod]
rules:
  - id: dac.blackout
    title: Names the blackout "challenge"
    when: blackout
    labels: [challenge, minor-safety]
  - id: dac.blackout.promo
    when: blackout and promote
    action: restrict
    severity: critical
  - id: dac.tide
    when: tide
    status: shadow
    action: review
    severity: medium
)";

constexpr char kSpamPack[] = R"(
category: spam
defaults: { action: label, severity: low }
terms:
  free_money: [free money]
rules:
  - id: spam.money
    when: free_money
)";

std::shared_ptr<const Program> CompileTestRules() {
  const CompileResult result = CompileSources({{"rules/taxonomy.yaml", kTaxonomy},
                                               {"rules/dangerous.yaml", kDangerousPack},
                                               {"rules/spam.yaml", kSpamPack}});
  std::string diagnostics;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    diagnostics += FormatDiagnostic(diagnostic);
  }
  EXPECT_TRUE(result.ok()) << diagnostics;
  return result.program;
}

class VerdictJsonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    program_ = CompileTestRules();
    ASSERT_NE(program_, nullptr);
    scanner_ = std::make_unique<Scanner>(program_);
  }

  // Scans `document` and returns its verdict JSON parsed back (keys in
  // written order); fails the test if the output is not valid JSON.
  Json ScanToJson(const Document& document) {
    std::string out;
    AppendVerdictJson(scanner_->Scan(document), &out);
    EXPECT_EQ(out.find('\n'), std::string::npos);
    return ParseOrFail(out);
  }

  static Json ParseOrFail(const std::string& out) {
    try {
      return Json::parse(out);  // nlohmann also rejects invalid UTF-8
    } catch (const Json::exception& e) {
      ADD_FAILURE() << e.what() << "\n" << out;
      return Json();
    }
  }

  std::shared_ptr<const Program> program_;
  std::unique_ptr<Scanner> scanner_;
};

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

TEST_F(VerdictJsonTest, WritesTheDocumentedShapeInKeyOrder) {
  Document document;
  document.id = "post-1";
  document.AddField("title", "nothing here");
  document.AddField("text", "I did the blackout challenge, try it");
  const Json verdict = ScanToJson(document);

  EXPECT_THAT(Keys(verdict),
              ElementsAre("id", "decision", "categories", "rules", "shadow", "ruleset"));
  EXPECT_EQ(verdict["id"], "post-1");
  EXPECT_EQ(verdict["decision"], "remove");
  EXPECT_EQ(verdict["categories"], Json::array({"dangerous-acts"}));
  EXPECT_EQ(verdict["ruleset"], std::string(program_->hash()));
  EXPECT_THAT(verdict["ruleset"].get<std::string>(), ::testing::StartsWith("sha256:"));
  EXPECT_TRUE(verdict["shadow"].empty());

  const Json& rules = verdict["rules"];
  ASSERT_EQ(rules.size(), 2u);
  const Json& rule = rules[0];
  EXPECT_THAT(Keys(rule), ElementsAre("rule", "title", "category", "action", "severity",
                                      "labels", "resources", "spans"));
  EXPECT_EQ(rule["rule"], "dac.blackout");
  EXPECT_EQ(rule["title"], "Names the blackout \"challenge\"");
  EXPECT_EQ(rule["category"], "dangerous-acts");
  EXPECT_EQ(rule["action"], "remove");
  EXPECT_EQ(rule["severity"], "high");
  EXPECT_EQ(rule["labels"], Json::array({"challenge", "minor-safety"}));
  EXPECT_EQ(rule["resources"],
            Json::parse(R"([{"id":"help","title":"Help \"centre\"",)"
                        R"("url":"https://example.org/help?a=1&b=2"}])"));
  ASSERT_EQ(rule["spans"].size(), 1u);
  const Json& span = rule["spans"][0];
  EXPECT_THAT(Keys(span), ElementsAre("field", "begin", "end", "text", "term"));
  EXPECT_EQ(span["field"], "text");
  EXPECT_EQ(span["begin"], 10);
  EXPECT_EQ(span["end"], 28);
  EXPECT_EQ(span["text"], "blackout challenge");
  EXPECT_EQ(span["term"], "blackout");

  EXPECT_EQ(rules[1]["rule"], "dac.blackout.promo");
  EXPECT_EQ(rules[1]["title"], "");  // a rule without a title still has the key
  EXPECT_EQ(rules[1]["action"], "restrict");
  EXPECT_EQ(rules[1]["spans"].size(), 2u);
}

// The metadata comes back as given, after the id, names escaped like any
// text; a name given twice keeps its last value, so no key repeats.
TEST_F(VerdictJsonTest, PassesTheDocumentsMetadataThrough) {
  Document document;
  document.id = "post-m";
  document.AddField("text", "free money");
  document.metadata = {{"surface", "live"},
                       {"locale", "es"},
                       {"author_age", "17"},
                       {"na\"me\n", "caf\xC3\xA9 \xFF"},
                       {"locale", "pt"}};
  std::string out;
  AppendVerdictJson(scanner_->Scan(document), &out);
  EXPECT_THAT(out, HasSubstr(R"("id":"post-m","metadata":{"surface":"live","author_age":"17",)"
                             "\"na\\\"me\\n\":\"caf\xC3\xA9 \\ufffd\","
                             R"("locale":"pt"},"decision":)"));
  const Json verdict = ParseOrFail(out);
  EXPECT_THAT(Keys(verdict), ElementsAre("id", "metadata", "decision", "categories", "rules",
                                         "shadow", "ruleset"));
  EXPECT_THAT(Keys(verdict["metadata"]), ElementsAre("surface", "author_age", "na\"me\n", "locale"));
  EXPECT_EQ(verdict["rules"][0]["rule"], "spam.money");
}

TEST_F(VerdictJsonTest, ShadowRulesAreReportedApartAndDoNotDecide) {
  Document document;
  document.id = "post-2";
  document.AddField("text", "eating a tide pod");
  const Json verdict = ScanToJson(document);
  EXPECT_EQ(verdict["decision"], "allow");
  EXPECT_TRUE(verdict["categories"].empty());
  EXPECT_TRUE(verdict["rules"].empty());
  ASSERT_EQ(verdict["shadow"].size(), 1u);
  EXPECT_EQ(verdict["shadow"][0]["rule"], "dac.tide");
  EXPECT_EQ(verdict["shadow"][0]["action"], "review");
  EXPECT_EQ(verdict["shadow"][0]["spans"][0]["text"], "tide pod");
}

TEST_F(VerdictJsonTest, ListsEachLiveCategoryOnceInOrder) {
  Document document;
  document.AddField("text", "free money for the blackout challenge, try it");
  const Json verdict = ScanToJson(document);
  EXPECT_EQ(verdict["categories"], Json::array({"dangerous-acts", "spam"}));
  EXPECT_EQ(verdict["rules"].size(), 3u);
}

TEST_F(VerdictJsonTest, EscapesQuotesControlsAndInvalidUtf8InSpanText) {
  Document document;
  document.id = "id\"1\n\\";
  document.AddField("text", "blackout challenge");
  Verdict verdict = scanner_->Scan(document);  // a copy to rewrite
  ASSERT_EQ(verdict.live.size(), 1u);
  ASSERT_EQ(verdict.spans.size(), 1u);

  // Rewrite the span to cover every kind of byte the writer must escape.
  const std::string nasty =
      "a\"b\\c\x01\x1f\n\t\r\b\f\x7f"  // quote, backslash, controls, DEL
      "\xff"                           // never valid in UTF-8
      "\xe2\x82"                       // truncated sequence
      "\xc3\xa9\xf0\x9f\x98\x80"       // é and an emoji: kept as they are
      "\xc0\xaf"                       // overlong '/'
      "\xed\xa0\x80";                  // a surrogate
  Document nasty_document = document;
  nasty_document.fields[0].text = "<" + nasty + ">";
  verdict.document = &nasty_document;
  verdict.spans[0].begin = 1;
  verdict.spans[0].end = static_cast<std::uint32_t>(1 + nasty.size());

  std::string out;
  AppendVerdictJson(verdict, &out);
  EXPECT_THAT(out, HasSubstr(R"("id":"id\"1\n\\")"));
  EXPECT_THAT(out, HasSubstr(R"("text":"a\"b\\c\u0001\u001f\n\t\r\b\f)"
                             "\x7f"
                             R"(\ufffd\ufffd\ufffd)"
                             "\xc3\xa9\xf0\x9f\x98\x80"
                             R"(\ufffd\ufffd\ufffd\ufffd\ufffd")"));
  const Json parsed = ParseOrFail(out);
  EXPECT_EQ(parsed["rules"][0]["spans"][0]["text"],
            "a\"b\\c\x01\x1f\n\t\r\b\f\x7f\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9"
            "\xf0\x9f\x98\x80\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(parsed["id"], "id\"1\n\\");
}

TEST_F(VerdictJsonTest, InvalidUtf8DocumentStillGivesValidJson) {
  Document document;
  document.id = "\xff\xfe";
  document.AddField("te\x80xt", "\xff\xfe blackout \xc0 challenge \xe2\x28\xa1 end");
  document.AddField("title", std::string("nul \0 byte", 10));
  const Json verdict = ScanToJson(document);
  EXPECT_EQ(verdict["id"], "\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(verdict["decision"], "remove");
}

TEST_F(VerdictJsonTest, AppendsWithoutReallocatingOnceWarm) {
  Document document;
  document.id = "warm";
  document.AddField("text", "the blackout challenge, try it, free money, tide pod");
  const Verdict& verdict = scanner_->Scan(document);
  std::string out = "prefix:";
  AppendVerdictJson(verdict, &out);
  ASSERT_TRUE(out.starts_with("prefix:{"));  // appends, never overwrites
  const std::string first = out.substr(7);
  out.clear();
  const char* data = out.data();
  AppendVerdictJson(verdict, &out);
  EXPECT_EQ(out.data(), data);
  EXPECT_EQ(out, first);
}

TEST(VerdictJson, WithoutProgramWritesAnEmptyValidVerdict) {
  Document document;
  document.id = "lonely";
  Verdict verdict;
  verdict.document = &document;
  std::string out;
  AppendVerdictJson(verdict, &out);
  const Json parsed = Json::parse(out);
  EXPECT_EQ(parsed["id"], "lonely");
  EXPECT_EQ(parsed["decision"], "allow");
  EXPECT_TRUE(parsed["rules"].empty());
}

TEST(VerdictJson, WithoutDocumentWritesANullId) {
  const Verdict verdict;
  std::string out;
  AppendVerdictJson(verdict, &out);
  EXPECT_EQ(out, R"({"id":null,"decision":"allow","categories":[],"rules":[],"shadow":[],"ruleset":""})");
  EXPECT_TRUE(Json::parse(out)["id"].is_null());
}

// The escape of one byte that stands alone (neighbours ASCII letters).
std::string LoneByteJson(unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: break;
  }
  if (c >= 0x80) return "\\ufffd";
  if (c < 0x20) return std::string("\\u00") + kHex[c >> 4] + kHex[c & 0xF];
  return std::string(1, static_cast<char>(c));
}

TEST(VerdictJson, EscapesEveryByteAtEveryPlaceOfAWord) {
  // Plain ASCII is checked eight bytes at a time: each byte value, at each
  // offset of two words, must come out as it does alone.
  const std::string letters = "abcdefghijklmnopq";
  for (int c = 0; c < 256; ++c) {
    for (std::size_t at = 0; at <= 16; ++at) {
      Document document;
      document.id = letters.substr(0, at) + static_cast<char>(c) + letters.substr(at);
      Verdict verdict;
      verdict.document = &document;
      std::string out;
      AppendVerdictJson(verdict, &out);
      const std::string expected = "{\"id\":\"" + letters.substr(0, at) + LoneByteJson(c) +
                                   letters.substr(at) + "\",\"decision\"";
      ASSERT_TRUE(out.starts_with(expected)) << "byte " << c << " at " << at << ": " << out;
    }
  }
}

TEST(VerdictJson, TextOfAndFieldNameOfReadTheDocument) {
  Document document;
  document.AddField("title", "hello world");
  Verdict verdict;
  verdict.document = &document;
  EXPECT_EQ(verdict.TextOf(MatchSpan{0, 6, 11, 0}), "world");
  EXPECT_EQ(verdict.FieldNameOf(MatchSpan{0, 6, 11, 0}), "title");
  EXPECT_EQ(verdict.TextOf(MatchSpan{0, 6, 99, 0}), "world");  // clamped, never past the end
  EXPECT_EQ(verdict.TextOf(MatchSpan{3, 0, 1, 0}), "");        // no such field
}

}  // namespace
}  // namespace bylaw
