// Comparing two rulesets' outcomes and summing up the changes. See
// backtest.h.
#include "backtest.h"

#include <algorithm>

#include <spdlog/fmt/fmt.h>


namespace bylaw::cli {
namespace {

// The ids in `a` and not in `b`; both sorted.
std::vector<std::string> Minus(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> result;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(result));
  return result;
}

std::optional<Action> ActionOf(const Program& program, const std::string& rule) {
  const std::ptrdiff_t index = program.FindRule(rule);
  if (index < 0) return std::nullopt;
  return program.rules()[index].action;
}

}  // namespace

Outcome Outcome::Of(const Verdict& verdict) {
  Outcome outcome;
  outcome.decision = verdict.decision;
  const Program& program = *verdict.program;
  std::map<std::string, Action> categories;
  for (const RuleMatch& match : verdict.live) {
    const RuleInfo& rule = program.rules()[match.rule];
    outcome.live.push_back(rule.id);
    auto [it, inserted] = categories.try_emplace(program.categories()[rule.category].id, rule.action);
    if (!inserted) it->second = std::max(it->second, rule.action);
  }
  for (const RuleMatch& match : verdict.shadow) outcome.shadow.push_back(program.rules()[match.rule].id);
  outcome.categories.assign(categories.begin(), categories.end());
  std::sort(outcome.live.begin(), outcome.live.end());
  std::sort(outcome.shadow.begin(), outcome.shadow.end());
  return outcome;
}

bool Outcome::LiveDiffers(const Outcome& other) const {
  return decision != other.decision || categories != other.categories || live != other.live;
}

std::string_view GateName(Gate gate) {
  switch (gate) {
    case Gate::kDecision: return "decision";
    case Gate::kFlagged: return "flagged";
    case Gate::kAny: return "any";
    case Gate::kNever: return "never";
  }
  return "";
}

Backtest::Backtest(const Program& before, const Program& after) : before_(before), after_(after) {}

void Backtest::CountRules(const std::vector<std::string>& before,
                          const std::vector<std::string>& after, bool check_actions,
                          std::map<std::string, Change>* table) {
  for (const std::string& id : Minus(after, before)) ++(*table)[id].added;
  for (const std::string& id : Minus(before, after)) ++(*table)[id].removed;
  if (!check_actions) return;
  std::vector<std::string> both;
  std::set_intersection(before.begin(), before.end(), after.begin(), after.end(),
                        std::back_inserter(both));
  for (const std::string& id : both) {
    if (ActionOf(before_, id) != ActionOf(after_, id)) ++(*table)[id].action_changed;
  }
}

bool Backtest::Add(const Outcome& before, const Outcome& after) {
  ++documents_;
  const bool live = before.LiveDiffers(after);
  const bool shadow = before.ShadowDiffers(after);
  if (live) ++changed_;
  if (!live && shadow) ++shadow_changed_;
  if (before.decision != after.decision) {
    ++decision_changed_;
    if (after.decision > before.decision) ++stricter_;
    if (before.decision == Action::kAllow) ++newly_flagged_;
    if (after.decision == Action::kAllow) ++no_longer_flagged_;
  }
  std::map<std::string, Action> old_categories(before.categories.begin(), before.categories.end());
  for (const auto& [id, action] : after.categories) {
    const auto it = old_categories.find(id);
    if (it == old_categories.end()) {
      ++categories_[id].added;
    } else {
      if (it->second != action) ++categories_[id].action_changed;
      old_categories.erase(it);
    }
  }
  for (const auto& [id, action] : old_categories) ++categories_[id].removed;
  CountRules(before.live, after.live, true, &live_rules_);
  CountRules(before.shadow, after.shadow, false, &shadow_rules_);
  return live || shadow;
}

bool Backtest::Fails(Gate gate) const {
  switch (gate) {
    case Gate::kDecision: return decision_changed_ > 0;
    case Gate::kFlagged: return newly_flagged_ > 0;
    case Gate::kAny: return changed_ > 0;
    case Gate::kNever: return false;
  }
  return false;
}

std::string Backtest::Format(Gate gate) const {
  std::string out = fmt::format("documents: {}, skipped as malformed or refused: {}\n", documents_, skipped_);
  out += fmt::format(
      "changed: {} (decision {}: {} stricter, {} more lenient; {} newly flagged, {} no longer "
      "flagged); shadow rules only: {}\n",
      changed_, decision_changed_, stricter_, decision_changed_ - stricter_, newly_flagged_,
      no_longer_flagged_, shadow_changed_);
  auto table = [&out](std::string_view title, std::string_view added, std::string_view removed,
                      const std::map<std::string, Change>& rows, bool actions) {
    if (rows.empty()) {
      out += fmt::format("{}: no change\n", title);
      return;
    }
    out += fmt::format("{}:\n  {:<40} {:>9} {:>9}{}\n", title, "", added, removed,
                       actions ? fmt::format(" {:>9}", "action") : "");
    for (const auto& [id, change] : rows) {
      out += fmt::format("  {:<40} {:>9} {:>9}", id, change.added, change.removed);
      out += actions ? fmt::format(" {:>9}\n", change.action_changed) : "\n";
    }
  };
  table("by category (documents)", "+flagged", "-flagged", categories_, true);
  table("by live rule (documents)", "+matched", "-matched", live_rules_, true);
  table("shadow rules, never deciding (documents)", "+matched", "-matched", shadow_rules_, false);
  out += fmt::format("gate --fail-on {}: {}\n", GateName(gate), Fails(gate) ? "FAIL" : "pass");
  return out;
}

nlohmann::json Backtest::Json(Gate gate) const {
  auto rows = [](const std::map<std::string, Change>& table, bool actions) {
    nlohmann::json json = nlohmann::json::object();
    for (const auto& [id, change] : table) {
      json[id] = {{"added", change.added}, {"removed", change.removed}};
      if (actions) json[id]["action_changed"] = change.action_changed;
    }
    return json;
  };
  return {{"documents", documents_},
          {"skipped", skipped_},
          {"changed", changed_},
          {"shadow_only_changed", shadow_changed_},
          {"decision_changed", decision_changed_},
          {"stricter", stricter_},
          {"more_lenient", decision_changed_ - stricter_},
          {"newly_flagged", newly_flagged_},
          {"no_longer_flagged", no_longer_flagged_},
          {"categories", rows(categories_, true)},
          {"rules", rows(live_rules_, true)},
          {"shadow_rules", rows(shadow_rules_, false)},
          {"gate", GateName(gate)},
          {"failed", Fails(gate)}};
}

}  // namespace bylaw::cli
