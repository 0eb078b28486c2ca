// The counts `bylaw replay` reports on stderr when it is done: documents,
// decisions, malformed lines, matches per category and per rule, speed.
#ifndef BYLAW_CLI_REPLAY_SUMMARY_H_
#define BYLAW_CLI_REPLAY_SUMMARY_H_

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/program.h"
#include "bylaw/verdict.h"

namespace bylaw::cli {

// Accumulates the outcome of a replay. Sized from the program once; adding a
// verdict does not allocate. Borrows the program.
class ReplaySummary {
 public:
  explicit ReplaySummary(const Program& program);

  // Counts one decided document and its bytes of text.
  void AddVerdict(const Verdict& verdict, std::size_t text_bytes);
  // A line that was not a document (bad JSON, not an object).
  void AddMalformedLine() { ++malformed_lines_; }
  // A document refused by the scan limits (too much text).
  void AddRefusedDocument() { ++refused_documents_; }
  // A document read with some values ignored (a field that is not a string).
  void AddLineWithIgnoredValues() { ++lines_with_ignored_values_; }

  std::size_t documents() const { return documents_; }
  // The report, one item per line. The last line starts with "elapsed:" and
  // is the only one that depends on timing.
  // `timing_note` is appended to that line (the scan latency).
  std::string Format(double seconds, std::string_view timing_note = "") const;

 private:
  // Per rule or per category: matches of live rules and of shadow rules.
  struct Counts {
    std::vector<std::size_t> live;
    std::vector<std::size_t> shadow;
  };

  const Program& program_;
  std::size_t documents_ = 0;
  std::size_t flagged_ = 0;
  std::size_t malformed_lines_ = 0;
  std::size_t refused_documents_ = 0;
  std::size_t lines_with_ignored_values_ = 0;
  std::size_t text_bytes_ = 0;
  std::array<std::size_t, 5> decisions_{};  // indexed by Action
  Counts by_rule_;
  Counts by_category_;
};

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_REPLAY_SUMMARY_H_
