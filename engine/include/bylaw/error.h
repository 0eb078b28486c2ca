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
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace bylaw

#endif  // BYLAW_ERROR_H_
