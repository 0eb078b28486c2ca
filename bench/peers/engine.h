// The engines the benchmark compares, behind one interface: each is built
// from the same terms (caseless, word-bounded; phrases tolerate any run of
// non-word characters between their words) and reports, per document, the
// set of terms that matched.
#ifndef BYLAW_BENCH_PEERS_ENGINE_H_
#define BYLAW_BENCH_PEERS_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::bench {

// Indices of the matched terms, sorted, without repeats.
using TermSet = std::vector<std::uint32_t>;

// Per-thread matching state of an engine (scratch, match data, scanner).
class Matcher {
 public:
  virtual ~Matcher() = default;
  // Replaces `*terms` with the terms matched in `text`, document `index` of
  // the corpus given to Engine::Prepare. Throws std::runtime_error if the
  // engine fails.
  virtual void Match(std::size_t index, std::string_view text, TermSet* terms) = 0;
};

// A compiled set of terms. Thread-safe: one Matcher per thread.
class Engine {
 public:
  virtual ~Engine() = default;
  // Called once with the corpus before any Match: an engine that works on
  // preprocessed text (the raw Hyperscan floor) prepares it here, untimed.
  virtual void Prepare(const std::vector<std::string>& corpus) { (void)corpus; }
  virtual std::unique_ptr<Matcher> NewMatcher() const = 0;
  // Size of the compiled form in bytes, when the engine tells it; else 0.
  virtual std::size_t program_bytes() const { return 0; }
};

// The regular expression of `term` for the byte-oriented peers (PCRE2, RE2
// in Latin-1 mode, YARA): `\bword\b`, `\bice\W+cream\b`. ASCII \w and \b
// match bylaw's word view on the corpus, which is ASCII but for a few
// fortunes.
std::string TermRegex(const std::string& term);

// Sorts `terms` and drops repeats.
void Normalize(TermSet* terms);

// Peers. Each throws std::runtime_error when it cannot compile the terms.
std::unique_ptr<Engine> MakeRe2Engine(const std::vector<std::string>& terms);
std::unique_ptr<Engine> MakePcre2Engine(const std::vector<std::string>& terms);
std::unique_ptr<Engine> MakeYaraEngine(const std::vector<std::string>& terms);

}  // namespace bylaw::bench

#endif  // BYLAW_BENCH_PEERS_ENGINE_H_
