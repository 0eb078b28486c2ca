// Compile side: Hyperscan compiles under limits of time and memory, in a
// child process started afresh. See guarded_compile.h.
//
// The child is the program CompileLimits::compile_child names (by default
// the installed bylaw-compile-child; see bylaw/compile_child.h), started
// afresh with BYLAW_HYPERSCAN_COMPILE_CHILD set. RunCompileChild reads its
// batch on fd 3 (byte_codec.h's layout; a string is a u64 length, then its bytes),
//   u8 literal + 2 * separately | u64 memory budget | u32 count |
//   count x (u32 flags | u32 edit distance | expression)
// compiles, then writes one answer on fd 4 and _exits:
//   u8 outcome | i32 expression | message | u32 count | count x database |
//   u32 count | count x u32 max width
// where a database is hs_serialize_database's output: one, or with
// `separately` one per expression (each with its max width), or none when
// the compile failed. The parent reads
// until end of file or the deadline, whichever comes first; a child that
// ends without a whole answer has crashed or was killed.
//
// Why not fork and compile in the child: a fork copies only the calling
// thread, and a lock another thread held at that moment (the allocator's,
// under ASan before LLVM 17) stays locked in the child for ever. A process
// that starts afresh has no such lock, whatever its parent's threads do.
#include "guarded_compile.h"

#include "byte_codec.h"
#include "hyperscan_scan.h"

#include "bylaw/compile_child.h"
#include "bylaw/error.h"

#include <fcntl.h>
#include <hs/hs.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>

extern char** environ;

namespace bylaw::internal {
namespace {

// Hyperscan's answer when its allocator failed (hs_enomem).
constexpr std::string_view kHyperscanOutOfMemory = "Unable to allocate memory";

GuardedCompileResult Failed(CompileOutcome outcome, std::string message) {
  GuardedCompileResult result;
  result.outcome = outcome;
  result.message = std::move(message);
  return result;
}

// This CPU without AVX-512: databases that the AVX2 scan routine accepts,
// which HsScan calls on such a CPU (hyperscan_scan.h).
const hs_platform_info_t* CompilePlatform() {
  static const hs_platform_info_t platform = [] {
    hs_platform_info_t host{};
    if (hs_populate_platform(&host) != HS_SUCCESS) host = {};
    host.cpu_features &= ~static_cast<unsigned long long>(HS_CPU_FEATURES_AVX512 |
                                                          HS_CPU_FEATURES_AVX512VBMI);
    return host;
  }();
  return &platform;
}

// The most bytes a match of the one expression of `one` (which compiled)
// spans; UINT32_MAX when unbounded, unknown, or approximate.
std::uint32_t MaxWidth(const HyperscanBatch& one) {
  constexpr std::uint32_t kUnbounded = UINT32_MAX;
  if (one.literal) return static_cast<std::uint32_t>(one.expressions.front().size());
  if (!one.edit_distances.empty() && one.edit_distances.front() > 0) return kUnbounded;
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  const unsigned flags = one.flags.front() & ~static_cast<unsigned>(HS_FLAG_SOM_LEFTMOST);
  if (hs_expression_info(one.expressions.front().c_str(), flags, &info, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return kUnbounded;
  }
  const std::uint32_t width = info->max_width;  // UINT_MAX when unbounded
  std::free(info);
  return width;
}

// The compile itself, in whichever process runs it.
GuardedCompileResult CompileHere(const HyperscanBatch& batch) {
  const std::size_t count = batch.expressions.size();
  if (count == 0) return Failed(CompileOutcome::kRejected, "no expressions to compile");
  if (batch.separately) {
    GuardedCompileResult all;
    for (std::size_t i = 0; i < count; ++i) {
      HyperscanBatch one;
      one.literal = batch.literal;
      one.expressions = {batch.expressions[i]};
      one.flags = {batch.flags[i]};
      if (!batch.edit_distances.empty()) one.edit_distances = {batch.edit_distances[i]};
      GuardedCompileResult alone = CompileHere(one);
      if (alone.outcome != CompileOutcome::kOk) {
        alone.expression = static_cast<int>(i);
        return alone;
      }
      all.databases.push_back(std::move(alone.database));
      all.max_widths.push_back(MaxWidth(one));
    }
    all.outcome = CompileOutcome::kOk;
    return all;
  }
  std::vector<const char*> expressions;
  std::vector<std::size_t> lengths;
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < count; ++i) {
    expressions.push_back(batch.expressions[i].c_str());
    lengths.push_back(batch.expressions[i].size());
    ids.push_back(static_cast<unsigned>(i));
  }
  // Approximate matching (fuzzy phrases) goes through the extended API.
  std::vector<hs_expr_ext_t> extensions(batch.edit_distances.size());
  std::vector<const hs_expr_ext_t*> extension_pointers;
  for (std::size_t i = 0; i < extensions.size(); ++i) {
    if (batch.edit_distances[i] > 0) {
      extensions[i].flags = HS_EXT_FLAG_EDIT_DISTANCE;
      extensions[i].edit_distance = batch.edit_distances[i];
    }
    extension_pointers.push_back(&extensions[i]);
  }
  const bool extended = std::any_of(batch.edit_distances.begin(), batch.edit_distances.end(),
                                    [](unsigned distance) { return distance > 0; });
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  const auto n = static_cast<unsigned>(count);
  hs_error_t status;
  if (batch.literal) {
    status = hs_compile_lit_multi(expressions.data(), batch.flags.data(), ids.data(),
                                  lengths.data(), n, HS_MODE_BLOCK, CompilePlatform(), &database,
                                  &error);
  } else if (extended) {
    status = hs_compile_ext_multi(expressions.data(), batch.flags.data(), ids.data(),
                                  extension_pointers.data(), n, HS_MODE_BLOCK, CompilePlatform(),
                                  &database, &error);
  } else {
    status = hs_compile_multi(expressions.data(), batch.flags.data(), ids.data(), n,
                              HS_MODE_BLOCK, CompilePlatform(), &database, &error);
  }
  GuardedCompileResult result;
  if (status == HS_SUCCESS) {
    result.outcome = CompileOutcome::kOk;
    result.database.reset(database);
    return result;
  }
  result.message = error != nullptr ? error->message : "unknown error";
  result.expression = error != nullptr ? error->expression : -1;
  result.outcome = result.message.starts_with(kHyperscanOutOfMemory) ? CompileOutcome::kOutOfMemory
                                                                     : CompileOutcome::kRejected;
  hs_free_compile_error(error);
  return result;
}

// Bytes this process maps now (VmSize), or 0 if unknown. Sanitizer
// runtimes reserve terabytes up front, so the budget is counted on top.
std::size_t MappedBytes() {
  const int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[64] = {};
  const ssize_t got = read(fd, text, sizeof(text) - 1);
  close(fd);
  return got > 0 ? std::strtoull(text, nullptr, 10) * static_cast<std::size_t>(sysconf(_SC_PAGESIZE))
                 : 0;
}

bool WriteAll(int fd, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = write(fd, bytes, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

// Marks a process started by StartChild; the descriptors it reads its batch
// on and writes its answer to.
constexpr char kChildVariable[] = "BYLAW_HYPERSCAN_COMPILE_CHILD";
constexpr int kBatchFd = 3;
constexpr int kAnswerFd = 4;

// The batch as the child reads it (byte_codec.h): literal or not, the memory
// budget, then each expression's flags, edit distance and text.
std::string EncodeBatch(const HyperscanBatch& batch, std::size_t memory_budget) {
  std::string out;
  ByteWriter writer(&out);
  writer.Put<std::uint8_t>(static_cast<std::uint8_t>(batch.literal | batch.separately << 1));
  writer.Put<std::uint64_t>(memory_budget);
  writer.Put<std::uint32_t>(static_cast<std::uint32_t>(batch.expressions.size()));
  for (std::size_t i = 0; i < batch.expressions.size(); ++i) {
    writer.Put<std::uint32_t>(batch.flags[i]);
    writer.Put<std::uint32_t>(batch.edit_distances.empty() ? 0 : batch.edit_distances[i]);
    writer.PutString(batch.expressions[i]);
  }
  return out;
}

bool DecodeBatch(std::string_view in, HyperscanBatch* batch, std::uint64_t* memory_budget) {
  ByteReader reader(in);
  std::uint8_t kind = 0;
  std::uint32_t count = 0;
  if (!reader.Take(&kind) || !reader.Take(memory_budget) || !reader.Take(&count) || kind > 3) {
    return false;
  }
  batch->literal = (kind & 1) != 0;
  batch->separately = (kind & 2) != 0;
  bool approximate = false;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t flags = 0;
    std::uint32_t distance = 0;
    std::string_view expression;
    if (!reader.Take(&flags) || !reader.Take(&distance) || !reader.TakeString(&expression)) {
      return false;
    }
    batch->flags.push_back(flags);
    batch->edit_distances.push_back(distance);
    approximate = approximate || distance > 0;
    batch->expressions.emplace_back(expression);
  }
  if (!approximate) batch->edit_distances.clear();
  return reader.empty();
}

// The child's answer: outcome, expression, message, serialized databases.
std::string EncodeAnswer(const GuardedCompileResult& result, const std::vector<std::string>& databases) {
  std::string answer;
  ByteWriter writer(&answer);
  writer.Put<std::uint8_t>(static_cast<std::uint8_t>(result.outcome));
  writer.Put<std::int32_t>(result.expression);
  writer.PutString(result.message);
  writer.Put<std::uint32_t>(static_cast<std::uint32_t>(databases.size()));
  for (const std::string& database : databases) writer.PutString(database);
  const bool widths = !databases.empty() && result.max_widths.size() == databases.size();
  writer.Put<std::uint32_t>(widths ? static_cast<std::uint32_t>(databases.size()) : 0);
  if (widths) {
    for (const std::uint32_t width : result.max_widths) writer.Put<std::uint32_t>(width);
  }
  return answer;
}

// hs_serialize_database's bytes of `database`, or nullopt if it failed.
std::optional<std::string> Serialized(const hs_database_t* database) {
  char* bytes = nullptr;
  std::size_t size = 0;
  if (hs_serialize_database(database, &bytes, &size) != HS_SUCCESS) return std::nullopt;
  std::string out(bytes, size);
  std::free(bytes);
  return out;
}

// Where the answer goes if scanning a database aborts the child (ProbeScans).
int probe_answer_fd = -1;
const std::string* probe_abort_answer = nullptr;

extern "C" void OnProbeAbort(int) {
  if (probe_abort_answer != nullptr) {
    WriteAll(probe_answer_fd, probe_abort_answer->data(), probe_abort_answer->size());
  }
  _exit(0);
}

int IgnoreProbeMatch(unsigned, unsigned long long, unsigned long long, unsigned, void*) { return 0; }

// Scans a text of 1 KiB once with each database the child compiled, before
// the parent gets it. Some Hyperscan releases abort the process on every scan
// of more than 255 bytes with some databases, whatever the text holds
// (vectorscan 5.4.9: the reverse double-byte acceleration of a regex's
// start, e.g. `\ba{3,}\b` or `.*ab` with HS_FLAG_SOM_LEFTMOST, formats its
// whole range into a 255-byte buffer). Such a database must never reach a
// scanner: the child answers kFailed instead, naming the expression when
// they were compiled separately, and the compiler then finds and rejects
// the culprit as it does for a compile that crashed. The acceleration reads
// back from at most 255 bytes before the end (its offset is one byte), so
// 1 KiB always gives it a range past its buffer. (Fuzzing 2,621 regexes
// against texts of every kind from 16 bytes to 64 KiB found no other
// condition: each abort came at every length from 255 to 264 bytes up, or
// from the regex's minimum width, whatever the text; the library's only
// runtime snprintf is that one, reached before any byte is read.)
void ProbeScans(const HyperscanBatch& batch, const std::vector<HsDatabase>& databases, int out) {
  static const std::string text(1024, 'x');
  std::string version = hs_version();
  while (!version.empty() && version.back() == ' ') version.pop_back();
  const std::string why =
      "the installed Hyperscan (" + version +
      ") aborts the process when it scans a text of more than 255 bytes with it, a bug of its "
      "reverse acceleration; bounding its repeats (`{3,40}` for `{3,}`, `+` or `*`) or dropping "
      "a `\\b` after one avoids it";
  // glibc's report of the abort would reach the user's terminal: the
  // diagnostic says it better. Standard error is the child's own.
  const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) {
    dup2(null, STDERR_FILENO);
    close(null);
  }
  probe_answer_fd = out;
  struct sigaction action = {};
  action.sa_handler = OnProbeAbort;
  sigaction(SIGABRT, &action, nullptr);
  for (std::size_t i = 0; i < databases.size(); ++i) {
    GuardedCompileResult aborted = Failed(CompileOutcome::kFailed, why);
    if (batch.separately) aborted.expression = static_cast<int>(i);
    const std::string answer = EncodeAnswer(aborted, {});
    probe_abort_answer = &answer;
    hs_scratch_t* raw = nullptr;
    const bool allocated = hs_alloc_scratch(databases[i].get(), &raw) == HS_SUCCESS;
    const HsScratch scratch(raw);
    // Through the scanner's own routine (hyperscan_scan.h), not hs_scan's pick.
    if (allocated) HsScan(databases[i].get(), text, scratch.get(), IgnoreProbeMatch, nullptr);
    probe_abort_answer = nullptr;
  }
  // An abort from here on is a crash like any other, not the probe's.
  action.sa_handler = SIG_DFL;
  sigaction(SIGABRT, &action, nullptr);
}

// Runs in the child: limits itself, compiles, answers. Never returns.
// `memory_limit`: the address-space limit to set (0: none).
[[noreturn]] void RunChild(const HyperscanBatch& batch, std::size_t memory_limit, int out) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a parent that gave up
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  if (memory_limit > 0) {
    const rlimit memory{memory_limit, memory_limit};
    setrlimit(RLIMIT_AS, &memory);
  }
  std::string answer;
  try {
    GuardedCompileResult result = CompileHere(batch);
    std::vector<std::string> serialized;
    if (result.outcome == CompileOutcome::kOk) {
      if (!batch.separately) result.databases.push_back(std::move(result.database));
      ProbeScans(batch, result.databases, out);
      for (const HsDatabase& database : result.databases) {
        std::optional<std::string> bytes = Serialized(database.get());
        if (!bytes) {
          result = Failed(CompileOutcome::kOutOfMemory, "");
          serialized.clear();
          break;
        }
        serialized.push_back(std::move(*bytes));
      }
    }
    answer = EncodeAnswer(result, serialized);
  } catch (const std::bad_alloc&) {
    answer = EncodeAnswer(Failed(CompileOutcome::kOutOfMemory, ""), {});
  }
  _exit(WriteAll(out, answer.data(), answer.size()) ? 0 : 1);
}

// The whole of what `fd` delivers until end of file; false on a read error.
bool ReadAll(int fd, std::string* out) {
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) return true;
    out->append(buffer, static_cast<std::size_t>(got));
  }
}

// The compile child's main: reads its batch, limits itself to what this
// fresh process maps plus the budget, compiles and answers. Never returns.
[[noreturn]] void RunSpawnedChild() {
  std::string input;
  HyperscanBatch batch;
  std::uint64_t budget = 0;
  if (!ReadAll(kBatchFd, &input) || !DecodeBatch(input, &batch, &budget)) _exit(3);
  close(kBatchFd);
  input = std::string();
  const std::size_t mapped = MappedBytes();
  const bool representable = mapped > 0 && budget < RLIM_INFINITY - mapped;
  RunChild(batch, representable ? mapped + budget : 0, kAnswerFd);
}

// Reads what the child has written so far into `answer`. True once the
// child has closed its end (or the pipe failed: an answer it cannot finish).
bool ReadSome(int fd, std::string* answer) {
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && errno == EAGAIN) return false;
    if (got <= 0) return true;
    answer->append(buffer, static_cast<std::size_t>(got));
    if (static_cast<std::size_t>(got) < sizeof(buffer)) return false;
  }
}

// The child's answer to `batch`, or nullopt if it is incomplete or
// malformed.
std::optional<GuardedCompileResult> DecodeAnswer(std::string_view in, const HyperscanBatch& batch) {
  ByteReader reader(in);
  std::uint8_t outcome = 0;
  std::int32_t expression = 0;
  std::uint32_t count = 0;
  std::string_view message;
  if (!reader.Take(&outcome) || !reader.Take(&expression) || !reader.TakeString(&message) ||
      !reader.Take(&count) || outcome > static_cast<std::uint8_t>(CompileOutcome::kFailed)) {
    return std::nullopt;
  }
  std::vector<std::string_view> databases(count > reader.rest().size() / 8 ? 0 : count);
  for (std::string_view& bytes : databases) {
    if (!reader.TakeString(&bytes)) return std::nullopt;
  }
  GuardedCompileResult result;
  std::uint32_t width_count = 0;
  if (!reader.Take(&width_count) || (width_count != 0 && width_count != count)) return std::nullopt;
  result.max_widths.resize(width_count > reader.rest().size() / 4 ? 0 : width_count);
  for (std::uint32_t& width : result.max_widths) {
    if (!reader.Take(&width)) return std::nullopt;
  }
  result.outcome = static_cast<CompileOutcome>(outcome);
  const std::size_t wanted =
      result.outcome != CompileOutcome::kOk ? 0 : batch.separately ? batch.expressions.size() : 1;
  if (!reader.empty() || databases.size() != count || count != wanted ||
      result.max_widths.size() != width_count) {
    return std::nullopt;
  }
  result.expression = expression;
  result.message.assign(message);
  for (const std::string_view bytes : databases) {
    hs_database_t* database = nullptr;
    if (hs_deserialize_database(bytes.data(), bytes.size(), &database) != HS_SUCCESS) {
      return Failed(CompileOutcome::kFailed, "could not read back the compiled database");
    }
    result.databases.emplace_back(database);
  }
  if (!batch.separately && !result.databases.empty()) {
    result.database = std::move(result.databases.front());
    result.databases.clear();
  }
  return result;
}

std::string Seconds(double seconds) {
  std::string text = std::to_string(seconds);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text + " s";
}

std::string Mebibytes(std::size_t bytes) {
  return std::to_string((bytes + (std::size_t{1} << 20) - 1) >> 20) + " MiB";
}

// Turns a compile that the limits stopped into its message.
GuardedCompileResult Explain(GuardedCompileResult result, const CompileLimits& limits) {
  if (result.outcome == CompileOutcome::kOutOfMemory) {
    result.message = "compiling needs more than the memory limit of " +
                     Mebibytes(limits.hyperscan_memory_bytes);
  }
  return result;
}

using Clock = std::chrono::steady_clock;

// A compile running in a child process, as the parent sees it.
struct ChildCompile {
  std::size_t index = 0;  // of its batch
  pid_t pid = -1;
  int fd = -1;  // the read end of the child's answer pipe, non-blocking
  bool out_of_time = false;    // the child used more processor time than its limit
  std::string answer;
};

// Processor seconds (user and system) the child `pid` has used so far, from
// /proc/PID/stat; 0 when it cannot be read (the child is gone).
double ProcessorSeconds(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buffer[1024];
  const ssize_t got = read(fd, buffer, sizeof buffer - 1);
  close(fd);
  if (got <= 0) return 0;
  buffer[got] = '\0';
  // The command name (field 2) is in parentheses and may hold anything: the
  // fields after its last ')' are state, ppid, ... utime (14), stime (15).
  const char* rest = std::strrchr(buffer, ')');
  if (rest == nullptr) return 0;
  unsigned long long ticks[2] = {0, 0};
  int field = 2;
  for (const char* at = rest + 1; *at != '\0' && field < 15; ++at) {
    if (*at != ' ') continue;
    ++field;
    if (field == 14 || field == 15) ticks[field - 14] = std::strtoull(at + 1, nullptr, 10);
  }
  static const long per_second = sysconf(_SC_CLK_TCK);
  return per_second > 0 ? static_cast<double>(ticks[0] + ticks[1]) / static_cast<double>(per_second) : 0;
}

// `start` plus `seconds`; no limit (time_point::max()) for an infinite or
// huge number.
Clock::time_point After(Clock::time_point start, double seconds) {
  const double left = std::chrono::duration<double>(Clock::time_point::max() - start).count();
  if (!(std::max(0.0, seconds) < left)) return Clock::time_point::max();
  return start + std::chrono::duration_cast<Clock::duration>(
                     std::chrono::duration<double>(std::max(0.0, seconds)));
}

// The answer for a batch the whole compile's deadline stopped, or did not
// let start.
GuardedCompileResult PastDeadline(const CompileLimits& limits) {
  return Failed(CompileOutcome::kPastDeadline, "the compile ran past its time limit of " +
                                                   Seconds(limits.compile_seconds) + " in all");
}

// A copy of `fd` numbered above the descriptors the child is given (so
// that placing one cannot overwrite the other), close-on-exec; -1 on failure.
int DupAboveChildFds(int fd) {
  const int copy = fcntl(fd, F_DUPFD_CLOEXEC, kAnswerFd + 1);
  close(fd);
  return copy;
}

// Sends all of `data` on socket `fd`. MSG_NOSIGNAL: a child that died
// before reading its batch must not kill this process with SIGPIPE.
bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t sent = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

// Under AddressSanitizer, the child's ASAN_OPTIONS with allocations that
// fail returning null: ASan's own allocator otherwise reports and dies when
// the child reaches its memory limit (and under RLIMIT_AS may hang doing
// so), where Hyperscan would answer "out of memory". Empty otherwise.
#if defined(__SANITIZE_ADDRESS__)
#define BYLAW_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BYLAW_ADDRESS_SANITIZER 1
#endif
#endif
std::string ChildSanitizerOptions() {
#ifdef BYLAW_ADDRESS_SANITIZER
  const char* options = std::getenv("ASAN_OPTIONS");
  return std::string("ASAN_OPTIONS=") + (options != nullptr ? options : "") +
         ":allocator_may_return_null=1";
#else
  return "";
#endif
}

// The compile child's executable: the one `limits` names, else the
// environment's, else the installed one, else (a program run from the
// build tree, before any install) the one built beside the library.
std::string ChildProgram(const CompileLimits& limits) {
  if (!limits.compile_child.empty()) return limits.compile_child;
  const char* named = std::getenv(kCompileChildVariable);
  if (named != nullptr && *named != '\0') return named;
  if (access(kDefaultCompileChild, X_OK) != 0 && access(BYLAW_BUILT_COMPILE_CHILD, X_OK) == 0) {
    return BYLAW_BUILT_COMPILE_CHILD;
  }
  return kDefaultCompileChild;
}

// What to say when the compile child `program` cannot be started (errno
// `error`).
std::string CannotStart(const std::string& program, int error) {
  return "cannot start the compile child `" + program + "`: " + std::strerror(error) +
         " (name bylaw-compile-child in CompileLimits::compile_child or " +
         kCompileChildVariable + ", or compile in this process)";
}

// Throws bylaw::Error when the compile child cannot be run at all: a fault
// of the installation, not of any pattern, said once.
void RequireChildProgram(const CompileLimits& limits) {
  const std::string program = ChildProgram(limits);
  if (access(program.c_str(), X_OK) != 0) throw Error(CannotStart(program, errno), /*lasting=*/true);
}

// Starts the child that compiles `batch` (see the top of the file). nullopt when it runs; otherwise why it
// could not start.
std::optional<GuardedCompileResult> StartChild(const HyperscanBatch& batch, const CompileLimits& limits,
                                               ChildCompile* running) {
  int batch_fds[2];  // a socket, so that sending cannot raise SIGPIPE
  int answer_fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, batch_fds) != 0) {
    return Failed(CompileOutcome::kFailed, std::string("cannot create a socket: ") + std::strerror(errno));
  }
  if (pipe2(answer_fds, O_CLOEXEC) != 0) {
    close(batch_fds[0]);
    close(batch_fds[1]);
    return Failed(CompileOutcome::kFailed, std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  const int batch_out = DupAboveChildFds(batch_fds[1]);
  const int answer_in = DupAboveChildFds(answer_fds[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, batch_out, kBatchFd);
  posix_spawn_file_actions_adddup2(&actions, answer_in, kAnswerFd);
  std::vector<char*> environment;
  std::string sanitizer = ChildSanitizerOptions();
  for (char** variable = environ; *variable != nullptr; ++variable) {
    if (sanitizer.empty() || !std::string_view(*variable).starts_with("ASAN_OPTIONS=")) {
      environment.push_back(*variable);
    }
  }
  if (!sanitizer.empty()) environment.push_back(sanitizer.data());
  std::string marker = std::string(kChildVariable) + "=1";
  environment.push_back(marker.data());
  environment.push_back(nullptr);
  std::string name = "bylaw-hyperscan-compile";
  char* arguments[] = {name.data(), nullptr};
  const std::string program = ChildProgram(limits);
  pid_t child = -1;
  const int spawned = (batch_out < 0 || answer_in < 0)
                          ? EMFILE
                          : posix_spawn(&child, program.c_str(), &actions, nullptr, arguments,
                                        environment.data());
  posix_spawn_file_actions_destroy(&actions);
  for (const int fd : {batch_out, answer_in}) {
    if (fd >= 0) close(fd);
  }
  if (spawned != 0) {
    close(batch_fds[0]);
    close(answer_fds[0]);
    return Failed(CompileOutcome::kFailed, CannotStart(program, spawned));
  }
  // A child that ends early is reaped as one without an answer.
  SendAll(batch_fds[0], EncodeBatch(batch, limits.hyperscan_memory_bytes));
  close(batch_fds[0]);
  fcntl(answer_fds[0], F_SETFL, O_NONBLOCK);
  running->pid = child;
  running->fd = answer_fds[0];
  return std::nullopt;
}

// Waits for the child to end (killing it first unless it `answered`: closed
// its pipe before its deadline) and decodes its answer.
GuardedCompileResult Reap(ChildCompile* running, const HyperscanBatch& batch, bool answered,
                          const CompileLimits& limits) {
  close(running->fd);
  if (!answered) kill(running->pid, SIGKILL);
  int status = 0;
  while (waitpid(running->pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!answered && !running->out_of_time) return PastDeadline(limits);
  if (!answered) {
    return Failed(CompileOutcome::kTimedOut,
                  "compiling takes longer than the time limit of " + Seconds(limits.hyperscan_seconds));
  }
  if (std::optional<GuardedCompileResult> result = DecodeAnswer(running->answer, batch)) {
    return Explain(std::move(*result), limits);
  }
  // No whole answer. An allocation that failed under RLIMIT_AS may end the
  // child this way too (sanitizer runtimes abort instead of throwing).
  const std::string how = WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                              : "exit status " + std::to_string(WEXITSTATUS(status));
  return Failed(CompileOutcome::kFailed, "the compiler process ended with " + how +
                                             " (crashed, or ran past the memory limit of " +
                                             Mebibytes(limits.hyperscan_memory_bytes) + ")");
}

// Milliseconds until the whole compile is due, at most a tenth of a second:
// the children's processor time is looked at that often.
int PollTimeout(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 100));
}

// Compiles the batches `order` names, in that order, each in its own child,
// `at_once` children at a time.
void CompileInChildren(const std::vector<const HyperscanBatch*>& batches,
                       const std::vector<std::size_t>& order, std::size_t at_once,
                       const CompileLimits& limits, Clock::time_point deadline,
                       std::vector<GuardedCompileResult>* results) {
  std::vector<ChildCompile> running;
  std::size_t next = 0;
  while (next < order.size() || !running.empty()) {
    while (running.size() < at_once && next < order.size()) {
      ChildCompile child;
      child.index = order[next++];
      if (Clock::now() >= deadline) {
        (*results)[child.index] = PastDeadline(limits);
      } else if (auto failed = StartChild(*batches[child.index], limits, &child)) {
        (*results)[child.index] = std::move(*failed);
      } else {
        running.push_back(std::move(child));
      }
    }
    if (running.empty()) continue;
    std::vector<pollfd> ready;
    for (const ChildCompile& child : running) ready.push_back(pollfd{child.fd, POLLIN, 0});
    const int polled = poll(ready.data(), ready.size(), PollTimeout(deadline));
    if (polled < 0 && errno == EINTR) continue;
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t i = running.size(); i-- > 0;) {
      // A failed poll reads as children without an answer.
      const bool ended = polled < 0 || (ready[i].revents != 0 && ReadSome(running[i].fd, &running[i].answer));
      // The limit is on processor time, not on the clock: a compile that
      // waits for a core on a busy machine is not a slow compile.
      if (!ended && ProcessorSeconds(running[i].pid) > limits.hyperscan_seconds) {
        running[i].out_of_time = true;
      }
      if (!ended && !running[i].out_of_time && now < deadline) continue;
      (*results)[running[i].index] = Reap(&running[i], *batches[running[i].index], ended, limits);
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
}

// Compiles the batches `order` names in this process, on `at_once` threads.
// A compile started in time is not stopped: only a child process can be.
void CompileInThreads(const std::vector<const HyperscanBatch*>& batches,
                      const std::vector<std::size_t>& order, std::size_t at_once,
                      const CompileLimits& limits, Clock::time_point deadline,
                      std::vector<GuardedCompileResult>* results) {
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::exception_ptr thrown;
  auto work = [&] {
    for (std::size_t i; (i = next++) < order.size();) {
      try {
        (*results)[order[i]] = Clock::now() >= deadline
                                   ? PastDeadline(limits)
                                   : Explain(CompileHere(*batches[order[i]]), limits);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (!thrown) thrown = std::current_exception();
      }
    }
  };
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < at_once; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no thread to be had: this one does the rest
    }
  }
  work();
  for (std::thread& helper : helpers) helper.join();
  if (thrown) std::rethrow_exception(thrown);
}

// How many compiles run at once: limits.hyperscan_threads, or one per core.
std::size_t AtOnce(const CompileLimits& limits, std::size_t batches) {
  const std::size_t wanted =
      limits.hyperscan_threads > 0 ? limits.hyperscan_threads : std::thread::hardware_concurrency();
  return std::clamp<std::size_t>(wanted, 1, std::max<std::size_t>(batches, 1));
}

// The weight that orders compiles, largest first: the bytes to compile.
std::size_t Weight(const HyperscanBatch& batch) {
  std::size_t bytes = 0;
  for (const std::string& expression : batch.expressions) bytes += expression.size() + 1;
  return bytes;
}

}  // namespace
}  // namespace bylaw::internal

namespace bylaw {

const char* const kDefaultCompileChild = BYLAW_DEFAULT_COMPILE_CHILD;

bool IsCompileChild() { return std::getenv(internal::kChildVariable) != nullptr; }

void RunCompileChild() { internal::RunSpawnedChild(); }

}  // namespace bylaw

namespace bylaw::internal {

CompileDeadline DeadlineIn(double seconds) { return After(Clock::now(), seconds); }

GuardedCompileResult CompileGuarded(const HyperscanBatch& batch, const CompileLimits& limits,
                                    Clock::time_point deadline) {
  return std::move(CompileGuardedAll({&batch}, limits, deadline).front());
}

std::vector<GuardedCompileResult> CompileGuardedAll(const std::vector<const HyperscanBatch*>& batches,
                                                    const CompileLimits& limits,
                                                    Clock::time_point deadline) {
  std::vector<GuardedCompileResult> results(batches.size());
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < batches.size(); ++i) {
    // An empty batch needs no child: Hyperscan refuses it at once.
    if (batches[i]->expressions.empty()) {
      results[i] = CompileHere(*batches[i]);
    } else {
      order.push_back(i);
    }
  }
  std::vector<std::size_t> weights(batches.size());
  for (std::size_t i : order) weights[i] = Weight(*batches[i]);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return weights[a] > weights[b]; });
  const std::size_t at_once = AtOnce(limits, order.size());
  if (limits.isolate_hyperscan) {
    if (!order.empty()) RequireChildProgram(limits);
    CompileInChildren(batches, order, at_once, limits, deadline, &results);
  } else {
    CompileInThreads(batches, order, at_once, limits, deadline, &results);
  }
  return results;
}

std::vector<FailingExpression> FindFailingExpressions(const HyperscanBatch& batch,
                                                      const CompileLimits& limits,
                                                      Clock::time_point deadline) {
  std::vector<HyperscanBatch> alone(batch.expressions.size());
  std::vector<const HyperscanBatch*> pointers;
  for (std::size_t i = 0; i < batch.expressions.size(); ++i) {
    alone[i].literal = batch.literal;
    alone[i].expressions.assign(1, batch.expressions[i]);
    alone[i].flags.assign(1, batch.flags[i]);
    if (i < batch.edit_distances.size()) alone[i].edit_distances.assign(1, batch.edit_distances[i]);
    pointers.push_back(&alone[i]);
  }
  std::vector<GuardedCompileResult> results = CompileGuardedAll(pointers, limits, deadline);
  std::vector<FailingExpression> failing;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].outcome != CompileOutcome::kOk) {
      failing.push_back(FailingExpression{i, std::move(results[i])});
    }
  }
  return failing;
}

}  // namespace bylaw::internal
