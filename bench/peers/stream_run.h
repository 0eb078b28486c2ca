// The streaming workload and the compiled-program file figures, for the
// bylaw rows of the benchmark.
#ifndef BYLAW_BENCH_PEERS_STREAM_RUN_H_
#define BYLAW_BENCH_PEERS_STREAM_RUN_H_

#include <filesystem>
#include <map>
#include <string>

#include "bylaw/program.h"
#include "measure.h"

namespace bylaw::bench {

inline constexpr std::size_t kChunkBytes = 4096;

// Compiles `rules_dir` and scans `transcript` in 4 KB chunks through
// bylaw::DocumentStream, repeatedly for about `seconds`, in a child process.
// Extra figures: "mb_per_s", "buffered_bytes" (DocumentStream::buffered_bytes
// before Finish), "stream_peak_mb" (peak resident memory of the child while
// streaming, the transcript included), "hs_stream_bytes" (Hyperscan stream state, 0 while the
// databases are block mode), "same_as_whole" (1 when the stream's verdict
// matched the same terms as one Scan of the whole text), "transcript_mb".
Figures StreamFigures(const std::filesystem::path& rules_dir, const std::string& transcript,
                      double seconds);

// Saves `program` as a compiled program file in `dir` and times loading it.
// Figures: "compile_s" (the program's own compile time), "load_s" (best of
// three LoadProgramFile), "file_bytes".
std::map<std::string, double> ProgramFileFigures(const Program& program,
                                                 const std::filesystem::path& dir);

}  // namespace bylaw::bench

#endif  // BYLAW_BENCH_PEERS_STREAM_RUN_H_
