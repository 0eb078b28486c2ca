// Compile side: turns parsed conditions (ConditionNode trees from the X3
// parser) into the flat ConditionOp arrays of a ProgramData, resolving term
// names in the pack's scope and rule ids across the rule set.
#ifndef BYLAW_COMPILE_CONDITION_RESOLVER_H_
#define BYLAW_COMPILE_CONDITION_RESOLVER_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostic_sink.h"
#include "program_data.h"
#include "rule_set.h"

namespace bylaw::internal {

// The terms one pack's conditions can name.
struct TermScope {
  std::map<std::string, std::uint32_t, std::less<>> ids;  // name -> program term index
  std::vector<std::string> names;                         // in pack order, for suggestions
};

// Index of the set of field names in data->field_sets (interning the names
// and the set), for `in (...)` and pattern `fields:`.
std::uint32_t InternFieldSet(const std::vector<std::string>& names, ProgramData* data);

class ConditionResolver {
 public:
  ConditionResolver(ProgramData* data, DiagnosticSink* sink,
                    const std::map<std::string, std::uint32_t, std::less<>>* rule_ids)
      : data_(data), sink_(sink), rule_ids_(rule_ids), term_used_(data->term_names.size(), false) {}

  // Parses and resolves `spec`; returns the root op, or kNone after
  // reporting every error found.
  std::uint32_t Resolve(const ConditionSpec& spec, const TermScope& scope);

  // Terms named by some resolved condition.
  bool term_used(std::uint32_t term) const { return term_used_[term]; }

  // Appends to `out` the terms named since the last call (repeats included)
  // and forgets them: what one pack's conditions use.
  void TakeNamedTerms(std::vector<std::uint32_t>* out) {
    out->insert(out->end(), named_terms_.begin(), named_terms_.end());
    named_terms_.clear();
  }

 private:
  std::uint32_t Lower(const ConditionNode& node);
  std::uint32_t LookUpTerm(const std::string& name, std::uint32_t offset);
  std::vector<std::uint32_t> ExpandNames(const ConditionNode& node);
  std::uint32_t Emit(const ConditionOp& op, const std::vector<std::uint32_t>& operands);
  void Error(DiagnosticCode code, std::uint32_t offset, std::string message);
  // Marks used every term of the scope that `text`, a condition that does
  // not parse, names as a word (or as `prefix*`): its one error is enough,
  // without "not used" warnings for the terms it meant to use.
  void MarkWordsUsed(std::string_view text);

  ProgramData* data_;
  DiagnosticSink* sink_;
  const std::map<std::string, std::uint32_t, std::less<>>* rule_ids_;
  std::vector<bool> term_used_;
  std::vector<std::uint32_t> named_terms_;  // since the last TakeNamedTerms
  const ConditionSpec* spec_ = nullptr;  // being resolved
  const TermScope* scope_ = nullptr;
  bool failed_ = false;
};

}  // namespace bylaw::internal

#endif  // BYLAW_COMPILE_CONDITION_RESOLVER_H_
