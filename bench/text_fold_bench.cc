// Throughput of the text views (engine/runtime/text_fold.cc, skeleton.cc,
// text_words.cc) on about 1 MB of text: plain ASCII English, mixed-script
// text, all-Cyrillic text, and English disguised with look-alikes, marks and
// invisible characters. Every benchmark reuses one TextView, as a Scanner
// does, so the figures are for a warm, non-allocating fold. Run the Release
// build for figures.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "skeleton.h"
#include "text_view.h"

namespace bylaw::internal {
namespace {

constexpr std::size_t kCorpusBytes = 1 << 20;

bool IsAscii(std::string_view line) {
  for (const char c : line) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// ASCII lines of the fortune files, if installed.
std::vector<std::string> FortuneLines() {
  std::vector<std::string> lines;
  const std::filesystem::path directory = "/usr/share/games/fortunes";
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const std::string extension = entry.path().extension().string();
    if (!entry.is_regular_file() || extension == ".dat" || extension == ".u8") continue;
    std::ifstream file(entry.path());
    for (std::string line; std::getline(file, line);) {
      if (!line.empty() && line != "%" && IsAscii(line)) lines.push_back(line);
    }
  }
  return lines;
}

// Words joined by spaces and the odd newline, drawn with a fixed seed.
std::string TextFromWords(const std::vector<std::string_view>& words) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
  std::uniform_int_distribution<int> separator(0, 11);
  std::string text;
  while (text.size() < kCorpusBytes) {
    text += words[pick(rng)];
    text += separator(rng) == 0 ? "\n" : " ";
  }
  return text;
}

std::string AsciiCorpus() {
  const std::vector<std::string> lines = FortuneLines();
  if (lines.empty()) {
    return TextFromWords({"The",    "quick",  "brown",      "fox",       "jumps", "over",     "the",
                          "lazy",   "dog.",   "It",         "was",       "a",     "DARK",     "and",
                          "stormy", "night;", "rain",       "fell",      "in",    "torrents", "--",
                          "except", "at",     "occasional", "intervals,"});
  }
  std::string text;
  for (std::size_t i = 0; text.size() < kCorpusBytes; ++i) {
    text += lines[i % lines.size()];
    text += '\n';
  }
  return text;
}

// Mostly English with accented Latin, Cyrillic, Greek, CJK, emoji,
// full-width and mathematical letters, typographic apostrophes.
std::string MixedCorpus() {
  return TextFromWords({
      "the",
      "quick",
      "Brown",
      "fox",
      "jumps",
      "over",
      "lazy",
      "dogs",
      "and",
      "then",
      "some",
      "more",
      "words",
      "here",
      "caf\u00E9",
      "veh\u00EDculo",
      "\u00C9T\u00C9",
      "Stra\u00DFe",
      "na\u00EFve",
      "\u00C5ngstr\u00F6m",
      "\u041F\u0440\u0438\u0432\u0435\u0442",
      "\u043C\u0438\u0440",
      "\u0391\u03B8\u03AE\u03BD\u03B1",
      "\u4E2D\u6587",
      "\U0001F600",
      "\U0001F44D\U0001F3FD",
      "\uFF34\uFF29\uFF24\uFF25",
      "\U0001D42D\U0001D422\U0001D41D\U0001D41E",
      "it\u2019s",
      "\uFB01ne",
      "e\u0301t\u00E9",
  });
}

std::string CyrillicCorpus() {
  return TextFromWords({"\u041F\u0440\u0438\u0432\u0435\u0442", "\u043C\u0438\u0440",
                        "\u0441\u043B\u043E\u0432\u043E", "\u0414\u0415\u041B\u041E",
                        "\u0438\u0433\u0440\u0430", "\u0432\u0441\u0435\u0433\u0434\u0430"});
}

// English words as evaders write them: Cyrillic and Greek look-alikes,
// small capitals, strike-through marks, zero-width characters, styled
// letters, between plain words.
std::string DisguisedCorpus() {
  return TextFromWords({
      "who",
      "is",
      "doing",
      "the",
      "challenge",
      "tonight",
      "t\u0456de",
      "p\u043Ed",
      "\u0422\u0406D\u0415",
      "\u1D1B\u026A\u1D05\u1D07",
      "T\u0335I\u0336D\u0337E\u0338",
      "bl\u200Back\u200Bout",
      "ch\u00ADall\u00ADenge",
      "\U0001D42D\U0001D422\U0001D41D\U0001D41E",
      "\u24E3\u24D8\u24D3\u24D4",
      "caf\u00E9",
      "\U0001F480\uFE0F",
  });
}

void RunFold(benchmark::State& state, const std::string& text) {
  TextView view;
  for (auto _ : state) {
    FoldText(text, &view);
    benchmark::DoNotOptimize(view.text.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["out_bytes"] = static_cast<double>(view.text.size());
}

void BM_FoldAscii(benchmark::State& state) {
  static const std::string text = AsciiCorpus();
  RunFold(state, text);
}
BENCHMARK(BM_FoldAscii);

void BM_FoldMixed(benchmark::State& state) {
  static const std::string text = MixedCorpus();
  RunFold(state, text);
}
BENCHMARK(BM_FoldMixed);

void BM_FoldCyrillic(benchmark::State& state) {
  static const std::string text = CyrillicCorpus();
  RunFold(state, text);
}
BENCHMARK(BM_FoldCyrillic);

void BM_FoldDisguised(benchmark::State& state) {
  static const std::string text = DisguisedCorpus();
  RunFold(state, text);
}
BENCHMARK(BM_FoldDisguised);

void BM_SanitizeMixed(benchmark::State& state) {
  static const std::string text = MixedCorpus();
  TextView view;
  for (auto _ : state) {
    SanitizeText(text, &view);
    benchmark::DoNotOptimize(view.text.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_SanitizeMixed);

// The views a skeleton database reads, from the folded ASCII corpus: the
// skeleton (skeleton.h), the pairs built from it, and the word view.
template <class Build>
void RunFromFolded(benchmark::State& state, Build build) {
  static const std::string text = AsciiCorpus();
  TextView folded, skeleton, out;
  FoldText(text, &folded);
  BuildSkeleton(folded, &skeleton);
  for (auto _ : state) {
    build(folded, skeleton, &out);
    benchmark::DoNotOptimize(out.text.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void BM_SkeletonAscii(benchmark::State& state) {
  RunFromFolded(state, [](const TextView& folded, const TextView&, TextView* out) {
    BuildSkeleton(folded, out);
  });
}
BENCHMARK(BM_SkeletonAscii);

void BM_PairsAscii(benchmark::State& state) {
  RunFromFolded(state, [](const TextView&, const TextView& skeleton, TextView* out) {
    BuildPairs(skeleton, out);
  });
}
BENCHMARK(BM_PairsAscii);

void BM_WordsAscii(benchmark::State& state) {
  RunFromFolded(state, [](const TextView& folded, const TextView&, TextView* out) {
    SqueezeToWords(folded, out);
  });
}
BENCHMARK(BM_WordsAscii);

}  // namespace
}  // namespace bylaw::internal

BENCHMARK_MAIN();
