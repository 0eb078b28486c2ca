// Runs the built `bylaw` binary (BYLAW_CLI_PATH) for CLI tests: a scratch
// directory per suite, stdin from a string, stdout and stderr captured, and
// golden files under tests/testdata/cli/ (BYLAW_UPDATE_GOLDEN=1 rewrites them).
#ifndef BYLAW_TESTS_CLI_RUNNER_H_
#define BYLAW_TESTS_CLI_RUNNER_H_

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace bylaw::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteWholeFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string ShellQuoted(const std::string& arg) {
  std::string quoted = "'";
  for (const char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

// A scratch directory, removed with the runner.
class CliRunner {
 public:
  CliRunner() {
    std::string pattern = (std::filesystem::temp_directory_path() / "bylaw_cli.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
  }
  ~CliRunner() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  CliRunner(const CliRunner&) = delete;
  CliRunner& operator=(const CliRunner&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  // Runs `bylaw args...` (or `program args...` with `program` set) with
  // `input` on stdin.
  CliResult Run(const std::vector<std::string>& args, const std::string& input = "",
                const std::string& program = BYLAW_CLI_PATH) const {
    const std::filesystem::path in = dir_ / ".stdin", out = dir_ / ".stdout",
                                err = dir_ / ".stderr";
    WriteWholeFile(in, input);
    std::string command = ShellQuoted(program);
    for (const std::string& arg : args) command += " " + ShellQuoted(arg);
    command += " <" + ShellQuoted(in) + " >" + ShellQuoted(out) + " 2>" + ShellQuoted(err);
    const int status = std::system(command.c_str());
    CliResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = ReadWholeFile(out);
    result.err = ReadWholeFile(err);
    return result;
  }

  // Output with what varies between runs replaced by placeholders.
  std::string Normalize(std::string text) const {
    text = ReplaceAll(text, dir_.string(), "$TMP");
    text = std::regex_replace(text, std::regex("sha256:[0-9a-f]+"), "sha256:<hash>");
    text = std::regex_replace(text, std::regex("compiled in [0-9]+ ms"), "compiled in <N> ms");
    return std::regex_replace(text, std::regex("(^|\n)elapsed: [^\n]*"), "$1elapsed: <timing>");
  }

  // Compares `result` with tests/testdata/cli/<name>.txt, or rewrites that
  // file when BYLAW_UPDATE_GOLDEN=1.
  void ExpectGolden(const std::string& name, const CliResult& result) const {
    const std::string actual =
        Normalize("exit: " + std::to_string(result.exit_code) + "\n--- stdout\n" + result.out +
                  "--- stderr\n" + result.err);
    const std::filesystem::path golden =
        std::filesystem::path(BYLAW_SOURCE_DIR) / "tests/testdata/cli" / (name + ".txt");
    const char* update = std::getenv("BYLAW_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
      WriteWholeFile(golden, actual);
      return;
    }
    ASSERT_TRUE(std::filesystem::exists(golden))
        << golden << " is missing; run with BYLAW_UPDATE_GOLDEN=1";
    EXPECT_EQ(actual, ReadWholeFile(golden))
        << "golden " << golden << " differs; BYLAW_UPDATE_GOLDEN=1 rewrites it";
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace bylaw::test

#endif  // BYLAW_TESTS_CLI_RUNNER_H_
