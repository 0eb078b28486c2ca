// The backtest of `bylaw diff`: what an old and a new ruleset decide about
// the same documents, the documents whose outcome changed, and the summary
// per category and per rule. Shadow rules are kept apart: they never decide,
// so they never count as a change of decision.
#ifndef BYLAW_CLI_BACKTEST_H_
#define BYLAW_CLI_BACKTEST_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/program.h"
#include "bylaw/verdict.h"

namespace bylaw::cli {

// What one ruleset decided about one document, by ids, so that outcomes of
// two programs compare. Copied out of a Verdict.
struct Outcome {
  Action decision = Action::kAllow;
  // Categories of the live rules that matched, with the strictest action
  // among them, sorted by id.
  std::vector<std::pair<std::string, Action>> categories;
  std::vector<std::string> live;    // ids of the live rules that matched, sorted
  std::vector<std::string> shadow;  // ids of the shadow rules that matched, sorted

  static Outcome Of(const Verdict& verdict);
  // Decision, categories or live rules differ.
  bool LiveDiffers(const Outcome& other) const;
  bool ShadowDiffers(const Outcome& other) const { return shadow != other.shadow; }
};

// Which changes fail the run (`--fail-on`).
enum class Gate : std::uint8_t {
  kDecision,  // any document's decision changed (default)
  kFlagged,   // some document is newly flagged (allow before, above allow now)
  kAny,       // decision, categories or live rules changed
  kNever,     // report only
};
inline constexpr std::array<Gate, 4> kGates = {Gate::kDecision, Gate::kFlagged, Gate::kAny,
                                               Gate::kNever};
std::string_view GateName(Gate gate);  // "decision", "flagged", "any", "never"

// Counts over a corpus. Borrows both programs.
class Backtest {
 public:
  Backtest(const Program& before, const Program& after);

  // Counts one document; true when it changed (live or shadow) and should
  // be shown.
  bool Add(const Outcome& before, const Outcome& after);
  // A document neither ruleset could decide (malformed, refused).
  void AddSkipped() { ++skipped_; }

  // True when the changes seen fail `gate`.
  bool Fails(Gate gate) const;

  // The summary for people, ending with the gate's verdict.
  std::string Format(Gate gate) const;
  nlohmann::json Json(Gate gate) const;

  std::size_t documents() const { return documents_; }
  std::size_t changed() const { return changed_; }

 private:
  // Per category or rule id: documents newly in, no longer in, in both with
  // another action.
  struct Change {
    std::size_t added = 0;
    std::size_t removed = 0;
    std::size_t action_changed = 0;
  };
  void CountRules(const std::vector<std::string>& before, const std::vector<std::string>& after,
                  bool check_actions, std::map<std::string, Change>* table);

  const Program& before_;
  const Program& after_;
  std::size_t documents_ = 0;
  std::size_t skipped_ = 0;
  std::size_t changed_ = 0;         // live outcome changed
  std::size_t shadow_changed_ = 0;  // only shadow rules changed
  std::size_t decision_changed_ = 0;
  std::size_t stricter_ = 0;
  std::size_t newly_flagged_ = 0;
  std::size_t no_longer_flagged_ = 0;
  std::map<std::string, Change> categories_;
  std::map<std::string, Change> live_rules_;
  std::map<std::string, Change> shadow_rules_;
};

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_BACKTEST_H_
