// The block scan every bylaw scan goes through; see hyperscan_scan.h.
#include "hyperscan_scan.h"

#include <dlfcn.h>

#include <algorithm>
#include <span>
#include <tuple>

namespace bylaw::internal {
namespace {

using ScanRoutine = hs_error_t (*)(const hs_database_t*, const char*, unsigned int, unsigned int,
                                   hs_scratch_t*, match_event_handler, void*);

struct Routine {
  ScanRoutine scan = &hs_scan;
  const char* name = "hs_scan";
};

Routine Choose() {
  Routine routine;
  if (!__builtin_cpu_supports("avx2")) return routine;
  // Looked up in the process: the program links libhs or libhs_runtime.
  if (void* avx2 = dlsym(RTLD_DEFAULT, "avx2_hs_scan")) {
    routine.scan = reinterpret_cast<ScanRoutine>(avx2);
    routine.name = "avx2_hs_scan";
  }
  return routine;
}

const Routine& Chosen() {
  static const Routine routine = Choose();
  return routine;
}

}  // namespace

hs_error_t HsScan(const hs_database_t* database, std::string_view data, hs_scratch_t* scratch,
                  match_event_handler on_match, void* context) {
  return Chosen().scan(database, data.data(), static_cast<unsigned int>(data.size()), 0, scratch,
                       on_match, context);
}

const char* HsScanRoutine() { return Chosen().name; }

bool AllocateScratch(const PatternDatabase& database, hs_scratch_t** scratch) {
  if (hs_alloc_scratch(database.database.get(), scratch) != HS_SUCCESS) return false;
  for (const HsDatabase& start : database.starts) {
    if (hs_alloc_scratch(start.get(), scratch) != HS_SUCCESS) return false;
  }
  return true;
}

namespace {

struct Recording {
  const PatternDatabase* database;
  std::string_view text;
  std::vector<ViewMatch>* out;
  std::uint32_t only = kNone;  // a start database's one pattern (id 0 there): its id here
  // A start scan of text.substr(offset): its offsets are moved by `offset`,
  // and only matches ending in (after, until] are kept.
  std::size_t offset = 0;
  std::size_t after = 0;
  std::size_t until = static_cast<std::size_t>(-1);
  std::size_t most = static_cast<std::size_t>(-1);  // matches `out` may hold
  // Start scans of a regex database read as written (not a skeleton view):
  // a match from the start of the one before it, which it grows, takes its
  // place (ScanState::DropGrownMatches drops the rest), so that a match
  // growing through a long text is one match, not one per end. From
  // `first` on, `out` holds this pattern's matches only.
  bool merge_grown = false;
  std::size_t first = 0;
  bool failed = false;
  bool over = false;  // it would have held more
};

int Record(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
           void* raw) {
  auto* recording = static_cast<Recording*>(raw);
  const PatternDatabase& database = *recording->database;
  if (recording->only != kNone) {
    id = id == 0 ? recording->only : kNone;
    from += recording->offset;
    to += recording->offset;
    if (to <= recording->after || to > recording->until) return 0;
  }
  if (id >= database.patterns.size() || from > to || to > recording->text.size() ||
      (database.literal && database.patterns[id].literal_length > to)) {
    return 0;
  }
  if (recording->merge_grown && recording->out->size() > recording->first &&
      recording->out->back().from == from) {
    ViewMatch& grown = recording->out->back();
    grown.to = std::max(grown.to, static_cast<std::uint32_t>(to));
    return 0;
  }
  if (recording->out->size() >= recording->most) {
    recording->over = true;
    return 1;
  }
  try {
    recording->out->push_back(
        ViewMatch{id, static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to)});
  } catch (...) {
    recording->failed = true;
    return 1;
  }
  return 0;
}

// Below this many bytes a start scan reads the whole text: cutting it
// would save little.
constexpr std::size_t kWholeStartScanBytes = 1024;
// Ends closer than this (beyond the reach) share one start scan.
constexpr std::size_t kStartScanGap = 256;

// A cut may follow this byte: an ASCII byte that is not a word character,
// which `\b` reads as the start of a text does.
bool CutsAfter(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x80 && !IsWordCodePoint(byte);
}

// The start scan of one regex (`start`, its database alone) whose finder
// reported `ends` (sorted by `to`, none past the text, as Record keeps
// them; every end of a real match is among them). A match ending at e starts at or after e - reach, so each cluster
// of ends is scanned from a cut at most `reach` before its first end, moved
// back to just after an ASCII non-word byte, where the regex (no `^`) reads
// as it does in the whole text; and up to 2 bytes past its last end, so that
// `\b` and `$` at a kept end see the bytes they see in the whole text.
// Only matches ending inside the cluster are kept, so no match is reported
// twice and none with a start the cut moved.
hs_error_t ScanStarts(const hs_database_t* start, std::uint32_t reach,
                      std::span<const ViewMatch> ends, hs_scratch_t* scratch,
                      Recording* recording) {
  const std::string_view text = recording->text;
  if (reach == kNone || text.size() < kWholeStartScanBytes) {
    recording->offset = 0;
    recording->after = 0;
    recording->until = text.size();
    return HsScan(start, text, scratch, &Record, recording);
  }
  std::size_t after = 0;  // ends up to here were in earlier clusters
  // text[walked_to, walked_from) has no byte a cut may follow but its first
  // (or walked_to is 0): a later walk that reaches it stops at walked_to,
  // so the walks of a long text read each byte once.
  std::size_t walked_from = 0, walked_to = 0;
  for (std::size_t i = 0; i < ends.size();) {
    const std::size_t first_end = ends[i].to;
    std::size_t last_end = first_end;
    for (++i; i < ends.size() && ends[i].to <= last_end + reach + kStartScanGap; ++i) {
      last_end = ends[i].to;
    }
    const std::size_t from = first_end > reach ? first_end - reach : 0;
    std::size_t cut = from;
    while (cut > 0 && !CutsAfter(text[cut - 1])) {
      if (cut > walked_to && cut <= walked_from) {
        cut = walked_to;
        break;
      }
      --cut;
    }
    walked_from = from;
    walked_to = cut;
    const std::size_t stop = std::min(text.size(), last_end + 2);
    recording->offset = cut;
    recording->after = after;
    recording->until = last_end;
    const hs_error_t status = HsScan(start, text.substr(cut, stop - cut), scratch, &Record, recording);
    if (recording->failed || status != HS_SUCCESS) return status;
    after = last_end;
  }
  return HS_SUCCESS;
}

}  // namespace

hs_error_t ScanPatternDatabase(const PatternDatabase& database, std::string_view text,
                               hs_scratch_t* scratch, std::vector<ViewMatch>* out,
                               std::vector<ViewMatch>* ends, std::size_t most) {
  const bool regex = !database.literal;
  if (regex) ends->clear();
  Recording recording{&database, text, regex ? ends : out};
  // The finder's ends are one per end of a growing match: they count
  // against four times `most`.
  recording.most = regex && most <= static_cast<std::size_t>(-1) / 4 ? 4 * most : most;
  hs_error_t status = HsScan(database.database.get(), text, scratch, &Record, &recording);
  if (recording.failed) return HS_NOMEM;
  if (recording.over) return HS_SCAN_TERMINATED;
  if (!regex || status != HS_SUCCESS || ends->empty()) return status;
  // Each pattern that matched, alone with its start of match: over the
  // whole text, or, in a long text, over the neighbourhood of its ends.
  std::sort(ends->begin(), ends->end(), [](const ViewMatch& a, const ViewMatch& b) {
    return std::tie(a.id, a.to) < std::tie(b.id, b.to);
  });
  const std::size_t first = out->size();
  recording.out = out;
  recording.most = most;
  recording.merge_grown = !IsSkeletonView(database.view);
  for (std::size_t i = 0; i < ends->size();) {
    const std::uint32_t id = (*ends)[i].id;
    std::size_t next = i + 1;
    while (next < ends->size() && (*ends)[next].id == id) ++next;
    if (id < database.starts.size()) {
      recording.only = id;
      recording.first = out->size();
      status = ScanStarts(database.starts[id].get(), database.patterns[id].start_reach,
                          std::span(ends->data() + i, next - i), scratch, &recording);
      if (recording.failed) return HS_NOMEM;
      if (recording.over) return HS_SCAN_TERMINATED;
      if (status != HS_SUCCESS) return status;
    }
    i = next;
  }
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(first), out->end(),
            [](const ViewMatch& a, const ViewMatch& b) {
              return std::tie(a.to, a.id, a.from) < std::tie(b.to, b.id, b.from);
            });
  return HS_SUCCESS;
}

}  // namespace bylaw::internal
