// A progress line for long runs (replay, diff) on stderr: documents done,
// documents per second and, when the input's size is known, a bar and the
// time left. Drawn only when stderr is a terminal; otherwise silent, so
// logs and pipes never see it.
#ifndef BYLAW_SERVICE_PROGRESS_H_
#define BYLAW_SERVICE_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace bylaw::service {

// True when stderr is a terminal.
bool StderrIsTerminal();

// Lines of `path` when it is a regular file and stderr a terminal (only then
// is a progress bar drawn): the `total` of a Progress counting
// Delivery::line. 0 otherwise.
std::uint64_t LinesForProgress(const std::string& path);

// One progress line, drawn at the first check and then redrawn in place at
// most every 200 ms. Not thread-safe.
class Progress {
 public:
  // `total` is the input's size in any unit (bytes, lines), 0 when unknown
  // (stdin). Draws on `stream` only when `enabled`.
  Progress(std::string label, std::uint64_t total, bool enabled = StderrIsTerminal(),
           std::FILE* stream = stderr);
  // Erases the line if one was drawn.
  ~Progress() { Clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Reports `documents` done after reading `done` of the input (the unit of
  // `total`). Cheap: looks at the clock once every 64 calls.
  void Update(std::uint64_t documents, std::uint64_t done);
  // Erases the line, if drawn, so that other output can follow; the next
  // Update draws it again.
  void Clear();

  // The line for these figures, e.g.
  // "replay [#######.............] 35%  12,000 docs  8,100 docs/s  ETA 0:04".
  static std::string Render(std::string_view label, std::uint64_t documents, std::uint64_t done,
                            std::uint64_t total, double seconds);

 private:
  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  std::FILE* stream_;
  bool drawn_ = false;
  std::uint64_t calls_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;  // epoch: the first check draws
};

}  // namespace bylaw::service

#endif  // BYLAW_SERVICE_PROGRESS_H_
