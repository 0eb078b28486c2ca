// Tests for service/program_reloader.cc: reloads on request, on a signal flag
// and on a change of the rules directory; the old program kept when the new
// rules do not compile; and, under load, every document decided exactly once
// and wholly by one program while the rules are reloaded again and again.
#include "bylaw/service/program_reloader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "bylaw/error.h"
#include "bylaw/program_file.h"
#include "cli_runner.h"
#include "test_rules.h"

namespace bylaw::service {
namespace {

constexpr auto kWait = std::chrono::seconds(20);

// The rules in one of three states: `remove`, `label` or broken.
std::string Pack(const std::string& action) {
  return test::FraudPack(action == "broken" ? "  - id: fraud.wire\n    when: wire and nope\n"
                                               : "  - id: fraud.wire\n    when: wire\n    action: " +
                                                     action + "\n");
}

class ProgramReloaderTest : public ::testing::Test {
 protected:
  ProgramReloaderTest() {
    test::WriteWholeFile(runner_.dir() / "rules/taxonomy.yaml", test::kTestTaxonomy);
    Write("remove");
  }
  void Write(const std::string& action) {
    test::WriteWholeFile(runner_.dir() / "rules/fraud.yaml", Pack(action));
  }
  std::shared_ptr<const Program> Compile() const { return Load().program; }
  RulesLoad Load() const {
    CompileResult compiled = CompileDirectory(runner_.dir() / "rules");
    return RulesLoad{compiled.program, compiled.diagnostics};
  }
  static Action ActionOf(const ProgramReloader& reloader) {
    return reloader.current()->rules()[0].action;
  }

  test::CliRunner runner_;
};

TEST_F(ProgramReloaderTest, SwapsOnRequestAndKeepsTheOldProgramWhenTheNewOneFails) {
  std::vector<bool> attempts;
  ProgramReloader reloader(
      Compile(), [this] { return Load(); }, [] { return std::string(); }, {},
      [&attempts](const std::shared_ptr<const Program>& program) { attempts.push_back(program != nullptr); });
  Write("label");
  reloader.RequestReload();
  ASSERT_TRUE(reloader.WaitForAttempts(1, kWait));
  EXPECT_EQ(ActionOf(reloader), Action::kLabel);
  Write("broken");
  reloader.RequestReload();
  ASSERT_TRUE(reloader.WaitForAttempts(2, kWait));
  EXPECT_EQ(ActionOf(reloader), Action::kLabel);  // still the last good program
  Write("label");
  reloader.RequestReload();  // the same rules as in force: no swap
  ASSERT_TRUE(reloader.WaitForAttempts(3, kWait));
  EXPECT_EQ(reloader.swaps(), 1u);
  EXPECT_EQ(reloader.failures(), 1u);
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_TRUE(attempts[0]);
  EXPECT_FALSE(attempts[1]);
}

TEST_F(ProgramReloaderTest, ReloadsWhenTheRulesDirectoryChanges) {
  const std::filesystem::path dir = runner_.dir() / "rules";
  ProgramReloader reloader(Compile(), [this] { return Load(); },
                           [dir] { return RulesFingerprint(dir); },
                           ReloadOptions{.poll = std::chrono::milliseconds(10)});
  Write("label");
  ASSERT_TRUE(reloader.WaitForAttempts(1, kWait));
  EXPECT_EQ(ActionOf(reloader), Action::kLabel);
  std::filesystem::remove(dir / "fraud.yaml");  // a removed pack is a change too
  ASSERT_TRUE(reloader.WaitForAttempts(2, kWait));
  EXPECT_EQ(reloader.current()->rules().size(), 0u);
}

TEST_F(ProgramReloaderTest, ReloadsACompiledProgramFileWhenItIsReplaced) {
  const std::filesystem::path file = runner_.dir() / "rules.bylaw";
  SaveProgramFile(*Compile(), file);
  ProgramReloader reloader(LoadCompiledProgram(file).program, [file] { return LoadCompiledProgram(file); },
                           [file] { return RulesChangeFingerprint(file); },
                           ReloadOptions{.poll = std::chrono::milliseconds(10)});
  EXPECT_EQ(ActionOf(reloader), Action::kRemove);
  Write("label");
  SaveProgramFile(*Compile(), file);
  ASSERT_TRUE(reloader.WaitForAttempts(1, kWait));
  EXPECT_EQ(ActionOf(reloader), Action::kLabel);
  test::WriteWholeFile(file, "not a program");
  ASSERT_TRUE(reloader.WaitForAttempts(2, kWait));
  EXPECT_EQ(reloader.failures(), 1u);
  EXPECT_EQ(ActionOf(reloader), Action::kLabel);
}

TEST_F(ProgramReloaderTest, ReloadsOnePackFileWhenItOrItsTaxonomyChanges) {
  const std::filesystem::path pack = runner_.dir() / "rules/fraud.yaml";
  const auto load = [pack] {
    CompileResult compiled = CompileDirectory(pack);
    return RulesLoad{compiled.program, compiled.diagnostics};
  };
  ProgramReloader reloader(load().program, load, [pack] { return RulesChangeFingerprint(pack); },
                           ReloadOptions{.poll = std::chrono::milliseconds(10)});
  ASSERT_NE(reloader.current(), nullptr);
  EXPECT_EQ(ActionOf(reloader), Action::kRemove);
  Write("label");
  ASSERT_TRUE(reloader.WaitForAttempts(1, kWait));
  EXPECT_EQ(ActionOf(reloader), Action::kLabel);
  test::WriteWholeFile(runner_.dir() / "rules/taxonomy.yaml", "categories: []\n");
  ASSERT_TRUE(reloader.WaitForAttempts(2, kWait));
  EXPECT_EQ(reloader.failures(), 1u);  // its category is gone from the taxonomy
}

TEST_F(ProgramReloaderTest, ALoaderThatThrowsIsAFailedReload) {
  ProgramReloader reloader(Compile(), []() -> RulesLoad { throw Error("disk on fire"); },
                           [] { return std::string(); });
  reloader.RequestReload();
  ASSERT_TRUE(reloader.WaitForAttempts(1, kWait));
  EXPECT_EQ(reloader.failures(), 1u);
  EXPECT_EQ(ActionOf(reloader), Action::kRemove);
}

TEST_F(ProgramReloaderTest, ASignalFlagRequestsAReload) {
  std::atomic<bool> flag{false};
  ProgramReloader reloader(Compile(), [this] { return Load(); }, [] { return std::string(); },
                           ReloadOptions{.poll = std::chrono::milliseconds(10), .request_flag = &flag});
  Write("label");
  flag.store(true);  // what a SIGHUP handler does
  ASSERT_TRUE(reloader.WaitForAttempts(1, kWait));
  EXPECT_FALSE(flag.load());
  EXPECT_EQ(ActionOf(reloader), Action::kLabel);
}

// A reload that never ends (a compile stuck past every limit) must not hold
// shutdown: Stop() returns while the loader is still inside, and the
// abandoned reload installs and reports nothing when it finally returns.
TEST_F(ProgramReloaderTest, StopAbandonsAReloadStillCompilingWithoutWaiting) {
  struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    bool entered = false;
    bool released = false;
    bool returned = false;
  };
  auto gate = std::make_shared<Gate>();
  const std::shared_ptr<const Program> initial = Compile();
  const RulesLoad other = [this] {
    Write("label");
    return Load();
  }();
  std::atomic<int> told{0};
  auto reloader = std::make_unique<ProgramReloader>(
      initial,
      [gate, other] {  // holds what it needs: it may outlive the test's frame
        std::unique_lock<std::mutex> lock(gate->mutex);
        gate->entered = true;
        gate->changed.notify_all();
        gate->changed.wait(lock, [&] { return gate->released; });
        gate->returned = true;
        gate->changed.notify_all();
        return other;
      },
      [] { return std::string(); }, ReloadOptions{},
      [&told](const std::shared_ptr<const Program>&) { told.fetch_add(1); });
  reloader->RequestReload();
  {
    std::unique_lock<std::mutex> lock(gate->mutex);
    gate->changed.wait(lock, [&] { return gate->entered; });
  }
  EXPECT_TRUE(reloader->Stop());  // returns with the loader still blocked
  EXPECT_FALSE(reloader->Stop());
  EXPECT_EQ(reloader->current(), initial);
  {
    const std::lock_guard<std::mutex> lock(gate->mutex);
    gate->released = true;
  }
  gate->changed.notify_all();
  {
    std::unique_lock<std::mutex> lock(gate->mutex);
    gate->changed.wait(lock, [&] { return gate->returned; });
  }
  EXPECT_EQ(reloader->current(), initial);
  reloader.reset();
  EXPECT_EQ(told.load(), 0);
}

// Two workers take batches of documents from one stream, each batch decided
// with the program current when it started, while the rules are rewritten
// and reloaded ten times (every third time broken).
TEST_F(ProgramReloaderTest, UnderLoadEveryDocumentIsDecidedOnceByOneProgram) {
  ProgramReloader reloader(Compile(), [this] { return Load(); }, [] { return std::string(); });
  constexpr std::size_t kMaxDocuments = 4'000'000, kBatch = 64;
  std::vector<std::atomic<std::uint8_t>> decided(kMaxDocuments);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> done{false}, mismatch{false};
  std::mutex hashes_mutex;
  std::set<std::string> hashes;
  auto worker = [&] {
    std::shared_ptr<const Program> program;
    std::unique_ptr<Scanner> scanner;
    std::set<std::string> used;
    while (!done.load()) {
      const std::size_t first = next.fetch_add(kBatch);
      if (first + kBatch > kMaxDocuments) break;
      if (reloader.current() != program) {  // once per batch, as the pipeline does
        program = reloader.current();
        scanner = std::make_unique<Scanner>(program);
        used.insert(std::string(program->hash()));
      }
      const Action expected = program->rules()[0].action;
      for (std::size_t id = first; id < first + kBatch; ++id) {
        const Document document = test::TextDocument("wire transfer " + std::to_string(id));
        if (scanner->Scan(document).decision != expected) mismatch.store(true);
        decided[id].fetch_add(1);
      }
    }
    const std::lock_guard<std::mutex> lock(hashes_mutex);
    hashes.insert(used.begin(), used.end());
  };
  std::thread first(worker), second(worker);
  for (int i = 1; i <= 10; ++i) {
    Write(i % 3 == 0 ? "broken" : i % 2 == 0 ? "remove" : "label");
    reloader.RequestReload();
    ASSERT_TRUE(reloader.WaitForAttempts(i, kWait));
    // A batch taken from here on is decided by the program this attempt
    // left, however long a busy machine keeps the workers waiting (else they
    // may never see a reload): wait for two more, or for the end.
    const std::size_t mark = next.load();
    while (next.load() < mark + 2 * kBatch && next.load() < kMaxDocuments) std::this_thread::yield();
  }
  done.store(true);
  first.join();
  second.join();
  const std::size_t taken = std::min(next.load(), kMaxDocuments);
  std::size_t once = 0;
  for (std::size_t id = 0; id < taken - taken % kBatch; ++id) once += decided[id].load() == 1;
  EXPECT_EQ(once, taken - taken % kBatch);
  EXPECT_FALSE(mismatch.load());
  EXPECT_EQ(reloader.failures(), 3u);
  EXPECT_EQ(reloader.swaps(), 4u);  // label, remove, label, remove; the rest were unchanged
  EXPECT_GE(hashes.size(), 2u) << "the workers never saw a reload";
}

}  // namespace
}  // namespace bylaw::service
