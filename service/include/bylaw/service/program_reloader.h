// Hot reload for workers. A ProgramReloader holds the program in force and,
// on request (SIGHUP) or when the rules change on disk, loads the new rules
// on a thread of its own, with the loader its owner supplies: a compiled
// program file (LoadCompiledProgram, run side), or a compile of a rules
// folder that a program linking the compile side passes in. On success it
// swaps the shared_ptr under a mutex: the pipeline takes the current program
// once per batch, so a batch is decided by one program from start to end,
// and no document is lost or scanned twice because of a reload. On failure
// it keeps the old program, logs every error, and tries again only on the
// next change or request. A compile is bounded by its own time limit
// (CompileLimits::compile_seconds); shutdown does not even wait for that.
#ifndef BYLAW_SERVICE_PROGRAM_RELOADER_H_
#define BYLAW_SERVICE_PROGRAM_RELOADER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <vector>

#include "bylaw/diagnostic.h"
#include "bylaw/program.h"

namespace bylaw::service {

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

// What one attempt to load the rules gave: a program, or the errors that
// kept it out (a compile's diagnostics, or why a program file was refused).
struct RulesLoad {
  std::shared_ptr<const Program> program;  // null after a failure
  std::vector<Diagnostic> diagnostics;     // every error and warning
  bool ok() const { return program != nullptr; }
};

// The program in the file `path` saved by `bylaw compile`; a file refused
// (damaged, foreign, unreadable) is one error diagnostic naming it.
RulesLoad LoadCompiledProgram(const std::filesystem::path& path);

// How a worker given `rules` (a rules directory, one pack file in it, or a
// compiled program file) notices a change: RulesFingerprint of a directory
// (of a pack's folder: any change in it), the identity of a file.
std::string RulesChangeFingerprint(const std::filesystem::path& rules);

// Thread-safe. The reloader's thread runs from construction to Stop() or
// destruction. A reload still loading then is abandoned, not waited for:
// its thread is detached, keeps only state it shares with no one else, and
// installs nothing, logs nothing and tells no listener once it returns.
class ProgramReloader {
 public:
  // Loads the rules; a std::exception it throws counts as a failed reload.
  using Loader = std::function<RulesLoad()>;
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
  // Ends the reloads at once: returns true if one was still loading and
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

}  // namespace bylaw::service

#endif  // BYLAW_SERVICE_PROGRAM_RELOADER_H_
