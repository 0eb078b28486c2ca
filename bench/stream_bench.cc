// Streaming figures, per core: bylaw::DocumentStream fed one long transcript
// in small chunks, against one Scanner::Scan of the same text as a single
// document, which is the ceiling for any windowed design (it folds, builds
// the views and runs Hyperscan over every byte exactly once). Also the
// state a stream holds at the end of the transcript, and whether both
// verdicts are the same. The transcript is peer_bench's (bench/peers/corpus.h).
//   build/bench/stream_bench [--rules DIR]... [--mb N] [--chunk BYTES] [--seconds S]
// Times are the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so that other
// jobs on a shared machine do not dilute them. Figures only, no assertions.
#include <time.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <memory>
#include <filesystem>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <hs/hs.h>

#include "bylaw/compiler.h"
#include "bylaw/scanner.h"
#include "bylaw/verdict.h"
#include "hs_handles.h"
#include "hyperscan_scan.h"
#include "program_data.h"
#include "skeleton.h"
#include "text_view.h"
#include "peers/corpus.h"
#include "peers/term_pack.h"
#include "peers/cpu_time.h"

namespace {

using bylaw::bench::CpuSecondsPerPass;

struct Options {
  std::vector<std::filesystem::path> rules;
  std::size_t megabytes = 32;
  std::size_t chunk = 4096;
  double seconds = 2;
  std::size_t hs_words = 10000;  // raw Hyperscan, block vs stream mode; 0: skip
};

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::string value = i + 1 < argc ? argv[i + 1] : "";
    if (value.empty()) throw std::runtime_error("`" + arg + "` needs a value");
    if (arg == "--rules") {
      options.rules.emplace_back(value);
    } else if (arg == "--mb") {
      options.megabytes = std::stoul(value);
    } else if (arg == "--chunk") {
      options.chunk = std::stoul(value);
    } else if (arg == "--seconds") {
      options.seconds = std::stod(value);
    } else if (arg == "--hs-words") {
      options.hs_words = std::stoul(value);
    } else {
      throw std::runtime_error("unknown argument `" + arg +
                               "`; usage: stream_bench [--rules DIR]... [--mb N] [--chunk BYTES] "
                               "[--seconds S] [--hs-words N]");
    }
    ++i;
  }
  if (options.rules.empty()) options.rules.emplace_back(std::filesystem::path(BYLAW_SOURCE_DIR) / "rules");
  return options;
}

std::string Json(const bylaw::Verdict& verdict) {
  std::string json;
  bylaw::AppendVerdictJson(verdict, &json);
  return json;
}

int CountMatch(unsigned, unsigned long long, unsigned long long, unsigned, void* count) {
  ++*static_cast<std::size_t*>(count);
  return 0;
}

// The transcript cut as DocumentStream cuts a field: windows of kWindowBytes,
// each overlapping the previous by kOverlapBytes (ignoring the shifts to a
// character start and padding compaction, which move a cut by a few bytes).
std::vector<std::string_view> StreamWindows(std::string_view text) {
  using Stream = bylaw::DocumentStream;
  std::vector<std::string_view> windows;
  for (std::size_t at = 0; at < text.size(); at += Stream::kWindowBytes - Stream::kOverlapBytes) {
    windows.push_back(text.substr(at, Stream::kWindowBytes));
    if (at + Stream::kWindowBytes >= text.size()) break;
  }
  return windows;
}

// The views of one window a program's databases read, built as the scanner
// builds them (FoldText, then what is made from the folded text).
class WindowViews {
 public:
  explicit WindowViews(const bylaw::internal::ProgramData& data) : data_(data) {
    for (const auto& database : data.databases) needs_[static_cast<int>(database.view)] = true;
  }
  void Build(std::string_view text) {
    using bylaw::internal::ViewKind;
    const bool pairs = needs(ViewKind::kPairs), masked = needs(ViewKind::kMasked);
    const bool skeleton = pairs || masked || needs(ViewKind::kSkeleton);
    const bool words = needs(ViewKind::kWords);
    const bool exact = needs(ViewKind::kExact) || needs(ViewKind::kExactWords);
    if (skeleton || words || needs(ViewKind::kFolded)) bylaw::internal::FoldText(text, view(ViewKind::kFolded));
    if (skeleton) bylaw::internal::BuildSkeleton(*view(ViewKind::kFolded), view(ViewKind::kSkeleton));
    if (pairs) bylaw::internal::BuildPairs(*view(ViewKind::kSkeleton), view(ViewKind::kPairs));
    if (masked) {
      bylaw::internal::BuildMasked(*view(ViewKind::kFolded), *view(ViewKind::kSkeleton),
                                   view(ViewKind::kMasked));
    }
    if (words) {
      bylaw::internal::SqueezeToPaddedWords(*view(ViewKind::kFolded), view(ViewKind::kWords));
    }
    if (exact) bylaw::internal::SanitizeText(text, view(ViewKind::kExact));
    if (needs(ViewKind::kExactWords)) {
      if (data_.ExactWordsMayMatch(view(ViewKind::kExact)->text)) {
        bylaw::internal::SqueezeToPaddedWords(*view(ViewKind::kExact), view(ViewKind::kExactWords));
      } else {
        view(ViewKind::kExactWords)->Clear();
      }
    }
  }
  const std::string& text(bylaw::internal::ViewKind kind) { return view(kind)->text; }

 private:
  bool needs(bylaw::internal::ViewKind kind) const { return needs_[static_cast<int>(kind)]; }
  bylaw::internal::TextView* view(bylaw::internal::ViewKind kind) {
    return &views_[static_cast<int>(kind)];
  }
  const bylaw::internal::ProgramData& data_;
  std::array<bool, bylaw::internal::kViewKinds> needs_{};
  std::array<bylaw::internal::TextView, bylaw::internal::kViewKinds> views_;
};

// Where a stream's time goes, per pass over the transcript: the views of its
// windows, and Hyperscan over them (every database, matches only counted),
// each timed on its own; the rest of the stream's time is turning matches
// into terms (boundaries, confirmation, evasions), keeping them and deciding.
void PrintBreakdown(const bylaw::Program& program, const std::string& transcript, double stream_s,
                    const Options& options) {
  const bylaw::internal::ProgramData& data = program.data();
  const std::vector<std::string_view> windows = StreamWindows(transcript);
  std::size_t window_bytes = 0;
  for (const std::string_view window : windows) window_bytes += window.size();
  WindowViews views(data);
  const double views_s = CpuSecondsPerPass(options.seconds, [&] {
    for (const std::string_view window : windows) views.Build(window);
  });
  hs_scratch_t* raw_scratch = nullptr;
  for (const auto& database : data.databases) {
    if (!bylaw::internal::AllocateScratch(database, &raw_scratch)) {
      throw std::runtime_error("hyperscan: cannot allocate scratch");
    }
  }
  const bylaw::internal::HsScratch scratch(raw_scratch);
  std::size_t matches = 0;
  std::vector<bylaw::internal::ViewMatch> found, ends;
  const double views_and_scan_s = CpuSecondsPerPass(options.seconds, [&] {
    matches = 0;
    for (const std::string_view window : windows) {
      views.Build(window);
      for (const auto& database : data.databases) {
        const std::string& text = views.text(database.view);
        if (text.empty()) continue;
        found.clear();
        bylaw::internal::ScanPatternDatabase(database, text, scratch.get(), &found, &ends);
        matches += found.size();
      }
    }
  });
  // Each database's own pass alone: for a regex database, the finder that
  // only says which regexes end where; the rest of its scan is each regex
  // that matched, scanned again alone for its starts (counted untimed).
  const double views_and_passes_s = CpuSecondsPerPass(options.seconds, [&] {
    for (const std::string_view window : windows) {
      views.Build(window);
      for (const auto& database : data.databases) {
        const std::string& text = views.text(database.view);
        if (text.empty()) continue;
        std::size_t count = 0;
        bylaw::internal::HsScan(database.database.get(), text, scratch.get(), CountMatch, &count);
      }
    }
  });
  std::size_t lone_scans = 0;
  for (const std::string_view window : windows) {
    views.Build(window);
    for (const auto& database : data.databases) {
      const std::string& text = views.text(database.view);
      if (database.literal || text.empty()) continue;
      found.clear();
      bylaw::internal::ScanPatternDatabase(database, text, scratch.get(), &found, &ends);
      for (std::size_t i = 0; i < ends.size(); ++i) {
        if (i == 0 || ends[i].id != ends[i - 1].id) ++lone_scans;
      }
    }
  }
  const double passes_s = std::max(0.0, views_and_passes_s - views_s);
  const double scan_s = std::max(0.0, views_and_scan_s - views_s);
  const double rest_s = std::max(0.0, stream_s - views_and_scan_s);
  auto share = [&](double part) { return 100 * part / stream_s; };
  const double starts_s = std::max(0.0, scan_s - passes_s);
  std::printf("  breakdown of the stream's %.3f s per pass (%zu windows, %.3f bytes scanned per "
              "byte of text): views %.3f s (%.0f%%), Hyperscan %.3f s (%.0f%%, %zu raw matches "
              "over %zu databases: one pass of each %.3f s, then %zu regexes scanned alone for "
              "their starts %.3f s), matches to terms, word tables, keeping and deciding %.3f s "
              "(%.0f%%)\n",
              stream_s, windows.size(),
              static_cast<double>(window_bytes) / static_cast<double>(transcript.size()), views_s,
              share(views_s), scan_s, share(scan_s), matches, data.databases.size(), passes_s,
              lone_scans, starts_s, rest_s, share(rest_s));
}

void Run(const std::filesystem::path& rules, const std::string& transcript, const Options& options) {
  bylaw::CompileResult compiled = bylaw::CompileDirectory(rules);
  if (!compiled.ok()) throw std::runtime_error("cannot compile " + rules.string());
  bylaw::Scanner scanner(compiled.program);
  bylaw::DocumentStream stream(scanner, "transcript");
  std::size_t buffered = 0;
  auto stream_pass = [&]() -> const bylaw::Verdict& {
    stream.Reset("transcript");
    for (std::size_t at = 0; at < transcript.size(); at += options.chunk) {
      stream.Append("transcript", std::string_view(transcript).substr(at, options.chunk));
    }
    buffered = stream.buffered_bytes();
    return stream.Finish();
  };
  const double stream_s = CpuSecondsPerPass(options.seconds, [&] { stream_pass(); });
  const std::string streamed = Json(stream_pass());  // the verdicts are written untimed
  bylaw::Document whole;
  whole.id = "transcript";
  whole.AddField("transcript", transcript);
  const double whole_s = CpuSecondsPerPass(options.seconds, [&] { scanner.Scan(whole); });
  const std::string scanned = Json(scanner.Scan(whole));
  const double mb = static_cast<double>(transcript.size()) / 1e6;
  std::printf("%-40s stream %6.1f MB/s/core  whole-text Scan %6.1f MB/s/core  (%.2fx)  "
              "state per stream %zu bytes  verdict %s (%zu bytes of JSON)\n",
              rules.filename().c_str(), mb / stream_s, mb / whole_s, whole_s / stream_s, buffered,
              streamed == scanned ? "same as whole" : "DIFFERS from whole", scanned.size());
  PrintBreakdown(*compiled.program, transcript, stream_s, options);
}

// Raw Hyperscan, no bylaw: what Hyperscan's streaming mode costs against
// block mode on the same patterns and text. bylaw's own databases keep no
// expressions, so these are `words` (wamerican) as literals, as bylaw
// compiles phrases (hs_compile_lit_multi), and the first 1000 as
// `\bword\b` regexes reporting where matches start (in streaming mode that
// needs a start-of-match horizon).
struct StreamDeleter {
  void operator()(hs_stream_t* stream) const { hs_close_stream(stream, nullptr, nullptr, nullptr); }
};
using HsStream = std::unique_ptr<hs_stream_t, StreamDeleter>;

bylaw::internal::HsDatabase CompileWords(const std::vector<std::string>& words, bool regex,
                                         unsigned mode) {
  std::vector<std::string> expressions;
  for (const std::string& word : words) expressions.push_back(regex ? "\\b" + word + "\\b" : word);
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
  for (const std::string& e : expressions) {
    pointers.push_back(e.c_str());
    lengths.push_back(e.size());
  }
  const std::vector<unsigned> flags(words.size(), regex ? HS_FLAG_SOM_LEFTMOST : 0);
  std::vector<unsigned> ids(words.size());
  for (unsigned i = 0; i < ids.size(); ++i) ids[i] = i;
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  const auto count = static_cast<unsigned>(words.size());
  const hs_error_t status =
      regex ? hs_compile_multi(pointers.data(), flags.data(), ids.data(), count, mode, nullptr,
                               &database, &error)
            : hs_compile_lit_multi(pointers.data(), flags.data(), ids.data(), lengths.data(), count,
                                   mode, nullptr, &database, &error);
  if (status != HS_SUCCESS) {
    const std::string message = error != nullptr ? error->message : "unknown error";
    hs_free_compile_error(error);
    throw std::runtime_error("hyperscan: " + message);
  }
  return bylaw::internal::HsDatabase(database);
}

void RunRawHyperscan(const std::vector<std::string>& words, bool regex, const std::string& text,
                     const Options& options) {
  const bylaw::internal::HsDatabase block = CompileWords(words, regex, HS_MODE_BLOCK);
  const bylaw::internal::HsDatabase streaming =
      CompileWords(words, regex, HS_MODE_STREAM | (regex ? HS_MODE_SOM_HORIZON_SMALL : 0));
  hs_scratch_t* raw_scratch = nullptr;
  if (hs_alloc_scratch(block.get(), &raw_scratch) != HS_SUCCESS ||
      hs_alloc_scratch(streaming.get(), &raw_scratch) != HS_SUCCESS) {
    throw std::runtime_error("hyperscan: cannot allocate scratch");
  }
  const bylaw::internal::HsScratch scratch(raw_scratch);
  std::size_t block_matches = 0, stream_matches = 0;
  const double block_s = CpuSecondsPerPass(options.seconds, [&] {
    block_matches = 0;
    hs_scan(block.get(), text.data(), static_cast<unsigned>(text.size()), 0, scratch.get(),
            CountMatch, &block_matches);
  });
  const double stream_s = CpuSecondsPerPass(options.seconds, [&] {
    stream_matches = 0;
    hs_stream_t* raw_stream = nullptr;
    hs_open_stream(streaming.get(), 0, &raw_stream);
    HsStream stream(raw_stream);
    for (std::size_t at = 0; at < text.size(); at += options.chunk) {
      const std::size_t size = std::min(options.chunk, text.size() - at);
      hs_scan_stream(stream.get(), text.data() + at, static_cast<unsigned>(size), 0, scratch.get(),
                     CountMatch, &stream_matches);
    }
    hs_close_stream(stream.release(), scratch.get(), CountMatch, &stream_matches);
  });
  std::size_t state = 0;
  hs_stream_size(streaming.get(), &state);
  const double mb = static_cast<double>(text.size()) / 1e6;
  std::printf("raw hyperscan, %zu %s: hs_scan whole text %7.1f MB/s/core, hs_scan_stream in %zu-byte "
              "chunks %7.1f MB/s/core (%.2fx); stream state %zu bytes; matches %zu / %zu\n",
              words.size(), regex ? "\\bword\\b regexes with start of match" : "literals",
              mb / block_s, options.chunk, mb / stream_s, block_s / stream_s, state, block_matches,
              stream_matches);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = ParseOptions(argc, argv);
    const std::string transcript =
        bylaw::bench::MakeTranscript(bylaw::bench::LoadFortunes(), options.megabytes << 20);
    std::printf("transcript %.1f MB in %zu-byte chunks, DocumentStream windows of %zu bytes "
                "overlapping by %zu\n",
                static_cast<double>(transcript.size()) / 1e6, options.chunk,
                bylaw::DocumentStream::kWindowBytes, bylaw::DocumentStream::kOverlapBytes);
    for (const auto& rules : options.rules) Run(rules, transcript, options);
    if (options.hs_words > 0) {
      std::string lower = transcript;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const std::vector<std::string> words =
          bylaw::bench::PickTerms(bylaw::bench::LoadWords(), options.hs_words);
      RunRawHyperscan(words, false, lower, options);
      RunRawHyperscan({words.begin(), words.begin() + std::min<std::size_t>(1000, words.size())},
                      true, lower, options);
    }
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "stream_bench: %s\n", error.what());
    return 2;
  }
}
