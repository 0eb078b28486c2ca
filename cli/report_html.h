// The replay report (`bylaw replay --report FILE`): one self-contained HTML
// page for investigating a run. Decisions, categories and metadata over the
// corpus as inline SVG charts that say what they count; a section per
// matched rule (its fields, counts and documents); every flagged document
// (up to a cap the page states) in a collapsible section with its spans
// coloured by term role, invisible and look-alike characters shown, byte
// and character offsets, and its metadata; a filter by rule, category,
// decision, evasion, field, metadata and text. The filter is one inline
// script that the page's Content-Security-Policy allows by its hash and
// nothing else; the page reads in full without it. Nothing loads from the
// network and every piece of document text is escaped (html_text.h).
#ifndef BYLAW_CLI_REPORT_HTML_H_
#define BYLAW_CLI_REPORT_HTML_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bylaw/pipeline.h"
#include "bylaw/program.h"
#include "bylaw/verdict.h"
#include "report_metadata.h"
#include "term_roles.h"

namespace bylaw::cli {

struct ReportOptions {
  // Documents shown in full, in input order: flagged ones up to
  // `max_flagged`, then ones that only shadow rules matched up to
  // `max_shadow_only`. The page says how many were left out.
  std::size_t max_flagged = 5000;
  std::size_t max_shadow_only = 1000;
  std::size_t links_per_rule = 200;  // document links in a rule's section
  std::size_t top = 20;              // rows of the top rules and top terms tables
  std::string source;                // the input's name, shown in the header
};

// Accumulates verdicts and renders the page. Sized from the program; keeps
// the text of shown documents only. Borrows the program. Not thread-safe.
// Its rendering is split by part: report_html.cc (counts, charts, tables),
// report_rules.cc (rule sections), report_documents.cc (documents).
class ReplayReport {
 public:
  explicit ReplayReport(const Program& program, ReportOptions options = {});

  // Counts a decided document, of `text_bytes` bytes of text.
  void AddVerdict(const Verdict& verdict, std::size_t text_bytes);
  void AddMalformedLine() { ++malformed_; }

  // The whole page.
  std::string Render() const;

 private:
  struct Mark {  // a highlighted range of a shown field: overlapping spans merged
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::string terms;     // "term_a, term_b"
    std::string evasions;  // "leet, separator"; empty when as written
    bool live = false;     // some live rule's span; otherwise shadow only
    TermRole role = TermRole::kHarm;  // the first role in TermRole's order
  };
  struct SpanRow {  // one span as the document's span table lists it
    std::uint32_t field = 0;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::uint32_t term = 0;
    TermRole role = TermRole::kHarm;
    std::string evasions;
    std::string rules;  // "fraud.wire, shadow: fraud.gift"
  };
  struct SampleField {
    std::string name;
    std::string text;
    std::vector<Mark> marks;
  };
  struct Sample {
    std::size_t ordinal = 0;  // 1-based place in the input; the anchor is d<ordinal>
    std::string id;
    Action decision = Action::kAllow;
    std::vector<std::uint32_t> live_rules, shadow_rules;
    std::vector<SampleField> fields;
    std::vector<SpanRow> spans;
    std::vector<std::pair<std::string, std::string>> metadata;
  };
  struct Piece {  // a span with the rule it was shown for
    MatchSpan span;
    std::uint32_t rule = 0;
    bool live = false;
  };

  void CountCategories(const Verdict& verdict);
  void CountTerms(const Verdict& verdict);
  void KeepDocument(const Verdict& verdict);
  Sample MakeSample(const Verdict& verdict) const;
  std::vector<Piece> PiecesOf(const Verdict& verdict) const;
  void AddMark(const Piece& piece, Sample* sample) const;
  void AppendHeader(std::string* out) const;
  void AppendCharts(std::string* out) const;
  void AppendRuleTables(std::string* out) const;
  void AppendTermTable(std::string* out) const;
  void AppendRuleSections(std::string* out) const;
  void AppendRuleFields(const RuleInfo& rule, std::string* out) const;
  void AppendCondition(std::string_view condition, bool is_unless, std::string* out) const;
  void AppendLegend(std::string* out) const;
  void AppendFilter(std::string* out) const;
  void AppendDocuments(std::string* out) const;
  void AppendDocument(const Sample& sample, std::string* out) const;
  void AppendDocumentAttributes(const Sample& sample, std::string* out) const;
  void AppendField(const SampleField& field, std::string* out) const;
  void AppendSpanTable(const Sample& sample, std::string* out) const;

  const Program& program_;
  ReportOptions options_;
  std::vector<std::vector<std::string>> exceptions_;  // per rule: ExceptionNames
  std::size_t documents_ = 0;
  std::size_t malformed_ = 0;
  std::uint64_t bytes_ = 0;
  std::array<std::size_t, 5> decisions_{};         // by Action
  std::vector<std::size_t> category_live_, category_shadow_;            // rule matches
  std::vector<std::size_t> category_docs_live_, category_docs_shadow_;  // documents
  std::vector<std::size_t> rule_live_, rule_shadow_;
  std::vector<std::size_t> rule_would_change_;     // shadow rule stricter than the decision
  // Per rule, its shown documents (ordinal, id), at most links_per_rule.
  std::vector<std::vector<std::pair<std::size_t, std::string>>> rule_documents_;
  std::vector<std::size_t> term_live_, term_shadow_;
  std::vector<Sample> flagged_, shadow_only_;
  std::size_t flagged_left_out_ = 0, shadow_only_left_out_ = 0;
  MetadataFacets metadata_;
};

// Feeds a report from a Pipeline (bylaw/pipeline.h), on its thread.
class ReportObserver final : public PipelineObserver {
 public:
  explicit ReportObserver(ReplayReport& report) : report_(report) {}
  void OnVerdict(const Delivery& delivery, const Verdict& verdict) override {
    report_.AddVerdict(verdict, delivery.text_bytes);
  }
  void OnFailure(const Delivery& delivery) override {
    if (delivery.malformed) report_.AddMalformedLine();
  }

 private:
  ReplayReport& report_;
};

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_REPORT_HTML_H_
