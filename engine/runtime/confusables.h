// Look-alike letters: the non-ASCII letters that text folding reads as ASCII
// letters (`а` Cyrillic → a, `ı` → i, `ᴛ` → t). The table is generated at
// build time from the installed ICU's confusables data by
// engine/data/make_confusables.cc, which documents what it holds; the
// reviewed snapshot is engine/data/confusables.tsv.
#ifndef BYLAW_RUNTIME_CONFUSABLES_H_
#define BYLAW_RUNTIME_CONFUSABLES_H_

#include <span>
#include <string_view>

namespace bylaw::internal {

struct Confusable {
  char32_t code_point;  // a case-folded letter (what folding looks up)
  char ascii;           // the lowercase ASCII letter it reads as
  // A Latin letter that languages are spelled with (`ł`, `ø`, `ı`): it
  // folds, but is no disguise.
  bool spelling;
};

// The whole table, sorted by code point. Immutable; safe from any thread.
std::span<const Confusable> Confusables();

// The entry for `c`, or null if `c` is not in the table.
const Confusable* FindConfusable(char32_t c);

// The ICU version the table was generated from, e.g. "72.1".
std::string_view ConfusablesIcuVersion();

}  // namespace bylaw::internal

#endif  // BYLAW_RUNTIME_CONFUSABLES_H_
