// The compiled-program cache of a rules directory: it is used only while it
// holds the program of the directory's current sources, and a stale, damaged
// or missing cache is recompiled over, never an error.
#include "bylaw/program_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "bylaw/program_file.h"
#include "bundled_program.h"
#include "test_rules.h"

namespace bylaw {
namespace {

// A rules directory of its own: the test taxonomy and one pack in a sub-folder.
class ProgramCache : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) / "program_cache" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(rules() / "packs");
    Write("taxonomy.yaml", test::kTestTaxonomy);
    WritePack("blackout challenge");
  }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(rules() / name) << text;
  }
  void WritePack(const std::string& phrase) {
    Write("packs/dangerous.yaml",
          "category: dangerous-acts-and-challenges\nterms:\n  name: [" + phrase +
              "]\nrules:\n  - { id: promo, when: name, action: remove }\n");
  }
  std::filesystem::path rules() const { return dir_ / "rules"; }
  std::filesystem::path cache() const { return dir_ / "rules.bylaw"; }

  std::filesystem::path dir_;
};

TEST_F(ProgramCache, HashOfADirectoryIsTheHashItsCompileGives) {
  const CompileResult result = CompileDirectory(rules());
  ASSERT_TRUE(result.ok()) << test::FormatAll(result.diagnostics);
  EXPECT_EQ(HashRuleDirectory(rules()), result.program->hash());
  EXPECT_EQ(HashRuleDirectory(rules().string() + "/"), result.program->hash());
  EXPECT_EQ(HashRuleDirectory(dir_ / "missing"), "");
}

// The bundled folder holds more than packs (vocabularies in a sub-folder,
// evaluation cases, samples, a README): the hash covers what its compile
// reads, no more and no less.
TEST_F(ProgramCache, HashOfTheBundledPacksIsTheHashTheirCompileGives) {
  const test::BundledProgramLoad& bundled = test::BundledProgram();
  ASSERT_NE(bundled.program, nullptr) << bundled.error;
  EXPECT_EQ(HashRuleDirectory(test::BundledRules()), bundled.program->hash());
}

TEST_F(ProgramCache, CompilesOnceThenLoads) {
  const CachedCompile first = CompileWithCache(rules(), cache());
  EXPECT_EQ(first.outcome, CacheOutcome::kCompiled);
  EXPECT_NE(first.cache_miss.find("does not exist"), std::string::npos) << first.cache_miss;
  EXPECT_FALSE(first.cache_damaged);
  ASSERT_TRUE(first.result.ok());
  ASSERT_TRUE(IsProgramFile(cache()));

  const CachedCompile second = CompileWithCache(rules(), cache());
  EXPECT_EQ(second.outcome, CacheOutcome::kLoaded);
  EXPECT_EQ(second.cache_miss, "");
  ASSERT_TRUE(second.result.ok());
  EXPECT_EQ(second.result.program->hash(), first.result.program->hash());
  Document document;
  document.AddField("text", "who is doing the blackout challenge");
  EXPECT_EQ(Scanner(second.result.program).Scan(document).decision, Action::kRemove);
}

TEST_F(ProgramCache, RecompilesWhenTheRulesChange) {
  ASSERT_EQ(CompileWithCache(rules(), cache()).outcome, CacheOutcome::kCompiled);
  WritePack("choking game");
  const CachedCompile changed = CompileWithCache(rules(), cache());
  EXPECT_EQ(changed.outcome, CacheOutcome::kCompiled);
  EXPECT_NE(changed.cache_miss.find("ruleset hash differs"), std::string::npos);
  EXPECT_FALSE(changed.cache_damaged);
  EXPECT_EQ(LoadProgramFile(cache()).program->hash(), HashRuleDirectory(rules()));
  Document document;
  document.AddField("text", "the choking game");
  EXPECT_EQ(Scanner(changed.result.program).Scan(document).decision, Action::kRemove);
  EXPECT_EQ(CompileWithCache(rules(), cache()).outcome, CacheOutcome::kLoaded);
}

TEST_F(ProgramCache, ReplacesADamagedCache) {
  ASSERT_EQ(CompileWithCache(rules(), cache()).outcome, CacheOutcome::kCompiled);
  std::filesystem::resize_file(cache(), std::filesystem::file_size(cache()) / 2);
  const CachedCompile damaged = CompileWithCache(rules(), cache());
  EXPECT_EQ(damaged.outcome, CacheOutcome::kCompiled);
  EXPECT_TRUE(damaged.cache_damaged);
  EXPECT_NE(damaged.cache_miss.find("is truncated"), std::string::npos) << damaged.cache_miss;
  EXPECT_TRUE(LoadProgramFile(cache()).ok());
}

TEST_F(ProgramCache, LeavesTheCacheAloneWhenTheRulesHaveErrors) {
  ASSERT_EQ(CompileWithCache(rules(), cache()).outcome, CacheOutcome::kCompiled);
  const auto written = std::filesystem::last_write_time(cache());
  Write("packs/dangerous.yaml", "category: dangerous-acts-and-challenges\nrules: [{ id: x }]\n");
  const CachedCompile broken = CompileWithCache(rules(), cache());
  EXPECT_EQ(broken.outcome, CacheOutcome::kFailed);
  EXPECT_FALSE(broken.result.ok());
  EXPECT_TRUE(HasErrors(broken.result.diagnostics));
  EXPECT_EQ(std::filesystem::last_write_time(cache()), written);
}

// A keep-going compile that left a pattern out is not the rules' program:
// a later compile without --keep-going must not reuse it (and so report the
// errors), and verdicts must not carry the full ruleset's hash.
TEST_F(ProgramCache, AKeepGoingProgramIsNotReusedWithoutKeepGoing) {
  CompileOptions strict;
  strict.limits.max_pattern_bytes = 10;  // `blackout challenge` is 18 bytes
  CompileOptions keep_going = strict;
  keep_going.keep_going = true;
  const CachedCompile partial = CompileWithCache(rules(), cache(), keep_going);
  ASSERT_EQ(partial.outcome, CacheOutcome::kCompiled);
  EXPECT_EQ(std::string(partial.result.program->hash()),
            HashRuleDirectory(rules()) + std::string(kPartialHashSuffix));
  const CachedCompile without = CompileWithCache(rules(), cache(), strict);
  EXPECT_EQ(without.outcome, CacheOutcome::kFailed);
  EXPECT_TRUE(HasErrors(without.result.diagnostics));
  EXPECT_NE(without.cache_miss.find("ruleset hash differs"), std::string::npos) << without.cache_miss;
  EXPECT_EQ(CompileWithCache(rules(), cache()).outcome, CacheOutcome::kCompiled);
  EXPECT_EQ(CompileWithCache(rules(), cache()).outcome, CacheOutcome::kLoaded);
}

// The ruleset hash is read from the header first: a file that holds other
// rules is never decoded, whatever its tables hold.
TEST_F(ProgramCache, NeverDecodesAFileThatHoldsOtherRules) {
  ASSERT_EQ(CompileWithCache(rules(), cache()).outcome, CacheOutcome::kCompiled);
  WritePack("choking game");
  std::string bytes;
  {
    std::ifstream in(cache(), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::fill(bytes.end() - 64, bytes.end(), '\xff');  // the tables are garbage now
  std::ofstream(cache(), std::ios::binary | std::ios::trunc) << bytes;
  const CachedCompile changed = CompileWithCache(rules(), cache());
  EXPECT_EQ(changed.outcome, CacheOutcome::kCompiled);
  EXPECT_FALSE(changed.cache_damaged);
  EXPECT_NE(changed.cache_miss.find("ruleset hash differs"), std::string::npos) << changed.cache_miss;
}

}  // namespace
}  // namespace bylaw
