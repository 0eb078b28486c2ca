// Tests for cli/replay_extras.cc through `bylaw replay`: the HTML report
// (and its cap on documents shown) and metrics files, the scan latency in the summary, errors for unwritable
// files, and the progress line only on a terminal.
#include "replay_extras.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_runner.h"
#include "test_rules.h"

namespace bylaw::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ReplayExtrasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::WriteWholeFile(runner_.dir() / "rules/taxonomy.yaml", test::kTestTaxonomy);
    test::WriteWholeFile(runner_.dir() / "rules/fraud.yaml",
                            test::FraudPack("  - id: fraud.wire\n    when: wire\n"
                                               "    action: remove\n  - id: fraud.gift\n"
                                               "    when: gift\n    status: shadow\n"));
    std::string corpus;
    for (int i = 0; i < 300; ++i) {
      corpus += R"({"id":"d)" + std::to_string(i) + R"(","text":")" +
                (i % 2 == 0 ? "<script>alert(1)</script> wire transfer" : "a gift card") + "\"}\n";
    }
    test::WriteWholeFile(runner_.dir() / "corpus.jsonl", corpus);
  }
  test::CliRunner runner_;
};

TEST_F(ReplayExtrasTest, WritesTheReportAndMetricsAndReportsLatency) {
  const test::CliResult result =
      runner_.Run({"replay", "--report", runner_.Path("report.html"), "--metrics",
                   runner_.Path("metrics.txt"), "-o", runner_.Path("verdicts.jsonl"),
                   runner_.Path("rules"), runner_.Path("corpus.jsonl")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("; scan latency p50 <= "));
  EXPECT_THAT(result.err, Not(HasSubstr("docs/s  ")));  // no progress line: not a terminal
  const std::string html = test::ReadWholeFile(runner_.Path("report.html"));
  EXPECT_THAT(html, HasSubstr("<td class=\"n\" id=\"documents\">300</td>"));
  EXPECT_THAT(html, HasSubstr("\">fraud.gift</a></td>"));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html, HasSubstr("150 of 150 flagged documents shown in full"));
  const std::string metrics = test::ReadWholeFile(runner_.Path("metrics.txt"));
  EXPECT_THAT(metrics, HasSubstr("bylaw_documents_total 300\n"));
  EXPECT_THAT(metrics, HasSubstr("status=\"shadow\"} 150\n"));
}

TEST_F(ReplayExtrasTest, ReportDocumentsCapsTheFlaggedDocumentsShown) {
  const test::CliResult result =
      runner_.Run({"replay", "--report", runner_.Path("report.html"), "--report-documents", "10", "-o",
                   runner_.Path("verdicts.jsonl"), runner_.Path("rules"), runner_.Path("corpus.jsonl")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string html = test::ReadWholeFile(runner_.Path("report.html"));
  EXPECT_THAT(html, HasSubstr("10 of 150 flagged documents shown in full"));
  EXPECT_THAT(html, HasSubstr("140 flagged and 0 other matched documents were left out"));
}

TEST_F(ReplayExtrasTest, AnUnwritableReportIsAnEnvironmentError) {
  const test::CliResult result =
      runner_.Run({"replay", "--report", runner_.Path("no/such/dir/report.html"), "-o",
                   runner_.Path("verdicts.jsonl"), runner_.Path("rules"), runner_.Path("corpus.jsonl")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("cannot write"));
}

// Under a pseudo-terminal (script(1)) stderr is a terminal: the line shows a
// bar sized by the file's lines, the rate and the time left.
TEST_F(ReplayExtrasTest, ProgressLineOnATerminal) {
  if (!std::filesystem::exists("/usr/bin/script")) GTEST_SKIP() << "script(1) is not installed";
  const std::string command = test::ShellQuoted(BYLAW_CLI_PATH) + " replay -o /dev/null " +
                              test::ShellQuoted(runner_.Path("rules")) + " " +
                              test::ShellQuoted(runner_.Path("corpus.jsonl"));
  const test::CliResult result = runner_.Run({"-qec", command, "/dev/null"}, "", "/usr/bin/script");
  EXPECT_THAT(result.out, HasSubstr("replay ["));
  EXPECT_THAT(result.out, HasSubstr("docs/s"));
  EXPECT_THAT(result.out, HasSubstr("ETA"));
  EXPECT_THAT(result.out, HasSubstr("documents: 300"));
}

}  // namespace
}  // namespace bylaw::cli
