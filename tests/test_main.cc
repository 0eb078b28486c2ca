// Test entry point. Golden files under tests/testdata/ are rewritten instead
// of compared when BYLAW_UPDATE_GOLDEN=1 is set.
#include <gtest/gtest.h>
#include <unistd.h>

#include "bylaw/compile_child.h"

int main(int argc, char** argv) {
  // The library never starts its host's executable as its compile child
  // (compile_child_test.cc): were this binary started so, it would not
  // answer, and the compile that started it would fail.
  if (bylaw::IsCompileChild()) _exit(99);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
