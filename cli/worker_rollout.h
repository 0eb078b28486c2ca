// What `bylaw worker` runs around its pipeline for safe rollout: hot reload
// (SIGHUP, or a change of RULES on disk, compiled in the background and
// swapped between batches), circuit breakers on the verdicts, and metrics in
// the Prometheus text format served on --metrics-port (loopback unless
// --metrics-address says otherwise).
#ifndef BYLAW_CLI_WORKER_ROLLOUT_H_
#define BYLAW_CLI_WORKER_ROLLOUT_H_

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "args.h"
#include "bylaw/compiler.h"
#include "bylaw/pipeline.h"
#include "bylaw/service/metrics.h"
#include "bylaw/service/metrics_server.h"
#include "bylaw/service/pipeline_observers.h"
#include "bylaw/service/program_reloader.h"
#include "command_support.h"

namespace bylaw::cli {

struct RolloutArgs {
  std::optional<std::uint16_t> metrics_port;  // none: no metrics server
  std::string metrics_address = "127.0.0.1";  // loopback: scrapers on this machine only
  int reload_poll = 1000;                     // ms between looks at RULES; 0: SIGHUP only
  int compile_seconds = kDefaultCompileSeconds;  // each compile, the first and reloads
};
// Declares --metrics-port, --metrics-address and the reload options.
void AddRolloutArgs(ArgParser& parser, RolloutArgs* args);
// Declares --reload-poll and --compile-seconds only.
void AddReloadArgs(ArgParser& parser, RolloutArgs* args);

// The compile options of a worker's rules: the first compile and every
// reload (--compile-seconds).
CompileOptions WorkerCompileOptions(const RolloutArgs& args);

// What a worker given `rules` loads at each reload: a rules folder or one
// pack file in it, compiled with `options`, or a program file saved by
// `bylaw compile`.
service::RulesLoad LoadRulesAgain(const std::filesystem::path& rules, const CompileOptions& options);

// Set by SIGTERM and SIGINT once InstallStopHandlers() ran: a worker
// finishes its batch and returns, a server its requests in flight.
extern std::atomic<bool> stop_requested;
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

// Handles SIGTERM and SIGINT, then unblocks them (and SIGHUP, handled by
// InstallReloadHandler) in case the process was started with them blocked:
// one sent meanwhile is delivered now, to the handler. Throws bylaw::Error
// if the handlers cannot be installed.
void InstallStopHandlers();

// kExitOk for a worker or server that stopped cleanly. When StopReloads()
// abandoned a reload still compiling, its thread still runs: the process
// ends here (stdio flushed) without the static destructors it may use.
int CleanStopStatus(bool abandoned);

// Makes SIGHUP request a reload of every WorkerRollout. Throws bylaw::Error
// if the handler cannot be installed.
void InstallReloadHandler();

// Owns the reloader, the metrics (and their server) and the observers of one
// worker. Not copyable; outlives the pipeline it is attached to.
class WorkerRollout {
 public:
  // Throws bylaw::Error for a bad option or a port that cannot be bound.
  WorkerRollout(const std::string& rules, std::shared_ptr<const Program> program,
                const RolloutArgs& args);
  WorkerRollout(const WorkerRollout&) = delete;
  WorkerRollout& operator=(const WorkerRollout&) = delete;

  // The program provider for the pipeline: the program in force.
  ProgramProvider provider();
  // Ends the reloads; true if one still compiling was abandoned (see
  // ProgramReloader::Stop).
  bool StopReloads() { return reloader_->Stop(); }
  // Adds the circuit breakers and the metrics to `pipeline`.
  void Attach(Pipeline& pipeline);
  // ", 2 reloads (1 failed), 1 circuit-breaker trip" for the worker's last line.
  std::string Summary() const;
  service::Metrics& metrics() { return metrics_; }
  // "127.0.0.1:9464", empty without a server.
  std::string metrics_endpoint() const;

 private:
  service::Metrics metrics_;
  std::unique_ptr<service::ProgramReloader> reloader_;
  service::BreakerObserver breaker_;
  service::MetricsObserver counting_;
  std::unique_ptr<service::MetricsServer> server_;
  std::string address_;
};

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_WORKER_ROLLOUT_H_
