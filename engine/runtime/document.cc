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

// The first field is set aside last, so that it is the first one reused: a
// reader that writes the same fields in the same order writes each into
// strings of about its size.
void Document::Clear() {
  id.clear();
  for (auto field = fields.rbegin(); field != fields.rend(); ++field) {
    if (spare_.fields.size() < kSpareFields) spare_.fields.push_back(std::move(*field));
  }
  fields.clear();
  metadata.clear();
}

}  // namespace bylaw
