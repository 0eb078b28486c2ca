// Compile side: see term_numbering.h.
#include "compile/term_numbering.h"

#include <map>
#include <utility>

#include "condition_parser.h"
#include "program_data.h"

namespace bylaw::internal {

TermNumbering NumberTerms(const RuleSetSpec& spec) {
  TermNumbering numbering;
  auto number = [&numbering](const std::string& name) -> std::uint32_t {
    if (IsConditionKeyword(name)) return kNone;
    numbering.names.push_back(name);
    return static_cast<std::uint32_t>(numbering.names.size() - 1);
  };
  std::map<std::pair<std::string, std::string>, std::uint32_t> vocabulary_terms;
  for (const VocabularySpec& vocabulary : spec.vocabularies) {
    std::vector<std::uint32_t>& indices = numbering.vocabularies.emplace_back();
    for (const TermSpec& term : vocabulary.terms) {
      const auto key = std::make_pair(vocabulary.name.name, term.name.name);
      const auto found = vocabulary_terms.find(key);
      if (found != vocabulary_terms.end()) {
        indices.push_back(found->second);
        continue;
      }
      const std::uint32_t index = number(term.name.name);
      if (index != kNone) vocabulary_terms.emplace(key, index);
      indices.push_back(index);
    }
  }
  for (const PackSpec& pack : spec.packs) {
    std::vector<std::uint32_t>& indices = numbering.packs.emplace_back();
    for (const TermSpec& term : pack.terms) indices.push_back(number(term.name.name));
  }
  return numbering;
}

}  // namespace bylaw::internal
