// Test support for the Redis adapters and the worker: a real redis-server on
// a free loopback port in a temporary directory, child processes (the
// `bylaw` binary) with their output in files, and small stream helpers.
#ifndef BYLAW_TESTS_REDIS_TEST_SUPPORT_H_
#define BYLAW_TESTS_REDIS_TEST_SUPPORT_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bylaw/error.h"
#include "redis_connection.h"

extern char** environ;

namespace bylaw::test {

namespace fs = std::filesystem;

// A fresh directory under the test temp dir, removed by its owner.
inline fs::path MakeTempDir(const std::string& prefix) {
  std::string pattern = (fs::path(::testing::TempDir()) / (prefix + ".XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw Error("mkdtemp failed");
  return pattern;
}

inline std::string ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A port nobody listens on right now (the kernel's choice for port 0).
inline int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    throw Error("cannot find a free port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

// A child process with stdout and stderr in files. Killed if still running
// when destroyed.
class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  // Starts `args` (args[0] is the program's path); output goes to
  // `output_prefix`.out and .err. With `blocked`, the child starts with
  // those signals blocked (held pending until it unblocks them).
  void Start(const std::vector<std::string>& args, const fs::path& output_prefix,
             const sigset_t* blocked = nullptr) {
    out_ = output_prefix.string() + ".out";
    err_ = output_prefix.string() + ".err";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> argv;
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    if (blocked != nullptr) {
      posix_spawnattr_setsigmask(&attributes, blocked);
      posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
    }
    const int error = posix_spawn(&pid_, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw Error("cannot start " + args[0] + ": " + std::strerror(error));
  }

  void Signal(int signal) const {
    if (pid_ > 0) kill(pid_, signal);
  }

  // Waits for the exit and returns its status (128 + signal when killed).
  // A process still running after `limit` is killed: a safety net against
  // a hung test, not a measure of speed.
  int Wait(std::chrono::seconds limit = std::chrono::seconds(120)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "child " << pid_ << " still running after " << limit.count()
                      << " s; killed\n" << ReadWholeFile(err_);
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  bool running() const { return pid_ > 0; }
  std::string out() const { return ReadWholeFile(out_); }
  std::string err() const { return ReadWholeFile(err_); }

 private:
  pid_t pid_ = -1;
  std::string out_;
  std::string err_;
};

// A redis-server of its own, on a free loopback port, in a temporary
// directory. Without persistence unless asked (--appendonly yes), for tests
// that restart it.
class RedisTestServer {
 public:
  static constexpr char kBinary[] = BYLAW_REDIS_SERVER;

  static bool Available() { return access(kBinary, X_OK) == 0; }

  explicit RedisTestServer(bool persistent = false)
      : dir_(MakeTempDir("bylaw_redis")), persistent_(persistent) {
    port_ = FreeLoopbackPort();
    Start();
  }
  ~RedisTestServer() {
    Stop();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // Stops it gracefully (SIGTERM: the append-only file is flushed).
  void Stop() {
    if (!process_.running()) return;
    process_.Signal(SIGTERM);
    process_.Wait();
  }
  // Starts it again on the same port, from the same directory.
  void Start() {
    process_.Start({kBinary, "--port", std::to_string(port_), "--bind", "127.0.0.1",
                    "--dir", dir_.string(), "--save", "", "--appendonly",
                    persistent_ ? "yes" : "no", "--logfile", (dir_ / "redis.log").string()},
                   dir_ / "server");
    for (int attempt = 0; attempt < 1000; ++attempt) {
      try {
        internal::RedisConnection connection = Connect();
        const internal::RedisReply reply = connection.Command({"PING"});
        if (!reply.IsError()) return;  // not LOADING
      } catch (const Error&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw Error("redis-server did not start: " + ReadWholeFile(dir_ / "redis.log"));
  }

  int port() const { return port_; }
  const fs::path& dir() const { return dir_; }
  // "redis://127.0.0.1:PORT/STREAM" plus "?QUERY" when given.
  std::string Uri(const std::string& stream, const std::string& query = "") const {
    return "redis://127.0.0.1:" + std::to_string(port_) + "/" + stream +
           (query.empty() ? "" : "?" + query);
  }
  internal::RedisConnection Connect() const {
    internal::RedisEndpoint endpoint;
    endpoint.port = port_;
    internal::RedisConnection connection(endpoint);
    connection.Connect();
    return connection;
  }

 private:
  fs::path dir_;
  bool persistent_;
  int port_ = 0;
  ChildProcess process_;
};

#define BYLAW_REQUIRE_REDIS_SERVER()                                                   \
  do {                                                                                 \
    if (!::bylaw::test::RedisTestServer::Available()) {                             \
      GTEST_SKIP() << ::bylaw::test::RedisTestServer::kBinary                       \
                   << " is missing (scripts/setup.sh installs redis-server)";          \
    }                                                                                  \
  } while (false)

// Adds `count` entries to `stream`, pipelined; entry i gets the fields
// made by `fields(i)` (name, value, name, value, ...).
template <typename Fields>
void AddEntries(internal::RedisConnection& connection, const std::string& stream, int count,
                Fields fields) {
  constexpr int kChunk = 1000;
  for (int first = 0; first < count; first += kChunk) {
    const int last = std::min(count, first + kChunk);
    for (int i = first; i < last; ++i) {
      const std::vector<std::string> values = fields(i);
      std::vector<std::string_view> args = {"XADD", stream, "*"};
      args.insert(args.end(), values.begin(), values.end());
      connection.Append(args);
    }
    for (int i = first; i < last; ++i) {
      const internal::RedisReply reply = connection.GetReply();
      if (reply.IsError()) throw Error(std::string(internal::ReplyText(*reply)));
    }
  }
}

// One stream entry: its id and its fields by name.
struct StreamEntry {
  std::string id;
  std::map<std::string, std::string> fields;
};

// Every entry of `stream` (XRANGE - +).
inline std::vector<StreamEntry> ReadStream(internal::RedisConnection& connection,
                                           const std::string& stream) {
  const internal::RedisReply reply = connection.Command({"XRANGE", stream, "-", "+"});
  std::vector<StreamEntry> entries;
  for (const redisReply* entry : internal::ReplyElements(*reply)) {
    const auto parts = internal::ReplyElements(*entry);
    StreamEntry parsed{std::string(internal::ReplyText(*parts[0])), {}};
    const auto items = internal::ReplyElements(*parts[1]);
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      parsed.fields[std::string(internal::ReplyText(*items[i]))] =
          std::string(internal::ReplyText(*items[i + 1]));
    }
    entries.push_back(std::move(parsed));
  }
  return entries;
}

inline long long StreamLength(internal::RedisConnection& connection, const std::string& stream) {
  return connection.Command({"XLEN", stream})->integer;
}

// Entries pending in `group` (XPENDING summary), all consumers, or one.
inline long long PendingCount(internal::RedisConnection& connection, const std::string& stream,
                              const std::string& group, const std::string& consumer = "") {
  if (consumer.empty()) {
    const internal::RedisReply reply = connection.Command({"XPENDING", stream, group});
    const auto summary = internal::ReplyElements(*reply);
    return summary.empty() ? 0 : summary[0]->integer;
  }
  const internal::RedisReply reply =
      connection.Command({"XPENDING", stream, group, "-", "+", "100000", consumer});
  return static_cast<long long>(internal::ReplyElements(*reply).size());
}

// Waits until `condition()` holds; false if it still does not after `limit`
// (a safety net against a hung test, not a measure of speed).
template <typename Condition>
bool WaitFor(Condition condition, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace bylaw::test

#endif  // BYLAW_TESTS_REDIS_TEST_SUPPORT_H_
