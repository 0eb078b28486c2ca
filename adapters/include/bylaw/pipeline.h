// Pipeline: Source -> Scanner -> Sink -> acknowledgement, batch by batch.
// `bylaw replay` and `bylaw worker` are both one Pipeline.
//
//   AdapterRegistry registry = AdapterRegistry::WithBuiltins();
//   auto source = registry.OpenSource("redis://127.0.0.1:6379/posts?group=mod", {});
//   auto sink = registry.OpenSink(source->default_sink());
//   Pipeline pipeline([&] { return program; }, *source, *sink);
//   std::atomic<bool> stop{false};   // set from a SIGTERM handler
//   pipeline.Run(stop);
#ifndef BYLAW_PIPELINE_H_
#define BYLAW_PIPELINE_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "bylaw/delivery.h"
#include "bylaw/program.h"
#include "bylaw/scan_limits.h"
#include "bylaw/scanner.h"
#include "bylaw/source.h"

namespace bylaw {

// Where the pipeline gets its program, once per batch: a hot reload is a
// provider that starts returning another pointer. Must not return null.
using ProgramProvider = std::function<std::shared_ptr<const Program>()>;

// Per-document hooks: counting, metrics, progress, verdict post-processing.
// Called on the pipeline's thread, in delivery order.
class PipelineObserver {
 public:
  virtual ~PipelineObserver() = default;
  // May replace the verdict the sink receives (return another Verdict that
  // lives until the next call); the default keeps it.
  virtual const Verdict& Review(const Delivery& delivery, const Verdict& verdict) {
    (void)delivery;
    return verdict;
  }
  // The verdict was handed to the sink (not yet flushed).
  virtual void OnVerdict(const Delivery& delivery, const Verdict& verdict) {
    (void)delivery;
    (void)verdict;
  }
  // A decided delivery came with problems (values ignored, malformed cues).
  virtual void OnWarnings(const Delivery& delivery) { (void)delivery; }
  // A delivery was not decided: malformed (see its problems), the scan
  // failed (`error`), or the scan limits refused it (outcome kRefused, and
  // `error`). The source then decides whether it comes back.
  virtual void OnFailure(const Delivery& delivery) { (void)delivery; }
};

// The document-size limits of a pipeline unless told otherwise: a document
// with more than 1 MiB of text, or more matches than a whole scan may hold
// (ScanLimits::whole_scan_matches), is streamed (DocumentStream: the same
// verdict, while a Scanner's views and matches stay bounded), never refused.
inline constexpr ScanLimits kPipelineScanLimits{.max_document_bytes = std::size_t{1} << 20,
                                                .oversize = ScanLimits::Oversize::kStream};

// Decides deliveries: whole documents with Scanner::Scan; streamed ones, and
// whole ones over the size limit with Oversize::kStream, through a
// DocumentStream. One per thread; keeps the program alive.
class DeliveryScanner {
 public:
  explicit DeliveryScanner(std::shared_ptr<const Program> program,
                           const ScanLimits& limits = kPipelineScanLimits);

  // The verdict, valid until the next call; null when the limits refuse the
  // document (more text than max_document_bytes, with Oversize::kRefuse;
  // for a streamed delivery, as soon as it reaches that much): delivery.error
  // then names the document, its size and the limit. Sets
  // delivery.text_bytes, and moves the problems of a streamed delivery into
  // delivery.problems. Throws bylaw::Error when the
  // document cannot be decided (a field of 4 GiB, an unreadable caption file).
  const Verdict* Scan(Delivery& delivery);

  const std::shared_ptr<const Program>& program() const { return scanner_.shared_program(); }

 private:
  const Verdict* ScanStreamed(Delivery& delivery);
  // Sets delivery.error to why the document is refused; returns null.
  const Verdict* Refuse(Delivery& delivery, std::string_view size) const;

  Scanner scanner_;
  DocumentStream stream_;
  ScanLimits limits_;
};

struct PipelineOptions {
  // Deliveries per batch; 0 takes the source's preferred size.
  std::size_t batch_size = 0;
  // After a recoverable failure (Redis gone), the first wait before trying
  // again; each further failure doubles it, up to `max_backoff`.
  std::chrono::milliseconds first_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
  // How large a document is decided whole, and what happens to a larger one.
  ScanLimits scan_limits = kPipelineScanLimits;
};

struct PipelineStats {
  std::size_t decided = 0;     // verdicts handed to the sink
  std::size_t failed = 0;      // deliveries not decided (malformed, failed or refused)
  std::size_t refused = 0;     // of those, refused by the scan limits
  std::size_t batches = 0;     // batches settled
  std::size_t recoveries = 0;  // failures of the source or sink survived
  // False when the run stopped while the source or sink was failing: the
  // batch in flight was not acknowledged (a redelivering source has kept it).
  bool settled = true;
};

// Runs a source through a scanner into a sink. Not thread-safe: one per
// thread, each with its own source and sink.
class Pipeline {
 public:
  // Borrows the source and sink, which must outlive the pipeline. Throws
  // bylaw::Error when the sink writes into the stream the source reads.
  Pipeline(ProgramProvider programs, Source& source, Sink& sink, PipelineOptions options = {});

  // Borrows `observer`, which must outlive the pipeline.
  void AddObserver(PipelineObserver* observer) { observers_.push_back(observer); }

  // Runs until the source is exhausted or `stop` is true. `stop` is checked
  // between batches: the batch in flight is finished, flushed and settled
  // first. A failure of a recoverable source, or of the sink while reading
  // one, is logged and retried after a growing wait, unless it is lasting
  // (Error::lasting); otherwise bylaw::Error propagates.
  PipelineStats Run(const std::atomic<bool>& stop);

 private:
  void RunBatch(DeliveryBatch& batch, bool* more);
  void Decide(Delivery& delivery);
  void Fail(Delivery& delivery, std::string error,
            Delivery::Outcome outcome = Delivery::Outcome::kFailed);
  // Whether each batch is flushed before the next is read; otherwise the
  // sink writes blocks as they fill, and Run flushes once at the end.
  bool FlushEachBatch() const;
  // Writes what the sink holds before an error ends the run; a failure to
  // write is logged, and the first error propagates.
  void FlushBeforeFailing();
  // Sleeps for `delay` unless `stop` becomes true first.
  static void Wait(std::chrono::milliseconds delay, const std::atomic<bool>& stop);

  ProgramProvider programs_;
  Source& source_;
  Sink& sink_;
  PipelineOptions options_;
  std::vector<PipelineObserver*> observers_;
  std::unique_ptr<DeliveryScanner> scanner_;
  PipelineStats stats_;
};

}  // namespace bylaw

#endif  // BYLAW_PIPELINE_H_
