// The role a term plays in a rule, for the replay report's colours: what a
// rule looks for (names of harms), how a post promotes it (the stance
// vocabulary's cue_* terms), protective context (its ctx_* terms), and
// exceptions (terms under `not` or in `unless:`, which stop a rule). Read
// from what a compiled program exposes: term names and each rule's
// `when:` and `unless:` text.
#ifndef BYLAW_CLI_TERM_ROLES_H_
#define BYLAW_CLI_TERM_ROLES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/policy.h"

namespace bylaw::cli {

// In order of precedence when one highlighted range shows several terms.
enum class TermRole : std::uint8_t { kHarm, kCue, kContext, kException };

// "harm", "cue", "context", "exception": the CSS class of the role.
std::string_view TermRoleName(TermRole role);
// What the legend says of the role.
std::string_view TermRoleMeaning(TermRole role);

// A word of a condition's text, by byte range. `name` when it refers to a
// term (or a prefix such as `ctx_*`): not a keyword, a number, a field or
// the id inside rule(...). `negated` when under an odd number of `not`s.
struct ConditionToken {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool name = false;
  bool negated = false;
};

// Every word of `condition`, in order. Never fails: text that does not
// parse yields its words with what could be understood of them.
std::vector<ConditionToken> ScanCondition(std::string_view condition);

// The names `rule` uses as exceptions: those under `not` in its `when:`
// and every name of its `unless:`, as written (a prefix keeps its `*`).
std::vector<std::string> ExceptionNames(const RuleInfo& rule);

// The role of `term` matched on behalf of a rule whose exception names are
// `exceptions` (ExceptionNames): an exception when one of them is the term
// or a prefix of it; otherwise context for ctx_*, a cue for cue_*, else a
// harm.
TermRole RoleOfTerm(std::string_view term, const std::vector<std::string>& exceptions);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_TERM_ROLES_H_
