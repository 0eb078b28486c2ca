// Every Hyperscan block scan of bylaw goes through HsScan, and every
// database is compiled for this CPU without AVX-512 features
// (CompilePlatform in compile/guarded_compile.cc).
//
// Why: the AVX-512 scan code of Vectorscan 5.4.9 (Debian's libvectorscan5)
// misses matches: a database of one pattern of a literal byte and a class
// (`q[0-9]`, `\([1-9]\)`) leaves unreported about half the placements of its
// match from the 64th byte of a text on (12,078 of 22,862 in the scanner
// test FindsARegexMatchAtEveryOffset); its AVX2 code finds every one. A
// fat-runtime Hyperscan exports each CPU's scan routine by name, so on a CPU with AVX2, HsScan calls
// `avx2_hs_scan` itself instead of letting hs_scan pick the AVX-512 one,
// and databases are compiled without AVX-512 features so that the AVX2
// routine accepts them. Where the library exports no such routine (a build
// for one CPU) or the CPU has no AVX2, HsScan is hs_scan.
#ifndef BYLAW_INTERNAL_HYPERSCAN_SCAN_H_
#define BYLAW_INTERNAL_HYPERSCAN_SCAN_H_

#include <hs/hs_runtime.h>

#include <string_view>
#include <vector>

#include "program_data.h"
#include "skeleton.h"

namespace bylaw::internal {

hs_error_t HsScan(const hs_database_t* database, std::string_view data, hs_scratch_t* scratch,
                  match_event_handler on_match, void* context);

// The routine HsScan calls: "avx2_hs_scan" or "hs_scan".
const char* HsScanRoutine();

// Grows *scratch (allocated when null) for `database` and its start
// databases. False when Hyperscan cannot.
bool AllocateScratch(const PatternDatabase& database, hs_scratch_t** scratch);

// Appends to *out every match of `database` on `text`, as Hyperscan reports
// it: the pattern's id and the bytes [from, to) of `text` (a literal
// database reports no start: its matches begin literal_length before `to`).
// A regex database's own scan only finds which patterns match; each of
// those is scanned again alone, with its start (PatternDatabase::starts),
// and the matches are put in order of their ends; in a regex database not
// of a skeleton view, a pattern's match from the same start as its match
// before grows that one instead of being added. A match whose id or
// offsets are out of range is dropped. `ends` is scratch; after a
// successful scan of a regex database it holds where the finder saw matches
// end, sorted by pattern id, then end. Returns HS_NOMEM
// when a match could not be recorded, HS_SCAN_TERMINATED when `out` or
// `ends` would hold more than `most` matches (the scan stops there), else
// what Hyperscan returned.
hs_error_t ScanPatternDatabase(const PatternDatabase& database, std::string_view text,
                               hs_scratch_t* scratch, std::vector<ViewMatch>* out,
                               std::vector<ViewMatch>* ends,
                               std::size_t most = static_cast<std::size_t>(-1));

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_HYPERSCAN_SCAN_H_
