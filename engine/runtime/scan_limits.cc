// Run side: the document-size limit in front of Scanner::Scan. See
// bylaw/scan_limits.h.
#include "bylaw/scan_limits.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "bylaw/error.h"

namespace bylaw {

std::size_t DocumentBytes(const Document& document) {
  std::size_t bytes = 0;
  for (const Field& field : document.fields) bytes += field.text.size();
  return bytes;
}

const Verdict& ScanWithinLimits(Scanner& scanner, DocumentStream* stream, const Document& document,
                                const ScanLimits& limits) {
  const std::size_t bytes = DocumentBytes(document);
  if (bytes <= limits.max_document_bytes) return scanner.Scan(document);
  if (limits.oversize == ScanLimits::Oversize::kRefuse) {
    throw Error("document `" + document.id + "` has " + std::to_string(bytes) +
                " bytes of text, over the limit of " + std::to_string(limits.max_document_bytes) +
                " bytes");
  }
  const std::size_t chunk = std::max<std::size_t>(limits.stream_chunk_bytes, 1);
  stream->Reset(document.id);
  for (const auto& [key, value] : document.metadata) stream->AddMetadata(key, value);
  for (const Field& field : document.fields) {
    const std::string_view text = field.text;
    stream->Append(field.name, {});  // an empty field still exists in the verdict
    for (std::size_t pos = 0; pos < text.size(); pos += chunk) {
      stream->Append(field.name, text.substr(pos, chunk));
    }
  }
  return stream->Finish();
}

}  // namespace bylaw
