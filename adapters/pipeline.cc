// The loop every consumer of documents runs: read a batch, decide each
// delivery, hand the verdicts to the sink, flush, then settle the batch with
// the source, so that nothing is acknowledged before its verdict is written.
#include "bylaw/pipeline.h"

#include <algorithm>
#include <string>
#include <thread>
#include <utility>

#include <spdlog/spdlog.h>

#include "bylaw/error.h"

namespace bylaw {

DeliveryScanner::DeliveryScanner(std::shared_ptr<const Program> program, const ScanLimits& limits)
    : scanner_(std::move(program)), stream_(scanner_, ""), limits_(limits) {}

const Verdict* DeliveryScanner::Refuse(Delivery& delivery, std::string_view size) const {
  delivery.error = "document `" + delivery.document.id + "` refused: " + std::string(size) +
                   " bytes of text, over the limit of " +
                   std::to_string(limits_.max_document_bytes) + " bytes";
  return nullptr;
}

const Verdict* DeliveryScanner::Scan(Delivery& delivery) {
  if (delivery.stream != nullptr) return ScanStreamed(delivery);
  const std::size_t bytes = DocumentBytes(delivery.document);
  delivery.text_bytes = bytes;
  if (bytes > limits_.max_document_bytes && limits_.oversize == ScanLimits::Oversize::kRefuse) {
    return Refuse(delivery, std::to_string(bytes));
  }
  return &ScanWithinLimits(scanner_, &stream_, delivery.document, limits_);
}

const Verdict* DeliveryScanner::ScanStreamed(Delivery& delivery) {
  const bool refuse = limits_.oversize == ScanLimits::Oversize::kRefuse;
  stream_.Reset(delivery.document.id);
  for (const auto& [key, value] : delivery.document.metadata) stream_.AddMetadata(key, value);
  std::string_view field;
  std::string_view chunk;
  std::size_t bytes = 0;
  bool over = false;
  while (!over && delivery.stream->Next(&field, &chunk)) {
    bytes += chunk.size();
    over = refuse && bytes > limits_.max_document_bytes;
    if (!over) stream_.Append(field, chunk);
  }
  delivery.text_bytes = bytes;
  for (Problem& problem : delivery.stream->TakeProblems()) {
    delivery.problems.push_back(std::move(problem));
  }
  // The rest of the text is never read: "more than" is all that is known.
  if (over) return Refuse(delivery, "more than " + std::to_string(limits_.max_document_bytes));
  return &stream_.Finish();
}

Pipeline::Pipeline(ProgramProvider programs, Source& source, Sink& sink, PipelineOptions options)
    : programs_(std::move(programs)), source_(source), sink_(sink), options_(options) {
  // Verdicts added to the stream being read would be read as documents,
  // each one's verdict larger than itself: it grows without bound.
  const std::string place = source_.stream_uri();
  if (!place.empty() && place == sink_.stream_uri()) {
    throw Error("the sink `" + place + "` is the stream the documents come from");
  }
}

void Pipeline::Fail(Delivery& delivery, std::string error, Delivery::Outcome outcome) {
  delivery.outcome = outcome;
  delivery.error = std::move(error);
  ++stats_.failed;
  if (outcome == Delivery::Outcome::kRefused) ++stats_.refused;
  for (PipelineObserver* observer : observers_) observer->OnFailure(delivery);
}

void Pipeline::Decide(Delivery& delivery) {
  if (delivery.malformed) {
    std::string error;
    for (const Problem& problem : delivery.problems) {
      error += (error.empty() ? "" : "; ") + problem.message;
    }
    Fail(delivery, error.empty() ? "malformed" : std::move(error));
    return;
  }
  const Verdict* verdict = nullptr;
  const auto start = std::chrono::steady_clock::now();
  try {
    verdict = scanner_->Scan(delivery);
  } catch (const Error& error) {
    Fail(delivery, error.what());
    return;
  }
  if (verdict == nullptr) {
    Fail(delivery, std::move(delivery.error), Delivery::Outcome::kRefused);
    return;
  }
  delivery.scan_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (PipelineObserver* observer : observers_) verdict = &observer->Review(delivery, *verdict);
  sink_.Write(delivery, *verdict);
  delivery.outcome = Delivery::Outcome::kDone;
  ++stats_.decided;
  for (PipelineObserver* observer : observers_) {
    if (!delivery.problems.empty()) observer->OnWarnings(delivery);
    observer->OnVerdict(delivery, *verdict);
  }
}

void Pipeline::RunBatch(DeliveryBatch& batch, bool* more) {
  batch.Clear();
  *more = source_.Read(batch);
  std::shared_ptr<const Program> program = programs_();
  if (program == nullptr) throw Error("the program provider returned no program");
  if (scanner_ == nullptr || scanner_->program() != program) {
    scanner_ = std::make_unique<DeliveryScanner>(std::move(program), options_.scan_limits);
  }
  for (Delivery& delivery : batch) Decide(delivery);
  if (FlushEachBatch()) sink_.Flush();
  source_.Settle(batch);
  ++stats_.batches;
}

void Pipeline::Wait(std::chrono::milliseconds delay, const std::atomic<bool>& stop) {
  constexpr std::chrono::milliseconds kStep{20};
  const auto until = std::chrono::steady_clock::now() + delay;
  while (!stop.load() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        kStep, until - std::chrono::steady_clock::now()));
  }
}

bool Pipeline::FlushEachBatch() const {
  return source_.flush_each_batch() || !sink_.writes_blocks();
}

void Pipeline::FlushBeforeFailing() {
  try {
    sink_.Flush();
  } catch (const Error& error) {
    spdlog::error("{}", error.what());
  }
}

PipelineStats Pipeline::Run(const std::atomic<bool>& stop) {
  DeliveryBatch batch(options_.batch_size != 0 ? options_.batch_size
                                               : source_.preferred_batch_size());
  std::chrono::milliseconds backoff = options_.first_backoff;
  bool more = true;
  while (more && !stop.load()) {
    try {
      RunBatch(batch, &more);
      backoff = options_.first_backoff;
      stats_.settled = true;
    } catch (const Error& error) {
      if (!source_.recoverable() || error.lasting()) {
        FlushBeforeFailing();
        throw;
      }
      // Nothing of this batch was acknowledged: the source redelivers it.
      stats_.settled = false;
      ++stats_.recoveries;
      more = true;
      spdlog::error("{}; retrying in {} ms", error.what(), backoff.count());
      source_.Reset();
      sink_.Reset();
      Wait(backoff, stop);
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
  }
  if (!FlushEachBatch()) sink_.Flush();
  return stats_;
}

}  // namespace bylaw
