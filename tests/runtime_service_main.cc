// A scan-only worker built from the run side and the service layer alone
// (bylaw_runtime + bylaw_service: no compiler, yaml-cpp, Boost or libhs):
// the build fails if a service part ever comes to need the compile side.
//   bylaw_runtime_service PROGRAM FILE.jsonl
// loads PROGRAM (from `bylaw compile`) behind a ProgramReloader that reloads
// the file when it is replaced, decides every line of FILE through a
// Pipeline with the circuit-breaker and metrics observers, serves the
// metrics on a loopback port the system picks, writes the verdicts to
// stdout, reloads the program once on request, and then writes the metrics
// exposition (which counts that reload). Exits 0 when every line was decided
// and the reload succeeded.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>

#include "bylaw/adapter_registry.h"
#include "bylaw/pipeline.h"
#include "bylaw/service/metrics.h"
#include "bylaw/service/metrics_server.h"
#include "bylaw/service/pipeline_observers.h"
#include "bylaw/service/program_reloader.h"

namespace {

int RunWorker(const char* program_file, const char* documents) {
  using namespace bylaw::service;
  const RulesLoad first = LoadCompiledProgram(program_file);
  if (!first.ok()) {
    std::fprintf(stderr, "%s\n", first.diagnostics.front().message.c_str());
    return 2;
  }
  Metrics metrics;
  metrics.SetRuleset(first.program->hash());
  ProgramReloader reloader(
      first.program, [program_file] { return LoadCompiledProgram(program_file); },
      [program_file] { return RulesChangeFingerprint(program_file); }, {},
      [&metrics](const std::shared_ptr<const bylaw::Program>& program) {
        metrics.CountReload(program != nullptr);
      });
  MetricsServer server([&metrics] { return metrics.Exposition(); }, "127.0.0.1", 0);
  BreakerObserver breaker(&metrics);
  MetricsObserver counting(metrics);

  const bylaw::AdapterRegistry registry = bylaw::AdapterRegistry::WithBuiltins();
  std::unique_ptr<bylaw::Source> source = registry.OpenSource(bylaw::InputUri(registry, documents), {});
  std::unique_ptr<bylaw::Sink> sink = registry.OpenSink("stdout:");
  bylaw::Pipeline pipeline([&reloader] { return reloader.current(); }, *source, *sink);
  pipeline.AddObserver(&breaker);
  pipeline.AddObserver(&counting);
  const std::atomic<bool> stop{false};
  const bylaw::PipelineStats stats = pipeline.Run(stop);
  reloader.RequestReload();
  // A guard against a hang, not a measure of speed.
  const bool reloaded = reloader.WaitForAttempts(1, std::chrono::minutes(10));
  reloader.Stop();
  std::printf("metrics served on 127.0.0.1:%u\n%s", server.port(), metrics.Exposition().c_str());
  return stats.failed == 0 && stats.decided > 0 && reloaded && reloader.failures() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bylaw_runtime_service PROGRAM FILE.jsonl\n");
    return 2;
  }
  try {
    return RunWorker(argv[1], argv[2]);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bylaw_runtime_service: %s\n", error.what());
    return 2;
  }
}
