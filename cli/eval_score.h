// `bylaw eval`'s measurement: labelled cases in, verdicts beside them,
// recall, precision and false-positive rate per category and per language
// out, with every miss and every false positive kept for the report, and
// the gate that CI applies.
//
// Definitions (also in `bylaw eval --help` and rules/README.md):
// - a case is *enforced* when its decision is at the enforcement level
//   (`review` unless told otherwise) or stricter;
// - a `flag` case is *caught* when a live rule of one of its categories
//   enforced it; enforced only by other categories' rules, it is a miss of
//   its own category (counted as "caught as another category");
// - a `pass` case enforced by any rule is a *false positive*: of its topic's
//   row (its `category`, if it has one), of its language's row, and of the
//   categories whose rules enforced it (their precision);
// - recall = caught / flag cases; FPR = false positives / pass cases;
//   precision = caught / (caught + pass cases the category's rules enforced).
#ifndef BYLAW_CLI_EVAL_SCORE_H_
#define BYLAW_CLI_EVAL_SCORE_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/policy.h"
#include "bylaw/program.h"
#include "bylaw/verdict.h"

namespace bylaw::cli {

// The labels of one case, as written in the corpus.
struct EvalLabels {
  bool flag = false;                    // `label`: flag or pass
  std::vector<std::string> categories;  // flag: broken; pass: its topic (0 or 1)
  std::string language;                 // `lang`; empty: unknown
  std::optional<Action> action;         // `action`: what a moderator would do
  std::string kind;                     // `kind`: the class of post
};

// Reads the labels from a document's metadata (`label`, `category` as a
// string or a JSON list of strings, `lang`, `action`, `kind`). Returns
// nullopt with *problem set when `label` is missing or not flag/pass, a
// category is not in `program`'s taxonomy, or `action` is not an action.
std::optional<EvalLabels> ReadEvalLabels(const Document& document, const Program& program,
                                         std::string* problem);

// One line of a score table.
struct EvalRow {
  std::string name;
  std::size_t flag = 0;            // flag cases
  std::size_t caught = 0;          // ... enforced by their own category
  std::size_t caught_elsewhere = 0;  // ... enforced only by other categories
  std::size_t pass = 0;            // pass cases
  std::size_t false_positives = 0;  // ... enforced
  std::size_t enforced_pass = 0;   // pass cases this row's category enforced (categories only)
  std::size_t with_action = 0;     // cases with an expected action
  std::size_t action_agrees = 0;   // ... decided with exactly that action
  bool has_rules = true;           // categories: the program has live rules for it

  // nullopt when there is nothing to divide by.
  std::optional<double> Recall() const;
  std::optional<double> FalsePositiveRate() const;
  std::optional<double> Precision() const;
};

// A case that went wrong, kept for the report.
struct EvalError {
  std::string origin;  // FILE:LINE
  std::string id;
  EvalLabels labels;
  Action decision = Action::kAllow;
  std::string text;  // the document's fields, `name: text`, shortened
  // The live rules that fired: "id (action) on `words`, ..." one per rule;
  // then the shadow ones, marked.
  std::vector<std::string> rules;
};

// What the gate asks; a row is checked only when it has `min_cases` cases
// of the kind its figure counts (flag cases for recall, pass cases for FPR).
struct EvalGate {
  std::optional<double> min_recall;
  std::optional<double> max_false_positive_rate;
  std::size_t min_cases = 20;
};

// Accumulates cases. Not thread-safe.
class EvalScore {
 public:
  EvalScore(const Program& program, Action enforce_at);

  // Adds one decided case.
  void Add(std::string_view origin, const EvalLabels& labels, const Verdict& verdict);

  // Rows in taxonomy order (every category, with or without cases).
  const std::vector<EvalRow>& categories() const { return categories_; }
  // Rows in order of first appearance.
  const std::vector<EvalRow>& languages() const { return languages_; }
  const EvalRow& overall() const { return overall_; }
  // Flag cases enforced by any category (the decision alone).
  std::size_t enforced_flags() const { return enforced_flags_; }
  const std::vector<EvalError>& misses() const { return misses_; }
  const std::vector<EvalError>& false_positives() const { return false_positives_; }
  Action enforce_at() const { return enforce_at_; }
  std::size_t cases() const { return overall_.flag + overall_.pass; }

  // The rows that fail the gate, each as "ROW: recall 0.85 < 0.90". Rows
  // of categories without live rules are not checked.
  std::vector<std::string> GateFailures(const EvalGate& gate) const;

 private:
  EvalError MakeError(std::string_view origin, const EvalLabels& labels,
                      const Verdict& verdict) const;

  const Program& program_;
  Action enforce_at_;
  std::vector<EvalRow> categories_;
  std::map<std::string, std::size_t, std::less<>> language_index_;
  std::vector<EvalRow> languages_;
  EvalRow overall_;
  std::size_t enforced_flags_ = 0;
  std::vector<EvalError> misses_;
  std::vector<EvalError> false_positives_;
};

// The report as text: the tables, then every miss and false positive
// (unless `summary_only`), then the gate's verdict when a gate is set.
std::string FormatEvalReport(const EvalScore& score, const EvalGate& gate, bool summary_only);

// The same as one JSON object.
std::string FormatEvalJson(const EvalScore& score, const EvalGate& gate);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_EVAL_SCORE_H_
