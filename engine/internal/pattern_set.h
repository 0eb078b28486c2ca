// Lowers every pattern of every pack to Hyperscan expressions, deduplicated,
// and builds as few databases as their kinds need: literals through
// hs_compile_lit_multi (word boundaries checked after the match), regexes
// through hs_compile_multi; each on the folded view, or the exact view for
// case_sensitive patterns. Compile side only.
#ifndef BYLAW_INTERNAL_PATTERN_SET_H_
#define BYLAW_INTERNAL_PATTERN_SET_H_

#include <map>
#include <string>
#include <vector>

#include "diagnostic_sink.h"
#include "program_data.h"
#include "rule_set.h"

namespace bylaw::internal {

class PatternSet {
 public:
  // Adds `spec` as evidence for `term`, counted only in `field_set` (kNone:
  // any field). An invalid pattern is reported to `sink` and left out.
  void Add(const PatternSpec& spec, std::uint32_t term, std::uint32_t field_set,
           DiagnosticSink* sink);

  // Compiles the databases into data->databases and data->targets. A pattern
  // Hyperscan rejects is reported at its own YAML line and left out.
  void Build(ProgramData* data, DiagnosticSink* sink);

  std::size_t unique_count() const { return entries_.size(); }

 private:
  struct Entry {
    ViewKind view = ViewKind::kFolded;
    bool literal = false;
    bool whole_words = false;
    std::string expression;
    unsigned flags = 0;
    std::vector<PatternTarget> targets;
    std::vector<SourceLocation> sources;  // every pattern that lowered to this entry
    bool rejected = false;
  };
  void Insert(Entry entry, std::uint32_t term, std::uint32_t field_set, const SourceLocation& at);
  bool BuildDatabase(ViewKind view, bool literal, ProgramData* data, DiagnosticSink* sink);

  std::vector<Entry> entries_;
  std::map<std::string, std::size_t> index_;  // dedup key -> entry
};

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_PATTERN_SET_H_
