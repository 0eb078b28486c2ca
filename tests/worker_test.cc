// Tests for cli/worker_command.cc: the real `bylaw worker` binary against a
// real redis-server. Workers share a stream, survive the death of one of
// them and a restart of Redis, dead-letter poison entries, and finish their
// batch on SIGTERM. Every test checks that every entry got its verdict.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "adapter_test_support.h"
#include "golden.h"
#include "redis_test_support.h"
#include "test_rules.h"

namespace bylaw {
namespace {

using ::testing::HasSubstr;

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::MakeTempDir("bylaw_worker_test");
    std::ofstream(dir_ / "taxonomy.yaml") << test::kTestTaxonomy;
    std::ofstream(dir_ / "pack.yaml") << test::kTidePodPack;
  }
  void TearDown() override { test::fs::remove_all(dir_); }

  void StartServer(bool persistent = false) {
    server_ = std::make_unique<test::RedisTestServer>(persistent);
    redis_ = std::make_unique<internal::RedisConnection>(server_->Connect());
  }

  // Adds `count` documents to stream `in`; every tenth is flagged.
  void Fill(int count) {
    test::AddEntries(*redis_, "in", count, [](int i) -> std::vector<std::string> {
      const std::string text = i % 10 == 0 ? "a tide pod challenge" : "laundry day";
      return {"json", R"({"id":"d)" + std::to_string(i) + R"(","text":")" + text + R"("})"};
    });
  }

  // Starts `bylaw worker` as consumer `name` with the given source options.
  std::unique_ptr<test::ChildProcess> StartWorker(const std::string& name,
                                                     const std::string& query,
                                                     std::vector<std::string> extra = {"--until-idle"}) {
    auto worker = std::make_unique<test::ChildProcess>();
    std::vector<std::string> args = {BYLAW_CLI_PATH, "worker", dir_.string(), "--source",
                                     server_->Uri("in", "group=g&consumer=" + name + "&" + query)};
    args.insert(args.end(), extra.begin(), extra.end());
    worker->Start(args, dir_ / name);
    return worker;
  }

  long long Verdicts() { return test::StreamLength(*redis_, "in:verdicts"); }

  // How many verdicts each entry of `in` got, by entry id.
  std::map<std::string, int> VerdictsPerEntry() {
    std::map<std::string, int> counts;
    for (const auto& entry : test::ReadStream(*redis_, "in")) counts[entry.id] = 0;
    for (const auto& verdict : test::ReadStream(*redis_, "in:verdicts")) {
      ++counts[verdict.fields.at("source_id")];
    }
    return counts;
  }

  // Expects every entry of `in` to have between `min` and `max` verdicts.
  void ExpectEveryEntryDecided(std::size_t entries, int min, int max) {
    const std::map<std::string, int> counts = VerdictsPerEntry();
    EXPECT_EQ(counts.size(), entries);  // no verdict names an unknown entry
    int missing = 0;
    int over = 0;
    for (const auto& [id, count] : counts) {
      missing += count < min;
      over += count > max;
    }
    EXPECT_EQ(missing, 0) << "entries without a verdict";
    EXPECT_EQ(over, 0) << "entries with more than " << max << " verdicts";
    EXPECT_EQ(test::PendingCount(*redis_, "in", "g"), 0);
  }

  test::fs::path dir_;
  std::unique_ptr<test::RedisTestServer> server_;
  std::unique_ptr<internal::RedisConnection> redis_;
};

TEST_F(WorkerTest, TwoWorkersShareTheStreamAndEachEntryGetsExactlyOneVerdict) {
  BYLAW_REQUIRE_REDIS_SERVER();
  StartServer();
  constexpr int kEntries = 20000;
  Fill(kEntries);
  auto a = StartWorker("a", "block-ms=20&batch=100");
  auto b = StartWorker("b", "block-ms=20&batch=100");
  EXPECT_EQ(a->Wait(), 0) << a->err();
  EXPECT_EQ(b->Wait(), 0) << b->err();
  ExpectEveryEntryDecided(kEntries, 1, 1);
  // Both took part, and the verdicts are right.
  EXPECT_THAT(a->err(), ::testing::ContainsRegex("worker: [1-9][0-9]* decided"));
  EXPECT_THAT(b->err(), ::testing::ContainsRegex("worker: [1-9][0-9]* decided"));
  int removed = 0;
  for (const auto& verdict : test::ReadStream(*redis_, "in:verdicts")) {
    removed += verdict.fields.at("decision") == "remove";
  }
  EXPECT_EQ(removed, kEntries / 10);
}

TEST_F(WorkerTest, EntriesOfAWorkerKilledMidRunAreClaimedByTheOther) {
  BYLAW_REQUIRE_REDIS_SERVER();
  StartServer();
  constexpr int kEntries = 20000;
  Fill(kEntries);
  auto victim = StartWorker("victim", "block-ms=20&batch=200&claim-idle-ms=300");
  ASSERT_TRUE(test::WaitFor([&] { return Verdicts() >= 1000; }));
  auto survivor = StartWorker("survivor", "block-ms=20&batch=200&claim-idle-ms=300");
  // Kill the victim while it holds entries: stop it, and look. Once it is
  // stopped, its entries go idle and the survivor may claim them before the
  // kill (so they are not counted again after it): that claim is what is
  // tested.
  ASSERT_TRUE(test::WaitFor([&] {
    victim->Signal(SIGSTOP);
    if (test::PendingCount(*redis_, "in", "g", "victim") > 0) return true;
    victim->Signal(SIGCONT);
    return false;
  }));
  victim->Signal(SIGKILL);
  EXPECT_EQ(victim->Wait(), 128 + SIGKILL);
  EXPECT_EQ(survivor->Wait(), 0) << survivor->err();
  EXPECT_EQ(test::PendingCount(*redis_, "in", "g", "victim"), 0);
  // A killed worker may have written verdicts it could not acknowledge.
  ExpectEveryEntryDecided(kEntries, 1, 2);
}

TEST_F(WorkerTest, RecoversWhenRedisRestartsMidRun) {
  BYLAW_REQUIRE_REDIS_SERVER();
  StartServer(/*persistent=*/true);
  constexpr int kEntries = 20000;
  Fill(kEntries);
  auto worker = StartWorker("w", "block-ms=20&batch=100");
  ASSERT_TRUE(test::WaitFor([&] { return Verdicts() >= 1000; }));
  // Stop the worker so that the restart happens mid-run for sure.
  worker->Signal(SIGSTOP);
  redis_.reset();
  server_->Stop();
  server_->Start();
  worker->Signal(SIGCONT);
  EXPECT_EQ(worker->Wait(), 0) << worker->err();
  EXPECT_THAT(worker->err(), HasSubstr("retrying in"));
  redis_ = std::make_unique<internal::RedisConnection>(server_->Connect());
  // A batch in flight at the restart may have been written twice.
  ExpectEveryEntryDecided(kEntries, 1, 2);
}

TEST_F(WorkerTest, PoisonEntriesEndInTheDeadLetterStream) {
  BYLAW_REQUIRE_REDIS_SERVER();
  StartServer();
  Fill(5);
  test::AddEntries(*redis_, "in", 1, [](int) -> std::vector<std::string> {
    return {"json", "{\"id\": \"broken\", "};
  });
  test::AddEntries(*redis_, "in", 1, [](int) -> std::vector<std::string> {
    return {"json", R"({"id":"silent","likes":3})"};
  });
  auto worker = StartWorker("w", "block-ms=10&claim-idle-ms=30&max-deliveries=3&dead-letter=poison");
  EXPECT_EQ(worker->Wait(), 0) << worker->err();
  const auto dead = test::ReadStream(*redis_, "poison");
  ASSERT_EQ(dead.size(), 2u);
  EXPECT_THAT(dead[0].fields.at("error"), HasSubstr("invalid JSON"));
  EXPECT_THAT(dead[1].fields.at("error"), HasSubstr("no text field"));
  // Neither can ever succeed: dead-lettered at their first delivery.
  for (const auto& entry : dead) EXPECT_EQ(entry.fields.at("deliveries"), "1");
  EXPECT_EQ(Verdicts(), 5);
  EXPECT_EQ(test::PendingCount(*redis_, "in", "g"), 0);
  EXPECT_THAT(worker->err(), HasSubstr("in entry " + dead[0].fields.at("source_id") +
                                       ": error: invalid JSON"));
}

TEST_F(WorkerTest, DocumentOverTheLimitIsRefusedToTheDeadLetterStreamOrStreamed) {
  BYLAW_REQUIRE_REDIS_SERVER();
  StartServer();
  Fill(5);
  test::AddEntries(*redis_, "in", 1, [](int) -> std::vector<std::string> {
    return {"json", R"({"id":"long","text":")" + std::string(200, '.') + R"( tide pod challenge"})"};
  });
  auto refusing = StartWorker("w", "block-ms=10&max-deliveries=3",
                              {"--until-idle", "--max-document-bytes", "100", "--oversize", "refuse"});
  EXPECT_EQ(refusing->Wait(), 0) << refusing->err();
  const auto dead = test::ReadStream(*redis_, "in:dead");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].fields.at("deliveries"), "1");
  EXPECT_EQ(dead[0].fields.at("error"),
            "document `long` refused: 219 bytes of text, over the limit of 100 bytes");
  EXPECT_THAT(refusing->err(), HasSubstr("in entry " + dead[0].fields.at("source_id") +
                                         ": error: document `long` refused"));
  EXPECT_THAT(refusing->err(), HasSubstr("5 decided, 1 failed (1 refused)"));
  EXPECT_EQ(Verdicts(), 5);
  EXPECT_EQ(test::PendingCount(*redis_, "in", "g"), 0);

  // By default a document over the limit is streamed, and decided.
  ASSERT_FALSE(redis_->Command({"DEL", "in:verdicts"}).IsError());
  auto streaming = StartWorker("s", "block-ms=10&start=0&group=fresh",
                               {"--until-idle", "--max-document-bytes", "100"});
  EXPECT_EQ(streaming->Wait(), 0) << streaming->err();
  const auto verdicts = test::ReadStream(*redis_, "in:verdicts");
  ASSERT_EQ(verdicts.size(), 6u);
  EXPECT_EQ(verdicts[5].fields.at("id"), "long");
  EXPECT_EQ(verdicts[5].fields.at("decision"), "remove");
}

TEST_F(WorkerTest, SigtermFinishesTheBatchAcknowledgesAndExitsZero) {
  BYLAW_REQUIRE_REDIS_SERVER();
  StartServer();
  Fill(20000);
  auto worker = StartWorker("w", "block-ms=20&batch=50", {});
  ASSERT_TRUE(test::WaitFor([&] { return Verdicts() >= 500; }));
  worker->Signal(SIGTERM);
  EXPECT_EQ(worker->Wait(), 0) << worker->err();
  // Whatever it read, it decided and acknowledged: nothing is left pending.
  EXPECT_EQ(test::PendingCount(*redis_, "in", "g"), 0);
  const std::map<std::string, int> counts = VerdictsPerEntry();
  for (const auto& [id, count] : counts) EXPECT_LE(count, 1) << id;
  EXPECT_THAT(worker->err(), HasSubstr(" decided, 0 failed"));
}

TEST_F(WorkerTest, WritesToAnotherSinkWhenAsked) {
  BYLAW_REQUIRE_REDIS_SERVER();
  StartServer();
  Fill(30);
  const std::string out = (dir_ / "verdicts.jsonl").string();
  auto worker = StartWorker("w", "block-ms=10", {"--until-idle", "--sink", "jsonl:" + out});
  EXPECT_EQ(worker->Wait(), 0) << worker->err();
  const std::string verdicts = test::ReadWholeFile(out);
  EXPECT_EQ(std::count(verdicts.begin(), verdicts.end(), '\n'), 30);
  EXPECT_EQ(Verdicts(), 0);
}

TEST_F(WorkerTest, UsageErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"worker", dir_.string()}, "option `--source` is required"},
      {{"worker", dir_.string(), "--source", "redis://127.0.0.1:1/s?grup=x"},
       "unknown option `grup`"},
      {{"worker", dir_.string(), "--source", "jsonl:x", "--batch", "0"},
       "option `--batch` must be a whole number from 1 to 100000, not `0`"},
      {{"worker", dir_.string(), "--source", "stdin:", "--field", "text=/a~7"},
       "invalid JSON pointer"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    test::ChildProcess worker;
    std::vector<std::string> args = {BYLAW_CLI_PATH};
    args.insert(args.end(), c.args.begin(), c.args.end());
    worker.Start(args, dir_ / "usage");
    EXPECT_EQ(worker.Wait(), 2);
    EXPECT_THAT(worker.err(), HasSubstr(c.message));
  }
}

TEST_F(WorkerTest, HelpListsRedisOptionsAndSources) {
  test::ChildProcess worker;
  worker.Start({BYLAW_CLI_PATH, "worker", "--help"}, dir_ / "help");
  EXPECT_EQ(worker.Wait(), 0);
  test::ExpectGolden("cli/worker_help.txt", worker.out());
}

TEST_F(WorkerTest, UnreachableRedisIsRetriedUntilStopped) {
  test::ChildProcess worker;
  const std::string uri =
      "redis://127.0.0.1:" + std::to_string(test::FreeLoopbackPort()) + "/in?block-ms=10";
  worker.Start({BYLAW_CLI_PATH, "worker", dir_.string(), "--source", uri}, dir_ / "unreachable");
  ASSERT_TRUE(test::WaitFor([&] {
    return worker.err().find("retrying in 200 ms") != std::string::npos;
  }));
  worker.Signal(SIGTERM);
  EXPECT_EQ(worker.Wait(), 0);  // a clean stop: what was in flight stays pending
  EXPECT_THAT(worker.err(), HasSubstr("cannot connect: Connection refused"));
  EXPECT_THAT(worker.err(), HasSubstr("stopped while failing"));
}

// SIGHUP and SIGTERM sent before the first compile has finished: held
// pending until the worker handles them (its handlers are installed and the
// signals unblocked before it compiles), so that neither kills it. It exits
// 0 without reading a document.
TEST_F(WorkerTest, SignalsBeforeTheFirstCompileStopItCleanly) {
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGHUP);
  sigaddset(&blocked, SIGTERM);
  test::ChildProcess worker;
  const std::string uri =
      "redis://127.0.0.1:" + std::to_string(test::FreeLoopbackPort()) + "/in?block-ms=10";
  worker.Start({BYLAW_CLI_PATH, "worker", dir_.string(), "--source", uri}, dir_ / "early", &blocked);
  worker.Signal(SIGHUP);
  worker.Signal(SIGTERM);
  EXPECT_EQ(worker.Wait(), 0) << worker.err();
  EXPECT_THAT(worker.err(), HasSubstr("worker: stopped before the first batch"));
}

}  // namespace
}  // namespace bylaw
