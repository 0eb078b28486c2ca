// Parses the condition language of RULE-LANGUAGE.md with Boost.Spirit X3.
// The grammar lives in one translation unit, engine/lang/condition_parser.cc;
// no other file includes Boost.
#ifndef BYLAW_INTERNAL_CONDITION_PARSER_H_
#define BYLAW_INTERNAL_CONDITION_PARSER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "condition.h"

namespace bylaw::internal {

// Deepest nesting of parentheses and `not` accepted; deeper input is a
// parse error (never a stack overflow).
inline constexpr int kMaxConditionDepth = 64;

struct ConditionParseError {
  std::uint32_t offset = 0;  // byte offset in the condition text of the problem
  std::string message;       // e.g. "expected term name after `and`"
};

// Either the tree or the first error.
struct ConditionParseResult {
  std::optional<ConditionNode> root;
  std::optional<ConditionParseError> error;
};

ConditionParseResult ParseCondition(std::string_view text);

// True if `word` is a keyword of the language (and, or, not, in, of, any,
// all, count, near, rule, evaded) and so cannot name a term.
bool IsConditionKeyword(std::string_view word);

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_CONDITION_PARSER_H_
