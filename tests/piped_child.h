// A program run as a child with pipes on its stdin and stdout, for tests
// that drive it line by line: write a line, read the answer, then the next,
// as a host in another language drives `bylaw replay -`. stderr goes to a
// file. Reads block; a hang guard of minutes (never reached by a working
// child, whatever the machine's speed) turns a child that holds its answer
// into a failure instead of a stuck suite.
#ifndef BYLAW_TESTS_PIPED_CHILD_H_
#define BYLAW_TESTS_PIPED_CHILD_H_

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace bylaw::test {

class PipedChild {
 public:
  // Starts `args[0]` (a path) with `args`; stderr to `stderr_path`.
  PipedChild(const std::vector<std::string>& args, const std::string& stderr_path) {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> argv;
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const int failed = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    to_child_ = in[1];
    from_child_ = out[0];
    if (failed != 0) throw std::runtime_error("cannot start " + args[0]);
  }
  ~PipedChild() {
    CloseInput();
    if (from_child_ >= 0) close(from_child_);
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  PipedChild(const PipedChild&) = delete;
  PipedChild& operator=(const PipedChild&) = delete;

  // Writes `line` and a newline to the child's stdin; false if it is gone.
  bool WriteLine(const std::string& line) {
    const std::string text = line + "\n";
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t wrote = write(to_child_, text.data() + done, text.size() - done);
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote <= 0) return false;
      done += static_cast<std::size_t>(wrote);
    }
    return true;
  }

  // The next line the child writes (without its newline); nullopt at the
  // end of its output or past the hang guard.
  std::optional<std::string> ReadLine() {
    for (;;) {
      if (const std::size_t end = pending_.find('\n'); end != std::string::npos) {
        std::string line = pending_.substr(0, end);
        pending_.erase(0, end + 1);
        return line;
      }
      pollfd ready{from_child_, POLLIN, 0};
      if (poll(&ready, 1, kHangGuardMs) <= 0) return std::nullopt;
      char buffer[4096];
      const ssize_t got = read(from_child_, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return std::nullopt;
      pending_.append(buffer, static_cast<std::size_t>(got));
    }
  }

  void CloseInput() {
    if (to_child_ >= 0) close(to_child_);
    to_child_ = -1;
  }

  // Closes stdin, waits for the child and returns its exit status (-1 if a
  // signal ended it).
  int Wait() {
    CloseInput();
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  static constexpr int kHangGuardMs = 5 * 60 * 1000;

  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  std::string pending_;
};

}  // namespace bylaw::test

#endif  // BYLAW_TESTS_PIPED_CHILD_H_
