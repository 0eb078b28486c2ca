// Spans of a verdict as end-to-end evasion tests see them: the original
// text each covers and the names of its evasions.
#ifndef BYLAW_TESTS_SEEN_SPANS_H_
#define BYLAW_TESTS_SEEN_SPANS_H_

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bylaw/scanner.h"
#include "test_rules.h"

namespace bylaw::test {

struct SeenSpan {
  std::string text;
  std::vector<std::string> evasions;
  bool operator==(const SeenSpan&) const = default;
};
inline void PrintTo(const SeenSpan& s, std::ostream* os) {
  *os << '"' << s.text << "\" [";
  for (const std::string& e : s.evasions) *os << e << ' ';
  *os << ']';
}
using Spans = std::vector<SeenSpan>;

// The spans of live rule `rule` when `program` scans `text`; empty if the
// rule did not match.
inline Spans SpansOfRule(const std::shared_ptr<const Program>& program, const std::string& rule,
                         const std::string& text) {
  Scanner scanner(program);
  const Document document = TextDocument(text);
  const Verdict& verdict = scanner.Scan(document);
  Spans spans;
  for (const RuleMatch& match : verdict.live) {
    if (verdict.program->rules()[match.rule].id != rule) continue;
    for (const MatchSpan& span : verdict.SpansOf(match)) {
      SeenSpan seen{std::string(verdict.TextOf(span)), {}};
      for (int e = 0; e < kEvasionKinds; ++e) {
        if (span.evasions.Has(static_cast<Evasion>(e))) {
          seen.evasions.emplace_back(EvasionName(static_cast<Evasion>(e)));
        }
      }
      spans.push_back(seen);
    }
  }
  return spans;
}

// A suite over one program, compiled once from `Pack::kText` (a pack of
// the test taxonomy), whose tests ask for the spans of its rules.
template <class Pack>
class PackSpansTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { program_ = new std::shared_ptr<const Program>(MustCompile(Pack::kText)); }
  static void TearDownTestSuite() {
    delete program_;
    program_ = nullptr;
  }

  // The spans of rule `rule` for `text`; empty if the rule did not match.
  Spans SpansOf(const std::string& rule, const std::string& text) {
    return SpansOfRule(*program_, rule, text);
  }
  bool Matches(const std::string& rule, const std::string& text) {
    return !SpansOf(rule, text).empty();
  }

  static inline std::shared_ptr<const Program>* program_ = nullptr;
};

}  // namespace bylaw::test

#endif  // BYLAW_TESTS_SEEN_SPANS_H_
