// Documents' reuse of their fields' strings (bylaw/document.h).
#include "bylaw/document.h"

namespace bylaw {

Field& Document::CopyField(std::string_view name, std::string_view text) {
  if (spare_.fields.empty()) return AddField(std::string(name), std::string(text));
  Field& field = fields.emplace_back(std::move(spare_.fields.back()));
  spare_.fields.pop_back();
  field.name.assign(name);
  field.text.assign(text);
  return field;
}

std::string& Document::CopyMetadata(std::string_view key) {
  if (spare_.metadata.empty()) return metadata.emplace_back(std::string(key), std::string()).second;
  auto& [name, value] = metadata.emplace_back(std::move(spare_.metadata.back()));
  spare_.metadata.pop_back();
  name.assign(key);
  value.clear();
  return value;
}

namespace {

// Moves `entries` onto `spare`, up to `most` there, the first entry last so
// that it is the first one reused: a reader that writes the same entries in
// the same order writes each into strings of about its size.
template <class Entry>
void SetAside(std::vector<Entry>& entries, std::vector<Entry>& spare, std::size_t most) {
  for (auto entry = entries.rbegin(); entry != entries.rend() && spare.size() < most; ++entry) {
    spare.push_back(std::move(*entry));
  }
  entries.clear();
}

}  // namespace

void Document::Clear() {
  id.clear();
  SetAside(fields, spare_.fields, kSpareEntries);
  SetAside(metadata, spare_.metadata, kSpareEntries);
}

}  // namespace bylaw
