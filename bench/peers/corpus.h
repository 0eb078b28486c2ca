// The benchmark corpus, from the Debian `fortunes` package: every fortune as
// one short message (newlines folded to spaces), and one long transcript
// made by concatenating them.
#ifndef BYLAW_BENCH_PEERS_CORPUS_H_
#define BYLAW_BENCH_PEERS_CORPUS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace bylaw::bench {

inline constexpr const char* kFortunesDir = "/usr/share/games/fortunes";

// Every fortune of every file in `dir` without a .dat or .u8 suffix, in file
// order; fortunes are separated by lines holding `%`. Newlines and tabs
// become spaces; empty fortunes are skipped. Throws std::runtime_error when
// the directory holds none.
std::vector<std::string> LoadFortunes(const std::string& dir = kFortunesDir);

// The messages joined by newlines, cycled until the text holds at least
// `bytes` bytes.
std::string MakeTranscript(const std::vector<std::string>& messages, std::size_t bytes);

// Total size of `messages` in bytes.
std::size_t TotalBytes(const std::vector<std::string>& messages);

}  // namespace bylaw::bench

#endif  // BYLAW_BENCH_PEERS_CORPUS_H_
