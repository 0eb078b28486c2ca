// One small RAII owner per Hyperscan C handle. No other file calls
// hs_free_database or hs_free_scratch.
#ifndef BYLAW_INTERNAL_HS_HANDLES_H_
#define BYLAW_INTERNAL_HS_HANDLES_H_

#include <hs/hs_runtime.h>

#include <memory>

namespace bylaw::internal {

struct HsDatabaseDeleter {
  void operator()(hs_database_t* database) const { hs_free_database(database); }
};
struct HsScratchDeleter {
  void operator()(hs_scratch_t* scratch) const { hs_free_scratch(scratch); }
};

// An immutable compiled database, shared by every scanner of a Program.
using HsDatabase = std::unique_ptr<hs_database_t, HsDatabaseDeleter>;
// Per-thread scratch space, sized for every database of one Program.
using HsScratch = std::unique_ptr<hs_scratch_t, HsScratchDeleter>;

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_HS_HANDLES_H_
