// Documents: what the engine scans.
#ifndef BYLAW_DOCUMENT_H_
#define BYLAW_DOCUMENT_H_

#include <string>
#include <utility>
#include <vector>

namespace bylaw {

// One named text field of a document: `text`, `title`, `caption`,
// `transcript`, or any other name. The text is raw bytes, normally UTF-8;
// invalid UTF-8 and NUL bytes are scanned, never rejected.
struct Field {
  std::string name;
  std::string text;
};

// A document to moderate. Plain value type; adapters reuse one instance
// across documents (clear() keeps capacity) so that reading does not allocate
// once warm.
struct Document {
  std::string id;
  std::vector<Field> fields;
  std::vector<std::pair<std::string, std::string>> metadata;

  // Appends a field and returns it.
  Field& AddField(std::string name, std::string text) {
    return fields.emplace_back(Field{std::move(name), std::move(text)});
  }
  void Clear() {
    id.clear();
    fields.clear();
    metadata.clear();
  }
};

}  // namespace bylaw

#endif  // BYLAW_DOCUMENT_H_
