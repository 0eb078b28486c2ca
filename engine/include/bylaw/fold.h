// The folded form of a text: what plain-text terms are matched against,
// for tools that show it (`bylaw scan --explain`, `bylaw explain`).
#ifndef BYLAW_FOLD_H_
#define BYLAW_FOLD_H_

#include <string>
#include <string_view>

namespace bylaw {

// `text` as the scanner reads it before matching: case-folded (NFKC),
// invisible characters removed, combining marks stripped from Latin, Greek
// and Cyrillic letters, look-alike letters read as ASCII, whitespace runs
// as one space, invalid UTF-8 as U+FFFD.
std::string FoldedText(std::string_view text);

}  // namespace bylaw

#endif  // BYLAW_FOLD_H_
