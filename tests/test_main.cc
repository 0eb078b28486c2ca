// Test entry point. Golden files under tests/testdata/ are rewritten instead
// of compared when BYLAW_UPDATE_GOLDEN=1 is set.
#include <gtest/gtest.h>

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
