// Tests for engine/compile/guarded_compile.cc: Hyperscan compiles in a child
// process, under limits of time and memory.
#include "guarded_compile.h"

#include <gtest/gtest.h>
#include <hs/hs.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BYLAW_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define BYLAW_SANITIZED 1
#endif
#endif

namespace bylaw::internal {
namespace {

// Hyperscan needs 12 s and 160 MB to give up on this one (start-of-match
// tracking over three wide gaps); the limits below stop it far sooner.
constexpr const char* kPathological = "a.{0,3000}b.{0,3000}c.{0,3000}d";
constexpr unsigned kRegexFlags = HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST | HS_FLAG_CASELESS;

HyperscanBatch Regexes(std::vector<std::string> expressions) {
  HyperscanBatch batch;
  batch.flags.assign(expressions.size(), kRegexFlags);
  batch.expressions = std::move(expressions);
  return batch;
}

// No test depends on how fast this machine is: a compile that must succeed
// has no time limit, one that must be stopped is stopped by memory (which
// does not depend on speed), by a time limit of 0 s, or by a deadline that
// has passed before it starts.
constexpr double kNoTimeLimit = std::numeric_limits<double>::infinity();

HyperscanBatch Literals(std::vector<std::string> expressions) {
  HyperscanBatch batch;
  batch.literal = true;
  batch.flags.assign(expressions.size(), 0);
  batch.expressions = std::move(expressions);
  return batch;
}

CompileLimits Tight() {
  CompileLimits limits;
  limits.hyperscan_seconds = kNoTimeLimit;
  limits.hyperscan_memory_bytes = std::size_t{48} << 20;
  return limits;
}

// Ids of the expressions of `database` that match `text`.
std::vector<unsigned> Matches(const hs_database_t* database, const std::string& text) {
  hs_scratch_t* raw = nullptr;
  EXPECT_EQ(hs_alloc_scratch(database, &raw), HS_SUCCESS);
  HsScratch scratch(raw);
  std::vector<unsigned> ids;
  hs_scan(database, text.data(), static_cast<unsigned>(text.size()), 0, scratch.get(),
          [](unsigned id, unsigned long long, unsigned long long, unsigned, void* context) {
            static_cast<std::vector<unsigned>*>(context)->push_back(id);
            return 0;
          },
          &ids);
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST(GuardedCompile, BringsBackAWorkingDatabaseFromTheChild) {
  HyperscanBatch literals;
  literals.literal = true;
  literals.expressions = {"blackout challenge", "tide pod"};
  literals.flags = {HS_FLAG_CASELESS, HS_FLAG_CASELESS};
  GuardedCompileResult result = CompileGuarded(literals, CompileLimits{});
  ASSERT_EQ(result.outcome, CompileOutcome::kOk) << result.message;
  EXPECT_EQ(Matches(result.database.get(), "a TIDE POD and the Blackout Challenge"),
            (std::vector<unsigned>{0, 1}));
}

TEST(GuardedCompile, CompilesInThisProcessWhenNotIsolated) {
  CompileLimits limits;
  limits.isolate_hyperscan = false;
  GuardedCompileResult result = CompileGuarded(Regexes({"\\d{3}-\\d{4}"}), limits);
  ASSERT_EQ(result.outcome, CompileOutcome::kOk) << result.message;
  EXPECT_EQ(Matches(result.database.get(), "call 555-1234"), std::vector<unsigned>{0});
}

TEST(GuardedCompile, NamesTheExpressionHyperscanRejects) {
  const GuardedCompileResult result = CompileGuarded(Regexes({"fine", "(unclosed"}), Tight());
  EXPECT_EQ(result.outcome, CompileOutcome::kRejected);
  EXPECT_EQ(result.expression, 1);
  EXPECT_NE(result.message.find("parenthesis"), std::string::npos) << result.message;
  EXPECT_EQ(result.database, nullptr);
}

// A batch compiled separately comes back as one database per expression,
// each matching as its expression alone, from a child as in this process;
// one that Hyperscan rejects is named by its index.
TEST(GuardedCompile, CompilesEachExpressionOfASeparateBatchIntoItsOwnDatabase) {
  for (bool isolate : {true, false}) {
    CompileLimits limits;
    limits.isolate_hyperscan = isolate;
    HyperscanBatch batch = Regexes({"q[0-9]", "\\d{3}-\\d{4}"});
    batch.separately = true;
    GuardedCompileResult result = CompileGuarded(batch, limits);
    ASSERT_EQ(result.outcome, CompileOutcome::kOk) << result.message;
    EXPECT_EQ(result.database, nullptr);
    ASSERT_EQ(result.databases.size(), 2u);
    EXPECT_EQ(Matches(result.databases[0].get(), "q5 555-1234"), std::vector<unsigned>{0});
    EXPECT_EQ(Matches(result.databases[1].get(), "q5 555-1234"), std::vector<unsigned>{0});
    EXPECT_TRUE(Matches(result.databases[1].get(), "q5").empty());

    HyperscanBatch bad = Regexes({"fine", "(unclosed", "fine too"});
    bad.separately = true;
    const GuardedCompileResult rejected = CompileGuarded(bad, limits);
    EXPECT_EQ(rejected.outcome, CompileOutcome::kRejected);
    EXPECT_EQ(rejected.expression, 1);
    EXPECT_TRUE(rejected.databases.empty());
  }
}

// vectorscan 5.4.9 aborts every scan of more than 255 bytes with
// `\bz{3,}\b` and its start of match, whatever the text holds. The child
// tries each database on a long text before it answers: with such a release
// the answer is a failure that says why (naming the expression of a batch
// compiled separately); with a release without the bug, a database that
// comes back scans a long text.
TEST(GuardedCompile, NeverBringsBackADatabaseThatAbortsALongScan) {
  const std::string text = std::string(300, 'x') + " zzzz";
  for (const bool separately : {false, true}) {
    HyperscanBatch batch = Regexes({R"(\bz{3,}\b)", "tide pod"});
    batch.separately = separately;
    const GuardedCompileResult result = CompileGuarded(batch, Tight());
    if (result.outcome == CompileOutcome::kOk) {
      if (separately) {
        ASSERT_EQ(result.databases.size(), 2u);
        EXPECT_EQ(Matches(result.databases[0].get(), text), std::vector<unsigned>{0});
      } else {
        EXPECT_EQ(Matches(result.database.get(), text), std::vector<unsigned>{0});
      }
      continue;
    }
    EXPECT_EQ(result.outcome, CompileOutcome::kFailed) << separately;
    EXPECT_NE(result.message.find("aborts the process when it scans a text of more than 255 bytes"),
              std::string::npos)
        << result.message;
    if (separately) EXPECT_EQ(result.expression, 0);
  }
}

TEST(GuardedCompile, RejectsAnEmptyBatch) {
  EXPECT_EQ(CompileGuarded(HyperscanBatch{}, Tight()).outcome, CompileOutcome::kRejected);
}

// A limit of 0 s: the child is past it before it could have read its
// batch, however fast the machine.
TEST(GuardedCompile, StopsACompileThatRunsPastTheTimeLimit) {
  CompileLimits limits = Tight();
  limits.hyperscan_seconds = 0;
  limits.hyperscan_memory_bytes = std::size_t{4} << 30;  // only time can stop it
  const GuardedCompileResult result = CompileGuarded(Regexes({kPathological}), limits);
  EXPECT_EQ(result.outcome, CompileOutcome::kTimedOut);
  EXPECT_EQ(result.message, "compiling takes longer than the time limit of 0 s");
}

// The whole compile's deadline: a child running when it passes is stopped,
// and none starts after it; each says so, not "its own time limit".
TEST(GuardedCompile, StopsEveryCompileAtTheWholeCompilesDeadline) {
  CompileLimits limits = Tight();
  limits.hyperscan_memory_bytes = std::size_t{4} << 30;
  limits.compile_seconds = 0;
  const HyperscanBatch slow = Regexes({kPathological});
  const HyperscanBatch quick = Literals({"tide pod"});
  for (bool isolate : {true, false}) {
    limits.isolate_hyperscan = isolate;
    const std::vector<GuardedCompileResult> results =
        CompileGuardedAll({&slow, &quick}, limits, DeadlineIn(limits.compile_seconds));
    ASSERT_EQ(results.size(), 2u);
    for (const GuardedCompileResult& result : results) {
      EXPECT_EQ(result.outcome, CompileOutcome::kPastDeadline);
      EXPECT_EQ(result.message, "the compile ran past its time limit of 0 s in all");
    }
  }
  EXPECT_EQ(FindFailingExpressions(Regexes({"fine", kPathological}), limits, DeadlineIn(0)).size(), 2u);
  EXPECT_EQ(DeadlineIn(kNoTimeLimit), kNoDeadline);
}

TEST(GuardedCompile, StopsACompileThatNeedsMoreThanTheMemoryLimit) {
#ifdef BYLAW_SANITIZED
  GTEST_SKIP() << "a sanitizer's allocator reports and aborts instead of failing an allocation";
#endif
  CompileLimits limits = Tight();
  limits.hyperscan_seconds = 60;  // only memory can stop it
  const GuardedCompileResult result = CompileGuarded(Regexes({kPathological}), limits);
  EXPECT_EQ(result.outcome, CompileOutcome::kOutOfMemory);
  EXPECT_EQ(result.message, "compiling needs more than the memory limit of 48 MiB");
}

TEST(GuardedCompile, FindsWhichExpressionsCannotCompileAlone) {
  const HyperscanBatch batch = Regexes({"first", kPathological, "th(ird|3rd)", kPathological});
  const std::vector<FailingExpression> failing = FindFailingExpressions(batch, Tight());
  ASSERT_EQ(failing.size(), 2u);
  EXPECT_EQ(failing[0].index, 1u);
  EXPECT_EQ(failing[1].index, 3u);
  EXPECT_NE(failing[0].result.outcome, CompileOutcome::kOk);
}

// Several databases at once: each result lands in its own batch's place,
// whatever order they compile in, in child processes or on threads.
TEST(GuardedCompile, CompilesSeveralBatchesAtOnceEachIntoItsOwnResult) {
  const HyperscanBatch small = Literals({"tide pod"});
  const HyperscanBatch bad = Regexes({"fine", "(unclosed"});
  const HyperscanBatch large = Literals({"blackout", "choking game", "pass out", "skull breaker"});
  const HyperscanBatch empty;
  for (bool isolate : {true, false}) {
    CompileLimits limits = Tight();
    limits.isolate_hyperscan = isolate;
    limits.hyperscan_threads = 2;
    std::vector<GuardedCompileResult> results =
        CompileGuardedAll({&small, &bad, &empty, &large}, limits);
    ASSERT_EQ(results.size(), 4u);
    ASSERT_EQ(results[0].outcome, CompileOutcome::kOk) << results[0].message;
    EXPECT_EQ(Matches(results[0].database.get(), "a tide pod"), std::vector<unsigned>{0});
    EXPECT_EQ(results[1].outcome, CompileOutcome::kRejected);
    EXPECT_EQ(results[1].expression, 1);
    EXPECT_EQ(results[2].outcome, CompileOutcome::kRejected);
    ASSERT_EQ(results[3].outcome, CompileOutcome::kOk) << results[3].message;
    EXPECT_EQ(Matches(results[3].database.get(), "pass out, the skull breaker"),
              (std::vector<unsigned>{2, 3}));
  }
}

// A compile stopped by its limit ends alone: the one beside it still brings
// back its database. (Memory stops it: under a sanitizer, whose allocator
// aborts, as a child that ended without an answer.)
TEST(GuardedCompile, StopsOneCompileOfSeveralWithoutLosingTheOthers) {
  const HyperscanBatch slow = Regexes({kPathological});
  const HyperscanBatch quick = Literals({"tide pod"});
  CompileLimits limits = Tight();
  limits.hyperscan_threads = 2;
  std::vector<GuardedCompileResult> results = CompileGuardedAll({&slow, &quick}, limits);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_NE(results[0].outcome, CompileOutcome::kOk);
  ASSERT_EQ(results[1].outcome, CompileOutcome::kOk) << results[1].message;
  EXPECT_EQ(Matches(results[1].database.get(), "tide pod"), std::vector<unsigned>{0});
}

}  // namespace
}  // namespace bylaw::internal
