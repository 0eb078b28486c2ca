// The replay report's rules: the top live and shadow tables, then a
// collapsible section per matched rule with its fields (one function, so
// that new rule fields are rendered in one place), its counts and links to
// its shown documents. See report_html.h.
#include <spdlog/fmt/fmt.h>

#include "html_text.h"
#include "report_html.h"
#include "report_parts.h"

namespace bylaw::cli {

void ReplayReport::AppendCondition(std::string_view condition, bool is_unless, std::string* out) const {
  *out += "<code>";
  std::size_t at = 0;
  for (const ConditionToken& token : ScanCondition(condition)) {
    if (!token.name) continue;
    AppendHtml(condition.substr(at, token.begin - at), out);
    const std::string_view name = condition.substr(token.begin, token.end - token.begin);
    const TermRole role = is_unless || token.negated ? TermRole::kException : RoleOfTerm(name, {});
    *out += fmt::format("<span class=\"term {}\" title=\"{}\">{}</span>", TermRoleName(role),
                        TermRoleName(role), Html(name));
    at = token.end;
  }
  AppendHtml(condition.substr(at), out);
  *out += "</code>";
}

namespace {

// The rule's provenance as rows of its field list: maturity, author, date,
// references (http or https only, as the loader checks: safe to link) and
// known false positives.
template <typename Row>
void AppendProvenance(const RuleProvenance& provenance, Row& row) {
  if (provenance.maturity != Maturity::kUnset) row("maturity", MaturityName(provenance.maturity));
  if (!provenance.author.empty()) row("author", Html(provenance.author));
  if (!provenance.created.empty()) row("created", Html(provenance.created));
  std::string links;
  for (const std::string& url : provenance.references) {
    links += fmt::format("<a href=\"{0}\" rel=\"noreferrer\">{0}</a> ", Html(url));
  }
  if (!links.empty()) row("references", links);
  if (!provenance.false_positives.empty()) {
    row("false positives", Html(Join(provenance.false_positives, "; ")));
  }
}

}  // namespace

void ReplayReport::AppendRuleFields(const RuleInfo& rule, std::string* out) const {
  auto row = [out](std::string_view name, std::string_view html_value) {
    *out += "<dt>" + std::string(name) + "</dt><dd>" + std::string(html_value) + "</dd>";
  };
  *out += "<dl class=\"rule-fields\">";
  if (!rule.title.empty()) row("title", Html(rule.title));
  row("category", Html(program_.categories()[rule.category].id));
  row("action", ActionName(rule.action));
  row("severity", SeverityName(rule.severity));
  row("status", StatusName(rule.status));
  if (!rule.labels.empty()) row("labels", Html(Join(rule.labels)));
  std::string condition;
  AppendCondition(rule.condition, false, &condition);
  row("when", condition);
  if (!rule.unless.empty()) {
    std::string unless;
    AppendCondition(rule.unless, true, &unless);
    row("unless", unless);
  }
  if (!rule.location.file.empty()) {
    row("source", Html(fmt::format("{}:{}", rule.location.file, rule.location.line)));
  }
  AppendProvenance(rule.provenance, row);
  *out += "</dl>\n";
}

void ReplayReport::AppendRuleSections(std::string* out) const {
  const std::vector<std::size_t> order = TopIndices(rule_live_, rule_shadow_, rule_live_.size());
  *out += fmt::format(
      "<h2 id=\"rules\">Rules</h2>\n<p>{} of {} rules matched at least one document; "
      "documents matched counts each document once per rule.</p>\n",
      order.size(), rule_live_.size());
  AppendRuleTables(out);
  *out += "<h3>Every matched rule</h3>\n";
  for (const std::size_t index : order) {
    const RuleInfo& rule = program_.rules()[index];
    *out += fmt::format(
        "<details class=\"rule\" id=\"rule-{}\"><summary><code>{}</code> {} · {} · documents "
        "matched: <span class=\"live-count\">{}</span> live, <span class=\"shadow-count\">{}</span> "
        "shadow</summary>\n",
        index, Html(rule.id), Html(rule.title), ActionName(rule.action), rule_live_[index],
        rule_shadow_[index]);
    AppendRuleFields(rule, out);
    if (rule_shadow_[index] > 0) {
      *out += fmt::format("<p>Would change {} decisions had it been live.</p>\n",
                          rule_would_change_[index]);
    }
    const auto& shown = rule_documents_[index];
    *out += fmt::format("<p>Documents ({} linked of {}; <a href=\"?rule={}\">show only these</a>): ",
                        shown.size(), rule_live_[index] + rule_shadow_[index], Html(UrlQueryValue(rule.id)));
    for (const auto& [ordinal, id] : shown) {
      *out += fmt::format("<a href=\"#d{}\">{}</a> ", ordinal, Html(id));
    }
    *out += "</p></details>\n";
  }
}

}  // namespace bylaw::cli
