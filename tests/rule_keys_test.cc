// Tests for engine/lang/rule_keys.cc: the table of keys says what the
// loader does. Unknown keys and enumerated values come from the table
// itself; a required key is checked by hand in the loader, so each one
// has a case here that shows the loader reports it missing.
#include "bylaw/rule_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "test_rules.h"

namespace bylaw {
namespace {

struct MissingKeyCase {
  MapKind kind;
  std::string_view key;
  std::string taxonomy;  // empty: test::kTestTaxonomy
  std::string pack;      // pack1.yaml
};

const std::vector<MissingKeyCase>& MissingKeyCases() {
  static const std::vector<MissingKeyCase> cases = {
      {MapKind::kTaxonomy, "categories", "resources: []\n", "category: frauds-and-scams\n"},
      {MapKind::kResource, "id", "resources: [{title: t}]\ncategories: [{id: frauds-and-scams}]\n",
       "category: frauds-and-scams\n"},
      {MapKind::kCategory, "id", "categories: [{title: t}]\n", "category: frauds-and-scams\n"},
      {MapKind::kPack, "category", "", "terms: {a: [a]}\n"},
      {MapKind::kVocabulary, "vocabulary", "", ""},  // a file with it is a vocabulary: see below
      {MapKind::kVocabulary, "terms", "", "vocabulary: stance\n"},
      {MapKind::kRule, "id", "", "category: frauds-and-scams\nrules: [{when: a}]\n"},
      {MapKind::kRule, "when", "", "category: frauds-and-scams\nrules: [{id: r}]\n"},
      {MapKind::kCircuitBreaker, "max_rate", "",
       "category: frauds-and-scams\nterms: {a: [a]}\n"
       "rules: [{id: r, when: a, circuit_breaker: {window: 100}}]\n"},
  };
  return cases;
}

// The required keys of the table are exactly those with a case.
TEST(RuleKeys, EveryRequiredKeyHasACase) {
  std::set<std::pair<MapKind, std::string_view>> required, covered;
  for (const MapInfo& map : AllMapKeys()) {
    for (const KeyInfo& key : map.keys) {
      if (key.required) required.insert({map.kind, key.name});
    }
  }
  for (const MissingKeyCase& c : MissingKeyCases()) covered.insert({c.kind, c.key});
  EXPECT_EQ(required, covered);
}

// Leaving out a required key is a `missing-key` error. A vocabulary is a
// file with the key `vocabulary`, so without it the file is a pack.
TEST(RuleKeys, EveryRequiredKeyIsReportedMissing) {
  for (const MissingKeyCase& c : MissingKeyCases()) {
    if (c.pack.empty()) continue;
    SCOPED_TRACE(std::string(KeysOf(c.kind).name) + "." + std::string(c.key));
    const std::vector<SourceFile> sources = {
        {"taxonomy.yaml", c.taxonomy.empty() ? test::kTestTaxonomy : c.taxonomy},
        {"pack1.yaml", c.pack}};
    const CompileResult result = CompileSources(sources);
    const std::string all = test::FormatAll(result.diagnostics);
    const auto missing = std::find_if(
        result.diagnostics.begin(), result.diagnostics.end(), [&](const Diagnostic& d) {
          return d.code == DiagnosticCode::kMissingKey &&
                 d.message.find("`" + std::string(c.key) + "`") != std::string::npos;
        });
    EXPECT_NE(missing, result.diagnostics.end()) << all;
  }
}

// Each map's keys are unique, described, and enumerated keys list values.
TEST(RuleKeys, KeysAreUniqueAndDescribed) {
  for (const MapInfo& map : AllMapKeys()) {
    SCOPED_TRACE(map.name);
    EXPECT_EQ(&KeysOf(map.kind), &map);
    EXPECT_FALSE(map.description.empty());
    std::set<std::string_view> names;
    for (const KeyInfo& key : map.keys) {
      EXPECT_TRUE(names.insert(key.name).second) << key.name;
      EXPECT_FALSE(key.description.empty()) << key.name;
      EXPECT_EQ(key.kind == ValueKind::kEnum, !key.values.empty()) << key.name;
      EXPECT_EQ(FindKey(map.kind, key.name), &key);
    }
    EXPECT_EQ(FindKey(map.kind, "no-such-key"), nullptr);
  }
}

}  // namespace
}  // namespace bylaw
