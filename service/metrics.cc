// Counting and the Prometheus text exposition. See metrics.h.
#include "bylaw/service/metrics.h"

#include <algorithm>
#include <span>

#include <spdlog/fmt/fmt.h>

namespace bylaw::service {
namespace {

constexpr std::array<Action, 5> kActions = {Action::kAllow, Action::kLabel, Action::kReview,
                                            Action::kRestrict, Action::kRemove};

// A label value: backslash, double quote and newline escaped.
std::string Label(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void Header(std::string_view name, std::string_view type, std::string_view help, std::string* out) {
  *out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

void Metrics::Index(const Program& program) {
  indexed_ = program.hash();
  rule_index_.clear();
  category_index_.clear();
  for (const CategoryInfo& category : program.categories()) {
    category_index_.push_back(&categories_[category.id]);
  }
  for (const RuleInfo& rule : program.rules()) {
    RuleCounts& counts = rules_[rule.id];
    counts.category = program.categories()[rule.category].id;
    rule_index_.push_back(&counts);
  }
  seen_.assign(category_index_.size(), 0);
  strictest_.assign(category_index_.size(), Action::kAllow);
}

void Metrics::Observe(const Verdict& verdict, std::size_t text_bytes, double scan_seconds) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (verdict.program->hash() != indexed_) Index(*verdict.program);
  ++documents_;
  bytes_ += text_bytes;
  ++decisions_[static_cast<std::size_t>(verdict.decision)];
  const auto bucket = std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), scan_seconds);
  ++latency_[bucket - kLatencyBuckets.begin()];
  latency_sum_ += scan_seconds;
  const std::span<const RuleInfo> rules = verdict.program->rules();
  // Each category once per document: its strictest live action, or shadow.
  for (const RuleMatch& match : verdict.live) {
    ++rule_index_[match.rule]->live;
    const std::uint32_t category = rules[match.rule].category;
    strictest_[category] = seen_[category] & 1 ? std::max(strictest_[category], rules[match.rule].action)
                                               : rules[match.rule].action;
    seen_[category] |= 1;
  }
  for (const RuleMatch& match : verdict.shadow) {
    ++rule_index_[match.rule]->shadow;
    seen_[rules[match.rule].category] |= 2;
  }
  for (std::size_t category = 0; category < seen_.size(); ++category) {
    if (seen_[category] == 0) continue;
    if (seen_[category] & 1) {
      ++category_index_[category]->decisions[static_cast<std::size_t>(strictest_[category])];
    }
    if (seen_[category] & 2) ++category_index_[category]->shadow;
    seen_[category] = 0;
  }
}

void Metrics::CountFailure() {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++failures_;
}

void Metrics::CountBreakerTrip(std::string_view rule) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++trips_[std::string(rule)];
}

void Metrics::CountReload(bool succeeded) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++reloads_[succeeded ? 1 : 0];
}

void Metrics::SetRuleset(std::string_view hash) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ruleset_ = hash;
}

std::uint64_t Metrics::documents() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return documents_;
}

double Metrics::QuantileLocked(double q) const {
  if (documents_ == 0) return 0;
  const auto wanted = static_cast<std::uint64_t>(q * static_cast<double>(documents_ - 1)) + 1;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    seen += latency_[i];
    if (seen >= wanted) return kLatencyBuckets[i];
  }
  return kLatencyBuckets.back();  // beyond the last bound: at least that
}

double Metrics::LatencyQuantile(double q) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return QuantileLocked(q);
}

std::string Metrics::Exposition() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  Header("bylaw_documents_total", "counter", "Documents decided.", &out);
  out += fmt::format("bylaw_documents_total {}\n", documents_);
  Header("bylaw_bytes_total", "counter", "Bytes of document text scanned.", &out);
  out += fmt::format("bylaw_bytes_total {}\n", bytes_);
  Header("bylaw_documents_failed_total", "counter", "Documents not decided (malformed or failed).",
         &out);
  out += fmt::format("bylaw_documents_failed_total {}\n", failures_);
  Header("bylaw_decisions_total", "counter", "Documents by decision.", &out);
  for (const Action action : kActions) {
    out += fmt::format("bylaw_decisions_total{{decision=\"{}\"}} {}\n", ActionName(action),
                       decisions_[static_cast<std::size_t>(action)]);
  }
  Header("bylaw_category_decisions_total", "counter",
         "Documents by category and the strictest action of its live rules that matched.", &out);
  for (const auto& [category, counts] : categories_) {
    for (const Action action : kActions) {
      const std::uint64_t count = counts.decisions[static_cast<std::size_t>(action)];
      if (count == 0) continue;
      out += fmt::format("bylaw_category_decisions_total{{category=\"{}\",action=\"{}\"}} {}\n",
                         Label(category), ActionName(action), count);
    }
  }
  Header("bylaw_category_shadow_matches_total", "counter",
         "Documents matched by shadow rules (never enforced), by category.", &out);
  for (const auto& [category, counts] : categories_) {
    if (counts.shadow == 0) continue;
    out += fmt::format("bylaw_category_shadow_matches_total{{category=\"{}\"}} {}\n",
                       Label(category), counts.shadow);
  }
  Header("bylaw_rule_hits_total", "counter",
         "Documents matched, by rule and status (live, or shadow: never enforced).", &out);
  for (const auto& [rule, counts] : rules_) {
    for (const auto& [status, count] : {std::pair{"live", counts.live}, std::pair{"shadow", counts.shadow}}) {
      if (count == 0) continue;
      out += fmt::format("bylaw_rule_hits_total{{rule=\"{}\",category=\"{}\",status=\"{}\"}} {}\n",
                         Label(rule), Label(counts.category), status, count);
    }
  }
  Header("bylaw_scan_duration_seconds", "histogram", "Time to decide one document.", &out);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < latency_.size(); ++i) {
    cumulative += latency_[i];
    const std::string bound = i < kLatencyBuckets.size() ? fmt::format("{}", kLatencyBuckets[i]) : "+Inf";
    out += fmt::format("bylaw_scan_duration_seconds_bucket{{le=\"{}\"}} {}\n", bound, cumulative);
  }
  out += fmt::format("bylaw_scan_duration_seconds_sum {}\nbylaw_scan_duration_seconds_count {}\n",
                     latency_sum_, documents_);
  Header("bylaw_circuit_breaker_trips_total", "counter",
         "Rules demoted to shadow by their circuit breaker.", &out);
  for (const auto& [rule, count] : trips_) {
    out += fmt::format("bylaw_circuit_breaker_trips_total{{rule=\"{}\"}} {}\n", Label(rule), count);
  }
  Header("bylaw_reloads_total", "counter", "Reloads of the rules, by result.", &out);
  out += fmt::format("bylaw_reloads_total{{result=\"success\"}} {}\n", reloads_[1]);
  out += fmt::format("bylaw_reloads_total{{result=\"failure\"}} {}\n", reloads_[0]);
  Header("bylaw_ruleset_info", "gauge", "The ruleset in force, by hash.", &out);
  if (!ruleset_.empty()) out += fmt::format("bylaw_ruleset_info{{hash=\"{}\"}} 1\n", Label(ruleset_));
  return out;
}

}  // namespace bylaw::service
