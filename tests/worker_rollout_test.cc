// Tests for cli/worker_rollout.cc, end to end: a real `bylaw worker` fed
// through a FIFO, its rules rewritten on disk (reloaded by the watcher), then
// broken and signalled with SIGHUP (kept), and its metrics scraped over HTTP.
#include "worker_rollout.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "test_rules.h"

namespace bylaw::cli {
namespace {

using ::testing::HasSubstr;

std::string Pack(const std::string& when, const std::string& action) {
  return test::FraudPack("  - id: fraud.wire\n    when: " + when + "\n    action: " + action +
                            "\n");
}

// Waits up to 20 s for a pattern in a file; each step of the script fails
// the run if its condition never comes.
constexpr char kScript[] = R"(set -u
cd "$1"; bylaw="$2"
wait_for() { for i in $(seq 400); do grep -q "$1" "$2" 2>/dev/null && return 0; sleep 0.05; done
             echo "timed out waiting for $1 in $2" >&2; exit 9; }
mkfifo in.fifo
"$bylaw" worker rules --source stdin: --batch 1 --metrics-port 0 --reload-poll 50 \
  <in.fifo >verdicts.jsonl 2>worker.err &
worker=$!
exec 4>in.fifo
printf '%s\n' '{"id":"a","text":"wire transfer"}' '{"id":"b","text":"hello"}' >&4
wait_for '"id":"b"' verdicts.jsonl
cp label.yaml rules/fraud.yaml
wait_for 'rules reloaded' worker.err
printf '%s\n' '{"id":"c","text":"wire transfer"}' >&4
wait_for '"id":"c"' verdicts.jsonl
cp broken.yaml rules/fraud.yaml
kill -HUP $worker
wait_for 'rules not reloaded' worker.err
printf '%s\n' '{"id":"d","text":"wire transfer"}' >&4
wait_for '"id":"d"' verdicts.jsonl
port=$(sed -n 's|.*metrics on http://127.0.0.1:\([0-9]*\)/metrics.*|\1|p' worker.err)
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3
cat <&3 >metrics.txt
exec 3<&-
exec 4>&-
wait $worker
echo "worker exited $?"
)";

TEST(WorkerRollout, ReloadsKeepsBrokenRulesOutAndServesMetrics) {
  test::CliRunner runner;
  test::WriteWholeFile(runner.dir() / "rules/taxonomy.yaml", test::kTestTaxonomy);
  test::WriteWholeFile(runner.dir() / "rules/fraud.yaml", Pack("wire", "remove"));
  test::WriteWholeFile(runner.dir() / "label.yaml", Pack("wire", "label"));
  test::WriteWholeFile(runner.dir() / "broken.yaml", Pack("wire and nope", "remove"));
  test::WriteWholeFile(runner.dir() / "run.sh", kScript);
  const test::CliResult result =
      runner.Run({runner.Path("run.sh"), runner.dir().string(), BYLAW_CLI_PATH}, "", "/bin/bash");
  const std::string log = test::ReadWholeFile(runner.dir() / "worker.err");
  ASSERT_EQ(result.exit_code, 0) << result.err << log;
  EXPECT_THAT(result.out, HasSubstr("worker exited 0"));

  std::istringstream lines(test::ReadWholeFile(runner.dir() / "verdicts.jsonl"));
  std::map<std::string, std::string> decisions;
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json verdict = nlohmann::json::parse(line);
    decisions[verdict["id"]] = verdict["decision"];
  }
  EXPECT_EQ(decisions, (std::map<std::string, std::string>{
                           {"a", "remove"}, {"b", "allow"}, {"c", "label"}, {"d", "label"}}));
  EXPECT_THAT(log, HasSubstr("unknown term `nope`"));  // why the broken rules were refused
  EXPECT_THAT(log, HasSubstr("4 decided, 0 failed"));

  const std::string metrics = test::ReadWholeFile(runner.dir() / "metrics.txt");
  EXPECT_THAT(metrics, HasSubstr("HTTP/1.0 200 OK"));
  EXPECT_THAT(metrics, HasSubstr("bylaw_documents_total 4\n"));
  EXPECT_THAT(metrics, HasSubstr("bylaw_decisions_total{decision=\"label\"} 2\n"));
  EXPECT_THAT(metrics, HasSubstr("bylaw_reloads_total{result=\"success\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr(
      "rule=\"fraud.wire\",category=\"frauds-and-scams\",status=\"live\"} 3\n"));
  EXPECT_THAT(metrics, HasSubstr("bylaw_scan_duration_seconds_count 4\n"));
}

TEST(WorkerRollout, BadOptionsAreErrors) {
  test::CliRunner runner;
  test::WriteWholeFile(runner.dir() / "rules/taxonomy.yaml", test::kTestTaxonomy);
  test::WriteWholeFile(runner.dir() / "rules/fraud.yaml", Pack("wire", "remove"));
  struct Case {
    std::vector<std::string> options;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{"--metrics-port", "http"},
       "option `--metrics-port` must be a whole number from 0 to 65535"},
      {{"--metrics-port", "70000"}, "from 0 to 65535, not `70000`"},
      {{"--reload-poll", "-1"}, "option `--reload-poll` must be a whole number from 0 to 3600000"},
      {{"--metrics-port", "0", "--metrics-address", "localhost"}, "bylaw: error:"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"worker", runner.Path("rules"), "--source", "stdin:"};
    args.insert(args.end(), c.options.begin(), c.options.end());
    const test::CliResult result = runner.Run(args);
    EXPECT_EQ(result.exit_code, 2) << c.error;
    EXPECT_THAT(result.err, HasSubstr(c.error));
  }
}

}  // namespace
}  // namespace bylaw::cli
