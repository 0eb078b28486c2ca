// Tests for adapters/redis_stream_source.cc and redis_stream_sink.cc, in
// process, against a real redis-server: entries become documents, nothing is
// acknowledged before Settle, a consumer first re-reads its own pending
// entries, idle entries of other consumers are claimed, and an entry that
// keeps failing, or is refused as too large, ends in the dead-letter stream.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/adapter_registry.h"
#include "bylaw/pipeline.h"
#include "redis_test_support.h"
#include "adapter_test_support.h"
#include "test_rules.h"

namespace bylaw {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

using test::kTidePodPack;

class RedisStreamSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::RedisTestServer::Available()) {
      GTEST_SKIP() << test::RedisTestServer::kBinary << " is missing";
    }
    server_ = std::make_unique<test::RedisTestServer>();
    redis_ = std::make_unique<internal::RedisConnection>(server_->Connect());
  }

  std::unique_ptr<Source> Open(const std::string& query, bool stop_when_idle = false) {
    SourceOptions options;
    options.stop_when_idle = stop_when_idle;
    return registry_.OpenSource(server_->Uri("in", query), options);
  }

  void Add(const std::vector<std::string>& fields) {
    std::vector<std::string_view> args = {"XADD", "in", "*"};
    args.insert(args.end(), fields.begin(), fields.end());
    ASSERT_FALSE(redis_->Command(args).IsError());
  }

  static std::vector<std::string> Handles(const DeliveryBatch& batch) {
    std::vector<std::string> handles;
    for (const Delivery& delivery : batch) handles.push_back(delivery.handle);
    return handles;
  }

  AdapterRegistry registry_ = AdapterRegistry::WithBuiltins();
  std::unique_ptr<test::RedisTestServer> server_;
  std::unique_ptr<internal::RedisConnection> redis_;
};

TEST_F(RedisStreamSourceTest, EntriesBecomeDocumentsJsonOrPlainFields) {
  Add({"json", R"({"id":"p1","text":"a tide pod challenge","title":"t"})"});
  Add({"text", "plain fields", "id", "p2", "lang", "en"});
  Add({"json", "{not json"});
  Add({"json", R"({"id":"p4","body":"no text field"})"});
  const auto source = Open("group=g&consumer=c&block-ms=10");
  DeliveryBatch batch(10);
  ASSERT_TRUE(source->Read(batch));
  ASSERT_EQ(batch.size(), 4u);
  EXPECT_EQ(batch[0].document.id, "p1");
  EXPECT_EQ(batch[0].document.fields.size(), 2u);
  EXPECT_EQ(batch[0].origin, "in entry " + batch[0].handle);
  EXPECT_EQ(batch[1].document.id, "p2");
  ASSERT_EQ(batch[1].document.fields.size(), 1u);
  EXPECT_EQ(batch[1].document.fields[0].text, "plain fields");
  EXPECT_TRUE(batch[2].malformed);
  EXPECT_THAT(batch[2].problems.at(0).message, HasSubstr("invalid JSON"));
  EXPECT_TRUE(batch[3].malformed);
  EXPECT_THAT(batch[3].problems.at(0).message, HasSubstr("no text field"));
}

TEST_F(RedisStreamSourceTest, AcknowledgesOnlyDoneEntriesAtSettle) {
  for (int i = 0; i < 3; ++i) Add({"text", "t" + std::to_string(i)});
  const auto source = Open("group=g&consumer=c&block-ms=10&max-deliveries=5");
  DeliveryBatch batch(10);
  source->Read(batch);
  ASSERT_EQ(batch.size(), 3u);
  EXPECT_EQ(test::PendingCount(*redis_, "in", "g"), 3);
  batch[0].outcome = Delivery::Outcome::kDone;
  batch[1].outcome = Delivery::Outcome::kFailed;  // stays pending: 1 delivery of 5
  source->Settle(batch);
  EXPECT_EQ(test::PendingCount(*redis_, "in", "g"), 2);
  EXPECT_EQ(test::StreamLength(*redis_, "in:dead"), 0);
}

TEST_F(RedisStreamSourceTest, AfterResetItFirstRereadsItsOwnPendingEntries) {
  for (int i = 0; i < 3; ++i) Add({"text", "t" + std::to_string(i)});
  const auto source = Open("group=g&consumer=c&block-ms=10");
  DeliveryBatch batch(2);
  source->Read(batch);
  const std::vector<std::string> first = Handles(batch);
  ASSERT_EQ(first.size(), 2u);
  source->Reset();  // as after a lost connection: nothing was settled
  // One at first: a batch that got a worker killed for memory is never
  // taken whole again.
  for (const std::string& handle : first) {
    batch.Clear();
    source->Read(batch);
    EXPECT_EQ(Handles(batch), std::vector<std::string>{handle});
    EXPECT_EQ(batch[0].deliveries, 2u);
    for (Delivery& delivery : batch) delivery.outcome = Delivery::Outcome::kDone;
    source->Settle(batch);
  }
  batch.Clear();
  source->Read(batch);  // then the new entry
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].deliveries, 1u);
}

// A read brings at most batch-bytes: after a read of large entries, the next
// takes only as many as fit (16 entries of 30 MB took 1.07 GB).
TEST_F(RedisStreamSourceTest, ReadsAreBoundedInBytesByTheLargestEntrySeen) {
  for (int i = 0; i < 8; ++i) Add({"text", std::string(3000, 'a')});
  const auto source = Open("group=g&consumer=c&block-ms=10&batch-bytes=7000");
  DeliveryBatch batch(4);
  source->Read(batch);
  EXPECT_EQ(batch.size(), 4u);  // nothing seen yet: the batch's own bound
  for (std::size_t expected : {2u, 2u}) {
    for (Delivery& delivery : batch) delivery.outcome = Delivery::Outcome::kDone;
    source->Settle(batch);
    batch.Clear();
    source->Read(batch);
    EXPECT_EQ(batch.size(), expected);  // 7000 / 3000 bytes
  }
}

// A key that holds something else than a stream stays so: a lasting error,
// not a retry for ever.
TEST_F(RedisStreamSourceTest, AWrongTypeOfVerdictStreamIsALastingError) {
  Add({"text", "a tide pod challenge"});
  ASSERT_FALSE(redis_->Command({"SET", "in:verdicts", "not a stream"}).IsError());
  const auto source = Open("group=g&consumer=c&block-ms=5");
  const auto sink = registry_.OpenSink(source->default_sink());
  const auto program = test::MustCompile(kTidePodPack);
  Pipeline pipeline([program] { return program; }, *source, *sink);
  const std::atomic<bool> stop{false};
  try {
    pipeline.Run(stop);
    ADD_FAILURE() << "the pipeline returned";
  } catch (const Error& error) {
    EXPECT_TRUE(error.lasting());
    EXPECT_THAT(error.what(), HasSubstr("WRONGTYPE"));
  }
  EXPECT_EQ(test::PendingCount(*redis_, "in", "g"), 1);  // left for a fixed sink
}

TEST_F(RedisStreamSourceTest, ClaimsEntriesLeftIdleByAnotherConsumer) {
  for (int i = 0; i < 4; ++i) Add({"text", "t" + std::to_string(i)});
  const auto dead = Open("group=g&consumer=dead&block-ms=10");
  DeliveryBatch batch(10);
  dead->Read(batch);
  const std::vector<std::string> abandoned = Handles(batch);
  ASSERT_EQ(abandoned.size(), 4u);
  const auto alive = Open("group=g&consumer=alive&block-ms=10&claim-idle-ms=30");
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  batch.Clear();
  alive->Read(batch);
  EXPECT_EQ(Handles(batch), abandoned);
  EXPECT_EQ(batch[0].deliveries, 2u);
  EXPECT_EQ(test::PendingCount(*redis_, "in", "g", "alive"), 4);
  EXPECT_EQ(test::PendingCount(*redis_, "in", "g", "dead"), 0);
}

TEST_F(RedisStreamSourceTest, PipelineWritesVerdictsAndDeadLettersPoisonEntries) {
  Add({"json", R"({"id":"good","text":"a tide pod challenge"})"});
  Add({"json", "{not json"});
  Add({"json", R"({"id":"empty"})"});
  Add({"text", "calm", "id", "plain"});
  const auto source =
      Open("group=g&consumer=c&block-ms=5&claim-idle-ms=20&max-deliveries=3", true);
  const auto sink = registry_.OpenSink(source->default_sink());
  const auto program = test::MustCompile(kTidePodPack);
  Pipeline pipeline([program] { return program; }, *source, *sink);
  const std::atomic<bool> stop{false};
  const PipelineStats stats = pipeline.Run(stop);
  EXPECT_EQ(stats.decided, 2u);
  EXPECT_EQ(stats.failed, 2u);  // two poison entries: dead-lettered at their first delivery

  const auto verdicts = test::ReadStream(*redis_, "in:verdicts");
  ASSERT_EQ(verdicts.size(), 2u);
  const auto sources = test::ReadStream(*redis_, "in");
  EXPECT_EQ(verdicts[0].fields.at("source_id"), sources[0].id);
  EXPECT_EQ(verdicts[0].fields.at("id"), "good");
  EXPECT_EQ(verdicts[0].fields.at("decision"), "remove");
  EXPECT_EQ(nlohmann::json::parse(verdicts[0].fields.at("verdict"))["id"], "good");
  EXPECT_EQ(verdicts[1].fields.at("id"), "plain");

  const auto dead = test::ReadStream(*redis_, "in:dead");
  ASSERT_EQ(dead.size(), 2u);
  std::vector<std::string> errors;
  std::vector<std::string> entries;
  for (const auto& entry : dead) {
    EXPECT_EQ(entry.fields.at("deliveries"), "1");
    EXPECT_EQ(entry.fields.at("group"), "g");
    errors.push_back(entry.fields.at("error"));
    entries.push_back(entry.fields.at("entry"));  // the original fields, as JSON
  }
  EXPECT_THAT(errors, UnorderedElementsAre(HasSubstr("invalid JSON"), HasSubstr("no text field")));
  EXPECT_THAT(entries, UnorderedElementsAre(R"({"json":"{not json"})",
                                            R"({"json":"{\"id\":\"empty\"}"})"));
  EXPECT_EQ(test::PendingCount(*redis_, "in", "g"), 0);
}

TEST_F(RedisStreamSourceTest, RefusedEntryIsDeadLetteredAtItsFirstDelivery) {
  Add({"json", R"({"id":"huge","text":"far more text than the limit allows"})"});
  Add({"json", R"({"id":"small","text":"tide pod challenge"})"});
  const auto source = Open("group=g&consumer=c&block-ms=5&max-deliveries=5", true);
  const auto sink = registry_.OpenSink(source->default_sink());
  const auto program = test::MustCompile(kTidePodPack);
  Pipeline pipeline([program] { return program; }, *source, *sink,
                    {.scan_limits = {.max_document_bytes = 20,
                                     .oversize = ScanLimits::Oversize::kRefuse}});
  const std::atomic<bool> stop{false};
  const PipelineStats stats = pipeline.Run(stop);
  EXPECT_EQ(stats.refused, 1u);  // once: not redelivered
  const auto dead = test::ReadStream(*redis_, "in:dead");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].fields.at("source_id"), test::ReadStream(*redis_, "in")[0].id);
  EXPECT_EQ(dead[0].fields.at("deliveries"), "1");
  EXPECT_EQ(dead[0].fields.at("error"),
            "document `huge` refused: 35 bytes of text, over the limit of 20 bytes");
  EXPECT_THAT(dead[0].fields.at("entry"), HasSubstr("far more text"));
  EXPECT_EQ(test::StreamLength(*redis_, "in:verdicts"), 1);
  EXPECT_EQ(test::PendingCount(*redis_, "in", "g"), 0);
}

TEST_F(RedisStreamSourceTest, EntryThatKeepsCrashingWorkersIsDeadLetteredUnread) {
  Add({"text", "crashes its worker"});
  // Three consumers take it in turn and die without settling it.
  DeliveryBatch batch(1);
  for (const std::string consumer : {"w1", "w2", "w3"}) {
    const auto source = Open("group=g&block-ms=5&claim-idle-ms=1&consumer=" + consumer);
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    batch.Clear();
    source->Read(batch);
    ASSERT_EQ(batch.size(), 1u) << consumer;
  }
  EXPECT_EQ(batch[0].deliveries, 3u);
  const auto last = Open("group=g&block-ms=5&claim-idle-ms=1&max-deliveries=3&consumer=w4");
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  batch.Clear();
  last->Read(batch);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_TRUE(batch[0].malformed);
  EXPECT_THAT(batch[0].problems.at(0).message, HasSubstr("delivered 4 times without a verdict"));
}

TEST_F(RedisStreamSourceTest, StopWhenIdleEndsOnceNothingIsNewOrPending) {
  const auto source = Open("group=g&consumer=c&block-ms=5", true);
  DeliveryBatch batch(4);
  EXPECT_FALSE(source->Read(batch));
  EXPECT_TRUE(batch.empty());
}

TEST_F(RedisStreamSourceTest, GroupIsRecreatedWhenTheStreamVanishes) {
  Add({"text", "before"});
  const auto source = Open("group=g&consumer=c&block-ms=5");
  DeliveryBatch batch(4);
  source->Read(batch);
  ASSERT_EQ(batch.size(), 1u);
  ASSERT_FALSE(redis_->Command({"DEL", "in"}).IsError());  // as a restart without persistence
  Add({"text", "after"});
  batch.Clear();
  source->Read(batch);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].document.fields[0].text, "after");
}

TEST_F(RedisStreamSourceTest, SinkTrimsToMaxlenAndReportsErrorReplies) {
  const auto sink = registry_.OpenSink(server_->Uri("out", "maxlen=5"));
  const auto program = test::MustCompile(kTidePodPack);
  Scanner scanner(program);
  Delivery delivery;
  delivery.handle = "1-0";
  delivery.document = test::TextDocument("tide pod challenge", "d");
  for (int i = 0; i < 500; ++i) sink->Write(delivery, scanner.Scan(delivery.document));
  sink->Flush();
  EXPECT_LT(test::StreamLength(*redis_, "out"), 500);
  ASSERT_FALSE(redis_->Command({"SET", "not-a-stream", "x"}).IsError());
  const auto wrong = registry_.OpenSink(server_->Uri("not-a-stream"));
  wrong->Write(delivery, scanner.Scan(delivery.document));
  try {
    wrong->Flush();
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("XADD to `not-a-stream` failed: WRONGTYPE"));
  }
}

}  // namespace
}  // namespace bylaw
