// StreamMatches: what a DocumentStream remembers of the matches it found,
// bounded by the program, whatever the length of the stream.
//
// A whole-document scan keeps every match; the verdict needs far fewer:
//   - a term's presence, per field (`t`, `t in (...)`, `N of`): any match;
//   - count(t) CMP N: the exact count up to N, then only "more than N", so
//     the first N + 1 matches of t;
//   - evaded(t): one disguised match;
//   - near(a, b, K): once a pair is found, that pair; until then, per field,
//     the match of each term that ends last (the only one a later match can
//     be nearest to);
//   - the spans: the first kMaxSpansPerTerm matches of each term per field
//     (a verdict shows at most that many per term of a rule, in field order
//     then by place: scanner.cc caps them the same way).
// The matches kept are real matches, so the evaluator decides on them
// exactly as on all of them. Reused across streams; not thread-safe.
#ifndef BYLAW_RUNTIME_STREAM_MATCHES_H_
#define BYLAW_RUNTIME_STREAM_MATCHES_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "evaluator.h"
#include "program_data.h"

namespace bylaw::internal {

class StreamMatches {
 public:
  explicit StreamMatches(const ProgramData& data);

  // Where a window's scan appends the matches it keeps (field offsets; each
  // match's text at Hit::text in pending_texts()). They wait there until
  // Settle() decides what to remember of them.
  std::vector<TermHit>* pending() { return &pending_; }
  std::string* pending_texts() { return &pending_texts_; }

  // Settles the pending matches of `field` that begin before `before`: no
  // later window can report a match of that field beginning before it, so
  // equal starts are merged as HitTable::Finish merges them, and each
  // merged match is counted and remembered only if the verdict needs it.
  void Settle(std::uint32_t field, std::uint64_t before);

  // The matches remembered, and their texts (Hit::text offsets into it).
  std::span<const TermHit> kept() const { return kept_; }
  std::string_view kept_texts() const { return kept_texts_; }

  // The program uses near(), so matches need their word counts.
  bool uses_near() const { return !near_ops_.empty(); }

  void Clear();
  // Bytes held, capacity included.
  std::size_t bytes() const;

 private:
  struct NearOp {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    std::int64_t words = 0;  // K
    bool paired = false;     // a pair was found (and kept)
  };
  // A count per key, in one open-addressed array: every settled match
  // looks its term up twice, which a node-based map paid for with an
  // allocation per new key and a pointer chase per lookup. Clear() keeps
  // the room.
  class KeyCounts {
   public:
    std::uint32_t& operator[](std::uint64_t key);
    void Clear();
    std::size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

   private:
    struct Slot {
      std::uint64_t key = 0;  // key + 1; 0: empty
      std::uint32_t count = 0;
    };
    void Grow();
    std::vector<Slot> slots_;
    std::size_t used_ = 0;
  };
  // A term's tally in kept_: its matches there, and bit kEvaded when one of
  // them was disguised.
  static constexpr std::uint32_t kEvaded = std::uint32_t{1} << 31;
  // A near() term's match that ends last in one field, so far.
  struct Latest {
    TermHit found;
    std::string text;
    bool valid = false;
    bool kept = false;  // `found` is in kept_
  };

  void SettleOne(const TermHit& found, std::string_view text);
  // Pairs `found` with the latest match of each near() partner; true if it
  // completes a pair (the partner's match is then kept too).
  bool PairNear(const TermHit& found, std::string_view text, bool keep);
  void Keep(const TermHit& found, std::string_view text);
  void DropSettledTexts();
  // N + 1 for a term of count(t) CMP N (the largest N), else 0.
  std::uint32_t CountLimit(std::uint32_t term) const {
    if (count_limit_.empty()) return 0;
    const auto limit = count_limit_.find(term);
    return limit == count_limit_.end() ? 0 : limit->second;
  }
  static std::uint64_t Key(std::uint32_t field, std::uint32_t term) {
    return std::uint64_t{field} << 32 | term;
  }

  // From the program, fixed.
  std::unordered_map<std::uint32_t, std::uint32_t> count_limit_;  // term -> N + 1
  std::vector<NearOp> near_ops_;
  std::vector<std::vector<std::uint32_t>> near_ops_of_term_;  // per term, into near_ops_; empty without near()
  // Per stream.
  std::vector<TermHit> pending_;
  std::string pending_texts_;
  std::vector<TermHit> settling_;  // Settle scratch
  std::string texts_scratch_;      // Settle scratch
  std::vector<TermHit> kept_;
  std::string kept_texts_;
  KeyCounts tally_;  // term -> its tally, for terms of count() and disguised matches
  KeyCounts spans_;  // (field, term) -> kept for spans
  std::unordered_map<std::uint64_t, Latest> latest_;        // (field, near term)
};

}  // namespace bylaw::internal

#endif  // BYLAW_RUNTIME_STREAM_MATCHES_H_
