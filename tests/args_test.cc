// The CLI's option parser: typed options, their errors and --help.
#include "args.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bylaw::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

enum class Colour : std::uint8_t { kRed, kGreen };

struct Bound {
  std::string name = "cli";
  std::vector<std::string> tags;
  bool quiet = false;
  int seconds = 120;
  std::optional<std::size_t> batch;
  std::optional<double> share;
  std::size_t bytes = std::size_t{1} << 20;
  Colour colour = Colour::kGreen;
  std::string input;
};

class ArgParserTest : public ::testing::Test {
 protected:
  ArgParserTest() : parser_("tool [OPTIONS] INPUT", "Does a thing.") {
    parser_.AddOption({"name", 'n', "NAME", "a name"}, &bound_.name);
    parser_.AddRepeatedOption({"tag", '\0', "TAG", "a tag (repeatable)"}, &bound_.tags);
    parser_.AddFlag({"quiet", 'q', "", "say less"}, &bound_.quiet);
    parser_.AddNumber({"seconds", '\0', "N", "time allowed"}, 1, 86'400, &bound_.seconds);
    parser_.AddNumber<std::size_t>({"batch", '\0', "N", "items per batch", "the source's"}, 1,
                                   100'000, &bound_.batch);
    parser_.AddReal({"share", '\0', "R", "a share"}, 0, 1, &bound_.share);
    parser_.AddByteSize({"max-bytes", '\0', "N", "a size"}, 1, std::uint64_t{4} << 30,
                        &bound_.bytes);
    parser_.AddChoice<Colour>({"colour", '\0', "", "a colour"},
                              {{"red", Colour::kRed}, {"green", Colour::kGreen}}, &bound_.colour);
    parser_.AddPositional("INPUT", "what to read", &bound_.input);
  }

  ArgParser::Result Parse(std::vector<std::string_view> args) { return parser_.Parse(args); }

  Bound bound_;
  ArgParser parser_;
};

TEST_F(ArgParserTest, BindsEveryKindOfOption) {
  ASSERT_EQ(Parse({"-n", "x", "--tag=a", "--tag", "b", "-q", "--seconds", "7", "--batch=64",
                   "--share", "0.25", "--max-bytes", "64K", "--colour", "red", "in.jsonl"}),
            ArgParser::Result::kOk)
      << parser_.error();
  EXPECT_EQ(bound_.name, "x");
  EXPECT_EQ(bound_.tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(bound_.quiet);
  EXPECT_EQ(bound_.seconds, 7);
  EXPECT_EQ(bound_.batch, 64u);
  EXPECT_EQ(bound_.share, 0.25);
  EXPECT_EQ(bound_.bytes, 65536u);
  EXPECT_EQ(bound_.colour, Colour::kRed);
  EXPECT_EQ(bound_.input, "in.jsonl");
}

TEST_F(ArgParserTest, LeavesDefaultsWhenOptionsAreAbsent) {
  ASSERT_EQ(Parse({"in"}), ArgParser::Result::kOk);
  EXPECT_EQ(bound_.seconds, 120);
  EXPECT_EQ(bound_.batch, std::nullopt);
  EXPECT_EQ(bound_.share, std::nullopt);
  EXPECT_EQ(bound_.bytes, std::size_t{1} << 20);
  EXPECT_EQ(bound_.colour, Colour::kGreen);
}

TEST_F(ArgParserTest, ByteSizesTakeBinaryUnits) {
  for (const auto& [text, bytes] : std::vector<std::pair<std::string_view, std::size_t>>{
           {"1", 1}, {"2K", 2048}, {"16M", std::size_t{16} << 20}, {"4G", std::size_t{4} << 30}}) {
    ASSERT_EQ(Parse({"--max-bytes", text, "in"}), ArgParser::Result::kOk) << text;
    EXPECT_EQ(bound_.bytes, bytes) << text;
  }
}

TEST_F(ArgParserTest, AValueThatDoesNotFitNamesTheOptionAndWhatFits) {
  struct Case {
    std::vector<std::string_view> args;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{"--seconds", "0", "in"},
       "option `--seconds` must be a whole number from 1 to 86400, not `0`"},
      {{"--seconds", "1.5", "in"}, "must be a whole number from 1 to 86400, not `1.5`"},
      {{"--seconds=", "in"}, "must be a whole number from 1 to 86400, not ``"},
      {{"--batch", "-3", "in"}, "option `--batch` must be a whole number from 1 to 100000"},
      {{"--batch", "99999999999999999999", "in"}, "from 1 to 100000"},
      {{"--share", "1.5", "in"}, "option `--share` must be a number from 0 to 1, not `1.5`"},
      {{"--share", "nan", "in"}, "must be a number from 0 to 1, not `nan`"},
      {{"--max-bytes", "0", "in"}, "option `--max-bytes` must be a number of bytes from 1 to 4G"},
      {{"--max-bytes", "5G", "in"}, "must be a number of bytes from 1 to 4G (N, NK, NM or NG)"},
      {{"--max-bytes", "12T", "in"}, "not `12T`"},
      {{"--max-bytes", "K", "in"}, "not `K`"},
      {{"--max-bytes", "99999999999G", "in"}, "not `99999999999G`"},
      {{"--colour", "blue", "in"}, "option `--colour` must be one of red, green, not `blue`"},
      {{"--colour"}, "option `--colour` needs a value (red|green)"},
      {{"--quiet=yes", "in"}, "option `--quiet` takes no value"},
      {{"--qiet", "in"}, "unknown option `--qiet`"},
      {{}, "missing argument INPUT"},
      {{"a", "b"}, "unexpected argument `b`"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.error);
    EXPECT_EQ(Parse(c.args), ArgParser::Result::kError);
    EXPECT_THAT(parser_.error(), HasSubstr(c.error));
  }
}

TEST_F(ArgParserTest, HelpWinsOverMistakesAroundIt) {
  EXPECT_EQ(Parse({"--seconds", "0", "--help"}), ArgParser::Result::kHelp);
  EXPECT_EQ(Parse({"--", "--help"}), ArgParser::Result::kOk);
  EXPECT_EQ(bound_.input, "--help");
}

TEST_F(ArgParserTest, HelpShowsRangesChoicesAndDefaults) {
  const std::string help = parser_.Help();
  EXPECT_THAT(help, HasSubstr("Usage: tool [OPTIONS] INPUT\n\nDoes a thing.\n"));
  EXPECT_THAT(help, HasSubstr("-n, --name NAME"));
  EXPECT_THAT(help, HasSubstr("a name (default: cli)"));
  EXPECT_THAT(help, HasSubstr("time allowed (1 to 86400; default: 120)"));
  EXPECT_THAT(help, HasSubstr("items per batch (1 to 100000; default: the source's)"));
  EXPECT_THAT(help, HasSubstr("a share (0 to 1)"));
  EXPECT_THAT(help, HasSubstr("a size (1 to 4G; K, M, G; default: 1M)"));
  EXPECT_THAT(help, HasSubstr("--colour red|green"));
  EXPECT_THAT(help, HasSubstr("a colour (default: green)"));
  EXPECT_THAT(help, HasSubstr("-q, --quiet"));
  EXPECT_THAT(help, Not(HasSubstr("say less (default")));
}

TEST(ArgParserHelp, WrapsLongHelpUnderItsColumn) {
  std::string value;
  ArgParser parser("tool", "Does a thing.");
  parser.AddOption({"long-option-name-here", '\0', "A_LONG_VALUE_NAME",
                    "one two three four five six seven eight nine ten eleven twelve thirteen "
                    "fourteen fifteen sixteen seventeen"},
                   &value);
  const std::string help = parser.Help();
  std::size_t line_start = 0;
  while (line_start < help.size()) {
    const std::size_t end = help.find('\n', line_start);
    EXPECT_LE(end - line_start, 80u) << help.substr(line_start, end - line_start);
    line_start = end + 1;
  }
  EXPECT_THAT(help, HasSubstr("--long-option-name-here A_LONG_VALUE_NAME\n"));
  EXPECT_THAT(help, HasSubstr("seventeen\n"));
}

TEST(ArgParserList, TakesEveryPositionalLeftAndNeedsOne) {
  std::string first;
  std::vector<std::string> rest;
  bool check = false;
  ArgParser parser("tool FIRST PATH...", "Does a thing.");
  parser.AddPositional("FIRST", "the first", &first);
  parser.AddPositionalList("PATH", "paths", &rest);
  parser.AddFlag({"check", '\0', "", "check"}, &check);
  EXPECT_EQ(parser.Parse(std::vector<std::string_view>{"a", "b", "--check", "c"}),
            ArgParser::Result::kOk);
  EXPECT_EQ(first, "a");
  EXPECT_EQ(rest, (std::vector<std::string>{"b", "c"}));
  EXPECT_TRUE(check);
  rest.clear();
  EXPECT_EQ(parser.Parse(std::vector<std::string_view>{"a"}), ArgParser::Result::kError);
  EXPECT_EQ(parser.error(), "missing argument PATH");
}

}  // namespace
}  // namespace bylaw::cli
