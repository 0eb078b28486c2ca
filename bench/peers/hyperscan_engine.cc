// The floor: Hyperscan called directly on bylaw's own compiled databases,
// and bylaw's word tables looked up, over the views bylaw scans, built
// beforehand (Prepare, untimed). Per match only what turns a candidate into
// a term: the word-boundary check of literal databases, and for skeleton
// candidates the confirmation on the folded text. No evaluation, no
// verdict, no offset maps.
#include <hs/hs.h>

#include <array>
#include <stdexcept>

#include "bylaw_engines.h"
#include "evasion_match.h"
#include "hs_handles.h"
#include "hyperscan_scan.h"
#include "program_data.h"
#include "skeleton.h"
#include "text_view.h"

namespace bylaw::bench {
namespace {

using internal::PatternDatabase;
using internal::ProgramData;
using internal::TextView;
using internal::ViewKind;

// The views of one document, as the scanner builds them for one field.
struct PreparedDocument {
  TextView views[internal::kViewKinds];
};

// The views some database or word table of `data` reads, by ViewKind.
std::array<bool, internal::kViewKinds> ViewsRead(const ProgramData& data) {
  std::array<bool, internal::kViewKinds> read{};
  for (const PatternDatabase& database : data.databases) read[static_cast<int>(database.view)] = true;
  for (const internal::WordTableUse& use : internal::WordTablesOf(data)) {
    read[static_cast<int>(use.view)] = true;
  }
  return read;
}

// Mirrors ScanState::ScanWindow (engine/runtime/scanner.cc).
void BuildViews(const ProgramData& data, const std::array<bool, internal::kViewKinds>& read,
                std::string_view text, PreparedDocument* out) {
  auto needs = [&read](ViewKind kind) { return read[static_cast<int>(kind)]; };
  auto view = [out](ViewKind kind) { return &out->views[static_cast<int>(kind)]; };
  const bool pairs = needs(ViewKind::kPairs);
  const bool skeleton = pairs || needs(ViewKind::kSkeleton) || needs(ViewKind::kMasked);
  if (skeleton || needs(ViewKind::kFolded)) internal::FoldText(text, view(ViewKind::kFolded));
  if (skeleton) internal::BuildSkeleton(*view(ViewKind::kFolded), view(ViewKind::kSkeleton));
  if (pairs) internal::BuildPairs(*view(ViewKind::kSkeleton), view(ViewKind::kPairs));
  if (needs(ViewKind::kMasked)) {
    internal::BuildMasked(*view(ViewKind::kFolded), *view(ViewKind::kSkeleton), view(ViewKind::kMasked));
  }
  if (needs(ViewKind::kWords)) {
    if (!skeleton && !needs(ViewKind::kFolded)) internal::FoldText(text, view(ViewKind::kFolded));
    internal::SqueezeToPaddedWords(*view(ViewKind::kFolded), view(ViewKind::kWords));
  }
  const bool exact_words = needs(ViewKind::kExactWords);
  if (exact_words || needs(ViewKind::kExact)) {
    internal::SanitizeText(text, view(ViewKind::kExact));
  }
  if (exact_words && data.ExactWordsMayMatch(view(ViewKind::kExact)->text)) {
    internal::SqueezeToPaddedWords(*view(ViewKind::kExact), view(ViewKind::kExactWords));
  }
}

class FloorMatcher : public Matcher {
 public:
  FloorMatcher(const ProgramData& data, const std::vector<PreparedDocument>& documents,
               const std::vector<std::uint32_t>& ids)
      : data_(data), documents_(documents), ids_(ids), tables_(internal::WordTablesOf(data)) {
    hs_scratch_t* scratch = nullptr;
    for (const PatternDatabase& database : data.databases) {
      if (!internal::AllocateScratch(database, &scratch)) {
        hs_free_scratch(scratch);
        throw std::runtime_error("hs_alloc_scratch failed");
      }
    }
    scratch_.reset(scratch);
  }

  void Match(std::size_t index, std::string_view, TermSet* terms) override {
    terms->clear();
    terms_ = terms;
    document_ = &documents_[index];
    for (const PatternDatabase& database : data_.databases) {
      const TextView& view = document_->views[static_cast<int>(database.view)];
      if (view.text.empty()) continue;
      database_ = &database;
      matches_.clear();
      if (internal::ScanPatternDatabase(database, view.text, scratch_.get(), &matches_, &ends_) !=
          HS_SUCCESS) {
        throw std::runtime_error("hs_scan failed");
      }
      for (const internal::ViewMatch& match : matches_) OnMatch(match.id, match.from, match.to);
    }
    const TextView* split = nullptr;
    for (const internal::WordTableUse& use : tables_) {
      const TextView& view = document_->views[static_cast<int>(use.view)];
      if (split != &view) {
        internal::SplitViewWords(view.text, &words_);
        split = &view;
      }
      found_.clear();
      internal::FindInWordTable(use, words_, &found_);
      for (const internal::ViewMatch& match : found_) {
        OnCandidate(use.table->patterns[match.id], use.view, match.from, match.to);
      }
    }
    Normalize(terms);
  }

 private:
  // A match of the current database (ScanPatternDatabase checked its id and offsets).
  void OnMatch(std::uint32_t id, std::size_t from, std::size_t to) {
    const internal::CompiledPattern& pattern = database_->patterns[id];
    const std::size_t begin = database_->literal ? to - pattern.literal_length : from;
    const ViewKind kind = database_->view;
    if (internal::IsSkeletonView(kind)) {
      OnCandidate(pattern, kind, begin, to);
      return;
    }
    const std::string_view text = document_->views[static_cast<int>(kind)].text;
    if (begin >= to) return;
    if ((pattern.start_boundary && !internal::IsWordBoundary(text, begin)) ||
        (pattern.end_boundary && !internal::IsWordBoundary(text, to))) {
      return;
    }
    AddTargets(pattern);
  }

  // A skeleton literal match: confirmed on the folded text for each target.
  void OnCandidate(const internal::CompiledPattern& pattern, ViewKind kind, std::size_t from,
                   std::size_t to) {
    const TextView& view = document_->views[static_cast<int>(kind)];
    // The padding spaces stand for word boundaries (one side or both).
    if (pattern.padded && from < to && view.text[from] == ' ') ++from;
    if (pattern.padded && from < to && view.text[to - 1] == ' ') --to;
    if (from >= to) return;
    const std::string_view folded = document_->views[static_cast<int>(ViewKind::kFolded)].text;
    const std::size_t begin = view.source_begin[from];
    const std::size_t end = view.source_end[to - 1];
    for (std::uint32_t i = 0; i < pattern.target_count; ++i) {
      const internal::PatternTarget& target = data_.targets[pattern.first_target + i];
      EvasionSet evasions;
      std::size_t hit_begin = begin, hit_end = end;
      if (target.phrase != internal::kNone &&
          !internal::ConfirmPhrase(data_.phrases[target.phrase], folded, &hit_begin, &hit_end,
                                   &confirm_, &evasions)) {
        continue;
      }
      terms_->push_back(ids_[target.term]);
    }
  }

  void AddTargets(const internal::CompiledPattern& pattern) {
    for (std::uint32_t i = 0; i < pattern.target_count; ++i) {
      terms_->push_back(ids_[data_.targets[pattern.first_target + i].term]);
    }
  }

  const ProgramData& data_;
  const std::vector<PreparedDocument>& documents_;
  const std::vector<std::uint32_t>& ids_;
  internal::HsScratch scratch_;
  internal::ConfirmScratch confirm_;
  const PreparedDocument* document_ = nullptr;
  const PatternDatabase* database_ = nullptr;
  TermSet* terms_ = nullptr;
  const std::vector<internal::WordTableUse> tables_;
  std::vector<internal::ViewMatch> found_;
  std::vector<internal::ViewMatch> matches_, ends_;  // a database's (ScanPatternDatabase)
  internal::ViewWords words_;
};

class FloorEngine : public Engine {
 public:
  explicit FloorEngine(std::shared_ptr<const Program> program)
      : program_(std::move(program)), ids_(TermIds(*program_)) {}
  void Prepare(const std::vector<std::string>& corpus) override {
    documents_.resize(corpus.size());
    const std::array<bool, internal::kViewKinds> read = ViewsRead(program_->data());
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      BuildViews(program_->data(), read, corpus[i], &documents_[i]);
    }
  }
  std::unique_ptr<Matcher> NewMatcher() const override {
    return std::make_unique<FloorMatcher>(program_->data(), documents_, ids_);
  }
  std::size_t program_bytes() const override { return DatabaseBytes(*program_); }

 private:
  std::shared_ptr<const Program> program_;
  std::vector<std::uint32_t> ids_;
  std::vector<PreparedDocument> documents_;
};

}  // namespace

std::unique_ptr<Engine> MakeRawHyperscanEngine(std::shared_ptr<const Program> program) {
  return std::make_unique<FloorEngine>(std::move(program));
}

namespace {

// Sum of `size_of` (an hs_*_size function) over the program's databases;
// a database it fails on (stream size of a block database) counts 0.
using SizeFunction = hs_error_t (*)(const hs_database_t*, std::size_t*);
std::size_t SumOfSizes(const Program& program, SizeFunction size_of) {
  std::size_t total = 0;
  for (const PatternDatabase& database : program.data().databases) {
    std::size_t size = 0;
    if (size_of(database.database.get(), &size) == HS_SUCCESS) total += size;
  }
  return total;
}

}  // namespace

std::size_t DatabaseBytes(const Program& program) { return SumOfSizes(program, hs_database_size); }

std::size_t StreamStateBytes(const Program& program) { return SumOfSizes(program, hs_stream_size); }

}  // namespace bylaw::bench
