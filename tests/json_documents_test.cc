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

// Nesting is checked before parsing, outside strings only.
TEST(JsonDocumentParser, RefusesJsonNestedTooDeepButNotBracketsInText) {
  JsonDocumentParser parser;
  Document document;
  std::string problem;
  const std::string deep =
      R"({"text": "a", "x": )" + std::string(300, '[') + std::string(300, ']') + "}";
  EXPECT_FALSE(parser.Parse(deep, "d", &document, &problem));
  EXPECT_EQ(problem, "JSON nests deeper than 256 levels");
  const std::string text = R"({"text": ")" + std::string(300, '[') + R"(\"{"})";
  EXPECT_TRUE(parser.Parse(text, "t", &document, &problem)) << problem;
  EXPECT_EQ(document.fields[0].text, std::string(300, '[') + "\"{");
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
  ASSERT_EQ(parser.ParseBatch(R"({"documents": [{"text": "a"}, {"id": "b"}, [], {"id": "d",
      "text": "d"}]})", "documents", 4, visit, &error), JsonDocumentParser::Batch::kRead);
  EXPECT_EQ(seen, (std::vector<std::string>{"0 read item-1", "1 refused b: no text field",
                                            "2 refused : expected a JS",
                                            "3 read d"}));
  for (const std::string bad : {"[1]", R"({"documents": 5})", "{", R"({"other": []})"}) {
    error.clear();
    EXPECT_EQ(parser.ParseBatch(bad, "documents", 4, visit, &error),
              JsonDocumentParser::Batch::kInvalid) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

// The elements are counted before parsing: strings holding commas and
// brackets, nested arrays and whitespace do not fool the count.
TEST(JsonDocumentParser, ABatchOverItsLimitIsRefusedBeforeItIsParsed) {
  JsonDocumentParser parser;
  std::size_t visited = 0;
  const auto visit = [&visited](std::size_t, bool, const Document&, const std::string&) {
    ++visited;
  };
  std::string error;
  const std::string three =
      R"({"documents": [ {"text": "a, [b], {c}, \"d,"}, {"text": "[1, 2]", "x": [1, 2, 3]},)"
      R"(
 {"text": "e"} ], "other": 1})";
  EXPECT_EQ(parser.ParseBatch(three, "documents", 3, visit, &error),
            JsonDocumentParser::Batch::kRead) << error;
  EXPECT_EQ(visited, 3u);
  visited = 0;
  EXPECT_EQ(parser.ParseBatch(three, "documents", 2, visit, &error),
            JsonDocumentParser::Batch::kTooLarge);
  EXPECT_EQ(error, "a batch holds at most 2 documents");
  EXPECT_EQ(visited, 0u);
  std::string huge = R"({"documents": [)";
  for (int i = 0; i < 100000; ++i) huge += "{},";
  huge += "{}]}";
  EXPECT_EQ(parser.ParseBatch(huge, "documents", 1000, visit, &error),
            JsonDocumentParser::Batch::kTooLarge);
  EXPECT_EQ(parser.ParseBatch(R"({"documents": []})", "documents", 0, visit, &error),
            JsonDocumentParser::Batch::kRead);
}

}  // namespace
}  // namespace bylaw
