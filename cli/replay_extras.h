// What `bylaw replay` can add around its pipeline: the HTML report
// (--report FILE), the Prometheus metrics of the run (--metrics FILE), the
// scan latency in its summary, and a progress line when stderr is a
// terminal.
#ifndef BYLAW_CLI_REPLAY_EXTRAS_H_
#define BYLAW_CLI_REPLAY_EXTRAS_H_

#include <memory>
#include <string>

#include "args.h"
#include "bylaw/pipeline.h"
#include "bylaw/service/metrics.h"
#include "bylaw/service/pipeline_observers.h"
#include "bylaw/service/progress.h"
#include "report_html.h"

namespace bylaw::cli {

struct ReplayExtrasArgs {
  std::string report;   // --report FILE; empty: none
  std::size_t report_documents = ReportOptions{}.max_flagged;  // --report-documents N
  std::string metrics;  // --metrics FILE; empty: none
};
void AddReplayExtrasArgs(ArgParser& parser, ReplayExtrasArgs* args);

// Owns the observers of one replay; outlives its pipeline. Borrows the
// program.
class ReplayExtras {
 public:
  // `input` is the FILE argument as given: a file's lines size the progress
  // line's bar.
  ReplayExtras(const Program& program, const ReplayExtrasArgs& args, const std::string& input);

  void Attach(Pipeline& pipeline);
  // "; scan latency p50 <= 25 us, p99 <= 100 us" for the summary's last line.
  std::string LatencyNote() const;
  // Erases the progress line and writes the report and metrics files.
  // Throws bylaw::Error when a file cannot be written.
  void Finish();

 private:
  ReplayExtrasArgs args_;
  service::Metrics metrics_;
  service::MetricsObserver counting_;
  service::Progress progress_;
  service::ProgressObserver progressing_;
  std::unique_ptr<ReplayReport> report_;
  std::unique_ptr<ReportObserver> reporting_;
};

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_REPLAY_EXTRAS_H_
