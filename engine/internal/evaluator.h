// Condition evaluation after the Hyperscan scan. `not` means "absent from the
// whole document": conditions are evaluated here over the document's full set
// of term matches, never positionally inside Hyperscan.
#ifndef BYLAW_INTERNAL_EVALUATOR_H_
#define BYLAW_INTERNAL_EVALUATOR_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/document.h"
#include "bylaw/evasion.h"
#include "program_data.h"
#include "round_stamps.h"

namespace bylaw::internal {

// One match of a term: byte offsets in the ORIGINAL text of a field.
struct Hit {
  std::uint32_t field = 0;  // index into Document::fields
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  EvasionSet evasions;  // how the matched text was disguised
  // Words of the field that start before `begin` and before `end`, for
  // near(); filled only when the program uses near().
  std::uint32_t words_before_begin = 0;
  std::uint32_t words_before_end = 0;
  // Streams: offset of the matched text in Verdict::span_texts; the stream
  // does not keep the document's text. kNone for whole documents.
  std::uint32_t text = 0xFFFFFFFF;
};

// Streams keep each match's text (Hit::text) in a string of texts, each
// after its length in 4 bytes: a text may be shorter than its match's
// original bytes (a stream shortens long runs of padding), so its length is
// its own. Appends `text` to *texts; returns its offset there.
inline std::uint32_t AppendSpanText(std::string_view text, std::string* texts) {
  const auto length = static_cast<std::uint32_t>(text.size());
  for (int shift = 0; shift < 32; shift += 8) texts->push_back(static_cast<char>(length >> shift & 0xFF));
  const auto at = static_cast<std::uint32_t>(texts->size());
  texts->append(text);
  return at;
}
// The text AppendSpanText put at `at` of `texts`, or empty if out of range.
inline std::string_view SpanTextAt(std::string_view texts, std::uint32_t at) {
  if (at < 4 || at > texts.size()) return {};
  std::uint32_t length = 0;
  for (int i = 0; i < 4; ++i) length |= std::uint32_t{static_cast<unsigned char>(texts[at - 4 + i])} << (8 * i);
  return texts.substr(at, length);
}

// A hit and the term it is a match of.
struct TermHit {
  std::uint32_t term = 0;
  Hit hit;
};

// The matches of every term in one document, gathered term by term into one
// flat array. With a hundred thousand terms, an array of lists per term cost
// each match two cache misses (the term's list, then its storage); here the
// per-term memory is a bitmap small enough to stay in cache, and a term's
// matches are found through a small hash table of the terms that matched.
// Reused across documents: Clear() keeps the capacity.
class HitTable {
 public:
  explicit HitTable(std::size_t term_count) : matched_((term_count + 63) / 64, 0) {}

  void Add(std::uint32_t term, const Hit& hit) {
    std::uint64_t& word = matched_[term / 64];
    const std::uint64_t bit = std::uint64_t{1} << (term % 64);
    if ((word & bit) == 0) {
      word |= bit;
      touched_.push_back(term);
    }
    added_.push_back(TermHit{term, hit});
  }
  // Groups the matches by term, sorts each term's by place and merges those
  // that start at the same byte (a regex reports every end of a growing
  // match), keeping the longest and the evasions of all. Of() reads the
  // result.
  void Finish();
  void Clear();

  // The matches of `term`, sorted by field and start (after Finish).
  std::span<const Hit> Of(std::uint32_t term) const {
    if (!Matched(term)) return {};
    const Group& group = groups_[slots_[SlotOf(term)]];
    return std::span<const Hit>(hits_).subspan(group.first, group.count);
  }
  // Same as !Of(term).empty(), from a bitmap small enough to stay in cache
  // when a condition names thousands of terms.
  bool Matched(std::uint32_t term) const {
    return (matched_[term / 64] >> (term % 64) & 1) != 0;
  }
  // The terms that matched, in the order of their first match.
  const std::vector<std::uint32_t>& touched() const { return touched_; }
  // How many of the terms [first, last) matched, a word of the bitmap at a
  // time.
  std::size_t MatchedBetween(std::uint32_t first, std::uint32_t last) const;

 private:
  struct Group {
    std::uint32_t term;
    std::uint32_t slot;   // in slots_
    std::uint32_t first;  // into hits_
    std::uint32_t count;
  };
  // The slot of a term that matched: its group's index is there (Finish puts
  // every touched term in; open addressing, the table at most half full).
  std::size_t SlotOf(std::uint32_t term) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t slot = HomeSlot(term, mask);
    while (groups_[slots_[slot]].term != term) slot = (slot + 1) & mask;
    return slot;
  }
  // Where a term's probe starts, in a table of mask + 1 slots.
  static std::size_t HomeSlot(std::uint32_t term, std::size_t mask) {
    return (term * std::uint64_t{0x9E3779B97F4A7C15}) >> 32 & mask;
  }

  void ClearSlots();  // and the groups

  std::vector<TermHit> added_;          // in the order of Add()
  std::vector<Hit> hits_;               // after Finish: by term, each term's by place
  std::vector<Group> groups_;           // one per touched term, in touched_ order
  std::vector<std::uint32_t> slots_;    // group indices; kNone where empty
  std::vector<std::uint32_t> group_of_added_;
  std::vector<std::uint64_t> matched_;  // bit per term: it has a match
  std::vector<std::uint32_t> touched_;
};

// Per rule, a few lists of terms ("gates") such that its `when` cannot hold
// unless some term of each list matched: `near(a, b, 3) and c` has the
// gates [a], [b], [c]; `x or (y and z)` has [x, y]. A document opens the
// gates of the terms it matched; most rules its words make candidates find
// a gate shut, before their condition tree is walked. Gates are sound, not
// complete: a rule may have none.
struct RuleGates {
  std::vector<std::uint32_t> first;       // rule r's gates are first[r] .. first[r + 1]
  std::vector<std::uint32_t> term_first;  // term t is in the gates term_gates[term_first[t]
  std::vector<std::uint32_t> term_gates;  //   .. term_first[t + 1])
};
RuleGates FindRuleGates(const ProgramData& data);

// What a match of each term sets off, in one record per term: the rules it
// makes candidates (ProgramData::rules_of_term) and the gates it opens
// (RuleGates). With a hundred thousand terms, every per-term array that a
// document's matched terms were looked up in cost a cache miss per term (a
// list of rules, then its storage, then the gates' bounds, then their
// list); one record costs one. A term with one rule, or one gate, as most
// have, holds it in the record itself.
class TermLinks {
 public:
  TermLinks(const std::vector<std::vector<std::uint32_t>>& rules_of_term, const RuleGates& gates);

  std::span<const std::uint32_t> Rules(std::uint32_t term) const {
    return ListOf(records_[term].rules, rule_lists_);
  }
  std::span<const std::uint32_t> Gates(std::uint32_t term) const {
    return ListOf(records_[term].gates, gate_lists_);
  }
  // The record of `term`, to be fetched ahead of Rules() and Gates().
  const void* RecordOf(std::uint32_t term) const { return &records_[term]; }

 private:
  struct List {
    std::uint32_t at = 0;  // into the lists; with one item, the item itself
    std::uint32_t count = 0;
  };
  struct Record {
    List rules, gates;
  };
  static std::span<const std::uint32_t> ListOf(const List& list, const std::vector<std::uint32_t>& lists) {
    if (list.count == 1) return std::span<const std::uint32_t>(&list.at, 1);
    return std::span<const std::uint32_t>(lists).subspan(list.at, list.count);
  }
  static List Add(std::span<const std::uint32_t> items, std::vector<std::uint32_t>* lists);

  std::vector<Record> records_;
  std::vector<std::uint32_t> rule_lists_, gate_lists_;  // of terms with more than one
};

// Evaluates rule conditions for one document at a time. Reused across
// documents; results are memoized per document (rule() references make a
// rule's result needed more than once). Not thread-safe.
class Evaluator {
 public:
  explicit Evaluator(const ProgramData& data);

  // Starts a document. `field_ids[i]` is the index in data.field_names of
  // the document's field i, or kNone. `document` may be null (compile-time
  // analysis with no matches).
  void Begin(const HitTable& hits, std::span<const std::uint32_t> field_ids,
             const Document* document);

  // The rule's `when` holds and neither its nor its pack's `unless` does.
  // A shadow rule can hold; a disabled rule never does, so `rule(x)` of a
  // disabled rule is false.
  bool RuleMatches(std::uint32_t rule);

  // True if the document's field `field` is one of the fields in
  // data.field_sets[field_set] (by name).
  bool InFieldSet(std::uint32_t field, std::uint32_t field_set) const;

  // The value of one node, data.ops[op], on the document (for explanations).
  bool Eval(std::uint32_t op);

  const TermLinks& links() const { return links_; }

 private:
  // The rule's gates hold: for each, one of its terms matched.
  bool GatesOpen(std::uint32_t rule) const;
  bool EvalTerm(const ConditionOp& op) const;
  bool EvalNear(const ConditionOp& op);
  bool EvalMeta(const MetaTest& test) const;

  const ProgramData& data_;
  const HitTable* hits_ = nullptr;
  std::span<const std::uint32_t> field_ids_;
  const Document* document_ = nullptr;
  RoundStamps memo_done_;                 // per rule: memo_value_ holds for this document
  std::vector<std::uint8_t> memo_value_;  // per rule
  std::vector<std::uint32_t> latest_end_;  // EvalNear scratch: per match, the latest-ending one up to it
  RuleGates gates_;          // each rule's; the gates of each term are in links_
  const TermLinks links_;
  RoundStamps gates_open_;  // per gate: a term of it matched in this document
  // A long `N of (...)` whose operands are a few stretches of consecutive
  // terms (a wildcard over a word list names them in order) counts its
  // matched operands stretch by stretch in the bitmap: op i's stretches are
  // of_stretches_[of_first_[i] .. of_first_[i + 1]), none for other ops.
  std::vector<std::uint32_t> of_first_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> of_stretches_;  // terms [first, last)
};

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_EVALUATOR_H_
