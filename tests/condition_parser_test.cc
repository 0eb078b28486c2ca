// Tests for engine/lang/condition_parser.cc: the condition grammar, the tree
// it builds (printed as s-expressions), offsets, and every error message.
#include "condition_parser.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "condition.h"

namespace bylaw::internal {
namespace {

const char* KindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kTerm: return "term";
    case NodeKind::kCount: return "count";
    case NodeKind::kOf: return "of";
    case NodeKind::kNear: return "near";
    case NodeKind::kRule: return "rule";
    case NodeKind::kEvaded: return "evaded";
    case NodeKind::kMeta: return "meta";
    case NodeKind::kNot: return "not";
    case NodeKind::kAnd: return "and";
    case NodeKind::kOr: return "or";
  }
  return "?";
}

const char* ComparisonText(Comparison comparison) {
  switch (comparison) {
    case Comparison::kGe: return ">=";
    case Comparison::kGt: return ">";
    case Comparison::kLe: return "<=";
    case Comparison::kLt: return "<";
    case Comparison::kEq: return "==";
    case Comparison::kNe: return "!=";
  }
  return "?";
}

// The tree as an s-expression: `a`, `a in(title,caption)`, `(count a >= 3)`,
// `(2 of a b*)`, `(any of a)`, `(near a b 5)`, `(rule x)`, `(not a)`,
// `(and a b)`. With `offsets`, each node and name is followed by `@offset`.
std::string Dump(const ConditionNode& node, bool offsets = false) {
  const auto at = [&](std::uint32_t offset) {
    return offsets ? "@" + std::to_string(offset) : std::string();
  };
  std::string names;
  for (std::size_t i = 0; i < node.names.size(); ++i) {
    names += " " + node.names[i];
    if (offsets) names += i < node.name_offsets.size() ? at(node.name_offsets[i]) : "@?";
  }
  switch (node.kind) {
    case NodeKind::kTerm: {
      std::string text = node.name + at(node.offset);
      for (std::size_t i = 0; i < node.fields.size(); ++i) {
        text += (i == 0 ? " in(" : ",") + node.fields[i];
      }
      return node.fields.empty() ? text : text + ")";
    }
    case NodeKind::kCount:
      return "(count" + at(node.offset) + " " + node.name + " " +
             ComparisonText(node.comparison) + " " + std::to_string(node.number) + ")";
    case NodeKind::kOf: {
      const std::string quantity = node.quantifier == Quantifier::kAny ? "any"
                                   : node.quantifier == Quantifier::kAll
                                       ? "all"
                                       : std::to_string(node.number);
      return "(" + quantity + " of" + at(node.offset) + names + ")";
    }
    case NodeKind::kNear:
      return "(near" + at(node.offset) + names + " " + std::to_string(node.number) + ")";
    case NodeKind::kRule:
      return "(rule" + at(node.offset) + " " + node.name + ")";
    case NodeKind::kEvaded:
      return "(evaded" + at(node.offset) + " " + node.name + ")";
    case NodeKind::kMeta: {
      // (meta surface == "live"), (meta age < 18), (meta locale in "es" "pt")
      const std::string relation =
          node.in_list ? " in" : std::string(" ") + ComparisonText(node.comparison);
      std::string text = "(meta" + at(node.offset) + " " + node.name + relation;
      for (std::size_t i = 0; i < node.values.size(); ++i) {
        text += " " + (node.numeric ? node.values[i] : "\"" + node.values[i] + "\"");
        if (offsets) text += i < node.value_offsets.size() ? at(node.value_offsets[i]) : "@?";
      }
      return text + ")";
    }
    case NodeKind::kNot:
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      std::string text = std::string("(") + KindName(node.kind) + at(node.offset);
      for (const ConditionNode& child : node.children) text += " " + Dump(child, offsets);
      return text + ")";
    }
  }
  return "?";
}

// The dump of `text`'s tree, or "error@offset: message".
std::string ParseToString(std::string_view text, bool offsets = false) {
  const ConditionParseResult result = ParseCondition(text);
  if (result.root.has_value() == result.error.has_value()) return "neither or both";
  if (result.error) {
    return "error@" + std::to_string(result.error->offset) + ": " + result.error->message;
  }
  return Dump(*result.root, offsets);
}

std::string Repeat(std::string_view text, int times) {
  std::string repeated;
  for (int i = 0; i < times; ++i) repeated += text;
  return repeated;
}

struct Case {
  std::string text;
  std::string expected;
};

void ExpectAll(const std::vector<Case>& cases, bool offsets) {
  for (const Case& c : cases) {
    EXPECT_EQ(ParseToString(c.text, offsets), c.expected) << "condition: " << c.text;
  }
}

TEST(ConditionParser, ParsesEveryConstruct) {
  ExpectAll({
      {"a", "a"},
      {"blackout_2", "blackout_2"},
      {"_x", "_x"},
      {"a in (title)", "a in(title)"},
      {"a in (title, caption)", "a in(title,caption)"},
      {"count(a) >= 3", "(count a >= 3)"},
      {"2 of (a, b, c)", "(2 of a b c)"},
      {"any of (a)", "(any of a)"},
      {"all of (a, b)", "(all of a b)"},
      {"near(a, b, 5)", "(near a b 5)"},
      {"rule(dac.blackout.promotion)", "(rule dac.blackout.promotion)"},
      {"rule(a-b_c.9)", "(rule a-b_c.9)"},
      {"rule(9lives)", "(rule 9lives)"},
      {"not a", "(not a)"},
      {"a and b", "(and a b)"},
      {"a or b", "(or a b)"},
      {"(a)", "a"},
  }, false);
}

TEST(ConditionParser, ParsesMetadataTests) {
  ExpectAll({
      {R"(meta.surface == "live")", R"((meta surface == "live"))"},
      {R"(meta.surface != "live")", R"((meta surface != "live"))"},
      {"meta.author_age < 18", "(meta author_age < 18)"},
      {"meta.author_age >= 018", "(meta author_age >= 18)"},
      {R"(meta.locale in ("es", "pt"))", R"((meta locale in "es" "pt"))"},
      {"meta.age in (13, 14)", "(meta age in 13 14)"},
      {R"(meta.note == "say \"hi\" \\ bye")", R"((meta note == "say "hi" \ bye"))"},
      {R"(meta.x == "")", R"((meta x == ""))"},
      {R"(META . in == "a")", R"((meta in == "a"))"},  // any case; keywords may name metadata
      {"meta and not meta", "(and meta (not meta))"},  // without `.`, a term
      {R"(a and not meta.surface == "live" or meta.age > 17)",
       R"((or (and a (not (meta surface == "live"))) (meta age > 17)))"},
  }, false);
  ExpectAll({{R"(a or meta.l in ("es", "pt"))", R"((or@0 a@0 (meta@5 l in "es"@16 "pt"@22)))"}},
            true);
}

TEST(ConditionParser, ReportsMetadataMistakesAtTheirPlace) {
  ExpectAll({
      {"meta.", "error@5: expected metadata name after `meta.`, found end of condition"},
      {"meta.surface", "error@12: expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) or "
                       "`in` after the metadata name, found end of condition"},
      {"meta.surface = \"live\"", "error@13: expected a comparison (`==`, `!=`, `<`, `<=`, `>`, "
                                  "`>=`) or `in` after the metadata name, found `=`"},
      {"meta.surface == live",
       "error@16: expected a quoted text or a number, found `live` (write texts in double quotes: "
       "`\"live\"`)"},
      {R"(meta.surface < "live")",
       "error@15: `<` compares numbers, and `meta.surface` is compared with a text here: compare "
       "texts with `==`, `!=` or `in (...)`"},
      {R"(meta.locale in ("es", 3))",
       "error@22: `in` mixes texts and numbers: `meta.locale` is one or the other"},
      {R"(meta.locale in ("es")", "error@20: expected `,` or `)`, found end of condition"},
      {R"(meta.locale in "es")", "error@15: expected `(` after `in`, found `\"`"},
      {R"(meta.surface == "live)", "error@16: text is not closed with `\"`"},
      {"meta.age > 99999999999999999999", "error@11: number too large"},
      {"meta.age > -1", "error@11: expected a quoted text or a number, found `-`"},
  }, false);
}

TEST(ConditionParser, ParsesEveryComparison) {
  ExpectAll({
      {"count(a) >= 1", "(count a >= 1)"},
      {"count(a) > 1", "(count a > 1)"},
      {"count(a) <= 1", "(count a <= 1)"},
      {"count(a) < 1", "(count a < 1)"},
      {"count(a) == 1", "(count a == 1)"},
      {"count(a) != 1", "(count a != 1)"},
      {"count(a)>=0", "(count a >= 0)"},
      {"count ( a ) < 10", "(count a < 10)"},
  }, false);
}

TEST(ConditionParser, AppliesPrecedenceNotThenAndThenOr) {
  ExpectAll({
      {"a or b and not c", "(or a (and b (not c)))"},
      {"a and b or c", "(or (and a b) c)"},
      {"not a and b", "(and (not a) b)"},
      {"not a or not b", "(or (not a) (not b))"},
      {"a and (b or c)", "(and a (or b c))"},
      {"not (a or b)", "(not (or a b))"},
      {"a and not count(b) > 2 or rule(x)", "(or (and a (not (count b > 2))) (rule x))"},
      {"a in (title) and b", "(and a in(title) b)"},
  }, false);
}

TEST(ConditionParser, FlattensChainsButNotGroups) {
  ExpectAll({
      {"a and b and c", "(and a b c)"},
      {"a or b or c or d", "(or a b c d)"},
      {"a and b or c and d and e", "(or (and a b) (and c d e))"},
      {"(a or b) or c", "(or (or a b) c)"},
      {"((a))", "a"},
      {"not not a", "(not (not a))"},
      {"not not not a", "(not (not (not a)))"},
  }, false);
}

TEST(ConditionParser, MatchesKeywordsInAnyCase) {
  ExpectAll({
      {"a AND b", "(and a b)"},
      {"a Or b", "(or a b)"},
      {"NOT a", "(not a)"},
      {"a IN (title)", "a in(title)"},
      {"COUNT(a) > 1", "(count a > 1)"},
      {"2 OF (a)", "(2 of a)"},
      {"Any Of (a)", "(any of a)"},
      {"ALL of (a)", "(all of a)"},
      {"NEAR(a, b, 1)", "(near a b 1)"},
      {"Rule(x)", "(rule x)"},
      {"A and B", "(and A B)"},  // term names keep their case
  }, false);
}

TEST(ConditionParser, MatchesKeywordsOnlyAsWholeWords) {
  ExpectAll({
      {"android", "android"},
      {"order", "order"},
      {"notice", "notice"},
      {"counter", "counter"},
      {"nearby", "nearby"},
      {"rules", "rules"},
      {"inside or often or anyone or allow", "(or inside often anyone allow)"},
      {"android and order", "(and android order)"},
      {"not notice", "(not notice)"},
      {"and_x or or2 or not_", "(or and_x or2 not_)"},
      {"counter in (title)", "counter in(title)"},
      {"not(a)", "(not a)"},
      {"a and(b)", "(and a b)"},
      {"count(a)>1", "(count a > 1)"},
  }, false);
}

TEST(ConditionParser, ParsesPrefixesInOfLists) {
  ExpectAll({
      {"any of (dose_*)", "(any of dose_*)"},
      {"any of (*)", "(any of *)"},
      {"2 of (dose_*, brand, 3*)", "(2 of dose_* brand 3*)"},
      {"all of (and*)", "(all of and*)"},  // a prefix may spell a keyword
  }, false);
}

TEST(ConditionParser, AllowsKeywordsAsFieldsAndRuleIds) {
  ExpectAll({
      {"a in (in, of)", "a in(in,of)"},
      {"rule(near)", "(rule near)"},
  }, false);
}

TEST(ConditionParser, SkipsAnyAsciiWhitespace) {
  ExpectAll({
      {"  a  ", "a"},
      {"a\n\tand\r\nb", "(and a b)"},
      {"\fnot\va", "(not a)"},
      {"near( a ,b,\n3 )", "(near a b 3)"},
  }, false);
}

TEST(ConditionParser, ParsesNumbersUpToInt64Max) {
  ExpectAll({
      {"count(a) > 007", "(count a > 7)"},
      {"count(a) > 9223372036854775807", "(count a > 9223372036854775807)"},
      {"0 of (a)", "(0 of a)"},
  }, false);
}

TEST(ConditionParser, RecordsOffsetsOfNodes) {
  ExpectAll({
      {"a", "a@0"},
      {"  a", "a@2"},
      {"a and b", "(and@0 a@0 b@6)"},
      {"a or b and not c", "(or@0 a@0 (and@5 b@5 (not@11 c@15)))"},
      {"(a) and b", "(and@0 a@1 b@8)"},  // a group's node starts inside it
      {"x or (a or b)", "(or@0 x@0 (or@6 a@6 b@11))"},
      {"not  not a", "(not@0 (not@5 a@9))"},
      {"b and count(a) > 1", "(and@0 b@0 (count@6 a > 1))"},
      {"x or rule(r)", "(or@0 x@0 (rule@5 r))"},
      {"  t in (title)", "t@2 in(title)"},
  }, true);
}

TEST(ConditionParser, RecordsOffsetsOfOfAndNearNames) {
  ExpectAll({
      {"2 of (a, bb,c*)", "(2 of@0 a@6 bb@9 c*@12)"},
      {"x and any of ( dose_* )", "(and@0 x@0 (any of@6 dose_*@15))"},
      {"ALL OF (z)", "(all of@0 z@8)"},
  }, true);
}

TEST(ConditionParser, ParsesNearWithOffsets) {
  const ConditionParseResult result = ParseCondition("x and near(blackout,  promote, 5)");
  ASSERT_TRUE(result.root.has_value());
  const ConditionNode& near = result.root->children.at(1);
  EXPECT_EQ(near.kind, NodeKind::kNear);
  EXPECT_EQ(near.offset, 6u);
  EXPECT_EQ(near.names, (std::vector<std::string>{"blackout", "promote"}));
  EXPECT_EQ(near.name_offsets, (std::vector<std::uint32_t>{11, 22}));
  EXPECT_EQ(near.number, 5);
}

TEST(ConditionParser, ReportsErrorsWithOffsetAndMessage) {
  ExpectAll({
      // empty
      {"", "error@0: empty condition"},
      {" \t\n ", "error@0: empty condition"},
      {std::string(), "error@0: empty condition"},
      // a term name expected
      {")", "error@0: expected term name, found `)`"},
      {"()", "error@1: expected term name, found `)`"},
      {"a and )", "error@6: expected term name after `and`, found `)`"},
      {"a or", "error@4: expected term name after `or`, found end of condition"},
      {"not", "error@3: expected term name after `not`, found end of condition"},
      {"a and $b", "error@6: expected term name after `and`, found `$`"},
      {"a or 3x", "error@5: expected term name after `or`, found `3x`"},
      {"-a", "error@0: expected term name, found `-`"},
      // keywords are not names
      {"and", "error@0: `and` is a keyword and cannot name a term"},
      {"a and or b", "error@6: `or` is a keyword and cannot name a term"},
      {"not IN", "error@4: `IN` is a keyword and cannot name a term"},
      {"(rule)", "error@5: expected `(` after `rule`, found `)`"},
      {"count(near) > 1", "error@6: `near` is a keyword and cannot name a term"},
      {"any of (a, all)", "error@11: `all` is a keyword and cannot name a term"},
      {"near(a, of, 2)", "error@8: `of` is a keyword and cannot name a term"},
      // parentheses
      {"(a and b", "error@8: expected `)` to close `(`, found end of condition"},
      {"(a b)", "error@3: expected `)` to close `(`, found `b`"},
      {"((a)", "error@4: expected `)` to close `(`, found end of condition"},
      {"a)", "error@1: unexpected `)` without a matching `(`"},
      // trailing junk
      {"a b", "error@2: unexpected `b` after a complete condition (missing `and`/`or`?)"},
      {"a and b c", "error@8: unexpected `c` after a complete condition (missing `and`/`or`?)"},
      {"a (b)", "error@2: unexpected `(` after a complete condition (missing `and`/`or`?)"},
      {"a && b", "error@2: unexpected `&&` after a complete condition (write `and`)"},
      {"a || b", "error@2: unexpected `||` after a complete condition (write `or`)"},
      {"a ; b", "error@2: unexpected `;` after a complete condition"},
      {"dose_* or b",
       "error@5: unexpected `*` after a complete condition (a prefix like `name*` only works "
       "inside `of (...)`)"},
      {"a in (title) in (caption)",
       "error@13: unexpected `in` after a complete condition (missing `and`/`or`?)"},
      // count
      {"count a", "error@6: expected `(` after `count`, found `a`"},
      {"count()", "error@6: expected term name, found `)`"},
      {"count(a >= 3", "error@8: expected `)`, found `>=`"},
      {"count(a) >=", "error@11: expected number, found end of condition"},
      {"count(a) >= b", "error@12: expected number, found `b`"},
      {"count(a) >= -1", "error@12: expected number, found `-`"},
      {"count(a) 3",
       "error@9: expected comparison (`>=`, `>`, `<=`, `<`, `==` or `!=`), found `3`"},
      {"count(a) = 3",
       "error@9: expected comparison (`>=`, `>`, `<=`, `<`, `==` or `!=`), found `=`"},
      {"count(a) => 3",
       "error@9: expected comparison (`>=`, `>`, `<=`, `<`, `==` or `!=`), found `=>`"},
      // of
      {"3 of ()", "error@6: expected term name, found `)`"},
      {"3 of (a,)", "error@8: expected term name, found `)`"},
      {"3 of (a b)", "error@8: expected `,` or `)`, found `b`"},
      {"3 of (a", "error@7: expected `,` or `)`, found end of condition"},
      {"3 of a", "error@5: expected `(` after `of`, found `a`"},
      {"any (a)", "error@4: expected `of`, found `(`"},
      {"3 and a", "error@2: expected `of`, found `and`"},
      {"3of (a)", "error@0: expected term name, found `3of`"},
      // near
      {"near(a, b)",
       "error@9: `near` needs a distance: near(a, b, N) holds when at most N words separate a "
       "match of a and a match of b; found `)`"},
      {"near(a, b c)",
       "error@10: `near` needs a distance: near(a, b, N) holds when at most N words separate a "
       "match of a and a match of b; found `c`"},
      {"near(a b, 3)", "error@7: expected `,`, found `b`"},
      {"near(a, b, c)", "error@11: expected number, found `c`"},
      {"near(a, b, 3", "error@12: expected `)`, found end of condition"},
      {"near a", "error@5: expected `(` after `near`, found `a`"},
      // rule
      {"rule()", "error@5: expected rule id, found `)`"},
      {"rule(.x)", "error@5: expected rule id, found `.`"},
      {"rule(a b)", "error@7: expected `)`, found `b`"},
      // in
      {"a in ()", "error@6: expected field name, found `)`"},
      {"a in title", "error@5: expected `(` after `in`, found `title`"},
      {"a in (title caption)", "error@12: expected `,` or `)`, found `caption`"},
      // numbers
      {"count(a) > 9223372036854775808", "error@11: number too large"},
      {"count(a) > 99999999999999999999", "error@11: number too large"},
      {"99999999999999999999 of (a)", "error@0: number too large"},
      {"near(a, b, 99999999999999999999)", "error@11: number too large"},
      // characters a rule author may not see or expect
      {"caf\xC3\xA9", "error@3: unexpected `\xC3\xA9` after a complete condition"},
      {"a\xC2\xA0" "and b", "error@1: unexpected `U+00A0` after a complete condition"},
      {"a and \xFF", "error@6: expected term name after `and`, found `\\xFF`"},
      // Overlong forms and surrogates are not UTF-8: escaped, as input text reads them.
      {"a and \xE0\x80\xAF", "error@6: expected term name after `and`, found `\\xE0`"},
      {"a and \xED\xA0\x80", "error@6: expected term name after `and`, found `\\xED`"},
      {"a and \xC3\xA9\x01", "error@6: expected term name after `and`, found `\xC3\xA9`"},
      {"a\x01", "error@1: unexpected `\\x01` after a complete condition"},
  }, false);
}

TEST(ConditionParser, ReportsEmptyViewAsEmptyCondition) {
  EXPECT_EQ(ParseToString(std::string_view()), "error@0: empty condition");
}

TEST(ConditionParser, ReportsOnlyTheFirstError) {
  EXPECT_EQ(ParseToString("(a b) and ) or"), "error@3: expected `)` to close `(`, found `b`");
}

TEST(ConditionParser, AcceptsNestingUpToTheLimit) {
  const int depth = kMaxConditionDepth;
  EXPECT_EQ(ParseToString(Repeat("(", depth) + "a" + Repeat(")", depth)), "a");
  const ConditionParseResult nots = ParseCondition(Repeat("not ", depth) + "a");
  ASSERT_TRUE(nots.root.has_value());
  int levels = 0;
  for (const ConditionNode* node = &*nots.root; node->kind == NodeKind::kNot;
       node = &node->children.at(0)) {
    ++levels;
  }
  EXPECT_EQ(levels, depth);
  // `not (` opens two levels.
  EXPECT_TRUE(ParseCondition(Repeat("not (", depth / 2) + "a" + Repeat(")", depth / 2)).root);
  // Siblings do not add up: only the path from the root counts.
  EXPECT_TRUE(ParseCondition(Repeat("(", depth) + "a" + Repeat(")", depth) + " and " +
                             Repeat("not ", depth) + "b")
                  .root);
}

TEST(ConditionParser, RejectsNestingBeyondTheLimit) {
  const int depth = kMaxConditionDepth + 1;
  const std::string message = ": condition nests deeper than 64 levels";
  EXPECT_EQ(ParseToString(Repeat("(", depth) + "a" + Repeat(")", depth)), "error@64" + message);
  EXPECT_EQ(ParseToString(Repeat("not ", depth) + "a"), "error@256" + message);
  EXPECT_EQ(ParseToString("not " + Repeat("not (", 32) + "a" + Repeat(")", 32)),
            "error@163" + message);
  EXPECT_EQ(ParseToString("x or " + Repeat("(", depth) + "a" + Repeat(")", depth)),
            "error@69" + message);
}

TEST(ConditionParser, RejectsHugeNestingWithoutCrashing) {
  EXPECT_EQ(ParseToString(Repeat("(", 100000)),
            "error@64: condition nests deeper than 64 levels");
  EXPECT_EQ(ParseToString(Repeat("not ", 100000) + "a"),
            "error@256: condition nests deeper than 64 levels");
  EXPECT_EQ(ParseToString(Repeat("not (", 100000)),
            "error@160: condition nests deeper than 64 levels");
}

TEST(ConditionParser, ParsesLongFlatChainsAsOneNode) {
  const int operands = 100001;
  const ConditionParseResult ors = ParseCondition(Repeat("a or ", operands - 1) + "a");
  ASSERT_TRUE(ors.root.has_value());
  EXPECT_EQ(ors.root->kind, NodeKind::kOr);
  EXPECT_EQ(ors.root->children.size(), static_cast<std::size_t>(operands));
  EXPECT_EQ(ors.root->children.back().offset, 5u * (operands - 1));

  const ConditionParseResult ands = ParseCondition(Repeat("not a and ", operands - 1) + "a");
  ASSERT_TRUE(ands.root.has_value());
  EXPECT_EQ(ands.root->kind, NodeKind::kAnd);
  EXPECT_EQ(ands.root->children.size(), static_cast<std::size_t>(operands));

  const ConditionParseResult list = ParseCondition("any of (" + Repeat("a, ", operands - 1) + "a)");
  ASSERT_TRUE(list.root.has_value());
  EXPECT_EQ(list.root->names.size(), static_cast<std::size_t>(operands));
}

// Every prefix of a valid condition is either valid or an error pointing
// inside it: never a crash, never both.
TEST(ConditionParser, YieldsTreeOrErrorForEveryPrefix) {
  const std::string text =
      "not (blackout in (title, caption) or count(dose) >= 2) and any of (dose_*, brand) "
      "or near(a, b, 5) and rule(x.y-z) or 2 of (p, q)";
  ASSERT_TRUE(ParseCondition(text).root.has_value());
  for (std::size_t length = 0; length < text.size(); ++length) {
    const std::string_view prefix(text.data(), length);
    const ConditionParseResult result = ParseCondition(prefix);
    ASSERT_NE(result.root.has_value(), result.error.has_value()) << prefix;
    if (result.error) {
      EXPECT_LE(result.error->offset, length) << prefix;
      EXPECT_FALSE(result.error->message.empty()) << prefix;
    }
  }
}

TEST(ConditionParser, RecognisesKeywordsInAnyCase) {
  for (std::string_view keyword :
       {"and", "or", "not", "in", "of", "any", "all", "count", "near", "rule", "AND", "Near"}) {
    EXPECT_TRUE(IsConditionKeyword(keyword)) << keyword;
  }
  for (std::string_view word : {"", "an", "android", "order", "notice", "counter", "nearby",
                                "rules", "in_", "ruler", "x"}) {
    EXPECT_FALSE(IsConditionKeyword(word)) << word;
  }
}

}  // namespace
}  // namespace bylaw::internal
