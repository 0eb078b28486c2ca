// The bundled rule packs under rules/: every rule carries both `flag` and
// `pass` examples, every example behaves as declared, and the packs decide
// the sample corpus and everyday English as documented. That they compile
// without errors or warnings is the ctest RulePacks.CompileWithoutErrorsOrWarnings
// (tests/CMakeLists.txt), whose program these tests load.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "bylaw/jsonl_source.h"
#include "bylaw/scanner.h"
#include "bundled_program.h"
#include "program_data.h"
#include "test_rules.h"

namespace bylaw {
namespace {

class RulePacks : public ::testing::Test {
 protected:
  void SetUp() override {
    const test::BundledProgramLoad& bundled = test::BundledProgram();
    ASSERT_NE(bundled.program, nullptr) << bundled.error;
    program_ = bundled.program;
  }
  std::shared_ptr<const Program> program_;
};

TEST_F(RulePacks, CoverTheDocumentedCategories) {
  std::vector<std::string> ids;
  for (const CategoryInfo& category : program_->categories()) ids.push_back(category.id);
  for (const char* id :
       {"youth-safety", "violent-and-criminal-behavior", "hate-speech-and-hateful-behavior",
        "violent-and-hateful-organizations", "youth-sexual-and-physical-abuse", "adult-sexual-abuse",
        "human-trafficking-and-smuggling", "harassment-and-bullying", "suicide-and-self-harm",
        "disordered-eating-and-body-image", "dangerous-acts-and-challenges",
        "body-exposure-and-sexualized-behaviors", "shocking-and-graphic-content", "animal-abuse",
        "misinformation", "civic-and-election-integrity", "edited-media-and-ai-generated-content",
        "deceptive-behaviors-and-fake-engagement", "regulated-goods-and-services",
        "frauds-and-scams", "personal-information", "platform-security"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
}

TEST_F(RulePacks, EveryRuleCarriesFlagAndPassExamples) {
  const auto& data = program_->data();
  std::map<std::uint32_t, std::pair<int, int>> counts;
  for (const auto& example : data.examples) {
    (example.expect_flag ? counts[example.rule].first : counts[example.rule].second)++;
  }
  for (std::uint32_t rule = 0; rule < data.rules.size(); ++rule) {
    EXPECT_GT(counts[rule].first, 0) << data.rules[rule].id << " has no `flag` example";
    EXPECT_GT(counts[rule].second, 0) << data.rules[rule].id << " has no `pass` example";
  }
}

TEST_F(RulePacks, EveryExampleBehavesAsDeclared) {
  const ExampleReport report = RunExamples(program_);
  EXPECT_GT(report.passed, 100u);
  EXPECT_EQ(report.failed, 0u) << test::FormatAll(report.failures);
}

// The corpus the README's main command replays: every line is a document,
// and it mixes content the packs remove, safety messages they label, and
// everyday text they leave alone.
TEST_F(RulePacks, SampleCorpusMixesEveryKindOfDecision) {
  std::ifstream in(test::BundledRules() / "samples" / "flagged.jsonl");
  ASSERT_TRUE(in.good());
  JsonlSource source(in);
  Scanner scanner(program_);
  Document document;
  std::string problem;
  std::map<Action, int> decisions;
  int documents = 0;
  for (JsonlSource::Next next; (next = source.Read(&document, &problem)) != JsonlSource::Next::kEnd;) {
    ASSERT_EQ(next, JsonlSource::Next::kDocument) << "line " << source.line_number() << ": " << problem;
    EXPECT_TRUE(problem.empty()) << "line " << source.line_number() << ": " << problem;
    ++documents;
    ++decisions[scanner.Scan(document).decision];
  }
  EXPECT_GE(documents, 200);
  EXPECT_GT(decisions[Action::kRemove], 0);
  EXPECT_GT(decisions[Action::kLabel], 0);
  EXPECT_GT(decisions[Action::kAllow], documents / 5);
}

// Precision on everyday English: every line of the Debian `fortunes`
// package, as one document each. The whole bundle enforces (review or
// stricter) at most 0.1% of the lines, and the dangerous-acts pack removes
// or restricts none: evasion tolerance must not turn ordinary words into
// dangerous challenges.
TEST_F(RulePacks, EnforceOnAlmostNoLineOfEverydayEnglish) {
  const std::filesystem::path fortunes = "/usr/share/games/fortunes";
  if (!std::filesystem::is_directory(fortunes)) GTEST_SKIP() << "the fortunes package is not installed";
  Scanner scanner(program_);
  const Program& program = *program_;
  std::size_t lines = 0;
  std::vector<std::string> enforced, challenges;
  for (const auto& entry : std::filesystem::directory_iterator(fortunes)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.ends_with(".dat") || name.ends_with(".u8")) continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      if (line.find_first_not_of(" \t") == std::string::npos || line == "%") continue;
      ++lines;
      const Verdict& verdict = scanner.Scan(test::TextDocument(line));
      if (verdict.decision >= Action::kReview) enforced.push_back(name + ": " + line);
      for (const RuleMatch& match : verdict.live) {
        const RuleInfo& rule = program.rules()[match.rule];
        if (program.categories()[rule.category].id == "dangerous-acts-and-challenges" &&
            rule.action >= Action::kRestrict) {
          challenges.push_back(rule.id + ": " + line);
        }
      }
    }
  }
  EXPECT_GT(lines, 40000u);
  EXPECT_LE(enforced.size() * 1000, lines) << enforced.size() << " lines, first: " << enforced.front();
  EXPECT_TRUE(challenges.empty()) << challenges.size() << " lines, first: " << challenges.front();
}

}  // namespace
}  // namespace bylaw
