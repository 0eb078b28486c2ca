// The replay report's counting and rendering. See report_html.h.
#include "report_html.h"

#include <algorithm>
#include <numeric>
#include <set>
#include <tuple>

#include <spdlog/fmt/fmt.h>

#include "html_text.h"
#include "span_text.h"

namespace bylaw::cli {
namespace {

constexpr std::array<Action, 5> kActions = {Action::kAllow, Action::kLabel, Action::kReview,
                                            Action::kRestrict, Action::kRemove};

// No script may run and nothing may load: even a markup slip stays inert.
constexpr std::string_view kHead =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "style-src 'unsafe-inline'; img-src 'none'\">\n"
    "<meta name=\"viewport\" content=\"width=device-width\">\n"
    "<title>bylaw replay report</title>\n<style>\n"
    "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}\n"
    "h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ddd}\n"
    "table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left}\n"
    "td.n,th.n{text-align:right}tr:nth-child(even){background:#f6f6f6}\n"
    ".chart .label,.chart .value{font-size:12px;fill:#333}\n"
    ".bar{fill:#8aa}.bar.allow{fill:#9c9}.bar.label{fill:#dc6}.bar.review{fill:#e95}\n"
    ".bar.restrict{fill:#d66}.bar.remove{fill:#a33}.bar.live{fill:#a33}.bar.shadow{fill:#88b}\n"
    ".tag{font-size:11px;padding:1px 6px;border-radius:8px;background:#eee;margin-right:4px}\n"
    ".tag.shadow{background:#dde}.decision{font-weight:bold}\n"
    "article{border:1px solid #ddd;border-radius:6px;padding:8px 12px;margin:10px 0}\n"
    ".field{white-space:pre-wrap;word-break:break-word;margin:4px 0}\n"
    ".field b{color:#666;font-weight:normal}\n"
    "mark.live{background:#fc9}mark.shadow{background:none;outline:2px dashed #88b}\n"
    "mark sub{font-size:10px;color:#555;margin-left:2px}\n"
    "</style></head><body>\n";

std::vector<std::size_t> TopIndices(const std::vector<std::size_t>& a,
                                    const std::vector<std::size_t>& b, std::size_t top) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] + b[i] > 0) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return a[x] + b[x] > a[y] + b[y]; });
  if (order.size() > top) order.resize(top);
  return order;
}

// A rule's id, its maturity as a tag when its author gave one, and its
// title below, for the rule tables.
std::string RuleCell(const RuleInfo& rule) {
  std::string cell = Html(rule.id);
  if (rule.provenance.maturity != Maturity::kUnset) {
    cell += " <span class=\"tag\">" + std::string(MaturityName(rule.provenance.maturity)) + "</span>";
  }
  if (!rule.title.empty()) cell += "<br><small>" + Html(rule.title) + "</small>";
  return cell;
}

std::string Join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

ReplayReport::ReplayReport(const Program& program, ReportOptions options)
    : program_(program),
      options_(std::move(options)),
      category_live_(program.categories().size()),
      category_shadow_(program.categories().size()),
      rule_live_(program.rules().size()),
      rule_shadow_(program.rules().size()),
      rule_would_change_(program.rules().size()),
      rule_samples_(program.rules().size()),
      term_live_(program.stats().terms),
      term_shadow_(program.stats().terms) {}

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

void ReplayReport::AddVerdict(const Verdict& verdict, std::size_t text_bytes) {
  ++documents_;
  ++decisions_[static_cast<std::size_t>(verdict.decision)];
  bytes_ += text_bytes;
  for (const RuleMatch& match : verdict.live) {
    ++rule_live_[match.rule];
    ++category_live_[program_.rules()[match.rule].category];
  }
  for (const RuleMatch& match : verdict.shadow) {
    const RuleInfo& rule = program_.rules()[match.rule];
    ++rule_shadow_[match.rule];
    ++category_shadow_[rule.category];
    if (rule.action > verdict.decision) ++rule_would_change_[match.rule];
  }
  CountTerms(verdict);
  // Samples cover many rules: a document is kept while one of its rules has
  // fewer samples than options_.samples_per_rule.
  auto wanted = [this](const std::vector<RuleMatch>& matches) {
    return std::any_of(matches.begin(), matches.end(), [this](const RuleMatch& match) {
      return rule_samples_[match.rule] < options_.samples_per_rule;
    });
  };
  auto keep = [this](const std::vector<RuleMatch>& matches, const Verdict& verdict,
                     std::vector<Sample>* samples) {
    for (const RuleMatch& match : matches) ++rule_samples_[match.rule];
    samples->push_back(MakeSample(verdict));
  };
  if (verdict.Flagged() && flagged_samples_.size() < options_.flagged_samples &&
      wanted(verdict.live)) {
    keep(verdict.live, verdict, &flagged_samples_);
  } else if (shadow_samples_.size() < options_.shadow_samples && wanted(verdict.shadow)) {
    keep(verdict.shadow, verdict, &shadow_samples_);
  }
}

ReplayReport::Sample ReplayReport::MakeSample(const Verdict& verdict) const {
  Sample sample;
  sample.id = verdict.document->id;
  sample.decision = verdict.decision;
  for (const RuleMatch& match : verdict.live) sample.live_rules.push_back(program_.rules()[match.rule].id);
  for (const RuleMatch& match : verdict.shadow) {
    sample.shadow_rules.push_back(program_.rules()[match.rule].id);
  }
  for (const Field& field : verdict.document->fields) sample.fields.push_back({field.name, field.text, {}});
  struct Piece {
    MatchSpan span;
    bool live;
  };
  std::vector<Piece> pieces;
  for (const RuleMatch& match : verdict.live) {
    for (const MatchSpan& span : verdict.SpansOf(match)) pieces.push_back({span, true});
  }
  for (const RuleMatch& match : verdict.shadow) {
    for (const MatchSpan& span : verdict.SpansOf(match)) pieces.push_back({span, false});
  }
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
    return std::tie(a.span.field, a.span.begin) < std::tie(b.span.field, b.span.begin);
  });
  // Overlapping spans merge into one mark naming every term.
  for (const Piece& piece : pieces) {
    if (piece.span.field >= sample.fields.size() ||
        piece.span.end > sample.fields[piece.span.field].text.size() ||
        piece.span.begin >= piece.span.end) {
      continue;
    }
    std::vector<Mark>& marks = sample.fields[piece.span.field].marks;
    const std::string term(program_.term_name(piece.span.term));
    const std::string evasions = Join(EvasionNames(piece.span.evasions));
    if (!marks.empty() && piece.span.begin < marks.back().end) {
      Mark& mark = marks.back();
      mark.end = std::max(mark.end, piece.span.end);
      if (mark.terms.find(term) == std::string::npos) mark.terms += ", " + term;
      if (!evasions.empty() && mark.evasions.find(evasions) == std::string::npos) {
        mark.evasions += (mark.evasions.empty() ? "" : ", ") + evasions;
      }
      mark.live = mark.live || piece.live;
    } else {
      marks.push_back(Mark{piece.span.begin, piece.span.end, term, evasions, piece.live});
    }
  }
  return sample;
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
      "<tr><th>text</th><td class=\"n\">{:.2f} MB</td></tr></table>\n",
      Html(program_.hash()), documents_, flagged, malformed_, static_cast<double>(bytes_) / 1e6);
}

void ReplayReport::AppendCharts(std::string* out) const {
  std::vector<Bar> decisions;
  for (const Action action : kActions) {
    decisions.push_back({std::string(ActionName(action)),
                         decisions_[static_cast<std::size_t>(action)],
                         std::string(ActionName(action))});
  }
  *out += "<h2>Decisions</h2>\n";
  AppendBarChart("documents per decision", decisions, out);
  std::vector<Bar> categories;
  for (std::size_t i = 0; i < category_live_.size(); ++i) {
    if (category_live_[i] + category_shadow_[i] == 0) continue;
    const std::string& id = program_.categories()[i].id;
    categories.push_back({id + " (live)", category_live_[i], "live"});
    if (category_shadow_[i] > 0) categories.push_back({id + " (shadow)", category_shadow_[i], "shadow"});
  }
  *out += "<h2>Categories</h2>\n<p>Rule matches per category. Shadow rules never change a "
          "decision; they are counted apart.</p>\n";
  if (categories.empty()) {
    *out += "<p>No rule matched.</p>\n";
  } else {
    AppendBarChart("rule matches per category, live and shadow", categories, out);
  }
}

void ReplayReport::AppendRuleTables(std::string* out) const {
  const std::vector<std::size_t> none(rule_live_.size(), 0);
  *out += "<h2>Top live rules</h2>\n<table id=\"live-rules\"><tr><th>rule</th><th>category</th>"
          "<th>action</th><th class=\"n\">documents</th></tr>\n";
  for (const std::size_t rule : TopIndices(rule_live_, none, options_.top)) {
    const RuleInfo& info = program_.rules()[rule];
    *out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>\n",
                        RuleCell(info), Html(program_.categories()[info.category].id),
                        ActionName(info.action), rule_live_[rule]);
  }
  *out += "</table>\n<h2>Shadow rules</h2>\n<p>Evaluated and reported, never enforced. "
          "<em>Would change</em> counts the documents whose decision the rule would have made "
          "stricter had it been live.</p>\n<table id=\"shadow-rules\"><tr><th>rule</th>"
          "<th>category</th><th>action</th><th class=\"n\">documents</th>"
          "<th class=\"n\">would change</th></tr>\n";
  for (const std::size_t rule : TopIndices(rule_shadow_, none, options_.top)) {
    const RuleInfo& info = program_.rules()[rule];
    *out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
        RuleCell(info), Html(program_.categories()[info.category].id), ActionName(info.action),
        rule_shadow_[rule], rule_would_change_[rule]);
  }
  *out += "</table>\n";
}

void ReplayReport::AppendTermTable(std::string* out) const {
  *out += "<h2>Top terms</h2>\n<table id=\"terms\"><tr><th>term</th><th class=\"n\">in live "
          "matches</th><th class=\"n\">in shadow matches</th></tr>\n";
  for (const std::size_t term : TopIndices(term_live_, term_shadow_, options_.top)) {
    *out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                        Html(program_.term_name(static_cast<std::uint32_t>(term))),
                        term_live_[term], term_shadow_[term]);
  }
  *out += "</table>\n";
}

void ReplayReport::AppendSamples(const char* title, const std::vector<Sample>& samples,
                                 std::string* out) const {
  *out += fmt::format("<h2>{} ({})</h2>\n", title, samples.size());
  for (const Sample& sample : samples) {
    *out += "<article><div><span class=\"decision\">" + std::string(ActionName(sample.decision)) +
            "</span> <code>" + Html(sample.id) + "</code> ";
    for (const std::string& rule : sample.live_rules) *out += "<span class=\"tag\">" + Html(rule) + "</span>";
    for (const std::string& rule : sample.shadow_rules) {
      *out += "<span class=\"tag shadow\">shadow: " + Html(rule) + "</span>";
    }
    *out += "</div>\n";
    for (const SampleField& field : sample.fields) {
      *out += "<div class=\"field\"><b>" + Html(field.name) + ":</b> ";
      std::size_t at = 0;
      for (const Mark& mark : field.marks) {
        AppendHtml(std::string_view(field.text).substr(at, mark.begin - at), out);
        *out += std::string("<mark class=\"") + (mark.live ? "live" : "shadow") + "\" title=\"" +
                Html(mark.terms) + (mark.evasions.empty() ? "" : "; evasions: " + Html(mark.evasions)) +
                "\">";
        AppendHtml(std::string_view(field.text).substr(mark.begin, mark.end - mark.begin), out);
        if (!mark.evasions.empty()) *out += "<sub>" + Html(mark.evasions) + "</sub>";
        *out += "</mark>";
        at = mark.end;
      }
      AppendHtml(std::string_view(field.text).substr(at), out);
      *out += "</div>\n";
    }
    *out += "</article>\n";
  }
}

std::string ReplayReport::Render() const {
  std::string out(kHead);
  AppendHeader(&out);
  AppendCharts(&out);
  AppendRuleTables(&out);
  AppendTermTable(&out);
  AppendSamples("Flagged documents", flagged_samples_, &out);
  AppendSamples("Documents matched by shadow rules", shadow_samples_, &out);
  out += "</body></html>\n";
  return out;
}

}  // namespace bylaw::cli
