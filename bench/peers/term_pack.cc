// Generates the term packs of the benchmarks (see term_pack.h).
#include "term_pack.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <set>
#include <stdexcept>

namespace bylaw::bench {

std::vector<std::string> LoadWords(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> words;
  std::set<std::string> seen;
  for (std::string word; std::getline(in, word);) {
    const bool letters = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
    if (!letters) continue;
    std::transform(word.begin(), word.end(), word.begin(),
                   [](char c) { return static_cast<char>(c | 0x20); });
    if (seen.insert(word).second) words.push_back(word);
  }
  if (words.empty()) throw std::runtime_error("no words in " + path + ": install `wamerican`");
  return words;
}

std::vector<std::string> PickTerms(const std::vector<std::string>& words, std::size_t count,
                                   unsigned seed) {
  std::mt19937 random(seed);
  std::vector<std::string> shuffled = words;
  std::shuffle(shuffled.begin(), shuffled.end(), random);
  std::uniform_int_distribution<std::size_t> any_word(0, words.size() - 1);
  std::vector<std::string> terms;
  std::set<std::string> seen;
  std::size_t next_word = 0;
  while (terms.size() < count) {
    const bool phrase = terms.size() % 5 == 4 || next_word == shuffled.size();
    std::string term = phrase ? words[any_word(random)] + " " + words[any_word(random)]
                              : shuffled[next_word++];
    if (seen.insert(term).second) terms.push_back(std::move(term));
  }
  return terms;
}

std::string TermName(std::size_t index) {
  char name[16];
  std::snprintf(name, sizeof name, "t%06zu", index);
  return name;
}

long TermIndex(const std::string& name) {
  const std::size_t at = name.rfind("_t");
  if (at == std::string::npos || name.size() != at + 8) return -1;
  return std::strtol(name.c_str() + at + 2, nullptr, 10);
}

void WritePack(const std::filesystem::path& dir, const std::filesystem::path& taxonomy,
               const std::vector<std::string>& terms, const PackOptions& options) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(taxonomy, dir / "taxonomy.yaml");
  std::ofstream out(dir / "terms.yaml");
  out << "category: harassment-and-bullying\n"
      << "description: generated benchmark pack, " << terms.size() << " terms\n";
  if (!options.evasion.empty()) out << "evasion: " << options.evasion << "\n";
  out << "terms:\n";
  const std::size_t per_rule = std::max<std::size_t>(1, options.terms_per_rule);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    // Each group's terms share a prefix that no other group's start with.
    out << "  g" << i / per_rule << "_" << TermName(i) << ": [\"" << terms[i] << "\"]\n";
  }
  out << "rules:\n";
  for (std::size_t group = 0; group * per_rule < terms.size(); ++group) {
    out << "  - { id: bench.g" << group << ", when: 'any of (g" << group
        << "_*)', action: review }\n";
  }
  if (!out.flush()) throw std::runtime_error("cannot write " + (dir / "terms.yaml").string());
}

}  // namespace bylaw::bench
