// The folds of the characters U+0080 to U+1FFFF (every script in use, and
// emoji), cached for FoldText: computed with FoldCharacter (character_fold.h)
// 256 characters at a time, when FoldText first meets one of them, and
// immutable after. Safe to share between threads; reading a cached block
// never allocates or locks.
#ifndef BYLAW_RUNTIME_FOLD_CACHE_H_
#define BYLAW_RUNTIME_FOLD_CACHE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace bylaw::internal {

class FoldCache {
 public:
  static constexpr char32_t kEnd = 0x20000;  // Characters above fold with FoldCharacter.

  struct Entry {
    std::uint8_t flags;   // CharacterFold::Flag, and kPlain.
    std::uint8_t length;  // kNotCached: fold with FoldCharacter.
    char bytes[6];
  };
  // The fold is too long for `bytes`, or depends on whether marks are shed
  // other than by dropping a character that is only marks.
  static constexpr std::uint8_t kNotCached = 0xFF;
  // The common case, which FoldText takes a short path for: a character that
  // starts a grapheme cluster, decides whether marks after it are shed, and
  // folds to no more bytes than it has, none of them ' '.
  static constexpr std::uint8_t kPlain = 1 << 7;

  // The fold of `c`, in [U+0080, kEnd). For a character that is only marks
  // (CharacterFold::kMarksOnly), `bytes` holds the marks kept.
  static const Entry& Get(char32_t c) {
    const std::size_t block = c / kBlockSize;
    if (!ready_[block].load(std::memory_order_acquire)) [[unlikely]]
      Fill(block);
    return entries_[c];
  }

 private:
  static constexpr std::size_t kBlockSize = 256;

  static void Fill(std::size_t block);

  // Zero-initialized: the operating system maps pages only for blocks in use.
  static Entry entries_[kEnd];
  static std::atomic<bool> ready_[kEnd / kBlockSize];
};

}  // namespace bylaw::internal

#endif  // BYLAW_RUNTIME_FOLD_CACHE_H_
