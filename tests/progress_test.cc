// Tests for service/progress.cc: the line's figures, and silence when disabled.
// That it is drawn only on a terminal is tested end to end in
// diff_command_test.cc (under a pseudo-terminal).
#include "bylaw/service/progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace bylaw::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Contents(std::FILE* file) {
  std::rewind(file);
  std::string text;
  for (int c; (c = std::fgetc(file)) != EOF;) text.push_back(static_cast<char>(c));
  return text;
}

TEST(Progress, RendersRateBarAndTimeLeftWhenTheSizeIsKnown) {
  const std::string line = Progress::Render("replay", 12000, 250, 1000, 1.5);
  EXPECT_EQ(line, "replay [#####...............]  25%  12,000 docs  8,000 docs/s  ETA 0:05");
}

TEST(Progress, RendersNoBarNorTimeLeftForStdin) {
  const std::string line = Progress::Render("diff", 1234567, 5000, 0, 2);
  EXPECT_EQ(line, "diff  1,234,567 docs  617,283 docs/s");
}

TEST(Progress, LongRunsShowHours) {
  EXPECT_THAT(Progress::Render("x", 10, 1, 10000, 1), HasSubstr("ETA 2:46:39"));
}

TEST(Progress, DrawsNothingWhenDisabled) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    Progress progress("replay", 100, /*enabled=*/false, file);
    for (int i = 1; i <= 1000; ++i) progress.Update(i, i);
  }
  EXPECT_EQ(Contents(file), "");
  std::fclose(file);
}

TEST(Progress, DrawsInPlaceAndErasesItselfWhenEnabled) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    Progress progress("replay", 100, /*enabled=*/true, file);
    for (int i = 1; i <= 64; ++i) progress.Update(i, i);  // the 64th call draws
  }
  const std::string text = Contents(file);
  EXPECT_THAT(text, HasSubstr("\r\x1b[2Kreplay ["));
  EXPECT_THAT(text, HasSubstr(" 64 docs"));
  EXPECT_THAT(text, ::testing::EndsWith("\r\x1b[2K"));
  EXPECT_THAT(text, Not(HasSubstr("\n")));
  std::fclose(file);
}

}  // namespace
}  // namespace bylaw::service
