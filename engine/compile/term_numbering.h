// Compile side: which program term index each term of a rule set gets. The
// compiler numbers terms this way, and lint, which reads the rules as
// written beside the compiled program, finds each term's index the same way.
#ifndef BYLAW_COMPILE_TERM_NUMBERING_H_
#define BYLAW_COMPILE_TERM_NUMBERING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "rule_set.h"

namespace bylaw::internal {

// Term indices parallel to the rule set's term lists. Vocabularies come
// first, in file order; a term named again in another file of the same
// vocabulary shares the first one's index. Then each pack's terms, in order.
// A term named by a condition keyword gets kNone (the compiler refuses it).
struct TermNumbering {
  std::vector<std::vector<std::uint32_t>> vocabularies;  // [v][t] for spec.vocabularies[v].terms[t]
  std::vector<std::vector<std::uint32_t>> packs;         // [p][t] for spec.packs[p].terms[t]
  std::vector<std::string> names;                        // name of each index
};

TermNumbering NumberTerms(const RuleSetSpec& spec);

// Calls `visit(term, index)` for every term of `spec` with its index in
// `numbering` (NumberTerms(spec)): vocabularies' terms, then packs'.
template <typename Visit>
void ForEachNumberedTerm(const RuleSetSpec& spec, const TermNumbering& numbering, Visit visit) {
  for (std::size_t v = 0; v < spec.vocabularies.size(); ++v) {
    for (std::size_t t = 0; t < spec.vocabularies[v].terms.size(); ++t) {
      visit(spec.vocabularies[v].terms[t], numbering.vocabularies[v][t]);
    }
  }
  for (std::size_t p = 0; p < spec.packs.size(); ++p) {
    for (std::size_t t = 0; t < spec.packs[p].terms.size(); ++t) {
      visit(spec.packs[p].terms[t], numbering.packs[p][t]);
    }
  }
}

}  // namespace bylaw::internal

#endif  // BYLAW_COMPILE_TERM_NUMBERING_H_
