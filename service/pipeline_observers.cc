// The pipeline hooks of worker and replay. See pipeline_observers.h.
#include "bylaw/service/pipeline_observers.h"

namespace bylaw::service {

const Verdict& BreakerObserver::Review(const Delivery& delivery, const Verdict& verdict) {
  (void)delivery;
  // By hash, not address: a reloaded program may live where the old one did.
  if (breaker_ == nullptr || program_hash_ != verdict.program->hash()) {
    program_hash_ = verdict.program->hash();
    breaker_ = std::make_unique<CircuitBreaker>(
        *verdict.program, [this](const Program& program, const BreakerTrip& trip) {
          ++trips_;
          if (metrics_ != nullptr) metrics_->CountBreakerTrip(program.rules()[trip.rule].id);
        });
  }
  return breaker_->Review(verdict);
}

void MetricsObserver::OnVerdict(const Delivery& delivery, const Verdict& verdict) {
  metrics_.Observe(verdict, delivery.text_bytes, delivery.scan_seconds);
}

void MetricsObserver::OnFailure(const Delivery& delivery) {
  (void)delivery;
  metrics_.CountFailure();
}

void ProgressObserver::OnVerdict(const Delivery& delivery, const Verdict& verdict) {
  (void)verdict;
  progress_.Update(++documents_, delivery.line);
}

void ProgressObserver::OnFailure(const Delivery& delivery) {
  progress_.Update(++documents_, delivery.line);
}

}  // namespace bylaw::service
