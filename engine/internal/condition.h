// The condition AST: what the X3 grammar (engine/lang/condition_parser.cc)
// produces from a `when:` or `unless:` text, and what the compiler resolves.
//
// A plain tree of values; every node carries the byte offset in the condition
// text where it starts, so that diagnostics can point at it.
#ifndef BYLAW_INTERNAL_CONDITION_H_
#define BYLAW_INTERNAL_CONDITION_H_

#include <cstdint>
#include <string>
#include <vector>

namespace bylaw::internal {

enum class NodeKind : std::uint8_t {
  kTerm,     // NAME, or NAME in (FIELD, ...)           name, fields
  kCount,    // count(NAME) CMP INT                     name, cmp, number
  kOf,       // (INT | any | all) of (NAME, PREFIX*)   quantifier, number, names
  kNear,     // near(NAME, NAME, INT)                   names[0], names[1], number
  kRule,     // rule(RULE_ID)                           name
  kEvaded,   // evaded(NAME): a match of NAME was disguised   name
  kNot,      // not X                                   children[0]
  kAnd,      // X and Y and ...                         children (2 or more)
  kOr,       // X or Y or ...                           children (2 or more)
  kMeta,     // meta.NAME CMP VALUE, meta.NAME in (VALUE, ...)   name, comparison, values
};

enum class Comparison : std::uint8_t { kGe, kGt, kLe, kLt, kEq, kNe };

enum class Quantifier : std::uint8_t { kAtLeast, kAny, kAll };

struct ConditionNode {
  NodeKind kind = NodeKind::kTerm;
  std::uint32_t offset = 0;           // byte offset of the node's first character
  std::string name;                   // kTerm, kCount, kEvaded: term name; kRule: rule id
  std::vector<std::string> names;     // kOf: names, a trailing '*' marks a prefix; kNear: 2 names
  std::vector<std::uint32_t> name_offsets;  // offset of each entry of `names`;
                                            // kCount, kEvaded, kRule: [0] is where `name` stands
  std::vector<std::string> fields;    // kTerm: the `in (...)` fields, empty = any field
  Comparison comparison = Comparison::kGe;  // kCount
  Quantifier quantifier = Quantifier::kAtLeast;  // kOf
  std::int64_t number = 0;            // kCount: INT; kOf with kAtLeast: N; kNear: max words apart
  // kMeta: the values compared with (`in`: any of them), as written without
  // quotes; `numeric` when they are numbers (then every comparison), else
  // texts (`==`, `!=`, `in`). `name` is the metadata name; `in_list` for `in`.
  std::vector<std::string> values;
  std::vector<std::uint32_t> value_offsets;
  bool numeric = false;
  bool in_list = false;
  std::vector<ConditionNode> children;
};

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_CONDITION_H_
