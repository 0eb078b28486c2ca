// The circuit breaker of workers: a rule may declare a ceiling on its hit
// rate (`circuit_breaker: { max_rate: 5%, window: 1000 }`, RuleInfo::
// hit_rate_limit). When a live rule matches more than `max_rate` of the last
// `window` documents, the breaker trips: from that document on, the rule's
// matches are moved from `live` to `shadow` and the decision is recomputed
// without them, so a bad rule cannot flood removals. The trip is logged and
// counted. It lasts as long as the breaker: a reload (a new Program) starts
// a new one.
#ifndef BYLAW_SERVICE_CIRCUIT_BREAKER_H_
#define BYLAW_SERVICE_CIRCUIT_BREAKER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bylaw/program.h"
#include "bylaw/verdict.h"

namespace bylaw::service {

// One trip: which rule, after how many documents, at what rate.
struct BreakerTrip {
  std::uint32_t rule = 0;     // index into Program::rules()
  std::size_t document = 0;   // 1-based count of documents seen when it tripped
  std::size_t hits = 0;       // matches within the window
  std::uint32_t window = 0;
};

// Watches one program's verdicts. Not thread-safe: one per pipeline.
class CircuitBreaker {
 public:
  // Called on every trip, after it is recorded (logging, metrics).
  using TripHandler = std::function<void(const Program&, const BreakerTrip&)>;

  explicit CircuitBreaker(const Program& program, TripHandler on_trip = nullptr);

  // Counts `verdict` against every ceiling and returns it, or, when a
  // tripped rule matched, a copy with that rule's matches demoted to shadow;
  // the copy lives until the next call. Allocates only when it demotes.
  const Verdict& Review(const Verdict& verdict);

  bool tripped(std::uint32_t rule) const { return tripped_[rule] != 0; }
  const std::vector<BreakerTrip>& trips() const { return trips_; }
  const Program& program() const { return program_; }

 private:
  // A sliding window of one limited rule: which of the last `window`
  // documents it matched, as a ring, and how many.
  struct Window {
    std::uint32_t rule = 0;
    std::uint32_t limit = 0;  // the most hits allowed in a full window
    std::vector<std::uint8_t> ring;
    std::size_t hits = 0;
  };

  void Count(Window& window, bool hit);
  const Verdict& Demote(const Verdict& verdict);

  const Program& program_;
  TripHandler on_trip_;
  std::vector<Window> windows_;
  std::vector<std::uint8_t> tripped_;  // per rule
  std::vector<std::uint8_t> matched_;  // per rule, this document; cleared after each
  std::size_t documents_ = 0;
  std::vector<BreakerTrip> trips_;
  Verdict demoted_;
};

}  // namespace bylaw::service

#endif  // BYLAW_SERVICE_CIRCUIT_BREAKER_H_
