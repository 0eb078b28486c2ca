// The hot-reload thread. See program_reloader.h.
#include "bylaw/service/program_reloader.h"

#include <sys/stat.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <vector>

#include <spdlog/spdlog.h>

#include "bylaw/diagnostic.h"
#include "bylaw/program_file.h"

namespace bylaw::service {

std::string RulesFingerprint(const std::filesystem::path& dir) {
  std::vector<std::string> entries;
  std::error_code error;
  for (std::filesystem::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    const std::string extension = it->path().extension().string();
    if (extension != ".yaml" && extension != ".yml") continue;
    std::error_code stat_error;
    const auto size = it->file_size(stat_error);
    const auto time = it->last_write_time(stat_error).time_since_epoch().count();
    entries.push_back(it->path().string() + "\t" + std::to_string(size) + "\t" +
                      std::to_string(time) + "\t" + stat_error.message());
  }
  std::sort(entries.begin(), entries.end());
  std::string fingerprint = error ? "error: " + error.message() + "\n" : "";
  for (const std::string& entry : entries) fingerprint += entry + "\n";
  return fingerprint;
}

RulesLoad LoadCompiledProgram(const std::filesystem::path& path) {
  const ProgramFileLoad load = LoadProgramFile(path);
  RulesLoad result;
  result.program = load.program;
  if (!load.ok()) {
    result.diagnostics.push_back(Diagnostic{DiagnosticLevel::kError,
                                            DiagnosticCode::kUnreadableFile,
                                            {path.string(), 0, 0},
                                            load.error,
                                            ""});
  }
  return result;
}

std::string RulesChangeFingerprint(const std::filesystem::path& rules) {
  std::error_code error;
  if (std::filesystem::is_directory(rules, error)) return RulesFingerprint(rules);
  // A pack file is compiled with its folder's taxonomy and vocabularies.
  const std::string extension = rules.extension().string();
  if ((extension == ".yaml" || extension == ".yml") &&
      std::filesystem::is_regular_file(rules, error)) {
    return RulesFingerprint(rules.has_parent_path() ? rules.parent_path() : ".");
  }
  // A program file is replaced by a rename (SaveProgramFile): a new inode,
  // even when two saves land in the same clock tick with the same size.
  struct stat info {};
  if (::stat(rules.c_str(), &info) != 0) return "missing";
  return std::to_string(info.st_ino) + "\t" + std::to_string(info.st_size) + "\t" +
         std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
}

// Everything the reload thread touches. The loader and fingerprint are the
// thread's own; the listener is called only while `stop` is false, under
// `listener_mutex`, which Stop() takes once it has set `stop`.
struct ProgramReloader::State {
  Loader load;
  Fingerprint fingerprint;
  ReloadOptions options;
  Listener on_attempt;
  std::mutex mutex;  // guards program, stop, requested and loading
  std::condition_variable changed;
  std::shared_ptr<const Program> program;
  bool stop = false;
  bool requested = false;
  bool loading = false;  // inside load(): what Stop() abandons
  std::mutex listener_mutex;
  std::atomic<std::uint64_t> swaps{0}, failures{0}, attempts{0};
};

namespace {

using State = ProgramReloader::State;

bool Stopped(State& state) {
  const std::lock_guard<std::mutex> lock(state.mutex);
  return state.stop;
}

// Logs the outcome of one reload; `in_force` is the program now in force.
void LogReload(const RulesLoad& result, const std::shared_ptr<const Program>& in_force) {
  if (!result.ok()) {
    std::string errors;
    for (const Diagnostic& diagnostic : result.diagnostics) {
      if (diagnostic.level != DiagnosticLevel::kWarning) errors += FormatDiagnostic(diagnostic);
    }
    spdlog::error("rules not reloaded; still enforcing {}:\n{}", in_force->hash(), errors);
  } else if (in_force == result.program) {
    spdlog::warn("rules reloaded: {} ({} rules)", in_force->hash(), in_force->rules().size());
  } else {
    spdlog::info("rules unchanged ({})", in_force->hash());
  }
}

// Loads once and installs the result, unless the reloader stopped
// meanwhile. Returns false once stopped.
bool Reload(State& state) {
  spdlog::info("reloading the rules");
  RulesLoad result;
  try {
    result = state.load();
  } catch (const std::exception& error) {  // the environment failed: an unreadable file
    result.diagnostics.push_back(
        Diagnostic{DiagnosticLevel::kError, DiagnosticCode::kUnreadableFile, {}, error.what(), ""});
  }
  std::shared_ptr<const Program> in_force;
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.loading = false;
    if (state.stop) return false;  // abandoned: the reloader may be gone
    if (result.ok() && state.program->hash() != result.program->hash()) {
      state.program = result.program;
      state.swaps.fetch_add(1);
    }
    in_force = state.program;
  }
  LogReload(result, in_force);
  {
    const std::lock_guard<std::mutex> lock(state.listener_mutex);
    if (!result.ok()) state.failures.fetch_add(1);
    if (state.on_attempt && !Stopped(state)) state.on_attempt(result.program);
  }
  {
    const std::lock_guard<std::mutex> lock(state.mutex);
    state.attempts.fetch_add(1);
  }
  state.changed.notify_all();
  return true;
}

// Polls the fingerprint; a change counts once it has held for one poll, so
// that an editor's save in several steps compiles once, complete.
void Run(const std::shared_ptr<State>& shared, std::string seen) {
  State& state = *shared;
  std::string pending = seen;
  std::unique_lock<std::mutex> lock(state.mutex);
  while (!state.stop) {
    state.changed.wait_for(lock, state.options.poll, [&] { return state.stop || state.requested; });
    if (state.stop) break;
    bool reload = std::exchange(state.requested, false);
    if (state.options.request_flag != nullptr) reload |= state.options.request_flag->exchange(false);
    lock.unlock();
    const std::string now = state.fingerprint();
    reload |= now != seen && now == pending;
    pending = now;
    lock.lock();
    if (!reload || state.stop) continue;
    seen = now;
    state.loading = true;
    lock.unlock();
    if (!Reload(state)) return;
    lock.lock();
  }
}

}  // namespace

ProgramReloader::ProgramReloader(std::shared_ptr<const Program> initial, Loader load,
                                 Fingerprint fingerprint, ReloadOptions options,
                                 Listener on_attempt)
    : state_(std::make_shared<State>()) {
  state_->load = std::move(load);
  state_->fingerprint = std::move(fingerprint);
  state_->options = options;
  state_->on_attempt = std::move(on_attempt);
  state_->program = std::move(initial);
  // The rules as they are now, before the constructor returns: a change
  // made right after it is a change. The thread holds the state too.
  thread_ = std::thread(Run, state_, state_->fingerprint());
}

ProgramReloader::~ProgramReloader() { Stop(); }

bool ProgramReloader::Stop() {
  if (!thread_.joinable()) return false;
  bool abandoned = false;
  {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stop = true;
    abandoned = state_->loading;
  }
  state_->changed.notify_all();
  // A listener call in progress finishes; none starts after this.
  { const std::lock_guard<std::mutex> lock(state_->listener_mutex); }
  if (abandoned) {
    spdlog::warn("a reload still loading is abandoned");
    thread_.detach();
  } else {
    thread_.join();
  }
  return abandoned;
}

std::shared_ptr<const Program> ProgramReloader::current() const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->program;
}

void ProgramReloader::RequestReload() {
  {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    state_->requested = true;
  }
  state_->changed.notify_all();
}

std::uint64_t ProgramReloader::swaps() const { return state_->swaps.load(); }
std::uint64_t ProgramReloader::failures() const { return state_->failures.load(); }
std::uint64_t ProgramReloader::attempts() const { return state_->attempts.load(); }

bool ProgramReloader::WaitForAttempts(std::uint64_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return state_->attempts.load() >= count; });
}

}  // namespace bylaw::service
