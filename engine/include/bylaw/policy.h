// The vocabulary of verdicts: actions, severities, rule status, and the
// read-only descriptions of categories, resources and rules that a compiled
// Program carries.
#ifndef BYLAW_POLICY_H_
#define BYLAW_POLICY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/diagnostic.h"

namespace bylaw {

// Weakest to strictest; a document's decision is the maximum over its live
// matched rules, kAllow when none matched.
enum class Action : std::uint8_t { kAllow, kLabel, kReview, kRestrict, kRemove };

enum class Severity : std::uint8_t { kLow, kMedium, kHigh, kCritical };

// live: enforced. shadow: evaluated and reported, never changes the decision.
// disabled: compiled for checking, never evaluated.
enum class RuleStatus : std::uint8_t { kLive, kShadow, kDisabled };

// How far a rule's author trusts it (`maturity:`): informational for scans;
// lint requires examples of a `stable` rule. kUnset when the rule says nothing.
enum class Maturity : std::uint8_t { kUnset, kExperimental, kTest, kStable };

std::string_view ActionName(Action action);        // "remove", ...
std::string_view SeverityName(Severity severity);  // "critical", ...
std::string_view StatusName(RuleStatus status);    // "live", ...
std::string_view MaturityName(Maturity maturity);  // "stable", ...; "" for kUnset
std::optional<Action> ParseAction(std::string_view name);
std::optional<Severity> ParseSeverity(std::string_view name);
std::optional<RuleStatus> ParseStatus(std::string_view name);
std::optional<Maturity> ParseMaturity(std::string_view name);  // never kUnset

// A page shown with a verdict, such as a safety-centre page or a helpline.
struct Resource {
  std::string id;
  std::string title;
  std::string url;
};

// A Community Guidelines policy category from rules/taxonomy.yaml.
struct CategoryInfo {
  std::string id;  // kebab-case
  std::string title;
  std::string section;
  std::string description;
  std::vector<std::uint32_t> resources;  // indices into Program::resources()
};

// A ceiling on a rule's hit rate, for workers (the circuit breaker): when
// the rule matches more than `max_rate` of the last `window` documents, a
// worker demotes it to shadow, so that a bad rule cannot flood removals.
struct HitRateLimit {
  double max_rate = 0;       // fraction of documents, in (0, 1]
  std::uint32_t window = 0;  // documents; 0: no ceiling
};

// Where a rule comes from and how far it is trusted, as its author wrote it:
// shown by `bylaw explain` and reports, never read by a scan. Every member
// is empty (kUnset) when the rule leaves it out.
struct RuleProvenance {
  std::string author;
  std::string created;                       // a date, YYYY-MM-DD (checked by the loader)
  std::vector<std::string> references;       // http:// or https:// URLs
  Maturity maturity = Maturity::kUnset;
  std::vector<std::string> false_positives;  // known false positives, in prose

  bool empty() const {
    return author.empty() && created.empty() && references.empty() &&
           maturity == Maturity::kUnset && false_positives.empty();
  }
};

// One compiled rule, as authors and reviewers see it.
struct RuleInfo {
  std::string id;
  std::string title;
  std::uint32_t category = 0;  // index into Program::categories()
  Action action = Action::kReview;
  Severity severity = Severity::kMedium;
  RuleStatus status = RuleStatus::kLive;
  std::vector<std::string> labels;
  // The rule's own resources followed by its category's, without repeats;
  // indices into Program::resources().
  std::vector<std::uint32_t> resources;
  std::string condition;  // the `when:` text, for explanations
  std::string unless;     // the rule's own `unless:` text, empty if none
  SourceLocation location;
  HitRateLimit hit_rate_limit;  // `circuit_breaker:`; window 0 when none
  RuleProvenance provenance;    // `author:`, `created:`, `references:`, ...
};

}  // namespace bylaw

#endif  // BYLAW_POLICY_H_
