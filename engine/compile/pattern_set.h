// Lowers every pattern of every pack to Hyperscan expressions, deduplicated,
// and builds as few databases as their kinds need: literals through
// hs_compile_lit_multi (word boundaries checked after the match), regexes
// through hs_compile_multi; each on the folded view, or the exact view for
// case_sensitive patterns. Compile side only.
#ifndef BYLAW_COMPILE_PATTERN_SET_H_
#define BYLAW_COMPILE_PATTERN_SET_H_

#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "diagnostic_sink.h"
#include "guarded_compile.h"
#include "program_data.h"
#include "rule_set.h"

namespace bylaw::internal {

class PatternSet {
 public:
  // `options.limits` bound the patterns and each Hyperscan compile (run
  // through CompileGuarded); with `options.keep_going` a pattern that cannot
  // be compiled is a warning and its term is marked for DropRulesOfRejectedTerms.
  explicit PatternSet(const CompileOptions& options = {}) : options_(options) {}

  // Adds `spec` as evidence for `term`, counted only in `field_set` (kNone:
  // any field). An invalid pattern is reported to `sink` and left out.
  void Add(const PatternSpec& spec, std::uint32_t term, std::uint32_t field_set,
           DiagnosticSink* sink);
  // Adds `spec` as an `except:` pattern of `term`: its matches drop the
  // matches of `term` they cover, in any field.
  void AddException(const PatternSpec& spec, std::uint32_t term, std::uint32_t field_set,
                    DiagnosticSink* sink);

  // Compiles the databases into data->databases and data->targets. A pattern
  // Hyperscan rejects, or whose compile runs past the time or memory limit,
  // is reported at its own YAML line and left out.
  void Build(ProgramData* data, DiagnosticSink* sink);

  // With keep_going: disables every rule whose result can depend on a term
  // that lost a pattern (data->rules_of_term, so through rule(...) and pack
  // `unless:` too), with a warning at each rule. Call after Build().
  void DropRulesOfRejectedTerms(ProgramData* data, DiagnosticSink* sink) const;

  std::size_t unique_count() const { return entries_.size(); }
  // True when keep_going left out a pattern: the program is not the rules'.
  bool left_out_any() const { return !rejected_terms_.empty(); }

 private:
  struct Entry {
    ViewKind view = ViewKind::kFolded;
    bool literal = false;
    bool start_boundary = false;  // literals checked after the match: a word starts here
    bool end_boundary = false;    // ... and ends here
    bool padded = false;         // skeleton or word-view literal with a space for each word boundary
    unsigned edit_distance = 0;  // fuzzy: Hyperscan's approximate matching
    std::string skeleton;        // fuzzy: the skeleton text the regex spells
    std::string expression;
    unsigned flags = 0;
    std::vector<PatternTarget> targets;
    std::vector<std::uint32_t> sources;  // every pattern that lowered to it, in locations_
    bool rejected = false;
    bool in_word_table = false;  // in a WordTable of the program, in no database
    HsDatabase start;  // a regex alone, with start of match (PatternDatabase::starts)
    std::uint32_t start_reach = kNone;  // CompiledPattern::start_reach
  };
  void Insert(Entry entry, const PatternTarget& target, const SourceLocation& at);
  // ProgramData::exact_word_anchors for the entries of the exact-words view.
  std::vector<std::string> ExactWordAnchors() const;
  // Moves the pairs view's literals padded at both ends into the program's
  // word table, and puts the masked phrases in theirs.
  void BuildWordTables(ProgramData* data);
  static Entry PaddedWordsEntry(ViewKind view, const std::vector<std::string>& words,
                                bool open_start, bool open_end);
  void AddPhrase(const PatternSpec& spec, const PatternTarget& target, DiagnosticSink* sink);
  // Adds the patterns of `spec`, feeding `target`: one of the four below.
  void AddPattern(const PatternSpec& spec, const PatternTarget& target, DiagnosticSink* sink);
  void AddExactPhrase(const PatternSpec& spec, const PatternTarget& target, DiagnosticSink* sink);
  void AddLiteral(const PatternSpec& spec, const PatternTarget& target, DiagnosticSink* sink);
  void AddRegex(const PatternSpec& spec, const PatternTarget& target, DiagnosticSink* sink);
  // Counts `spec` against the limits on patterns; false (reported) past one.
  bool WithinLimits(const PatternSpec& spec, std::uint32_t term, DiagnosticSink* sink);
  // The entries of one database (a view, literals or regexes) still in play,
  // and the batch Hyperscan compiles them from.
  struct PendingDatabase {
    ViewKind view = ViewKind::kFolded;
    bool literal = false;
    std::vector<Entry*> members;
    HyperscanBatch batch;
    // Regexes: the finder compiles each member's FinderExpression; cleared
    // when that batch fails, so that the regexes as written are compiled
    // (and any error is theirs).
    bool relaxed = true;
  };
  // The entries of one kind, as databases of at most
  // limits.max_database_expressions each, appended to `out`.
  void Collect(ViewKind view, bool literal, std::vector<PendingDatabase>* out);
  // Leaves out the members rejected since, and makes the batch again: for
  // regexes, without start of match (PatternDatabase).
  static void Rebatch(PendingDatabase* pending);
  // Regexes alone with their start of match (PatternDatabase::starts),
  // compiled this many to a process, separately.
  static constexpr std::size_t kStartsPerCompile = 64;
  static HyperscanBatch StartsBatch(std::span<Entry* const> regexes);
  // Sets regex->start_reach from its compiled start database's max width
  // (max_widths[index]); kNone when unknown or unsafe to scan from a cut.
  static void SetStartReach(Entry* regex, const std::vector<std::uint32_t>& max_widths,
                            std::size_t index);
  // Gives each of `regexes` its start database from `compiled`, the results
  // of their StartsBatch groups in order. The regexes of a group that failed
  // are compiled again each alone; one that fails so is rejected as its
  // compile's failure says.
  void BuildStarts(const std::vector<Entry*>& regexes, std::span<GuardedCompileResult> compiled,
                   DiagnosticSink* sink);
  // Adds the compiled database of `pending` to `data`; false if it failed,
  // its culprits now rejected, so that it must be collected and built again.
  bool Finish(PendingDatabase& pending, GuardedCompileResult compiled, ProgramData* data,
              DiagnosticSink* sink);
  // Reports a pattern of `term` that cannot be compiled: an error, or with
  // keep_going a warning, the term then losing the pattern.
  void RejectPattern(DiagnosticCode code, const SourceLocation& at, std::uint32_t term,
                     std::string message, DiagnosticSink* sink);
  void RejectEntry(Entry* entry, const std::string& message, DiagnosticSink* sink);
  // After a failed compile of `members`: rejects the culprits.
  void RejectFailing(std::vector<Entry*>& members, const GuardedCompileResult& failure,
                     const HyperscanBatch& batch, DiagnosticSink* sink);

  CompileOptions options_;
  CompileDeadline deadline_ = kNoDeadline;  // Build(): when its compiles must end
  std::size_t added_ = 0;  // patterns given to Add()
  std::set<std::uint32_t> rejected_terms_;
  std::vector<Entry> entries_;
  // Where the patterns given to Add() stand; one pattern lowers to several
  // entries, which share its location.
  std::vector<SourceLocation> locations_;
  std::unordered_map<std::string, std::size_t> index_;  // dedup key -> entry
  std::vector<PhrasePattern> phrases_;                   // becomes ProgramData::phrases
  std::unordered_map<std::string, std::uint32_t> phrase_index_;
  // Phrases whose masked spellings ProgramData::masked_words stands for:
  // their skeleton words joined, each with the targets it feeds.
  std::vector<std::pair<std::string, std::vector<PatternTarget>>> masked_phrases_;
  std::unordered_map<std::string, std::size_t> masked_index_;  // key -> masked_phrases_
};

}  // namespace bylaw::internal

#endif  // BYLAW_COMPILE_PATTERN_SET_H_
