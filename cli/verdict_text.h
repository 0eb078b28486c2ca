// The human-readable verdict of `bylaw scan`: the decision, every matched
// rule with its spans, the document with the spans highlighted, and the
// ruleset it was decided by.
#ifndef BYLAW_CLI_VERDICT_TEXT_H_
#define BYLAW_CLI_VERDICT_TEXT_H_

#include <string>

#include "bylaw/verdict.h"

namespace bylaw::cli {

struct VerdictTextOptions {
  // Highlight matches with ANSI bold red; otherwise with [[ and ]].
  bool color = false;
  // Under each span, the folded text it was matched as (`scan --explain`).
  bool explain = false;
};

// True when stdout is a terminal and NO_COLOR is unset or empty.
bool StdoutWantsColor();

// Formats `verdict` (which needs its program and document) for people, over
// several lines ending with a newline. Document text is escaped with
// AppendQuoted / AppendDisplayed, never written raw.
std::string FormatVerdictText(const Verdict& verdict, const VerdictTextOptions& options);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_VERDICT_TEXT_H_
