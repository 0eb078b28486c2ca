// Tests for service/pipeline_observers.cc with a real Pipeline: circuit breakers
// and metrics on the enforced verdicts, and hot reload under load: while the
// rules are rewritten and reloaded ten times (three of them broken), every
// document is decided, written and acknowledged exactly once, each by the
// program of its batch.
#include "bylaw/service/pipeline_observers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "bylaw/pipeline.h"
#include "cli_runner.h"
#include "bylaw/service/program_reloader.h"
#include "test_rules.h"

namespace bylaw::service {
namespace {

using ::testing::HasSubstr;

// Documents "wire transfer <n>", n = 0, 1, 2, ..., until stopped.
class EndlessSource final : public Source {
 public:
  bool Read(DeliveryBatch& batch) override {
    while (!batch.full()) {
      Delivery& delivery = batch.Add();
      delivery.handle = std::to_string(next_);
      delivery.document.id = "d" + std::to_string(next_);
      delivery.document.AddField("text", (next_ % 3 == 0 ? "wire transfer " : "hello ") +
                                             std::to_string(next_));
      ++next_;
    }
    return true;
  }
  void Settle(DeliveryBatch& batch) override {
    for (const Delivery& delivery : batch) {
      if (delivery.outcome == Delivery::Outcome::kDone) ++acknowledged[std::stoul(delivery.handle)];
    }
    settled_batches.fetch_add(1);
  }
  // Waits until a batch is settled after the call (false after 20 s).
  bool WaitForAnotherBatch() const {
    const std::size_t seen = settled_batches.load();
    for (int i = 0; i < 20000 && settled_batches.load() == seen; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return settled_batches.load() != seen;
  }
  std::size_t preferred_batch_size() const override { return 32; }

  std::size_t next_ = 0;
  std::map<std::size_t, int> acknowledged;
  std::atomic<std::size_t> settled_batches{0};
};

// Records every verdict, and whether its decision is the one its program
// gives (fraud.wire's action for "wire transfer", allow otherwise).
class RecordingSink final : public Sink {
 public:
  void Write(const Delivery& delivery, const Verdict& verdict) override {
    ++written[std::stoul(delivery.handle)];
    const bool wire = std::stoul(delivery.handle) % 3 == 0;
    const Action expected = wire ? verdict.program->rules()[0].action : Action::kAllow;
    if (verdict.decision != expected && breaker_trips == 0) wrong = true;
    hashes.insert(std::string(verdict.program->hash()));
  }
  void Flush() override {}

  std::map<std::size_t, int> written;
  std::set<std::string> hashes;
  bool wrong = false;
  std::size_t breaker_trips = 0;
};

std::string Pack(const std::string& action, const std::string& breaker = "") {
  return test::FraudPack(action == "broken"
                                ? "  - id: fraud.wire\n    when: wire and nope\n"
                                : "  - id: fraud.wire\n    when: wire\n    action: " + action +
                                      "\n" + breaker);
}

RulesLoad CompileRules(const std::filesystem::path& dir) {
  CompileResult compiled = CompileDirectory(dir);
  return RulesLoad{compiled.program, compiled.diagnostics};
}

TEST(PipelineObservers, HotReloadUnderLoadDecidesEveryDocumentOnce) {
  test::CliRunner runner;
  const std::filesystem::path rules = runner.dir() / "rules";
  test::WriteWholeFile(rules / "taxonomy.yaml", test::kTestTaxonomy);
  test::WriteWholeFile(rules / "fraud.yaml", Pack("remove"));
  Metrics metrics;
  ProgramReloader reloader(
      CompileRules(rules).program, [rules] { return CompileRules(rules); },
      [] { return std::string(); }, {},
      [&metrics](const std::shared_ptr<const Program>& program) {
        metrics.CountReload(program != nullptr);
      });
  EndlessSource source;
  RecordingSink sink;
  Pipeline pipeline([&reloader] { return reloader.current(); }, source, sink);
  MetricsObserver counting(metrics);
  pipeline.AddObserver(&counting);
  std::atomic<bool> stop{false};
  std::thread running([&] { pipeline.Run(stop); });
  for (int i = 1; i <= 10; ++i) {
    // Each program decides a batch before the next reload, however slow the
    // machine: the test is about reloads under load, not racing them.
    ASSERT_TRUE(source.WaitForAnotherBatch());
    test::WriteWholeFile(rules / "fraud.yaml",
                            Pack(i % 3 == 0 ? "broken" : i % 2 == 0 ? "remove" : "label"));
    reloader.RequestReload();
    ASSERT_TRUE(reloader.WaitForAttempts(i, std::chrono::seconds(20)));
  }
  stop.store(true);
  running.join();
  ASSERT_GT(source.next_, 0u);
  std::size_t once = 0;
  for (std::size_t id = 0; id < source.next_; ++id) {
    once += sink.written[id] == 1 && source.acknowledged[id] == 1;
  }
  EXPECT_EQ(once, source.next_);  // nothing lost, nothing twice
  EXPECT_FALSE(sink.wrong);
  EXPECT_GE(sink.hashes.size(), 2u);
  EXPECT_EQ(reloader.failures(), 3u);
  EXPECT_EQ(metrics.documents(), source.next_);
  EXPECT_THAT(metrics.Exposition(), HasSubstr("bylaw_reloads_total{result=\"failure\"} 3\n"));
}

TEST(PipelineObservers, BreakerDemotesAndMetricsCountTheEnforcedVerdicts) {
  const auto program = test::MustCompile(
      Pack("remove", "    circuit_breaker: { max_rate: 10%, window: 30 }\n"));
  EndlessSource source;
  RecordingSink sink;
  sink.breaker_trips = 1;  // decisions change once the breaker trips
  Pipeline pipeline([&program] { return program; }, source, sink);
  Metrics metrics;
  BreakerObserver breaker(&metrics);
  MetricsObserver counting(metrics);
  pipeline.AddObserver(&breaker);
  pipeline.AddObserver(&counting);
  std::atomic<bool> stop{false};
  std::thread running([&] { pipeline.Run(stop); });
  while (metrics.documents() < 300) std::this_thread::yield();
  stop.store(true);
  running.join();
  EXPECT_EQ(breaker.trips(), 1u);  // a third of the documents: past 10% at once
  const std::string text = metrics.Exposition();
  EXPECT_THAT(text, HasSubstr("bylaw_circuit_breaker_trips_total{rule=\"fraud.wire\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("rule=\"fraud.wire\",category=\"frauds-and-scams\",status=\"shadow\"}"));
  EXPECT_THAT(text, HasSubstr("bylaw_decisions_total{decision=\"remove\"} 3\n"));  // before the trip
}

}  // namespace
}  // namespace bylaw::service
