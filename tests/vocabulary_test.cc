// Tests for shared vocabularies (engine/lang/rule_set_loader.cc,
// engine/compile/compiler.cc, engine/compile/term_numbering.cc): files of
// terms that packs import by name, written once and used by every pack.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bylaw/compiler.h"
#include "bylaw/lint.h"
#include "bylaw/scanner.h"
#include "golden.h"
#include "test_rules.h"

namespace bylaw {
namespace {

using test::FormatAll;
using test::LiveRules;
using test::TextDocument;

const char* kStanceEnglish = R"(vocabulary: stance
language: en
terms:
  ctx_warning: [please stop, do not try]
  cue_dare: [your turn, i dare you]
)";

const char* kStanceSpanish = R"(vocabulary: stance
language: es
terms:
  ctx_warning: [por favor no, no lo intentes]
  cue_dare: [te toca, te reto]
)";

const char* kChallengePack = R"(category: dangerous-acts-and-challenges
import: [stance]
terms:
  ch_fire: [fire challenge, reto del fuego]
rules:
  - id: dac.fire.dare
    when: ch_fire and cue_dare and not any of (ctx_*)
)";

const char* kFraudPack = R"(category: frauds-and-scams
import: stance
terms:
  gift: [gift card]
rules:
  - id: fraud.gift.dare
    when: gift and cue_dare
)";

std::vector<SourceFile> Sources(std::vector<SourceFile> files) {
  files.insert(files.begin(), SourceFile{"taxonomy.yaml", test::kTestTaxonomy});
  return files;
}

std::vector<std::string> Decide(const std::shared_ptr<const Program>& program, const std::string& text) {
  Scanner scanner(program);
  const Document document = TextDocument(text);
  return LiveRules(scanner.Scan(document));
}

TEST(Vocabulary, PacksUseImportedTermsAsTheirOwn) {
  const CompileResult result = CompileSources(Sources({{"vocab/stance.en.yaml", kStanceEnglish},
                                                       {"dac.yaml", kChallengePack}}));
  ASSERT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  EXPECT_EQ(Decide(result.program, "did the fire challenge, your turn"),
            std::vector<std::string>{"dac.fire.dare"});
  // `any of (ctx_*)` sweeps in the imported ctx_warning.
  EXPECT_TRUE(Decide(result.program, "fire challenge, your turn? please stop").empty());
}

TEST(Vocabulary, FilesOfOneVocabularyMergeTermsOfTheSameName) {
  const CompileResult result = CompileSources(Sources({{"vocab/stance.en.yaml", kStanceEnglish},
                                                       {"vocab/stance.es.yaml", kStanceSpanish},
                                                       {"dac.yaml", kChallengePack}}));
  ASSERT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  EXPECT_EQ(Decide(result.program, "hice el reto del fuego, te toca"),
            std::vector<std::string>{"dac.fire.dare"});
  EXPECT_TRUE(Decide(result.program, "reto del fuego: te toca? por favor no").empty());
  // ctx_warning and cue_dare once each, plus the pack's ch_fire.
  EXPECT_EQ(result.program->stats().terms, 3u);
}

TEST(Vocabulary, PacksThatImportOneVocabularyShareItsTerms) {
  const CompileResult result = CompileSources(Sources({{"vocab/stance.en.yaml", kStanceEnglish},
                                                       {"dac.yaml", kChallengePack},
                                                       {"fraud.yaml", kFraudPack}}));
  ASSERT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  EXPECT_EQ(result.program->stats().terms, 4u);
  EXPECT_EQ(Decide(result.program, "fire challenge and a gift card, your turn"),
            (std::vector<std::string>{"dac.fire.dare", "fraud.gift.dare"}));
}

TEST(Vocabulary, TermsDoNotLeakIntoPacksThatDoNotImport) {
  std::string pack = kFraudPack;
  pack.erase(pack.find("import: stance\n"), std::string("import: stance\n").size());
  const CompileResult result =
      CompileSources(Sources({{"vocab/stance.en.yaml", kStanceEnglish}, {"fraud.yaml", pack}}));
  EXPECT_FALSE(result.ok());
  EXPECT_NE(FormatAll(result.diagnostics).find("unknown term `cue_dare`"), std::string::npos)
      << FormatAll(result.diagnostics);
}

// Every mistake with vocabularies, located, in one run.
TEST(Vocabulary, ReportsEveryMistakeWithItsPlace) {
  const char* other = R"(vocabulary: other
terms:
  cue_dare: [bet you can't]
  unused_here: [never used]
)";
  const char* broken = R"(vocabulary: Bad Name
terms:
  fine: [fine]
rules: []
)";
  const char* empty = "vocabulary: empty\n";
  const char* pack = R"(category: dangerous-acts-and-challenges
import: [stance, other, stanse, stance]
terms:
  ctx_warning: [stay safe]
  ch_fire: [fire challenge]
rules:
  - id: dac.fire
    when: ch_fire and ctx_warning
)";
  const char* idle = R"(category: frauds-and-scams
import: [stance]
terms:
  gift: [gift card]
rules:
  - id: fraud.gift
    when: gift
)";
  const CompileResult result = CompileSources(Sources({{"vocab/stance.yaml", kStanceEnglish},
                                                       {"vocab/other.yaml", other},
                                                       {"vocab/broken.yaml", broken},
                                                       {"vocab/empty.yaml", empty},
                                                       {"dac.yaml", pack},
                                                       {"fraud.yaml", idle}}));
  EXPECT_FALSE(result.ok());
  test::ExpectGolden("diagnostics/vocabulary.txt", FormatAll(result.diagnostics));
}

TEST(Vocabulary, LintChecksVocabularyTermsInTheirOwnFile) {
  const char* vocabulary = R"(vocabulary: stance
terms:
  cue_dare: [{ text: dar, within_words: true }]
)";
  const char* pack = R"(category: frauds-and-scams
import: [stance]
rules:
  - id: fraud.dare
    when: cue_dare
    examples: { flag: [dar], pass: [nothing] }
)";
  const LintReport report = LintSources(Sources({{"vocab/stance.yaml", vocabulary},
                                                 {"fraud.yaml", pack}}));
  ASSERT_TRUE(report.compiled);
  bool inside_words = false;
  for (const LintFinding& finding : report.findings) {
    if (finding.check() == "inside-words") {
      inside_words = true;
      EXPECT_EQ(finding.diagnostic.location.file, "vocab/stance.yaml");
      EXPECT_EQ(finding.diagnostic.location.line, 3u);
    }
  }
  EXPECT_TRUE(inside_words) << "`dar` within words matches inside `darling`";
}

}  // namespace
}  // namespace bylaw
