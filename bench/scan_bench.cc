// End-to-end scan throughput of the bundled rule packs (fold + scan +
// evaluate + verdict, no output I/O) over everyday English: every line of
// the Debian `fortunes` package as one short message. Also the compile time
// of the bundled packs. Figures only; nothing here asserts speed.
//   build/bench/scan_bench [--benchmark_filter=...]
//   BYLAW_BENCH_RULES=DIR build/bench/scan_bench    another rules folder, such
//                                                   as an older revision's
//                                                   (git archive REV rules)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bylaw/compiler.h"
#include "bylaw/scanner.h"

namespace {

// The rules measured: BYLAW_BENCH_RULES, or the bundled packs.
const std::filesystem::path kRules = std::getenv("BYLAW_BENCH_RULES") != nullptr
                                         ? std::filesystem::path(std::getenv("BYLAW_BENCH_RULES"))
                                         : std::filesystem::path(BYLAW_SOURCE_DIR) / "rules";
const std::filesystem::path kFortunes = "/usr/share/games/fortunes";

// Every non-empty line of every fortune file (not the .dat indexes).
std::vector<bylaw::Document> FortuneLines() {
  std::vector<bylaw::Document> documents;
  if (!std::filesystem::exists(kFortunes)) return documents;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kFortunes)) {
    if (entry.is_regular_file() && entry.path().extension() != ".dat" &&
        entry.path().extension() != ".u8") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line == "%") continue;
      bylaw::Document& document = documents.emplace_back();
      document.id = std::to_string(documents.size());
      document.AddField("text", line);
    }
  }
  return documents;
}

std::shared_ptr<const bylaw::Program> BundledProgram() {
  bylaw::CompileResult result = bylaw::CompileDirectory(kRules);
  if (!result.ok()) throw std::runtime_error("the bundled rules do not compile");
  return result.program;
}

void BM_CompileBundledPacks(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(BundledProgram());
}
BENCHMARK(BM_CompileBundledPacks)->Unit(benchmark::kMillisecond);

void BM_ScanFortuneLines(benchmark::State& state) {
  static const std::vector<bylaw::Document> documents = FortuneLines();
  if (documents.empty()) {
    state.SkipWithError("install the `fortunes` package");
    return;
  }
  bylaw::Scanner scanner(BundledProgram());
  std::size_t bytes = 0, flagged = 0, i = 0;
  for (auto _ : state) {
    const bylaw::Document& document = documents[i++ % documents.size()];
    flagged += scanner.Scan(document).Flagged() ? 1 : 0;
    bytes += document.fields[0].text.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["flagged_fraction"] =
      benchmark::Counter(static_cast<double>(flagged), benchmark::Counter::kAvgIterations);
  state.counters["documents"] = static_cast<double>(documents.size());
}
BENCHMARK(BM_ScanFortuneLines);

// The same lines joined into ~4 KB documents: throughput once the fixed
// cost per document is spread over more text.
void BM_ScanFortuneBlocks(benchmark::State& state) {
  static const std::vector<bylaw::Document> blocks = [] {
    std::vector<bylaw::Document> joined;
    for (const bylaw::Document& line : FortuneLines()) {
      if (joined.empty() || joined.back().fields[0].text.size() > 4096) {
        joined.emplace_back().id = std::to_string(joined.size());
        joined.back().AddField("text", "");
      }
      joined.back().fields[0].text += line.fields[0].text + "\n";
    }
    return joined;
  }();
  if (blocks.empty()) {
    state.SkipWithError("install the `fortunes` package");
    return;
  }
  bylaw::Scanner scanner(BundledProgram());
  std::size_t bytes = 0, i = 0;
  for (auto _ : state) {
    const bylaw::Document& document = blocks[i++ % blocks.size()];
    benchmark::DoNotOptimize(scanner.Scan(document).decision);
    bytes += document.fields[0].text.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_ScanFortuneBlocks);

}  // namespace

BENCHMARK_MAIN();
