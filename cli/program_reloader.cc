// The hot-reload thread. See program_reloader.h.
#include "program_reloader.h"

#include <sys/stat.h>

#include <algorithm>
#include <vector>

#include <spdlog/spdlog.h>

#include "bylaw/diagnostic.h"
#include "bylaw/program_file.h"

namespace bylaw::cli {

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

CompileResult LoadRulesAgain(const std::filesystem::path& rules) {
  std::error_code error;
  if (std::filesystem::is_directory(rules, error)) return CompileDirectory(rules);
  const ProgramFileLoad load = LoadProgramFile(rules);
  CompileResult result;
  result.program = load.program;
  if (!load.ok()) {
    result.diagnostics.push_back(Diagnostic{DiagnosticLevel::kError, {rules.string(), 0, 0},
                                            load.error, ""});
  }
  return result;
}

std::string RulesChangeFingerprint(const std::filesystem::path& rules) {
  std::error_code error;
  if (std::filesystem::is_directory(rules, error)) return RulesFingerprint(rules);
  // A program file is replaced by a rename (SaveProgramFile): a new inode,
  // even when two saves land in the same clock tick with the same size.
  struct stat info {};
  if (::stat(rules.c_str(), &info) != 0) return "missing";
  return std::to_string(info.st_ino) + "\t" + std::to_string(info.st_size) + "\t" +
         std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
}

ProgramReloader::ProgramReloader(std::shared_ptr<const Program> initial, Loader load,
                                 Fingerprint fingerprint, ReloadOptions options,
                                 Listener on_attempt)
    : load_(std::move(load)),
      fingerprint_(std::move(fingerprint)),
      options_(options),
      on_attempt_(std::move(on_attempt)),
      program_(std::move(initial)) {
  // The rules as they are now, before the constructor returns: a change
  // made right after it is a change.
  thread_ = std::thread([this, seen = fingerprint_()] { Run(seen); });
}

ProgramReloader::~ProgramReloader() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

std::shared_ptr<const Program> ProgramReloader::current() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return program_;
}

void ProgramReloader::RequestReload() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    requested_ = true;
  }
  changed_.notify_all();
}

bool ProgramReloader::WaitForAttempts(std::uint64_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return attempts_.load() >= count; });
}

// Polls the fingerprint; a change counts once it has held for one poll, so
// that an editor's save in several steps compiles once, complete.
void ProgramReloader::Run(std::string seen) {
  std::string pending = seen;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    changed_.wait_for(lock, options_.poll, [this] { return stop_ || requested_; });
    if (stop_) break;
    bool reload = std::exchange(requested_, false);
    if (options_.request_flag != nullptr) reload |= options_.request_flag->exchange(false);
    lock.unlock();
    const std::string now = fingerprint_();
    if (now != seen && now == pending) {
      reload = true;
    }
    pending = now;
    if (reload) {
      seen = now;
      Reload();
    }
    lock.lock();
  }
}

void ProgramReloader::Reload() {
  spdlog::info("reloading the rules");
  CompileResult result;
  try {
    result = load_();
  } catch (const std::exception& error) {  // the environment failed: an unreadable file
    result.diagnostics.push_back(
        Diagnostic{DiagnosticLevel::kError, {}, error.what(), ""});
  }
  std::shared_ptr<const Program> installed;
  if (result.ok()) {
    installed = result.program;
    const std::lock_guard<std::mutex> lock(mutex_);
    if (program_->hash() == installed->hash()) {
      spdlog::info("rules unchanged ({})", installed->hash());
    } else {
      program_ = installed;
      swaps_.fetch_add(1);
      spdlog::warn("rules reloaded: {} ({} rules)", installed->hash(), installed->rules().size());
    }
  } else {
    failures_.fetch_add(1);
    std::string errors;
    for (const Diagnostic& diagnostic : result.diagnostics) {
      if (diagnostic.level != DiagnosticLevel::kWarning) errors += FormatDiagnostic(diagnostic);
    }
    spdlog::error("rules not reloaded; still enforcing {}:\n{}", current()->hash(), errors);
  }
  if (on_attempt_) on_attempt_(installed);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    attempts_.fetch_add(1);
  }
  changed_.notify_all();
}

}  // namespace bylaw::cli
