// Where one scan's time goes, database by database: for a program (a rules
// folder or a compiled file) and the fortunes messages, the CPU time of
// building each view the program reads, of hs_scan over each database and of
// each word table's lookups, with the raw matches each reports (every one of
// them is then decided by the scanner: boundary checks, phrase
// confirmation). Figures, never assertions.
//   database_bench [--rules DIR|FILE] [--seconds S]
#include <time.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <hs/hs.h>

#include "bylaw/compiler.h"
#include "bylaw/program.h"
#include "bylaw/program_file.h"
#include "hs_handles.h"
#include "hyperscan_scan.h"
#include "peers/corpus.h"
#include "peers/cpu_time.h"
#include "program_data.h"
#include "skeleton.h"
#include "text_view.h"

namespace {

using bylaw::bench::CpuSecondsPerPass;

using bylaw::internal::PatternDatabase;
using bylaw::internal::TextView;
using bylaw::internal::ViewKind;

struct Options {
  std::filesystem::path rules = std::filesystem::path(BYLAW_SOURCE_DIR) / "rules";
  double seconds = 1;
};

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; i += 2) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) throw std::runtime_error("`" + arg + "` needs a value");
    const std::string value = argv[i + 1];
    if (arg == "--rules") {
      options.rules = value;
    } else if (arg == "--seconds") {
      options.seconds = std::stod(value);
    } else {
      throw std::runtime_error("unknown argument `" + arg +
                               "`; usage: database_bench [--rules DIR|FILE] [--seconds S]");
    }
  }
  return options;
}

const char* ViewName(ViewKind kind) {
  switch (kind) {
    case ViewKind::kFolded: return "folded";
    case ViewKind::kSkeleton: return "skeleton";
    case ViewKind::kPairs: return "pairs";
    case ViewKind::kExact: return "exact";
    case ViewKind::kExactWords: return "exact-words";
    case ViewKind::kWords: return "words";
    case ViewKind::kMasked: return "masked";
  }
  return "?";
}

// Every view of every message, built as the scanner builds them: the
// skeleton lists its words as it is built when a word table reads them.
struct Views {
  std::vector<TextView> by_kind[bylaw::internal::kViewKinds];
  bool list_skeleton_words = false;
  std::vector<bylaw::internal::ViewWords> skeleton_words;
};

void Build(ViewKind kind, const std::string& message, Views* views, std::size_t i) {
  auto view = [&](ViewKind k) -> TextView& { return views->by_kind[static_cast<int>(k)][i]; };
  switch (kind) {
    case ViewKind::kFolded: bylaw::internal::FoldText(message, &view(kind)); break;
    case ViewKind::kSkeleton:
      bylaw::internal::BuildSkeleton(view(ViewKind::kFolded), &view(kind),
                                     views->list_skeleton_words ? &views->skeleton_words[i] : nullptr);
      break;
    case ViewKind::kPairs: bylaw::internal::BuildPairs(view(ViewKind::kSkeleton), &view(kind)); break;
    case ViewKind::kMasked:
      bylaw::internal::BuildMasked(view(ViewKind::kFolded), view(ViewKind::kSkeleton), &view(kind));
      break;
    case ViewKind::kWords:
      bylaw::internal::SqueezeToPaddedWords(view(ViewKind::kFolded), &view(kind));
      break;
    case ViewKind::kExact: bylaw::internal::SanitizeText(message, &view(kind)); break;
    case ViewKind::kExactWords:
      bylaw::internal::SqueezeToPaddedWords(view(ViewKind::kExact), &view(kind));
      break;
  }
}


// The regexes that cost a scan most: each regex database's regexes timed
// one by one, each alone (its start-of-match database, so with the cost of
// start reporting) over the view it reads, in one pass. A merged database
// costs far less than the sum of its regexes, but the ranking shows the
// shapes Hyperscan finds dear (a character class repeated before any
// literal); the names are the terms, which carry their rules' ids.
void PrintCostliestRegexes(const bylaw::internal::ProgramData& data, const Views& views,
                           double count) {
  struct Cost {
    double ns = 0;
    std::uint32_t term = 0;
  };
  std::vector<Cost> costs;
  double sum = 0;
  std::size_t reaching = 0;  // regexes whose start scans read only around their ends
  for (const PatternDatabase& database : data.databases) {
    if (database.literal) continue;
    for (const auto& pattern : database.patterns) reaching += pattern.start_reach != bylaw::internal::kNone;
    const std::vector<TextView>& texts = views.by_kind[static_cast<int>(database.view)];
    for (std::size_t p = 0; p < database.starts.size() && p < database.patterns.size(); ++p) {
      const hs_database_t* alone = database.starts[p].get();
      if (alone == nullptr) continue;
      hs_scratch_t* scratch = nullptr;
      if (hs_alloc_scratch(alone, &scratch) != HS_SUCCESS) throw std::runtime_error("cannot allocate scratch");
      const auto on_match = [](unsigned, unsigned long long, unsigned long long, unsigned, void*) { return 0; };
      const double start = bylaw::bench::ThreadCpuSeconds();
      for (const TextView& view : texts) {
        if (!view.text.empty()) bylaw::internal::HsScan(alone, view.text, scratch, on_match, nullptr);
      }
      const double ns = (bylaw::bench::ThreadCpuSeconds() - start) / count * 1e9;
      hs_free_scratch(scratch);
      const bylaw::internal::CompiledPattern& pattern = database.patterns[p];
      const std::uint32_t term =
          pattern.target_count == 0 ? bylaw::internal::kNone : data.targets[pattern.first_target].term;
      costs.push_back({ns, term});
      sum += ns;
    }
  }
  if (costs.empty()) return;
  std::sort(costs.begin(), costs.end(), [](const Cost& a, const Cost& b) { return a.ns > b.ns; });
  std::printf("\n%zu regexes alone, with start of match: %.0f ns/msg together (in a long text, "
              "%zu of them scanned for starts only around their ends); the costliest:\n",
              costs.size(), sum, reaching);
  for (std::size_t i = 0; i < costs.size() && i < 10; ++i) {
    std::string name = "(no term)";
    if (costs[i].term < data.term_names.size()) {
      name = data.term_names[costs[i].term];
      const auto& rules = data.rules_of_term[costs[i].term];
      if (!rules.empty() && rules.front() < data.rules.size()) name += " of " + data.rules[rules.front()].id;
    }
    std::printf("  %7.0f ns/msg  %s\n", costs[i].ns, name.c_str());
  }
}

int Main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  std::shared_ptr<const bylaw::Program> program;
  if (bylaw::IsProgramFile(options.rules)) {
    bylaw::ProgramFileLoad loaded = bylaw::LoadProgramFile(options.rules);
    if (!loaded.ok()) throw std::runtime_error(loaded.error);
    program = loaded.program;
  } else {
    bylaw::CompileResult compiled = bylaw::CompileDirectory(options.rules);
    if (!compiled.ok()) throw std::runtime_error("cannot compile " + options.rules.string());
    program = compiled.program;
  }
  const bylaw::internal::ProgramData& data = program->data();
  const std::vector<std::string> messages = bylaw::bench::LoadFortunes();
  const double count = static_cast<double>(messages.size());

  // The views in the order the scanner builds them (each from the ones before).
  const ViewKind order[] = {ViewKind::kFolded, ViewKind::kSkeleton, ViewKind::kPairs,
                            ViewKind::kMasked, ViewKind::kWords,    ViewKind::kExact,
                            ViewKind::kExactWords};
  bool needed[bylaw::internal::kViewKinds] = {};
  for (const PatternDatabase& database : data.databases) needed[static_cast<int>(database.view)] = true;
  const std::vector<bylaw::internal::WordTableUse> tables = bylaw::internal::WordTablesOf(data);
  for (const auto& use : tables) needed[static_cast<int>(use.view)] = true;
  if (needed[static_cast<int>(ViewKind::kPairs)] || needed[static_cast<int>(ViewKind::kMasked)]) {
    needed[static_cast<int>(ViewKind::kSkeleton)] = true;
  }
  if (needed[static_cast<int>(ViewKind::kSkeleton)] || needed[static_cast<int>(ViewKind::kWords)]) {
    needed[static_cast<int>(ViewKind::kFolded)] = true;
  }
  if (needed[static_cast<int>(ViewKind::kExactWords)]) needed[static_cast<int>(ViewKind::kExact)] = true;

  // Every view of every message, for the database scans (which read no word lists).
  Views views;
  for (auto& list : views.by_kind) list.resize(messages.size());
  std::printf("%zu messages; program %s: %zu databases\n\n", messages.size(),
              options.rules.filename().c_str(), data.databases.size());
  std::printf("%-34s %9s %9s %12s\n", "step", "patterns", "ns/msg", "matches/msg");
  // Each view's cost as the scanner pays it: one message at a time, every
  // view rebuilt into the same buffers, which stay in the core's caches. Pass
  // k builds the first k views the program reads, in the scanner's order; a
  // view costs its pass less the pass before. (Built into a buffer of their
  // own for each message, as the database scans below need them, the views
  // would each write memory that no cache holds.)
  double total = 0;
  Views reused;
  for (auto& list : reused.by_kind) list.resize(1);
  for (const auto& use : tables) reused.list_skeleton_words |= use.view == ViewKind::kSkeleton;
  reused.skeleton_words.resize(1);
  std::vector<ViewKind> built;
  // The views of `built` of one message, into the reused buffers.
  const auto views_of = [&](const std::string& message) {
    for (ViewKind step : built) Build(step, message, &reused, 0);
  };
  double views_pass = 0;  // the views built so far, of every message in turn
  for (ViewKind kind : order) {
    if (!needed[static_cast<int>(kind)]) continue;
    built.push_back(kind);
    const double seconds = CpuSecondsPerPass(options.seconds, [&] {
      for (const std::string& message : messages) views_of(message);
    });
    const double step = std::max(0.0, seconds - views_pass);
    views_pass = seconds;
    total += step;
    const bool listed = kind == ViewKind::kSkeleton && reused.list_skeleton_words;
    std::printf("%-34s %9s %9.0f %12s\n",
                (std::string("view ") + ViewName(kind) + (listed ? " and its words" : "")).c_str(), "",
                step / count * 1e9, "");
  }
  for (ViewKind kind : order) {
    if (!needed[static_cast<int>(kind)]) continue;
    for (std::size_t i = 0; i < messages.size(); ++i) Build(kind, messages[i], &views, i);
  }
  bylaw::internal::HsScratch scratch;
  for (const PatternDatabase& database : data.databases) {
    hs_scratch_t* raw = scratch.release();
    if (!bylaw::internal::AllocateScratch(database, &raw)) {
      throw std::runtime_error("cannot allocate scratch");
    }
    scratch.reset(raw);
  }
  for (std::size_t d = 0; d < data.databases.size(); ++d) {
    const PatternDatabase& database = data.databases[d];
    const std::vector<TextView>& texts = views.by_kind[static_cast<int>(database.view)];
    std::size_t matches = 0;
    std::vector<bylaw::internal::ViewMatch> found, ends;
    const double seconds = CpuSecondsPerPass(options.seconds, [&] {
      matches = 0;
      for (std::size_t i = 0; i < texts.size(); ++i) {
        const TextView& view = texts[i];
        if (view.text.empty()) continue;
        found.clear();
        bylaw::internal::ScanPatternDatabase(database, view.text, scratch.get(), &found, &ends);
        matches += found.size();
      }
    });
    total += seconds;
    std::size_t bytes = 0;
    hs_database_size(database.database.get(), &bytes);
    for (const bylaw::internal::HsDatabase& start : database.starts) {
      std::size_t start_bytes = 0;
      hs_database_size(start.get(), &start_bytes);
      bytes += start_bytes;
    }
    const std::string name = "db " + std::to_string(d) + " " + ViewName(database.view) +
                             (database.literal ? " literals" : " regexes") + " (" +
                             std::to_string(bytes >> 10) + " KB)";
    std::printf("%-34s %9zu %9.0f %12.2f\n", name.c_str(), database.patterns.size(),
                seconds / count * 1e9, static_cast<double>(matches) / count);
    if (database.literal) continue;
    // A regex database's time in its two parts: the finder's one pass, and
    // the start scans of the regexes it reported (the rest).
    std::size_t reported = 0;
    const auto on_end = [](unsigned, unsigned long long, unsigned long long, unsigned, void* n) {
      ++*static_cast<std::size_t*>(n);
      return 0;
    };
    const double finder = CpuSecondsPerPass(options.seconds, [&] {
      reported = 0;
      for (const TextView& view : texts) {
        if (!view.text.empty()) {
          bylaw::internal::HsScan(database.database.get(), view.text, scratch.get(), on_end, &reported);
        }
      }
    });
    std::printf("  %-32s %9s %9.0f %12.2f\n", "finder pass (ends reported)", "",
                finder / count * 1e9, static_cast<double>(reported) / count);
    std::printf("  %-32s %9s %9.0f\n", "start scans of the reported", "",
                (seconds - finder) / count * 1e9);
  }
  // Literals looked up in a hash table word by word, not scanned, timed as
  // the views are: each message in turn, its views rebuilt into the same
  // buffers and its words looked up, a table's cost being that pass less
  // the views' pass (the skeleton's words are listed as it is built; the
  // masked view, which one table reads, is split into words first). Over
  // word lists kept for every message, which no cache holds, the tables
  // cost about twice as much as in a scan.
  bylaw::internal::ViewWords split;
  std::vector<bylaw::internal::ViewMatch> found;
  // The words of `use`'s view of the message just built.
  const auto words_of = [&](const bylaw::internal::WordTableUse& use) -> const bylaw::internal::ViewWords& {
    if (use.view == ViewKind::kSkeleton) return reused.skeleton_words[0];
    bylaw::internal::SplitViewWords(reused.by_kind[static_cast<int>(use.view)][0].text, &split);
    return split;
  };
  // The pass before each table's lookups: the views, and the split of a
  // view other than the skeleton (a step of its own, timed once a view).
  std::array<double, bylaw::internal::kViewKinds> words_pass;
  words_pass.fill(views_pass);
  std::array<bool, bylaw::internal::kViewKinds> split_timed{};
  for (const bylaw::internal::WordTableUse& use : tables) {
    const int view = static_cast<int>(use.view);
    if (use.view == ViewKind::kSkeleton || split_timed[view]) continue;
    split_timed[view] = true;
    words_pass[view] = CpuSecondsPerPass(options.seconds, [&] {
      for (const std::string& message : messages) {
        views_of(message);
        words_of(use);
      }
    });
    const double step = std::max(0.0, words_pass[view] - views_pass);
    total += step;
    std::printf("%-34s %9s %9.0f %12s\n", (std::string("words of ") + ViewName(use.view)).c_str(),
                "", step / count * 1e9, "");
  }
  for (const bylaw::internal::WordTableUse& use : tables) {
    std::size_t matches = 0;
    const double seconds = CpuSecondsPerPass(options.seconds, [&] {
      matches = 0;
      for (const std::string& message : messages) {
        views_of(message);
        found.clear();
        bylaw::internal::FindInWordTable(use, words_of(use), &found);
        matches += found.size();
      }
    });
    const double step = std::max(0.0, seconds - words_pass[static_cast<int>(use.view)]);
    total += step;
    std::printf("%-34s %9zu %9.0f %12.2f\n", ("table " + std::string(use.name)).c_str(),
                use.table->size(), step / count * 1e9, static_cast<double>(matches) / count);
  }
  std::printf("%-34s %9s %9.0f\n", "views + hs_scan + tables", "", total / count * 1e9);
  PrintCostliestRegexes(data, views, count);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "database_bench: %s\n", error.what());
    return 2;
  }
}
