// The replay report's counting, its charts and tables, and the page around
// them. Rule sections are in report_rules.cc, documents in
// report_documents.cc. See report_html.h.
#include "report_html.h"

#include <algorithm>
#include <set>
#include <tuple>

#include <spdlog/fmt/fmt.h>

#include "html_text.h"
#include "report_parts.h"
#include "report_script.h"

namespace bylaw::cli {
namespace {

constexpr std::array<Action, 5> kActions = {Action::kAllow, Action::kLabel, Action::kReview,
                                            Action::kRestrict, Action::kRemove};

constexpr std::string_view kReportStyle =
    "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}\n"
    "h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ddd}[hidden]{display:none!important}\n"
    "table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;vertical-align:top}\n"
    "td.n,th.n{text-align:right}tr:nth-child(even){background:#f6f6f6}caption{text-align:left}\n"
    ".caption{margin:1em 0 0;font-weight:bold}.chart .label,.chart .value{font-size:12px;fill:#333}\n"
    ".bar{fill:#8aa}.bar.allow{fill:#9c9}.bar.label{fill:#dc6}.bar.review{fill:#e95}\n"
    ".bar.restrict{fill:#d66}.bar.remove{fill:#a33}.bar.live{fill:#a33}.bar.shadow{fill:#88b}\n"
    ".facets{display:flex;flex-wrap:wrap;gap:1em 2em}\n"
    ".tag{font-size:11px;padding:1px 6px;border-radius:8px;background:#eee;margin-right:4px}\n"
    ".tag.shadow{background:#dde}.decision{font-weight:bold}.warn{color:#a33;font-size:12px}\n"
    "details.doc,details.rule{border:1px solid #ddd;border-radius:6px;padding:6px 12px;margin:8px 0}\n"
    "summary{cursor:pointer}.preview{color:#666}.rule-fields dt{font-weight:bold;float:left;"
    "clear:left;width:7em}.rule-fields dd{margin-left:8em}\n"
    ".field{white-space:pre-wrap;word-break:break-word;margin:4px 0}.field b{color:#666;font-weight:normal}\n"
    ".meta{color:#555;font-size:12px}.spans{font-size:12px}\n"
    ".term{padding:0 3px;border-radius:3px}.harm{background:#f7a8a8}.cue{background:#f9d270}\n"
    ".context{background:#a8e0a0}.exception{background:#a9c8f5}\n"
    "mark.shadow{outline:2px dashed #669}mark sub{font-size:10px;color:#555;margin-left:2px}\n"
    ".invisible{font-size:10px;color:#fff;background:#c33;border-radius:3px;padding:0 2px;margin:0 1px}\n"
    ".lookalike{text-decoration:underline wavy #c33;background:#fde}\n"
    ".legend{border:1px solid #ddd;padding:6px 12px;border-radius:6px}.legend li{margin:2px 0}\n"
    "#filter{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #ddd}\n"
    "#filter label{margin-right:10px;white-space:nowrap}\n";

// Nothing may load and no script may run but the filter, allowed by its
// hash: even a markup slip in document text stays inert.
std::string Head() {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src 'none'; script-src 'sha256-{}'; base-uri 'none'; "
      "form-action 'none'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width\">\n"
      "<title>bylaw replay report</title>\n<style>\n{}</style></head><body>\n",
      kReportScriptSha256, kReportStyle);
}

}  // namespace

std::string Join(const std::vector<std::string>& names, const char* separator) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : separator) + name;
  return text;
}

std::vector<std::size_t> TopIndices(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b,
                                    std::size_t top) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] + b[i] > 0) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return a[x] + b[x] > a[y] + b[y]; });
  if (order.size() > top) order.resize(top);
  return order;
}

namespace {

// A rule's id linked to its section, its maturity as a tag when its author
// gave one, and its title below, for the rule tables.
std::string RuleCell(std::size_t rule, const RuleInfo& info) {
  std::string cell = fmt::format("<a href=\"#rule-{}\">{}</a>", rule, Html(info.id));
  if (info.provenance.maturity != Maturity::kUnset) {
    cell += " <span class=\"tag\">" + std::string(MaturityName(info.provenance.maturity)) + "</span>";
  }
  if (!info.title.empty()) cell += "<br><small>" + Html(info.title) + "</small>";
  return cell;
}

}  // namespace

ReplayReport::ReplayReport(const Program& program, ReportOptions options)
    : program_(program),
      options_(std::move(options)),
      category_live_(program.categories().size()),
      category_shadow_(program.categories().size()),
      category_docs_live_(program.categories().size()),
      category_docs_shadow_(program.categories().size()),
      rule_live_(program.rules().size()),
      rule_shadow_(program.rules().size()),
      rule_would_change_(program.rules().size()),
      rule_documents_(program.rules().size()),
      term_live_(program.stats().terms),
      term_shadow_(program.stats().terms) {
  for (const RuleInfo& rule : program.rules()) exceptions_.push_back(ExceptionNames(rule));
}

void ReplayReport::CountTerms(const Verdict& verdict) {
  // Each match once per document, even when several rules show it.
  std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, bool>> seen;
  auto count = [&](const std::vector<RuleMatch>& matches, bool live) {
    for (const RuleMatch& match : matches) {
      for (const MatchSpan& span : verdict.SpansOf(match)) {
        if (span.term >= term_live_.size() || !seen.emplace(span.term, span.field, span.begin, live).second) {
          continue;
        }
        ++(live ? term_live_ : term_shadow_)[span.term];
      }
    }
  };
  count(verdict.live, true);
  count(verdict.shadow, false);
}

// Rule matches per category, and documents per category: a document counts
// once per category however many of its rules matched.
void ReplayReport::CountCategories(const Verdict& verdict) {
  std::set<std::uint32_t> live, shadow;
  for (const RuleMatch& match : verdict.live) {
    const std::uint32_t category = program_.rules()[match.rule].category;
    ++category_live_[category];
    if (live.insert(category).second) ++category_docs_live_[category];
  }
  for (const RuleMatch& match : verdict.shadow) {
    const std::uint32_t category = program_.rules()[match.rule].category;
    ++category_shadow_[category];
    if (shadow.insert(category).second) ++category_docs_shadow_[category];
  }
}

void ReplayReport::AddVerdict(const Verdict& verdict, std::size_t text_bytes) {
  ++documents_;
  ++decisions_[static_cast<std::size_t>(verdict.decision)];
  bytes_ += text_bytes;
  for (const RuleMatch& match : verdict.live) ++rule_live_[match.rule];
  for (const RuleMatch& match : verdict.shadow) {
    ++rule_shadow_[match.rule];
    if (program_.rules()[match.rule].action > verdict.decision) ++rule_would_change_[match.rule];
  }
  CountCategories(verdict);
  CountTerms(verdict);
  if (verdict.document != nullptr) metadata_.Add(*verdict.document, verdict.Flagged());
  KeepDocument(verdict);
}

void ReplayReport::AppendHeader(std::string* out) const {
  const std::size_t flagged = documents_ - decisions_[0];
  *out += "<h1>bylaw replay report</h1>\n<p>";
  if (!options_.source.empty()) *out += "Corpus <code>" + Html(options_.source) + "</code>, ";
  *out += fmt::format(
      "ruleset <code>{}</code>.</p>\n<table class=\"summary\">"
      "<tr><th>documents</th><td class=\"n\" id=\"documents\">{}</td></tr>"
      "<tr><th>flagged (decision above allow)</th><td class=\"n\" id=\"flagged\">{}</td></tr>"
      "<tr><th>malformed lines skipped</th><td class=\"n\">{}</td></tr>"
      "<tr><th>text</th><td class=\"n\">{:.2f} MB</td></tr></table>\n"
      "<nav><a href=\"#decisions\">Decisions</a> · <a href=\"#categories\">Categories</a> · "
      "<a href=\"#metadata\">Metadata</a> · <a href=\"#rules\">Rules</a> · "
      "<a href=\"#terms\">Terms</a> · <a href=\"#documents-shown\">Documents</a></nav>\n",
      Html(program_.hash()), documents_, flagged, malformed_, static_cast<double>(bytes_) / 1e6);
}

void ReplayReport::AppendCharts(std::string* out) const {
  std::vector<Bar> decisions;
  for (const Action action : kActions) {
    decisions.push_back({std::string(ActionName(action)), decisions_[static_cast<std::size_t>(action)],
                         std::string(ActionName(action))});
  }
  *out += "<h2 id=\"decisions\">Decisions</h2>\n";
  AppendBarChart("documents per decision (each document counts once)", decisions, out);
  std::vector<Bar> documents, matches;
  for (std::size_t i = 0; i < category_live_.size(); ++i) {
    const std::string& id = program_.categories()[i].id;
    if (category_docs_live_[i] > 0) documents.push_back({id + " (live)", category_docs_live_[i], "live"});
    if (category_docs_shadow_[i] > 0) documents.push_back({id + " (shadow)", category_docs_shadow_[i], "shadow"});
    if (category_live_[i] > 0) matches.push_back({id + " (live)", category_live_[i], "live"});
    if (category_shadow_[i] > 0) matches.push_back({id + " (shadow)", category_shadow_[i], "shadow"});
  }
  *out += "<h2 id=\"categories\">Categories</h2>\n<p>Shadow rules never change a decision; they "
          "are counted apart.</p>\n";
  if (documents.empty()) {
    *out += "<p>No rule matched.</p>\n";
    return;
  }
  AppendBarChart("documents per category (a document counts once per category, however many of "
                 "its rules matched)", documents, out);
  AppendBarChart("rule matches per category (a document counts once per matched rule)", matches, out);
}

void ReplayReport::AppendRuleTables(std::string* out) const {
  const std::vector<std::size_t> none(rule_live_.size(), 0);
  *out += "<h3>Top live rules</h3>\n<table id=\"live-rules\"><tr><th>rule</th><th>category</th>"
          "<th>action</th><th class=\"n\">documents</th></tr>\n";
  for (const std::size_t rule : TopIndices(rule_live_, none, options_.top)) {
    const RuleInfo& info = program_.rules()[rule];
    *out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>\n",
                        RuleCell(rule, info), Html(program_.categories()[info.category].id),
                        ActionName(info.action), rule_live_[rule]);
  }
  *out += "</table>\n<h3>Shadow rules</h3>\n<p>Evaluated and reported, never enforced. "
          "<em>Would change</em> counts the documents whose decision the rule would have made "
          "stricter had it been live.</p>\n<table id=\"shadow-rules\"><tr><th>rule</th>"
          "<th>category</th><th>action</th><th class=\"n\">documents</th>"
          "<th class=\"n\">would change</th></tr>\n";
  const std::vector<std::size_t> shadow = TopIndices(rule_shadow_, none, options_.top);
  if (shadow.empty()) *out += "<tr><td colspan=\"5\">No shadow rule matched.</td></tr>\n";
  for (const std::size_t rule : shadow) {
    const RuleInfo& info = program_.rules()[rule];
    *out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
        RuleCell(rule, info), Html(program_.categories()[info.category].id), ActionName(info.action),
        rule_shadow_[rule], rule_would_change_[rule]);
  }
  *out += "</table>\n";
}

void ReplayReport::AppendTermTable(std::string* out) const {
  *out += "<h2 id=\"terms\">Top terms</h2>\n<p>Matches shown with a rule, each counted once per "
          "document.</p>\n<table id=\"terms-table\"><tr><th>term</th><th>role</th><th class=\"n\">in "
          "live matches</th><th class=\"n\">in shadow matches</th></tr>\n";
  for (const std::size_t term : TopIndices(term_live_, term_shadow_, options_.top)) {
    const std::string_view name = program_.term_name(static_cast<std::uint32_t>(term));
    const TermRole role = RoleOfTerm(name, {});
    *out += fmt::format(
        "<tr><td><span class=\"term {}\">{}</span></td><td>{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td></tr>\n",
        TermRoleName(role), Html(name), TermRoleName(role), term_live_[term], term_shadow_[term]);
  }
  *out += "</table>\n";
}

std::string ReplayReport::Render() const {
  std::string out = Head();
  AppendHeader(&out);
  AppendCharts(&out);
  out += "<h2 id=\"metadata\">Metadata</h2>\n";
  if (metadata_.empty()) {
    out += "<p>The documents carry no metadata.</p>\n";
  } else {
    metadata_.Append(&out);
  }
  AppendRuleSections(&out);
  AppendTermTable(&out);
  AppendDocuments(&out);
  out += "<script>";
  out += kReportScript;
  out += "</script>\n</body></html>\n";
  return out;
}

}  // namespace bylaw::cli
