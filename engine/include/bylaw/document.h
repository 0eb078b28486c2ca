// Documents: what the engine scans.
#ifndef BYLAW_DOCUMENT_H_
#define BYLAW_DOCUMENT_H_

#include <cstddef>
#include <string>
#include <string_view>
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
// across documents (Clear() keeps capacity, CopyField reuses it) so that
// reading does not allocate once warm.
struct Document {
  std::string id;
  std::vector<Field> fields;
  std::vector<std::pair<std::string, std::string>> metadata;

  // Appends a field and returns it.
  Field& AddField(std::string name, std::string text) {
    return fields.emplace_back(Field{std::move(name), std::move(text)});
  }
  // Appends a field holding copies of `name` and `text`, written into the
  // strings of a field an earlier Clear() set aside when there is one.
  Field& CopyField(std::string_view name, std::string_view text);
  // Appends a metadata entry named `key` the same way; returns its value,
  // empty, for the caller to fill.
  std::string& CopyMetadata(std::string_view key);
  // Empties the document. The id keeps its capacity; the fields and the
  // metadata entries, up to kSpareEntries of each, are set aside for
  // CopyField and CopyMetadata.
  void Clear();

  static constexpr std::size_t kSpareEntries = 16;

 private:
  // What Clear() set aside. A copy of the document starts without any.
  struct Spare {
    std::vector<Field> fields;
    std::vector<std::pair<std::string, std::string>> metadata;
    Spare() = default;
    Spare(const Spare&) {}
    Spare& operator=(const Spare&) { return *this; }
    Spare(Spare&&) = default;
    Spare& operator=(Spare&&) = default;
  };
  Spare spare_;
};

}  // namespace bylaw

#endif  // BYLAW_DOCUMENT_H_
