// Deliveries: what a Source hands out. A delivery is one document plus what
// the adapters need around it: an opaque handle to acknowledge it by, where it
// came from (for messages), the problems met while reading it, and, for text
// that arrives in pieces (captions), a TextStream to pull the pieces from.
#ifndef BYLAW_DELIVERY_H_
#define BYLAW_DELIVERY_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/document.h"
#include "bylaw/verdict.h"

namespace bylaw {

// Something wrong with the input, at a line of the delivery's origin
// (0 when the origin has no lines, such as a stream entry).
struct Problem {
  std::size_t line = 0;
  std::string message;
};

// When a span of a timed document (captions) was spoken or shown: from the
// start of the first cue it overlaps to the end of the last one.
struct SpanTime {
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  std::uint32_t first_cue = 0;  // 1-based cue numbers in the source file
  std::uint32_t last_cue = 0;
};

// "01:02:03.045": hours (two digits or more), minutes, seconds, milliseconds.
std::string FormatTimestamp(std::int64_t ms);

// The text of one delivery when it arrives in pieces. The pipeline appends
// every piece to a DocumentStream, so the text never has to be whole in one
// place. Owned by its Delivery; not thread-safe.
class TextStream {
 public:
  virtual ~TextStream() = default;
  // The next piece: *field names the field, *chunk is text to append to it;
  // both are valid until the next call. False when there is no more text.
  // Throws bylaw::Error if the underlying input cannot be read.
  virtual bool Next(std::string_view* field, std::string_view* chunk) = 0;
  // Problems met so far (malformed cues, ...); the pipeline moves them into
  // the delivery once the text is read.
  virtual std::vector<Problem> TakeProblems() { return {}; }
  // When `span` (offsets in the text this stream produced) happened, for
  // timed text; nullopt when the stream has no times.
  virtual std::optional<SpanTime> TimeOf(const MatchSpan& span) const {
    (void)span;
    return std::nullopt;
  }
};

// One document handed out by a Source, and its bookkeeping. Reused across
// reads: Clear() keeps the capacity of its strings and vectors.
struct Delivery {
  // What the source needs to acknowledge or redeliver it: a line number, a
  // stream entry id, a file name. Opaque to everyone else; sinks may record
  // it (the Redis sink writes it as `source_id`).
  std::string handle;
  // Where it came from, for messages: a file name, `<stdin>`, `posts entry
  // 1700000000000-0`. Messages read "<origin>:<line>: ...".
  std::string origin;
  // Its first line in `origin` (0 when not line-based).
  std::size_t line = 0;
  // Times this document was handed out, this time included (1 unless the
  // source redelivers).
  std::uint32_t deliveries = 1;
  // Not a document (invalid JSON, no text, unreadable file): `problems` say
  // why, and it is not scanned. The source decides what to do with it.
  bool malformed = false;
  // Warnings about a readable document (values ignored, malformed cues), or
  // the errors that make it malformed.
  std::vector<Problem> problems;
  // The document: id, metadata, and every field when the text is whole. For
  // a streamed delivery, id and metadata only.
  Document document;
  // Non-null when the text arrives in pieces; the fields are then empty.
  std::unique_ptr<TextStream> stream;

  // What became of it; set by the pipeline, read by Source::Settle.
  enum class Outcome {
    kPending,  // not processed (yet)
    kDone,     // its verdict was written to the sink
    kFailed,   // malformed, or could not be decided: see `error`
    kRefused,  // over a limit (ScanLimits): never decided, however often delivered; see `error`
  };
  Outcome outcome = Outcome::kPending;
  std::string error;
  // Seconds the scan of this delivery took; set by the pipeline (metrics).
  double scan_seconds = 0;
  // Bytes of text scanned, whole or streamed; set by the pipeline (metrics:
  // a streamed verdict's document holds no text to count).
  std::size_t text_bytes = 0;

  void AddProblem(std::string message) { problems.push_back(Problem{line, std::move(message)}); }
  void Clear();
};

// "<origin>:<line>: <severity>: <message>\n" (no ":<line>" for line 0), the
// origin and message escaped with LogSafe (bylaw/log_text.h).
std::string FormatProblem(const Delivery& delivery, const Problem& problem,
                          std::string_view severity);

// A batch of deliveries, reused across reads so that its documents keep
// their capacity. Not thread-safe.
class DeliveryBatch {
 public:
  explicit DeliveryBatch(std::size_t capacity);

  // The next free slot, cleared. Requires !full().
  Delivery& Add();
  // Gives back the slot of the last Add() (nothing was read into it).
  void RemoveLast() { --size_; }
  // Empties the batch (slots keep their capacity).
  void Clear() { size_ = 0; }

  bool full() const { return size_ == slots_.size(); }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return slots_.size(); }
  Delivery& operator[](std::size_t i) { return slots_[i]; }
  const Delivery& operator[](std::size_t i) const { return slots_[i]; }
  Delivery* begin() { return slots_.data(); }
  Delivery* end() { return slots_.data() + size_; }
  const Delivery* begin() const { return slots_.data(); }
  const Delivery* end() const { return slots_.data() + size_; }

 private:
  std::vector<Delivery> slots_;
  std::size_t size_ = 0;
};

// Appends the verdict as one JSON object, like AppendVerdictJson, and adds
// to each span of a timed delivery its time:
//   "time":{"start":"00:01:02.500","end":"00:01:04.000","first_cue":7,"last_cue":8}
void AppendDeliveryVerdictJson(const Delivery& delivery, const Verdict& verdict,
                               std::string* out);

}  // namespace bylaw

#endif  // BYLAW_DELIVERY_H_
