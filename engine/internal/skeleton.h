// The skeleton view: a lossy key of the folded text on which every
// plain-text phrase is looked up as one Hyperscan literal, however it was
// disguised. It is an index, not the truth: each literal match is a
// candidate that ConfirmPhrase (evasion_match.h) decides on the folded text.
//
// This is what lets 100k evasion-tolerant terms compile in seconds: the same
// tolerance as regexes (a letter class with repeats and optional separators
// per letter) costs Hyperscan ~2.7 s per 1,000 terms and scans at ~13 MB/s.
//
// Skeleton of the folded text, word by word:
//  - letters and digits read as their skeleton letter (SkeletonLetter:
//    `l`, `1`, `!`, `|` read `i`; `0` reads `o`; `4`, `@` read `a` ...);
//    symbols only between two word characters, so a final `!` stays
//    punctuation; `*` between word characters is dropped (a mask);
//  - a letter repeated reads once (`chaaallenge` -> `chalenge`);
//  - other non-word characters separate words, written as one ' ';
//  - a run of three or more one-character words is joined (`t.i.d.e`,
//    `b e n` -> `tide`, `ben`); two stay apart (`U.S.` -> `u s`);
//  - the view starts and ends with ' ', so " word " marks both boundaries.
// Offsets: unlike other views, source_begin/source_end of a skeleton byte
// are offsets into the FOLDED view it was built from.
#ifndef BYLAW_INTERNAL_SKELETON_H_
#define BYLAW_INTERNAL_SKELETON_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "evasion_match.h"
#include "program_data.h"
#include "text_view.h"

namespace bylaw::internal {

// The pairs view: every two adjacent skeleton words of 3 or more bytes
// joined, " blackout " for "black out", so that a one-word phrase split in
// two is one literal too. Offsets into the folded view, like the skeleton.
// Empty if no such pair exists. Reuses `out`'s capacity.
void BuildPairs(const TextView& skeleton, TextView* out);

// A match on a view: pattern `id` over the view's bytes [from, to).
struct ViewMatch {
  std::uint32_t id;
  std::uint32_t from;
  std::uint32_t to;
  // Word tables (WordTable::KeyRecord): the form in which the view's bytes
  // are the plain text of the phrase of every target, and the term and
  // phrase of a pattern's one target, which stands for the pattern.
  PlainForm plain_form = kNotPlain;
  std::uint32_t term = kNone;
  std::uint32_t phrase = kNone;
};

// The words of a word view (the skeleton or the masked view): the runs of
// bytes other than ' ' with a ' ' on both sides, each with its hash for the
// word tables. Split once per view and read by every table of that view.
struct ViewWords {
  struct Word {
    std::uint32_t begin;   // the word is view[begin, begin + length)
    std::uint32_t length;
    std::uint64_t hash;    // of the word's bytes, for words no longer than any key
  };
  std::string_view view;
  std::vector<Word> words;
};
// Splits `view` into *out, reusing its capacity.
void SplitViewWords(std::string_view view, ViewWords* out);

// How a skeleton reads what may join words.
enum class SkeletonReading : std::uint8_t {
  kEvasions,  // as above: symbols read as letters, spelled-out letters join
  kPlain,     // every symbol separates words and no words join: the words
              // exact matching sees, each still read letter by letter as above
};

// Builds the skeleton of `folded` into `out`, reusing its capacity; with
// `words`, also its words, as SplitViewWords(out->text, words) would split
// them, without a second pass over the view. With `departures`, the folded
// offsets, in order, where it reads the text otherwise than the plain
// reading would: each symbol read as a letter or dropped, each letter
// joined to letters spelled out before it (none: the two are the same view).
void BuildSkeleton(const TextView& folded, TextView* out, ViewWords* words = nullptr,
                   SkeletonReading reading = SkeletonReading::kEvasions,
                   std::vector<std::uint32_t>* departures = nullptr);

// The keys of `words` that two adjacent skeleton words of 3 or more bytes
// spell when joined: for each, the key's pattern over the pair's stretch of
// the skeleton, from the ' ' before the first word to the ' ' after the
// second, appended to *out. The same candidates as the pairs view scanned
// for the keys written " key ", without building that view.
void FindPairWords(const ViewWords& skeleton, const WordTable& words, std::vector<ViewMatch>* out);

// The keys of `words` that a run of whole words of a view spells, words
// separated by one ' ' each (two end a run): for each, the key's pattern over
// the run from the ' ' before it to the ' ' after it, appended to *out. The
// same candidates as a database of the keys written " key " would find.
void FindWordRuns(const ViewWords& view, const WordTable& words, std::vector<ViewMatch>* out);

// The non-empty word tables of a program, each with the view it reads and
// how: skeleton_words runs of skeleton words, pair_words pairs of them,
// masked_words runs of masked-view words. The two of the skeleton come
// first, one after the other.
struct WordTableUse {
  const WordTable* table;
  ViewKind view;
  bool pairs;        // FindPairWords, else FindWordRuns
  const char* name;  // for reports: "skeleton words", ...
};
std::vector<WordTableUse> WordTablesOf(const ProgramData& data);
// Builds the index of each word table of `data` (WordTable::Index) and its
// keys' records: the target a key's pattern is, if one, and in the
// skeleton-words table the plain forms; once the tables, targets and
// phrases are filled or loaded (indices out of range make a key neither).
// Also each phrase's letter count and each target's plain form
// (ProgramData::phrase_letters, target_plain_forms).
void IndexWordTables(ProgramData* data);
// The candidates of `use.table` on the words of the view it reads, appended
// to *out.
void FindInWordTable(const WordTableUse& use, const ViewWords& words, std::vector<ViewMatch>* out);

// The masked view: the words of `skeleton` around each `*` of `folded`
// (three words each side, each stretch from a ' ' to a ' '), empty when
// there is none. The literals of phrases with a letter masked (`b*nadryl`
// reads "bnadryi") are looked up on it: as many as the phrase has inner
// letters, they would slow every scan, and most texts have no `*`.
// Offsets into the folded view, like the skeleton. Reuses `out`.
void BuildMasked(const TextView& folded, const TextView& skeleton, TextView* out);
// The same stretches of `skeleton` around each folded offset of `at` (in
// order): the plain reading's words where the skeleton departed from it.
void BuildStretches(const TextView& skeleton, std::span<const std::uint32_t> at, TextView* out);

// The words of the skeleton of `text` (folded first), for the compiler.
std::vector<std::string> SkeletonWords(std::string_view text,
                                       SkeletonReading reading = SkeletonReading::kEvasions);

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_SKELETON_H_
