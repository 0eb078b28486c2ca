// The one exception type: failures of the environment (unreadable files,
// out of memory in Hyperscan, lost connections). Mistakes in rules are
// Diagnostics, never exceptions.
#ifndef BYLAW_ERROR_H_
#define BYLAW_ERROR_H_

#include <stdexcept>
#include <string>

namespace bylaw {

class Error : public std::runtime_error {
 public:
  // `lasting`: retrying cannot help (a Redis key of the wrong type), so a
  // caller that retries failures of the environment gives up on this one.
  explicit Error(const std::string& message, bool lasting = false)
      : std::runtime_error(message), lasting_(lasting) {}
  bool lasting() const { return lasting_; }

 private:
  bool lasting_;
};

}  // namespace bylaw

#endif  // BYLAW_ERROR_H_
