// Tests for engine/compile/rule_sources.cc: the files of a rules directory
// (for check, lint, the cache, a worker's reload and a `diff REV:PATH`
// checkout) never come from outside it, and a symlink that cannot be
// followed is an error, not an exception.
#include "rule_sources.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bylaw/lint.h"
#include "bylaw/program_cache.h"
#include "test_rules.h"

namespace bylaw {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "CI_TOKEN=hunter2-do-not-print";

// rules/ with a taxonomy and a pack, beside secret.yaml outside it.
class RuleSources : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / "rule_sources" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(rules() / "packs");
    std::ofstream(rules() / "taxonomy.yaml") << testing::kTestTaxonomy;
    std::ofstream(rules() / "packs" / "scams.yaml") << testing::FraudPack("  - { id: a, when: gift }\n");
    std::ofstream(dir_ / "secret.yaml") << kSecret << "\n";
    fs::create_directories(dir_ / "outside");
    std::ofstream(dir_ / "outside" / "more.yaml") << kSecret << "\n";
  }
  fs::path rules() const { return dir_ / "rules"; }

  fs::path dir_;
};

// One pack file is read with the taxonomy beside it and the vocabularies
// below its folder, not with the other packs; a vocabulary term it leaves
// to them is no warning.
TEST_F(RuleSources, OnePackFileComesWithItsTaxonomyAndVocabularies) {
  fs::create_directories(rules() / "vocab");
  std::ofstream(rules() / "vocab" / "words.yaml")
      << "vocabulary: words\nterms:\n  mine: [urgent]\n  theirs: [gift card]\n";
  std::ofstream(rules() / "a.yaml")
      << "category: frauds-and-scams\nimport: [words]\nterms:\n  wire: [wire transfer]\n"
         "rules:\n  - { id: a.wire, when: wire and mine }\n";
  std::ofstream(rules() / "b.yaml")
      << "category: frauds-and-scams\nimport: [words]\nrules:\n  - { id: b.gift, when: theirs }\n";
  std::error_code error;
  std::vector<Diagnostic> refused;
  const std::vector<fs::path> files = internal::ListRuleFiles(rules() / "a.yaml", &error, &refused);
  EXPECT_FALSE(error);
  EXPECT_EQ(files, (std::vector<fs::path>{rules() / "a.yaml", rules() / "taxonomy.yaml",
                                          rules() / "vocab" / "words.yaml"}));
  const CompileResult pack = CompileDirectory(rules() / "a.yaml");
  ASSERT_TRUE(pack.ok()) << testing::FormatAll(pack.diagnostics);
  EXPECT_EQ(testing::FormatAll(pack.diagnostics), "");
  EXPECT_EQ(pack.program->rules().size(), 1u);
  EXPECT_EQ(internal::RulesRoot(rules() / "a.yaml"), rules().string() + "/");
  // The whole folder: the pack under packs/ leaves `news` unused, a warning.
  const CompileResult all = CompileDirectory(rules());
  EXPECT_THAT(testing::FormatAll(all.diagnostics), HasSubstr("term `news` is not used"));
}

TEST_F(RuleSources, NeverReadsASymlinkThatLeadsOutOfTheRules) {
  fs::create_symlink(dir_ / "secret.yaml", rules() / "absolute.yaml");
  fs::create_symlink("../../secret.yaml", rules() / "packs" / "relative.yaml");
  fs::create_directory_symlink(dir_ / "outside", rules() / "outside");
  fs::create_symlink("scams.yaml", rules() / "packs" / "inside.yml");  // stays inside: read
  const CompileResult result = CompileDirectory(rules());
  EXPECT_FALSE(result.ok());
  const std::string text = testing::FormatAll(result.diagnostics);
  EXPECT_THAT(text, Not(HasSubstr("hunter2")));
  EXPECT_THAT(text, HasSubstr("absolute.yaml: error: symlink leads outside the rules directory; not read"));
  EXPECT_THAT(text, HasSubstr("relative.yaml: error: symlink leads outside the rules directory; not read"));
  EXPECT_THAT(text, Not(HasSubstr("more.yaml")));          // a linked directory is not entered
  EXPECT_THAT(text, HasSubstr("inside.yml"));               // read: its rule `a` is a duplicate
  EXPECT_EQ(HashRuleDirectory(rules()), "");                // no cache of such a directory
  std::string lint;
  for (const LintFinding& finding : LintDirectory(rules()).findings) lint += FormatDiagnostic(finding.diagnostic);
  EXPECT_THAT(lint, Not(HasSubstr("hunter2")));
}

TEST_F(RuleSources, ReportsASymlinkLoopInsteadOfThrowing) {
  fs::create_symlink("loop.yaml", rules() / "loop.yaml");
  fs::create_symlink("b.yaml", rules() / "packs" / "a.yaml");
  fs::create_symlink("a.yaml", rules() / "packs" / "b.yaml");
  fs::create_directory_symlink("..", rules() / "packs" / "up");
  const CompileResult result = CompileDirectory(rules());
  EXPECT_FALSE(result.ok());
  const std::string text = testing::FormatAll(result.diagnostics);
  EXPECT_THAT(text, HasSubstr("loop.yaml: error: cannot follow symlink: "));
  EXPECT_THAT(text, HasSubstr("a.yaml: error: cannot follow symlink: "));
  EXPECT_NO_THROW(LintDirectory(rules()));
  EXPECT_EQ(HashRuleDirectory(rules()), "");
}

// A file that is not YAML at all (a symlink's target inside the rules, a
// binary) is quoted as a short escaped excerpt, never whole.
TEST_F(RuleSources, QuotesAtMostAShortEscapedExcerptOfAFileThatIsNotYaml) {
  std::string environ_like;
  for (int i = 0; i < 50; ++i) environ_like += "SECRET_" + std::to_string(i) + "=value" + '\0';
  environ_like += "\x1b[31m: [";
  std::ofstream(rules() / "packs" / "environ.yaml", std::ios::binary) << environ_like;
  const CompileResult result = CompileDirectory(rules());
  EXPECT_FALSE(result.ok());
  for (const Diagnostic& diagnostic : result.diagnostics) {
    EXPECT_LE(diagnostic.source_line.size(), 130u) << diagnostic.source_line;
    EXPECT_LE(diagnostic.message.size(), 1010u);
    for (const char c : diagnostic.source_line + diagnostic.message) {
      EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 || c == '\t') << testing::FormatAll(result.diagnostics);
    }
  }
}

}  // namespace
}  // namespace bylaw
