// StreamMatches (stream_matches.h): between a stream's window scans
// (document_stream.cc) and its verdict (ScanState::Decide), the bounded
// memory of the matches found so far.
#include "runtime/stream_matches.h"

#include <algorithm>

#include "bylaw/verdict.h"

namespace bylaw::internal {

StreamMatches::StreamMatches(const ProgramData& data) {
  for (const ConditionOp& op : data.ops) {
    if (op.kind == NodeKind::kCount) {
      const auto limit = static_cast<std::uint32_t>(std::clamp<std::int64_t>(op.number, 0, kNone - 1) + 1);
      std::uint32_t& kept = count_limit_[op.term];
      kept = std::max(kept, limit);
    } else if (op.kind == NodeKind::kNear) {
      near_ops_.push_back(NearOp{data.operands[op.first_operand],
                                 data.operands[op.first_operand + 1], op.number, false});
    }
  }
  if (!near_ops_.empty()) near_ops_of_term_.resize(data.term_names.size());
  for (std::uint32_t i = 0; i < near_ops_.size(); ++i) {
    const NearOp& op = near_ops_[i];
    near_ops_of_term_[op.a].push_back(i);
    if (op.b != op.a) near_ops_of_term_[op.b].push_back(i);
  }
}

void StreamMatches::Settle(std::uint32_t field, std::uint64_t before) {
  settling_.clear();
  std::size_t waiting = 0;
  for (const TermHit& found : pending_) {
    if (found.hit.field == field && found.hit.begin < before) {
      settling_.push_back(found);
    } else {
      pending_[waiting++] = found;
    }
  }
  pending_.resize(waiting);
  if (settling_.empty()) return;
  // By place, so that near() sees matches in the order they begin; equal
  // starts of a term together, the longest first, merged into it.
  std::sort(settling_.begin(), settling_.end(), [](const TermHit& x, const TermHit& y) {
    return x.hit.begin != y.hit.begin ? x.hit.begin < y.hit.begin
           : x.term != y.term         ? x.term < y.term
                                      : x.hit.end > y.hit.end;
  });
  for (std::size_t i = 0; i < settling_.size();) {
    TermHit merged = settling_[i];
    for (++i; i < settling_.size() && settling_[i].term == merged.term &&
              settling_[i].hit.begin == merged.hit.begin;
         ++i) {
      merged.hit.evasions.Add(settling_[i].hit.evasions);
    }
    const Hit& hit = merged.hit;
    SettleOne(merged, SpanTextAt(pending_texts_, hit.text));
  }
  DropSettledTexts();
}

void StreamMatches::SettleOne(const TermHit& found, std::string_view text) {
  bool keep = false;
  std::uint32_t& spans = spans_[Key(found.hit.field, found.term)];
  if (spans < kMaxSpansPerTerm) {
    ++spans;
    keep = true;
  }
  // The tally is read only where it decides: a count()'s term, or a
  // disguised match (evaded()).
  const std::uint32_t limit = CountLimit(found.term);
  const bool evaded = !found.hit.evasions.empty();
  if (limit != 0 || evaded) {
    const std::uint32_t tally = tally_[found.term];
    if ((tally & ~kEvaded) < limit || (evaded && (tally & kEvaded) == 0)) keep = true;
  }
  if (!near_ops_of_term_.empty() && !near_ops_of_term_[found.term].empty()) {
    keep = PairNear(found, text, keep);
  }
  if (keep) Keep(found, text);
}

namespace {

// near(): `second` begins at or after `first`, in the same field; as
// Evaluator::EvalNear, touching or overlapping matches are 0 words apart.
bool Near(const Hit& first, const Hit& second, std::int64_t words) {
  return second.begin <= first.end ||
         std::int64_t{second.words_before_begin} - first.words_before_end <= words;
}

}  // namespace

bool StreamMatches::PairNear(const TermHit& found, std::string_view text, bool keep) {
  const std::uint32_t field = found.hit.field;
  Latest& own = latest_[Key(field, found.term)];
  if (!own.valid || found.hit.end > own.found.hit.end) {
    own.valid = true;
    own.found = found;
    own.text.assign(text);
    own.kept = keep;
  }
  const bool own_is_found = own.found.hit.begin == found.hit.begin;
  for (const std::uint32_t index : near_ops_of_term_[found.term]) {
    NearOp& op = near_ops_[index];
    if (op.paired) continue;
    const std::uint32_t partner = op.a == found.term ? op.b : op.a;
    const auto latest = latest_.find(Key(field, partner));
    // Matches settle in the order they begin, so the partner's latest one
    // begins at or before `found`; ending last, it is the nearest.
    if (latest == latest_.end() || !Near(latest->second.found.hit, found.hit, op.words)) continue;
    op.paired = true;
    keep = true;
    Latest& other = latest->second;
    const bool other_is_found = partner == found.term && other.found.hit.begin == found.hit.begin;
    if (!other.kept && !other_is_found) {
      Keep(other.found, other.text);
      other.kept = true;
    }
  }
  if (keep && own_is_found) own.kept = true;
  return keep;
}

void StreamMatches::Keep(const TermHit& found, std::string_view text) {
  const bool evaded = !found.hit.evasions.empty();
  if (evaded || CountLimit(found.term) != 0) {  // the only tallies read
    std::uint32_t& tally = tally_[found.term];
    const std::uint32_t count = std::min(tally & ~kEvaded, kEvaded - 2) + 1;  // never into the bit
    tally = count | (tally & kEvaded) | (evaded ? kEvaded : 0);
  }
  TermHit& kept = kept_.emplace_back(found);
  kept.hit.text = AppendSpanText(text, &kept_texts_);
}

// The texts of the matches still pending, moved to the front.
void StreamMatches::DropSettledTexts() {
  texts_scratch_.clear();
  for (TermHit& found : pending_) {
    found.hit.text = AppendSpanText(SpanTextAt(pending_texts_, found.hit.text), &texts_scratch_);
  }
  pending_texts_.swap(texts_scratch_);
}

std::uint32_t& StreamMatches::KeyCounts::operator[](std::uint64_t key) {
  if (2 * (used_ + 1) > slots_.size()) Grow();  // at most half full: a probe ends
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = (key + 1) * 0x9E3779B97F4A7C15ULL >> 32 & mask;; slot = (slot + 1) & mask) {
    Slot& entry = slots_[slot];
    if (entry.key == key + 1) return entry.count;
    if (entry.key == 0) {
      ++used_;
      entry.key = key + 1;
      return entry.count;
    }
  }
}

void StreamMatches::KeyCounts::Grow() {
  std::vector<Slot> old(std::max<std::size_t>(64, 2 * slots_.size()));
  old.swap(slots_);
  used_ = 0;
  for (const Slot& entry : old) {
    if (entry.key != 0) (*this)[entry.key - 1] = entry.count;
  }
}

void StreamMatches::KeyCounts::Clear() {
  if (used_ == 0) return;
  std::fill(slots_.begin(), slots_.end(), Slot{});
  used_ = 0;
}

void StreamMatches::Clear() {
  pending_.clear();
  pending_texts_.clear();
  kept_.clear();
  kept_texts_.clear();
  tally_.Clear();
  spans_.Clear();
  latest_.clear();
  for (NearOp& op : near_ops_) op.paired = false;
}

std::size_t StreamMatches::bytes() const {
  // An unordered_map node holds its value and a next pointer (and, with
  // libstdc++, the cached hash); the buckets are one pointer each.
  auto map_bytes = [](const auto& map, std::size_t value) {
    return map.size() * (value + 2 * sizeof(void*)) + map.bucket_count() * sizeof(void*);
  };
  std::size_t bytes = (pending_.capacity() + settling_.capacity() + kept_.capacity()) *
                          sizeof(TermHit) +
                      pending_texts_.capacity() + texts_scratch_.capacity() +
                      kept_texts_.capacity() + near_ops_.size() * sizeof(NearOp) +
                      near_ops_of_term_.capacity() * sizeof(std::vector<std::uint32_t>) +
                      map_bytes(count_limit_, sizeof(std::pair<std::uint32_t, std::uint32_t>)) +
                      tally_.bytes() + spans_.bytes() +
                      map_bytes(latest_, sizeof(std::pair<std::uint64_t, Latest>));
  for (const auto& [key, latest] : latest_) bytes += latest.text.capacity();
  for (const auto& ops : near_ops_of_term_) bytes += ops.capacity() * sizeof(std::uint32_t);
  return bytes;
}

}  // namespace bylaw::internal
