// Explain: why a document got its verdict. For every rule the document
// touched, its conditions as trees with each node's truth value, the term
// matches with their spans, the folded text the patterns saw, which
// `unless:` suppressed what, and which rules set the decision. For rule
// authors (`bylaw explain`); slower than Scanner::Scan and allocating.
#ifndef BYLAW_EXPLAIN_H_
#define BYLAW_EXPLAIN_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bylaw/document.h"
#include "bylaw/program.h"
#include "bylaw/verdict.h"

namespace bylaw {

// One node of a condition, as evaluated on the document.
struct ConditionTrace {
  std::string text;    // the node as a condition: `count(insult) >= 3`, `and`, `rule(x)`
  bool value = false;  // its truth on this document
  std::string detail;  // what the document showed: "2 matches", "matched: a, c"; may be empty
  std::vector<ConditionTrace> children;  // operands of and / or / not, a referenced rule's `when`
};

// Why a touched rule did or did not match.
enum class RuleOutcome : std::uint8_t {
  kMatched,             // `when` held and no `unless` did
  kConditionFalse,      // `when` did not hold
  kSuppressedByUnless,  // `when` held; the rule's own `unless` held
  kSuppressedByPack,    // `when` held; its pack's `unless` held
  kDisabled,            // status `disabled`: never evaluated by the scanner
};

// "matched", "condition false", "suppressed by unless", "suppressed by pack
// unless", "disabled".
std::string_view RuleOutcomeName(RuleOutcome outcome);

struct RuleTrace {
  std::uint32_t rule = 0;  // index into Program::rules()
  RuleOutcome outcome = RuleOutcome::kConditionFalse;
  ConditionTrace when;
  std::optional<ConditionTrace> unless;       // the rule's own, if it has one
  std::optional<ConditionTrace> pack_unless;  // its pack's, if the pack has one
};

struct Explanation {
  const Program* program = nullptr;  // kept alive by the caller
  Document document;                 // a copy: spans point into its fields
  Action decision = Action::kAllow;
  // Live matched rules whose action is the decision: the reason for it.
  std::vector<std::uint32_t> deciding_rules;
  // Every rule whose terms matched, or that holds without any match, and
  // every rule one of them refers to, in program order.
  std::vector<RuleTrace> rules;
  // Every term match in the document, by field and place.
  std::vector<MatchSpan> matches;
  // Per field of the document: the folded text case-insensitive patterns saw.
  std::vector<std::string> folded;
  // The verdict exactly as Scanner::Scan gives it, as JSON.
  std::string verdict_json;
};

// Scans `document` and explains the verdict. Throws bylaw::Error as Scan does.
Explanation Explain(const std::shared_ptr<const Program>& program, const Document& document);

}  // namespace bylaw

#endif  // BYLAW_EXPLAIN_H_
