// FoldCache (fold_cache.h): blocks of character folds filled on first use,
// under a lock that only filling takes.
#include "runtime/fold_cache.h"

#include <cstring>
#include <mutex>
#include <string_view>

#include "runtime/character_fold.h"

namespace bylaw::internal {
namespace {

std::size_t Utf8Length(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

FoldCache::Entry MakeEntry(char32_t c) {
  FoldCache::Entry entry{};
  entry.length = FoldCache::kNotCached;
  if (c < 0x80 || (c >= 0xD800 && c <= 0xDFFF)) return entry;  // never looked up
  CharacterFold kept;
  CharacterFold shed;
  FoldCharacter(c, false, &kept);
  FoldCharacter(c, true, &shed);
  const bool same = std::string_view(kept.bytes.data(), kept.length) ==
                    std::string_view(shed.bytes.data(), shed.length);
  const bool marks_only = (kept.flags & CharacterFold::kMarksOnly) != 0;
  if (kept.length > sizeof entry.bytes || kept.flags != shed.flags || !(same || marks_only)) {
    return entry;
  }
  entry.flags = kept.flags;
  entry.length = kept.length;
  std::memcpy(entry.bytes, kept.bytes.data(), kept.length);
  constexpr std::uint8_t kNotPlain =
      CharacterFold::kSpace | CharacterFold::kMarksOnly | CharacterFold::kExtender;
  if ((kept.flags & (kNotPlain | CharacterFold::kSetsShed)) == CharacterFold::kSetsShed &&
      entry.length <= Utf8Length(c) && std::memchr(entry.bytes, ' ', entry.length) == nullptr) {
    entry.flags |= FoldCache::kPlain;
  }
  return entry;
}

}  // namespace

FoldCache::Entry FoldCache::entries_[FoldCache::kEnd];
std::atomic<bool> FoldCache::ready_[FoldCache::kEnd / FoldCache::kBlockSize];

void FoldCache::Fill(std::size_t block) {
  static std::mutex filling;
  const std::lock_guard<std::mutex> lock(filling);
  if (ready_[block].load(std::memory_order_relaxed)) return;
  for (std::size_t i = 0; i < kBlockSize; ++i) {
    const auto c = static_cast<char32_t>(block * kBlockSize + i);
    entries_[c] = MakeEntry(c);
  }
  ready_[block].store(true, std::memory_order_release);
}

}  // namespace bylaw::internal
