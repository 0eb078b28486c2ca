// The bundled rule packs under rules/: they compile without errors or
// warnings, every rule carries both `flag` and `pass` examples, and every
// example behaves as declared.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "bylaw/compiler.h"
#include "bylaw/jsonl_source.h"
#include "bylaw/scanner.h"
#include "program_data.h"
#include "test_rules.h"

namespace bylaw {
namespace {

const std::filesystem::path kRules = std::filesystem::path(BYLAW_SOURCE_DIR) / "rules";

class RulePacks : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { result_ = new CompileResult(CompileDirectory(kRules)); }
  static void TearDownTestSuite() { delete result_; }
  static CompileResult* result_;
};
CompileResult* RulePacks::result_ = nullptr;

TEST_F(RulePacks, CompileWithoutErrorsOrWarnings) {
  ASSERT_TRUE(result_->ok()) << testing::FormatAll(result_->diagnostics);
  EXPECT_TRUE(result_->diagnostics.empty()) << testing::FormatAll(result_->diagnostics);
}

TEST_F(RulePacks, CoverTheDocumentedCategories) {
  ASSERT_TRUE(result_->ok());
  std::vector<std::string> ids;
  for (const CategoryInfo& category : result_->program->categories()) ids.push_back(category.id);
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
  ASSERT_TRUE(result_->ok());
  const auto& data = result_->program->data();
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
  ASSERT_TRUE(result_->ok());
  const ExampleReport report = RunExamples(result_->program);
  EXPECT_GT(report.passed, 100u);
  EXPECT_EQ(report.failed, 0u) << testing::FormatAll(report.failures);
}

// The corpus the README's main command replays: every line is a document,
// and it mixes content the packs remove, safety messages they label, and
// everyday text they leave alone.
TEST_F(RulePacks, SampleCorpusMixesEveryKindOfDecision) {
  ASSERT_TRUE(result_->ok());
  std::ifstream in(kRules / "samples" / "flagged.jsonl");
  ASSERT_TRUE(in.good());
  JsonlSource source(in);
  Scanner scanner(result_->program);
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
  ASSERT_TRUE(result_->ok());
  Scanner scanner(result_->program);
  const Program& program = *result_->program;
  std::size_t lines = 0;
  std::vector<std::string> enforced, challenges;
  for (const auto& entry : std::filesystem::directory_iterator(fortunes)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.ends_with(".dat") || name.ends_with(".u8")) continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      if (line.find_first_not_of(" \t") == std::string::npos || line == "%") continue;
      ++lines;
      const Verdict& verdict = scanner.Scan(testing::TextDocument(line));
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
