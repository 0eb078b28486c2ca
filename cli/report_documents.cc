// The replay report's documents: which are kept (every flagged one up to a
// cap), and each as a collapsible section with its spans coloured by term
// role, its invisible and look-alike characters shown, a table of its spans
// with byte and character offsets, its metadata, and the data-* attributes
// the filter reads. All document text goes through VisibleText or Html.
// See report_html.h.
#include <algorithm>
#include <set>
#include <tuple>

#include <spdlog/fmt/fmt.h>

#include "bylaw/utf8.h"
#include "html_text.h"
#include "report_html.h"
#include "report_parts.h"
#include "span_text.h"
#include "visible_text.h"

namespace bylaw::cli {
namespace {

constexpr std::size_t kOpenUpTo = 30;       // fewer documents shown than this: all open
constexpr std::size_t kPreviewCharacters = 120;

// A field name as one word of a space-separated data attribute.
std::string AttributeWord(std::string_view name) {
  std::string word(name);
  for (char& c : word) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') c = '_';
  }
  return word;
}

// The first bytes of `text` that hold at most `characters` characters.
std::string_view Preview(std::string_view text, std::size_t characters) {
  std::size_t at = 0;
  for (std::size_t n = 0; at < text.size() && n < characters; ++n) {
    at += std::max<std::size_t>(1, Utf8CharLength(text.substr(at)));
  }
  return text.substr(0, std::min(at, text.size()));
}

// Adds `name` to the list "a, b" unless it is there.
void AddName(const std::string& name, std::string* list) {
  if ((", " + *list + ", ").find(", " + name + ", ") == std::string::npos) {
    *list += (list->empty() ? "" : ", ") + name;
  }
}

}  // namespace

void ReplayReport::KeepDocument(const Verdict& verdict) {
  if (verdict.document == nullptr || (verdict.live.empty() && verdict.shadow.empty())) return;
  const bool flagged = verdict.Flagged();
  std::vector<Sample>& kept = flagged ? flagged_ : shadow_only_;
  if (kept.size() >= (flagged ? options_.max_flagged : options_.max_shadow_only)) {
    ++(flagged ? flagged_left_out_ : shadow_only_left_out_);
    return;
  }
  kept.push_back(MakeSample(verdict));
  for (const auto* matches : {&verdict.live, &verdict.shadow}) {
    for (const RuleMatch& match : *matches) {
      auto& links = rule_documents_[match.rule];
      if (links.size() < options_.links_per_rule) links.emplace_back(documents_, verdict.document->id);
    }
  }
}

std::vector<ReplayReport::Piece> ReplayReport::PiecesOf(const Verdict& verdict) const {
  std::vector<Piece> pieces;
  for (const RuleMatch& match : verdict.live) {
    for (const MatchSpan& span : verdict.SpansOf(match)) pieces.push_back({span, match.rule, true});
  }
  for (const RuleMatch& match : verdict.shadow) {
    for (const MatchSpan& span : verdict.SpansOf(match)) pieces.push_back({span, match.rule, false});
  }
  std::stable_sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
    // A term's span shown for several rules comes out once, naming them all (AddMark).
    return std::tie(a.span.field, a.span.begin, a.span.end, a.span.term) <
           std::tie(b.span.field, b.span.begin, b.span.end, b.span.term);
  });
  return pieces;
}

// Adds a piece to the span table, and to the field's marks: overlapping
// spans merge into one mark naming every term.
void ReplayReport::AddMark(const Piece& piece, Sample* sample) const {
  const std::string term(program_.term_name(piece.span.term));
  const std::vector<std::string> evasion_names = EvasionNames(piece.span.evasions);
  const std::string evasions = Join(evasion_names);
  const TermRole role = RoleOfTerm(term, exceptions_[piece.rule]);
  const std::string rule = (piece.live ? "" : "shadow: ") + program_.rules()[piece.rule].id;
  SpanRow* row = sample->spans.empty() ? nullptr : &sample->spans.back();
  if (row != nullptr && row->field == piece.span.field && row->begin == piece.span.begin &&
      row->end == piece.span.end && row->term == piece.span.term) {
    row->rules += ", " + rule;
  } else {
    sample->spans.push_back({piece.span.field, piece.span.begin, piece.span.end, piece.span.term, role,
                             evasions, rule});
  }
  std::vector<Mark>& marks = sample->fields[piece.span.field].marks;
  if (!marks.empty() && piece.span.begin < marks.back().end) {
    Mark& mark = marks.back();
    mark.end = std::max(mark.end, piece.span.end);
    AddName(term, &mark.terms);
    for (const std::string& name : evasion_names) AddName(name, &mark.evasions);
    mark.live = mark.live || piece.live;
    mark.role = std::min(mark.role, role);
  } else {
    marks.push_back(Mark{piece.span.begin, piece.span.end, term, evasions, piece.live, role});
  }
}

ReplayReport::Sample ReplayReport::MakeSample(const Verdict& verdict) const {
  Sample sample;
  sample.ordinal = documents_;
  sample.id = verdict.document->id;
  sample.decision = verdict.decision;
  sample.metadata = verdict.document->metadata;
  for (const RuleMatch& match : verdict.live) sample.live_rules.push_back(match.rule);
  for (const RuleMatch& match : verdict.shadow) sample.shadow_rules.push_back(match.rule);
  for (const Field& field : verdict.document->fields) sample.fields.push_back({field.name, field.text, {}});
  for (const Piece& piece : PiecesOf(verdict)) {
    if (piece.span.field < sample.fields.size() && piece.span.begin < piece.span.end &&
        piece.span.end <= sample.fields[piece.span.field].text.size()) {
      AddMark(piece, &sample);
    }
  }
  return sample;
}

void ReplayReport::AppendLegend(std::string* out) const {
  *out += "<div class=\"legend\" id=\"legend\"><b>Legend</b><ul>\n";
  for (const TermRole role : {TermRole::kHarm, TermRole::kCue, TermRole::kContext, TermRole::kException}) {
    *out += fmt::format("<li><span class=\"term {}\">{}</span> {}</li>\n", TermRoleName(role),
                        TermRoleName(role), Html(TermRoleMeaning(role)));
  }
  *out += "<li><mark class=\"harm\">solid</mark> a live rule's match; <mark class=\"harm shadow\">"
          "dashed</mark> a match of shadow rules only; <sub>leet</sub> how the text was disguised</li>\n"
          "<li><span class=\"invisible\" title=\"U+200B ZERO WIDTH SPACE\">U+200B</span> an invisible "
          "character (its name on hover); <span class=\"lookalike\" title=\"U+0430 CYRILLIC SMALL "
          "LETTER A\">а</span> a Cyrillic or Greek letter inside a Latin word</li>\n"
          "<li>Offsets: bytes of the UTF-8 text, as verdicts give them, and characters (code "
          "points), as editors count them. Spans are the terms that made a rule true; terms under "
          "<code>not</code> or <code>unless</code> show as exceptions in each rule's "
          "condition.</li></ul></div>\n";
}

void ReplayReport::AppendFilter(std::string* out) const {
  *out += "<form id=\"filter\" hidden>";
  for (const char* name : {"rule", "category", "decision", "evasion", "field", "meta"}) {
    *out += fmt::format("<label>{} <select name=\"{}\"><option value=\"\">any</option></select></label>",
                        name, name);
  }
  *out += "<label>text <input name=\"q\" type=\"search\"></label> <output id=\"filter-count\"></output>"
          "</form>\n";
}

void ReplayReport::AppendDocuments(std::string* out) const {
  const std::size_t flagged = documents_ - decisions_[0];
  *out += fmt::format("<h2 id=\"documents-shown\">Documents</h2>\n<p>{} of {} flagged documents "
                      "shown in full, in input order",
                      flagged_.size(), flagged);
  if (flagged_left_out_ + shadow_only_left_out_ > 0) {
    *out += fmt::format(
        "; <strong id=\"left-out\">{} flagged and {} other matched documents were left out</strong> "
        "(the page holds at most {} flagged and {} other documents; <code>--report-documents N</code> "
        "raises the first). Every verdict, with its spans, is in the JSON Lines that "
        "<code>bylaw replay</code> writes to its standard output",
        flagged_left_out_, shadow_only_left_out_, options_.max_flagged, options_.max_shadow_only);
  }
  *out += ".</p>\n";
  AppendLegend(out);
  AppendFilter(out);
  *out += fmt::format("<h3>Flagged documents ({})</h3>\n", flagged_.size());
  for (const Sample& sample : flagged_) AppendDocument(sample, out);
  *out += fmt::format("<h3>Documents matched without being flagged ({})</h3>\n<p>By shadow rules, "
                      "or by live rules whose action is allow.</p>\n",
                      shadow_only_.size());
  for (const Sample& sample : shadow_only_) AppendDocument(sample, out);
}

void ReplayReport::AppendDocumentAttributes(const Sample& sample, std::string* out) const {
  std::set<std::string> rules, categories, evasions, fields;
  for (const auto* list : {&sample.live_rules, &sample.shadow_rules}) {
    for (const std::uint32_t rule : *list) {
      rules.insert(program_.rules()[rule].id);
      categories.insert(program_.categories()[program_.rules()[rule].category].id);
    }
  }
  for (const SpanRow& span : sample.spans) {
    fields.insert(AttributeWord(sample.fields[span.field].name));
    for (std::size_t at = 0; at < span.evasions.size();) {  // "leet, separator"
      const std::size_t comma = std::min(span.evasions.find(", ", at), span.evasions.size());
      evasions.insert(span.evasions.substr(at, comma - at));
      at = comma + 2;
    }
  }
  auto words = [](const std::set<std::string>& set) { return Html(Join({set.begin(), set.end()}, " ")); };
  *out += fmt::format(" data-rules=\"{}\" data-categories=\"{}\" data-decision=\"{}\" data-evasions=\"{}\" "
                      "data-fields=\"{}\"",
                      words(rules), words(categories), ActionName(sample.decision), words(evasions), words(fields));
  std::set<std::string> seen;
  for (const auto& [key, value] : sample.metadata) {
    const std::string name = MetaAttributeName(key);
    if (seen.insert(name).second) *out += " data-meta-" + name + "=\"" + Html(value) + "\"";
  }
}

void ReplayReport::AppendField(const SampleField& field, std::string* out) const {
  const VisibleText text(field.text);
  *out += "<div class=\"field\"><b>" + Html(field.name) + ":</b> ";
  std::size_t at = 0;
  for (const Mark& mark : field.marks) {
    text.Append(at, mark.begin, out);
    *out += fmt::format("<mark class=\"{}{}\" title=\"{} ({}): bytes [{},{}), characters [{},{}){}\">",
                        TermRoleName(mark.role), mark.live ? "" : " shadow", Html(mark.terms),
                        TermRoleName(mark.role), mark.begin, mark.end, text.CharacterOffset(mark.begin),
                        text.CharacterOffset(mark.end),
                        mark.evasions.empty() ? "" : "; evasions: " + Html(mark.evasions));
    text.Append(mark.begin, mark.end, out);
    if (!mark.evasions.empty()) *out += "<sub>" + Html(mark.evasions) + "</sub>";
    *out += "</mark>";
    at = mark.end;
  }
  text.Append(at, field.text.size(), out);
  *out += "</div>\n";
  if (text.invisible_count() + text.lookalike_count() > 0) {
    *out += fmt::format("<p class=\"warn\">{}: {} invisible characters, {} look-alike letters</p>\n",
                        Html(field.name), text.invisible_count(), text.lookalike_count());
  }
}

void ReplayReport::AppendSpanTable(const Sample& sample, std::string* out) const {
  if (sample.spans.empty()) return;
  *out += "<table class=\"spans\"><tr><th>field</th><th>term</th><th>role</th><th>bytes</th>"
          "<th>characters</th><th>evasions</th><th>rules</th><th>text</th></tr>\n";
  std::vector<VisibleText> texts;
  for (const SampleField& field : sample.fields) texts.emplace_back(field.text);
  for (const SpanRow& span : sample.spans) {
    const VisibleText& text = texts[span.field];
    *out += fmt::format("<tr><td>{}</td><td><span class=\"term {}\">{}</span></td><td>{}</td>"
                        "<td>[{},{})</td><td>[{},{})</td><td>{}</td><td>{}</td><td>",
                        Html(sample.fields[span.field].name), TermRoleName(span.role),
                        Html(program_.term_name(span.term)), TermRoleName(span.role), span.begin, span.end,
                        text.CharacterOffset(span.begin), text.CharacterOffset(span.end),
                        Html(span.evasions), Html(span.rules));
    text.Append(span.begin, span.end, out);
    *out += "</td></tr>\n";
  }
  *out += "</table>\n";
}

void ReplayReport::AppendDocument(const Sample& sample, std::string* out) const {
  const bool open = flagged_.size() + shadow_only_.size() <= kOpenUpTo;
  *out += fmt::format("<details class=\"doc\" id=\"d{}\"", sample.ordinal);
  AppendDocumentAttributes(sample, out);
  *out += fmt::format("{}><summary><span class=\"decision\">{}</span> <code>{}</code> ",
                      open ? " open" : "", ActionName(sample.decision), Html(sample.id));
  for (const std::uint32_t rule : sample.live_rules) {
    *out += fmt::format("<a class=\"tag\" href=\"#rule-{}\">{}</a>", rule, Html(program_.rules()[rule].id));
  }
  for (const std::uint32_t rule : sample.shadow_rules) {
    *out += fmt::format("<a class=\"tag shadow\" href=\"#rule-{}\">shadow: {}</a>", rule,
                        Html(program_.rules()[rule].id));
  }
  if (!sample.fields.empty()) {
    *out += " <span class=\"preview\">";
    const std::string_view preview = Preview(sample.fields[0].text, kPreviewCharacters);
    VisibleText(preview).Append(0, preview.size(), out);
    *out += preview.size() < sample.fields[0].text.size() ? "…</span>" : "</span>";
  }
  *out += "</summary>\n";
  if (!sample.metadata.empty()) {
    *out += "<div class=\"meta\">";
    for (const auto& [key, value] : sample.metadata) {
      *out += "<span>" + Html(key) + ": <b>" + Html(value) + "</b></span> ";
    }
    *out += "</div>\n";
  }
  for (const SampleField& field : sample.fields) AppendField(field, out);
  AppendSpanTable(sample, out);
  *out += "</details>\n";
}

}  // namespace bylaw::cli
