// bylaw itself in the benchmark: end to end through the public API, and
// the floor, Hyperscan called directly on bylaw's own compiled databases.
#ifndef BYLAW_BENCH_PEERS_BYLAW_ENGINES_H_
#define BYLAW_BENCH_PEERS_BYLAW_ENGINES_H_

#include <memory>
#include <string>
#include <vector>

#include "bylaw/program.h"
#include "engine.h"

namespace bylaw::bench {

// bylaw end to end: each document is a one-field Document given to
// Scanner::Scan (fold, scan, evaluate, verdict; no output I/O). The matched
// terms are those of the verdict's spans, mapped back to term indices by
// their names (TermIndex); for the bundled packs, the program's own term
// indices.
std::unique_ptr<Engine> MakeBylawEngine(std::shared_ptr<const Program> program);

// The floor: hs_scan of every database of `program` over the views bylaw
// scans, folded beforehand (Prepare, untimed); per match only the word
// boundary check and the term lookup. No evaluation, no verdict.
std::unique_ptr<Engine> MakeRawHyperscanEngine(std::shared_ptr<const Program> program);

// For each term index of `program`, the benchmark's index of the term: the
// number in a generated pack's term name (TermIndex), else the program's own.
std::vector<std::uint32_t> TermIds(const Program& program);

// Sum of hs_database_size over the program's databases.
std::size_t DatabaseBytes(const Program& program);

// Bytes of Hyperscan stream state one open stream of `program` holds (sum of
// hs_stream_size), or 0 while its databases are block-mode only.
std::size_t StreamStateBytes(const Program& program);

}  // namespace bylaw::bench

#endif  // BYLAW_BENCH_PEERS_BYLAW_ENGINES_H_
