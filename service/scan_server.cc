// The HTTP/JSON scan service on cpp-httplib. See scan_server.h.
#include "bylaw/service/scan_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/error.h"
#include "bylaw/json_documents.h"
#include "bylaw/scanner.h"
#include "bylaw/verdict.h"

namespace bylaw::service {
namespace {

constexpr char kJson[] = "application/json";

// What one request needs to decide documents: a Scanner (bound to one
// program), a parser and their buffers. Leased from the server's pool.
struct Lane {
  explicit Lane(const JsonlOptions& options) : parser(options) {}
  std::unique_ptr<Scanner> scanner;
  JsonDocumentParser parser;
  Document document;
  std::string problem;
};

// The pool of lanes, one per Scanner: a request waits for a free one.
class LanePool {
 public:
  LanePool(int size, const JsonlOptions& options) {
    for (int i = 0; i < std::max(size, 1); ++i) free_.push_back(std::make_unique<Lane>(options));
  }

  std::unique_ptr<Lane> Take() {
    std::unique_lock<std::mutex> lock(mutex_);
    returned_.wait(lock, [this] { return !free_.empty(); });
    std::unique_ptr<Lane> lane = std::move(free_.back());
    free_.pop_back();
    return lane;
  }

  void Give(std::unique_ptr<Lane> lane) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      free_.push_back(std::move(lane));
    }
    returned_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Lane>> free_;
};

// A lane for the span of one request, given back on every path out.
class LaneLease {
 public:
  LaneLease(LanePool& pool, const std::shared_ptr<const Program>& program)
      : pool_(pool), lane_(pool.Take()) {
    if (lane_->scanner == nullptr || lane_->scanner->shared_program() != program) {
      lane_->scanner = std::make_unique<Scanner>(program);
    }
  }
  ~LaneLease() { pool_.Give(std::move(lane_)); }
  LaneLease(const LaneLease&) = delete;
  LaneLease& operator=(const LaneLease&) = delete;
  Lane& operator*() { return *lane_; }
  Lane* operator->() { return lane_.get(); }

 private:
  LanePool& pool_;
  std::unique_ptr<Lane> lane_;
};

void SetError(httplib::Response& response, int status, const std::string& message) {
  response.status = status;
  response.set_content(nlohmann::json{{"error", message}}.dump(), kJson);
}

// An HTTP status for a document that could not be decided.
struct Refusal {
  int status = 0;
  std::string message;
};

std::string RulesJson(const Program& program) {
  nlohmann::json categories = nlohmann::json::array();
  for (const CategoryInfo& category : program.categories()) {
    categories.push_back({{"id", category.id}, {"title", category.title}});
  }
  nlohmann::json rules = nlohmann::json::array();
  for (const RuleInfo& rule : program.rules()) {
    rules.push_back({{"id", rule.id},
                     {"title", rule.title},
                     {"category", program.categories()[rule.category].id},
                     {"action", ActionName(rule.action)},
                     {"severity", SeverityName(rule.severity)},
                     {"status", StatusName(rule.status)}});
  }
  return nlohmann::json{{"ruleset", program.hash()},
                        {"categories", std::move(categories)},
                        {"rules", std::move(rules)}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

struct ScanServer::State {
  State(ProgramProvider provider, Metrics* counted, ScanServerOptions chosen)
      : programs(std::move(provider)),
        metrics(counted),
        options(RequiringText(std::move(chosen))),
        lanes(options.scanners, options.json) {}

  // A request's document must have text: one without is a client's mistake.
  static ScanServerOptions RequiringText(ScanServerOptions options) {
    options.json.require_text = true;
    return options;
  }

  // Decides `document` into `out` (the verdict JSON), or says why not.
  Refusal Decide(Scanner& scanner, const Document& document, std::string* out) {
    ScanLimits limits;
    limits.max_document_bytes = options.max_document_bytes;
    limits.oversize = ScanLimits::Oversize::kRefuse;
    const auto start = std::chrono::steady_clock::now();
    try {
      const Verdict& verdict = ScanWithinLimits(scanner, nullptr, document, limits);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      metrics->Observe(verdict, DocumentBytes(document), took.count());
      AppendVerdictJson(verdict, out);
      return {};
    } catch (const Error& error) {
      metrics->CountFailure();
      return {413, error.what()};
    }
  }

  void ScanOne(const httplib::Request& request, httplib::Response& response) {
    LaneLease lane(lanes, programs());
    if (!lane->parser.Parse(request.body, "request", &lane->document, &lane->problem)) {
      metrics->CountFailure();
      return SetError(response, 400, lane->problem);
    }
    std::string out;
    const Refusal refusal = Decide(*lane->scanner, lane->document, &out);
    if (refusal.status != 0) return SetError(response, refusal.status, refusal.message);
    response.set_content(std::move(out), kJson);
  }

  void ScanBatch(const httplib::Request& request, httplib::Response& response) {
    LaneLease lane(lanes, programs());
    std::string out = "{\"verdicts\":[";
    const auto visit = [&](std::size_t index, bool read, const Document& document,
                           const std::string& problem) {
      if (index > 0) out += ',';
      Refusal refusal{400, problem};
      if (read) refusal = Decide(*lane->scanner, document, &out);
      if (refusal.status == 0) return;
      if (!read) metrics->CountFailure();
      const std::string id =
          document.id.empty() ? "item-" + std::to_string(index + 1) : document.id;
      out += nlohmann::json{{"id", id}, {"error", refusal.message}}.dump(
          -1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    std::string error;
    switch (lane->parser.ParseBatch(request.body, "documents", options.max_batch_documents, visit,
                                    &error)) {
      case JsonDocumentParser::Batch::kRead:
        out += "]}";
        return response.set_content(std::move(out), kJson);
      case JsonDocumentParser::Batch::kInvalid:
        return SetError(response, 400, error);
      case JsonDocumentParser::Batch::kTooLarge:
        return SetError(response, 413, error);
    }
  }

  void Route() {
    server.Post("/v1/scan", [this](const httplib::Request& q, httplib::Response& r) { ScanOne(q, r); });
    server.Post("/v1/scan:batch",
                [this](const httplib::Request& q, httplib::Response& r) { ScanBatch(q, r); });
    server.Get("/v1/rules", [this](const httplib::Request&, httplib::Response& r) {
      r.set_content(RulesJson(*programs()), kJson);
    });
    server.Get("/healthz", [](const httplib::Request&, httplib::Response& r) {
      r.set_content("ok\n", "text/plain");
    });
    server.Get("/readyz", [this](const httplib::Request&, httplib::Response& r) {
      if (stopping.load()) return SetError(r, 503, "stopping");
      r.set_content("ready\n", "text/plain");
    });
    server.Get("/metrics", [this](const httplib::Request&, httplib::Response& r) {
      r.set_content(metrics->Exposition(), "text/plain; version=0.0.4");
    });
  }

  void Configure() {
    const auto seconds = [](std::chrono::milliseconds ms) {
      return std::pair<time_t, time_t>(ms.count() / 1000, (ms.count() % 1000) * 1000);
    };
    const auto [read_s, read_us] = seconds(options.read_timeout);
    const auto [write_s, write_us] = seconds(options.write_timeout);
    server.set_read_timeout(read_s, read_us);
    server.set_write_timeout(write_s, write_us);
    server.set_payload_max_length(options.max_request_bytes);
    server.set_keep_alive_max_count(10'000);
    // An idle connection holds a thread: it gets the read timeout, no more.
    server.set_keep_alive_timeout(std::max<time_t>(1, (options.read_timeout.count() + 999) / 1000));
    server.set_tcp_nodelay(true);
    // SO_REUSEADDR only: the library's default, SO_REUSEPORT, would let a
    // second server bind the same port and silently share its requests.
    server.set_socket_options([](socket_t socket) {
      const int yes = 1;
      ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    const std::size_t threads = std::max<std::size_t>(16, 4 * std::max(options.scanners, 1));
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
      if (!response.body.empty()) return;  // a handler's own error
      std::string message = "bad request";
      if (response.status == 400) {
        message = "the request could not be read: malformed HTTP, or sent slower than the "
                  "server's timeout";
      } else if (response.status == 404) {
        message = "no such endpoint: " + request.method + " " + request.path;
      } else if (response.status == 413) {
        message = "the request body is over the server's limit";
      }
      SetError(response, response.status, message);
    });
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& response, std::exception_ptr thrown) {
          std::string message = "internal error";
          try {
            std::rethrow_exception(thrown);
          } catch (const std::exception& error) {
            message += std::string(": ") + error.what();
          } catch (...) {
          }
          SetError(response, 500, message);
        });
  }

  ProgramProvider programs;
  Metrics* metrics;
  ScanServerOptions options;
  LanePool lanes;
  httplib::Server server;
  std::atomic<bool> stopping{false};
  std::atomic<bool> in_run{false};
  bool ran = false;  // Run() was called
  std::uint16_t port = 0;
};

ScanServer::ScanServer(ProgramProvider programs, Metrics* metrics, ScanServerOptions options)
    : state_(std::make_unique<State>(std::move(programs), metrics, std::move(options))) {
  State& state = *state_;
  state.Configure();
  state.Route();
  const std::string& address = state.options.address;
  const int port = state.options.port == 0 ? state.server.bind_to_any_port(address)
                   : state.server.bind_to_port(address, state.options.port)
                       ? state.options.port
                       : -1;
  if (port <= 0) {
    throw Error("cannot listen on " + address + ":" + std::to_string(state.options.port) +
                " (in use, or not an address of this machine)");
  }
  state.port = static_cast<std::uint16_t>(port);
}

ScanServer::~ScanServer() {
  Stop();
  if (!state_->ran) Run();  // closes the socket bound by the constructor
}

std::uint16_t ScanServer::port() const { return state_->port; }

void ScanServer::Run() {
  State& state = *state_;
  state.ran = true;
  state.in_run.store(true);
  // Stopped before it listens: it listens only to close its socket at once.
  std::atomic<bool> returned{false};
  std::thread closer;
  if (state.stopping.load()) {
    closer = std::thread([&state, &returned] {
      while (!state.server.is_running() && !returned.load()) std::this_thread::yield();
      state.server.stop();
    });
  }
  state.server.listen_after_bind();
  returned.store(true);
  if (closer.joinable()) closer.join();
  state.in_run.store(false);
}

void ScanServer::Stop() {
  State& state = *state_;
  state.stopping.store(true);
  // A Run() that has not started listening yet is waited for: the server
  // can only be stopped once it listens (a Run() that starts after this
  // sees `stopping` and stops itself).
  while (state.in_run.load() && !state.server.is_running()) std::this_thread::yield();
  state.server.stop();
}

}  // namespace bylaw::service
