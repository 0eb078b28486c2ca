// Fuzzes the condition grammar (engine/lang/condition_parser.cc) alone: any
// text gives either a tree or one located error, never a crash, and the tree
// respects the nesting limit and points inside the text.
#include <string>

#include "condition_parser.h"
#include "fuzz_harness.h"

namespace bylaw::fuzz {
namespace {

using internal::ConditionNode;
using internal::NodeKind;

// Each `(` or `not` may add a node, and so may each `and`/`or` between them.
constexpr int kMaxTreeDepth = 2 * internal::kMaxConditionDepth + 2;

// "" if the subtree at `node`, `depth` levels down, is well formed.
std::string CheckNode(const ConditionNode& node, std::size_t size, int depth) {
  if (depth > kMaxTreeDepth) return "tree deeper than the nesting limit allows";
  if (node.offset > size) return "node offset past the end of the text";
  for (std::uint32_t offset : node.name_offsets) {
    if (offset > size) return "name offset past the end of the text";
  }
  switch (node.kind) {
    case NodeKind::kTerm:
    case NodeKind::kCount:
    case NodeKind::kRule:
    case NodeKind::kEvaded:
      if (node.name.empty()) return "node without a name";
      break;
    case NodeKind::kMeta:
      if (node.name.empty()) return "`meta.` without a name";
      if (node.values.empty() || node.values.size() != node.value_offsets.size()) {
        return "`meta.` test without one offset per value";
      }
      if (!node.in_list && node.values.size() != 1) return "`meta.` comparison without one value";
      for (std::uint32_t offset : node.value_offsets) {
        if (offset > size) return "value offset past the end of the text";
      }
      break;
    case NodeKind::kNear:
      if (node.names.size() != 2) return "near() without two names";
      break;
    case NodeKind::kOf:
      if (node.names.empty()) return "`of` without names";
      break;
    case NodeKind::kNot:
      if (node.children.size() != 1) return "`not` without one operand";
      break;
    case NodeKind::kAnd:
    case NodeKind::kOr:
      if (node.children.size() < 2) return "`and`/`or` with fewer than two operands";
      break;
  }
  for (const ConditionNode& child : node.children) {
    std::string problem = CheckNode(child, size, depth + 1);
    if (!problem.empty()) return problem;
  }
  return "";
}

}  // namespace

std::string FuzzConditionParser(std::string_view input) {
  const internal::ConditionParseResult result = internal::ParseCondition(input);
  if (result.root.has_value() == result.error.has_value()) {
    return "the parser must give either a tree or an error";
  }
  if (result.error) {
    if (result.error->offset > input.size()) return "error offset past the end of the text";
    if (result.error->message.empty()) return "error without a message";
    return "";
  }
  return CheckNode(*result.root, input.size(), 1);
}

}  // namespace bylaw::fuzz

BYLAW_FUZZ_ENTRY(bylaw::fuzz::FuzzConditionParser)
