// Tests for adapters/json_documents.cc: documents read from JSON in memory,
// one object or a batch, as the JSON Lines source reads a line.
#include "bylaw/json_documents.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bylaw {
namespace {

using ::testing::HasSubstr;

TEST(JsonDocumentParser, ReadsOneObjectLikeALineOfJsonLines) {
  JsonDocumentParser parser;
  Document document;
  std::string problem;
  ASSERT_TRUE(parser.Parse(R"({"id": 7, "title": "t", "text": "x", "metadata": {"lang": "es"}})",
                           "fallback", &document, &problem));
  EXPECT_EQ(document.id, "7");
  ASSERT_EQ(document.fields.size(), 2u);
  EXPECT_EQ(document.fields[0].name, "text");
  EXPECT_EQ(document.fields[1].name, "title");
  EXPECT_EQ(problem, "");
  EXPECT_FALSE(parser.Parse("{\"text\": \"x\"", "fallback", &document, &problem));
  EXPECT_THAT(problem, HasSubstr("invalid JSON"));
  EXPECT_TRUE(parser.Parse("{\"text\": \"x\"}", "fallback", &document, &problem));
  EXPECT_EQ(document.id, "fallback");
}

TEST(JsonDocumentParser, ReadsABatchInOrderAndSaysWhichElementsAreRefused) {
  JsonlOptions options;
  options.require_text = true;
  JsonDocumentParser parser(options);
  std::vector<std::string> seen;
  const auto visit = [&seen](std::size_t index, bool read, const Document& document,
                             const std::string& problem) {
    seen.push_back(std::to_string(index) + (read ? " read " : " refused ") + document.id +
                   (problem.empty() ? "" : ": " + problem.substr(0, 13)));
  };
  std::string error;
  ASSERT_TRUE(parser.ParseBatch(R"({"documents": [{"text": "a"}, {"id": "b"}, [], {"id": "d",
      "text": "d"}]})", "documents", visit, &error));
  EXPECT_EQ(seen, (std::vector<std::string>{"0 read item-1", "1 refused b: no text field",
                                            "2 refused : expected a JS",
                                            "3 read d"}));
  for (const std::string bad : {"[1]", R"({"documents": 5})", "{", R"({"other": []})"}) {
    error.clear();
    EXPECT_FALSE(parser.ParseBatch(bad, "documents", visit, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

}  // namespace
}  // namespace bylaw
