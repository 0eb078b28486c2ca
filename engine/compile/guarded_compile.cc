// Compile side: Hyperscan compiles under limits of time and memory, in a
// forked child process. See guarded_compile.h.
//
// The child compiles, then writes one answer to a pipe and _exits:
//   u8 outcome | i32 expression | u32 message size | message | u64 database size | database
// where the database is hs_serialize_database's output. The parent reads
// until end of file or the deadline, whichever comes first; a child that
// ends without a whole answer has crashed or was killed.
#include "guarded_compile.h"

#include <fcntl.h>
#include <hs/hs.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>

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

// The compile itself, in whichever process runs it.
GuardedCompileResult CompileHere(const HyperscanBatch& batch) {
  const std::size_t count = batch.expressions.size();
  if (count == 0) return Failed(CompileOutcome::kRejected, "no expressions to compile");
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
                                  lengths.data(), n, HS_MODE_BLOCK, nullptr, &database, &error);
  } else if (extended) {
    status = hs_compile_ext_multi(expressions.data(), batch.flags.data(), ids.data(),
                                  extension_pointers.data(), n, HS_MODE_BLOCK, nullptr, &database,
                                  &error);
  } else {
    status = hs_compile_multi(expressions.data(), batch.flags.data(), ids.data(), n,
                              HS_MODE_BLOCK, nullptr, &database, &error);
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

template <typename T>
void Append(std::string* out, T value) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(value));
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
    char* serialized = nullptr;
    std::size_t size = 0;
    if (result.outcome == CompileOutcome::kOk &&
        hs_serialize_database(result.database.get(), &serialized, &size) != HS_SUCCESS) {
      result = Failed(CompileOutcome::kOutOfMemory, "");
    }
    Append(&answer, static_cast<std::uint8_t>(result.outcome));
    Append(&answer, static_cast<std::int32_t>(result.expression));
    Append(&answer, static_cast<std::uint32_t>(result.message.size()));
    answer += result.message;
    Append(&answer, static_cast<std::uint64_t>(size));
    if (serialized != nullptr) answer.append(serialized, size);
    std::free(serialized);
  } catch (const std::bad_alloc&) {
    answer.clear();
    Append(&answer, static_cast<std::uint8_t>(CompileOutcome::kOutOfMemory));
    Append(&answer, std::int32_t{-1});
    Append(&answer, std::uint32_t{0});
    Append(&answer, std::uint64_t{0});
  }
  _exit(WriteAll(out, answer.data(), answer.size()) ? 0 : 1);
}

// Reads the child's answer until end of file. False if `deadline` passed
// first.
bool ReadUntilEnd(int fd, std::chrono::steady_clock::time_point deadline, std::string* answer) {
  char buffer[1 << 16];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd ready{fd, POLLIN, 0};
    const int polled = poll(&ready, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
    if (polled < 0 && errno != EINTR) return true;  // treated as a child without an answer
    if (polled <= 0) continue;
    const ssize_t got = read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return true;
    answer->append(buffer, static_cast<std::size_t>(got));
  }
}

// Takes a T from the front of `*in`; false if it is too short.
template <typename T>
bool Take(std::string_view* in, T* value) {
  if (in->size() < sizeof(T)) return false;
  std::memcpy(value, in->data(), sizeof(T));
  in->remove_prefix(sizeof(T));
  return true;
}

// The child's answer, or nullopt if it is incomplete or malformed.
std::optional<GuardedCompileResult> DecodeAnswer(std::string_view in) {
  std::uint8_t outcome = 0;
  std::int32_t expression = 0;
  std::uint32_t message_size = 0;
  std::uint64_t database_size = 0;
  if (!Take(&in, &outcome) || !Take(&in, &expression) || !Take(&in, &message_size) ||
      outcome > static_cast<std::uint8_t>(CompileOutcome::kFailed) || in.size() < message_size) {
    return std::nullopt;
  }
  GuardedCompileResult result;
  result.outcome = static_cast<CompileOutcome>(outcome);
  result.expression = expression;
  result.message.assign(in.substr(0, message_size));
  in.remove_prefix(message_size);
  if (!Take(&in, &database_size) || in.size() != database_size) return std::nullopt;
  if (result.outcome == CompileOutcome::kOk) {
    hs_database_t* database = nullptr;
    if (hs_deserialize_database(in.data(), in.size(), &database) != HS_SUCCESS) {
      return Failed(CompileOutcome::kFailed, "could not read back the compiled database");
    }
    result.database.reset(database);
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

GuardedCompileResult CompileInChild(const HyperscanBatch& batch, const CompileLimits& limits) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return Failed(CompileOutcome::kFailed, std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  const std::size_t mapped = MappedBytes();
  const bool representable = mapped > 0 && limits.hyperscan_memory_bytes < RLIM_INFINITY - mapped;
  const std::size_t memory_limit = representable ? mapped + limits.hyperscan_memory_bytes : 0;
  const auto start = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    return Failed(CompileOutcome::kFailed, std::string("cannot fork: ") + std::strerror(errno));
  }
  if (child == 0) {
    close(fds[0]);
    RunChild(batch, memory_limit, fds[1]);
  }
  close(fds[1]);
  const auto budget = std::chrono::duration<double>(std::max(0.0, limits.hyperscan_seconds));
  const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(budget);
  std::string answer;
  const bool finished = ReadUntilEnd(fds[0], deadline, &answer);
  close(fds[0]);
  if (!finished) kill(child, SIGKILL);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) {
    return Failed(CompileOutcome::kTimedOut,
                  "compiling takes longer than the time limit of " + Seconds(limits.hyperscan_seconds));
  }
  if (std::optional<GuardedCompileResult> result = DecodeAnswer(answer)) {
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

}  // namespace

GuardedCompileResult CompileGuarded(const HyperscanBatch& batch, const CompileLimits& limits) {
  if (!limits.isolate_hyperscan) return Explain(CompileHere(batch), limits);
  if (batch.expressions.empty()) return CompileHere(batch);
  return CompileInChild(batch, limits);
}

std::vector<FailingExpression> FindFailingExpressions(const HyperscanBatch& batch,
                                                      const CompileLimits& limits) {
  std::vector<FailingExpression> failing;
  HyperscanBatch one;
  one.literal = batch.literal;
  for (std::size_t i = 0; i < batch.expressions.size(); ++i) {
    one.expressions.assign(1, batch.expressions[i]);
    one.flags.assign(1, batch.flags[i]);
    if (i < batch.edit_distances.size()) one.edit_distances.assign(1, batch.edit_distances[i]);
    GuardedCompileResult result = CompileGuarded(one, limits);
    if (result.outcome != CompileOutcome::kOk) {
      failing.push_back(FailingExpression{i, std::move(result)});
    }
  }
  return failing;
}

}  // namespace bylaw::internal
