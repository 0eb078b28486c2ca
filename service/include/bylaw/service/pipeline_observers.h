// The safe-rollout and reporting hooks a worker adds to its Pipeline
// (bylaw/pipeline.h), each a small PipelineObserver: circuit breakers on the
// verdicts, metrics, the progress line. All run on the pipeline's thread, in
// delivery order.
#ifndef BYLAW_SERVICE_PIPELINE_OBSERVERS_H_
#define BYLAW_SERVICE_PIPELINE_OBSERVERS_H_

#include <memory>
#include <string>

#include "bylaw/pipeline.h"
#include "bylaw/service/circuit_breaker.h"
#include "bylaw/service/metrics.h"
#include "bylaw/service/progress.h"

namespace bylaw::service {

// Demotes rules past their hit-rate ceiling (circuit_breaker.h). A new
// program (a reload) gets a new breaker. Trips are counted in `metrics`
// when given.
class BreakerObserver final : public PipelineObserver {
 public:
  explicit BreakerObserver(Metrics* metrics = nullptr) : metrics_(metrics) {}
  const Verdict& Review(const Delivery& delivery, const Verdict& verdict) override;
  std::size_t trips() const { return trips_; }

 private:
  Metrics* metrics_;
  std::unique_ptr<CircuitBreaker> breaker_;
  std::string program_hash_;  // of the program breaker_ watches
  std::size_t trips_ = 0;     // over every program
};

// Counts every verdict as enforced, and every failure, in `metrics`.
class MetricsObserver final : public PipelineObserver {
 public:
  explicit MetricsObserver(Metrics& metrics) : metrics_(metrics) {}
  void OnVerdict(const Delivery& delivery, const Verdict& verdict) override;
  void OnFailure(const Delivery& delivery) override;

 private:
  Metrics& metrics_;
};

// Redraws the progress line (a no-op unless stderr is a terminal); the
// input is measured in lines (Delivery::line).
class ProgressObserver final : public PipelineObserver {
 public:
  explicit ProgressObserver(Progress& progress) : progress_(progress) {}
  void OnVerdict(const Delivery& delivery, const Verdict& verdict) override;
  void OnFailure(const Delivery& delivery) override;

 private:
  Progress& progress_;
  std::uint64_t documents_ = 0;
};

}  // namespace bylaw::service

#endif  // BYLAW_SERVICE_PIPELINE_OBSERVERS_H_
