// Generated rule packs for the benchmarks: N terms drawn from the Debian
// `wamerican` word list (single words and two-word phrases), written as a
// real bylaw rules directory.
#ifndef BYLAW_BENCH_PEERS_TERM_PACK_H_
#define BYLAW_BENCH_PEERS_TERM_PACK_H_

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace bylaw::bench {

inline constexpr const char* kWordList = "/usr/share/dict/american-english";

// Every word of `path` that is plain ASCII letters (no apostrophe, no
// accent), lowercased, without repeats, in file order. Throws
// std::runtime_error when the file holds none.
std::vector<std::string> LoadWords(const std::string& path = kWordList);

// `count` distinct caseless terms, the same for the same arguments: four in
// five a single word, one in five two words joined by a space (while words
// last, then phrases only). Term i is named TermName(i) in the packs.
std::vector<std::string> PickTerms(const std::vector<std::string>& words, std::size_t count,
                                   unsigned seed = 2024);

// "t000042" for term 42.
std::string TermName(std::size_t index);
// 42 for the pack's term name "g0_t000042"; -1 for any other name.
long TermIndex(const std::string& name);

struct PackOptions {
  // Terms per rule; each rule is `any of (gN_*)` over its terms, so that a
  // verdict lists every matched term as evidence. 1: one rule per term.
  std::size_t terms_per_rule = 100;
  // The pack's `evasion:` value ("off", "standard", ...); empty writes no key
  // and gets the compiler's default.
  std::string evasion;
};

// Writes `dir`/taxonomy.yaml (a copy of `taxonomy`) and `dir`/terms.yaml:
// one pack of the category `harassment-and-bullying` holding every term.
// Replaces `dir` if it exists.
void WritePack(const std::filesystem::path& dir, const std::filesystem::path& taxonomy,
               const std::vector<std::string>& terms, const PackOptions& options);

}  // namespace bylaw::bench

#endif  // BYLAW_BENCH_PEERS_TERM_PACK_H_
