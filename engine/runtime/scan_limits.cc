// Run side: the document-size limit in front of Scanner::Scan. See
// bylaw/scan_limits.h.
#include "bylaw/scan_limits.h"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/error.h"
#include "runtime/scan_state.h"

namespace bylaw {

std::size_t DocumentBytes(const Document& document) {
  std::size_t bytes = 0;
  for (const Field& field : document.fields) bytes += field.text.size();
  return bytes;
}

namespace {

// A stream joins the chunks of one field name: a document that names a
// field twice would be read as one field there.
bool NamesAFieldTwice(const Document& document) {
  std::vector<std::string_view> names;
  names.reserve(document.fields.size());
  for (const Field& field : document.fields) names.push_back(field.name);
  std::sort(names.begin(), names.end());
  return std::adjacent_find(names.begin(), names.end()) != names.end();
}

}  // namespace

const Verdict& ScanWithinLimits(Scanner& scanner, DocumentStream* stream, const Document& document,
                                const ScanLimits& limits) {
  const std::size_t bytes = DocumentBytes(document);
  if (bytes > limits.max_document_bytes) {
    if (limits.oversize == ScanLimits::Oversize::kRefuse) {
      throw Error("document `" + document.id + "` has " + std::to_string(bytes) +
                  " bytes of text, over the limit of " + std::to_string(limits.max_document_bytes) +
                  " bytes");
    }
  } else {
    const std::size_t most = limits.whole_scan_matches != 0 ? limits.whole_scan_matches : 65536 + bytes / 4;
    if (const Verdict* verdict = scanner.state_->ScanAtMost(*scanner.program_, document, most)) {
      return *verdict;
    }
    if (NamesAFieldTwice(document)) return scanner.Scan(document);
  }
  const std::size_t chunk = std::max<std::size_t>(limits.stream_chunk_bytes, 1);
  if (stream == nullptr) {
    if (scanner.own_stream_ == nullptr) scanner.own_stream_ = std::make_unique<DocumentStream>(scanner, "");
    stream = scanner.own_stream_.get();
  }
  stream->Reset(document.id);
  for (const auto& [key, value] : document.metadata) stream->AddMetadata(key, value);
  for (const Field& field : document.fields) {
    const std::string_view text = field.text;
    stream->Append(field.name, {});  // an empty field still exists in the verdict
    for (std::size_t pos = 0; pos < text.size(); pos += chunk) {
      stream->Append(field.name, text.substr(pos, chunk));
    }
  }
  return stream->Finish(document);
}

}  // namespace bylaw
