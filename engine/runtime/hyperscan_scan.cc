// The block scan every bylaw scan goes through; see hyperscan_scan.h.
#include "hyperscan_scan.h"

#include <dlfcn.h>

#include <algorithm>
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
  bool failed = false;
};

int Record(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
           void* raw) {
  auto* recording = static_cast<Recording*>(raw);
  const PatternDatabase& database = *recording->database;
  if (recording->only != kNone) id = id == 0 ? recording->only : kNone;
  if (id >= database.patterns.size() || from > to || to > recording->text.size() ||
      (database.literal && database.patterns[id].literal_length > to)) {
    return 0;
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

}  // namespace

hs_error_t ScanPatternDatabase(const PatternDatabase& database, std::string_view text,
                               hs_scratch_t* scratch, std::vector<ViewMatch>* out,
                               std::vector<ViewMatch>* ends) {
  const bool regex = !database.literal;
  if (regex) ends->clear();
  Recording recording{&database, text, regex ? ends : out};
  hs_error_t status = HsScan(database.database.get(), text, scratch, &Record, &recording);
  if (recording.failed) return HS_NOMEM;
  if (!regex || status != HS_SUCCESS || ends->empty()) return status;
  // Each pattern that matched, once, alone with its start of match.
  std::sort(ends->begin(), ends->end(),
            [](const ViewMatch& a, const ViewMatch& b) { return a.id < b.id; });
  const std::size_t first = out->size();
  recording.out = out;
  for (std::size_t i = 0; i < ends->size(); ++i) {
    const std::uint32_t id = (*ends)[i].id;
    if (i > 0 && id == (*ends)[i - 1].id) continue;
    if (id >= database.starts.size()) continue;
    recording.only = id;
    status = HsScan(database.starts[id].get(), text, scratch, &Record, &recording);
    if (recording.failed) return HS_NOMEM;
    if (status != HS_SUCCESS) return status;
  }
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(first), out->end(),
            [](const ViewMatch& a, const ViewMatch& b) {
              return std::tie(a.to, a.id, a.from) < std::tie(b.to, b.id, b.from);
            });
  return HS_SUCCESS;
}

}  // namespace bylaw::internal
