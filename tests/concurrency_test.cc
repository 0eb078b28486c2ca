// Several threads scan while the program is swapped under them, the way a
// worker hot-reloads its rules: the current program is held as a
// shared_ptr<const Program> behind a mutex, each thread keeps one Scanner and
// makes a new one when the program changes, and scans in flight finish on the
// program they started with. Run under ThreadSanitizer by
// scripts/sanitize.sh.
//
// Not std::atomic<std::shared_ptr>: libstdc++ 12 guards it with a lock bit
// that ThreadSanitizer cannot see (annotations came in GCC 13), so every swap
// would be reported as a race. Copying a shared_ptr under a mutex costs
// nanoseconds per document.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bylaw/scanner.h"
#include "test_rules.h"

namespace bylaw {
namespace {

constexpr int kThreads = 4;
constexpr int kVersions = 12;

// Version `v` of the rules flags documents that mention "word<v>", with
// rule id "v<v>". The versions are compiled before the threads start: the
// guarded compile forks, and the sanitizer runtimes of this toolchain (ASan
// before LLVM 17) do not make their allocator safe across a fork from a
// process whose other threads allocate. glibc's malloc is.
std::shared_ptr<const Program> CompileVersion(int version) {
  const std::string n = std::to_string(version);
  return test::MustCompile("category: dangerous-acts-and-challenges\n"
                              "terms:\n  word: [word" + n + ", { regex: 'word" + n + "x\\d+' }]\n"
                              "rules:\n  - { id: v" + n + ", when: word, action: remove }\n");
}

// The text every thread scans: it names every version, so that the rule
// that fires tells which program scanned it.
std::string TextNamingEveryVersion() {
  std::string text = "before";
  for (int v = 0; v < kVersions; ++v) text += " word" + std::to_string(v) + " and word" +
                                              std::to_string(v) + "x42,";
  return text;
}

// The program in force. Thread-safe.
class ProgramHolder {
 public:
  std::shared_ptr<const Program> load() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return program_;
  }
  // The old program is released by `program`, after the lock.
  void store(std::shared_ptr<const Program> program) {
    std::lock_guard<std::mutex> lock(mutex_);
    program_.swap(program);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Program> program_;
};

struct Shared {
  ProgramHolder current;
  std::atomic<int> version{0};
  std::atomic<int> threads_on_version{0};  // threads that scanned with `version`
  std::atomic<bool> stop{false};
  std::atomic<int> wrong_verdicts{0};
};

// True if `verdict` is what program version `version` or a later one
// decides: exactly one rule, v<n> with n >= version, every span on word<n>.
bool VerdictFits(const Verdict& verdict, int version, int* scanned_with) {
  const std::vector<std::string> rules = test::LiveRules(verdict);
  if (rules.size() != 1 || rules[0].size() < 2) return false;
  *scanned_with = std::stoi(rules[0].substr(1));
  if (*scanned_with < version || verdict.spans.empty()) return false;
  for (const MatchSpan& span : verdict.spans) {
    if (!verdict.TextOf(span).starts_with("word" + std::to_string(*scanned_with))) return false;
  }
  return true;
}

// One scanning thread; returns how many scanners it made.
int ScanUntilStopped(Shared* shared, const Document& document) {
  std::unique_ptr<Scanner> scanner;
  int scanners = 0;
  int counted_version = -1;
  while (!shared->stop.load()) {
    // The swapper stores the program before the version, so the program
    // read after the version is that version or a newer one.
    const int version = shared->version.load();
    std::shared_ptr<const Program> program = shared->current.load();
    if (!scanner || scanner->shared_program() != program) {
      scanner = std::make_unique<Scanner>(program);
      ++scanners;
    }
    int scanned_with = -1;
    if (!VerdictFits(scanner->Scan(document), version, &scanned_with)) ++shared->wrong_verdicts;
    if (scanned_with == version && counted_version != version) {
      counted_version = version;
      ++shared->threads_on_version;
    }
  }
  return scanners;
}

TEST(Concurrency, ThreadsScanWhileTheProgramIsSwappedUnderThem) {
  std::vector<std::shared_ptr<const Program>> versions;
  for (int v = 0; v < kVersions; ++v) versions.push_back(CompileVersion(v));
  for (const auto& program : versions) ASSERT_NE(program, nullptr);
  Shared shared;
  shared.current.store(versions[0]);
  const Document document = test::TextDocument(TextNamingEveryVersion());
  std::vector<int> scanners(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] { scanners[t] = ScanUntilStopped(&shared, document); });
  }
  for (int v = 1; v < kVersions; ++v) {
    // Every thread has scanned with the previous version before the swap.
    while (shared.threads_on_version.load() < kThreads) std::this_thread::yield();
    shared.threads_on_version.store(0);
    shared.current.store(versions[v]);
    versions[v - 1].reset();  // the threads hold the old program while they need it
    shared.version.store(v);
  }
  while (shared.threads_on_version.load() < kThreads) std::this_thread::yield();
  shared.stop.store(true);
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(shared.wrong_verdicts.load(), 0);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(scanners[t], kVersions) << "thread " << t << " must make one scanner per program";
  }
}

}  // namespace
}  // namespace bylaw
