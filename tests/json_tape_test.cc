// Tests for adapters/json_tape.cc: JsonDocumentReader::Read, which reads a
// clean line from the tape, must give exactly what the nlohmann DOM path
// gives (document, problem, accepted or not) on every line, clean or not.
#include "json_tape.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "json_document.h"

namespace bylaw::internal {
namespace {

// Everything a read gives, to compare the two paths.
struct Outcome {
  bool read = false;
  Document document;
  std::string problem;
};

std::string Describe(const Outcome& outcome) {
  std::string text = (outcome.read ? "read id=" : "refused id=") + outcome.document.id;
  for (const Field& field : outcome.document.fields) text += " " + field.name + "=" + field.text;
  for (const auto& [key, value] : outcome.document.metadata) text += " m:" + key + "=" + value;
  return text + " problem=" + outcome.problem;
}

// Reads `line` both ways and expects the same outcome. The fast way reads
// into one document reused from line to line, as replay does: nothing a line
// leaves in it may show in the next.
void ExpectSameAsDom(JsonDocumentReader& reader, const std::string& line) {
  static Outcome fast;
  Outcome dom;
  fast.read = reader.Read(line, "line-1", &fast.document, &fast.problem);
  dom.read = reader.ReadWithDom(line, "line-1", &dom.document, &dom.problem);
  EXPECT_EQ(Describe(fast), Describe(dom)) << "line: " << line;
}

const std::vector<std::string>& Lines() {
  static const std::vector<std::string> lines = {
      R"({"id":"a1","text":"plain text"})",
      R"(  {"text" : "spaced" , "id" : 7 }  )" "\r",
      R"({"text":"esc \" \\ \/ \b \f \n \r \t \u00e9 \u20ac \ud83d\ude00 \u0000 end"})",
      R"({"te\u0078t":"escaped key","id":"x"})",
      R"({"text":"caf)" "\xC3\xA9" R"( \u4e2d"})",
      R"({"text":"lone \ud800 surrogate"})",
      R"({"text":"low \udc00 first"})",
      "{\"text\":\"bad \xFF utf8\"}",
      "{\"text\":\"overlong \xC0\xAF\"}",
      "\xEF\xBB\xBF{\"text\":\"bom\"}",
      "{\"text\":\"control \x01 char\"}",
      R"({"text":"a","text":"last wins"})",
      R"({"id":"first","metadata":{"a":1},"text":"t","id":"second","metadata":{"b":2}})",
      R"({"text":1})",
      R"({"text":null,"title":"only title"})",
      R"({"id":"n","other":"no text"})",
      R"({"text":"t","id":-5})",
      R"({"text":"t","id":-0})",
      R"({"text":"t","id":1.5})",
      R"({"text":"t","id":1e2})",
      R"({"text":"t","id":18446744073709551615})",
      R"({"text":"t","id":18446744073709551616})",
      R"({"text":"t","id":-9223372036854775809})",
      R"({"text":"t","id":true})",
      R"({"text":"t","id":null})",
      R"({"text":"t","id":{"a":1}})",
      R"({"text":"t","x":1e999})",
      R"({"text":"t","x":1e-999})",
      R"({"text":"t","x":-})",
      R"({"text":"t","x":01})",
      R"({"text":"t","x":1.})",
      R"({"text":"t","x":.5})",
      R"({"text":"t","x":[1,2,{"y":[true,false,null]}],"z":{}})",
      R"({"text":"t","metadata":{"b":"2","a":1,"c":true,"d":null,"a":"again","e":false}})",
      R"({"text":"t","metadata":{"f":1.25,"o":{"k":"v"},"l":[1,"x"]}})",
      R"({"text":"t","metadata":"not an object"})",
      R"({"text":"t","metadata":null})",
      R"({"text":"t","metadata":{"\u00e9":"k\u00e9y","z":-3}})",
      R"({"text":"t","meta":{"title":"nested title","n":[10,20,30]}})",
      R"({"text":"t",})",
      R"({"text":"t" "id":"x"})",
      R"({"text":"t"} extra)",
      R"({"text":"t")",
      R"({"text":"t\x"})",
      R"({"text":"t\u12"})",
      R"(["text","t"])",
      R"("just a string")",
      R"(42)",
      R"({})",
      R"({"text":"")" + std::string(300, '[') + std::string(300, ']') + R"("})",
      R"({"text":"t","deep":)" + std::string(300, '[') + std::string(300, ']') + "}",
      R"({"text":"t","deep":)" + std::string(255, '[') + std::string(255, ']') + "}",
      R"({"text":"t","a/b":"slash","m~n":"tilde"})",
      "{\"text\":\"t\"}\x00",
      "{\"text\":\"t\",\"x\":tru}",
      "{\"text\":\"t\",\"x\":nul}",
      "{\"text\":\"t\",\"x\":falsey}",
  };
  return lines;
}

JsonlOptions PointerOptions() {
  JsonlOptions options;
  options.text_fields = {"text", "title=/meta/title", "/x/2/y/0", "/a~1b", "second=/x/1",
                         "bad=/x/01", "neg=/x/-", "empty=/x/", "text"};
  options.metadata_fields = {"n=/meta/n/1", "/m~0n", "flag=/x/2/y/1", "whole=/meta",
                             "big=/x/99999999999999999999999"};
  options.id_key = "/meta/n/0";
  return options;
}

TEST(JsonTape, ReadsEveryLineAsTheDomDoes) {
  JsonDocumentReader reader{JsonlOptions{}};
  for (const std::string& line : Lines()) ExpectSameAsDom(reader, line);
}

TEST(JsonTape, ResolvesPointersAsTheDomDoes) {
  JsonDocumentReader reader(PointerOptions());
  for (const std::string& line : Lines()) ExpectSameAsDom(reader, line);
  ExpectSameAsDom(reader, R"({"meta":{"title":"T","n":[5,6]},"x":[0,1,{"y":["Y",false]}]})");
  ExpectSameAsDom(reader, R"({"meta":{"title":"T","n":[-5,"6"]},"a/b":"ab","m~n":"mn"})");
  ExpectSameAsDom(reader, R"({"meta":{"title":"T","n":[1.5,6]},"x":[0,"one"]})");
}

TEST(JsonTape, RefusesNothingItShouldReadAndReadsNothingItShouldRefuse) {
  // Lines with single bytes changed, deleted or inserted (a fixed seed):
  // every variant is read alike, however it breaks the JSON.
  JsonDocumentReader plain{JsonlOptions{}};
  JsonDocumentReader pointers(PointerOptions());
  std::mt19937 random(20261204);
  const std::string alphabet = "{}[]\":,\\/u0123456789abcdeftrnl-+.eE \t\x80\xC3\xA9\xED";
  for (const std::string& line : Lines()) {
    for (int round = 0; round < 60; ++round) {
      std::string variant = line;
      if (variant.empty()) continue;
      const std::size_t at = random() % variant.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0: variant[at] = c; break;
        case 1: variant.erase(at, 1); break;
        default: variant.insert(at, 1, c); break;
      }
      ExpectSameAsDom(plain, variant);
      ExpectSameAsDom(pointers, variant);
    }
  }
}

TEST(JsonTape, KeepsTheLastOfARepeatedKey) {
  JsonTape tape;
  ASSERT_TRUE(tape.Parse(R"({"a":1,"b":{"c":[10,20]},"a":"two"})", 256));
  EXPECT_EQ(tape.text(tape.Member(0, "a")), "two");
  EXPECT_EQ(tape.Member(0, "c"), JsonTape::kNone);  // a member of a member, not of the root
  EXPECT_EQ(tape.text(tape.Resolve(0, {"b", "c", "1"})), "20");
  EXPECT_EQ(tape.Resolve(0, {"b", "c", "2"}), JsonTape::kNone);
  EXPECT_EQ(tape.Resolve(0, {"b", "c", "01"}), JsonTape::kNone);
  ASSERT_TRUE(tape.Parse(R"({"o":{"k":1,"k":2},"k":3})", 256));
  EXPECT_EQ(tape.text(tape.Member(tape.Member(0, "o"), "k")), "2");
  EXPECT_EQ(tape.text(tape.Member(0, "k")), "3");
}

TEST(JsonTape, RefusesWhatItWouldNotReadExactly) {
  JsonTape tape;
  EXPECT_FALSE(tape.Parse(R"({"a":"\ud800"})", 256));      // lone surrogate: repaired elsewhere
  EXPECT_FALSE(tape.Parse("{\"a\":\"\xFF\"}", 256));        // not UTF-8
  EXPECT_FALSE(tape.Parse(R"([[[]]])", 2));                  // deeper than the limit
  EXPECT_TRUE(tape.Parse(R"([[]])", 2));
  EXPECT_FALSE(tape.Parse(R"({"a":1e400})", 256));          // nlohmann: number overflow
}

}  // namespace
}  // namespace bylaw::internal
