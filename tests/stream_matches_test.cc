// Tests for StreamMatches (engine/runtime/stream_matches.cc): of the matches
// a stream's windows report, it keeps what the verdict needs and no more.
// tests/document_stream_test.cc checks the verdicts against whole scans.
#include "runtime/stream_matches.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "bylaw/verdict.h"
#include "test_rules.h"

namespace bylaw::test {
namespace {

using internal::Hit;
using internal::StreamMatches;
using internal::TermHit;

constexpr const char* kPack = R"yaml(category: dangerous-acts-and-challenges
terms:
  pod: [tide pod]
  promote: [try it]
  plain: [plain]
rules:
  - { id: many, when: count(pod) >= 20 }
  - { id: near, when: "near(pod, promote, 3)" }
  - { id: plain, when: plain }
)yaml";

class StreamMatchesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    program_ = MustCompile(kPack);
    ASSERT_NE(program_, nullptr);
    matches_ = std::make_unique<StreamMatches>(program_->data());
  }
  std::uint32_t Term(const std::string& name) const {
    const auto& names = program_->data().term_names;
    return static_cast<std::uint32_t>(std::find(names.begin(), names.end(), name) - names.begin());
  }
  // A pending match of `term` at [begin, end) whose words start at `word`.
  void Add(const std::string& term, std::uint32_t field, std::uint32_t begin, std::uint32_t end,
           std::uint32_t word, EvasionSet evasions = {}) {
    Hit hit{field, begin, end, evasions, word, word + 1};
    hit.text = static_cast<std::uint32_t>(matches_->pending_texts()->size());
    matches_->pending_texts()->append(end - begin, 'x');
    matches_->pending()->push_back(TermHit{Term(term), hit});
  }
  std::size_t KeptOf(const std::string& term) const {
    const auto kept = matches_->kept();
    return std::count_if(kept.begin(), kept.end(),
                         [&](const TermHit& found) { return found.term == Term(term); });
  }

  std::shared_ptr<const Program> program_;
  std::unique_ptr<StreamMatches> matches_;
};

TEST_F(StreamMatchesTest, KeepsTheFirstSpansOfEachFieldWhenNoConditionCounts) {
  for (std::uint32_t i = 0; i < 100; ++i) Add("plain", 0, 10 * i, 10 * i + 5, 2 * i);
  for (std::uint32_t i = 0; i < 100; ++i) Add("plain", 1, 10 * i, 10 * i + 5, 2 * i);
  matches_->Settle(0, 2000);
  EXPECT_EQ(KeptOf("plain"), kMaxSpansPerTerm);
  matches_->Settle(1, 2000);
  EXPECT_EQ(KeptOf("plain"), 2 * kMaxSpansPerTerm);
  // Once its buffers have grown to a batch (their swaps settle by the third),
  // batch after batch of matches leaves the same bytes: nothing grows with them.
  std::size_t bytes = 0;
  for (std::uint32_t batch = 1; batch < 8; ++batch) {
    for (std::uint32_t i = 1000 * batch; i < 1000 * batch + 900; ++i) {
      Add("plain", 0, 10 * i, 10 * i + 5, 2 * i);
    }
    matches_->Settle(0, 10000 * (batch + 1));
    EXPECT_EQ(KeptOf("plain"), 2 * kMaxSpansPerTerm);
    if (batch > 3) EXPECT_EQ(matches_->bytes(), bytes) << batch;
    bytes = matches_->bytes();
  }
}

TEST_F(StreamMatchesTest, KeepsOneMoreMatchThanTheLargestCountBound) {
  for (std::uint32_t i = 0; i < 100; ++i) Add("pod", 0, 100 * i, 100 * i + 8, 20 * i);
  matches_->Settle(0, 100000);
  EXPECT_EQ(KeptOf("pod"), 21u);
}

TEST_F(StreamMatchesTest, KeepsTheFirstDisguisedMatch) {
  for (std::uint32_t i = 0; i < 50; ++i) {
    Add("plain", 0, 10 * i, 10 * i + 5, 2 * i, i >= 30 ? EvasionSet(1) : EvasionSet());
  }
  matches_->Settle(0, 1000);
  ASSERT_EQ(KeptOf("plain"), kMaxSpansPerTerm + 1);
  EXPECT_EQ(matches_->kept().back().hit.begin, 300u);
}

TEST_F(StreamMatchesTest, WaitsForMatchesALaterWindowCouldMergeAndMergesEqualStarts) {
  Add("plain", 0, 100, 105, 10, EvasionSet(1));
  matches_->Settle(0, 100);  // a later window may still report a match at byte 100
  EXPECT_TRUE(matches_->kept().empty());
  Add("plain", 0, 100, 109, 10, EvasionSet(2));
  matches_->Settle(0, 101);
  ASSERT_EQ(matches_->kept().size(), 1u);
  const Hit& merged = matches_->kept().front().hit;
  EXPECT_EQ(merged.end, 109u);  // the longest
  EXPECT_EQ(merged.evasions.bits(), 3u);  // the evasions of both
  EXPECT_EQ(matches_->kept_texts().substr(merged.text, 9), "xxxxxxxxx");
}

// The pair is found after the first spans of both terms are kept, and is
// kept; a later far-apart match is not.
TEST_F(StreamMatchesTest, KeepsTheNearPairFoundLateAndNotMatchesThatCannotPair) {
  std::uint32_t at = 0, word = 0;
  for (int i = 0; i < 30; ++i, at += 100, word += 20) {
    Add("pod", 0, at, at + 8, word);
    Add("promote", 0, at + 50, at + 56, word + 10);  // 9 words apart
  }
  Add("pod", 0, at, at + 8, word);
  matches_->Settle(0, at + 1);
  ASSERT_EQ(KeptOf("promote"), kMaxSpansPerTerm);
  ASSERT_EQ(KeptOf("pod"), 21u);  // the count bound, 20, plus one
  Add("promote", 0, at + 10, at + 16, word + 2);  // 1 word after the last pod
  matches_->Settle(0, at + 11);
  EXPECT_EQ(KeptOf("promote"), kMaxSpansPerTerm + 1);
  EXPECT_EQ(KeptOf("pod"), 22u);
  Add("promote", 0, at + 20, at + 26, word + 3);  // the pair is known: nothing more
  matches_->Settle(0, at + 21);
  EXPECT_EQ(KeptOf("promote"), kMaxSpansPerTerm + 1);
}

}  // namespace
}  // namespace bylaw::test
