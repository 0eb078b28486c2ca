// Tests for engine/include/bylaw/utf8.h.
#include "bylaw/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace bylaw {
namespace {

struct Utf8Case {
  const char* name;
  std::string bytes;
  std::size_t length;
};

class Utf8CharLengthTest : public ::testing::TestWithParam<Utf8Case> {};

TEST_P(Utf8CharLengthTest, AcceptsOnlyWellFormedCharacters) {
  EXPECT_EQ(Utf8CharLength(GetParam().bytes), GetParam().length);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Utf8CharLengthTest,
    ::testing::Values(Utf8Case{"Empty", "", 0}, Utf8Case{"Ascii", "a", 1},
                      Utf8Case{"Nul", std::string("\0", 1), 1}, Utf8Case{"TwoBytes", "é", 2},
                      Utf8Case{"ThreeBytes", "€", 3}, Utf8Case{"FourBytes", "😈", 4},
                      Utf8Case{"OnlyTheFirstCharacter", "éa", 2},
                      Utf8Case{"StrayContinuation", "\x80", 0},
                      Utf8Case{"OverlongTwoBytes", "\xC0\x80", 0},
                      Utf8Case{"OverlongThreeBytes", "\xE0\x80\x80", 0},
                      Utf8Case{"OverlongFourBytes", "\xF0\x80\x80\x80", 0},
                      Utf8Case{"Surrogate", "\xED\xA0\x80", 0},
                      Utf8Case{"LastBeforeSurrogates", "\xED\x9F\xBF", 3},
                      Utf8Case{"AboveMaximum", "\xF4\x90\x80\x80", 0},
                      Utf8Case{"Maximum", "\xF4\x8F\xBF\xBF", 4},
                      Utf8Case{"Truncated", "\xE2\x82", 0},
                      Utf8Case{"BadContinuation", "\xE2\x28\xA1", 0},
                      Utf8Case{"InvalidLead", "\xFF", 0}),
    [](const ::testing::TestParamInfo<Utf8Case>& info) { return info.param.name; });

}  // namespace
}  // namespace bylaw
