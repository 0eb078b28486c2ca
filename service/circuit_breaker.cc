// The circuit breaker's windows and demotion. See circuit_breaker.h.
#include "bylaw/service/circuit_breaker.h"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

namespace bylaw::service {

CircuitBreaker::CircuitBreaker(const Program& program, TripHandler on_trip)
    : program_(program),
      on_trip_(std::move(on_trip)),
      tripped_(program.rules().size(), 0),
      matched_(program.rules().size(), 0) {
  for (std::uint32_t rule = 0; rule < program.rules().size(); ++rule) {
    const RuleInfo& info = program.rules()[rule];
    const HitRateLimit& limit = info.hit_rate_limit;
    if (limit.window == 0 || info.status != RuleStatus::kLive) continue;
    const auto allowed =
        static_cast<std::uint32_t>(std::floor(limit.max_rate * limit.window + 1e-9));
    windows_.push_back(Window{rule, allowed, std::vector<std::uint8_t>(limit.window, 0), 0});
  }
}

void CircuitBreaker::Count(Window& window, bool hit) {
  std::uint8_t& slot = window.ring[documents_ % window.ring.size()];
  window.hits += hit;
  window.hits -= slot;
  slot = hit;
  if (tripped_[window.rule] || window.hits <= window.limit) return;
  tripped_[window.rule] = 1;
  const BreakerTrip trip{window.rule, documents_ + 1, window.hits,
                         static_cast<std::uint32_t>(window.ring.size())};
  trips_.push_back(trip);
  const RuleInfo& info = program_.rules()[window.rule];
  spdlog::warn(
      "circuit breaker: rule `{}` matched {} of the last {} documents ({:.1f}%, ceiling {:.1f}%); "
      "demoted to shadow until the rules are reloaded",
      info.id, trip.hits, std::min<std::size_t>(documents_ + 1, trip.window),
      100.0 * static_cast<double>(trip.hits) /
          static_cast<double>(std::min<std::size_t>(documents_ + 1, trip.window)),
      100.0 * info.hit_rate_limit.max_rate);
  if (on_trip_) on_trip_(program_, trip);
}

const Verdict& CircuitBreaker::Review(const Verdict& verdict) {
  if (windows_.empty()) return verdict;
  bool demote = false;
  for (const RuleMatch& match : verdict.live) matched_[match.rule] = 1;
  for (Window& window : windows_) Count(window, matched_[window.rule] != 0);
  for (const RuleMatch& match : verdict.live) {
    demote = demote || tripped_[match.rule];
    matched_[match.rule] = 0;
  }
  ++documents_;
  return demote ? Demote(verdict) : verdict;
}

const Verdict& CircuitBreaker::Demote(const Verdict& verdict) {
  demoted_ = verdict;
  demoted_.live.clear();
  demoted_.decision = Action::kAllow;
  for (const RuleMatch& match : verdict.live) {
    if (tripped_[match.rule]) {
      demoted_.shadow.push_back(match);
    } else {
      demoted_.live.push_back(match);
      demoted_.decision = std::max(demoted_.decision, program_.rules()[match.rule].action);
    }
  }
  std::sort(demoted_.shadow.begin(), demoted_.shadow.end(),
            [](const RuleMatch& a, const RuleMatch& b) { return a.rule < b.rule; });
  return demoted_;
}

}  // namespace bylaw::service
