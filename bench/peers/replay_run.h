// The replay workload: `bylaw replay` of the fortunes as JSON Lines, end to
// end (the process's start, loading the compiled program, reading each line,
// scanning it and writing its verdict), timed by the CPU time of the child
// process that runs it, so that other load on the machine does not dilute it.
#ifndef BYLAW_BENCH_PEERS_REPLAY_RUN_H_
#define BYLAW_BENCH_PEERS_REPLAY_RUN_H_

#include <cstddef>
#include <filesystem>
#include <string>

namespace bylaw::bench {

struct ReplayFigures {
  std::string error;         // set when a step failed; then no figure holds
  std::size_t lines = 0;     // JSON Lines read, each with its verdict written
  double megabytes = 0;      // of JSON Lines
  double cpu_seconds = 0;    // the child's user + system time, best of the runs
  double docs_per_cpu_second = 0;
};

// The corpus as scripts/fortunes.sh builds it (every non-blank fortune line
// as {"id": "FILE:LINE", "text": LINE}), written under `work`; its path, or
// throws std::runtime_error.
std::filesystem::path WriteFortunesJsonl(const std::filesystem::path& work);

// `file` written `copies` times over into a file beside it; its path, or
// throws std::runtime_error.
std::filesystem::path WriteCopies(const std::filesystem::path& file, std::size_t copies);

// Compiles `rules_dir` with the `bylaw` executable `cli`, then replays
// `corpus` with it `runs` times. A run must exit 0 with one verdict line per
// document.
ReplayFigures MeasureReplay(const std::filesystem::path& cli, const std::filesystem::path& rules_dir,
                            const std::filesystem::path& corpus, const std::filesystem::path& work,
                            int runs);

}  // namespace bylaw::bench

#endif  // BYLAW_BENCH_PEERS_REPLAY_RUN_H_
