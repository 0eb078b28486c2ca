// Tests for engine/runtime/evasion.cc: evasion names.
#include <set>
#include <string_view>

#include <gtest/gtest.h>

#include "bylaw/evasion.h"

namespace bylaw {
namespace {

TEST(EvasionName, NamesEveryEvasionOnce) {
  std::set<std::string_view> names;
  for (int e = 0; e < kEvasionKinds; ++e) {
    const std::string_view name = EvasionName(static_cast<Evasion>(e));
    EXPECT_NE(name, "unknown") << e;
    EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
  }
  EXPECT_EQ(names, (std::set<std::string_view>{"invisible", "confusable", "styled", "marks",
                                               "mixed-script", "leet", "separator", "spacing",
                                               "mask", "repeat", "fuzzy"}));
}

TEST(EvasionName, SpellsKindsAsRuleFilesDo) {
  EXPECT_EQ(EvasionName(Evasion::kMixedScript), "mixed-script");
  EXPECT_EQ(EvasionName(Evasion::kConfusable), "confusable");
}

}  // namespace
}  // namespace bylaw
