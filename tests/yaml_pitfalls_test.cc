// Tests for engine/lang/yaml_pitfalls.cc: unquoted hashtags and tabs found
// in a file's text, and no false alarms on comments, quoted text or block
// scalars; yaml-cpp's errors said in an author's terms.
#include "lang/yaml_pitfalls.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bylaw::internal {
namespace {

using ::testing::HasSubstr;

// "LINE:COLUMN" of every pitfall.
std::vector<std::string> Places(std::string_view text) {
  std::vector<std::string> places;
  for (const YamlPitfall& pitfall : FindYamlPitfalls(text)) {
    places.push_back(std::to_string(pitfall.line) + ":" + std::to_string(pitfall.column));
  }
  return places;
}

TEST(YamlPitfalls, FindsUnquotedHashtagsWhereAValueStarts) {
  const struct {
    const char* text;
    std::vector<std::string> places;
  } cases[] = {
      {"  - #borg\n", {"1:5"}},
      {"a: #borg\n", {"1:4"}},
      {"a: [x, #borg]\n", {"1:8"}},
      {"a: [#borg]\n", {}},               // `#` right after `[` starts no comment
      {"- \"#borg\"\n- '#borg'\n", {}},    // quoted
      {"# a comment\n  # #indented\n", {}},
      {"- # a note\n", {}},                 // a comment, not a hashtag
      {"- x # #tag after a value\n", {}},
      {"a: x#y\n", {}},
      {"- \"a # b\" #c\n", {}},
      {"when: >\n  - #not yaml here\n", {}},  // a block scalar's text
      {"when: |-\n  - #inside\nc:\n  - #after\n", {"4:5"}},
      {"- #\xC3\xA9t\xC3\xA9\n", {"1:3"}},
  };
  for (const auto& c : cases) EXPECT_EQ(Places(c.text), c.places) << c.text;
}

TEST(YamlPitfalls, HashtagMessageSaysHowToQuoteIt) {
  const std::vector<YamlPitfall> found = FindYamlPitfalls("terms:\n  t: [a, #borg, b]\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message,
            "`#borg` is a YAML comment, not a hashtag, and leaves this value empty; quote the "
            "hashtag: `\"#borg\"`");
}

TEST(YamlPitfalls, ReportsTheFirstTabIndentedLineAndCountsTheOthers) {
  EXPECT_EQ(Places("a:\n\tb: 1\n\tc: 2\n  \td: 3\n"), std::vector<std::string>({"2:1"}));
  EXPECT_THAT(FindYamlPitfalls("a:\n\tb: 1\n\tc: 2\n  \td: 3\n")[0].message,
              HasSubstr("replace the tab with spaces (2 more lines below are indented with tabs"));
  EXPECT_EQ(Places("a: 1\t# tab before a comment\n\t# tab-indented comment\nb: x\ty\n"),
            std::vector<std::string>());
  EXPECT_EQ(Places("a: |\n  text\n  \twith a tab\n"), std::vector<std::string>());
}

TEST(YamlPitfalls, IndentationErrorsNameTheLineToLineUpWith) {
  const std::string key = "rules:\n  - id: a\n    when: x\n   action: remove\n";
  EXPECT_EQ(ExplainYamlError("end of sequence not found", key, 4, 4).message,
            "bad indentation: `action:` is indented 3 spaces, but `when:` on line 3 is indented "
            "4; keys of one map, and the `-` items of one list, must start in the same column "
            "(indent with spaces)");
  const std::string item = "rules:\n  - id: a\n    when: x\n - id: b\n";
  EXPECT_THAT(ExplainYamlError("end of map not found", item, 4, 2).message,
              HasSubstr("`- id:` is indented 1 space, but `- id:` on line 2 is indented 2;"));
  const std::string under_item = "rules:\n  - id: a\n  action: x\n";
  EXPECT_THAT(ExplainYamlError("end of map not found", under_item, 3, 3).message,
              HasSubstr("`action:` is indented 2 spaces, but `id:` on line 2 is indented 4;"));
  EXPECT_EQ(ExplainYamlError("end of map not found", "a: 1\n", 9, 1).message,
            "bad indentation: keys of one map, and the `-` items of one list, must start in the "
            "same column (indent with spaces)");
  EXPECT_EQ(ExplainYamlError("unknown token", "", 1, 1).message, "yaml syntax: unknown token");
  // A bare `-` above has no key to name.
  EXPECT_THAT(ExplainYamlError("end of map not found", "rules:\n  -\n  action: x\n", 3, 3).message,
              HasSubstr("`action:` is indented 2 spaces, but `` on line 2 is indented 4;"));
}

TEST(YamlPitfalls, AnUnclosedBracketIsReportedWhereItOpens) {
  const std::string text = "a: [x, \"]\", 'it''s'] # ]\nb: {c: [d, {e: f}\ng: 1\n";
  const YamlPitfall list = ExplainYamlError("end of sequence flow not found", text, 3, 1);
  EXPECT_EQ(list.line, 2u);
  EXPECT_EQ(list.column, 8u);
  EXPECT_THAT(list.message, HasSubstr("this `[` list is not closed with `]`"));
  const YamlPitfall map = ExplainYamlError("end of map flow not found", "a: {b: who's\n", 2, 1);
  EXPECT_EQ(map.line, 1u);
  EXPECT_EQ(map.column, 4u);
  EXPECT_EQ(ExplainYamlError("end of map flow not found", "a: 1\n", 2, 1).line, 2u);
}

}  // namespace
}  // namespace bylaw::internal
