// JsonDocumentParser: documents from JSON text held in memory, one object or
// a batch, read exactly as the JSON Lines source reads a line (the same
// fields, id, metadata, limits and problems; see JsonlOptions). For services
// that receive documents in requests rather than files.
#ifndef BYLAW_JSON_DOCUMENTS_H_
#define BYLAW_JSON_DOCUMENTS_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "bylaw/document.h"
#include "bylaw/jsonl_source.h"

namespace bylaw {

// Not thread-safe (it reuses its parse buffers); use one per thread.
class JsonDocumentParser {
 public:
  // Throws bylaw::Error for an invalid JSON pointer in `options`.
  explicit JsonDocumentParser(const JsonlOptions& options = JsonlOptions{});
  ~JsonDocumentParser();
  JsonDocumentParser(JsonDocumentParser&&) noexcept;
  JsonDocumentParser& operator=(JsonDocumentParser&&) noexcept;

  // Reads one JSON object into *document. `fallback_id` is the id of a
  // document without one. False, with *problem saying why, when `json` is
  // not a document (invalid JSON, nested too deep, not an object, no text
  // when JsonlOptions::require_text); otherwise *problem lists what was
  // ignored, or is empty.
  bool Parse(std::string_view json, std::string_view fallback_id, Document* document,
             std::string* problem);

  // Called for each document of a batch: its index, whether it is a
  // document, the document and its problem, as Parse would say them.
  using Visitor =
      std::function<void(std::size_t index, bool read, const Document&, const std::string&)>;
  enum class Batch {
    kRead,      // every element was visited
    kInvalid,   // not an object whose `member` is an array (*error says why)
    kTooLarge,  // more than max_documents elements; nothing was parsed
  };
  // Reads `json`, an object whose member `member` is an array of objects
  // ({"documents": [{...}, ...]}), calling `visit` for each element in order;
  // an element without an id gets "item-N" (N from 1). The elements are
  // counted before anything is parsed, so an oversized batch costs no
  // memory.
  Batch ParseBatch(std::string_view json, std::string_view member, std::size_t max_documents,
                   const Visitor& visit, std::string* error);

 private:
  std::unique_ptr<internal::JsonDocumentReader> reader_;
};

}  // namespace bylaw

#endif  // BYLAW_JSON_DOCUMENTS_H_
