// Scanner: the run side. One per thread.
#ifndef BYLAW_SCANNER_H_
#define BYLAW_SCANNER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/document.h"
#include "bylaw/program.h"
#include "bylaw/verdict.h"

namespace bylaw {

class Scanner;
class DocumentStream;
struct ScanLimits;
namespace internal {
class ScanState;
class HitTable;
class StreamMatches;
// The term matches of the scanner's last document, for the engine's own
// tools (bylaw/explain.h); not part of the stable API.
const HitTable& LastScanHits(const Scanner& scanner);
}  // namespace internal

// Scans documents against one Program and decides them.
//
// A Scanner owns every piece of mutable scan state (Hyperscan scratch, folded
// text, hit lists, the verdict) and reuses it across documents: once warm, a
// scan does not allocate. It is not thread-safe: use one Scanner per thread,
// all sharing the same Program. It keeps the Program alive.
class Scanner {
 public:
  // Throws bylaw::Error if Hyperscan cannot allocate scratch space.
  explicit Scanner(std::shared_ptr<const Program> program);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // Decides `document`. The returned verdict refers to `document` and is
  // valid until the next call on this scanner. Throws bylaw::Error for a
  // field of 4 GiB or more (offsets are 32-bit).
  const Verdict& Scan(const Document& document);

  const Program& program() const { return *program_; }
  const std::shared_ptr<const Program>& shared_program() const { return program_; }

 private:
  friend const internal::HitTable& internal::LastScanHits(const Scanner& scanner);
  friend class DocumentStream;
  friend const Verdict& ScanWithinLimits(Scanner& scanner, DocumentStream* stream,
                                         const Document& document, const ScanLimits& limits);

  std::shared_ptr<const Program> program_;
  std::unique_ptr<internal::ScanState> state_;
  // The stream ScanWithinLimits uses when its caller passes none; made on
  // first use. Last, so that it goes first.
  std::unique_ptr<DocumentStream> own_stream_;
};

// A document whose text arrives in chunks: chat sessions, live captions,
// transcripts. Each field's text is scanned as it arrives, through a sliding
// window, and forgotten: memory per stream stays bounded, whatever the
// length of the text (a window per field, plus the matches the verdict needs:
// the first kMaxSpansPerTerm of each term per field, those that decide
// count(), evaded() and near(); see engine/runtime/stream_matches.h).
// Chunks of one field are concatenated;
// a phrase split across two chunks still matches, and the verdict equals
// that of scanning the whole text at once for every match shorter than
// kMaxCrossingMatch bytes (a longer match, only possible with a regex, may
// be missed where it crosses a window boundary). Padding cannot stretch a
// term past the window: in a run of characters that folding drops
// (zero-width, bidi controls, variation selectors, combining marks where
// folding sheds them), only
// the first 32 are scanned, and a span's text keeps only those (its offsets
// are the original's), and near() counts the words of the shortened run:
// there a stream may decide otherwise than the whole text. The verdict's spans carry
// their text (Verdict::span_texts); its document has the fields' names and
// metadata, not their text. Finish() decides the document; the stream can
// then be reused with Reset(). Not thread-safe; borrows the scanner, which
// may scan other documents between Append calls.
class DocumentStream {
 public:
  // Window sizes, in bytes: a field is scanned kWindowBytes at a time, each
  // window overlapping the previous one by kOverlapBytes, of which
  // kContextBytes on each side serve as context only. So 1 byte in 15 is
  // scanned twice.
  static constexpr std::size_t kWindowBytes = 64 << 10;
  static constexpr std::size_t kOverlapBytes = 4 << 10;
  static constexpr std::size_t kContextBytes = 256;
  static constexpr std::size_t kMaxCrossingMatch = kOverlapBytes - 2 * kContextBytes;

  DocumentStream(Scanner& scanner, std::string id);
  ~DocumentStream();
  DocumentStream(const DocumentStream&) = delete;
  DocumentStream& operator=(const DocumentStream&) = delete;

  // Appends `chunk` to field `field` (created on first use). Throws
  // bylaw::Error once a field reaches 4 GiB (offsets are 32-bit).
  void Append(std::string_view field, std::string_view chunk);
  void AddMetadata(std::string key, std::string value);
  // The verdict over everything appended; valid until the next scan on the scanner.
  const Verdict& Finish();
  // The same verdict, referring to `whole` instead of the stream's own
  // document, when `whole` holds the text appended: its fields, in order,
  // are the stream's (ScanWithinLimits, streaming a document it was given
  // whole). Otherwise the same as Finish().
  const Verdict& Finish(const Document& whole);
  void Reset(std::string id);
  // Bytes held for this stream: the fields' windows and the matches kept.
  std::size_t buffered_bytes() const;

 private:
  struct FieldWindow;
  FieldWindow& FieldNamed(std::string_view name);
  void Fill(FieldWindow& field, std::string_view chunk);
  void ScanWindow(FieldWindow& field, bool last);
  static std::uint64_t Original(const FieldWindow& field, std::uint64_t at, bool end);

  Scanner& scanner_;
  Document document_;  // names and metadata; no text
  std::vector<FieldWindow> windows_;
  std::unique_ptr<internal::StreamMatches> matches_;
};

}  // namespace bylaw

#endif  // BYLAW_SCANNER_H_
