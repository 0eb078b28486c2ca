// Documents' reuse of their fields' and metadata entries' strings (bylaw/document.h).
#include "bylaw/document.h"

namespace bylaw {

namespace {

// Appends to `entries` the entry last set aside in `spare`, or a new one.
template <class Entry>
Entry& Reuse(std::vector<Entry>& entries, std::vector<Entry>& spare) {
  if (spare.empty()) return entries.emplace_back();
  Entry& entry = entries.emplace_back(std::move(spare.back()));
  spare.pop_back();
  return entry;
}

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

Field& Document::CopyField(std::string_view name, std::string_view text) {
  Field& field = Reuse(fields, spare_.fields);
  field.name.assign(name);
  field.text.assign(text);
  return field;
}

std::string& Document::CopyMetadata(std::string_view key) {
  auto& [name, value] = Reuse(metadata, spare_.metadata);
  name.assign(key);
  value.clear();
  return value;
}

void Document::Clear() {
  id.clear();
  SetAside(fields, spare_.fields, kSpareEntries);
  SetAside(metadata, spare_.metadata, kSpareEntries);
}

}  // namespace bylaw
