// JsonDocumentParser: the public face of the adapters' JSON document reader.
#include "bylaw/json_documents.h"

#include <utility>

#include "json_document.h"

namespace bylaw {

JsonDocumentParser::JsonDocumentParser(const JsonlOptions& options)
    : reader_(std::make_unique<internal::JsonDocumentReader>(options)) {}

JsonDocumentParser::~JsonDocumentParser() = default;
JsonDocumentParser::JsonDocumentParser(JsonDocumentParser&&) noexcept = default;
JsonDocumentParser& JsonDocumentParser::operator=(JsonDocumentParser&&) noexcept = default;

bool JsonDocumentParser::Parse(std::string_view json, std::string_view fallback_id,
                               Document* document, std::string* problem) {
  return reader_->Read(json, fallback_id, document, problem);
}

JsonDocumentParser::Batch JsonDocumentParser::ParseBatch(std::string_view json,
                                                         std::string_view member,
                                                         std::size_t max_documents,
                                                         const Visitor& visit, std::string* error) {
  bool too_many = false;
  if (reader_->ReadBatch(json, member, max_documents, visit, error, &too_many)) return Batch::kRead;
  return too_many ? Batch::kTooLarge : Batch::kInvalid;
}

}  // namespace bylaw
