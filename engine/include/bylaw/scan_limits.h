// How large a document a scan accepts, and how many matches a whole scan
// may hold, so that one document cannot exhaust a worker's memory. A whole
// scan keeps a field's views (folded text, word view, offset maps: about ten
// times its size) and every match at once, a few hundred bytes each: text
// dense with matches (digits, prices, leet symbols) holds several a byte,
// which took up to 700 bytes of memory a byte of text. A stream holds one
// window and the matches the verdict needs.
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
  // A whole scan of a document within max_document_bytes that finds more
  // matches than this stops, and the document is streamed instead (in
  // chunks of stream_chunk_bytes). 0, the default: 65,536 and one more for
  // every 4 bytes of text, well above everyday text (about one match in 7
  // bytes with the bundled packs or 100k terms), so that a whole scan holds
  // at most about 100 bytes of matches a byte of text.
  std::size_t whole_scan_matches = 0;
};

// Bytes of text in all the fields of `document`.
std::size_t DocumentBytes(const Document& document);

// Decides `document` with `scanner`, under `limits`. A document over
// max_document_bytes throws bylaw::Error with kRefuse. One within it is
// scanned whole (Scanner::Scan) unless that finds more than
// whole_scan_matches, or, with kStream, it is over max_document_bytes: it is
// then appended to `stream` (reset to the document's id; it must borrow
// `scanner`; null: one the scanner keeps) field by field in chunks, and
// decided by the stream (see DocumentStream for where a stream's verdict
// may differ from a whole scan's). A document within max_document_bytes
// that names a field twice is scanned whole in any case (a stream would join
// the two fields). The verdict refers to `document` (to the stream's own,
// whose fields have no text, if a document over the limit names a field
// twice) and is valid until the next scan on `scanner`.
const Verdict& ScanWithinLimits(Scanner& scanner, DocumentStream* stream, const Document& document,
                                const ScanLimits& limits);

}  // namespace bylaw

#endif  // BYLAW_SCAN_LIMITS_H_
