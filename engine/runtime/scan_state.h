// ScanState: everything one Scanner mutates, shared by the whole-document
// scan (scanner.cc) and the streamed one (document_stream.cc).
#ifndef BYLAW_RUNTIME_SCAN_STATE_H_
#define BYLAW_RUNTIME_SCAN_STATE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/document.h"
#include "bylaw/program.h"
#include "bylaw/verdict.h"
#include "evaluator.h"
#include "evasion_match.h"
#include "hs_handles.h"
#include "program_data.h"
#include "round_stamps.h"
#include "skeleton.h"
#include "text_view.h"

namespace bylaw {
namespace internal {

// Offsets in views and spans are 32-bit.
constexpr std::size_t kMaxFieldBytes = std::size_t{1} << 32;

// Everything one Scanner mutates. Never shared between threads.
class ScanState {
 public:
  // A stretch of one field's text to scan: the whole field (Scan), or a
  // window of a stream, of which only some matches are kept.
  struct Window {
    std::uint32_t base = 0;          // offset of the window's first byte in the field
    std::uint32_t words_before = 0;  // words of the field that start before it
    bool after_word = false;         // the character before it is a word character
    std::uint32_t keep_from = 0;     // keep matches that begin at or after this,
    std::uint32_t keep_after = 0;    //   end after this,
    std::uint32_t keep_until = 0xFFFFFFFF;  // and end at or before this (field offsets)
  };

  explicit ScanState(const ProgramData& data);
  const Verdict& Scan(const Program& program, const Document& document);
  // Scan(), unless `document` holds more than `most` matches: a whole scan
  // keeps them all at once, so the scan stops as they pass that many, and
  // returns nullptr, having decided nothing (ScanWithinLimits then streams
  // the document).
  const Verdict* ScanAtMost(const Program& program, const Document& document, std::size_t most);
  const HitTable& hits() const { return hits_; }

  // Scans `text`, the window `window` of field `field` named `name`, and
  // appends the matches it keeps to *out, in field offsets. With `texts`,
  // each kept match's original text is appended there (Hit::text).
  void ScanWindow(std::uint32_t field, std::string_view name, std::string_view text,
                  const Window& window, std::vector<TermHit>* out, std::string* texts);
  // Decides `document` from its matches; `texts` holds the matched texts of
  // hits that carry a text offset.
  const Verdict& Decide(const Program& program, const Document& document,
                        std::span<const TermHit> hits, std::string_view texts);

 private:
  using RawMatch = ViewMatch;  // a match, in the offsets of the view scanned
  struct TooManyMatches {};    // thrown past most_matches_, caught by ScanAtMost
  // Throws TooManyMatches when the matches kept so far pass most_matches_.
  void CheckMatchCount() const;
  struct MatchContext {
    const ProgramData* data;
    const std::vector<CompiledPattern>* patterns;  // what a match's id names
    ViewKind kind;                                 // the view matched
    bool literal;  // literal patterns: a match starts literal_length before its end
    const TextView* view;
    const TextView* folded;      // skeleton views map into it
    std::string_view original;   // the field's text
    ConfirmScratch* confirm;
    std::uint32_t field;
    std::uint32_t field_id;
    std::vector<TermHit>* hits;  // window offsets until the window is done
    std::vector<RawMatch>* raw;  // the database's matches, as Hyperscan reports them
    bool as_written_only;        // a skeleton match read with other letters is none
  };
  void ProcessMatches(const MatchContext& context);
  void ProcessMatch(const MatchContext& context, const RawMatch& match);
  // A skeleton match [from, to) of `pattern`: the folded range it stands
  // for, confirmed for the phrase of each of `targets` (the pattern's, or
  // the one a word table's match brought), recorded with its evasions.
  // `plain_form`: the match is of a plain key, spelling its phrases' text
  // in this form (ViewMatch::plain_form), or kNotPlain. `target_forms`: if
  // not empty, the same for each target on its own.
  static void OnSkeletonMatch(const MatchContext& context, const CompiledPattern& pattern,
                              std::span<const PatternTarget> targets, std::span<const PlainForm> target_forms,
                              std::size_t from, std::size_t to, PlainForm plain_form);
  static void Record(const MatchContext& context, const PatternTarget& target, const Hit& hit);
  // Marks a window hit of an `except:` pattern: TermHit::term is its term's
  // index with this bit set, until ApplyExceptions drops it.
  static constexpr std::uint32_t kExceptionHit = 0x80000000u;
  void ApplyExceptions();

  std::uint32_t FieldId(std::string_view name) const;
  void ResolveFieldIds(const Document& document);
  // Scans `view`, the one `database` reads (or the plain stretches for a
  // skeleton database, `as_written_only`: MatchContext).
  void ScanDatabase(const PatternDatabase& database, const TextView& view, std::uint32_t field,
                    std::uint32_t field_id, std::string_view text, bool as_written_only = false);
  // Drops each regex match whose pattern's next match starts where it does
  // and ends later (scanner.cc).
  void DropGrownMatches();
  // The word tables: data_.skeleton_words and data_.pair_words on the
  // skeleton, data_.masked_words on the masked view.
  void MatchWordTables(std::uint32_t field, std::uint32_t field_id, std::string_view text);
  // One table on `words`, the words of `view`.
  void MatchWordTable(const WordTableUse& use, const TextView& view, const ViewWords& words,
                      std::uint32_t field, std::uint32_t field_id, std::string_view text,
                      bool as_written_only = false);
  // The skeleton's databases and words table on the plain reading around
  // each of departures_ (scanner.cc).
  void ScanPlainStretches(std::uint32_t field, std::uint32_t field_id, std::string_view text);
  // Moves the window's matches into *out: field offsets, word counts, texts.
  void KeepMatches(std::string_view text, const Window& window, std::vector<TermHit>* out,
                   std::string* texts);
  void CollectCandidates();
  void AddMatch(std::uint32_t rule);
  // The evidence of `rule` (its term and field set) that matched, one call each.
  template <class Show>
  void EachMatchedEvidence(std::uint32_t rule, Show&& show);

  const ProgramData& data_;
  const std::vector<WordTableUse> word_tables_;  // the program's, WordTablesOf
  HsScratch scratch_;
  TextView views_[kViewKinds];  // indexed by ViewKind
  bool needs_view_[kViewKinds] = {};
  HitTable hits_;
  std::vector<RawMatch> raw_matches_;  // ScanDatabase's, reused
  std::vector<RawMatch> regex_ends_;   // ScanDatabase's scratch (ScanPatternDatabase)
  // DropGrownMatches': per regex pattern, its latest match in raw_matches_,
  // valid where marked this round.
  std::vector<std::uint32_t> latest_of_pattern_;
  RoundStamps grown_round_;
  ViewWords view_words_;  // the masked view or plain stretches, split when read; reused
  ViewWords skeleton_words_;           // listed by BuildSkeleton, when a word table reads them
  bool lists_skeleton_words_ = false;
  std::vector<std::uint32_t> departures_;  // the skeleton's from the plain reading (BuildSkeleton)
  TextView plain_skeleton_;            // SkeletonReading::kPlain, built by ScanPlainStretches
  TextView plain_stretches_;           // its words around each departure (BuildStretches)
  std::vector<TermHit> window_hits_;  // the current window's, in window offsets
  std::vector<TermHit> document_hits_;  // Scan's, in field offsets
  std::size_t most_matches_ = static_cast<std::size_t>(-1);  // ScanAtMost's, while it runs
  std::vector<std::uint32_t> word_starts_;  // KeepMatches scratch
  bool uses_near_ = false;
  bool has_exceptions_ = false;  // some pattern is an `except:` of its term
  std::vector<TermHit> exception_hits_;  // ApplyExceptions scratch
  ConfirmScratch confirm_;
  Evaluator evaluator_;
  std::vector<std::uint32_t> field_ids_;
  RoundStamps queued_;  // per rule: in candidates_ for this document
  std::vector<std::uint32_t> candidates_;
  // With at most kCandidateBitsRules rules, a bit per rule, from which
  // CollectCandidates reads the candidates in order (all zero between
  // documents); with more, reading every bit would cost more than a sort.
  static constexpr std::size_t kCandidateBitsRules = 2048;
  std::vector<std::uint64_t> candidate_bits_;
  // For each rule, the matched terms it reads (rules_of_term), as a list
  // through rule_terms_ (term, next node + 1; 0 ends it) from
  // rule_terms_head_[rule] (first node + 1, length), valid where listed_ is
  // marked; made at a document's first rule match (EachMatchedEvidence).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> rule_terms_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> rule_terms_head_;
  RoundStamps listed_;
  bool rule_terms_built_ = false;
  // Per rule: its evidence is exactly the terms it reads, none limited to a
  // field set (a word list's `any of`), so each listed term is evidence as
  // it stands and need not be looked up (EvidenceIsReadTerms).
  std::vector<bool> evidence_is_read_terms_;
  Verdict verdict_;
};

}  // namespace internal
}  // namespace bylaw

#endif  // BYLAW_RUNTIME_SCAN_STATE_H_
