// The expression a regex database's finder compiles for an author regex.
// The finder only says which regexes matched somewhere; each of those is
// then scanned alone, as written, with its start of match, and only that
// scan's matches count (ScanPatternDatabase). So the finder may match more
// than the regex, never less: it only needs every place a match can end.
// Compile side only.
#ifndef BYLAW_INTERNAL_REGEX_FINDER_H_
#define BYLAW_INTERNAL_REGEX_FINDER_H_

#include <string>
#include <string_view>

namespace bylaw::internal {

// `expression` without what Hyperscan finds dear at its head and the ends of
// its matches do not need: a leading `(^|C)` for one character class C, and
// a leading repeated class `C{m,n}` cut to `C{m}` (`C+` to `C`, `C*` and
// `C?` dropped) with the `\b` before it, if any. A match of `expression` ending at a
// byte has a suffix that the result matches ending at the same byte. Returns
// `expression` unchanged when its head is none of these or is not read with
// certainty.
std::string FinderExpression(std::string_view expression);

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_REGEX_FINDER_H_
