// Rendering of match spans for the author tools. See span_text.h.
#include "span_text.h"

#include "display_text.h"

namespace bylaw::cli {

std::vector<std::string> EvasionNames(EvasionSet evasions) {
  std::vector<std::string> names;
  evasions.ForEach([&names](Evasion evasion) { names.emplace_back(EvasionName(evasion)); });
  return names;
}

std::string_view SpanText(const Document& document, const MatchSpan& span) {
  if (span.field >= document.fields.size()) return {};
  const std::string_view text = document.fields[span.field].text;
  if (span.begin > span.end || span.end > text.size()) return {};
  return text.substr(span.begin, span.end - span.begin);
}

std::string SpanLine(const Program& program, const Document& document, const MatchSpan& span) {
  std::string line;
  AppendDisplayed(span.field < document.fields.size() ? document.fields[span.field].name : "?", 0,
                  &line);
  line += "[" + std::to_string(span.begin) + "," + std::to_string(span.end) + ") ";
  AppendQuoted(SpanText(document, span), &line);
  line += " term=" + std::string(program.term_name(span.term));
  const std::vector<std::string> evasions = EvasionNames(span.evasions);
  for (std::size_t i = 0; i < evasions.size(); ++i) line += (i == 0 ? " evasions=" : ",") + evasions[i];
  return line;
}

nlohmann::json SpanJson(const Program& program, const Document& document, const MatchSpan& span) {
  return {{"field", span.field < document.fields.size() ? document.fields[span.field].name : ""},
          {"begin", span.begin},
          {"end", span.end},
          {"text", std::string(SpanText(document, span))},
          {"term", std::string(program.term_name(span.term))},
          {"evasions", EvasionNames(span.evasions)}};
}

}  // namespace bylaw::cli
