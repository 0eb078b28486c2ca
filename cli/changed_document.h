// One document whose outcome `bylaw diff` found changed, as it is shown:
// where it is, the fields that matched under either ruleset with an excerpt
// around the first match, and the words each ruleset matched in each field,
// so a change caused by a title or a caption can be seen.
#ifndef BYLAW_CLI_CHANGED_DOCUMENT_H_
#define BYLAW_CLI_CHANGED_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backtest.h"
#include "bylaw/verdict.h"

namespace bylaw::cli {

// The words a verdict matched in one field, for live and shadow rules alike.
struct FieldWords {
  std::uint32_t field = 0;         // index into Document::fields
  std::string name;                // the field's name
  std::vector<std::string> words;  // distinct matched texts, in order of place
  std::uint32_t first = 0;         // byte offset of the first match
};

// Per field that matched, in field order. Reads the matched text with
// Verdict::TextOf, so it needs the verdict's document.
std::vector<FieldWords> MatchedWords(const Verdict& verdict);

// A bounded piece of one field's text, around its first match.
struct Excerpt {
  std::string field;
  std::string text;       // whole UTF-8 characters of the field
  bool cut_before = false;  // the field goes on before `text`
  bool cut_after = false;   // ... and after it
};

// A copy of what a changed document shows; the verdicts may be reused after.
struct ChangedDocument {
  std::string id;
  std::string origin;    // where it was read: a file, `<stdin>`
  std::size_t line = 0;  // its line in `origin`; 0 when read without lines (files:)
  // Each field either ruleset matched, around the earliest match; the first
  // field with text when neither matched.
  std::vector<Excerpt> excerpts;
  std::vector<FieldWords> before, after;

  // `before` and `after` decided the same document (their `document`).
  static ChangedDocument Of(std::string origin, std::size_t line, const Verdict& before,
                            const Verdict& after);
};

// For people: the id and place, the excerpts, then old and new side by
// side: decision, categories, rules, and the words matched in each field.
std::string FormatChange(const ChangedDocument& change, const Outcome& before,
                         const Outcome& after);
// One JSON object: id, line, origin, shadow_only, old and new (decision,
// categories, rules, shadow, words per field).
nlohmann::json ChangeJson(const ChangedDocument& change, const Outcome& before,
                          const Outcome& after);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_CHANGED_DOCUMENT_H_
