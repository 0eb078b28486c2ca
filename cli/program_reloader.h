// Hot reload for workers. A ProgramReloader holds the program in force and,
// on request (SIGHUP) or when the rules change on disk, compiles the new
// rules on a thread of its own. On success it swaps the shared_ptr under a
// mutex: the pipeline takes the current program once per batch, so a batch
// is decided by one program from start to end, and no document is lost or
// scanned twice because of a reload. On failure it keeps the old program,
// logs every error, and tries again only on the next change or request.
#ifndef BYLAW_CLI_PROGRAM_RELOADER_H_
#define BYLAW_CLI_PROGRAM_RELOADER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "bylaw/compiler.h"
#include "bylaw/program.h"

namespace bylaw::cli {

struct ReloadOptions {
  // How often the rules' fingerprint is compared, and requests looked for.
  std::chrono::milliseconds poll{500};
  // A flag a signal handler sets (SIGHUP); the reloader clears it and
  // reloads. May be null.
  std::atomic<bool>* request_flag = nullptr;
};

// Changes whenever a `*.yaml`/`*.yml` file below `dir` is added, removed,
// resized or rewritten: their paths, sizes and modification times.
std::string RulesFingerprint(const std::filesystem::path& dir);

// What a worker given `rules` (a rules directory, or a compiled program file
// from `bylaw compile`) reloads from, and how it notices a change.
CompileResult LoadRulesAgain(const std::filesystem::path& rules);
std::string RulesChangeFingerprint(const std::filesystem::path& rules);

// Thread-safe. The reloader's thread runs from construction to destruction.
class ProgramReloader {
 public:
  // Compiles the rules; a bylaw::Error it throws counts as a failed reload.
  using Loader = std::function<CompileResult()>;
  using Fingerprint = std::function<std::string()>;   // changes with the rules
  // Told of every attempt: the new program, or null after a failure.
  using Listener = std::function<void(const std::shared_ptr<const Program>&)>;

  ProgramReloader(std::shared_ptr<const Program> initial, Loader load, Fingerprint fingerprint,
                  ReloadOptions options = {}, Listener on_attempt = nullptr);
  ~ProgramReloader();
  ProgramReloader(const ProgramReloader&) = delete;
  ProgramReloader& operator=(const ProgramReloader&) = delete;

  // The program in force; never null.
  std::shared_ptr<const Program> current() const;
  // Reloads soon, changed or not.
  void RequestReload();

  std::uint64_t swaps() const { return swaps_.load(); }
  std::uint64_t failures() const { return failures_.load(); }
  std::uint64_t attempts() const { return attempts_.load(); }
  // Waits until `count` attempts have finished or `timeout` passed; true if
  // they have (for tests and orderly shutdown).
  bool WaitForAttempts(std::uint64_t count, std::chrono::milliseconds timeout) const;

 private:
  void Run(std::string seen);
  void Reload();

  Loader load_;
  Fingerprint fingerprint_;
  ReloadOptions options_;
  Listener on_attempt_;
  mutable std::mutex mutex_;  // guards program_ and the condition's state
  mutable std::condition_variable changed_;
  std::shared_ptr<const Program> program_;
  bool stop_ = false;
  bool requested_ = false;
  std::atomic<std::uint64_t> swaps_{0}, failures_{0}, attempts_{0};
  std::thread thread_;
};

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_PROGRAM_RELOADER_H_
