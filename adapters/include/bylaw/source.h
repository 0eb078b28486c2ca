// The adapter interface: a Source yields deliveries (documents with a handle
// to acknowledge them by), a Sink takes their verdicts. The engine knows
// neither; the Pipeline (bylaw/pipeline.h) joins them to a Scanner.
//
// Acknowledgement is explicit: a source is told, batch by batch, which
// deliveries are done (their verdicts are written) and which failed. A source
// that can redeliver (a Redis consumer group) redelivers everything else.
#ifndef BYLAW_SOURCE_H_
#define BYLAW_SOURCE_H_

#include <cstddef>
#include <string>

#include "bylaw/delivery.h"
#include "bylaw/verdict.h"

namespace bylaw {

// Where documents come from. One per thread; not thread-safe.
class Source {
 public:
  virtual ~Source() = default;

  // Adds deliveries to the (empty) `batch`, at most its capacity. A live
  // source may wait a while for input and come back with an empty batch.
  // Returns false once the input is exhausted (the batch may still hold its
  // last deliveries); a live source returns false only when it was asked to
  // stop when idle. Throws bylaw::Error when the input fails (unreadable,
  // connection lost); see recoverable().
  virtual bool Read(DeliveryBatch& batch) = 0;

  // Called once per batch, after the verdicts of its kDone deliveries are
  // written to the sink: acknowledges those, and handles the kFailed ones
  // (a redelivering source leaves them for redelivery or, after too many
  // deliveries, dead-letters them). A kRefused delivery would be refused
  // again: a redelivering source dead-letters it at once. kPending
  // deliveries are not acknowledged.
  // Throws bylaw::Error like Read.
  virtual void Settle(DeliveryBatch& batch) { (void)batch; }

  // Whether the pipeline may retry after a bylaw::Error from Read or Settle,
  // after Reset(). False for files: their errors end the run.
  virtual bool recoverable() const { return false; }
  // Forgets the state of the batch in flight and drops the connection, so
  // that the next Read reconnects and first redelivers what was not
  // acknowledged. Never throws.
  virtual void Reset() {}

  // Whether the verdicts of each batch must be flushed (Sink::Flush) before
  // the next batch is read: the source acknowledges deliveries, or someone
  // waits for each verdict (a program driving bylaw through stdin). False
  // lets a file's verdicts go out in large blocks, flushed at the end.
  virtual bool flush_each_batch() const { return true; }
  // Deliveries per batch that suit this source (the pipeline's default).
  virtual std::size_t preferred_batch_size() const { return 64; }
  // The sink URI for verdicts when the user names none: "stdout:", or for a
  // Redis stream its output stream on the same server.
  virtual std::string default_sink() const { return "stdout:"; }
  // The stream read, as the URI of a sink that would write into it; empty
  // when none could (files, stdin). See Sink::stream_uri.
  virtual std::string stream_uri() const { return ""; }
};

// Where verdicts go. One per thread; not thread-safe.
class Sink {
 public:
  virtual ~Sink() = default;

  // Takes the verdict of `delivery` (which Write may buffer). `verdict` is
  // valid only during the call.
  virtual void Write(const Delivery& delivery, const Verdict& verdict) = 0;
  // Makes every verdict written so far durable as far as the medium allows
  // (written to the file, added to the stream): only then are their
  // deliveries acknowledged. Throws bylaw::Error on failure.
  virtual void Flush() = 0;
  // Whether Write writes its verdicts out itself once it holds a block of
  // them, so that the pipeline may leave Flush to the end of a file; false:
  // the sink holds every verdict until Flush.
  virtual bool writes_blocks() const { return false; }
  // Drops buffered verdicts and the connection after a failure (they will be
  // redelivered and written again). Never throws.
  virtual void Reset() {}
  // The stream written, in the form Source::stream_uri gives; empty for
  // sinks that write no stream. A pipeline refuses a sink whose stream is
  // its source's.
  virtual std::string stream_uri() const { return ""; }
};

}  // namespace bylaw

#endif  // BYLAW_SOURCE_H_
