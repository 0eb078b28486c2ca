// `bylaw eval`'s scoring and its reports; see eval_score.h for the
// definitions of caught, false positive, recall, FPR and precision.
#include "eval_score.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>
#include <spdlog/fmt/fmt.h>

#include "display_text.h"
#include "span_text.h"

namespace bylaw::cli {
namespace {

using Json = nlohmann::json;

// Longest piece of a case's text kept for the report, in bytes.
constexpr std::size_t kShownTextBytes = 300;

std::optional<double> Ratio(std::size_t part, std::size_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

const std::string* FindMetadata(const Document& document, std::string_view key) {
  for (const auto& [name, value] : document.metadata) {
    if (name == key) return &value;
  }
  return nullptr;
}

// `category` as written: "a" or a JSON list ["a", "b"] (which the reader
// stored as compact JSON). nullopt if it is neither.
std::optional<std::vector<std::string>> ParseCategories(const std::string& value) {
  if (!value.starts_with('[')) return std::vector<std::string>{value};
  const Json list = Json::parse(value, nullptr, false);
  if (!list.is_array()) return std::nullopt;
  std::vector<std::string> categories;
  for (const Json& item : list) {
    if (!item.is_string()) return std::nullopt;
    categories.push_back(item.get<std::string>());
  }
  return categories;
}

std::optional<std::uint32_t> CategoryIndex(const Program& program, std::string_view id) {
  const auto categories = program.categories();
  for (std::uint32_t i = 0; i < categories.size(); ++i) {
    if (categories[i].id == id) return i;
  }
  return std::nullopt;
}

std::string Figure(std::optional<double> value) {
  return value ? fmt::format("{:.3f}", *value) : std::string("-");
}

// "rules/eval/en.jsonl:14 en-dac-014 [flag dangerous-acts-and-challenges, es, expected remove]"
std::string ErrorHeading(const EvalError& error) {
  std::string labels = error.labels.flag ? "flag" : "pass";
  for (const std::string& category : error.labels.categories) labels += " " + category;
  if (!error.labels.language.empty()) labels += ", " + error.labels.language;
  if (!error.labels.kind.empty()) labels += ", " + error.labels.kind;
  if (error.labels.action) labels += ", expected " + std::string(ActionName(*error.labels.action));
  std::string id;
  AppendDisplayed(error.id, 0, &id);
  return error.origin + " " + id + " [" + labels + "] decided " +
         std::string(ActionName(error.decision)) + "\n";
}

std::string FormatErrors(const char* title, const std::vector<EvalError>& errors) {
  std::string out = fmt::format("\n{} ({}):\n", title, errors.size());
  for (const EvalError& error : errors) {
    out += "  " + ErrorHeading(error);
    out += "    " + error.text + "\n";
    for (const std::string& rule : error.rules) out += "    " + rule + "\n";
  }
  return out;
}

std::string FormatTable(const char* heading, const std::vector<EvalRow>& rows,
                        const EvalRow* total) {
  std::size_t width = std::string_view(heading).size();
  for (const EvalRow& row : rows) width = std::max(width, row.name.size() + (row.has_rules ? 0 : 2));
  std::string out = fmt::format("{:<{}}  {:>5} {:>6} {:>7}  {:>5} {:>5} {:>6}  {:>9}  {:>7}\n",
                                heading, width, "flag", "caught", "recall", "pass", "wrong",
                                "FPR", "precision", "actions");
  auto line = [&](const EvalRow& row) {
    const std::string name = row.has_rules ? row.name : "* " + row.name;
    const std::string actions =
        row.with_action == 0 ? "-" : fmt::format("{}/{}", row.action_agrees, row.with_action);
    out += fmt::format("{:<{}}  {:>5} {:>6} {:>7}  {:>5} {:>5} {:>6}  {:>9}  {:>7}\n", name,
                       width, row.flag, row.caught, Figure(row.Recall()), row.pass,
                       row.false_positives, Figure(row.FalsePositiveRate()),
                       Figure(row.Precision()), actions);
  };
  for (const EvalRow& row : rows) line(row);
  if (total != nullptr) line(*total);
  return out;
}

Json RowJson(const EvalRow& row) {
  auto figure = [](std::optional<double> value) { return value ? Json(*value) : Json(nullptr); };
  return Json{{"name", row.name},
              {"flag", row.flag},
              {"caught", row.caught},
              {"caught_as_other_category", row.caught_elsewhere},
              {"recall", figure(row.Recall())},
              {"pass", row.pass},
              {"false_positives", row.false_positives},
              {"false_positive_rate", figure(row.FalsePositiveRate())},
              {"precision", figure(row.Precision())},
              {"with_action", row.with_action},
              {"action_agrees", row.action_agrees},
              {"has_rules", row.has_rules}};
}

Json ErrorJson(const EvalError& error) {
  return Json{{"origin", error.origin},
              {"id", error.id},
              {"label", error.labels.flag ? "flag" : "pass"},
              {"categories", error.labels.categories},
              {"lang", error.labels.language},
              {"kind", error.labels.kind},
              {"expected_action",
               error.labels.action ? Json(ActionName(*error.labels.action)) : Json(nullptr)},
              {"decision", ActionName(error.decision)},
              {"text", error.text},
              {"rules", error.rules}};
}

// Checks `row` against the gate, appending its failures to `out`.
void CheckRow(const EvalRow& row, const EvalGate& gate, std::vector<std::string>* out) {
  const std::size_t enough = std::max<std::size_t>(gate.min_cases, 1);
  if (gate.min_recall && row.flag >= enough && row.Recall() < *gate.min_recall) {
    out->push_back(fmt::format("{}: recall {} < {:.3f}", row.name, Figure(row.Recall()),
                               *gate.min_recall));
  }
  if (gate.max_false_positive_rate && row.pass >= enough &&
      row.FalsePositiveRate() > *gate.max_false_positive_rate) {
    out->push_back(fmt::format("{}: FPR {} > {:.3f}", row.name, Figure(row.FalsePositiveRate()),
                               *gate.max_false_positive_rate));
  }
}

}  // namespace

std::optional<double> EvalRow::Recall() const { return Ratio(caught, flag); }
std::optional<double> EvalRow::FalsePositiveRate() const { return Ratio(false_positives, pass); }
std::optional<double> EvalRow::Precision() const { return Ratio(caught, caught + enforced_pass); }

std::optional<EvalLabels> ReadEvalLabels(const Document& document, const Program& program,
                                         std::string* problem) {
  EvalLabels labels;
  const std::string* label = FindMetadata(document, "label");
  if (label == nullptr || (*label != "flag" && *label != "pass")) {
    *problem = label == nullptr ? "case has no `label` (flag or pass)"
                                : "`label` must be flag or pass, not `" + *label + "`";
    return std::nullopt;
  }
  labels.flag = *label == "flag";
  if (const std::string* category = FindMetadata(document, "category")) {
    std::optional<std::vector<std::string>> categories = ParseCategories(*category);
    if (!categories) {
      *problem = "`category` must be a category id or a list of them";
      return std::nullopt;
    }
    for (const std::string& id : *categories) {
      if (!CategoryIndex(program, id)) {
        *problem = "unknown category `" + id + "`";
        return std::nullopt;
      }
    }
    labels.categories = std::move(*categories);
  }
  if (labels.flag && labels.categories.empty()) {
    *problem = "a `flag` case needs the `category` it breaks";
    return std::nullopt;
  }
  if (const std::string* action = FindMetadata(document, "action")) {
    labels.action = ParseAction(*action);
    if (!labels.action) {
      *problem = "unknown action `" + *action + "`";
      return std::nullopt;
    }
  }
  if (const std::string* language = FindMetadata(document, "lang")) labels.language = *language;
  if (const std::string* kind = FindMetadata(document, "kind")) labels.kind = *kind;
  return labels;
}

EvalScore::EvalScore(const Program& program, Action enforce_at)
    : program_(program), enforce_at_(enforce_at) {
  overall_.name = "all";
  for (const CategoryInfo& category : program.categories()) {
    EvalRow& row = categories_.emplace_back();
    row.name = category.id;
    row.has_rules = false;
  }
  for (const RuleInfo& rule : program.rules()) {
    if (rule.status == RuleStatus::kLive && rule.action >= enforce_at_) {
      categories_[rule.category].has_rules = true;
    }
  }
}

void EvalScore::Add(std::string_view origin, const EvalLabels& labels, const Verdict& verdict) {
  // The categories whose live rules enforced the document.
  std::set<std::uint32_t> enforcing;
  for (const RuleMatch& match : verdict.live) {
    const RuleInfo& rule = program_.rules()[match.rule];
    if (rule.action >= enforce_at_) enforcing.insert(rule.category);
  }
  const bool enforced = verdict.decision >= enforce_at_;
  std::vector<EvalRow*> rows = {&overall_};
  for (const std::string& id : labels.categories) rows.push_back(&categories_[*CategoryIndex(program_, id)]);
  const std::string language = labels.language.empty() ? "?" : labels.language;
  auto [slot, added] = language_index_.try_emplace(language, languages_.size());
  if (added) languages_.emplace_back().name = language;
  rows.push_back(&languages_[slot->second]);

  const bool agrees = labels.action && *labels.action == verdict.decision;
  if (labels.flag) {
    bool caught_by_own = false;
    for (const std::string& id : labels.categories) {
      EvalRow& row = categories_[*CategoryIndex(program_, id)];
      const bool caught = enforcing.contains(*CategoryIndex(program_, id));
      ++row.flag;
      row.caught += caught ? 1 : 0;
      row.caught_elsewhere += !caught && enforced ? 1 : 0;
      caught_by_own = caught_by_own || caught;
    }
    for (EvalRow* row : {&overall_, &languages_[slot->second]}) {
      ++row->flag;
      row->caught += caught_by_own ? 1 : 0;
      row->caught_elsewhere += !caught_by_own && enforced ? 1 : 0;
    }
    enforced_flags_ += enforced ? 1 : 0;
    if (!caught_by_own) misses_.push_back(MakeError(origin, labels, verdict));
  } else {
    for (EvalRow* row : rows) {
      ++row->pass;
      row->false_positives += enforced ? 1 : 0;
    }
    for (const std::uint32_t category : enforcing) ++categories_[category].enforced_pass;
    overall_.enforced_pass += enforced ? 1 : 0;
    languages_[slot->second].enforced_pass += enforced ? 1 : 0;
    if (enforced) false_positives_.push_back(MakeError(origin, labels, verdict));
  }
  if (labels.action) {
    for (EvalRow* row : rows) {
      ++row->with_action;
      row->action_agrees += agrees ? 1 : 0;
    }
  }
}

EvalError EvalScore::MakeError(std::string_view origin, const EvalLabels& labels,
                               const Verdict& verdict) const {
  EvalError error;
  error.origin = std::string(origin);
  error.id = verdict.document->id;
  error.labels = labels;
  error.decision = verdict.decision;
  for (const Field& field : verdict.document->fields) {
    if (!error.text.empty()) error.text += "  ";
    std::string_view text = field.text;
    const bool cut = text.size() > kShownTextBytes;
    if (cut) text = text.substr(0, kShownTextBytes);
    error.text += field.name + ": ";
    AppendQuoted(text, &error.text);
    if (cut) error.text += "...";
  }
  auto describe = [&](const RuleMatch& match, bool shadow) {
    const RuleInfo& rule = program_.rules()[match.rule];
    std::string line = (shadow ? "shadow " : "") + rule.id + " (" + std::string(ActionName(rule.action)) +
                       ", " + program_.categories()[rule.category].id + ")";
    std::string words;
    for (const MatchSpan& span : verdict.SpansOf(match)) {
      words += words.empty() ? " on " : ", ";
      AppendQuoted(verdict.TextOf(span), &words);
    }
    error.rules.push_back(line + words);
  };
  for (const RuleMatch& match : verdict.live) describe(match, false);
  for (const RuleMatch& match : verdict.shadow) describe(match, true);
  if (error.rules.empty()) error.rules.push_back("no rule matched");
  return error;
}

std::vector<std::string> EvalScore::GateFailures(const EvalGate& gate) const {
  std::vector<std::string> failures;
  for (const EvalRow& row : categories_) {
    if (row.has_rules) CheckRow(row, gate, &failures);
  }
  for (const EvalRow& row : languages_) CheckRow(row, gate, &failures);
  CheckRow(overall_, gate, &failures);
  return failures;
}

std::string FormatEvalReport(const EvalScore& score, const EvalGate& gate, bool summary_only) {
  const EvalRow& all = score.overall();
  std::string out = fmt::format(
      "{} cases ({} flag, {} pass); enforced means {} or stricter; caught means enforced by a "
      "rule of the case's own category\n\n",
      score.cases(), all.flag, all.pass, ActionName(score.enforce_at()));
  out += FormatTable("category", score.categories(), &all);
  const auto& rows = score.categories();
  if (std::any_of(rows.begin(), rows.end(), [](const EvalRow& row) { return !row.has_rules; })) {
    out += "  (* no live rule of this category enforces)\n";
  }
  out += "\n";
  out += FormatTable("language", score.languages(), nullptr);
  out += fmt::format("\nflag cases enforced by any category: {} of {} ({})\n",
                     score.enforced_flags(), all.flag,
                     Figure(all.flag == 0 ? std::nullopt
                                          : std::optional<double>(static_cast<double>(score.enforced_flags()) /
                                                                  static_cast<double>(all.flag))));
  if (!summary_only) {
    out += FormatErrors("misses", score.misses());
    out += FormatErrors("false positives", score.false_positives());
  }
  if (gate.min_recall || gate.max_false_positive_rate) {
    const std::vector<std::string> failures = score.GateFailures(gate);
    out += fmt::format("\ngate (rows with at least {} cases):", gate.min_cases);
    if (gate.min_recall) out += fmt::format(" recall >= {:.3f}", *gate.min_recall);
    if (gate.max_false_positive_rate) out += fmt::format(" FPR <= {:.3f}", *gate.max_false_positive_rate);
    out += failures.empty() ? ": pass\n" : ": FAIL\n";
    for (const std::string& failure : failures) out += "  " + failure + "\n";
  }
  return out;
}

std::string FormatEvalJson(const EvalScore& score, const EvalGate& gate) {
  Json categories = Json::array(), languages = Json::array(), misses = Json::array(),
       false_positives = Json::array();
  for (const EvalRow& row : score.categories()) categories.push_back(RowJson(row));
  for (const EvalRow& row : score.languages()) languages.push_back(RowJson(row));
  for (const EvalError& error : score.misses()) misses.push_back(ErrorJson(error));
  for (const EvalError& error : score.false_positives()) false_positives.push_back(ErrorJson(error));
  Json report{{"enforce_at", ActionName(score.enforce_at())},
              {"cases", score.cases()},
              {"overall", RowJson(score.overall())},
              {"enforced_flags", score.enforced_flags()},
              {"categories", std::move(categories)},
              {"languages", std::move(languages)},
              {"misses", std::move(misses)},
              {"false_positives", std::move(false_positives)}};
  if (gate.min_recall || gate.max_false_positive_rate) {
    report["gate"] = Json{{"min_cases", gate.min_cases},
                          {"min_recall", gate.min_recall ? Json(*gate.min_recall) : Json(nullptr)},
                          {"max_false_positive_rate", gate.max_false_positive_rate
                                                          ? Json(*gate.max_false_positive_rate)
                                                          : Json(nullptr)},
                          {"failures", score.GateFailures(gate)}};
  }
  return report.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace bylaw::cli
