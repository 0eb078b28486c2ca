// `bylaw serve RULES`: the rules as an HTTP/JSON service (ScanServer), with
// the worker's hot reload and metrics, until SIGTERM or SIGINT.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <spdlog/fmt/fmt.h>

#include "args.h"
#include "bylaw/service/scan_server.h"
#include "command_support.h"
#include "commands.h"
#include "worker_rollout.h"

namespace bylaw::cli {
namespace {

struct ServeArgs {
  std::string rules_dir;
  service::ScanServerOptions server;
  int timeout_ms = 5000;
  RolloutArgs rollout;
  bool verbose = false;
};

void DeclareArgs(ArgParser& parser, ServeArgs& args) {
  AddRulesPositional(parser, &args.rules_dir);
  parser.AddOption({"address", '\0', "ADDRESS",
                    "IP address or host name to listen on; loopback serves this machine only"},
                   &args.server.address);
  parser.AddNumber<std::uint16_t>({"port", 'p', "PORT", "TCP port; 0 picks a free one"}, 0, 65535,
                                  &args.server.port);
  parser.AddNumber({"scanners", '\0', "N", "documents decided side by side, one scanner each"}, 1,
                   256, &args.server.scanners);
  parser.AddByteSize({"max-request-bytes", '\0', "N", "largest request body (413 above)"}, 1,
                     std::uint64_t{1} << 30, &args.server.max_request_bytes);
  parser.AddNumber<std::size_t>(
      {"max-batch", '\0', "N", "most documents in one /v1/scan:batch request (413 above)"}, 1,
      1'000'000, &args.server.max_batch_documents);
  parser.AddByteSize(
      {"max-document-bytes", '\0', "N", "most bytes of text in one document (413 above)"}, 1,
      std::uint64_t{1} << 30, &args.server.max_document_bytes);
  parser.AddNumber({"timeout", '\0', "MS",
                    "time a client has to send its request, and to read the answer"},
                   1, 3'600'000, &args.timeout_ms);
  AddReloadArgs(parser, &args.rollout);
  parser.AddFlag({"verbose", 'v', "", "log progress to stderr"}, &args.verbose);
}

constexpr char kSummary[] =
    "Serves the rules over HTTP/JSON until SIGTERM or SIGINT, which finish the\n"
    "requests in flight. A document is a JSON object as `replay` reads a line\n"
    "(`id`, `text`, `title`, ..., `metadata`); the answer is its verdict JSON.\n"
    "\n"
    "  POST /v1/scan          one document: its verdict\n"
    "  POST /v1/scan:batch    {\"documents\": [...]}: {\"verdicts\": [...]} in order\n"
    "  GET  /v1/rules         the ruleset hash, its categories and rules\n"
    "  GET  /healthz, /readyz liveness; readiness (503 once stopping)\n"
    "  GET  /metrics          Prometheus metrics, as `worker --metrics-port`\n"
    "\n"
    "Errors are {\"error\": \"...\"}: 400 for malformed JSON or a document without\n"
    "text, 404 for an unknown path, 413 over a limit below. Rules are reloaded\n"
    "like the worker's: on SIGHUP, or when RULES change on disk (--reload-poll).\n"
    "Exits 0 after a clean stop, 1 if the rules have errors, 2 when it cannot\n"
    "listen.";

}  // namespace

int RunServe(std::span<const std::string_view> arg_list) {
  ServeArgs args;
  ArgParser parser("bylaw serve [OPTIONS] RULES", kSummary);
  DeclareArgs(parser, args);
  if (auto exit = ParseCommandLine(parser, "serve", arg_list)) return *exit;
  ConfigureLogging(args.verbose);
  InstallReloadHandler();
  InstallStopHandlers();
  args.server.read_timeout = args.server.write_timeout = std::chrono::milliseconds(args.timeout_ms);

  const LoadedRules rules =
      LoadRules(args.rules_dir, WorkerCompileOptions(args.rollout), DiagnosticDetail::kErrorsOnly);
  if (rules.program == nullptr) return kExitRuleErrors;
  WorkerRollout rollout(args.rules_dir, rules.program, args.rollout);
  service::ScanServer server(rollout.provider(), &rollout.metrics(), args.server);
  Write(stderr, fmt::format("serve: listening on http://{}:{} ({} scanner{})\n",
                            args.server.address, server.port(), args.server.scanners,
                            args.server.scanners == 1 ? "" : "s"));
  std::thread stopper([&server] {
    while (!stop_requested.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server.Stop();
  });
  server.Run();
  stop_requested.store(true);
  stopper.join();
  const bool abandoned = rollout.StopReloads();
  Write(stderr, fmt::format("serve: stopped; {} documents decided{}\n",
                            rollout.metrics().documents(), rollout.Summary()));
  return CleanStopStatus(abandoned);
}

}  // namespace bylaw::cli
