// How large a document a scan accepts, and how much of it is scanned whole,
// so that one document cannot exhaust a worker's memory. A whole scan keeps
// a field's views (folded text, word view, offset maps: about ten times its
// size) and every match at once: text dense with matches (digits, prices,
// leet symbols) holds several a byte, up to about 700 bytes of memory a byte
// of text. A stream holds one window and the matches the verdict needs.
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
  // A document with more text than this, within max_document_bytes, is
  // streamed too (in chunks of stream_chunk_bytes): the verdict of a whole
  // scan, with a scan's memory bounded by one stream window. Default: one
  // window, 64 KiB.
  std::size_t whole_scan_bytes = DocumentStream::kWindowBytes;
};

// Bytes of text in all the fields of `document`.
std::size_t DocumentBytes(const Document& document);

// Decides `document` with `scanner`, under `limits`. A document over
// max_document_bytes throws bylaw::Error with kRefuse. One within
// whole_scan_bytes is scanned whole (Scanner::Scan), as is one within
// max_document_bytes that names a field twice (a stream would join the two);
// any other is appended to
// `stream` (reset to the document's id; it must borrow `scanner`; null: one
// the scanner keeps) field by field in chunks, and decided by the stream: the
// verdict of a whole scan for every match shorter than
// DocumentStream::kMaxCrossingMatch, its spans' texts in the verdict
// (Verdict::TextOf reads them). The verdict refers to `document` (to the
// stream's own, whose fields have no text, if a document over the limit
// names a field twice) and is valid until the next scan on `scanner`.
const Verdict& ScanWithinLimits(Scanner& scanner, DocumentStream* stream, const Document& document,
                                const ScanLimits& limits);

}  // namespace bylaw

#endif  // BYLAW_SCAN_LIMITS_H_
