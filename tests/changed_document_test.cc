// Tests for cli/changed_document.cc: the words each ruleset matched per
// field, the excerpts around the first match, and the change as text and
// JSON, escaped.
#include "changed_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bylaw/scanner.h"
#include "test_rules.h"

namespace bylaw::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The old ruleset removes a wire transfer when it is urgent; the new one
// reviews every wire transfer.
const std::string kOldPack = test::FraudPack(
    "  - id: fraud.wire\n    when: wire and urgent\n    action: remove\n");
const std::string kNewPack = test::FraudPack(
    "  - id: fraud.wire\n    when: wire\n    action: review\n");

class ChangedDocumentTest : public ::testing::Test {
 protected:
  ChangedDocumentTest()
      : old_scanner_(test::MustCompile(kOldPack)), new_scanner_(test::MustCompile(kNewPack)) {}

  // Decides `document` with both rulesets and describes the change.
  ChangedDocument Change(const Document& document, std::size_t line = 3) {
    const Verdict& before = old_scanner_.Scan(document);
    const Verdict& after = new_scanner_.Scan(document);
    before_ = Outcome::Of(before);
    after_ = Outcome::Of(after);
    return ChangedDocument::Of("corpus.jsonl", line, before, after);
  }

  Scanner old_scanner_, new_scanner_;
  Outcome before_, after_;
};

TEST_F(ChangedDocumentTest, ListsTheDistinctWordsOfEachFieldInOrderOfPlace) {
  Document document = test::TextDocument("urgent: wire transfer, Wire Transfer, wire transfer");
  document.AddField("title", "a WIRE TRANSFER");
  const ChangedDocument change = Change(document);
  ASSERT_EQ(change.before.size(), 2u);
  EXPECT_EQ(change.before[0].name, "text");
  EXPECT_THAT(change.before[0].words, ElementsAre("urgent", "wire transfer", "Wire Transfer"));
  EXPECT_EQ(change.before[1].name, "title");
  EXPECT_THAT(change.before[1].words, ElementsAre("WIRE TRANSFER"));
  ASSERT_EQ(change.after.size(), 2u);
  EXPECT_THAT(change.after[0].words, ElementsAre("wire transfer", "Wire Transfer"));
  EXPECT_EQ(change.after[1].first, 2u);
}

TEST_F(ChangedDocumentTest, ShowsEveryMatchedFieldWithItsWordsOldAndNew) {
  Document document = test::TextDocument("nothing to see", "d\x1b[2J");
  document.AddField("title", "urgent \"wire transfer\"\n");
  const std::string text = FormatChange(Change(document), before_, after_);
  EXPECT_THAT(text, HasSubstr("\"d\\x1b[2J\" (line 3): decision remove -> review\n"));
  EXPECT_THAT(text, HasSubstr("  title: \"urgent \\\"wire transfer\\\"\\n\"\n"));
  EXPECT_THAT(text, Not(HasSubstr("nothing to see")));  // the text field matched nothing
  EXPECT_THAT(text, HasSubstr("  decision      remove"));
  EXPECT_THAT(text, HasSubstr("frauds-and-scams:remove"));
  EXPECT_THAT(text, HasSubstr("  words in title \"urgent\", \"wire transfer\"         "
                              " \"wire transfer\"\n"));
}

TEST_F(ChangedDocumentTest, ExcerptStartsNearTheFirstMatchOfALongField) {
  const std::string filler(300, 'x');
  const ChangedDocument change =
      Change(test::TextDocument(filler + " urgent wire transfer " + filler), 0);
  ASSERT_EQ(change.excerpts.size(), 1u);
  EXPECT_TRUE(change.excerpts[0].cut_before);
  EXPECT_TRUE(change.excerpts[0].cut_after);
  EXPECT_THAT(change.excerpts[0].text, HasSubstr("urgent wire transfer"));
  const std::string text = FormatChange(change, before_, after_);
  EXPECT_THAT(text, HasSubstr("\"doc\" (corpus.jsonl): decision remove -> review\n  text: ...\"x"));
}

TEST_F(ChangedDocumentTest, JsonHasTheWordsPerFieldOldAndNew) {
  Document document = test::TextDocument("urgent wire transfer");
  const nlohmann::json json = ChangeJson(Change(document), before_, after_);
  EXPECT_EQ(json["line"], 3);
  EXPECT_EQ(json["origin"], "corpus.jsonl");
  EXPECT_EQ(json["shadow_only"], false);
  EXPECT_EQ(json["old"]["words"]["text"], nlohmann::json({"urgent", "wire transfer"}));
  EXPECT_EQ(json["new"]["words"]["text"], nlohmann::json({"wire transfer"}));
  EXPECT_EQ(json["new"]["decision"], "review");
}

}  // namespace
}  // namespace bylaw::cli
