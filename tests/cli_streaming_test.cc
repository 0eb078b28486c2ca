// Tests that the CLI answers a document read from a pipe before the next one
// is written: a child `bylaw replay -` (or `scan --source stdin:`) is driven
// line by line, each verdict read before the following line is sent and
// before stdin is closed. A CLI that held its verdicts until the end of its
// input would leave ReadLine waiting (the hang guard fails it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "piped_child.h"
#include "cli_runner.h"

namespace {

using bylaw::test::PipedChild;
using ::testing::HasSubstr;

std::string TinyRules() { return std::string(BYLAW_SOURCE_DIR) + "/tests/testdata/tiny_rules"; }

struct Exchange {
  std::string line;      // written to the child
  std::string id;        // of the verdict read back
  std::string decision;  // of that verdict
};

// Writes each line, then reads and checks its verdict before the next.
void DriveLineByLine(PipedChild& child, const std::vector<Exchange>& exchanges) {
  for (const Exchange& exchange : exchanges) {
    ASSERT_TRUE(child.WriteLine(exchange.line)) << exchange.line;
    const std::optional<std::string> answer = child.ReadLine();
    ASSERT_TRUE(answer.has_value()) << "no verdict for " << exchange.line;
    const nlohmann::json verdict = nlohmann::json::parse(*answer);
    EXPECT_EQ(verdict["id"], exchange.id);
    EXPECT_EQ(verdict["decision"], exchange.decision) << *answer;
  }
}

class CliStreaming : public ::testing::Test {
 protected:
  std::string ErrPath() const { return scratch_.Path("stderr.txt"); }
  std::string Err() const { return bylaw::test::ReadWholeFile(ErrPath()); }

  bylaw::test::CliRunner scratch_;
};

TEST_F(CliStreaming, ReplayFromAPipeAnswersEachLineBeforeTheNextIsWritten) {
  PipedChild child({BYLAW_CLI_PATH, "replay", TinyRules(), "-"}, ErrPath());
  DriveLineByLine(child, {
      {R"({"id":"a","text":"who's doing the blackout challenge tonight"})", "a", "remove"},
      {R"({"id":"b","text":"a quiet afternoon"})", "b", "allow"},
      {R"({"id":"c","text":"PSA: do not try the blackout challenge"})", "c", "allow"},
  });
  EXPECT_EQ(child.Wait(), 0);
  EXPECT_FALSE(child.ReadLine().has_value());  // nothing held back for the end
  EXPECT_THAT(Err(), HasSubstr("documents: 3\n"));
}

TEST_F(CliStreaming, ReplayReportsABadLineAndAnswersTheNextOneAtOnce) {
  PipedChild child({BYLAW_CLI_PATH, "replay", TinyRules(), "-"}, ErrPath());
  ASSERT_TRUE(child.WriteLine("{not json"));
  DriveLineByLine(child, {{R"({"id":"d","text":"blackout challenge"})", "d", "remove"}});
  EXPECT_EQ(child.Wait(), 0);
  EXPECT_THAT(Err(), HasSubstr("<stdin>:1: error: invalid JSON"));
}

TEST_F(CliStreaming, ScanOfStdinSourceAnswersBeforeItsInputEnds) {
  PipedChild child({BYLAW_CLI_PATH, "scan", "--json", "--source", "stdin:", TinyRules()},
                     ErrPath());
  DriveLineByLine(child, {{R"({"id":"s","text":"the blackout challenge"})", "s", "remove"}});
  EXPECT_EQ(child.Wait(), 3);  // flagged
}

}  // namespace
