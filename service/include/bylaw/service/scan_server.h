// ScanServer: bylaw as an HTTP/JSON service (`bylaw serve`). Decides the
// documents that requests carry with the program in force, on a fixed number
// of Scanners, and answers with the same verdict JSON as `bylaw replay`.
//
//   POST /v1/scan         one document, as a JSON object; the verdict
//   POST /v1/scan:batch   {"documents": [...]}; {"verdicts": [...]} in order,
//                         an entry {"id", "error"} for a document refused
//   GET  /v1/rules        the ruleset's hash, categories and rules
//   GET  /healthz         200 while the process serves
//   GET  /readyz          200 while it takes requests, 503 once stopping
//   GET  /metrics         the worker's Prometheus metrics
//
// A document is read as the JSON Lines source reads a line (JsonlOptions).
// Errors are JSON ({"error": "..."}) with a 4xx status: 400 for malformed
// JSON or a document without text, 404 for an unknown path, 413 for a body,
// a batch or a document over its limit. A request not read within the read
// timeout is answered 400; a kept-alive connection idle that long (rounded
// up to a second) is closed. Connections are served by max(16, 4 x
// scanners) threads, so that many slow or idle clients at once delay the
// others until their timeouts. Loopback unless told otherwise. Run side
// only: links with bylaw_runtime.
#ifndef BYLAW_SERVICE_SCAN_SERVER_H_
#define BYLAW_SERVICE_SCAN_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "bylaw/jsonl_source.h"
#include "bylaw/pipeline.h"
#include "bylaw/scan_limits.h"
#include "bylaw/service/metrics.h"

namespace bylaw::service {

struct ScanServerOptions {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal, or a host name
  std::uint16_t port = 8080;          // 0: any free port (see ScanServer::port)
  // Documents decided side by side: one Scanner each. Connections are
  // served by more threads than this (waiting on a slow client costs no
  // Scanner), which wait for a free Scanner to decide.
  int scanners = 1;
  // A larger body: 413. Parsed JSON costs several times its size in memory
  // (a body of many tiny members the most), per request in flight.
  std::size_t max_request_bytes = std::size_t{4} << 20;
  std::size_t max_batch_documents = 1000;                 // a longer batch: 413
  // Per document: a larger one is refused with 413 (oversize is always
  // kRefuse here). One with more matches than a whole scan may hold is
  // decided through the scanner's stream (ScanLimits::whole_scan_matches).
  std::size_t max_document_bytes = std::size_t{1} << 20;
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  JsonlOptions json;  // which members are text, id and metadata
};

class ScanServer {
 public:
  // Binds the address and port; throws bylaw::Error when it cannot. Counts
  // every document in `metrics`, which must outlive the server. Serving
  // starts with Run().
  ScanServer(ProgramProvider programs, Metrics* metrics, ScanServerOptions options);
  ~ScanServer();
  ScanServer(const ScanServer&) = delete;
  ScanServer& operator=(const ScanServer&) = delete;

  // The bound port (the one chosen when the options asked for 0).
  std::uint16_t port() const;
  // Serves until Stop(); returns once the requests in flight are answered.
  void Run();
  // Stops taking requests and makes Run() return. From any thread; safe to
  // call more than once, before or during Run().
  void Stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace bylaw::service

#endif  // BYLAW_SERVICE_SCAN_SERVER_H_
