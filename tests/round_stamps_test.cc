// Tests for engine/internal/round_stamps.h: marks last one round, and none
// survives the round number's wrap.
#include "round_stamps.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace bylaw::internal {
namespace {

TEST(RoundStamps, MarksHoldForTheirRoundOnly) {
  RoundStamps stamps(4);
  stamps.NextRound();
  EXPECT_FALSE(stamps.Marked(2));
  EXPECT_TRUE(stamps.Mark(2));
  EXPECT_FALSE(stamps.Mark(2));  // already marked
  EXPECT_TRUE(stamps.Marked(2));
  EXPECT_FALSE(stamps.Marked(1));
  stamps.NextRound();
  EXPECT_FALSE(stamps.Marked(2));
  EXPECT_TRUE(stamps.Mark(2));
}

// Round numbers wrap after 2^32 rounds: an item marked in some round and
// not since must not read as marked when the number comes round again, nor
// an item never marked when it reaches the number unmarked items hold.
TEST(RoundStamps, NoMarkSurvivesTheRoundNumbersWrap) {
  constexpr std::uint32_t kLast = std::numeric_limits<std::uint32_t>::max();
  RoundStamps stamps(3, kLast - 2);
  stamps.NextRound();  // kLast - 1
  EXPECT_TRUE(stamps.Mark(0));
  stamps.NextRound();  // kLast
  EXPECT_TRUE(stamps.Mark(1));
  for (int round = 0; round < 4; ++round) {  // wraps, then goes on
    stamps.NextRound();
    for (std::size_t item = 0; item < stamps.size(); ++item) {
      EXPECT_FALSE(stamps.Marked(item)) << "item " << item << ", round " << round << " after the wrap";
    }
  }
  EXPECT_TRUE(stamps.Mark(2));
  EXPECT_TRUE(stamps.Marked(2));
}

}  // namespace
}  // namespace bylaw::internal
