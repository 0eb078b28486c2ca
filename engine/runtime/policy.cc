// Names of actions, severities, rule statuses and maturities, shared by the
// loader (which parses them) and every writer of verdicts and explanations
// (which prints them).
#include "bylaw/policy.h"

#include <array>

namespace bylaw {
namespace {

constexpr std::array<std::string_view, 5> kActionNames = {"allow", "label", "review", "restrict",
                                                          "remove"};
constexpr std::array<std::string_view, 4> kSeverityNames = {"low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 3> kStatusNames = {"live", "shadow", "disabled"};
constexpr std::array<std::string_view, 4> kMaturityNames = {"", "experimental", "test", "stable"};

template <typename Enum, std::size_t N>
std::optional<Enum> FindName(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view ActionName(Action action) { return kActionNames[static_cast<int>(action)]; }
std::string_view SeverityName(Severity severity) {
  return kSeverityNames[static_cast<int>(severity)];
}
std::string_view StatusName(RuleStatus status) { return kStatusNames[static_cast<int>(status)]; }
std::string_view MaturityName(Maturity maturity) {
  return kMaturityNames[static_cast<int>(maturity)];
}

std::optional<Action> ParseAction(std::string_view name) {
  return FindName<Action>(kActionNames, name);
}
std::optional<Severity> ParseSeverity(std::string_view name) {
  return FindName<Severity>(kSeverityNames, name);
}
std::optional<RuleStatus> ParseStatus(std::string_view name) {
  return FindName<RuleStatus>(kStatusNames, name);
}
std::optional<Maturity> ParseMaturity(std::string_view name) {
  if (name.empty()) return std::nullopt;  // "" names kUnset, which no author writes
  return FindName<Maturity>(kMaturityNames, name);
}

}  // namespace bylaw
