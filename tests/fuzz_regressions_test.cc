// Runs every libFuzzer harness of tests/fuzz/ over its seed corpus
// (tests/fuzz/corpus/<harness>/) and over every input that ever crashed it
// or broke one of its properties (tests/fuzz/regressions/<harness>/), in
// the normal test suite: a fixed crash stays fixed without a fuzzer.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_harness.h"

namespace bylaw {
namespace {

namespace fs = std::filesystem;

struct NamedHarness {
  const char* name;  // tests/fuzz/<name>_fuzzer.cc
  fuzz::Harness run;
};

// gtest prints a parameter's bytes unless told how to print it.
void PrintTo(const NamedHarness& harness, std::ostream* out) { *out << harness.name; }

const NamedHarness kHarnesses[] = {
    {"rule_pack", fuzz::FuzzRulePack},
    {"condition_parser", fuzz::FuzzConditionParser},
    {"scan", fuzz::FuzzScan},
    {"jsonl_source", fuzz::FuzzJsonlSource},
    {"captions", fuzz::FuzzCaptions},
    {"program_file", fuzz::FuzzProgramFile},
    {"rule_graph", fuzz::FuzzRuleGraph},
};

fs::path FuzzDir() { return fs::path(BYLAW_SOURCE_DIR) / "tests" / "fuzz"; }

std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && !name.starts_with(".") && name != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class FuzzRegressions : public ::testing::TestWithParam<NamedHarness> {
 protected:
  void RunAll(const fs::path& dir) {
    for (const fs::path& file : FilesIn(dir)) {
      EXPECT_EQ(GetParam().run(ReadBytes(file)), "") << file;
    }
  }
};

TEST_P(FuzzRegressions, HarnessHoldsOnEverySeedInput) {
  const fs::path dir = FuzzDir() / "corpus" / GetParam().name;
  EXPECT_FALSE(FilesIn(dir).empty()) << "no seed corpus in " << dir;
  RunAll(dir);
}

TEST_P(FuzzRegressions, HarnessHoldsOnEveryInputThatOnceFailed) {
  RunAll(FuzzDir() / "regressions" / GetParam().name);
}

TEST(FuzzRegressions, EveryHarnessFileIsListed) {
  for (const fs::directory_entry& entry : fs::directory_iterator(FuzzDir())) {
    const std::string file = entry.path().filename().string();
    if (!file.ends_with("_fuzzer.cc")) continue;
    const std::string name = file.substr(0, file.size() - std::string("_fuzzer.cc").size());
    bool listed = false;
    for (const NamedHarness& harness : kHarnesses) listed |= harness.name == name;
    EXPECT_TRUE(listed) << file << " is not in kHarnesses";
  }
}

INSTANTIATE_TEST_SUITE_P(Harnesses, FuzzRegressions, ::testing::ValuesIn(kHarnesses),
                         [](const ::testing::TestParamInfo<NamedHarness>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace bylaw
