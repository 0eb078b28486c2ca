// The inside of a compiled Program: everything the run side needs, as flat
// immutable tables built by the compiler (engine/compile/) and read by the
// scanner (engine/runtime/). Only const access after construction.
#ifndef BYLAW_INTERNAL_PROGRAM_DATA_H_
#define BYLAW_INTERNAL_PROGRAM_DATA_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/document.h"
#include "bylaw/policy.h"
#include "bylaw/program.h"
#include "condition.h"
#include "evasion_match.h"
#include "hs_handles.h"

namespace bylaw::internal {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Which text a database scans.
enum class ViewKind : std::uint8_t {
  kFolded,      // case-folded, whitespace-collapsed (FoldText): regexes, literals
  kSkeleton,    // the skeleton of the folded view (BuildSkeleton): phrase candidates
  kPairs,       // adjacent skeleton words joined (BuildPairs): one-word phrases split in two
  kExact,       // original text, invalid UTF-8 replaced (SanitizeText): case_sensitive
  kExactWords,  // the exact view squeezed to words: case_sensitive phrases
  kWords,       // the folded view squeezed to words: `evasion: off` phrases
  kMasked,      // the skeleton again if the text holds a `*` (BuildMasked): masked phrases
};
inline constexpr int kViewKinds = 7;

// Views built from the skeleton: offsets into the folded view, candidates
// confirmed there.
inline bool IsSkeletonView(ViewKind kind) {
  return kind == ViewKind::kSkeleton || kind == ViewKind::kPairs || kind == ViewKind::kMasked;
}

// A term that a Hyperscan expression feeds, and the fields where it counts.
struct PatternTarget {
  std::uint32_t term = 0;
  std::uint32_t field_set = kNone;  // index into ProgramData::field_sets; kNone = any field
  // Skeleton databases only: the phrase a candidate must be confirmed as on
  // the folded view (index into ProgramData::phrases); kNone = none.
  std::uint32_t phrase = kNone;
  // Approximate (fuzzy) skeleton matches: the edit distance allowed; the
  // match is reported as a `fuzzy` evasion when it is not exact.
  std::uint32_t edit_distance = 0;
  // An `except:` pattern of `term`: its matches are no evidence, they drop
  // the matches of `term` they cover (ScanState::ApplyExceptions).
  bool exception = false;
};

// One Hyperscan expression (its id is its index in PatternDatabase::patterns).
struct CompiledPattern {
  std::uint32_t first_target = 0;  // range into ProgramData::targets
  std::uint32_t target_count = 0;
  std::uint32_t literal_length = 0;  // literal databases: a match starts at `to - literal_length`
  bool start_boundary = false;       // the match must begin on a word boundary
  bool end_boundary = false;         // ... and end on one
  bool padded = false;  // skeleton or word-view literal with a space for each word boundary
  std::string skeleton;  // fuzzy skeleton regexes: the exact text; other matches are `fuzzy`
  // Regexes: a match ending at byte e starts at or after e - start_reach,
  // and the regex holds the same from any cut of a text after an ASCII
  // non-word byte (no `^`, no `\A`), so its start scan may read only the
  // neighbourhood of its ends (ScanPatternDatabase). kNone: the whole text.
  std::uint32_t start_reach = kNone;
};

// A regex database finds where matches end, without start-of-match
// reporting, which costs Hyperscan about as much again on the bundled
// packs' regexes; then each regex that matched is scanned alone with it
// (ScanPatternDatabase, hyperscan_scan.h). A pattern id is its index in
// `patterns` and in `starts`.
struct PatternDatabase {
  ViewKind view = ViewKind::kFolded;
  bool literal = false;  // built by hs_compile_lit_multi (no start-of-match reporting needed)
  HsDatabase database;   // every pattern; for regexes, without start of match
  std::vector<CompiledPattern> patterns;
  std::vector<HsDatabase> starts;  // regexes: pattern i alone, with its start of match
};

// Skeleton literals written with a space at each end (" blackout "), looked
// up in a hash table instead of a Hyperscan database: such a literal matches
// whole words only, so a table of its words finds the same candidates by
// hashing the words of the view, without a database or, for the pairs, a
// view of their own. Three tables:
//  - skeleton_words: whole-word phrases (" tide pod "): every run of words
//    of the skeleton is looked up (FindWordRuns, skeleton.h), so that a
//    word list of any size costs a few hash lookups per word;
//  - pair_words: one-word phrases of six or more skeleton letters found split
//    in two ("black out"): every two adjacent skeleton words are joined and
//    looked up (FindPairWords);
//  - masked_words: phrases with an inner letter masked out ("bnadryi" for
//    b*nadryl): its keys are the phrases themselves ("benadryi"), each
//    standing for its masked spellings (ForEachMaskedSpelling), which only
//    Index() spells out; every run of words of the masked view is looked up
//    (FindWordRuns).
// Open-ended literals match inside words, so they stay in databases.

// The masked spellings of `words` (skeleton words joined by single spaces)
// as the masked view reads them, a `*` dropped: each word without one inner
// letter, then, for a single word, without two in a row (f**k reads "fk").
// Calls visit(offset, length) for the bytes each spelling leaves out, at most
// kMostMaskedSpellings times, in a fixed order; a spelling equal to the one
// before it (a doubled letter: "comittee" twice for "committee") is still
// visited.
inline constexpr std::size_t kMostMaskedSpellings = 16;
template <class Visit>
void ForEachMaskedSpelling(std::string_view words, Visit&& visit) {
  std::size_t visited = 0;
  const bool one_word = words.find(' ') == std::string_view::npos;
  for (std::size_t masked = 1; masked <= (one_word ? 2 : 1); ++masked) {
    for (std::size_t begin = 0; begin < words.size();) {
      std::size_t end = words.find(' ', begin);
      if (end == std::string_view::npos) end = words.size();
      for (std::size_t i = 1; i + masked < end - begin; ++i) {
        if (visited == kMostMaskedSpellings) return;
        ++visited;
        visit(begin + i, masked);
      }
      begin = end + 1;
    }
  }
}

struct WordTable {
  // Longer keys stay in databases: a key is hashed in parts of at most this.
  static constexpr std::size_t kLongestKey = 64;

  // The keys (each literal without its end spaces), one after another in
  // `key_bytes`, key i ending at key_ends[i]; key i feeds patterns[key_patterns[i]].
  std::string key_bytes;
  std::vector<std::uint32_t> key_ends;
  std::vector<std::uint32_t> key_patterns;
  std::vector<CompiledPattern> patterns;  // padded
  // Whether each key stands for its masked spellings (masked_words) rather
  // than for itself.
  bool masked_spellings = false;

  std::size_t size() const { return key_ends.size(); }
  bool empty() const { return key_ends.empty(); }
  std::string_view Key(std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : key_ends[i - 1];
    return std::string_view(key_bytes).substr(begin, key_ends[i] - begin);
  }
  void Add(std::string_view key, std::uint32_t pattern) {
    key_bytes += key;
    key_ends.push_back(static_cast<std::uint32_t>(key_bytes.size()));
    key_patterns.push_back(pattern);
  }
  // The tables hold together: keys in order inside key_bytes, none longer
  // than kLongestKey, each with a pattern. Index() builds nothing for a table
  // that does not.
  bool Consistent() const;

  // The index over the keys, rebuilt by Index() after they change; not
  // stored in program files.
  std::vector<std::uint64_t> slots;  // open addressing, see Index()
  // Beside each slot, its spelling's hash (skeleton.cc), which for a
  // spelling of at most 8 bytes is those bytes, so that a probe for a word
  // that short reads no key. Not for masked spellings: they are many (16 MB
  // of slots at 100k terms) and looked up only around a `*`.
  std::vector<std::uint64_t> hashes;
  // What a match of each key reads next, in one record, so that a match
  // costs one cache miss here rather than one per array (with 100k terms,
  // the pattern, then its target, were two more).
  struct KeyRecord {
    std::uint32_t pattern = 0;  // key_patterns[key]
    // kNotPlain, or the form (PlainForm, evasion_match.h) in which the key
    // spells a text that is the plain text of every target of its pattern,
    // each a phrase closed at both ends (IsPlainPhrase), so that a folded
    // range reading as that text is confirmed without the phrase.
    std::uint32_t plain_form = 0xFFFFFFFF;  // kNotPlain
    // When the pattern has one target, which is for any field, no
    // exception, and confirmed by a phrase: its term and phrase, so that a
    // match reads neither the pattern nor the target; else kNone.
    std::uint32_t term = kNone;
    std::uint32_t phrase = kNone;
  };
  // Per key. Index() fills the patterns; IndexWordTables (skeleton.h) the
  // rest, for the skeleton-words table's plain forms and every table's terms.
  std::vector<KeyRecord> records;
  unsigned slot_bits = 0;            // slots.size() == 1 << slot_bits
  // No two spellings held whole in `hashes` are the same, so that a probe
  // that finds one stops there.
  bool unique_whole_spellings = false;
  std::size_t shortest = 0;          // bytes of the shortest and longest key
  std::size_t longest = 0;
  std::size_t most_words = 0;        // words of the key with the most
  // A bit per (first byte, last byte, length) of the keys, hashed: most
  // candidates are turned away by one bit, before any hashing.
  std::array<std::uint64_t, 1024> filter{};
  // A bit per hash of each whole-word prefix of a spelling ("tide" and
  // "tide pod" for "tide pod"): a run of words of the view that no spelling
  // begins with ends the search for longer runs there (FindWordRuns); a pair
  // of words whose join is no spelling is turned away before any probe
  // (FindPairWords).
  std::vector<std::uint64_t> prefixes;
  unsigned prefix_bits = 0;
  void AddPrefix(std::uint64_t hash);

  static std::size_t FilterBit(char first, char last, std::size_t length) {
    return (static_cast<unsigned char>(first) * 40503u + static_cast<unsigned char>(last) * 257u +
            length * 7919u) % (1024 * 64);
  }
  bool MayHold(char first, char last, std::size_t length) const {
    const std::size_t bit = FilterBit(first, last, length);
    return (filter[bit / 64] >> (bit % 64)) & 1;
  }

  void Index();
  // The index of the first key that is `key` (or, with masked_spellings,
  // has it as a spelling), or kNone. FindPairWords and FindWordRuns report
  // every such key.
  std::uint32_t Find(std::string_view key) const;
};

// One node of a resolved condition. Conditions are stored as one flat array
// of ops for the whole program; a rule points at its roots.
struct ConditionOp {
  NodeKind kind = NodeKind::kTerm;
  Comparison comparison = Comparison::kGe;
  std::uint32_t term = kNone;        // kTerm, kCount
  std::uint32_t rule = kNone;        // kRule
  std::uint32_t field_set = kNone;   // kTerm with `in (...)`
  std::uint32_t first_operand = 0;   // kNot/kAnd/kOr: child ops; kOf/kNear: terms;
  std::uint32_t operand_count = 0;   //   range into ProgramData::operands
  std::int64_t number = 0;           // kCount, kOf (N; all: operand_count), kNear
  std::uint32_t meta = kNone;        // kMeta: index into ProgramData::meta_tests
};

// A `meta.NAME ...` test of a condition: true when the document's metadata
// has NAME (its last value, if given twice) and that value compares true
// with one of `values`. Numeric tests read the value as a whole number; a
// missing name, or a value that is not a number in a numeric test, makes
// the test false whatever the comparison.
struct MetaTest {
  std::string name;
  Comparison comparison = Comparison::kEq;  // `in`: kEq, with every value
  bool numeric = false;
  bool in_list = false;                     // written `in (...)` (for explanations)
  std::vector<std::string> texts;           // text tests: the values
  std::vector<std::int64_t> numbers;        // numeric tests: the values

  bool operator==(const MetaTest&) const = default;
};

// A term whose matches are shown as a rule's evidence, limited to the
// fields its `in (...)` names (kNone: every field).
struct Evidence {
  std::uint32_t term = 0;
  std::uint32_t field_set = kNone;
};

struct RuleProgram {
  std::uint32_t when = kNone;         // root op
  std::uint32_t unless = kNone;       // root op of the rule's own `unless:`
  std::uint32_t pack_unless = kNone;  // root op of its pack's `unless:`
  std::vector<Evidence> evidence;  // terms not under `not`, in term order
  bool evaluate_always = false;  // true with no matches at all: evaluated for every document
};

// An example carried by a rule, checked by `bylaw test`.
struct RuleExample {
  std::uint32_t rule = 0;
  bool expect_flag = true;  // `flag:` (must match) or `pass:` (must not)
  Document document;
  SourceLocation location;
  std::string source_line;  // the example's line, quoted in failures
};

struct ProgramData {
  std::string hash;  // "sha256:<hex>"
  std::vector<Resource> resources;
  std::vector<CategoryInfo> categories;
  std::vector<RuleInfo> rules;
  std::vector<RuleProgram> rule_programs;  // parallel to `rules`
  std::vector<std::string> term_names;
  std::vector<std::string> field_names;                   // every field name rules mention
  std::vector<std::vector<std::uint32_t>> field_sets;     // sets of indices into field_names
  std::vector<ConditionOp> ops;
  std::vector<std::uint32_t> operands;
  std::vector<MetaTest> meta_tests;                       // kMeta ops' tests
  std::vector<std::vector<std::uint32_t>> rules_of_term;  // rules to evaluate when a term matches
  std::vector<std::uint32_t> always_rules;                // rules with evaluate_always
  std::vector<PatternTarget> targets;
  std::vector<PhrasePattern> phrases;  // evasion-tolerant phrases, confirmed on the folded view
  // Per phrase, its letters (runs), at most 255: a folded range shorter than
  // that is no instance of it, turned away without reading the phrase (with
  // 100k terms the phrases lie in megabytes that no cache holds; this stays
  // near). Derived, not stored: IndexWordTables fills it.
  std::vector<std::uint8_t> phrase_letters;
  // Per target, the form (PlainForm, evasion_match.h) in which every key of
  // the skeleton-words table whose pattern holds it spells the plain text of
  // its phrase, or kNotPlain: a key's record has one form for all its
  // targets, and a key such as `the` (for the and thee) has none, so each
  // target of such a key is confirmed on its own without its phrase when the
  // range reads as its text. Only for the patterns a match reads (a key
  // whose record brings its term reads none). Derived, not stored:
  // IndexWordTables fills it.
  std::vector<std::uint32_t> target_plain_forms;
  std::vector<PatternDatabase> databases;
  WordTable skeleton_words;  // whole-word phrases
  WordTable pair_words;      // one-word phrases split in two
  WordTable masked_words;    // phrases with a letter masked out
  // Case-sensitive phrases are literals on the exact-words view; each holds
  // one of these words, byte for byte. An exact view holding none of them
  // has no such match, so the exact-words view is neither built nor scanned
  // (ExactWordsMayMatch). Empty: built whenever a database reads it.
  std::vector<std::string> exact_word_anchors;
  std::vector<RuleExample> examples;
  ProgramStats stats;

  // False when the exact view `exact` holds none of exact_word_anchors,
  // so that no literal of the exact-words view can match.
  bool ExactWordsMayMatch(std::string_view exact) const {
    if (exact_word_anchors.empty()) return true;
    return std::any_of(exact_word_anchors.begin(), exact_word_anchors.end(),
                       [&](const std::string& anchor) { return exact.find(anchor) != std::string_view::npos; });
  }

  // True if the interned field name `field_id` (kNone: a field no rule
  // names) belongs to field set `field_set`.
  bool InFieldSet(std::uint32_t field_id, std::uint32_t field_set) const {
    const std::vector<std::uint32_t>& set = field_sets[field_set];
    return field_id != kNone && std::find(set.begin(), set.end(), field_id) != set.end();
  }
};

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_PROGRAM_DATA_H_
