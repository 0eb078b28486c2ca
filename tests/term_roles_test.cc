// Tests for cli/term_roles.cc: which names of a condition sit under `not`,
// and the role a matched term plays for a rule.
#include "term_roles.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bylaw::cli {
namespace {

// The names of `condition`, each with a leading `!` when negated.
std::string Names(std::string_view condition) {
  std::string names;
  for (const ConditionToken& token : ScanCondition(condition)) {
    if (!token.name) continue;
    names += (names.empty() ? "" : " ") + std::string(token.negated ? "!" : "") +
             std::string(condition.substr(token.begin, token.end - token.begin));
  }
  return names;
}

TEST(TermRoles, ScanConditionFindsNamesAndNegation) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"blackout and not warning", "blackout !warning"},
      {"a and not (b or not c)", "a !b c"},
      {"not not a", "a"},
      {"count(insult) >= 3 and not ctx_news", "insult !ctx_news"},
      {"not count(insult) >= 3 and b", "!insult b"},
      {"2 of (a, b, c*) and not any of (ctx_*)", "a b c* !ctx_*"},
      {"near(dare, challenge, 5) or not rule(fraud.wire)", "dare challenge"},
      {"slur in (title, caption) and not praise in (text)", "slur !praise"},
      {"not (a and near(b, c, 3))", "!a !b !c"},
      {"a and (b or", "a b"},          // does not parse: still its names
      {") not ( a", "!a"},
      {"", ""},
  };
  for (const auto& [condition, names] : cases) EXPECT_EQ(Names(condition), names) << condition;
}

TEST(TermRoles, ExceptionsAreNegatedNamesAndEveryUnlessName) {
  RuleInfo rule;
  rule.condition = "challenge and cue_promote and not ctx_warning";
  rule.unless = "ctx_news or fiction";
  EXPECT_EQ(ExceptionNames(rule), (std::vector<std::string>{"ctx_warning", "ctx_news", "fiction"}));
}

TEST(TermRoles, RoleOfTermPrefersTheRulesUseThenTheVocabularyName) {
  const std::vector<std::string> exceptions = {"fiction", "ctx_edu*"};
  EXPECT_EQ(RoleOfTerm("blackout", exceptions), TermRole::kHarm);
  EXPECT_EQ(RoleOfTerm("cue_promote", exceptions), TermRole::kCue);
  EXPECT_EQ(RoleOfTerm("ctx_news", exceptions), TermRole::kContext);
  EXPECT_EQ(RoleOfTerm("fiction", exceptions), TermRole::kException);
  EXPECT_EQ(RoleOfTerm("ctx_education", exceptions), TermRole::kException);
  EXPECT_EQ(RoleOfTerm("fictional", exceptions), TermRole::kHarm);  // no prefix without `*`
  EXPECT_EQ(RoleOfTerm("cuepromote", {}), TermRole::kHarm);
  EXPECT_EQ(TermRoleName(TermRole::kContext), "context");
  EXPECT_NE(TermRoleMeaning(TermRole::kException).find("unless"), std::string_view::npos);
}

}  // namespace
}  // namespace bylaw::cli
