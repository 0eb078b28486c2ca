// Rendering of a verdict for people (`bylaw scan` without --json). The JSON
// form for machines is AppendVerdictJson in the engine.
#include "verdict_text.h"

#include "bylaw/evasion.h"
#include "bylaw/fold.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <utility>
#include <vector>

#include <spdlog/fmt/fmt.h>

#include "bylaw/program.h"
#include "display_text.h"

namespace bylaw::cli {
namespace {

constexpr std::string_view kColorOn = "\x1b[1;31m";
constexpr std::string_view kColorOff = "\x1b[0m";

void AppendRuleHeader(const Program& program, const RuleInfo& rule, std::string* out) {
  const CategoryInfo& category = program.categories()[rule.category];
  *out += fmt::format("  {}\n    category: {}\n    action: {}, severity: {}\n", rule.id,
                      category.id, ActionName(rule.action), SeverityName(rule.severity));
  for (std::size_t i = 0; i < rule.labels.size(); ++i) {
    *out += i == 0 ? "    labels: " : ", ";
    *out += rule.labels[i];
    if (i + 1 == rule.labels.size()) *out += "\n";
  }
  if (!rule.resources.empty()) *out += "    resources:\n";
  for (const std::uint32_t index : rule.resources) {
    const Resource& resource = program.resources()[index];
    *out += fmt::format("      {} <{}>\n", resource.title, resource.url);
  }
}

// `text[10,28) "bl4ck0ut challenge" term=blackout evasions=leet`, and with
// `explain` the folded text under it: `folded "bl4ck0ut challenge"`.
void AppendSpanLine(const Verdict& verdict, const MatchSpan& span, bool explain, std::string* out) {
  *out += fmt::format("      {}[{},{}) ", verdict.FieldNameOf(span), span.begin, span.end);
  AppendQuoted(verdict.TextOf(span), out);
  *out += fmt::format(" term={}", verdict.program->term_name(span.term));
  const char* separator = " evasions=";
  span.evasions.ForEach([&](Evasion evasion) {
    *out += separator;
    *out += EvasionName(evasion);
    separator = ",";
  });
  *out += "\n";
  if (explain) {
    *out += "        folded ";
    AppendQuoted(FoldedText(verdict.TextOf(span)), out);
    *out += "\n";
  }
}

void AppendRuleMatches(const Verdict& verdict, std::string_view title,
                       std::span<const RuleMatch> matches, bool explain, std::string* out) {
  if (matches.empty()) {
    *out += fmt::format("{}: none\n", title);
    return;
  }
  *out += fmt::format("{} ({}):\n", title, matches.size());
  for (const RuleMatch& match : matches) {
    AppendRuleHeader(*verdict.program, verdict.program->rules()[match.rule], out);
    *out += "    spans:\n";
    for (const MatchSpan& span : verdict.SpansOf(match)) AppendSpanLine(verdict, span, explain, out);
  }
}

// The byte ranges of field `field` covered by any span, sorted and merged.
std::vector<std::pair<std::uint32_t, std::uint32_t>> HighlightRanges(const Verdict& verdict,
                                                                     std::uint32_t field) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
  const std::size_t size = verdict.document->fields[field].text.size();
  for (const MatchSpan& span : verdict.spans) {
    if (span.field != field || span.begin >= span.end || span.end > size) continue;
    ranges.emplace_back(span.begin, span.end);
  }
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
  for (const auto& range : ranges) {
    if (!merged.empty() && range.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  return merged;
}

// `  text: I did the [[blackout challenge]] today`
void AppendHighlightedField(const Verdict& verdict, std::uint32_t field, bool color,
                            std::string* out) {
  const Field& value = verdict.document->fields[field];
  const std::string_view text = value.text;
  std::string label = "  ";
  AppendDisplayed(value.name, 0, &label);
  label += ": ";
  *out += label;
  const std::size_t indent = label.size();
  std::size_t position = 0;
  for (const auto& [begin, end] : HighlightRanges(verdict, field)) {
    AppendDisplayed(text.substr(position, begin - position), indent, out);
    *out += color ? kColorOn : "[[";
    AppendDisplayed(text.substr(begin, end - begin), indent, out);
    *out += color ? kColorOff : "]]";
    position = end;
  }
  AppendDisplayed(text.substr(position), indent, out);
  *out += "\n";
}

}  // namespace

bool StdoutWantsColor() {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(fileno(stdout)) != 0 && (no_color == nullptr || *no_color == '\0');
}

std::string FormatVerdictText(const Verdict& verdict, const VerdictTextOptions& options) {
  std::string out = fmt::format("decision: {}\n", ActionName(verdict.decision));
  AppendRuleMatches(verdict, "live rules", verdict.live, options.explain, &out);
  AppendRuleMatches(verdict, "shadow rules", verdict.shadow, options.explain, &out);
  out += "document ";
  AppendQuoted(verdict.document->id, &out);
  out += ":\n";
  for (std::uint32_t field = 0; field < verdict.document->fields.size(); ++field) {
    AppendHighlightedField(verdict, field, options.color, &out);
  }
  out += fmt::format("ruleset: {}\n", verdict.program->hash());
  return out;
}

}  // namespace bylaw::cli
