// A ruleset named on the command line: a rules directory, or `REV:PATH`, a
// rules directory as it is in a git revision (`HEAD~1:rules`, `main:rules`),
// extracted with `git archive` into a temporary directory.
#ifndef BYLAW_CLI_RULES_CHECKOUT_H_
#define BYLAW_CLI_RULES_CHECKOUT_H_

#include <string>

namespace bylaw::cli {

// Owns the temporary directory of a git revision and removes it when
// destroyed. Not copyable.
class RulesCheckout {
 public:
  // A directory is used as it is. Otherwise `spec` must be REV:PATH, read
  // from the git repository of the current directory. Throws bylaw::Error
  // when it is neither, or when git cannot archive it (git's message goes to
  // stderr).
  explicit RulesCheckout(const std::string& spec);
  ~RulesCheckout();
  RulesCheckout(const RulesCheckout&) = delete;
  RulesCheckout& operator=(const RulesCheckout&) = delete;

  // The directory holding the rules.
  const std::string& directory() const { return directory_; }
  // True when the rules came from git.
  bool from_git() const { return !temporary_.empty(); }

 private:
  std::string directory_;
  std::string temporary_;  // to remove; empty for a plain directory
};

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_RULES_CHECKOUT_H_
