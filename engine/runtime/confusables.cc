// The look-alike table of confusables.h, compiled in from confusables.inc,
// which the build generates with engine/data/make_confusables.cc.
#include "runtime/confusables.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>

namespace bylaw::internal {
namespace {

#include "confusables.inc"

// Which blocks of 128 code points hold look-alikes: most text (CJK, emoji)
// is ruled out without a search.
constexpr std::size_t kBlockBits = 7;
constexpr auto kBlocks = [] {
  std::array<std::uint64_t, (0x110000 >> kBlockBits) / 64> blocks{};
  for (const Confusable& entry : kConfusables) {
    const std::size_t block = entry.code_point >> kBlockBits;
    blocks[block / 64] |= std::uint64_t{1} << (block % 64);
  }
  return blocks;
}();

}  // namespace

std::span<const Confusable> Confusables() { return kConfusables; }

const Confusable* FindConfusable(char32_t c) {
  const std::size_t block = c >> kBlockBits;
  if (c > 0x10FFFF || ((kBlocks[block / 64] >> (block % 64)) & 1) == 0) return nullptr;
  const auto* found = std::lower_bound(
      std::begin(kConfusables), std::end(kConfusables), c,
      [](const Confusable& entry, char32_t value) { return entry.code_point < value; });
  return found != std::end(kConfusables) && found->code_point == c ? found : nullptr;
}

std::string_view ConfusablesIcuVersion() { return kConfusablesIcuVersion; }

}  // namespace bylaw::internal
