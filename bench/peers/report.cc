// Checks and formats the benchmark's results (see report.h).
#include "report.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace bylaw::bench {
namespace {

std::string Printf(const char* format, auto... values) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, format, values...);
  return buffer;
}

// The terms of `a` missing from `b`.
TermSet Minus(const TermSet& a, const TermSet& b) {
  TermSet out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

std::vector<TermSet> Report::Add(const std::string& workload, const std::string& engine,
                                 const EngineFactory& make, const std::vector<std::string>& corpus,
                                 const MeasureOptions& options,
                                 const std::vector<TermSet>* reference, Check check) {
  if (check != Check::kReference && !engine.starts_with(only_)) return {};
  std::cerr << "  " << engine << "..." << std::flush;
  std::vector<TermSet> sets;
  Row row{workload, engine, "reference", true, true, Measure(make, corpus, options, &sets), {}};
  if (!row.figures.error.empty()) {
    row.check = "FAILED: " + row.figures.error;
    row.passed = row.has_figures = false;
  } else if (check != Check::kReference) {
    Compare(sets, *reference, check, &row);
  }
  all_passed_ = all_passed_ && row.passed;
  std::cerr << " " << row.check << "\n";
  rows_.push_back(std::move(row));
  return sets;
}

void Report::Compare(const std::vector<TermSet>& sets, const std::vector<TermSet>& reference,
                     Check check, Row* row) const {
  std::size_t differing = 0, extra = 0;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (sets[i] != reference[i]) ++extra;
    const TermSet missing = Minus(reference[i], sets[i]);
    const TermSet added = Minus(sets[i], reference[i]);
    if (missing.empty() && (check != Check::kEqual || added.empty())) continue;
    if (++differing > 3) continue;
    row->differences.push_back(
        "#" + std::to_string(i) + ": " + row->engine + " finds " +
        (added.empty() ? "nothing more" : TermList(row->workload, added)) + ", misses " +
        (missing.empty() ? "nothing" : TermList(row->workload, missing)) + " in \"" +
        corpus_[i].substr(0, 160) + "\"");
  }
  row->passed = differing == 0;
  if (row->passed) {
    row->check = check == Check::kEqual ? "equal" : "superset, +" + std::to_string(extra) + " docs";
    return;
  }
  // The figures are still shown, flagged: when the engines disagree, which
  // one is wrong is the finding, and the times say what fixing it costs.
  row->check = "UNVERIFIED: differs from bylaw on " + std::to_string(differing) + " docs (below)";
}

std::string Report::TermList(const std::string& workload, const TermSet& terms) const {
  const auto it = terms_.find(workload);
  std::string text;
  for (std::uint32_t term : terms) {
    if (!text.empty()) text += ", ";
    text += it != terms_.end() && term < it->second.size() ? "`" + it->second[term] + "`"
                                                           : "term " + std::to_string(term);
  }
  return text;
}

void Report::Alias(const std::string& workload, const std::string& engine,
                   const std::string& same_as) {
  if (const Row* row = Find(workload, same_as)) {
    Row copy = *row;
    copy.engine = engine;
    copy.check = "same as " + same_as;
    rows_.push_back(std::move(copy));
  }
}

void Report::AddStream(const std::string& workload, const Figures& figures) {
  streams_.push_back({workload, figures});
  const auto same = figures.extra.find("same_as_whole");
  if (!figures.error.empty() || same == figures.extra.end() || same->second != 1) {
    all_passed_ = false;
  }
}

void Report::AddReplay(const std::string& workload, const ReplayFigures& figures, bool targeted) {
  replays_.push_back({workload, figures, targeted});
  if (!figures.error.empty()) all_passed_ = false;
}

const Report::Row* Report::Find(const std::string& workload, const std::string& engine) const {
  for (const Row& row : rows_) {
    if (row.workload == workload && row.engine == engine && row.has_figures) return &row;
  }
  return nullptr;
}

std::string Report::Format() const {
  std::string out = Printf("%-14s %-18s %8s %7s %7s %7s %11s %9s %8s %10s %10s %6s %8s  %s\n",
                           "workload", "engine", "build s", "load s", "prog MB", "peak MB",
                           "docs/s/core", "MB/s/core", "ns/doc", "docs/s 1T", "docs/s 2T",
                           "2T/1T", "bylaw x", "check");
  for (const Row& row : rows_) {
    const Figures& f = row.figures;
    if (!row.has_figures) {
      out += Printf("%-14s %-18s %s\n", row.workload.c_str(), row.engine.c_str(), row.check.c_str());
      continue;
    }
    const auto extra = [&f](const char* key) {
      const auto it = f.extra.find(key);
      return it == f.extra.end() ? -1.0 : it->second;
    };
    const double build = extra("compile_s") >= 0 ? extra("compile_s") : f.build_seconds;
    const Row* bylaw = Find(row.workload, "bylaw");
    const double ratio = bylaw ? bylaw->figures.docs_per_cpu_second / f.docs_per_cpu_second : 0;
    out += Printf("%-14s %-18s %8.3f %7s %7s %7.1f %11.0f %9.1f %8.0f %10.0f %10.0f %6.2f %8s  %s\n",
                  row.workload.c_str(), row.engine.c_str(), build,
                  extra("load_s") >= 0 ? Printf("%.3f", extra("load_s")).c_str() : "-",
                  f.program_bytes ? Printf("%.2f", f.program_bytes / 1e6).c_str() : "-", f.peak_mb,
                  f.docs_per_cpu_second, f.bytes_per_cpu_second / 1e6, 1e9 / f.docs_per_cpu_second,
                  f.docs_per_second[0], f.docs_per_second[1],
                  f.docs_per_second[1] / f.docs_per_second[0],
                  bylaw ? Printf("%.2f", ratio).c_str() : "-", row.check.c_str());
  }
  for (const Row& row : rows_) {
    for (const std::string& difference : row.differences) {
      out += "  " + row.workload + ", " + difference + "\n";
    }
  }
  out += "\nstreaming (bylaw::DocumentStream, 4 KB chunks, one long transcript):\n";
  for (const Stream& stream : streams_) {
    const auto& e = stream.figures.extra;
    if (!stream.figures.error.empty() || e.empty()) {
      out += "  " + stream.workload + ": FAILED: " + stream.figures.error + "\n";
      continue;
    }
    out += Printf("  %-14s %.1f MB transcript: %.0f MB/s/core (%.0f MB/s wall); state per open "
                  "stream: %.0f bytes buffered + %.0f bytes of Hyperscan stream state; verdict %s "
                  "the whole-text scan's; process peak while streaming %.0f MB\n",
                  stream.workload.c_str(), e.at("transcript_mb"), e.at("mb_per_cpu_s"),
                  e.at("mb_per_s"),
                  e.at("buffered_bytes"), e.at("hs_stream_bytes"),
                  e.at("same_as_whole") == 1 ? "equals" : "DIFFERS FROM", e.at("stream_peak_mb"));
  }
  if (!replays_.empty()) {
    out += "\nreplay (bylaw replay of the fortunes as JSON Lines, end to end: start, program load, "
           "reading, scanning, verdicts written; CPU time of the process, best run):\n";
  }
  for (const Replay& replay : replays_) {
    const ReplayFigures& f = replay.figures;
    if (!f.error.empty()) {
      out += "  " + replay.workload + ": FAILED: " + f.error + "\n";
      continue;
    }
    out += Printf("  %-14s %zu lines (%.1f MB): %.3f s, %.0f docs/s/core, one verdict per line\n",
                  replay.workload.c_str(), f.lines, f.megabytes, f.cpu_seconds, f.docs_per_cpu_second);
  }
  out += FormatTargets();
  for (const std::string& note : notes_) out += "note: " + note + "\n";
  return out;
}

std::string Report::FormatTargets() const {
  std::string out = "\ntargets (per core, from CPU time; thread scaling from wall time):\n";
  // `aim`: a figure beyond the target, printed when there is one.
  auto speedup = [this](const std::string& workload, const std::string& peer, double target,
                        double aim) {
    const Row* bylaw = Find(workload, "bylaw");
    const Row* other = Find(workload, peer);
    if (!bylaw || !other) return Printf("  bylaw vs %-15s at %-13s: not measured\n", peer.c_str(), workload.c_str());
    const double ratio = bylaw->figures.docs_per_cpu_second / other->figures.docs_per_cpu_second;
    return Printf("  bylaw vs %-15s at %-13s: %7.2fx (target >= %gx%s) %s%s\n", peer.c_str(),
                  workload.c_str(), ratio, target, aim > target ? Printf(", aim %gx", aim).c_str() : "",
                  ratio >= target ? "met" : "MISSED",
                  other->passed ? "" : " (unverified: the engines disagree, see above)");
  };
  out += speedup("10k terms", "re2::set", 1, 2);
  out += speedup("100k terms", "re2::set", 1, 2);
  out += speedup("1k terms", "yara", 100, 0);
  for (const auto& [workload, target] : {std::pair{"bundled packs", 1.3}, std::pair{"10k terms", 1.5}}) {
    const Row* bylaw = Find(workload, "bylaw");
    const Row* floor = Find(workload, "hyperscan floor");
    if (!bylaw || !floor) continue;
    const double slower = floor->figures.docs_per_cpu_second / bylaw->figures.docs_per_cpu_second;
    out += Printf("  bylaw within %.2fx of the hyperscan floor at %-13s (target <= %gx) %s\n",
                  slower, workload, target, slower <= target ? "met" : "MISSED");
  }
  if (const Row* big = Find("100k terms", "bylaw")) {
    const auto& extra = big->figures.extra;
    const double seconds = extra.count("compile_s") ? extra.at("compile_s") : big->figures.build_seconds;
    out += Printf("  100k terms compile in %.2f s (target <= 5 s) %s\n", seconds,
                  seconds <= 5 ? "met" : "MISSED");
    if (extra.count("load_s")) {
      const double load = extra.at("load_s");
      out += Printf("  100k terms compiled program loads in %.3f s (target < 0.2 s) %s\n", load,
                    load < 0.2 ? "met" : "MISSED");
    }
  }
  for (const Row& row : rows_) {
    if (row.engine != "bylaw" || !row.has_figures) continue;
    const double scaling = row.figures.docs_per_second[1] / row.figures.docs_per_second[0];
    out += Printf("  2 threads / 1 thread at %-13s: %.2fx (target >= 1.8x) %s\n",
                  row.workload.c_str(), scaling, scaling >= 1.8 ? "met" : "MISSED");
  }
  for (const Stream& stream : streams_) {
    if (stream.workload != "bundled packs" || !stream.figures.error.empty()) continue;
    const double rate = stream.figures.extra.at("mb_per_cpu_s");
    out += Printf("  streaming on the bundled packs: %.0f MB/s/core (target >= 150 MB/s) %s\n", rate,
                  rate >= 150 ? "met" : "MISSED");
  }
  for (const Replay& replay : replays_) {
    if (!replay.targeted || !replay.figures.error.empty()) continue;
    const double rate = replay.figures.docs_per_cpu_second;
    out += Printf("  replay of the fortunes JSON Lines (%s): %.2fM docs/s/core (target >= 1M) %s\n",
                  replay.workload.c_str(), rate / 1e6, rate >= 1e6 ? "met" : "MISSED");
  }
  out += "  no heap allocation per document once warm: tests/scanner_alloc_test.cc\n";
  return out;
}

}  // namespace bylaw::bench
