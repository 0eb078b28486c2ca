// The replay report (`bylaw replay --report FILE`): one self-contained HTML
// page with decisions and categories over the corpus as inline SVG charts,
// top rules and terms, live and shadow hits apart (and how often a shadow
// rule would have changed a decision), and sample documents with their
// matched spans highlighted. No script, no network: a Content-Security-Policy
// forbids both, and every piece of document text is escaped (html_text.h).
#ifndef BYLAW_CLI_REPORT_HTML_H_
#define BYLAW_CLI_REPORT_HTML_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bylaw/pipeline.h"
#include "bylaw/program.h"
#include "bylaw/verdict.h"

namespace bylaw::cli {

struct ReportOptions {
  // Documents shown in full: flagged ones, and ones matched by shadow rules,
  // each kept only while one of its rules has fewer than `samples_per_rule`
  // samples, so that they show many rules.
  std::size_t flagged_samples = 25;
  std::size_t shadow_samples = 15;
  std::size_t samples_per_rule = 1;
  std::size_t top = 20;              // rows of the top rules and top terms tables
  std::string source;                // the input's name, shown in the header
};

// Accumulates verdicts and renders the page. Sized from the program; keeps
// the text of sampled documents only. Borrows the program. Not thread-safe.
class ReplayReport {
 public:
  explicit ReplayReport(const Program& program, ReportOptions options = {});

  // Counts a decided document, of `text_bytes` bytes of text.
  void AddVerdict(const Verdict& verdict, std::size_t text_bytes);
  void AddMalformedLine() { ++malformed_; }

  // The whole page.
  std::string Render() const;

 private:
  struct Mark {  // a highlighted range of a sample's field
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::string terms;     // "term_a, term_b"
    std::string evasions;  // "leet, separator"; empty when as written
    bool live = false;     // some live rule's span; otherwise shadow only
  };
  struct SampleField {
    std::string name;
    std::string text;
    std::vector<Mark> marks;
  };
  struct Sample {
    std::string id;
    Action decision = Action::kAllow;
    std::vector<std::string> live_rules;
    std::vector<std::string> shadow_rules;
    std::vector<SampleField> fields;
  };

  Sample MakeSample(const Verdict& verdict) const;
  void CountTerms(const Verdict& verdict);
  void AppendHeader(std::string* out) const;
  void AppendCharts(std::string* out) const;
  void AppendRuleTables(std::string* out) const;
  void AppendTermTable(std::string* out) const;
  void AppendSamples(const char* title, const std::vector<Sample>& samples, std::string* out) const;

  const Program& program_;
  ReportOptions options_;
  std::size_t documents_ = 0;
  std::size_t malformed_ = 0;
  std::uint64_t bytes_ = 0;
  std::array<std::size_t, 5> decisions_{};         // by Action
  std::vector<std::size_t> category_live_, category_shadow_;
  std::vector<std::size_t> rule_live_, rule_shadow_;
  std::vector<std::size_t> rule_would_change_;     // shadow rule stricter than the decision
  std::vector<std::size_t> rule_samples_;          // samples kept that show the rule
  std::vector<std::size_t> term_live_, term_shadow_;
  std::vector<Sample> flagged_samples_, shadow_samples_;
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
