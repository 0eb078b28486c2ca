// Tests for engine/compile/rule_sources.cc and git_revision.cc, the one
// reader of rule sources: the files of a rules directory (for check, lint,
// the cache, a worker's reload) or of a git revision (`diff REV:PATH`) never
// come from outside it, and a symlink that cannot be followed is an error,
// not an exception.
#include "compile/rule_sources.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bylaw/lint.h"
#include "bylaw/program_cache.h"
#include "bylaw/rule_sources.h"
#include "test_rules.h"

namespace bylaw {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "CI_TOKEN=hunter2-do-not-print";

// rules/ with a taxonomy and a pack, beside secret.yaml outside it.
class RuleFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / "rule_sources" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(rules() / "packs");
    std::ofstream(rules() / "taxonomy.yaml") << test::kTestTaxonomy;
    std::ofstream(rules() / "packs" / "scams.yaml") << test::FraudPack("  - { id: a, when: gift }\n");
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
TEST_F(RuleFiles, OnePackFileComesWithItsTaxonomyAndVocabularies) {
  fs::create_directories(rules() / "vocab");
  std::ofstream(rules() / "vocab" / "words.yaml")
      << "vocabulary: words\nterms:\n  mine: [urgent]\n  theirs: [gift card]\n";
  std::ofstream(rules() / "a.yaml")
      << "category: frauds-and-scams\nimport: [words]\nterms:\n  wire: [wire transfer]\n"
         "rules:\n  - { id: a.wire, when: wire and mine }\n";
  std::ofstream(rules() / "b.yaml")
      << "category: frauds-and-scams\nimport: [words]\nrules:\n  - { id: b.gift, when: theirs }\n";
  const RuleSources sources = ReadRuleDirectory(rules() / "a.yaml");
  EXPECT_TRUE(sources.ok()) << test::FormatAll(sources.errors);
  EXPECT_TRUE(sources.one_pack);
  std::vector<fs::path> files;
  for (const SourceFile& file : sources.files) files.emplace_back(file.path);
  EXPECT_EQ(files, (std::vector<fs::path>{rules() / "a.yaml", rules() / "taxonomy.yaml",
                                          rules() / "vocab" / "words.yaml"}));
  EXPECT_THAT(sources.files[2].text, HasSubstr("theirs: [gift card]"));
  const CompileResult pack = CompileDirectory(rules() / "a.yaml");
  ASSERT_TRUE(pack.ok()) << test::FormatAll(pack.diagnostics);
  EXPECT_EQ(test::FormatAll(pack.diagnostics), "");
  EXPECT_EQ(pack.program->rules().size(), 1u);
  EXPECT_EQ(internal::RulesRoot(rules() / "a.yaml"), rules().string() + "/");
  // The whole folder: the pack under packs/ leaves `news` unused, a warning.
  const CompileResult all = CompileDirectory(rules());
  EXPECT_THAT(test::FormatAll(all.diagnostics), HasSubstr("term `news` is not used"));
}

TEST_F(RuleFiles, NeverReadsASymlinkThatLeadsOutOfTheRules) {
  fs::create_symlink(dir_ / "secret.yaml", rules() / "absolute.yaml");
  fs::create_symlink("../../secret.yaml", rules() / "packs" / "relative.yaml");
  fs::create_directory_symlink(dir_ / "outside", rules() / "outside");
  fs::create_symlink("scams.yaml", rules() / "packs" / "inside.yml");  // stays inside: read
  const CompileResult result = CompileDirectory(rules());
  EXPECT_FALSE(result.ok());
  const std::string text = test::FormatAll(result.diagnostics);
  EXPECT_THAT(text, Not(HasSubstr("hunter2")));
  EXPECT_THAT(text, HasSubstr("absolute.yaml: error[symlink-refused]: symlink leads outside the rules directory; not read"));
  EXPECT_THAT(text, HasSubstr("relative.yaml: error[symlink-refused]: symlink leads outside the rules directory; not read"));
  EXPECT_THAT(text, Not(HasSubstr("more.yaml")));          // a linked directory is not entered
  EXPECT_THAT(text, HasSubstr("inside.yml"));               // read: its rule `a` is a duplicate
  EXPECT_EQ(HashRuleDirectory(rules()), "");                // no cache of such a directory
  std::string lint;
  for (const LintFinding& finding : LintDirectory(rules()).findings) lint += FormatDiagnostic(finding.diagnostic);
  EXPECT_THAT(lint, Not(HasSubstr("hunter2")));
}

TEST_F(RuleFiles, ReportsASymlinkLoopInsteadOfThrowing) {
  fs::create_symlink("loop.yaml", rules() / "loop.yaml");
  fs::create_symlink("b.yaml", rules() / "packs" / "a.yaml");
  fs::create_symlink("a.yaml", rules() / "packs" / "b.yaml");
  fs::create_directory_symlink("..", rules() / "packs" / "up");
  const CompileResult result = CompileDirectory(rules());
  EXPECT_FALSE(result.ok());
  const std::string text = test::FormatAll(result.diagnostics);
  EXPECT_THAT(text, HasSubstr("loop.yaml: error[symlink-refused]: cannot follow symlink: "));
  EXPECT_THAT(text, HasSubstr("a.yaml: error[symlink-refused]: cannot follow symlink: "));
  EXPECT_NO_THROW(LintDirectory(rules()));
  EXPECT_EQ(HashRuleDirectory(rules()), "");
}

// A file that is not YAML at all (a symlink's target inside the rules, a
// binary) is quoted as a short escaped excerpt, never whole.
TEST_F(RuleFiles, QuotesAtMostAShortEscapedExcerptOfAFileThatIsNotYaml) {
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
      EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 || c == '\t') << test::FormatAll(result.diagnostics);
    }
  }
}

// A rules directory in a git revision, read from git's objects: the files
// and the hash the directory had at that commit, whatever the work tree
// holds now; a committed symlink is never followed.
class RuleRevision : public RuleFiles {
 protected:
  // Runs `command` in dir_ with /bin/sh (the test's own set-up, not bylaw's).
  void Sh(const std::string& command) {
    ASSERT_EQ(std::system(("cd '" + dir_.string() + "' && " + command + " >/dev/null 2>&1").c_str()), 0)
        << command;
  }
  void Commit() {
    Sh("git init -q . && git add -A rules && git -c user.name=t -c user.email=t@t commit -qm rules");
  }
};

TEST_F(RuleRevision, ReadsWhatTheDirectoryHeldAtThatCommit) {
  Commit();
  const std::string committed_hash = HashRuleDirectory(rules());
  std::ofstream(rules() / "packs" / "scams.yaml") << test::FraudPack("  - { id: b, when: wire }\n");
  std::ofstream(rules() / "packs" / "new.yaml") << "not committed";

  const ::bylaw::RuleSources sources = ReadRuleRevision("HEAD:rules", dir_);
  ASSERT_TRUE(sources.ok()) << test::FormatAll(sources.errors);
  EXPECT_EQ(sources.root, "HEAD:rules/");
  ASSERT_EQ(sources.files.size(), 2u);
  EXPECT_EQ(sources.files[0].path, "HEAD:rules/packs/scams.yaml");
  EXPECT_THAT(sources.files[0].text, HasSubstr("id: a"));
  EXPECT_EQ(sources.files[1].path, "HEAD:rules/taxonomy.yaml");
  EXPECT_EQ(RulesetHash(sources), committed_hash);
  const CompileResult compiled = CompileRuleSources(sources);
  ASSERT_TRUE(compiled.ok()) << test::FormatAll(compiled.diagnostics);
  EXPECT_EQ(compiled.program->hash(), committed_hash);
}

TEST_F(RuleRevision, NeverFollowsACommittedSymlink) {
  fs::create_symlink(dir_ / "secret.yaml", rules() / "absolute.yaml");
  fs::create_symlink("packs/scams.yaml", rules() / "inside.yaml");
  Commit();
  const ::bylaw::RuleSources sources = ReadRuleRevision("HEAD:rules", dir_);
  const std::string text = test::FormatAll(sources.errors);
  EXPECT_THAT(text, HasSubstr("HEAD:rules/absolute.yaml: error[symlink-refused]: symbolic link in the revision; not followed"));
  EXPECT_THAT(text, HasSubstr("HEAD:rules/inside.yaml: error[symlink-refused]: symbolic link in the revision; not followed"));
  for (const SourceFile& file : sources.files) EXPECT_THAT(file.text, Not(HasSubstr("hunter2")));
  EXPECT_FALSE(CompileRuleSources(sources).ok());
  EXPECT_EQ(RulesetHash(sources), "");
}

TEST_F(RuleRevision, ARevisionGitCannotReadIsOneErrorAndNoFiles) {
  Commit();
  for (const char* spec : {"HEAD~5:rules", "HEAD:missing", "-x:rules", "rules"}) {
    const ::bylaw::RuleSources sources = ReadRuleRevision(spec, dir_);
    EXPECT_TRUE(sources.files.empty()) << spec;
    ASSERT_EQ(sources.errors.size(), 1u) << spec;
    EXPECT_THAT(sources.errors[0].message,
                HasSubstr("cannot read rules `" + std::string(spec) + "` from git")) << spec;
  }
}

}  // namespace
}  // namespace bylaw
