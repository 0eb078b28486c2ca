// Tests for the compile child (bylaw/compile_child.h, engine/compile_child/):
// an isolated compile starts the program the options or the environment
// name, or the built bylaw-compile-child, and never this test binary
// (test_main.cc refuses to serve as a child, so a compile that started it
// would fail).
#include "bylaw/compile_child.h"

#include <gtest/gtest.h>
#include <hs/hs.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "bylaw/compiler.h"
#include "bylaw/error.h"
#include "cli_runner.h"
#include "guarded_compile.h"

namespace bylaw::internal {
namespace {

namespace fs = std::filesystem;

HyperscanBatch TwoLiterals() {
  HyperscanBatch batch;
  batch.literal = true;
  batch.expressions = {"blackout challenge", "tide pod"};
  batch.flags = {HS_FLAG_CASELESS, HS_FLAG_CASELESS};
  return batch;
}

// A compile child that notes each start in `marker`, then is the built one.
class RecordingChild : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv(kCompileChildVariable);
    script_ = scratch_.Path("recording-child");
    marker_ = scratch_.Path("started");
    bylaw::test::WriteWholeFile(script_, "#!/bin/sh\necho started >> '" + marker_ +
                                                "'\nexec '" BYLAW_COMPILE_CHILD_PATH "'\n");
    chmod(script_.c_str(), 0755);
  }
  void TearDown() override { unsetenv(kCompileChildVariable); }

  int Starts() const {
    const std::string text = bylaw::test::ReadWholeFile(marker_);
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  }

  bylaw::test::CliRunner scratch_;
  std::string script_;
  std::string marker_;
};

TEST_F(RecordingChild, TheOptionsNameTheProgramStarted) {
  CompileLimits limits;
  limits.compile_child = script_;
  const GuardedCompileResult result = CompileGuarded(TwoLiterals(), limits);
  ASSERT_EQ(result.outcome, CompileOutcome::kOk) << result.message;
  EXPECT_EQ(Starts(), 1);
}

TEST_F(RecordingChild, TheEnvironmentNamesItWhenTheOptionsDoNot) {
  setenv(kCompileChildVariable, script_.c_str(), 1);
  const GuardedCompileResult result = CompileGuarded(TwoLiterals(), CompileLimits{});
  ASSERT_EQ(result.outcome, CompileOutcome::kOk) << result.message;
  EXPECT_EQ(Starts(), 1);
}

TEST_F(RecordingChild, TheOptionsWinOverTheEnvironment) {
  setenv(kCompileChildVariable, "/nonexistent/bylaw-compile-child", 1);
  CompileLimits limits;
  limits.compile_child = script_;
  ASSERT_EQ(CompileGuarded(TwoLiterals(), limits).outcome, CompileOutcome::kOk);
  EXPECT_EQ(Starts(), 1);
}

TEST_F(RecordingChild, AnInProcessCompileStartsNoChild) {
  CompileLimits limits;
  limits.compile_child = script_;
  limits.isolate_hyperscan = false;
  ASSERT_EQ(CompileGuarded(TwoLiterals(), limits).outcome, CompileOutcome::kOk);
  EXPECT_EQ(Starts(), 0);
}

constexpr char kMissingChildError[] =
    "cannot start the compile child `/nonexistent/bylaw-compile-child`: No such file or "
    "directory (name bylaw-compile-child in CompileLimits::compile_child or "
    "BYLAW_COMPILE_CHILD, or compile in this process)";

TEST(CompileChild, AProgramThatCannotStartIsOneClearErrorOfTheEnvironment) {
  CompileLimits limits;
  limits.compile_child = "/nonexistent/bylaw-compile-child";
  try {
    CompileGuarded(TwoLiterals(), limits);
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), kMissingChildError);
    EXPECT_TRUE(error.lasting());
  }
}

TEST(CompileChild, ACompileWithoutItsChildThrowsOnceNotAnErrorPerPattern) {
  CompileOptions options;
  options.limits.compile_child = "/nonexistent/bylaw-compile-child";
  EXPECT_THROW(
      {
        try {
          CompileDirectory(fs::path(BYLAW_SOURCE_DIR) / "tests/testdata/tiny_rules", options);
        } catch (const Error& error) {
          EXPECT_STREQ(error.what(), kMissingChildError);
          throw;
        }
      },
      Error);
}

TEST(CompileChild, ADirectoryCompilesFromATestBinaryWithTheDefaults) {
  unsetenv(kCompileChildVariable);
  const CompileResult result =
      CompileDirectory(fs::path(BYLAW_SOURCE_DIR) / "tests/testdata/tiny_rules");
  ASSERT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : result.diagnostics[0].message);
}

TEST(CompileChild, TheDefaultIsTheInstalledProgram) {
  EXPECT_TRUE(std::string(kDefaultCompileChild).ends_with("/bylaw-compile-child"))
      << kDefaultCompileChild;
  EXPECT_TRUE(fs::path(kDefaultCompileChild).is_absolute());
}

}  // namespace
}  // namespace bylaw::internal
