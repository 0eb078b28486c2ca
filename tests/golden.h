// Golden-file comparison: set BYLAW_UPDATE_GOLDEN=1 to rewrite the files
// under tests/testdata/ from the current output instead of comparing.
#ifndef BYLAW_TESTS_GOLDEN_H_
#define BYLAW_TESTS_GOLDEN_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace bylaw::test {

inline std::string TestDataPath(const std::string& relative) {
  return std::string(BYLAW_SOURCE_DIR) + "/tests/testdata/" + relative;
}

inline std::string ReadTestData(const std::string& relative) {
  std::ifstream in(TestDataPath(relative), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void ExpectGolden(const std::string& relative, const std::string& actual) {
  const char* update = std::getenv("BYLAW_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(TestDataPath(relative), std::ios::binary) << actual;
    return;
  }
  EXPECT_EQ(ReadTestData(relative), actual)
      << "golden file " << relative << " differs; rerun with BYLAW_UPDATE_GOLDEN=1 to accept";
}

}  // namespace bylaw::test

#endif  // BYLAW_TESTS_GOLDEN_H_
