// Counting and formatting of the end-of-replay report.
#include "replay_summary.h"

#include <algorithm>
#include <span>
#include <string_view>
#include <utility>

#include <spdlog/fmt/fmt.h>

#include "bylaw/policy.h"

namespace bylaw::cli {
namespace {

constexpr std::array<Action, 5> kActions = {Action::kAllow, Action::kLabel, Action::kReview,
                                            Action::kRestrict, Action::kRemove};

// "live matches by rule:" then one "  name  count" line per non-zero count,
// most frequent first (ties in program order), or ": none".
template <typename NameOf>
void AppendTable(std::string_view title, const std::vector<std::size_t>& counts,
                 NameOf name_of, std::string* out) {
  std::vector<std::size_t> order;
  std::size_t width = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    order.push_back(i);
    width = std::max(width, name_of(i).size());
  }
  if (order.empty()) {
    *out += fmt::format("{}: none\n", title);
    return;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
  *out += fmt::format("{}:\n", title);
  for (const std::size_t i : order) {
    *out += fmt::format("  {:<{}}  {}\n", name_of(i), width, counts[i]);
  }
}

}  // namespace

ReplaySummary::ReplaySummary(const Program& program) : program_(program) {
  by_rule_.live.assign(program.rules().size(), 0);
  by_rule_.shadow.assign(program.rules().size(), 0);
  by_category_.live.assign(program.categories().size(), 0);
  by_category_.shadow.assign(program.categories().size(), 0);
}

void ReplaySummary::AddVerdict(const Verdict& verdict, std::size_t text_bytes) {
  ++documents_;
  if (verdict.decision != Action::kAllow) ++flagged_;
  ++decisions_[static_cast<std::size_t>(verdict.decision)];
  text_bytes_ += text_bytes;
  const std::span<const RuleInfo> rules = program_.rules();
  for (const RuleMatch& match : verdict.live) {
    ++by_rule_.live[match.rule];
    ++by_category_.live[rules[match.rule].category];
  }
  for (const RuleMatch& match : verdict.shadow) {
    ++by_rule_.shadow[match.rule];
    ++by_category_.shadow[rules[match.rule].category];
  }
}

std::string ReplaySummary::Format(double seconds, std::string_view timing_note) const {
  std::string out = fmt::format("documents: {}\nflagged: {}\nmalformed lines skipped: {}\n",
                                documents_, flagged_, malformed_lines_);
  if (refused_documents_ != 0) {  // only with --oversize refuse
    out += fmt::format("documents refused (over --max-document-bytes): {}\n", refused_documents_);
  }
  out += fmt::format("lines with ignored values: {}\ndecisions:", lines_with_ignored_values_);
  for (const Action action : kActions) {
    out += fmt::format(" {} {}{}", ActionName(action),
                       decisions_[static_cast<std::size_t>(action)],
                       action == Action::kRemove ? "\n" : ",");
  }
  const auto rule_name = [this](std::size_t i) { return std::string_view(program_.rules()[i].id); };
  const auto category_name = [this](std::size_t i) {
    return std::string_view(program_.categories()[i].id);
  };
  AppendTable("live matches by category", by_category_.live, category_name, &out);
  AppendTable("live matches by rule", by_rule_.live, rule_name, &out);
  AppendTable("shadow matches by category", by_category_.shadow, category_name, &out);
  AppendTable("shadow matches by rule", by_rule_.shadow, rule_name, &out);
  const double safe_seconds = std::max(seconds, 1e-9);
  out += fmt::format("elapsed: {:.3f} s, {:.0f} docs/s, {:.2f} MB/s of text{}\n", seconds,
                     static_cast<double>(documents_) / safe_seconds,
                     static_cast<double>(text_bytes_) / 1e6 / safe_seconds, timing_note);
  return out;
}

}  // namespace bylaw::cli
