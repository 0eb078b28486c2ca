// The benchmark's one table: every engine on every workload, the equality
// check that gates its figures, the ratios against bylaw, and the issue's
// targets with how far each is met or missed.
#ifndef BYLAW_BENCH_PEERS_REPORT_H_
#define BYLAW_BENCH_PEERS_REPORT_H_

#include <map>
#include <string>
#include <vector>

#include "measure.h"
#include "replay_run.h"

namespace bylaw::bench {

// How an engine's matched terms must relate to the reference's.
enum class Check {
  kReference,        // this row is the reference (bylaw); nothing to compare
  kEqual,            // the same set for every document
  kSuperset,         // a superset for every document (evasion tolerance finds more)
  kFloorOfEvidence,  // a superset: raw matches include every term bylaw shows as evidence
};

class Report {
 public:
  // `only`: run only the engines whose name starts with it (and every
  // reference row); empty runs all.
  Report(const std::vector<std::string>& corpus, std::string only)
      : corpus_(corpus), only_(std::move(only)) {}

  // Measures one engine (Measure), checks its term sets against `reference`
  // and records the row. Returns the sets. A row whose check fails keeps its
  // figures, marked UNVERIFIED, with the first documents that differ.
  std::vector<TermSet> Add(const std::string& workload, const std::string& engine,
                           const EngineFactory& make, const std::vector<std::string>& corpus,
                           const MeasureOptions& options, const std::vector<TermSet>* reference,
                           Check check);
  // Records that `engine` is the same program as `same_as` on this workload.
  void Alias(const std::string& workload, const std::string& engine, const std::string& same_as);
  void AddStream(const std::string& workload, const Figures& figures);
  // `replay` of the fortunes with the program of `workload`; `targeted`: the
  // workload the replay target is read on.
  void AddReplay(const std::string& workload, const ReplayFigures& figures, bool targeted);
  void Note(const std::string& note) { notes_.push_back(note); }
  // The terms of `workload`, to name them where engines differ.
  void SetTerms(const std::string& workload, const std::vector<std::string>& terms) {
    terms_[workload] = terms;
  }

  // The table, the streaming lines, the targets and the notes.
  std::string Format() const;
  bool all_checks_passed() const { return all_passed_; }

 private:
  struct Row {
    std::string workload;
    std::string engine;
    std::string check;  // "reference", "equal", "superset: +N docs", "FAILED: ..."
    bool passed = true;       // the check passed
    bool has_figures = true;  // the engine ran (its check may still have failed)
    Figures figures;
    std::vector<std::string> differences;  // the first documents where the check failed
  };
  struct Stream {
    std::string workload;
    Figures figures;
  };
  struct Replay {
    std::string workload;
    ReplayFigures figures;
    bool targeted;
  };

  const Row* Find(const std::string& workload, const std::string& engine) const;
  // Checks `sets` against `reference` into `row`.
  void Compare(const std::vector<TermSet>& sets, const std::vector<TermSet>& reference,
               Check check, Row* row) const;
  std::string TermList(const std::string& workload, const TermSet& terms) const;
  std::string FormatTargets() const;

  const std::vector<std::string>& corpus_;
  const std::string only_;
  std::vector<Row> rows_;
  std::vector<Stream> streams_;
  std::vector<Replay> replays_;
  std::vector<std::string> notes_;
  std::map<std::string, std::vector<std::string>> terms_;
  bool all_passed_ = true;
};

}  // namespace bylaw::bench

#endif  // BYLAW_BENCH_PEERS_REPORT_H_
