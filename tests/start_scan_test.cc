// A regex database's start scans (ScanPatternDatabase, hyperscan_scan.h):
// in a long text, each regex that matched is scanned for its starts only
// around its ends. Every match must be the one a scan of the whole text
// reports, start included.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "hs_handles.h"
#include "hyperscan_scan.h"
#include "program_data.h"
#include "test_rules.h"

namespace bylaw::internal {
namespace {

const char* kRegexPack = R"(category: dangerous-acts-and-challenges
terms:
  tag: [{ regex: '\b[a-z]{2,6}#\d{3}\b' }]
  dose: [{ regex: '\d{1,3}\s?mg\b' }]
  spaced: [{ regex: '(^|[^a-z])ab[ .]{1,3}cd($|[^a-z])' }]
  tail: [{ regex: 'x[yz]{0,4}w$' }]
  inner: [{ regex: '\Bqq\d' }]
  accent: [{ regex: 'é{1,3}t\b' }]
  open: [{ regex: 'zz\d+' }]
  negated: [{ regex: '[^ab ]{3}c' }]
  wide: [{ regex: '\bk\w{0,40}k\b' }]
  caret: [{ regex: '\^k' }]
rules:
  - id: r
    when: tag or dose or spaced or tail or inner or accent or open or negated or wide or caret
)";

struct Found {
  std::uint32_t id, from, to;
  bool operator==(const Found&) const = default;
  bool operator<(const Found& o) const { return std::tie(to, id, from) < std::tie(o.to, o.id, o.from); }
};

int Collect(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
            void* raw) {
  static_cast<std::vector<Found>*>(raw)->push_back(
      Found{id, static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to)});
  return 0;
}

const PatternDatabase& RegexDatabase(const Program& program) {
  for (const PatternDatabase& database : program.data().databases) {
    if (!database.literal) return database;
  }
  throw std::runtime_error("no regex database");
}

std::uint32_t ReachOf(const Program& program, const std::string& term) {
  const ProgramData& data = program.data();
  const PatternDatabase& database = RegexDatabase(program);
  for (const CompiledPattern& pattern : database.patterns) {
    if (data.term_names[data.targets[pattern.first_target].term] == term) return pattern.start_reach;
  }
  throw std::runtime_error("no pattern of " + term);
}

// The regex database of kRegexPack, and a scratch for it.
class StartScan : public ::testing::Test {
 protected:
  void SetUp() override {
    program_ = test::MustCompile(kRegexPack);
    ASSERT_NE(program_, nullptr);
    hs_scratch_t* raw = nullptr;
    ASSERT_TRUE(AllocateScratch(database(), &raw));
    scratch_.reset(raw);
  }
  const PatternDatabase& database() const { return RegexDatabase(*program_); }

  // The matches ScanPatternDatabase reports on `text`, and those of every
  // start database scanning the whole text, each sorted.
  std::pair<std::vector<Found>, std::vector<Found>> CutAndWhole(const std::string& text) {
    std::vector<ViewMatch> out, ends;
    EXPECT_EQ(ScanPatternDatabase(database(), text, scratch_.get(), &out, &ends), HS_SUCCESS);
    std::vector<Found> cut;
    for (const ViewMatch& m : out) cut.push_back(Found{m.id, m.from, m.to});
    std::vector<Found> whole;
    for (std::uint32_t id = 0; id < database().starts.size(); ++id) {
      std::vector<Found> alone;
      EXPECT_EQ(HsScan(database().starts[id].get(), text, scratch_.get(), &Collect, &alone),
                HS_SUCCESS);
      // A match that grows the one before it (from the same start) takes
      // its place, as in ScanPatternDatabase.
      std::vector<Found> merged;
      for (Found& f : alone) {
        f.id = id;
        if (!merged.empty() && merged.back().from == f.from) {
          merged.back().to = std::max(merged.back().to, f.to);
        } else {
          merged.push_back(f);
        }
      }
      whole.insert(whole.end(), merged.begin(), merged.end());
    }
    std::sort(cut.begin(), cut.end());
    std::sort(whole.begin(), whole.end());
    return {cut, whole};
  }

  std::shared_ptr<const Program> program_;
  HsScratch scratch_;
};

// The start reach is the widest match, and none where a cut could change
// what the regex reads (`^`, even escaped) or the width is unbounded.
TEST_F(StartScan, ReachesAsFarAsTheWidestMatch) {
  const Program& program = *program_;
  // Caseless UTF-8: [a-z] also reads the Kelvin sign K (3 bytes).
  EXPECT_EQ(ReachOf(program, "tag"), 6u * 3 + 1 + 3);
  EXPECT_EQ(ReachOf(program, "dose"), 6u);
  EXPECT_EQ(ReachOf(program, "tail"), 6u);
  EXPECT_EQ(ReachOf(program, "negated"), 3u * 4 + 1);  // three characters of up to 4 bytes, then c
  EXPECT_EQ(ReachOf(program, "spaced"), kNone);
  EXPECT_EQ(ReachOf(program, "open"), kNone);
  EXPECT_EQ(ReachOf(program, "caret"), kNone);
}

// Random long texts of the pieces these regexes match, and of bytes that
// separate words or do not: every match, with its start, is the whole
// text's.
TEST_F(StartScan, FindsInALongTextWhatTheWholeTextScanFinds) {
  const std::vector<std::string> pieces = {
      "ab", "cd", " ", ".", " . ", "#123", "12mg", "12 mg", "é", "éé", "t", "k", "kk", "q", "qq1",
      "xyzw", "xw", "\n", "_", "zz12", "c", "word", "3", "^k", "-", "aaaaaaaaaaaaaaaaaaaa"};
  // Long stretches without a match, so that ends fall into several
  // clusters; and long ones without a byte a cut may follow.
  const std::vector<std::string> fillers = {std::string(400, ' '), std::string(700, 'o'),
                                            "lorem ipsum dolor sit amet "};
  std::mt19937 random(20261206);
  std::size_t compared = 0;
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const std::size_t length = 1024 + random() % 6000;
    const bool sparse = round % 2 == 1;
    while (text.size() < length) {
      text += sparse && random() % 4 != 0 ? fillers[random() % fillers.size()]
                                          : pieces[random() % pieces.size()];
    }
    const auto [cut, whole] = CutAndWhole(text);
    ASSERT_EQ(cut, whole) << "round " << round << ", text: " << text;
    compared += whole.size();
  }
  EXPECT_GT(compared, 10000u);  // the texts are full of matches
}

// Two ends far apart with only word bytes between: the second one's cut
// walks back past the first, whose match is still reported once.
TEST_F(StartScan, ReportsAMatchOnceWhenTwoCutsReachIt) {
  const std::string text = std::string(1100, ' ') + "xqq1" + std::string(500, 'o') + "qq1 ";
  const auto [cut, whole] = CutAndWhole(text);
  EXPECT_EQ(cut, whole);
  EXPECT_EQ(whole.size(), 2u);
}

}  // namespace
}  // namespace bylaw::internal
