// CPU-time measurement shared by the benchmarks: figures per core stay
// comparable on a busy machine, where wall time does not.
#ifndef BYLAW_BENCH_PEERS_CPU_TIME_H_
#define BYLAW_BENCH_PEERS_CPU_TIME_H_

#include <time.h>

#include <functional>

namespace bylaw::bench {

// This thread's CPU time (CLOCK_THREAD_CPUTIME_ID), in seconds.
inline double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// Runs `pass` until `seconds` of CPU time have gone (at least once); returns
// the CPU seconds per pass.
inline double CpuSecondsPerPass(double seconds, const std::function<void()>& pass) {
  const double start = ThreadCpuSeconds();
  int passes = 0;
  double elapsed = 0;
  while (passes == 0 || elapsed < seconds) {
    pass();
    ++passes;
    elapsed = ThreadCpuSeconds() - start;
  }
  return elapsed / passes;
}

}  // namespace bylaw::bench

#endif  // BYLAW_BENCH_PEERS_CPU_TIME_H_
