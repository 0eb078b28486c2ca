// Compile side: lookups in the doubled-words list (doubled_words.h), which
// the build compiles in from engine/data/doubled_words.txt.
#include "compile/doubled_words.h"

#include <algorithm>
#include <map>

namespace bylaw::internal {
namespace {

#include "doubled_words.inc"  // kDoubledWords: one string, words separated by '\n'

// `word` with each letter run of exactly two written once.
std::string Undoubled(std::string_view word) {
  std::string single;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const bool pair = i + 1 < word.size() && word[i] == word[i + 1] &&
                      (i + 2 >= word.size() || word[i + 2] != word[i]) &&
                      (i == 0 || word[i - 1] != word[i]);
    single += word[i];
    if (pair) ++i;
  }
  return single;
}

// Every listed word under the word it becomes with all its doubled letters
// single; DoubledSpellingsOf then checks which spell the word asked for.
const std::multimap<std::string, std::string>& ByUndoubled() {
  static const std::multimap<std::string, std::string> index = [] {
    std::multimap<std::string, std::string> built;
    std::string_view rest = kDoubledWords;
    while (!rest.empty()) {
      const std::size_t line = std::min(rest.find('\n'), rest.size());
      const std::string_view word = rest.substr(0, line);
      if (!word.empty()) built.emplace(Undoubled(word), std::string(word));
      rest.remove_prefix(std::min(line + 1, rest.size()));
    }
    return built;
  }();
  return index;
}

// True if `doubled` is `word` with some of its single letters written twice.
bool DoublesLettersOf(std::string_view doubled, std::string_view word) {
  std::size_t i = 0;
  for (std::size_t k = 0; k < word.size(); ++k) {
    const char c = word[k];
    if (i >= doubled.size() || doubled[i] != c) return false;
    ++i;
    const bool word_repeats = k + 1 < word.size() && word[k + 1] == c;
    if (!word_repeats && i < doubled.size() && doubled[i] == c) ++i;
  }
  return i == doubled.size() && doubled != word;
}

}  // namespace

std::vector<std::string> DoubledSpellingsOf(std::string_view word) {
  std::vector<std::string> found;
  const auto [first, last] = ByUndoubled().equal_range(Undoubled(word));
  for (auto it = first; it != last; ++it) {
    if (DoublesLettersOf(it->second, word)) found.push_back(it->second);
  }
  return found;
}

}  // namespace bylaw::internal
