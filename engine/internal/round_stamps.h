// Marks that hold for one round (one document) and are all cleared at once
// by starting the next: each item keeps the number of the round that last
// marked it. When the round number wraps (after 2^32 rounds, about an hour
// of a busy worker), the marks are cleared for real, so that no mark of
// 2^32 rounds ago reads as current.
#ifndef BYLAW_INTERNAL_ROUND_STAMPS_H_
#define BYLAW_INTERNAL_ROUND_STAMPS_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace bylaw::internal {

class RoundStamps {
 public:
  // `items` marks, none set; `round` the number of the round before the
  // first (tests start near the wrap). 0 is no round: an item never marked.
  explicit RoundStamps(std::size_t items, std::uint32_t round = 1)
      : stamps_(items, 0), round_(std::max<std::uint32_t>(round, 1)) {}

  // Clears every mark.
  void NextRound() {
    if (++round_ == 0) {
      std::fill(stamps_.begin(), stamps_.end(), 0);
      round_ = 1;
    }
  }
  bool Marked(std::size_t item) const { return stamps_[item] == round_; }
  // Marks `item`; whether it was not marked yet.
  bool Mark(std::size_t item) {
    if (stamps_[item] == round_) return false;
    stamps_[item] = round_;
    return true;
  }
  std::size_t size() const { return stamps_.size(); }

 private:
  std::vector<std::uint32_t> stamps_;
  std::uint32_t round_;
};

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_ROUND_STAMPS_H_
