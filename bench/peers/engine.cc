// What the engines share: the regex of a term, and term-set normalization.
#include <algorithm>

#include "engine.h"

namespace bylaw::bench {

std::string TermRegex(const std::string& term) {
  std::string regex = "\\b";
  for (char c : term) {
    if (c == ' ') {
      regex += "\\W+";
    } else {
      regex += c;  // terms are ASCII letters: nothing to escape
    }
  }
  return regex + "\\b";
}

void Normalize(TermSet* terms) {
  std::sort(terms->begin(), terms->end());
  terms->erase(std::unique(terms->begin(), terms->end()), terms->end());
}

}  // namespace bylaw::bench
