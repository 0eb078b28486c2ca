// Tests for adapters/jsonl_source.cc: JSON Lines into Documents, and every
// kind of bad line reported with its number, never fatal, never dropped.
#include "bylaw/jsonl_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "bylaw/error.h"

namespace bylaw {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using Next = JsonlSource::Next;

// What one Read() returned, copied out of the reused Document.
struct Item {
  Next next;
  std::size_t line = 0;
  std::string id;
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::string problem;
};

std::vector<Item> ReadAll(const std::string& input, JsonlOptions options = {}) {
  std::istringstream stream(input);
  JsonlSource source(stream, std::move(options));
  Document document;
  std::vector<Item> items;
  while (true) {
    Item item;
    item.next = source.Read(&document, &item.problem);
    if (item.next == Next::kEnd) break;
    item.line = source.line_number();
    item.id = document.id;
    for (const Field& field : document.fields) item.fields.emplace_back(field.name, field.text);
    item.metadata = document.metadata;
    items.push_back(std::move(item));
  }
  return items;
}

TEST(JsonlSource, ReadsFieldsInOptionOrder) {
  const auto items = ReadAll(R"({"text":"body","id":"a1","title":"head","other":"x"})" "\n");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].next, Next::kDocument);
  EXPECT_EQ(items[0].id, "a1");
  EXPECT_THAT(items[0].fields, ElementsAre(Pair("text", "body"), Pair("title", "head")));
  EXPECT_THAT(items[0].problem, IsEmpty());
}

TEST(JsonlSource, SkipsBlankLinesSilentlyAndCountsThem) {
  const auto items = ReadAll("\n   \n{\"text\":\"a\"}\r\n\t\n{\"text\":\"b\"}");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].line, 3u);
  EXPECT_EQ(items[1].line, 5u);
  EXPECT_THAT(items[1].fields, ElementsAre(Pair("text", "b")));  // no final newline
}

TEST(JsonlSource, ReportsMalformedLinesWithTheirNumberAndReadsOn) {
  struct Case {
    std::string line;
    std::string expected_problem;
  };
  const std::vector<Case> cases = {
      {R"({"text": "unterminated)", "invalid JSON at column"},
      {R"({"text": "a",})", "invalid JSON at column"},
      {"not json at all", "invalid JSON"},
      {"[1, 2, 3]", "expected a JSON object, found array"},
      {R"("just a string")", "expected a JSON object, found string"},
      {"42", "expected a JSON object, found number"},
      {R"({"text": "cut \ud8"})", "invalid JSON at column"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    const auto items = ReadAll("{\"text\":\"ok\"}\n" + c.line + "\n{\"text\":\"after\"}\n");
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[1].next, Next::kSkipped);
    EXPECT_EQ(items[1].line, 2u);
    EXPECT_THAT(items[1].problem, HasSubstr(c.expected_problem));
    EXPECT_THAT(items[1].fields, IsEmpty());
    EXPECT_EQ(items[2].next, Next::kDocument);
    EXPECT_THAT(items[2].fields, ElementsAre(Pair("text", "after")));
  }
}

// One bad character must not leave a document undecided: JavaScript's
// JSON.stringify writes lone surrogates, and a cut multi-byte character
// leaves bytes that are not UTF-8. Each reads as U+FFFD, with a warning.
TEST(JsonlSource, ReadsLoneSurrogatesAndInvalidBytesAsReplacementCharacters) {
  struct Case {
    std::string line;
    std::string text;
    std::string problem;
  };
  const std::string kFffd = "\xEF\xBF\xBD";
  const std::vector<Case> cases = {
      {"{\"text\": \"bad \xff\xfe byte\"}", "bad " + kFffd + kFffd + " byte", "2 invalid characters"},
      {R"({"text": "a\ud800b"})", "a" + kFffd + "b", "1 invalid characters"},
      {R"({"text": "a\uDC00b"})", "a" + kFffd + "b", "1 invalid characters"},
      {R"({"text": "\ud800\u0041"})", kFffd + "A", "1 invalid characters"},
      {R"({"text": "\ud800\ud800\udc00"})", kFffd + "\xF0\x90\x80\x80", "1 invalid characters"},
      {"{\"text\": \"cut \xe2\x82\"}", "cut " + kFffd + kFffd, "2 invalid characters"},
      {R"({"text": "pair \ud83d\ude00"})", "pair \xF0\x9F\x98\x80", ""},
      {R"({"text": "escaped \\ud800"})", "escaped \\ud800", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    const auto items = ReadAll(c.line + "\n");
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].next, Next::kDocument);
    EXPECT_THAT(items[0].fields, ElementsAre(Pair("text", c.text)));
    if (c.problem.empty()) {
      EXPECT_THAT(items[0].problem, IsEmpty());
    } else {
      EXPECT_THAT(items[0].problem, HasSubstr(c.problem + " (lone surrogates or bytes that are not "
                                                          "UTF-8) read as U+FFFD"));
    }
  }
}

// An integer id past 2^64 would be a double, and neighbours would collide.
TEST(JsonlSource, KeepsIdsBeyondSixtyFourBitsExact) {
  const auto items = ReadAll("{\"id\": 18446744073709551616, \"text\": \"a\"}\n"
                             "{\"id\": 18446744073709551617, \"text\": \"b\"}\n"
                             "{\"id\": 18446744073709551615, \"text\": \"c\"}\n"
                             "{\"id\": 1.5e3, \"text\": \"d\"}\n");
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].id, "18446744073709551616");
  EXPECT_EQ(items[1].id, "18446744073709551617");
  EXPECT_EQ(items[2].id, "18446744073709551615");
  EXPECT_EQ(items[3].id, "1500.0");
}

TEST(JsonlSource, ProblemsArePrintableEvenForBinaryInput) {
  const auto items = ReadAll("{\"text\": \"\x1b[31m\xff\"}\n");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].next, Next::kSkipped);
  for (const char c : items[0].problem) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7f) << "byte " << static_cast<int>(c);
  }
}

TEST(JsonlSource, SkipsNonStringFieldWithAProblem) {
  const auto items = ReadAll(R"({"id":"x","text":["a"],"title":"kept","caption":7})");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].next, Next::kDocument);
  EXPECT_THAT(items[0].fields, ElementsAre(Pair("title", "kept")));
  EXPECT_THAT(items[0].problem, HasSubstr("field `text` must be a string, not array"));
  EXPECT_THAT(items[0].problem, HasSubstr("field `caption` must be a string, not number"));
}

TEST(JsonlSource, NullFieldIsAbsent) {
  const auto items = ReadAll(R"({"text":null,"title":"t"})");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_THAT(items[0].fields, ElementsAre(Pair("title", "t")));
  EXPECT_THAT(items[0].problem, IsEmpty());
}

TEST(JsonlSource, IdsFromStringsNumbersOrLineNumbers) {
  struct Case {
    std::string line;
    std::string expected_id;
    bool problem;
  };
  const std::vector<Case> cases = {
      {R"({"id":"post-9","text":"t"})", "post-9", false},
      {R"({"id":12345678901234,"text":"t"})", "12345678901234", false},
      {R"({"id":-7,"text":"t"})", "-7", false},
      {R"({"id":1.5,"text":"t"})", "1.5", false},
      {R"({"text":"no id"})", "line-2", false},
      {R"({"id":null,"text":"t"})", "line-2", false},
      {R"({"id":true,"text":"t"})", "line-2", true},
      {R"({"id":{"a":1},"text":"t"})", "line-2", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    const auto items = ReadAll("\n" + c.line + "\n");
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].next, Next::kDocument);
    EXPECT_EQ(items[0].id, c.expected_id);
    EXPECT_EQ(!items[0].problem.empty(), c.problem) << items[0].problem;
  }
}

TEST(JsonlSource, CustomIdKeyAndFields) {
  JsonlOptions options;
  options.id_key = "uuid";
  options.text_fields = {"body", "subject", "body"};  // a repeat is read once
  const auto items = ReadAll(R"({"uuid":"u1","id":"ignored","subject":"s","body":"b","text":"t"})",
                             options);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].id, "u1");
  EXPECT_THAT(items[0].fields, ElementsAre(Pair("body", "b"), Pair("subject", "s")));
}

TEST(JsonlSource, MetadataStringsAsIsOthersAsJson) {
  const auto items = ReadAll(
      R"({"text":"t","metadata":{"lang":"en","views":12,"flags":["a"],"ok":true,"none":null}})");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_THAT(items[0].metadata,
              ElementsAre(Pair("flags", R"(["a"])"), Pair("lang", "en"), Pair("none", "null"),
                          Pair("ok", "true"), Pair("views", "12")));
  EXPECT_THAT(items[0].problem, IsEmpty());
}

TEST(JsonlSource, MetadataThatIsNotAnObjectIsAProblem) {
  const auto items = ReadAll(R"({"text":"t","metadata":"lang=en"})");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].next, Next::kDocument);
  EXPECT_THAT(items[0].metadata, IsEmpty());
  EXPECT_THAT(items[0].problem, HasSubstr("`metadata` must be an object, not string"));
}

TEST(JsonlSource, MetadataFieldsAreCopiedAfterTheMetadataObject) {
  JsonlOptions options;
  options.metadata_fields = {"label", "category", "where=/meta/lang", "missing"};
  const auto items = ReadAll(
      R"({"text":"t","label":"flag","category":["a","b"],"meta":{"lang":"es"},"missing":null,)"
      R"("metadata":{"surface":"live"}})",
      options);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_THAT(items[0].metadata,
              ElementsAre(Pair("surface", "live"), Pair("label", "flag"),
                          Pair("category", R"(["a","b"])"), Pair("where", "es")));
  EXPECT_THAT(items[0].fields, ElementsAre(Pair("text", "t")));
}

TEST(JsonlSource, DecodesEscapesIntoUtf8AndKeepsNulBytes) {
  const auto items = ReadAll(R"({"text":"caf\u00e9 \ud83d\ude00 a\u0000b \"q\""})");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_EQ(items[0].fields.size(), 1u);
  using namespace std::string_literals;
  EXPECT_EQ(items[0].fields[0].second, "caf\xc3\xa9 \xf0\x9f\x98\x80 a\0b \"q\""s);
}

TEST(JsonlSource, ReusesTheDocumentBetweenLines) {
  std::istringstream stream(R"({"id":"1","title":"t","text":"a"})" "\n"
                            R"({"text":"b"})" "\nbad\n");
  JsonlSource source(stream);
  Document document;
  std::string problem;
  ASSERT_EQ(source.Read(&document, &problem), Next::kDocument);
  EXPECT_EQ(document.fields.size(), 2u);
  ASSERT_EQ(source.Read(&document, &problem), Next::kDocument);
  EXPECT_EQ(document.id, "line-2");
  ASSERT_EQ(document.fields.size(), 1u);
  EXPECT_EQ(document.fields[0].text, "b");
  ASSERT_EQ(source.Read(&document, &problem), Next::kSkipped);
  EXPECT_TRUE(document.fields.empty());
  EXPECT_TRUE(document.id.empty());
  EXPECT_EQ(source.Read(&document, &problem), Next::kEnd);
  EXPECT_EQ(source.line_number(), 3u);
  EXPECT_EQ(source.bytes_read(), stream.str().size());
}

TEST(JsonlSource, FieldsByJsonPointerIntoNamedFields) {
  JsonlOptions options;
  options.text_fields = {"text=/body", "/meta/title", "note=/comments/1", "a~1b=/x~1y"};
  options.id_key = "/meta/uuid";
  const auto items = ReadAll(
      R"({"body":"b","meta":{"title":"t","uuid":"u-1"},"comments":["c0","c1"],"x/y":"s"})",
      options);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].id, "u-1");
  EXPECT_THAT(items[0].fields, ElementsAre(Pair("text", "b"), Pair("title", "t"),
                                           Pair("note", "c1"), Pair("a~1b", "s")));
  EXPECT_THAT(items[0].problem, IsEmpty());
}

TEST(JsonlSource, MissingPointerTargetsAreAbsentAndOtherTypesAreReported) {
  JsonlOptions options;
  options.text_fields = {"text=/body", "title=/meta/title", "n=/list/7", "bad=/list/x"};
  const auto items = ReadAll(R"({"body":"b","meta":{"title":42},"list":["only"]})", options);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].next, Next::kDocument);
  EXPECT_THAT(items[0].fields, ElementsAre(Pair("text", "b")));
  EXPECT_EQ(items[0].problem, "field `/meta/title` must be a string, not number; skipped");
}

TEST(JsonlSource, OneValueReadIntoTwoFieldsIsCopied) {
  JsonlOptions options;
  options.text_fields = {"text", "copy=/text", "text"};
  const auto items = ReadAll(R"({"text":"same"})", options);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_THAT(items[0].fields, ElementsAre(Pair("text", "same"), Pair("copy", "same")));
}

TEST(JsonlSource, DocumentWithoutTextIsReportedOrSkippedWhenTextIsRequired) {
  const auto lenient = ReadAll(R"({"id":"x","other":"y"})");
  ASSERT_EQ(lenient.size(), 1u);
  EXPECT_EQ(lenient[0].next, Next::kDocument);
  EXPECT_THAT(lenient[0].problem, HasSubstr("no text field (looked for `text`, `title`"));
  JsonlOptions options;
  options.require_text = true;
  const auto strict = ReadAll(R"({"id":"x","text":null})" "\n" R"({"text":"ok"})", options);
  ASSERT_EQ(strict.size(), 2u);
  EXPECT_EQ(strict[0].next, Next::kSkipped);
  EXPECT_THAT(strict[0].problem, HasSubstr("no text field"));
  EXPECT_TRUE(strict[0].id.empty());
  EXPECT_EQ(strict[1].next, Next::kDocument);
}

TEST(JsonlSource, InvalidFieldSpecsAreRejectedUpFront) {
  for (const std::string spec : {"text=/a~2b", "=/body", "/", "name="}) {
    SCOPED_TRACE(spec);
    JsonlOptions options;
    options.text_fields = {spec};
    std::istringstream stream("");
    EXPECT_THROW(JsonlSource(stream, options), Error);
  }
  JsonlOptions options;
  options.id_key = "/bad~";
  std::istringstream stream("");
  EXPECT_THROW(JsonlSource(stream, options), Error);
}

TEST(JsonlSource, SkipsALineOverTheLengthLimitWithoutHoldingIt) {
  JsonlOptions options;
  options.max_line_bytes = 32;
  const std::string huge = R"({"id":"big","text":")" + std::string(100, 'x') + R"("})";
  const auto items = ReadAll(R"({"text":"a"})" "\n" + huge + "\n" R"({"text":"b"})", options);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].next, Next::kDocument);
  EXPECT_EQ(items[1].next, Next::kSkipped);
  EXPECT_EQ(items[1].line, 2u);
  EXPECT_EQ(items[1].problem, "line of " + std::to_string(huge.size()) +
                                  " bytes, over the limit of 32 bytes");
  EXPECT_EQ(items[2].next, Next::kDocument);
  EXPECT_EQ(items[2].fields, (std::vector<std::pair<std::string, std::string>>{{"text", "b"}}));
}

TEST(JsonlSource, TextLinesAreDocumentsAsWrittenWithLineIds) {
  JsonlOptions options;
  options.text_lines = true;
  options.max_line_bytes = 32;
  const std::string huge(40, 'x');
  const auto items = ReadAll("not {json}\r\n\n  \n\"quoted\" \xff\n" + huge + "\nlast", options);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].next, Next::kDocument);
  EXPECT_EQ(items[0].id, "line-1");
  EXPECT_THAT(items[0].fields, ElementsAre(Pair("text", "not {json}")));  // CRLF: no \r
  EXPECT_EQ(items[1].id, "line-4");
  EXPECT_THAT(items[1].fields, ElementsAre(Pair("text", "\"quoted\" \xff")));  // bytes as they are
  EXPECT_THAT(items[1].problem, IsEmpty());
  EXPECT_EQ(items[2].next, Next::kSkipped);  // over max_line_bytes, still
  EXPECT_EQ(items[2].line, 5u);
  EXPECT_EQ(items[3].id, "line-6");
  EXPECT_THAT(items[3].fields, ElementsAre(Pair("text", "last")));
}

TEST(JsonlSource, SplitFieldListTrimsAndDropsEmptyNames) {
  EXPECT_THAT(SplitFieldList("text, title ,,caption,"),
              ElementsAre("text", "title", "caption"));
  EXPECT_THAT(SplitFieldList(""), IsEmpty());
}

}  // namespace
}  // namespace bylaw
