// Streaming and program-file figures (see stream_run.h).
#include "stream_run.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "bylaw/compiler.h"
#include "bylaw/program_file.h"
#include "bylaw/scanner.h"
#include "bylaw_engines.h"

namespace bylaw::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::uint32_t> TermsOf(const Verdict& verdict) {
  std::vector<std::uint32_t> terms;
  for (const MatchSpan& span : verdict.spans) terms.push_back(span.term);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

}  // namespace

Figures StreamFigures(const std::filesystem::path& rules_dir, const std::string& transcript,
                      double seconds) {
  return RunInChild([&] {
    CompileResult compiled = CompileDirectory(rules_dir);
    if (!compiled.ok()) throw std::runtime_error("cannot compile " + rules_dir.string());
    Scanner scanner(compiled.program);
    std::map<std::string, double> figures;
    DocumentStream stream(scanner, "transcript");
    std::size_t passes = 0, buffered = 0;
    std::vector<std::uint32_t> streamed;
    const auto start = Clock::now();
    const double cpu_start = ThreadCpuSeconds();
    double elapsed = 0;
    while (passes == 0 || elapsed < seconds) {
      stream.Reset("transcript");
      for (std::size_t at = 0; at < transcript.size(); at += kChunkBytes) {
        stream.Append("transcript", std::string_view(transcript).substr(at, kChunkBytes));
      }
      buffered = std::max(buffered, stream.buffered_bytes());
      streamed = TermsOf(stream.Finish());
      ++passes;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    const double bytes = static_cast<double>(passes * transcript.size());
    figures["mb_per_s"] = bytes / elapsed / 1e6;  // wall clock
    figures["mb_per_cpu_s"] = bytes / (ThreadCpuSeconds() - cpu_start) / 1e6;  // per core
    // Peak memory while streaming, before the whole-text scan that checks it
    // (which holds every view of the whole transcript at once).
    figures["stream_peak_mb"] = PeakResidentMb();
    Document whole;
    whole.AddField("transcript", transcript);
    const bool same = TermsOf(scanner.Scan(whole)) == streamed;
    figures["buffered_bytes"] = static_cast<double>(buffered);
    figures["hs_stream_bytes"] = static_cast<double>(StreamStateBytes(*compiled.program));
    figures["same_as_whole"] = same ? 1 : 0;
    figures["transcript_mb"] = static_cast<double>(transcript.size()) / 1e6;
    return figures;
  });
}

std::map<std::string, double> ProgramFileFigures(const Program& program,
                                                 const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "program.bylaw";
  SaveProgramFile(program, path);
  double best = 1e9;
  for (int i = 0; i < 3; ++i) {
    const auto start = Clock::now();
    const ProgramFileLoad load = LoadProgramFile(path);
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    if (!load.ok()) throw std::runtime_error(load.error);
  }
  return {{"compile_s", program.stats().compile_seconds},
          {"load_s", best},
          {"file_bytes", static_cast<double>(std::filesystem::file_size(path))}};
}

}  // namespace bylaw::bench
