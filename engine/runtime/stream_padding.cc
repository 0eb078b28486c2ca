// Run side: see stream_padding.h.
#include "runtime/stream_padding.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "bylaw/utf8.h"
#include "runtime/character_fold.h"
#include "runtime/fold_cache.h"

namespace bylaw::internal {
namespace {

// Folds to nothing (Default_Ignorable_Code_Point), or is a non-spacing or
// enclosing mark where folding sheds marks (`shed_marks`: after Latin,
// Greek, Cyrillic or no script). Spacing marks spell (Devanagari vowel
// signs), and so do marks after other scripts (a virama, a Hebrew point):
// they stay, and end the run.
bool IsPadding(char32_t c, bool shed_marks) {
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
         (shed_marks && (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_MN_MASK | U_GC_ME_MASK)) != 0);
}

// The fold's flags of `c` (CharacterFold::Flag), where marks are shed if
// `shed_marks`, as FoldText reads them: from the fold cache when it holds c.
std::uint8_t FoldFlags(char32_t c, bool shed_marks) {
  if (c < FoldCache::kEnd) {
    const FoldCache::Entry& entry = FoldCache::Get(c);
    if (entry.length != FoldCache::kNotCached) return entry.flags;
  }
  CharacterFold fold;
  FoldCharacter(c, shed_marks, &fold);
  return fold.flags;
}

// Bytes of the character that starts `text` could take; 0 for a byte that
// starts none (it stands alone).
std::size_t ExpectedLength(unsigned char lead) {
  return lead < 0xC2 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 0;
}

}  // namespace

std::string_view PaddingRuns::Append(std::string_view chunk, std::uint64_t compacted_size,
                                     std::vector<PaddingGap>* gaps) {
  if (!carry_.empty()) {
    joined_.assign(carry_).append(chunk);
    carry_.clear();
    chunk = joined_;
  }
  compacted_.clear();
  bool copying = false;  // something was left out: the result is compacted_
  std::size_t kept_from = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < chunk.size();) {
    const auto lead = static_cast<unsigned char>(chunk[i]);
    if (lead < 0x80) {  // Latin or no script: marks after it are shed
      run_ = 0;
      shed_marks_ = true;
      ++i;
      continue;
    }
    const std::size_t length = Utf8CharLength(chunk.substr(i));
    if (length == 0 && chunk.size() - i < ExpectedLength(lead)) {
      carry_.assign(chunk.substr(i));  // cut: decided with the next chunk
      chunk = chunk.substr(0, i);
      break;
    }
    if (length == 0) {  // an invalid byte, read as U+FFFD, of no script
      run_ = 0;
      shed_marks_ = true;
      ++i;
      continue;
    }
    UChar32 c = 0;
    std::int32_t at = 0;
    U8_NEXT_UNSAFE(reinterpret_cast<const std::uint8_t*>(chunk.data() + i), at, c);
    const bool padding = IsPadding(static_cast<char32_t>(c), shed_marks_);
    const std::uint8_t flags = FoldFlags(static_cast<char32_t>(c), shed_marks_);
    run_ = padding ? run_ + 1 : 0;
    if (!padding && (flags & CharacterFold::kSetsShed) != 0) {  // as FoldText
      shed_marks_ = (flags & CharacterFold::kShedsMarks) != 0;
    }
    if (run_ > kKeptPadding) {
      compacted_.append(chunk.substr(kept_from, i - kept_from));
      copying = true;
      kept_from = i + length;
      removed_ += length;
      const std::uint64_t where = compacted_size + compacted_.size();
      // Padding is never a spacing mark: an extender here is Extend or ZWJ.
      const bool extends = (flags & CharacterFold::kExtender) != 0;
      if (!gaps->empty() && gaps->back().at == where) {
        gaps->back().removed_total = removed_;
        extending_ = extending_ && extends;
        if (extending_) gaps->back().cluster_bytes += length;
      } else {
        gaps->push_back(PaddingGap{where, removed_, extends ? length : 0});
        extending_ = extends;
      }
    }
    i += length;
  }
  if (!copying) return chunk;
  compacted_.append(chunk.substr(kept_from));
  return compacted_;
}

std::string_view PaddingRuns::Flush() {
  compacted_.swap(carry_);
  carry_.clear();
  return compacted_;
}

void PaddingRuns::Reset() {
  carry_.clear();
  run_ = 0;
  shed_marks_ = true;
  extending_ = false;
  removed_ = 0;
}

}  // namespace bylaw::internal
