// Helpers for tests that compile small in-memory rule sets.
#ifndef BYLAW_TESTS_TEST_RULES_H_
#define BYLAW_TESTS_TEST_RULES_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "bylaw/compiler.h"
#include "bylaw/diagnostic.h"
#include "bylaw/scanner.h"

namespace bylaw::test {

// A taxonomy with two categories (`dangerous-acts-and-challenges`, `frauds-and-scams`)
// and one resource (`online-challenges`).
inline const char* kTestTaxonomy = R"(resources:
  - { id: online-challenges, title: Online challenges, url: "https://example.org/challenges" }
categories:
  - id: dangerous-acts-and-challenges
    title: Dangerous acts and challenges
    section: Mental and Behavioral Health
    resources: [online-challenges]
  - id: frauds-and-scams
    title: Frauds and scams
)";

// Compiles taxonomy.yaml = kTestTaxonomy plus the given packs (named
// pack1.yaml, pack2.yaml, ...).
inline CompileResult CompilePacks(const std::vector<std::string>& packs,
                                  const CompileOptions& options = {}) {
  std::vector<SourceFile> sources = {{"taxonomy.yaml", kTestTaxonomy}};
  for (std::size_t i = 0; i < packs.size(); ++i) {
    sources.push_back({"pack" + std::to_string(i + 1) + ".yaml", packs[i]});
  }
  return CompileSources(sources, options);
}

// A frauds-and-scams pack with the terms `wire` (wire transfer), `urgent`,
// `gift` (gift card) and `news` (reported), whose rules list is `rules`.
inline std::string FraudPack(const std::string& rules) {
  return "category: frauds-and-scams\nterms:\n  wire: [wire transfer]\n  urgent: [urgent]\n"
         "  gift: [gift card]\n  news: [reported]\nrules:\n" + rules;
}

inline std::string FormatAll(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) text += FormatDiagnostic(d);
  return text;
}

// Compiles one pack and fails the test with the diagnostics if it has errors.
inline std::shared_ptr<const Program> MustCompile(const std::string& pack) {
  CompileResult result = CompilePacks({pack});
  EXPECT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  return result.program;
}

inline Document TextDocument(std::string text, std::string id = "doc") {
  Document document;
  document.id = std::move(id);
  document.AddField("text", std::move(text));
  return document;
}

// Ids of the live rules that matched, in order.
inline std::vector<std::string> LiveRules(const Verdict& verdict) {
  std::vector<std::string> ids;
  for (const RuleMatch& match : verdict.live) ids.push_back(verdict.program->rules()[match.rule].id);
  return ids;
}

// Each byte span of the live rules, as "rule begin-end", sorted.
inline std::vector<std::string> LiveSpans(const Verdict& verdict) {
  std::vector<std::string> spans;
  for (const RuleMatch& match : verdict.live) {
    for (const MatchSpan& span : verdict.SpansOf(match)) {
      spans.push_back(verdict.program->rules()[match.rule].id + " " + std::to_string(span.begin) +
                      "-" + std::to_string(span.end));
    }
  }
  std::sort(spans.begin(), spans.end());
  return spans;
}

inline std::vector<std::string> ShadowRules(const Verdict& verdict) {
  std::vector<std::string> ids;
  for (const RuleMatch& match : verdict.shadow) {
    ids.push_back(verdict.program->rules()[match.rule].id);
  }
  return ids;
}

}  // namespace bylaw::test

#endif  // BYLAW_TESTS_TEST_RULES_H_
