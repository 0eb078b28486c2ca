// The report, metrics, latency and progress of replays. See replay_extras.h.
#include "replay_extras.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <spdlog/fmt/fmt.h>

#include "bylaw/error.h"

namespace bylaw::cli {
namespace {

void WriteTextFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw Error("cannot write `" + path + "`: " + std::strerror(errno));
}

std::string Microseconds(double seconds) { return fmt::format("{:g} us", seconds * 1e6); }

}  // namespace

void AddReplayExtrasArgs(ArgParser& parser, ReplayExtrasArgs* args) {
  parser.AddOption({"report", '\0', "FILE",
                    "also write a self-contained HTML report to investigate the run: charts, "
                    "metadata, a section per rule, every flagged document (up to 5000) with its "
                    "spans, and a filter"},
                   &args->report);
  parser.AddNumber<std::size_t>(
      {"report-documents", '\0', "N",
       "flagged documents the report shows in full; it says how many it left out"},
      0, 1000000, &args->report_documents);
  parser.AddOption(
      {"metrics", '\0', "FILE", "also write the run's metrics in the Prometheus text format"},
      &args->metrics);
}

ReplayExtras::ReplayExtras(const Program& program, const ReplayExtrasArgs& args,
                           const std::string& input)
    : args_(args),
      counting_(metrics_),
      progress_("replay", service::LinesForProgress(input)),
      progressing_(progress_) {
  if (!args.report.empty()) {
    report_ = std::make_unique<ReplayReport>(program, ReportOptions{.max_flagged = args.report_documents, .source = input});
    reporting_ = std::make_unique<ReportObserver>(*report_);
  }
}

void ReplayExtras::Attach(Pipeline& pipeline) {
  pipeline.AddObserver(&counting_);
  pipeline.AddObserver(&progressing_);
  if (reporting_ != nullptr) pipeline.AddObserver(reporting_.get());
}

std::string ReplayExtras::LatencyNote() const {
  if (metrics_.documents() == 0) return "";
  return "; scan latency p50 <= " + Microseconds(metrics_.LatencyQuantile(0.5)) +
         ", p99 <= " + Microseconds(metrics_.LatencyQuantile(0.99));
}

void ReplayExtras::Finish() {
  progress_.Clear();
  if (report_ != nullptr) WriteTextFile(args_.report, report_->Render());
  if (!args_.metrics.empty()) WriteTextFile(args_.metrics, metrics_.Exposition());
}

}  // namespace bylaw::cli
