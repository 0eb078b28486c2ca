// The finder's expression for an author regex (regex_finder.h): the heads it
// drops or cuts, the heads it leaves, and that scanning with it changes no
// verdict or span.
#include "regex_finder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bylaw/scanner.h"
#include "test_rules.h"

namespace bylaw::internal {
namespace {

TEST(FinderExpression, DropsOrCutsWhatOnlyTheStartOfAMatchNeeds) {
  EXPECT_EQ(FinderExpression(R"(\b[a-z0-9_.]{2,32}#\d{4}\b)"), R"([a-z0-9_.]{2}#\d{4}\b)");
  EXPECT_EQ(FinderExpression(R"(\b\d{1,3}\s?%)"), R"(\d\s?%)");
  EXPECT_EQ(FinderExpression(R"((^|[^a-z0-9])e[ .*_-]{1,3}m)"), R"(e[ .*_-]{1,3}m)");
  EXPECT_EQ(FinderExpression(R"([a-z]+@x)"), R"([a-z]@x)");
  EXPECT_EQ(FinderExpression(R"(\s*#tag)"), R"(#tag)");
  EXPECT_EQ(FinderExpression(R"([]a]{3,}z)"), R"([]a]{3}z)");
  EXPECT_EQ(FinderExpression(R"([[:alpha:]]{2,9}!)"), R"([[:alpha:]]{2}!)");
  EXPECT_EQ(FinderExpression(R"(\b[a-z]{2,5}x|y)"), R"([a-z]{2}x|y)");
}

TEST(FinderExpression, LeavesHeadsItCannotReadOrThatAreAllThereIs) {
  for (const char* kept : {R"(\bleaked (nudes|tape)\b)", R"((?i)\bword)", R"(^start)",
                           R"([a-z]{2,5}?x)", R"([a-z]{2,5}+x)", R"(\b)", R"([a-z]*|b)", R"(\b|x)",
                           R"([a-z)", R"([[.a.]]{2,3}x)", R"(\bx{2,3})"}) {
    EXPECT_EQ(FinderExpression(kept), kept);
  }
  // A `\b` before a dropped `(^|C)` goes with it: it held before C.
  EXPECT_EQ(FinderExpression(R"(\b(^|[a])b)"), "b");
}

// The finder, relaxed, reports regexes whose heads do not hold (`bob#1234`
// after a digit has no `\b` before it, `b#1234` too few letters, `1250mg`
// no boundary before `250`); those are scanned as written, find nothing,
// and add nothing. Every span is the regex's own.
TEST(FinderExpression, ScansFindOnlyTheSpansOfTheRegexAsWritten) {
  auto program = test::MustCompile(R"(category: dangerous-acts-and-challenges
terms:
  tag: [{ regex: '\b[a-z]{2,8}#\d{4}\b' }]
  spaced: [{ regex: '(^|[^a-z0-9])e[ .*_-]{1,3}m($|[^a-z0-9])' }]
  dose: [{ regex: '\b\d{1,3}\s?mg\b' }]
rules:
  - id: tag
    when: tag
  - id: spaced
    when: spaced
  - id: dose
    when: dose
)");
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  const auto spans_of = [&](const std::string& text) {
    return test::LiveSpans(scanner.Scan(test::TextDocument(text)));
  };
  //                  0123456789012345678901234567890
  EXPECT_EQ(spans_of("add me: bob#1234 or e.m, 250mg"),
            (std::vector<std::string>{"dose 25-30", "spaced 19-24", "tag 8-16"}));
  // Heads that do not hold: no word boundary, too few letters, a letter
  // before the spacing, a digit glued to the dose.
  EXPECT_EQ(spans_of("x1bob#1234 b#1234 ae.m 1250mg #1234"), std::vector<std::string>{});
}

}  // namespace
}  // namespace bylaw::internal
