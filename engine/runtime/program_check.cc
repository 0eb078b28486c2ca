// Compiled program files, the last check before a loaded program is used:
// every index in the tables points inside the table it indexes, conditions
// refer only to earlier ops (the resolver emits children first) and rule()
// references form no cycle, every condition is a tree (an op is the operand of
// at most one op) and no rule nests deeper than a compile allows. The checksum already catches accidental damage;
// this keeps a scan from reading out of bounds, recursing without bound or
// evaluating a shared condition exponentially often on a file that was
// written by something other than bylaw. Every check is linear in the size
// of the tables.
#include <string>
#include <vector>

#include "condition_graph.h"
#include "runtime/program_codec.h"

namespace bylaw::internal {
namespace {

class Checker {
 public:
  explicit Checker(const ProgramData& data) : data_(data) {}

  std::string Run() {
    CheckRules();
    CheckOps();
    CheckTermTables();
    CheckDatabases();
    if (error_.empty()) CheckRuleGraph();
    return error_;
  }

 private:
  // Records the first problem only.
  void Require(bool ok, const char* what) {
    if (!ok && error_.empty()) error_ = what;
  }
  static bool Below(std::uint32_t index, std::size_t size) { return index < size; }
  static bool NoneOrBelow(std::uint32_t index, std::size_t size) {
    return index == kNone || index < size;
  }
  bool Range(std::uint32_t first, std::uint32_t count, std::size_t size) const {
    return std::uint64_t{first} + count <= size;
  }

  void CheckRules() {
    const ProgramData& d = data_;
    Require(d.rule_programs.size() == d.rules.size(), "rule tables differ in length");
    for (const CategoryInfo& category : d.categories) {
      for (std::uint32_t r : category.resources) Require(Below(r, d.resources.size()), "bad resource");
    }
    for (const RuleInfo& rule : d.rules) {
      Require(Below(rule.category, d.categories.size()), "a rule names a missing category");
      for (std::uint32_t r : rule.resources) Require(Below(r, d.resources.size()), "bad resource");
    }
    for (const RuleProgram& program : d.rule_programs) {
      for (std::uint32_t root : {program.when, program.unless, program.pack_unless}) {
        Require(NoneOrBelow(root, d.ops.size()), "a rule points at a missing condition");
      }
      for (const Evidence& evidence : program.evidence) {
        Require(Below(evidence.term, d.term_names.size()), "evidence names a missing term");
        Require(NoneOrBelow(evidence.field_set, d.field_sets.size()), "bad field set");
      }
    }
    for (const RuleExample& example : d.examples) {
      Require(Below(example.rule, d.rules.size()), "an example names a missing rule");
    }
  }

  void CheckOps() {
    const ProgramData& d = data_;
    std::vector<bool> is_operand(d.ops.size(), false);
    for (std::uint32_t i = 0; i < d.ops.size(); ++i) {
      const ConditionOp& op = d.ops[i];
      Require(NoneOrBelow(op.term, d.term_names.size()), "a condition names a missing term");
      Require(NoneOrBelow(op.rule, d.rules.size()), "a condition names a missing rule");
      Require(NoneOrBelow(op.field_set, d.field_sets.size()), "bad field set");
      if (op.kind == NodeKind::kTerm || op.kind == NodeKind::kCount ||
          op.kind == NodeKind::kEvaded) {
        Require(Below(op.term, d.term_names.size()), "a condition names a missing term");
      }
      if (op.kind == NodeKind::kRule) Require(Below(op.rule, d.rules.size()), "bad rule()");
      Require(NoneOrBelow(op.meta, d.meta_tests.size()), "a condition names a missing metadata test");
      if (op.kind == NodeKind::kMeta) {
        Require(Below(op.meta, d.meta_tests.size()), "a condition names a missing metadata test");
      }
      if (!Range(op.first_operand, op.operand_count, d.operands.size())) {
        Require(false, "a condition's operands run past their table");
        continue;
      }
      const bool operands_are_ops =
          op.kind == NodeKind::kNot || op.kind == NodeKind::kAnd || op.kind == NodeKind::kOr;
      const bool operands_are_terms = op.kind == NodeKind::kOf || op.kind == NodeKind::kNear;
      Require(op.kind != NodeKind::kNot || op.operand_count == 1, "`not` needs one operand");
      Require(op.kind != NodeKind::kNear || op.operand_count == 2, "`near` needs two terms");
      for (std::uint32_t k = 0; k < op.operand_count; ++k) {
        const std::uint32_t operand = d.operands[op.first_operand + k];
        if (operands_are_ops) {
          Require(operand < i, "a condition refers to a later op");
          if (operand >= i) continue;
          Require(!is_operand[operand], "a condition is shared by two parents");
          is_operand[operand] = true;
        }
        if (operands_are_terms) Require(Below(operand, d.term_names.size()), "bad term operand");
      }
    }
  }

  void CheckTermTables() {
    const ProgramData& d = data_;
    Require(d.rules_of_term.size() == d.term_names.size(), "term tables differ in length");
    for (const auto& rules : d.rules_of_term) {
      for (std::uint32_t r : rules) Require(Below(r, d.rules.size()), "bad rule of term");
    }
    for (std::uint32_t r : d.always_rules) Require(Below(r, d.rules.size()), "bad rule index");
    for (const auto& set : d.field_sets) {
      for (std::uint32_t f : set) Require(Below(f, d.field_names.size()), "bad field name");
    }
    for (const PatternTarget& target : d.targets) {
      Require(Below(target.term, d.term_names.size()), "a pattern feeds a missing term");
      Require(NoneOrBelow(target.field_set, d.field_sets.size()), "bad field set");
      Require(NoneOrBelow(target.phrase, d.phrases.size()), "a pattern names a missing phrase");
    }
    for (const PhrasePattern& phrase : d.phrases) {
      Require(!phrase.runs.empty() && phrase.letters == phrase.runs.size(),
              "a phrase miscounts its letters");
    }
  }

  void CheckDatabases() {
    for (const PatternDatabase& database : data_.databases) {
      Require(database.database != nullptr, "a database is missing");
      Require(database.starts.size() == (database.literal ? 0 : database.patterns.size()),
              "a regex database has not one start database per pattern");
      for (const HsDatabase& start : database.starts) {
        Require(start != nullptr, "a start database is missing");
      }
      for (const CompiledPattern& pattern : database.patterns) {
        Require(Range(pattern.first_target, pattern.target_count, data_.targets.size()),
                "a pattern's targets run past their table");
      }
    }
    for (const WordTable* table : {&data_.skeleton_words, &data_.pair_words, &data_.masked_words}) {
      Require(table->Consistent(), "a word table's keys do not hold together");
      for (const CompiledPattern& pattern : table->patterns) {
        Require(Range(pattern.first_target, pattern.target_count, data_.targets.size()),
                "a pattern's targets run past their table");
      }
    }
  }

  // Cycles of rule() references, and conditions or rule() chains nested
  // deeper than a compile allows (the evaluator recurses once per level).
  void CheckRuleGraph() {
    const ConditionGraph graph = WalkConditionGraph(data_);
    if (graph.cycle != kNone) return Require(false, "rule() references form a cycle");
    for (std::uint32_t depth : graph.rule_depth) {
      Require(depth <= kMaxEvaluationDepth, "conditions nest deeper than a compile allows");
    }
  }

  const ProgramData& data_;
  std::string error_;
};

}  // namespace

std::string CheckProgramData(const ProgramData& data) { return Checker(data).Run(); }

}  // namespace bylaw::internal
