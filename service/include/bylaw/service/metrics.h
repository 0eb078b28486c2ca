// Metrics of a worker or a replay, in the Prometheus text exposition format
// (version 0.0.4): documents and bytes scanned, decisions, decisions per
// category, hits per rule with live and shadow apart, a histogram of scan
// latency, documents not decided, circuit-breaker trips, reloads and the
// ruleset in force. Rules and categories are counted by id, so counts
// survive a reload.
#ifndef BYLAW_SERVICE_METRICS_H_
#define BYLAW_SERVICE_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bylaw/program.h"
#include "bylaw/verdict.h"

namespace bylaw::service {

// Thread-safe: the pipeline's thread updates, the metrics server's thread
// reads; every method takes one mutex, briefly.
class Metrics {
 public:
  // Upper bounds of the latency histogram's buckets, in seconds.
  static constexpr std::array<double, 14> kLatencyBuckets = {
      5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 0.1, 1};

  // Counts one decided document (its verdict as enforced, after any circuit
  // breaker), its bytes of text and the time its scan took.
  void Observe(const Verdict& verdict, std::size_t text_bytes, double scan_seconds);
  // A document that could not be decided.
  void CountFailure();
  void CountBreakerTrip(std::string_view rule);
  void CountReload(bool succeeded);
  // The ruleset now in force (bylaw_ruleset_info).
  void SetRuleset(std::string_view hash);

  // The whole exposition, ending with a newline.
  std::string Exposition() const;

  // Estimated latency quantile (0 < q < 1) from the histogram: the upper
  // bound of the bucket holding it; 0 before any document.
  double LatencyQuantile(double q) const;
  std::uint64_t documents() const;

 private:
  struct RuleCounts {
    std::string category;
    std::uint64_t live = 0;
    std::uint64_t shadow = 0;
  };
  struct CategoryCounts {
    std::array<std::uint64_t, 5> decisions{};  // by the strictest live action
    std::uint64_t shadow = 0;                  // documents matched by shadow rules
  };
  // Per rule and category of the program last seen, where its counts live
  // (std::map nodes do not move).
  void Index(const Program& program);
  double QuantileLocked(double q) const;

  mutable std::mutex mutex_;
  std::uint64_t documents_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t failures_ = 0;
  std::array<std::uint64_t, 5> decisions_{};
  std::array<std::uint64_t, kLatencyBuckets.size() + 1> latency_{};  // last: +Inf
  double latency_sum_ = 0;
  std::map<std::string, RuleCounts> rules_;
  std::map<std::string, CategoryCounts> categories_;
  std::map<std::string, std::uint64_t> trips_;
  std::array<std::uint64_t, 2> reloads_{};  // failed, succeeded
  std::string ruleset_;
  std::string indexed_;  // hash of the program the indexes are for
  std::vector<RuleCounts*> rule_index_;
  std::vector<CategoryCounts*> category_index_;
  std::vector<std::uint8_t> seen_;  // per category, scratch of Observe
  std::vector<Action> strictest_;  // per category, scratch of Observe
};

}  // namespace bylaw::service

#endif  // BYLAW_SERVICE_METRICS_H_
