// Hot reload for workers. A ProgramReloader holds the program in force and,
// on request (SIGHUP) or when the rules change on disk, compiles the new
// rules on a thread of its own. On success it swaps the shared_ptr under a
// mutex: the pipeline takes the current program once per batch, so a batch
// is decided by one program from start to end, and no document is lost or
// scanned twice because of a reload. On failure it keeps the old program,
// logs every error, and tries again only on the next change or request.
// A reload is bounded by the compile's own time limit
// (CompileLimits::compile_seconds); shutdown does not even wait for that.
#ifndef BYLAW_CLI_PROGRAM_RELOADER_H_
#define BYLAW_CLI_PROGRAM_RELOADER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
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

// What a worker given `rules` (a rules directory, one pack file in it, or a
// compiled program file from `bylaw compile`) reloads from, and how it
// notices a change (for a pack, any change in its folder).
CompileResult LoadRulesAgain(const std::filesystem::path& rules,
                             const CompileOptions& options = {});
std::string RulesChangeFingerprint(const std::filesystem::path& rules);

// Thread-safe. The reloader's thread runs from construction to Stop() or
// destruction. A reload still compiling then is abandoned, not waited for:
// its thread is detached, keeps only state it shares with no one else, and
// installs nothing, logs nothing and tells no listener once it returns.
class ProgramReloader {
 public:
  // Compiles the rules; a bylaw::Error it throws counts as a failed reload.
  using Loader = std::function<CompileResult()>;
  using Fingerprint = std::function<std::string()>;   // changes with the rules
  // Told of every attempt: the new program, or null after a failure. Never
  // called once Stop() has returned.
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
  // Ends the reloads at once: returns true if one was still compiling and
  // was abandoned (its thread ends by itself when the compile does; a
  // process about to exit should _Exit rather than run static destructors
  // under it). Later calls return false.
  bool Stop();

  std::uint64_t swaps() const;
  std::uint64_t failures() const;
  std::uint64_t attempts() const;
  // Waits until `count` attempts have finished or `timeout` passed; true if
  // they have (for tests and orderly shutdown).
  bool WaitForAttempts(std::uint64_t count, std::chrono::milliseconds timeout) const;

  // Opaque: what the reloader shares with its thread, which may outlive it.
  struct State;

 private:
  std::shared_ptr<State> state_;
  std::thread thread_;
};

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_PROGRAM_RELOADER_H_
