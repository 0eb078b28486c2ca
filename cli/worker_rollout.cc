// The worker's hot reload, circuit breakers and metrics. See worker_rollout.h.
#include "worker_rollout.h"

#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <spdlog/fmt/fmt.h>

#include "bylaw/error.h"
#include "command_support.h"
#include "commands.h"

namespace bylaw::cli {
namespace {

// Set by SIGHUP; every reloader polls and clears it.
std::atomic<bool> reload_requested{false};

extern "C" void RequestReload(int) { reload_requested.store(true); }

extern "C" void RequestStop(int) { stop_requested.store(true); }

}  // namespace

void AddReloadArgs(ArgParser& parser, RolloutArgs* args) {
  parser.AddNumber(
      {"reload-poll", '\0', "MS", "look for changed rules every MS milliseconds; 0: on SIGHUP only"},
      0, 3'600'000, &args->reload_poll);
  AddCompileSecondsOption(parser, &args->compile_seconds);
}

void AddRolloutArgs(ArgParser& parser, RolloutArgs* args) {
  parser.AddNumber<std::uint16_t>(
      {"metrics-port", '\0', "PORT",
       "serve Prometheus metrics on http://ADDRESS:PORT/metrics; 0 picks a free port"},
      0, 65535, &args->metrics_port);
  parser.AddOption({"metrics-address", '\0', "ADDRESS",
                    "IP address to serve metrics on; loopback serves this machine only"},
                   &args->metrics_address);
  parser.AddNumber({"reload-poll", '\0', "MS",
                    "look for changed rules every MS milliseconds; 0: on SIGHUP only"},
                   0, 3'600'000, &args->reload_poll);
  AddCompileSecondsOption(parser, &args->compile_seconds);
}

CompileOptions WorkerCompileOptions(const RolloutArgs& args) {
  CompileOptions options;
  options.limits.compile_seconds = args.compile_seconds;
  return options;
}

std::atomic<bool> stop_requested{false};

static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = RequestStop;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigset_t handled;
  sigemptyset(&handled);
  for (const int signal : {SIGTERM, SIGINT}) {
    sigaddset(&handled, signal);
    if (sigaction(signal, &action, nullptr) != 0) {
      throw Error(std::string("cannot handle signals: ") + std::strerror(errno));
    }
  }
  pthread_sigmask(SIG_UNBLOCK, &handled, nullptr);
}

int CleanStopStatus(bool abandoned) {
  if (abandoned) {
    std::fflush(nullptr);
    std::_Exit(kExitOk);
  }
  return kExitOk;
}

void InstallReloadHandler() {
  struct sigaction action {};
  action.sa_handler = RequestReload;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  if (sigaction(SIGHUP, &action, nullptr) != 0) {
    throw Error(std::string("cannot handle SIGHUP: ") + std::strerror(errno));
  }
  sigset_t hup;
  sigemptyset(&hup);
  sigaddset(&hup, SIGHUP);
  pthread_sigmask(SIG_UNBLOCK, &hup, nullptr);  // one sent before is delivered now
}

service::RulesLoad LoadRulesAgain(const std::filesystem::path& rules, const CompileOptions& options) {
  std::error_code error;
  if (!std::filesystem::is_directory(rules, error) && !IsPackFile(rules)) {
    return service::LoadCompiledProgram(rules);
  }
  CompileResult compiled = CompileDirectory(rules, options);
  return service::RulesLoad{std::move(compiled.program), std::move(compiled.diagnostics)};
}

WorkerRollout::WorkerRollout(const std::string& rules, std::shared_ptr<const Program> program,
                             const RolloutArgs& args)
    : breaker_(&metrics_), counting_(metrics_), address_(args.metrics_address) {
  const int poll = args.reload_poll;
  metrics_.SetRuleset(program->hash());
  service::ReloadOptions options;
  options.poll = std::chrono::milliseconds(poll == 0 ? 200 : poll);
  options.request_flag = &reload_requested;
  service::ProgramReloader::Fingerprint fingerprint = [rules] { return service::RulesChangeFingerprint(rules); };
  if (poll == 0) fingerprint = [] { return std::string(); };
  const CompileOptions compile = WorkerCompileOptions(args);
  reloader_ = std::make_unique<service::ProgramReloader>(
      std::move(program), [rules, compile] { return LoadRulesAgain(rules, compile); },
      std::move(fingerprint),
      options, [this](const std::shared_ptr<const Program>& reloaded) {
        metrics_.CountReload(reloaded != nullptr);
        if (reloaded != nullptr) metrics_.SetRuleset(reloaded->hash());
      });
  if (args.metrics_port) {
    server_ = std::make_unique<service::MetricsServer>([this] { return metrics_.Exposition(); },
                                                       args.metrics_address, *args.metrics_port);
  }
}

ProgramProvider WorkerRollout::provider() {
  return [this] { return reloader_->current(); };
}

void WorkerRollout::Attach(Pipeline& pipeline) {
  pipeline.AddObserver(&breaker_);   // first: the others see the verdict as enforced
  pipeline.AddObserver(&counting_);
}

std::string WorkerRollout::Summary() const {
  return fmt::format(", {} reload{} ({} failed), {} circuit-breaker trip{}", reloader_->attempts(),
                     reloader_->attempts() == 1 ? "" : "s", reloader_->failures(), breaker_.trips(),
                     breaker_.trips() == 1 ? "" : "s");
}

std::string WorkerRollout::metrics_endpoint() const {
  if (server_ == nullptr) return "";
  const bool v6 = address_.find(':') != std::string::npos;
  return (v6 ? "[" + address_ + "]" : address_) + ":" + std::to_string(server_->port());
}

}  // namespace bylaw::cli
