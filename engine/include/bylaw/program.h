// Program: a compiled, immutable rule set.
#ifndef BYLAW_PROGRAM_H_
#define BYLAW_PROGRAM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "bylaw/policy.h"

namespace bylaw {

namespace internal {
struct ProgramData;
}

// Sizes of a compiled program, for `bylaw check` and reports.
struct ProgramStats {
  std::size_t packs = 0;
  std::size_t rules = 0;
  std::size_t terms = 0;
  std::size_t patterns = 0;        // as written by authors
  std::size_t unique_patterns = 0; // after deduplication (a masked phrase counts once)
  std::size_t databases = 0;       // Hyperscan databases
  std::size_t database_bytes = 0;  // their total size
  double compile_seconds = 0;      // wall time of reading the sources and compiling
};

// The output of the compiler and the input of every Scanner. Immutable after
// construction and shared between threads as std::shared_ptr<const Program>;
// a hot reload swaps the pointer and in-flight scans finish on the old one.
// All mutable scan state lives in Scanner.
class Program {
 public:
  explicit Program(std::unique_ptr<const internal::ProgramData> data);
  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  // "sha256:<hex>" of the rule sources (paths and contents), the ruleset's
  // identity; "+partial" follows when a keep-going compile left patterns out.
  std::string_view hash() const;
  std::span<const RuleInfo> rules() const;
  std::span<const CategoryInfo> categories() const;
  std::span<const Resource> resources() const;
  std::string_view term_name(std::uint32_t term) const;
  const ProgramStats& stats() const;

  // Index of the rule with this id, or -1.
  std::ptrdiff_t FindRule(std::string_view id) const;

  // For the engine's own run side; not part of the stable API.
  const internal::ProgramData& data() const { return *data_; }

 private:
  const std::unique_ptr<const internal::ProgramData> data_;
};

}  // namespace bylaw

#endif  // BYLAW_PROGRAM_H_
