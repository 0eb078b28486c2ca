// Tests for adapters/pipeline.cc and delivery.cc: each batch is decided,
// written, flushed and only then settled; failures reach the source; a
// recoverable source is retried after a failure; the program is taken from
// the provider for every batch; streamed text is decided like whole text;
// documents over the size limit are streamed or refused.
#include "bylaw/pipeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/error.h"
#include "adapter_test_support.h"
#include "test_rules.h"

namespace bylaw {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

using test::kTidePodPack;

// What happened, in order, across the fakes below.
using Log = std::vector<std::string>;

// Hands out `texts` in batches; "!bad" is a malformed delivery. Fails its
// first `failures` reads when recoverable. Logs reads, settles and resets.
class FakeSource final : public Source {
 public:
  FakeSource(std::vector<std::string> texts, Log* log, bool recoverable = false, int failures = 0)
      : texts_(std::move(texts)), log_(log), recoverable_(recoverable), failures_(failures) {}

  bool Read(DeliveryBatch& batch) override {
    if (failures_ > 0) {
      --failures_;
      log_->push_back("read failed");
      throw Error("connection refused");
    }
    log_->push_back("read");
    while (!batch.full() && next_ < texts_.size()) {
      Delivery& delivery = batch.Add();
      delivery.origin = "fake";
      delivery.handle = std::to_string(next_);
      delivery.document.id = "d" + std::to_string(next_);
      const std::string& text = texts_[next_++];
      if (text == "!bad") {
        delivery.malformed = true;
        delivery.AddProblem("not a document");
      } else {
        delivery.document.AddField("text", text);
      }
    }
    return next_ < texts_.size();
  }
  void Settle(DeliveryBatch& batch) override {
    std::string line = "settle";
    for (const Delivery& delivery : batch) {
      if (delivery.outcome == Delivery::Outcome::kDone) {
        line += " done";
      } else {
        line += (delivery.outcome == Delivery::Outcome::kRefused ? " refused:" : " failed:") +
                delivery.error;
      }
    }
    log_->push_back(line);
  }
  bool recoverable() const override { return recoverable_; }
  void Reset() override { log_->push_back("reset"); }
  bool flush_each_batch() const override { return flush_each_batch_; }
  // Like a file: nothing to acknowledge, nobody waiting for each verdict.
  void ActAsAFile() { flush_each_batch_ = false; }

 private:
  std::vector<std::string> texts_;
  Log* log_;
  bool recoverable_;
  int failures_;
  std::size_t next_ = 0;
  bool flush_each_batch_ = true;
};

class FakeSink final : public Sink {
 public:
  explicit FakeSink(Log* log) : log_(log) {}
  void Write(const Delivery& delivery, const Verdict& verdict) override {
    log_->push_back("write " + delivery.document.id + " " + std::string(ActionName(verdict.decision)));
  }
  void Flush() override { log_->push_back("flush"); }
  void Reset() override { log_->push_back("sink reset"); }
  bool writes_blocks() const override { return writes_blocks_; }
  // Like a JSON Lines file: writes blocks as they fill.
  void ActAsAFile() { writes_blocks_ = true; }

 private:
  Log* log_;
  bool writes_blocks_ = false;
};

PipelineStats RunAll(Pipeline& pipeline) {
  const std::atomic<bool> stop{false};
  return pipeline.Run(stop);
}

TEST(Pipeline, SettlesEachBatchOnlyAfterItsVerdictsAreFlushed) {
  Log log;
  FakeSource source({"a tide pod challenge", "!bad", "calm"}, &log);
  FakeSink sink(&log);
  const auto program = test::MustCompile(kTidePodPack);
  Pipeline pipeline([program] { return program; }, source, sink, {.batch_size = 2});
  const PipelineStats stats = RunAll(pipeline);
  EXPECT_THAT(log, ElementsAre("read", "write d0 remove", "flush", "settle done failed:not a document",
                               "read", "write d2 allow", "flush", "settle done"));
  EXPECT_EQ(stats.decided, 2u);
  EXPECT_EQ(stats.failed, 1u);
  EXPECT_EQ(stats.batches, 2u);
  EXPECT_TRUE(stats.settled);
}

TEST(Pipeline, FlushesAFileIntoAFileOnceAtTheEnd) {
  Log log;
  FakeSource source({"a tide pod challenge", "calm", "calm"}, &log);
  source.ActAsAFile();
  FakeSink sink(&log);
  sink.ActAsAFile();
  const auto program = test::MustCompile(kTidePodPack);
  Pipeline pipeline([program] { return program; }, source, sink, {.batch_size = 2});
  RunAll(pipeline);
  EXPECT_THAT(log, ElementsAre("read", "write d0 remove", "write d1 allow", "settle done done",
                               "read", "write d2 allow", "settle done", "flush"));
}

TEST(Pipeline, FlushesEachBatchWhenTheSourceOrTheSinkNeedsIt) {
  for (const bool file_source : {false, true}) {
    Log log;
    FakeSource source({"calm", "calm"}, &log);
    if (file_source) source.ActAsAFile();
    FakeSink sink(&log);
    if (!file_source) sink.ActAsAFile();  // stdin into a file, or a file into a stream
    const auto program = test::MustCompile(kTidePodPack);
    Pipeline pipeline([program] { return program; }, source, sink, {.batch_size = 1});
    RunAll(pipeline);
    EXPECT_THAT(log, ElementsAre("read", "write d0 allow", "flush", "settle done", "read",
                                 "write d1 allow", "flush", "settle done"))
        << "file source: " << file_source;
  }
}

TEST(Pipeline, RecoverableSourceIsResetAndRetried) {
  Log log;
  FakeSource source({"tide pod challenge"}, &log, /*recoverable=*/true, /*failures=*/2);
  FakeSink sink(&log);
  const auto program = test::MustCompile(kTidePodPack);
  PipelineOptions options;
  options.first_backoff = std::chrono::milliseconds(1);
  Pipeline pipeline([program] { return program; }, source, sink, options);
  const PipelineStats stats = RunAll(pipeline);
  EXPECT_THAT(log, ElementsAre("read failed", "reset", "sink reset", "read failed", "reset",
                               "sink reset", "read", "write d0 remove", "flush", "settle done"));
  EXPECT_EQ(stats.recoveries, 2u);
  EXPECT_TRUE(stats.settled);
}

TEST(Pipeline, ErrorOfASourceThatCannotRecoverPropagates) {
  Log log;
  FakeSource source({"x"}, &log, /*recoverable=*/false, /*failures=*/1);
  FakeSink sink(&log);
  const auto program = test::MustCompile(kTidePodPack);
  Pipeline pipeline([program] { return program; }, source, sink);
  EXPECT_THROW(RunAll(pipeline), Error);
}

TEST(Pipeline, StopsWhileFailingWithoutSettling) {
  Log log;
  FakeSource source({"x"}, &log, /*recoverable=*/true, /*failures=*/100);
  const auto program = test::MustCompile(kTidePodPack);
  // An observer cannot stop a run that never decides anything, so the stop
  // comes from the sink's Reset, called after the first failure.
  struct StoppingSink final : Sink {
    std::atomic<bool>* stop;
    void Write(const Delivery&, const Verdict&) override {}
    void Flush() override {}
    void Reset() override { stop->store(true); }
  } stopping;
  std::atomic<bool> stop{false};
  stopping.stop = &stop;
  Pipeline stoppable([program] { return program; }, source, stopping,
                     {.first_backoff = std::chrono::milliseconds(1)});
  const PipelineStats stats = stoppable.Run(stop);
  EXPECT_FALSE(stats.settled);
  EXPECT_EQ(stats.recoveries, 1u);
  EXPECT_EQ(stats.batches, 0u);
}

// Stops the run after the first verdict; counts verdicts and failures.
class CountingObserver final : public PipelineObserver {
 public:
  std::atomic<bool>* stop = nullptr;
  std::vector<const Program*> programs;
  std::vector<std::string> failures;
  void OnVerdict(const Delivery&, const Verdict& verdict) override {
    programs.push_back(verdict.program);
    if (stop != nullptr) stop->store(true);
  }
  void OnFailure(const Delivery& delivery) override { failures.push_back(delivery.error); }
};

TEST(Pipeline, StopFinishesTheBatchInFlight) {
  Log log;
  FakeSource source({"a", "b", "c", "d"}, &log);
  FakeSink sink(&log);
  const auto program = test::MustCompile(kTidePodPack);
  std::atomic<bool> stop{false};
  CountingObserver observer;
  observer.stop = &stop;
  Pipeline pipeline([program] { return program; }, source, sink, {.batch_size = 2});
  pipeline.AddObserver(&observer);
  const PipelineStats stats = pipeline.Run(stop);
  EXPECT_EQ(stats.decided, 2u);  // the whole first batch, then no other
  EXPECT_EQ(log.back(), "settle done done");
}

TEST(Pipeline, TakesTheProgramFromTheProviderForEachBatch) {
  Log log;
  FakeSource source({"a", "b", "c"}, &log);
  FakeSink sink(&log);
  const auto first = test::MustCompile(kTidePodPack);
  const auto second = test::MustCompile(kTidePodPack);
  int calls = 0;
  Pipeline pipeline([&] { return ++calls == 1 ? first : second; }, source, sink,
                    {.batch_size = 2});
  CountingObserver observer;
  pipeline.AddObserver(&observer);
  RunAll(pipeline);
  EXPECT_THAT(observer.programs, ElementsAre(first.get(), first.get(), second.get()));
}

TEST(Pipeline, ReviewMayReplaceTheVerdict) {
  Log log;
  FakeSource source({"tide pod challenge"}, &log);
  FakeSink sink(&log);
  const auto program = test::MustCompile(kTidePodPack);
  struct Allow final : PipelineObserver {
    Verdict allowed;
    const Verdict& Review(const Delivery&, const Verdict& verdict) override {
      allowed = verdict;
      allowed.decision = Action::kAllow;
      return allowed;
    }
  } allow;
  Pipeline pipeline([program] { return program; }, source, sink);
  pipeline.AddObserver(&allow);
  RunAll(pipeline);
  EXPECT_EQ(log[1], "write d0 allow");
}

// Text in pieces, with a time per piece.
class PieceStream final : public TextStream {
 public:
  explicit PieceStream(std::vector<std::string> pieces) : pieces_(std::move(pieces)) {}
  bool Next(std::string_view* field, std::string_view* chunk) override {
    if (next_ == pieces_.size()) return false;
    *field = "transcript";
    *chunk = pieces_[next_++];
    return true;
  }
  std::vector<Problem> TakeProblems() override { return {Problem{3, "a gap"}}; }
  std::optional<SpanTime> TimeOf(const MatchSpan& span) const override {
    return SpanTime{span.begin * 1000, span.end * 1000, 1, 2};
  }

 private:
  std::vector<std::string> pieces_;
  std::size_t next_ = 0;
};

TEST(DeliveryScanner, StreamedTextDecidesLikeWholeText) {
  const auto program = test::MustCompile(kTidePodPack);
  DeliveryScanner scanner(program);
  Delivery streamed;
  streamed.document.id = "s";
  streamed.stream = std::make_unique<PieceStream>(std::vector<std::string>{"try the ti", "de p",
                                                                           "od challenge now"});
  const Verdict& verdict = *scanner.Scan(streamed);
  EXPECT_EQ(verdict.decision, Action::kRemove);
  ASSERT_EQ(verdict.spans.size(), 1u);
  EXPECT_EQ(verdict.TextOf(verdict.spans[0]), "tide pod challenge");
  ASSERT_EQ(streamed.problems.size(), 1u);
  EXPECT_EQ(streamed.problems[0].message, "a gap");
  std::string json;
  AppendDeliveryVerdictJson(streamed, verdict, &json);
  const auto parsed = nlohmann::json::parse(json);
  EXPECT_EQ(parsed["rules"][0]["spans"][0]["time"]["start"], "00:00:08.000");
  EXPECT_EQ(parsed["rules"][0]["spans"][0]["time"]["end"], "00:00:26.000");

  Delivery whole;
  whole.document = test::TextDocument("try the tide pod challenge now", "w");
  std::string plain;
  AppendDeliveryVerdictJson(whole, *scanner.Scan(whole), &plain);
  EXPECT_THAT(plain, Not(HasSubstr("\"time\"")));
  EXPECT_THAT(plain, HasSubstr("\"begin\":8,\"end\":26"));
}

constexpr ScanLimits kRefuseOver(std::size_t bytes) {
  return ScanLimits{.max_document_bytes = bytes, .oversize = ScanLimits::Oversize::kRefuse};
}

TEST(Pipeline, RefusedDocumentIsSettledAsRefusedWithItsIdAndSize) {
  Log log;
  FakeSource source({"tide pod challenge", "a tide pod challenge, twice as long as that"}, &log);
  FakeSink sink(&log);
  const auto program = test::MustCompile(kTidePodPack);
  CountingObserver observer;
  Pipeline pipeline([program] { return program; }, source, sink,
                    {.scan_limits = kRefuseOver(18)});
  pipeline.AddObserver(&observer);
  const PipelineStats stats = RunAll(pipeline);
  EXPECT_THAT(log, ElementsAre("read", "write d0 remove", "flush",
                               "settle done refused:document `d1` refused: 43 bytes of text, "
                               "over the limit of 18 bytes"));
  EXPECT_EQ(stats.decided, 1u);
  EXPECT_EQ(stats.failed, 1u);
  EXPECT_EQ(stats.refused, 1u);
  EXPECT_THAT(observer.failures, ElementsAre(HasSubstr("`d1` refused")));
}

TEST(DeliveryScanner, StreamsADocumentOverTheLimitToTheVerdictOfAWholeScan) {
  const auto program = test::MustCompile(kTidePodPack);
  const std::string text = std::string(5000, 'x') + " try the tide pod challenge " +
                           std::string(40000, 'y') + " tide pod challenge!";
  Delivery delivery;
  delivery.document = test::TextDocument(text, "long");
  DeliveryScanner whole(program, kRefuseOver(text.size()));
  std::string expected;
  AppendVerdictJson(*whole.Scan(delivery), &expected);
  DeliveryScanner streaming(program, {.max_document_bytes = 100,
                                      .oversize = ScanLimits::Oversize::kStream,
                                      .stream_chunk_bytes = 1000});
  const Verdict* streamed = streaming.Scan(delivery);
  ASSERT_NE(streamed, nullptr);
  ASSERT_FALSE(streamed->spans.empty());
  for (const MatchSpan& span : streamed->spans) {  // it really was streamed
    EXPECT_NE(span.text, MatchSpan::kInDocument);
  }
  EXPECT_EQ(streamed->document, &delivery.document);
  std::string json;
  AppendVerdictJson(*streamed, &json);
  EXPECT_EQ(json, expected);
  EXPECT_THAT(json, HasSubstr("\"decision\":\"remove\""));
}

TEST(DeliveryScanner, RefusesAStreamedDeliveryOnceItPassesTheLimit) {
  const auto program = test::MustCompile(kTidePodPack);
  DeliveryScanner scanner(program, kRefuseOver(12));
  Delivery delivery;
  delivery.document.id = "video";
  delivery.stream = std::make_unique<PieceStream>(std::vector<std::string>{"try the ti", "de p",
                                                                           "od challenge now"});
  EXPECT_EQ(scanner.Scan(delivery), nullptr);
  EXPECT_EQ(delivery.error,
            "document `video` refused: more than 12 bytes of text, over the limit of 12 bytes");
  ASSERT_EQ(delivery.problems.size(), 1u);  // what was read is still reported
  Delivery within;
  within.document = test::TextDocument("tide pod", "short");
  EXPECT_NE(scanner.Scan(within), nullptr);  // 8 bytes: scanned
}

TEST(Delivery, ProblemsReadAsCompilerMessages) {
  Delivery delivery;
  delivery.origin = "posts.jsonl";
  EXPECT_EQ(FormatProblem(delivery, Problem{12, "invalid JSON"}, "error"),
            "posts.jsonl:12: error: invalid JSON\n");
  delivery.origin = "posts entry 1-0";
  EXPECT_EQ(FormatProblem(delivery, Problem{0, "no text"}, "error"),
            "posts entry 1-0: error: no text\n");
  EXPECT_EQ(FormatTimestamp(3'723'045), "01:02:03.045");
  EXPECT_EQ(FormatTimestamp(360'000'000), "100:00:00.000");
}

TEST(DeliveryBatch, ReusesItsSlots) {
  DeliveryBatch batch(2);
  Delivery& first = batch.Add();
  first.document.AddField("text", std::string(1000, 'x'));
  first.outcome = Delivery::Outcome::kDone;
  batch.Add();
  EXPECT_TRUE(batch.full());
  batch.Clear();
  Delivery& again = batch.Add();
  EXPECT_EQ(&again, &first);
  EXPECT_TRUE(again.document.fields.empty());
  EXPECT_EQ(again.outcome, Delivery::Outcome::kPending);
  batch.RemoveLast();
  EXPECT_TRUE(batch.empty());
}

}  // namespace
}  // namespace bylaw
