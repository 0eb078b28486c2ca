// Padding in a streamed field: long runs of characters that fold to nothing
// (zero-width characters, bidi controls, variation selectors, tags) or are
// combining marks where folding sheds them. Folding drops them, so inside a whole document a
// term padded with 22,000 of them still reads as the term; a stream scans
// through windows of raw bytes, and such a run would stretch the term past
// any window. PaddingRuns keeps the first kKeptPadding characters of each
// run (enough for every evasion they show) and leaves out the rest,
// recording where, so that the stream maps offsets back to the original.
// Run side, owned by DocumentStream; not thread-safe.
#ifndef BYLAW_RUNTIME_STREAM_PADDING_H_
#define BYLAW_RUNTIME_STREAM_PADDING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::internal {

inline constexpr std::uint32_t kKeptPadding = 32;

// A stretch of padding left out: at offset `at` of the compacted text, and
// how many bytes were left out there and before, in all.
struct PaddingGap {
  std::uint64_t at = 0;
  std::uint64_t removed_total = 0;
  // Of the bytes left out here, those at its start that extend the grapheme
  // cluster before it (marks, ZWJ, variation selectors): a span ending at
  // the gap ends after them, since a span never splits a cluster.
  std::uint64_t cluster_bytes = 0;
};

class PaddingRuns {
 public:
  // Compacts `chunk`, the continuation of a field whose compacted text has
  // `compacted_size` bytes so far: returns the bytes to append to it (a
  // view of `chunk` when nothing was left out, else of a buffer valid until
  // the next call), recording each stretch left out in *gaps. A character
  // cut at the end of the chunk is held back for the next call or Flush.
  std::string_view Append(std::string_view chunk, std::uint64_t compacted_size,
                          std::vector<PaddingGap>* gaps);
  // The bytes held back (a character cut at the end of the last chunk),
  // which end the field as they are.
  std::string_view Flush();
  void Reset();
  // Bytes left out so far, in all.
  std::uint64_t removed() const { return removed_; }

 private:
  std::string carry_;        // the start of a character cut at a chunk's end
  std::string compacted_;    // Append's buffer
  std::string joined_;       // carry_ + chunk
  std::uint32_t run_ = 0;    // padding characters in the run now open
  bool shed_marks_ = true;   // folding sheds the marks that come next (FoldText)
  bool extending_ = false;   // the last gap's bytes so far all extend a cluster
  std::uint64_t removed_ = 0;
};

}  // namespace bylaw::internal

#endif  // BYLAW_RUNTIME_STREAM_PADDING_H_
