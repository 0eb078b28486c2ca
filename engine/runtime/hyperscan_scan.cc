// The block scan every bylaw scan goes through; see hyperscan_scan.h.
#include "hyperscan_scan.h"

#include <dlfcn.h>

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

}  // namespace bylaw::internal
