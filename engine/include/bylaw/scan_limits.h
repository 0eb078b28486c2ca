// How large a document a scan accepts, so that one huge document cannot
// exhaust a worker's memory: a Scanner's views of a field (folded text, word
// view, offset maps) cost about ten times the field's size.
#ifndef BYLAW_SCAN_LIMITS_H_
#define BYLAW_SCAN_LIMITS_H_

#include <cstddef>
#include <cstdint>

#include "bylaw/document.h"
#include "bylaw/scanner.h"
#include "bylaw/verdict.h"

namespace bylaw {

struct ScanLimits {
  // Bytes of text in all the fields of one document together. Default: 16 MiB.
  std::size_t max_document_bytes = std::size_t{16} << 20;

  enum class Oversize : std::uint8_t {
    kRefuse,  // a larger document is an error (bylaw::Error naming it, its size and the limit)
    kStream,  // a larger document is scanned through a DocumentStream, in chunks
  };
  // What happens to a document over max_document_bytes. Default: kRefuse.
  Oversize oversize = Oversize::kRefuse;
  // With kStream: bytes appended to the stream at a time. Default: 64 KiB.
  std::size_t stream_chunk_bytes = std::size_t{64} << 10;
};

// Bytes of text in all the fields of `document`.
std::size_t DocumentBytes(const Document& document);

// Decides `document` with `scanner`, under `limits`. A document within
// max_document_bytes is scanned whole (Scanner::Scan). A larger one throws
// bylaw::Error with kRefuse; with kStream it is appended to `stream` (reset
// to the document's id; it must borrow `scanner`) field by field in chunks,
// and decided by stream->Finish(): the verdict then refers to the stream's
// document, whose fields have the same names but no text (the stream forgets
// it; Verdict::TextOf reads each span's text from the verdict). The verdict
// is valid until the next scan on `scanner`.
const Verdict& ScanWithinLimits(Scanner& scanner, DocumentStream* stream, const Document& document,
                                const ScanLimits& limits);

}  // namespace bylaw

#endif  // BYLAW_SCAN_LIMITS_H_
