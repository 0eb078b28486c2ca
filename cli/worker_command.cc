// `bylaw worker RULES --source URI [--sink URI]`: a long-running consumer,
// typically of a Redis Streams consumer group, writing verdicts to a stream
// until SIGTERM. Start as many as the load needs, on as many machines: the
// consumer group shares the entries out among them.
//
// The loop is a Pipeline; the program comes from one provider, so that a hot
// reload only has to swap the pointer it returns.
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "args.h"
#include "bylaw/adapter_registry.h"
#include "bylaw/error.h"
#include "bylaw/pipeline.h"
#include "command_support.h"
#include "commands.h"
#include "input_args.h"
#include "worker_rollout.h"

namespace bylaw::cli {
namespace {


struct WorkerArgs {
  std::string rules_dir;
  std::string source;
  std::string sink;   // empty: the source's default sink
  std::optional<std::size_t> batch;  // none: the source's preferred batch size
  InputArgs input_args;
  ScanLimitArgs limits;
  RolloutArgs rollout;
  bool until_idle = false;
  bool verbose = false;
};

void DeclareArgs(ArgParser& parser, WorkerArgs& args) {
  AddRulesPositional(parser, &args.rules_dir);
  parser.AddOption(
      {"source", '\0', "URI", "where documents come from, one of the sources above (required)"},
      &args.source);
  parser.AddOption(
      {"sink", '\0', "URI", "where verdicts go", "a redis source's output stream, else stdout:"},
      &args.sink);
  parser.AddNumber<std::size_t>({"batch", '\0', "N", "documents per batch", "the source's"}, 1,
                                100'000, &args.batch);
  AddInputArgs(parser, &args.input_args);
  AddScanLimitArgs(parser, &args.limits);
  AddRolloutArgs(parser, &args.rollout);
  parser.AddFlag(
      {"until-idle", '\0', "", "exit once nothing new arrives and nothing is pending (batch jobs)"},
      &args.until_idle);
  parser.AddFlag({"verbose", 'v', "", "log progress to stderr"}, &args.verbose);
}

constexpr char kSummary[] =
    "Decides documents from a source until SIGTERM or SIGINT, then finishes the\n"
    "batch in flight, writes its verdicts, acknowledges it and exits 0. With a\n"
    "Redis source, every worker of a consumer group gets its own share of the\n"
    "stream: a verdict is added to the output stream (field source_id: the\n"
    "entry's id) before its entry is acknowledged; a worker first finishes its\n"
    "own pending entries, claims those a dead worker left idle, moves an entry\n"
    "that keeps failing, or one refused as too large (--oversize refuse), to the\n"
    "dead-letter stream, and reconnects with backoff when Redis goes away.\n"
    "Stopped while Redis is unreachable, it exits 0 too (the entries in flight\n"
    "stay pending for the next worker). A reload still compiling at shutdown\n"
    "is abandoned, not waited for.\n"
    "\n"
    "On SIGHUP, or when RULES change on disk (--reload-poll), the rules are\n"
    "compiled again in the background and take over between two batches; rules\n"
    "that do not compile are logged and the old ones stay in force. A rule with\n"
    "`circuit_breaker:` that matches too often is demoted to shadow and logged.\n"
    "--metrics-port serves Prometheus metrics (documents, bytes, decisions per\n"
    "category, hits per rule live and shadow, scan latency, trips, reloads).\n"
    "\n"
    "Redis source options (query of the URI):\n"
    "  group=NAME (bylaw)  consumer=NAME (HOST-PID)  output=STREAM (STREAM:verdicts)\n"
    "  dead-letter=STREAM (STREAM:dead)  batch=N (128)  batch-bytes=N (64 MiB)\n"
    "  block-ms=N (500)  claim-idle-ms=N (30000)  max-deliveries=N (5)  start=0|$ (0)\n"
    "  payload=FIELD (json)\n"
    "\n"
    "Sources:\n";

}  // namespace

int RunWorker(std::span<const std::string_view> arg_list) {
  WorkerArgs args;
  ArgParser parser("bylaw worker [OPTIONS] RULES --source URI",
                   std::string(kSummary) + SourceSchemesHelp());
  DeclareArgs(parser, args);
  if (auto exit = ParseCommandLine(parser, "worker", arg_list)) return *exit;
  ConfigureLogging(args.verbose);
  if (args.source.empty()) {
    Write(stderr, "bylaw worker: option `--source` is required\nTry `bylaw worker --help`.\n");
    return kExitUsage;
  }
  // Before the first compile, which may take a while: a SIGTERM or SIGHUP
  // meanwhile must not kill the worker uncleanly (SIGHUP's default action).
  InstallReloadHandler();
  InstallStopHandlers();
  PipelineOptions options;
  options.batch_size = args.batch.value_or(0);
  options.scan_limits = MakeScanLimits(args.limits);

  const LoadedRules rules =
      LoadRules(args.rules_dir, WorkerCompileOptions(args.rollout), DiagnosticDetail::kErrorsOnly);
  if (rules.program == nullptr) return kExitRuleErrors;
  if (stop_requested.load()) {
    Write(stderr, "worker: stopped before the first batch\n");
    return kExitOk;
  }
  SourceOptions source_options = MakeSourceOptions(args.input_args);
  source_options.stop_when_idle = args.until_idle;
  const std::unique_ptr<Source> source = Adapters().OpenSource(args.source, source_options);
  const std::unique_ptr<Sink> sink =
      Adapters().OpenSink(args.sink.empty() ? source->default_sink() : args.sink);

  WorkerRollout rollout(args.rules_dir, rules.program, args.rollout);
  if (!rollout.metrics_endpoint().empty()) {
    Write(stderr, "worker: metrics on http://" + rollout.metrics_endpoint() + "/metrics\n");
  }
  Pipeline pipeline(rollout.provider(), *source, *sink, options);
  rollout.Attach(pipeline);
  ProblemPrinter printer;
  pipeline.AddObserver(&printer);
  const PipelineStats stats = pipeline.Run(stop_requested);
  const bool abandoned = rollout.StopReloads();
  // Stopped while the source was failing (Redis unreachable, in backoff):
  // nothing in flight was acknowledged, so it is a clean stop too.
  Write(stderr, fmt::format("worker: {} decided, {} failed ({} refused), {} batches, {} recovered "
                            "failures{}{}{}\n",
                            stats.decided, stats.failed, stats.refused, stats.batches, stats.recoveries,
                            rollout.Summary(),
                            stats.settled ? "" : "; stopped while failing, the batch in flight left pending",
                            abandoned ? "; a reload still compiling was abandoned" : ""));
  return CleanStopStatus(abandoned);
}

}  // namespace bylaw::cli
