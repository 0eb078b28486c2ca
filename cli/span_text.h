// Match spans as the author tools (explain, diff, report) show them: one
// line for people, one JSON object for machines, with the evasions that
// disguised the matched text.
#ifndef BYLAW_CLI_SPAN_TEXT_H_
#define BYLAW_CLI_SPAN_TEXT_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/document.h"
#include "bylaw/evasion.h"
#include "bylaw/program.h"
#include "bylaw/verdict.h"

namespace bylaw::cli {

// The names of the evasions in `evasions`, in declaration order.
std::vector<std::string> EvasionNames(EvasionSet evasions);

// `text[10,28) "blackout challenge" term=blackout evasions=leet,separator`,
// the matched text quoted and escaped (AppendQuoted).
std::string SpanLine(const Program& program, const Document& document, const MatchSpan& span);

// {"field","begin","end","text","term","evasions"}; `text` is the raw
// original bytes (the JSON writer replaces invalid UTF-8).
nlohmann::json SpanJson(const Program& program, const Document& document, const MatchSpan& span);

// The original bytes of `span`, empty if it does not fit the document.
std::string_view SpanText(const Document& document, const MatchSpan& span);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_SPAN_TEXT_H_
