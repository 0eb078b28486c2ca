// Run side: one document in, one verdict out.
//   fold each field (text_fold.cc) -> Hyperscan scan of every database ->
//   term hits on original offsets -> evaluate candidate rules (evaluator.cc) ->
//   verdict with spans.
// All state is owned by ScanState and reused across documents.
#include "bylaw/scanner.h"

#include <hs/hs_runtime.h>

#include <algorithm>
#include <bit>

#include "bylaw/error.h"
#include "hyperscan_scan.h"
#include "runtime/scan_state.h"
#include "skeleton.h"

namespace bylaw {
namespace internal {

namespace {

// What OnSkeletonMatch reads of the pattern of a word table's match that
// brings its target with it: every such pattern is padded.
const CompiledPattern& PaddedPattern() {
  static const CompiledPattern pattern = [] {
    CompiledPattern padded;
    padded.padded = true;
    return padded;
  }();
  return pattern;
}

// Whether a match of the plain reading, read with `evasions`, reads letters
// other than those written, which exact matching would not. Its phrase's
// words are the plain reading's words, so that a `*`, like any other
// punctuation, stands between two of them: a gap, as exact matching reads
// any gap.
bool ChangesLetters(EvasionSet evasions) {
  return evasions.Has(Evasion::kLeet) || evasions.Has(Evasion::kRepeat) || evasions.Has(Evasion::kFuzzy);
}

// The most patterns of any regex database of `data`.
std::size_t MostRegexPatterns(const ProgramData& data) {
  std::size_t most = 0;
  for (const PatternDatabase& database : data.databases) {
    if (!database.literal) most = std::max(most, database.patterns.size());
  }
  return most;
}

// Per rule, whether its evidence is exactly the terms rules_of_term says it
// reads, each with no field set.
std::vector<bool> EvidenceIsReadTerms(const ProgramData& data) {
  std::vector<std::uint32_t> reads(data.rules.size(), 0);
  for (const std::vector<std::uint32_t>& rules : data.rules_of_term) {
    for (std::uint32_t rule : rules) ++reads[rule];
  }
  std::vector<bool> same(data.rules.size(), false);
  for (std::uint32_t rule = 0; rule < data.rules.size(); ++rule) {
    const std::vector<Evidence>& evidence = data.rule_programs[rule].evidence;
    // Evidence lists each term once: as many, all read, is the same set.
    same[rule] = evidence.size() == reads[rule] &&
                 std::all_of(evidence.begin(), evidence.end(), [&](const Evidence& item) {
                   const std::vector<std::uint32_t>& readers = data.rules_of_term[item.term];
                   return item.field_set == kNone &&
                          std::find(readers.begin(), readers.end(), rule) != readers.end();
                 });
  }
  return same;
}

}  // namespace

ScanState::ScanState(const ProgramData& data)
    : data_(data),
      word_tables_(WordTablesOf(data)),
      hits_(data.term_names.size()),
      latest_of_pattern_(MostRegexPatterns(data)),
      grown_round_(latest_of_pattern_.size()),
      evaluator_(data),
      queued_(data.rules.size()),
      rule_terms_head_(data.rules.size()),
      listed_(data.rules.size()),
      evidence_is_read_terms_(EvidenceIsReadTerms(data)) {
  hs_scratch_t* scratch = nullptr;
  for (const PatternDatabase& database : data.databases) {
    if (!AllocateScratch(database, &scratch)) {
      hs_free_scratch(scratch);
      throw Error("hyperscan could not allocate scratch space");
    }
    needs_view_[static_cast<int>(database.view)] = true;
  }
  for (const WordTableUse& use : word_tables_) {
    needs_view_[static_cast<int>(use.view)] = true;
    if (use.view == ViewKind::kSkeleton) lists_skeleton_words_ = true;
  }
  scratch_.reset(scratch);
  candidates_.reserve(data.rules.size());
  if (data.rules.size() <= kCandidateBitsRules) candidate_bits_.assign((data.rules.size() + 63) / 64, 0);
  std::size_t longest_phrase = 0;
  for (const PhrasePattern& phrase : data.phrases) {
    longest_phrase = std::max(longest_phrase, phrase.runs.size());
  }
  confirm_.current.reserve(3 * longest_phrase);
  confirm_.next.reserve(3 * longest_phrase);
  uses_near_ = std::any_of(data.ops.begin(), data.ops.end(),
                           [](const ConditionOp& op) { return op.kind == NodeKind::kNear; });
  has_exceptions_ = std::any_of(data.targets.begin(), data.targets.end(),
                                [](const PatternTarget& target) { return target.exception; });
}

void ScanState::Record(const MatchContext& context, const PatternTarget& target, const Hit& hit) {
  if (target.field_set != kNone && !context.data->InFieldSet(context.field_id, target.field_set)) {
    return;
  }
  context.hits->push_back(TermHit{target.exception ? target.term | kExceptionHit : target.term, hit});
}

// A match of a term that one of its `except:` matches covers is no match;
// the exception matches themselves go too. Sorted exceptions and a running
// widest end make it O(n log n) however many there are.
void ScanState::ApplyExceptions() {
  exception_hits_.clear();
  for (const TermHit& found : window_hits_) {
    if ((found.term & kExceptionHit) != 0) exception_hits_.push_back(found);
  }
  if (exception_hits_.empty()) return;
  auto by_term_begin = [](const TermHit& a, const TermHit& b) {
    return a.term != b.term ? a.term < b.term : a.hit.begin < b.hit.begin;
  };
  std::sort(exception_hits_.begin(), exception_hits_.end(), by_term_begin);
  // hit.end becomes the widest end of the term's exceptions up to each.
  for (std::size_t i = 1; i < exception_hits_.size(); ++i) {
    if (exception_hits_[i].term == exception_hits_[i - 1].term) {
      exception_hits_[i].hit.end = std::max(exception_hits_[i].hit.end, exception_hits_[i - 1].hit.end);
    }
  }
  std::erase_if(window_hits_, [&](const TermHit& found) {
    if ((found.term & kExceptionHit) != 0) return true;
    const TermHit key{found.term | kExceptionHit, Hit{0, found.hit.begin, found.hit.begin, {}}};
    // The last exception of the term that begins where the match does or before.
    const auto after =
        std::upper_bound(exception_hits_.begin(), exception_hits_.end(), key, by_term_begin);
    if (after == exception_hits_.begin()) return false;
    const TermHit& covering = *(after - 1);
    return covering.term == key.term && covering.hit.end >= found.hit.end;
  });
}

void ScanState::OnSkeletonMatch(const MatchContext& context, const CompiledPattern& pattern,
                                std::span<const PatternTarget> targets,
                                std::span<const PlainForm> target_forms, std::size_t from, std::size_t to,
                                PlainForm plain_form) {
  const TextView& view = *context.view;
  // The padding spaces stand for word boundaries; the match is inside them.
  // (An approximate match may have edited one away.)
  if (pattern.padded && from < to && view.text[from] == ' ') ++from;
  if (pattern.padded && from < to && view.text[to - 1] == ' ') --to;
  if (from >= to) return;
  const std::size_t begin = view.source_begin[from];
  const std::size_t end = view.source_end[to - 1];
  const std::string_view folded = context.folded->text;
  const ProgramData& data = *context.data;
  // A plain key's text written as it is needs none of its phrases read:
  // each would confirm the range as it stands, with no evasion.
  const std::string_view key = std::string_view(view.text).substr(from, to - from);
  const bool as_written =
      plain_form != kNotPlain && ReadsAsPlainPhrase(folded, begin, end, key, plain_form);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const PatternTarget& target = targets[i];
    EvasionSet evasions;
    std::size_t hit_begin = begin, hit_end = end;  // narrowed at an open end
    if (target.phrase != kNone) {
      if (!as_written) {
        // A range with fewer bytes than the phrase has letters (`the` for
        // the phrase `thee`) is turned away as ConfirmPhrase would, and one
        // that reads as the target's own plain text taken as it would take
        // it, both without reading the phrase.
        if (end - begin < data.phrase_letters[target.phrase]) continue;
        const bool reads_plain = !target_forms.empty() && target_forms[i] != kNotPlain &&
                                 ReadsAsPlainPhrase(folded, begin, end, key, target_forms[i]);
        if (!reads_plain && !ConfirmPhrase(data.phrases[target.phrase], folded, &hit_begin, &hit_end,
                                           context.confirm, &evasions)) {
          continue;
        }
      }
    } else {
      // Approximate: the edit distance stands in for the confirmation.
      if (pattern.padded && !(IsWordBoundary(folded, begin) && IsWordBoundary(folded, end))) {
        continue;
      }
      const std::string_view exact = std::string_view(pattern.skeleton)
                                         .substr(pattern.padded ? 1 : 0,
                                                 pattern.skeleton.size() - (pattern.padded ? 2 : 0));
      if (view.text.substr(from, to - from) != exact) evasions.Add(Evasion::kFuzzy);
    }
    if (context.as_written_only && ChangesLetters(evasions)) continue;
    const auto [original_begin, original_end] = context.folded->ToOriginal(hit_begin, hit_end);
    evasions.Add(OriginalEvasions(context.original.substr(original_begin, original_end - original_begin)));
    Record(context, target, Hit{context.field, original_begin, original_end, evasions});
  }
}

// Decides one Hyperscan match: its place, its word boundaries, and on the
// skeleton views the confirmation of each target's phrase.
void ScanState::ProcessMatch(const MatchContext& context, const RawMatch& match) {
  if (match.term != kNone) {  // a word table's key whose pattern is one target
    const PatternTarget target{.term = match.term, .phrase = match.phrase};
    OnSkeletonMatch(context, PaddedPattern(), std::span<const PatternTarget>(&target, 1), {}, match.from,
                    match.to, match.plain_form);
    return;
  }
  const CompiledPattern& pattern = (*context.patterns)[match.id];
  const std::size_t to = match.to;
  const std::size_t begin = context.literal ? to - pattern.literal_length : match.from;
  const ViewKind kind = context.kind;
  if (IsSkeletonView(kind)) {
    // The skeleton-words table's matches read their key (its view text),
    // for which each target has its plain form.
    const std::span<const PlainForm> forms =
        context.patterns == &context.data->skeleton_words.patterns
            ? std::span<const PlainForm>(context.data->target_plain_forms)
                  .subspan(pattern.first_target, pattern.target_count)
            : std::span<const PlainForm>();
    OnSkeletonMatch(context, pattern,
                    std::span<const PatternTarget>(context.data->targets)
                        .subspan(pattern.first_target, pattern.target_count),
                    forms, begin, to, match.plain_form);
    return;
  }
  const std::string_view text = context.view->text;
  std::size_t from = begin, until = to;
  // A padded word-view literal: its spaces stand for the word boundaries.
  if (pattern.padded && from < until && text[from] == ' ') ++from;
  if (pattern.padded && from < until && text[until - 1] == ' ') --until;
  if (from >= until) return;
  if ((pattern.start_boundary && !IsWordBoundary(text, from)) ||
      (pattern.end_boundary && !IsWordBoundary(text, until))) {
    return;
  }
  const auto [original_begin, original_end] = context.view->ToOriginal(from, until);
  Hit hit{context.field, original_begin, original_end, {}};
  if (kind == ViewKind::kFolded) {
    hit.evasions =
        OriginalEvasions(context.original.substr(original_begin, original_end - original_begin));
  }
  for (std::uint32_t i = 0; i < pattern.target_count; ++i) {
    Record(context, context.data->targets[pattern.first_target + i], hit);
  }
}

// Decides the matches of one database or table scan in the order found.
// No pass fetches their patterns, targets and phrases ahead: a word table's
// match brings its term and phrase, and such passes cost more than the
// misses they hid, even at 100k terms.
void ScanState::ProcessMatches(const MatchContext& context) {
  for (const RawMatch& match : raw_matches_) ProcessMatch(context, match);
}

void ScanState::ScanDatabase(const PatternDatabase& database, const TextView& view, std::uint32_t field,
                             std::uint32_t field_id, std::string_view text, bool as_written_only) {
  if (view.text.empty()) return;
  raw_matches_.clear();
  const MatchContext context{&data_,     &database.patterns, database.view, database.literal,
                             &view,      &views_[static_cast<int>(ViewKind::kFolded)],
                             text,       &confirm_, field,          field_id,
                             &window_hits_, &raw_matches_, as_written_only};
  const hs_error_t status = ScanPatternDatabase(database, view.text, scratch_.get(), &raw_matches_,
                                                &regex_ends_, most_matches_);
  if (status == HS_SCAN_TERMINATED) throw TooManyMatches{};
  if (status == HS_NOMEM) throw Error("out of memory while recording matches");
  if (status != HS_SUCCESS) {
    throw Error("hyperscan scan failed with code " + std::to_string(status));
  }
  if (!database.literal && !IsSkeletonView(database.view) && raw_matches_.size() > 1) DropGrownMatches();
  ProcessMatches(context);
  CheckMatchCount();
}

void ScanState::CheckMatchCount() const {
  if (window_hits_.size() + document_hits_.size() > most_matches_) throw TooManyMatches{};
}

// A regex reports every end of a growing match, each from the same start,
// and the hit table keeps only the longest from a start (HitTable::Finish):
// the shorter ones are dropped before they are decided, since deciding a
// match reads its whole original text, and n ends from one start would read
// n^2 bytes (a megabyte of `t.i.d.e ` took a minute). Hyperscan reports by
// end, so a growing match's next end is its pattern's next match. A regex's
// end is not checked after the scan (only literals' may be), so the longest
// stands for the rest. Not on the skeleton views, whose approximate matches
// are checked at their ends (the longer may fail where the shorter passes)
// and are short anyway.
void ScanState::DropGrownMatches() {
  grown_round_.NextRound();
  bool dropped = false;
  for (std::uint32_t i = 0; i < raw_matches_.size(); ++i) {
    const std::uint32_t id = raw_matches_[i].id;
    if (!grown_round_.Mark(id)) {
      RawMatch& previous = raw_matches_[latest_of_pattern_[id]];
      if (previous.from == raw_matches_[i].from) {
        previous.id = kNone;
        dropped = true;
      }
    }
    latest_of_pattern_[id] = i;
  }
  if (dropped) std::erase_if(raw_matches_, [](const RawMatch& match) { return match.id == kNone; });
}

void ScanState::MatchWordTables(std::uint32_t field, std::uint32_t field_id, std::string_view text) {
  // The skeleton's words were listed as it was built (its two tables read
  // them); the masked view, which one table reads, is split here.
  for (const WordTableUse& use : word_tables_) {
    const TextView& view = views_[static_cast<int>(use.view)];
    const ViewWords* words = &skeleton_words_;
    if (use.view != ViewKind::kSkeleton) {
      SplitViewWords(view.text, &view_words_);
      words = &view_words_;
    }
    MatchWordTable(use, view, *words, field, field_id, text);
  }
}

void ScanState::MatchWordTable(const WordTableUse& use, const TextView& view, const ViewWords& words,
                               std::uint32_t field, std::uint32_t field_id, std::string_view text,
                               bool as_written_only) {
  raw_matches_.clear();
  FindInWordTable(use, words, &raw_matches_);
  if (raw_matches_.empty()) return;
  if (raw_matches_.size() > most_matches_) throw TooManyMatches{};
  const MatchContext context{&data_,    &use.table->patterns, use.view, false,    &view,
                             &views_[static_cast<int>(ViewKind::kFolded)],
                             text,      &confirm_,            field,    field_id, &window_hits_,
                             &raw_matches_, as_written_only};
  ProcessMatches(context);
  CheckMatchCount();
}

// What the skeleton joined that exact matching reads apart (`T.H.U.N.D.E.R.`,
// `me@io.org`) is read again, apart: the skeleton's databases and its
// words table scan the plain reading's words around each departure too,
// so that every word `evasion: off` would find is found at the evasion
// levels as well, and only that: a phrase read there with other letters
// than written (`e : 9` for `e.g.`) is no match. A match both readings find
// merges in the hit table (the same term at the same start).
void ScanState::ScanPlainStretches(std::uint32_t field, std::uint32_t field_id, std::string_view text) {
  BuildSkeleton(views_[static_cast<int>(ViewKind::kFolded)], &plain_skeleton_, nullptr,
                SkeletonReading::kPlain);
  BuildStretches(plain_skeleton_, departures_, &plain_stretches_);
  if (lists_skeleton_words_) SplitViewWords(plain_stretches_.text, &view_words_);
  for (const PatternDatabase& database : data_.databases) {
    if (database.view == ViewKind::kSkeleton) {
      ScanDatabase(database, plain_stretches_, field, field_id, text, true);
    }
  }
  for (const WordTableUse& use : word_tables_) {
    if (use.view == ViewKind::kSkeleton && !use.pairs) {
      MatchWordTable(use, plain_stretches_, view_words_, field, field_id, text, true);
    }
  }
}

// Builds only the views some database reads, then scans each database.
void ScanState::ScanWindow(std::uint32_t field, std::string_view name, std::string_view text,
                           const Window& window, std::vector<TermHit>* out, std::string* texts) {
  auto needs = [this](ViewKind kind) { return needs_view_[static_cast<int>(kind)]; };
  auto view = [this](ViewKind kind) { return &views_[static_cast<int>(kind)]; };
  const bool pairs = needs(ViewKind::kPairs);
  const bool masked = needs(ViewKind::kMasked);
  const bool skeleton = pairs || masked || needs(ViewKind::kSkeleton);
  const bool words = needs(ViewKind::kWords);
  if (skeleton || words || needs(ViewKind::kFolded)) FoldText(text, view(ViewKind::kFolded));
  if (skeleton) {
    BuildSkeleton(*view(ViewKind::kFolded), view(ViewKind::kSkeleton),
                  lists_skeleton_words_ ? &skeleton_words_ : nullptr, SkeletonReading::kEvasions,
                  &departures_);
  }
  if (pairs) BuildPairs(*view(ViewKind::kSkeleton), view(ViewKind::kPairs));
  if (masked) BuildMasked(*view(ViewKind::kFolded), *view(ViewKind::kSkeleton), view(ViewKind::kMasked));
  if (words) {
    SqueezeToPaddedWords(*view(ViewKind::kFolded), view(ViewKind::kWords));
  }
  if (needs(ViewKind::kExact) || needs(ViewKind::kExactWords)) {
    SanitizeText(text, view(ViewKind::kExact));
  }
  if (needs(ViewKind::kExactWords)) {
    if (data_.ExactWordsMayMatch(view(ViewKind::kExact)->text)) {
      SqueezeToPaddedWords(*view(ViewKind::kExact), view(ViewKind::kExactWords));
    } else {
      view(ViewKind::kExactWords)->Clear();
    }
  }
  window_hits_.clear();
  const std::uint32_t field_id = FieldId(name);
  for (const PatternDatabase& database : data_.databases) {
    ScanDatabase(database, *view(database.view), field, field_id, text);
  }
  if (!word_tables_.empty()) MatchWordTables(field, field_id, text);
  // departures_ are this window's wherever the skeleton is read.
  if (needs(ViewKind::kSkeleton) && !departures_.empty()) ScanPlainStretches(field, field_id, text);
  if (has_exceptions_) ApplyExceptions();
  KeepMatches(text, window, out, texts);
}

void ScanState::KeepMatches(std::string_view text, const Window& window,
                            std::vector<TermHit>* out, std::string* texts) {
  if (window_hits_.empty()) return;
  if (uses_near_) {  // where words start, as near() counts them, up to the last match
    std::uint32_t last_end = 0;
    for (const TermHit& found : window_hits_) last_end = std::max(last_end, found.hit.end);
    word_starts_.clear();
    bool in_word = window.after_word;
    CountWordStarts(text.substr(0, last_end), &in_word, &word_starts_);
  }
  auto words_before = [&](std::uint32_t pos) {
    const auto starts = std::lower_bound(word_starts_.begin(), word_starts_.end(), pos);
    return window.words_before + static_cast<std::uint32_t>(starts - word_starts_.begin());
  };
  for (TermHit& found : window_hits_) {
    Hit& hit = found.hit;
    const std::uint32_t begin = window.base + hit.begin;
    const std::uint32_t end = window.base + hit.end;
    if (begin < window.keep_from || end <= window.keep_after || end > window.keep_until) continue;
    if (uses_near_) {
      hit.words_before_begin = words_before(hit.begin);
      hit.words_before_end = words_before(hit.end);
    }
    if (texts != nullptr) {
      hit.text = AppendSpanText(text.substr(hit.begin, hit.end - hit.begin), texts);
    }
    hit.begin = begin;
    hit.end = end;
    out->push_back(found);
  }
}

std::uint32_t ScanState::FieldId(std::string_view name) const {
  const auto it = std::find(data_.field_names.begin(), data_.field_names.end(), name);
  return it == data_.field_names.end() ? kNone
                                       : static_cast<std::uint32_t>(it - data_.field_names.begin());
}

void ScanState::ResolveFieldIds(const Document& document) {
  field_ids_.clear();
  for (const Field& field : document.fields) field_ids_.push_back(FieldId(field.name));
}

// Only rules whose terms matched can change from their no-match value; the
// rest need no evaluation unless they hold with no matches at all.
void ScanState::CollectCandidates() {
  candidates_.clear();
  const auto each_candidate = [this](auto add) {
    for (std::uint32_t term : hits_.touched()) {
      for (std::uint32_t rule : evaluator_.links().Rules(term)) add(rule);
    }
    for (std::uint32_t rule : data_.always_rules) add(rule);
  };
  if (!candidate_bits_.empty()) {
    // Few rules: a bit each, read back in order, costs less than a sort.
    each_candidate([this](std::uint32_t rule) {
      candidate_bits_[rule / 64] |= std::uint64_t{1} << (rule % 64);
    });
    for (std::size_t word = 0; word < candidate_bits_.size(); ++word) {
      for (std::uint64_t bits = candidate_bits_[word]; bits != 0; bits &= bits - 1) {
        candidates_.push_back(static_cast<std::uint32_t>(64 * word + std::countr_zero(bits)));
      }
      candidate_bits_[word] = 0;
    }
    return;
  }
  each_candidate([this](std::uint32_t rule) {
    if (queued_.Mark(rule)) candidates_.push_back(rule);
  });
  std::sort(candidates_.begin(), candidates_.end());
}

// A word-list rule names hundreds of terms of which a document matches a
// few. Its evidence (in term order) is read whole, each term tested in a
// bitmap, when that is cheaper than looking up each of its matched terms
// in it: those are in the rule's list of matched terms it reads, made at the
// document's first rule match from rules_of_term, and so hold every term of
// its evidence that matched.
template <class Show>
void ScanState::EachMatchedEvidence(std::uint32_t rule, Show&& show) {
  const std::vector<Evidence>& evidence = data_.rule_programs[rule].evidence;
  if (!rule_terms_built_) {
    rule_terms_.clear();
    for (std::uint32_t term : hits_.touched()) {
      for (std::uint32_t reader : evaluator_.links().Rules(term)) {
        if (listed_.Mark(reader)) rule_terms_head_[reader] = {0, 0};
        auto& [first, count] = rule_terms_head_[reader];
        rule_terms_.emplace_back(term, first);
        first = static_cast<std::uint32_t>(rule_terms_.size());
        ++count;
      }
    }
    rule_terms_built_ = true;
  }
  const bool listed = listed_.Marked(rule);
  const std::uint32_t looked_up = listed ? rule_terms_head_[rule].second : 0;
  if (static_cast<std::size_t>(looked_up) * static_cast<std::size_t>(std::bit_width(evidence.size())) >=
      evidence.size()) {
    for (const Evidence& item : evidence) {
      if (hits_.Matched(item.term)) show(item);
    }
    return;
  }
  const bool as_listed = evidence_is_read_terms_[rule];
  for (std::uint32_t node = listed ? rule_terms_head_[rule].first : 0; node != 0;
       node = rule_terms_[node - 1].second) {
    const std::uint32_t term = rule_terms_[node - 1].first;
    if (as_listed) {
      show(Evidence{term, kNone});
      continue;
    }
    const auto found = std::lower_bound(
        evidence.begin(), evidence.end(), term,
        [](const Evidence& item, std::uint32_t wanted) { return item.term < wanted; });
    if (found != evidence.end() && found->term == term) show(*found);
  }
}

void ScanState::AddMatch(std::uint32_t rule) {
  const RuleInfo& info = data_.rules[rule];
  RuleMatch match{rule, static_cast<std::uint32_t>(verdict_.spans.size()), 0};
  EachMatchedEvidence(rule, [&](const Evidence& evidence) {
    std::uint32_t shown = 0;  // the first kMaxSpansPerTerm (verdict.h), as a stream keeps
    for (const Hit& hit : hits_.Of(evidence.term)) {
      if (evidence.field_set != kNone && !evaluator_.InFieldSet(hit.field, evidence.field_set)) {
        continue;
      }
      if (shown++ == kMaxSpansPerTerm) break;
      verdict_.spans.push_back(
          MatchSpan{hit.field, hit.begin, hit.end, evidence.term, hit.evasions, hit.text});
    }
  });
  match.span_count = static_cast<std::uint32_t>(verdict_.spans.size()) - match.first_span;
  auto first = verdict_.spans.begin() + match.first_span;
  std::sort(first, verdict_.spans.end(), [](const MatchSpan& a, const MatchSpan& b) {
    return a.field != b.field ? a.field < b.field : a.begin != b.begin ? a.begin < b.begin : a.term < b.term;
  });
  if (info.status == RuleStatus::kLive) {
    verdict_.live.push_back(match);
    verdict_.decision = std::max(verdict_.decision, info.action);
  } else {
    verdict_.shadow.push_back(match);
  }
}

const Verdict& ScanState::Scan(const Program& program, const Document& document) {
  document_hits_.clear();
  for (std::uint32_t field = 0; field < document.fields.size(); ++field) {
    const Field& f = document.fields[field];
    if (f.text.size() >= kMaxFieldBytes) {  // offsets are 32-bit
      throw Error("field `" + f.name + "` of document `" + document.id +
                  "` is 4 GiB or larger; split it into several documents or fields");
    }
    ScanWindow(field, f.name, f.text, Window{}, &document_hits_, nullptr);
  }
  return Decide(program, document, document_hits_, {});
}

const Verdict* ScanState::ScanAtMost(const Program& program, const Document& document,
                                    std::size_t most) {
  most_matches_ = most;
  struct Unlimit {  // however the scan ends
    std::size_t& most;
    ~Unlimit() { most = static_cast<std::size_t>(-1); }
  } unlimit{most_matches_};
  try {
    return &Scan(program, document);
  } catch (const TooManyMatches&) {
    // What grew toward the limit goes back, rather than stay with the
    // scanner for every later document.
    raw_matches_ = {};
    regex_ends_ = {};
    window_hits_ = {};
    document_hits_ = {};
    return nullptr;
  }
}

const Verdict& ScanState::Decide(const Program& program, const Document& document,
                                 std::span<const TermHit> hits, std::string_view texts) {
  queued_.NextRound();
  listed_.NextRound();
  rule_terms_built_ = false;
  verdict_.Clear();
  verdict_.program = &program;
  verdict_.document = &document;
  verdict_.span_texts.assign(texts);
  hits_.Clear();
  for (const TermHit& found : hits) hits_.Add(found.term, found.hit);
  ResolveFieldIds(document);
  hits_.Finish();
  // What each matched term sets off, fetched for all terms before any is
  // read, so that with many terms their misses overlap.
  if (hits_.touched().size() > 1) {
    for (std::uint32_t term : hits_.touched()) __builtin_prefetch(evaluator_.links().RecordOf(term));
  }
  evaluator_.Begin(hits_, field_ids_, &document);
  CollectCandidates();
  if (candidates_.size() > 1) {  // as above: each rule's entry and program, all at once
    for (std::uint32_t rule : candidates_) {
      __builtin_prefetch(&data_.rules[rule].status);
      __builtin_prefetch(&data_.rule_programs[rule]);
    }
  }
  for (std::uint32_t rule : candidates_) {
    if (data_.rules[rule].status == RuleStatus::kDisabled) continue;
    if (evaluator_.RuleMatches(rule)) AddMatch(rule);
  }
  return verdict_;
}

}  // namespace internal

Scanner::Scanner(std::shared_ptr<const Program> program)
    : program_(std::move(program)),
      state_(std::make_unique<internal::ScanState>(program_->data())) {}

Scanner::~Scanner() = default;

const internal::HitTable& internal::LastScanHits(const Scanner& scanner) {
  return scanner.state_->hits();
}

const Verdict& Scanner::Scan(const Document& document) { return state_->Scan(*program_, document); }

}  // namespace bylaw
