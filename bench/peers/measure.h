// Running one engine of the benchmark: in a forked child process, so that
// its peak memory is its own and a crash or an out-of-memory engine cannot
// take the run down. The child builds the engine, computes the matched
// terms of every document (handed back for the equality check), then times
// it on one and on two threads.
#ifndef BYLAW_BENCH_PEERS_MEASURE_H_
#define BYLAW_BENCH_PEERS_MEASURE_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cpu_time.h"
#include "engine.h"

namespace bylaw::bench {

struct Figures {
  std::string error;             // set when the engine failed; then no figure holds
  double build_seconds = 0;      // making the engine (compile) in the child
  std::size_t program_bytes = 0;
  double docs_per_second[2] = {0, 0};   // wall clock: one thread, two threads
  double bytes_per_second[2] = {0, 0};
  // Per core: one thread's documents and bytes per second of its own CPU
  // time (CLOCK_THREAD_CPUTIME_ID), which other processes on a busy machine
  // do not dilute.
  double docs_per_cpu_second = 0;
  double bytes_per_cpu_second = 0;
  double peak_mb = 0;            // peak resident memory the engine added (build and scan)
  std::map<std::string, double> extra;  // engine-specific figures, e.g. "load_s"
};

struct MeasureOptions {
  double seconds = 1.5;  // per timing (one per thread count)
  bool two_threads = true;
};

// Builds an engine in the child. May fill `extra` figures (seconds, bytes).
using EngineFactory = std::function<std::unique_ptr<Engine>(std::map<std::string, double>* extra)>;

// Runs `make` in a forked child over `corpus` and returns its figures.
// `*sets` receives the matched terms of every document (empty on error).
Figures Measure(const EngineFactory& make, const std::vector<std::string>& corpus,
                const MeasureOptions& options, std::vector<TermSet>* sets);

// Peak resident memory of this process so far (getrusage), in MB.
double PeakResidentMb();

// Runs `work` in a forked child; it returns figures by name. Used for the
// streaming workload. An exception in `work` becomes Figures::error.
Figures RunInChild(const std::function<std::map<std::string, double>()>& work);

}  // namespace bylaw::bench

#endif  // BYLAW_BENCH_PEERS_MEASURE_H_
