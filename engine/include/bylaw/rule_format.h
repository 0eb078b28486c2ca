// `bylaw fmt`: rewrites a rule file (a pack, a vocabulary or the taxonomy)
// into one canonical layout without changing what it means. Compile side
// (bylaw_compiler); text in, text out, no file access.
//
// The layout: two-space indentation; the keys of each kind of map in the
// order the rule-writing guide presents them (unknown keys after the known
// ones, in their own order); strings quoted only where YAML needs it, single
// quotes unless the text needs escapes; regexes always single-quoted; block
// scalars (`|`, `>`) kept as block scalars with their lines; short flow lists
// and maps written on one line kept as they are. Comments stay with the
// entry they belong to: the lines above it and the end of its first line.
#ifndef BYLAW_RULE_FORMAT_H_
#define BYLAW_RULE_FORMAT_H_

#include <string>
#include <string_view>
#include <vector>

#include "bylaw/diagnostic.h"

namespace bylaw {

struct FormattedRuleFile {
  // The canonical text; meaningful only when ok().
  std::string text;
  // Why the file cannot be formatted faithfully, each located: invalid YAML
  // or UTF-8, anchors and aliases, tags, more than one document, duplicate
  // keys, keys that are lists or maps, and the mistakes the loader reports
  // in the text itself (an unquoted `#hashtag`, a tab indent).
  std::vector<Diagnostic> errors;
  // Set when the canonical text would read as different YAML values than
  // the original (a defect of the formatter, never of the file): `text` must
  // not be written. `errors` then holds one message saying so.
  bool meaning_changed = false;
  bool ok() const { return errors.empty(); }
};

// Formats `text`, the content of the rule file at `path`. The path decides
// the kind of the root map (`taxonomy.yaml` is the taxonomy; a root with a
// `vocabulary` key is a vocabulary; anything else a pack) and names the
// file in diagnostics. Never throws for any input.
FormattedRuleFile FormatRuleFile(std::string_view path, std::string_view text);

}  // namespace bylaw

#endif  // BYLAW_RULE_FORMAT_H_
