// Run side, after the scan: decides which rules hold for a document from its
// term matches. Also used by the compiler to find the rules that hold with
// no matches at all (they must be evaluated for every document).
#include "evaluator.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <optional>
#include <string_view>
#include <tuple>

#include "text_view.h"

namespace bylaw::internal {

void HitTable::ClearSlots() {
  for (const Group& group : groups_) slots_[group.slot] = kNone;
  groups_.clear();
}

void HitTable::Finish() {
  ClearSlots();
  if (touched_.empty()) return;
  // A table at most half full; ClearSlots empties only the slots it used.
  std::size_t size = 16;
  while (size < 2 * touched_.size()) size *= 2;
  if (slots_.size() < size) slots_.assign(size, kNone);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint32_t term : touched_) {
    std::size_t slot = HomeSlot(term, mask);
    while (slots_[slot] != kNone) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<std::uint32_t>(groups_.size());
    groups_.push_back(Group{term, static_cast<std::uint32_t>(slot), 0, 0});
  }
  if (added_.size() == touched_.size()) {  // one match a term, the common case: in place
    hits_.resize(added_.size());
    for (std::uint32_t i = 0; i < added_.size(); ++i) {
      hits_[i] = added_[i].hit;
      groups_[i].first = i;
      groups_[i].count = 1;
    }
    return;
  }
  // Counted, then placed term by term in the order they were added.
  group_of_added_.clear();
  for (const TermHit& added : added_) {
    const std::uint32_t group = slots_[SlotOf(added.term)];
    group_of_added_.push_back(group);
    ++groups_[group].count;
  }
  std::uint32_t first = 0;
  for (Group& group : groups_) {
    group.first = first;
    first += group.count;
    group.count = 0;
  }
  hits_.resize(added_.size());
  for (std::size_t i = 0; i < added_.size(); ++i) {
    Group& group = groups_[group_of_added_[i]];
    hits_[group.first + group.count++] = added_[i].hit;
  }
  // Each term's by place; equal starts: keep the longest (sorted first).
  // Matches equal in field, start and end read the same text.
  for (Group& group : groups_) {
    if (group.count == 1) continue;
    const auto begin = hits_.begin() + group.first;
    const auto end = begin + group.count;
    std::sort(begin, end, [](const Hit& a, const Hit& b) {
      return std::tie(a.field, a.begin, b.end) < std::tie(b.field, b.begin, a.end);
    });
    std::uint32_t kept = 0;
    for (std::uint32_t i = 1; i < group.count; ++i) {
      if (begin[i].field == begin[kept].field && begin[i].begin == begin[kept].begin) {
        begin[kept].evasions.Add(begin[i].evasions);
      } else {
        begin[++kept] = begin[i];
      }
    }
    group.count = kept + 1;
  }
}

namespace {

// std::popcount, inline: for the baseline x86-64 target (no POPCNT
// instruction) GCC makes it a call into libgcc, one for each word of a long
// word list's bitmap in every `N of (...)` evaluated.
int CountBits(std::uint64_t bits) {
#if defined(__x86_64__) && !defined(__POPCNT__)
  bits -= (bits >> 1) & 0x5555555555555555ULL;
  bits = (bits & 0x3333333333333333ULL) + ((bits >> 2) & 0x3333333333333333ULL);
  bits = (bits + (bits >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<int>((bits * 0x0101010101010101ULL) >> 56);
#else
  return std::popcount(bits);
#endif
}

}  // namespace

std::size_t HitTable::MatchedBetween(std::uint32_t first, std::uint32_t last) const {
  std::size_t count = 0;
  while (first < last) {
    const std::uint32_t word = first / 64, bit = first % 64;
    const std::uint32_t bits = std::min<std::uint32_t>(64 - bit, last - first);
    const std::uint64_t mask = bits == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << bits) - 1) << bit;
    count += static_cast<std::size_t>(CountBits(matched_[word] & mask));
    first += bits;
  }
  return count;
}

void HitTable::Clear() {
  ClearSlots();
  for (std::uint32_t term : touched_) matched_[term / 64] = 0;
  touched_.clear();
  added_.clear();
  hits_.clear();
}

namespace {

// An `N of (...)` of this many operands or more, in at most an eighth as
// many stretches of consecutive terms, is counted stretch by stretch.
constexpr std::uint32_t kStretchedOfOperands = 16;

// The operands of `op` as stretches of consecutive terms, appended to *out,
// if no term is named twice and they make few enough; else nothing.
void AppendStretches(const ProgramData& data, const ConditionOp& op,
                     std::vector<std::pair<std::uint32_t, std::uint32_t>>* out) {
  if (op.kind != NodeKind::kOf || op.operand_count < kStretchedOfOperands) return;
  std::vector<std::uint32_t> terms(data.operands.begin() + op.first_operand,
                                   data.operands.begin() + op.first_operand + op.operand_count);
  std::sort(terms.begin(), terms.end());
  if (std::adjacent_find(terms.begin(), terms.end()) != terms.end()) return;  // counted twice
  std::vector<std::pair<std::uint32_t, std::uint32_t>> stretches;
  for (std::uint32_t term : terms) {
    if (!stretches.empty() && stretches.back().second == term) {
      ++stretches.back().second;
    } else {
      stretches.emplace_back(term, term + 1);
    }
  }
  if (stretches.size() * 8 > terms.size()) return;
  out->insert(out->end(), stretches.begin(), stretches.end());
}

// Terms of which one must have matched, or a condition is false: sorted,
// without repeats.
using Gate = std::vector<std::uint32_t>;

// A rule keeps its few shortest gates (the shorter, the likelier to stay
// shut), none of more than kMostGateTerms terms.
constexpr std::size_t kMostGateTerms = 1024;
constexpr std::size_t kMostGates = 4;
// rule(...) references are followed this deep; past it a rule has no gates.
constexpr int kDeepestGateRule = 16;

// Finds the gates of conditions: for each op, gates that every document on
// which it holds opens. Sound, not complete: any gate may be left out.
class GateFinder {
 public:
  explicit GateFinder(const ProgramData& data)
      : data_(data), rule_gates_(data.rules.size()), rule_done_(data.rules.size(), false) {}

  std::vector<Gate> OfRule(std::uint32_t rule, int depth) {
    if (rule >= data_.rules.size() || depth > kDeepestGateRule) return {};
    if (!rule_done_[rule]) {
      rule_done_[rule] = true;  // a cycle (refused by the compiler) meets no gates
      const std::uint32_t when = data_.rule_programs[rule].when;
      rule_gates_[rule] = when == kNone ? std::vector<Gate>{} : Of(when, depth);
    }
    return rule_gates_[rule];
  }

 private:
  std::vector<Gate> Of(std::uint32_t index, int depth) {
    const ConditionOp& op = data_.ops[index];
    const std::span<const std::uint32_t> operands(data_.operands.data() + op.first_operand,
                                                  op.operand_count);
    switch (op.kind) {
      case NodeKind::kTerm:
      case NodeKind::kEvaded: return {{op.term}};
      case NodeKind::kCount: return NeedsMatch(op) ? std::vector<Gate>{{op.term}} : std::vector<Gate>{};
      case NodeKind::kOf:
        if (op.number < 1) return {};  // `0 of (...)` holds with none
        return Keep({Gate(operands.begin(), operands.end())});
      case NodeKind::kNear: return Keep({{operands[0]}, {operands[1]}});
      case NodeKind::kRule: return OfRule(op.rule, depth + 1);
      case NodeKind::kAnd: {  // every child's gates
        std::vector<Gate> gates;
        for (std::uint32_t child : operands) {
          for (Gate& gate : Of(child, depth)) gates.push_back(std::move(gate));
        }
        return Keep(std::move(gates));
      }
      case NodeKind::kOr: {
        // One gate of each child, joined: the i-th shortest of each (or its
        // last), for a few i, since which gate stays shut is not known here.
        std::vector<std::vector<Gate>> children;
        std::size_t most = 0;
        for (std::uint32_t child : operands) {
          children.push_back(Of(child, depth));
          if (children.back().empty()) return {};
          most = std::max(most, children.back().size());
        }
        std::vector<Gate> joined(most);
        for (std::size_t i = 0; i < most; ++i) {
          for (const std::vector<Gate>& gates : children) {
            const Gate& gate = gates[std::min(i, gates.size() - 1)];
            joined[i].insert(joined[i].end(), gate.begin(), gate.end());
          }
        }
        return Keep(std::move(joined));
      }
      case NodeKind::kNot:
      case NodeKind::kMeta: return {};
    }
    return {};
  }

  // count(t) CMP N holds only if t matched.
  static bool NeedsMatch(const ConditionOp& op) {
    switch (op.comparison) {
      case Comparison::kGe:
      case Comparison::kEq: return op.number >= 1;
      case Comparison::kGt: return op.number >= 0;
      default: return false;
    }
  }

  // The kMostGates shortest gates of at most kMostGateTerms terms, shortest first.
  static std::vector<Gate> Keep(std::vector<Gate> gates) {
    for (Gate& gate : gates) {
      std::sort(gate.begin(), gate.end());
      gate.erase(std::unique(gate.begin(), gate.end()), gate.end());
    }
    std::erase_if(gates, [](const Gate& gate) { return gate.empty() || gate.size() > kMostGateTerms; });
    std::sort(gates.begin(), gates.end(), [](const Gate& a, const Gate& b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    gates.erase(std::unique(gates.begin(), gates.end()), gates.end());
    if (gates.size() > kMostGates) gates.resize(kMostGates);
    return gates;
  }

  const ProgramData& data_;
  std::vector<std::vector<Gate>> rule_gates_;
  std::vector<bool> rule_done_;
};

}  // namespace

RuleGates FindRuleGates(const ProgramData& data) {
  RuleGates gates;
  GateFinder finder(data);
  std::vector<std::vector<std::uint32_t>> of_term(data.term_names.size());
  gates.first.push_back(0);
  std::uint32_t count = 0;
  for (std::uint32_t rule = 0; rule < data.rules.size(); ++rule) {
    for (const Gate& gate : finder.OfRule(rule, 0)) {
      for (std::uint32_t term : gate) {
        if (term < of_term.size()) of_term[term].push_back(count);
      }
      ++count;
    }
    gates.first.push_back(count);
  }
  gates.term_first.push_back(0);
  for (const std::vector<std::uint32_t>& list : of_term) {
    gates.term_gates.insert(gates.term_gates.end(), list.begin(), list.end());
    gates.term_first.push_back(static_cast<std::uint32_t>(gates.term_gates.size()));
  }
  return gates;
}

TermLinks::List TermLinks::Add(std::span<const std::uint32_t> items, std::vector<std::uint32_t>* lists) {
  if (items.size() == 1) return List{items[0], 1};
  const List list{static_cast<std::uint32_t>(lists->size()), static_cast<std::uint32_t>(items.size())};
  lists->insert(lists->end(), items.begin(), items.end());
  return list;
}

TermLinks::TermLinks(const std::vector<std::vector<std::uint32_t>>& rules_of_term, const RuleGates& gates) {
  records_.resize(rules_of_term.size());
  for (std::uint32_t term = 0; term < records_.size(); ++term) {
    records_[term].rules = Add(rules_of_term[term], &rule_lists_);
    if (term + 1 < gates.term_first.size()) {
      const std::uint32_t first = gates.term_first[term], last = gates.term_first[term + 1];
      records_[term].gates =
          Add(std::span<const std::uint32_t>(gates.term_gates).subspan(first, last - first), &gate_lists_);
    }
  }
}

Evaluator::Evaluator(const ProgramData& data)
    : data_(data),
      memo_done_(data.rules.size()),
      memo_value_(data.rules.size(), 0),
      gates_(FindRuleGates(data)),
      links_(data.rules_of_term, gates_),
      gates_open_(gates_.first.back()) {
  // What each term opens is read from links_ alone.
  gates_.term_first = {};
  gates_.term_gates = {};
  of_first_.reserve(data.ops.size() + 1);
  for (const ConditionOp& op : data.ops) {
    of_first_.push_back(static_cast<std::uint32_t>(of_stretches_.size()));
    AppendStretches(data, op, &of_stretches_);
  }
  of_first_.push_back(static_cast<std::uint32_t>(of_stretches_.size()));
}

bool Evaluator::GatesOpen(std::uint32_t rule) const {
  for (std::uint32_t gate = gates_.first[rule]; gate < gates_.first[rule + 1]; ++gate) {
    if (!gates_open_.Marked(gate)) return false;
  }
  return true;
}

void Evaluator::Begin(const HitTable& hits, std::span<const std::uint32_t> field_ids,
                      const Document* document) {
  hits_ = &hits;
  field_ids_ = field_ids;
  document_ = document;
  memo_done_.NextRound();
  gates_open_.NextRound();
  for (std::uint32_t term : hits.touched()) {
    for (std::uint32_t gate : links_.Gates(term)) gates_open_.Mark(gate);
  }
}

bool Evaluator::RuleMatches(std::uint32_t rule) {
  if (memo_done_.Marked(rule)) return memo_value_[rule] != 0;
  const RuleProgram& program = data_.rule_programs[rule];
  bool value = data_.rules[rule].status != RuleStatus::kDisabled && program.when != kNone &&
               GatesOpen(rule) && Eval(program.when);
  if (value && program.unless != kNone) value = !Eval(program.unless);
  if (value && program.pack_unless != kNone) value = !Eval(program.pack_unless);
  memo_done_.Mark(rule);
  memo_value_[rule] = value ? 1 : 0;
  return value;
}

bool Evaluator::InFieldSet(std::uint32_t field, std::uint32_t field_set) const {
  return field < field_ids_.size() && data_.InFieldSet(field_ids_[field], field_set);
}

bool Evaluator::EvalTerm(const ConditionOp& op) const {
  if (!hits_->Matched(op.term)) return false;
  std::span<const Hit> hits = hits_->Of(op.term);
  if (op.field_set == kNone) return true;
  return std::any_of(hits.begin(), hits.end(),
                     [&](const Hit& hit) { return InFieldSet(hit.field, op.field_set); });
}

namespace {

bool Compare(std::int64_t value, Comparison comparison, std::int64_t number) {
  switch (comparison) {
    case Comparison::kGe: return value >= number;
    case Comparison::kGt: return value > number;
    case Comparison::kLe: return value <= number;
    case Comparison::kLt: return value < number;
    case Comparison::kEq: return value == number;
    case Comparison::kNe: return value != number;
  }
  return false;
}

// `text` as a whole decimal number (an optional `-`, then digits), if it is one.
std::optional<std::int64_t> WholeNumber(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Words that start between two places, from the word counts before each.
std::int64_t WordsBetween(std::uint32_t words_before_from, std::uint32_t words_before_to) {
  return static_cast<std::int64_t>(words_before_to) - words_before_from;
}

}  // namespace

// Some match of the first term and some match of the second in the same
// field, with at most `number` words starting between them (touching or
// overlapping matches are 0 apart). Both lists are sorted by (field, begin),
// so for each match of the first term only two matches of the second can be
// nearest: the first that starts at or after it, and, of those that start
// before it, the one that ends last (a running maximum, since matches differ
// in length). O((|a| + |b|) log |b|), whatever a hostile document repeats.
bool Evaluator::EvalNear(const ConditionOp& op) {
  if (document_ == nullptr) return false;
  const std::span<const Hit> a = hits_->Of(data_.operands[op.first_operand]);
  const std::span<const Hit> b = hits_->Of(data_.operands[op.first_operand + 1]);
  if (a.empty() || b.empty()) return false;
  // latest_end_[i]: the match among b[..i] of b[i]'s field that ends last.
  latest_end_.resize(b.size());
  for (std::size_t i = 0; i < b.size(); ++i) {
    const bool same_field = i > 0 && b[i - 1].field == b[i].field;
    latest_end_[i] = same_field && b[latest_end_[i - 1]].end >= b[i].end
                         ? latest_end_[i - 1]
                         : static_cast<std::uint32_t>(i);
  }
  auto by_place = [](const Hit& hit, std::pair<std::uint32_t, std::uint32_t> place) {
    return std::pair(hit.field, hit.begin) < place;
  };
  for (const Hit& x : a) {
    const auto field_begin = std::lower_bound(b.begin(), b.end(), std::pair(x.field, 0u), by_place);
    const auto after = std::lower_bound(field_begin, b.end(), std::pair(x.field, x.begin), by_place);
    if (after != b.end() && after->field == x.field &&
        (after->begin <= x.end ||
         WordsBetween(x.words_before_end, after->words_before_begin) <= op.number)) {
      return true;
    }
    if (after != field_begin) {
      const Hit& latest = b[latest_end_[after - b.begin() - 1]];
      if (latest.end >= x.begin ||
          WordsBetween(latest.words_before_end, x.words_before_begin) <= op.number) {
        return true;
      }
    }
  }
  return false;
}

// The document's last value for the test's name; none (false) when the
// name is missing, or for a numeric test when the value is not a number.
bool Evaluator::EvalMeta(const MetaTest& test) const {
  if (document_ == nullptr) return false;
  const auto& metadata = document_->metadata;
  const auto found = std::find_if(metadata.rbegin(), metadata.rend(),
                                  [&](const auto& entry) { return entry.first == test.name; });
  if (found == metadata.rend()) return false;
  const std::string& value = found->second;
  if (!test.numeric) {
    const bool equal = std::find(test.texts.begin(), test.texts.end(), value) != test.texts.end();
    return test.comparison == Comparison::kNe ? !equal : equal;
  }
  const std::optional<std::int64_t> number = WholeNumber(value);
  return number && std::any_of(test.numbers.begin(), test.numbers.end(), [&](std::int64_t n) {
           return Compare(*number, test.comparison, n);
         });
}

bool Evaluator::Eval(std::uint32_t index) {
  const ConditionOp& op = data_.ops[index];
  const std::span<const std::uint32_t> operands(data_.operands.data() + op.first_operand,
                                                op.operand_count);
  switch (op.kind) {
    case NodeKind::kTerm: return EvalTerm(op);
    case NodeKind::kCount:
      return Compare(static_cast<std::int64_t>(hits_->Of(op.term).size()), op.comparison,
                     op.number);
    case NodeKind::kOf: {
      std::int64_t matched = 0;
      if (of_first_[index] != of_first_[index + 1]) {
        for (std::uint32_t i = of_first_[index]; i < of_first_[index + 1]; ++i) {
          const auto [first, last] = of_stretches_[i];
          matched += static_cast<std::int64_t>(hits_->MatchedBetween(first, last));
          if (matched >= op.number) return true;
        }
        return matched >= op.number;
      }
      for (std::uint32_t term : operands) {
        if (hits_->Matched(term) && ++matched >= op.number) return true;
      }
      return matched >= op.number;  // `0 of (...)`
    }
    case NodeKind::kNear: return EvalNear(op);
    case NodeKind::kEvaded: {
      const std::span<const Hit> hits = hits_->Of(op.term);
      return std::any_of(hits.begin(), hits.end(), [](const Hit& h) { return !h.evasions.empty(); });
    }
    case NodeKind::kRule: return RuleMatches(op.rule);
    case NodeKind::kMeta: return EvalMeta(data_.meta_tests[op.meta]);
    case NodeKind::kNot: return !Eval(operands[0]);
    case NodeKind::kAnd:
      return std::all_of(operands.begin(), operands.end(), [&](std::uint32_t c) { return Eval(c); });
    case NodeKind::kOr:
      return std::any_of(operands.begin(), operands.end(), [&](std::uint32_t c) { return Eval(c); });
  }
  return false;
}

}  // namespace bylaw::internal
