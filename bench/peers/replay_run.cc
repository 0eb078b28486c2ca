// The replay workload (see replay_run.h).
#include "replay_run.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

#include "corpus.h"

namespace bylaw::bench {
namespace {

const std::filesystem::path kSource = BYLAW_SOURCE_DIR;

double Seconds(const timeval& time) {
  return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
}

// Runs `argv` (argv[0] found on PATH unless it holds a '/') with its
// standard output to `out` and its standard error to `err`. Returns its exit
// status (-1 when it did not exit) and sets its CPU time, user and system.
int Run(const std::vector<std::string>& argv, const std::filesystem::path& out,
        const std::filesystem::path& err, double* cpu_seconds) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot fork to run " + argv[0]);
  if (pid == 0) {
    const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out_fd < 0 || err_fd < 0 || dup2(out_fd, STDOUT_FILENO) < 0 || dup2(err_fd, STDERR_FILENO) < 0) {
      _exit(126);
    }
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("cannot wait for " + argv[0]);
  *cpu_seconds = Seconds(usage.ru_utime) + Seconds(usage.ru_stime);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs `argv` and throws with the first line of its standard error unless it
// exits 0; returns its CPU time.
double MustRun(const std::vector<std::string>& argv, const std::filesystem::path& out,
               const std::filesystem::path& err) {
  double cpu_seconds = 0;
  const int status = Run(argv, out, err, &cpu_seconds);
  if (status != 0) {
    std::ifstream messages(err);
    std::string first;
    std::getline(messages, first);
    throw std::runtime_error(argv[0] + " " + argv[1] + " exited with " + std::to_string(status) +
                             (first.empty() ? "" : ": " + first));
  }
  return cpu_seconds;
}

std::size_t CountLines(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> buffer(1 << 16);
  std::size_t lines = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    lines += static_cast<std::size_t>(std::count(buffer.data(), buffer.data() + in.gcount(), '\n'));
  }
  return lines;
}

}  // namespace

std::filesystem::path WriteFortunesJsonl(const std::filesystem::path& work) {
  const std::filesystem::path corpus = work / "fortunes.jsonl";
  MustRun({"python3", (kSource / "scripts" / "lib" / "fortunes_corpus.py").string(), kFortunesDir,
           corpus.string()},
          "/dev/null", work / "fortunes.err");
  return corpus;
}

std::filesystem::path WriteCopies(const std::filesystem::path& file, std::size_t copies) {
  std::filesystem::path many = file;
  many.replace_extension(".x" + std::to_string(copies) + file.extension().string());
  std::ifstream in(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream out(many, std::ios::binary | std::ios::trunc);
  for (std::size_t i = 0; i < copies; ++i) out << text;
  if (!in || !out.flush()) throw std::runtime_error("cannot write " + many.string());
  return many;
}

ReplayFigures MeasureReplay(const std::filesystem::path& cli, const std::filesystem::path& rules_dir,
                            const std::filesystem::path& corpus, const std::filesystem::path& work,
                            int runs) {
  ReplayFigures figures;
  try {
    const std::filesystem::path program = work / ("replay-" + rules_dir.filename().string() + ".bylaw");
    const std::filesystem::path verdicts = work / "replay-verdicts.jsonl";
    const std::filesystem::path err = work / "replay.err";
    MustRun({cli.string(), "compile", rules_dir.string(), "-o", program.string()}, "/dev/null", err);
    figures.lines = CountLines(corpus);
    figures.megabytes = static_cast<double>(std::filesystem::file_size(corpus)) / (1 << 20);
    for (int run = 0; run < std::max(runs, 1); ++run) {
      const double seconds = MustRun(
          {cli.string(), "replay", program.string(), corpus.string(), "-o", verdicts.string()},
          "/dev/null", err);
      const std::size_t written = CountLines(verdicts);
      if (written != figures.lines) {
        throw std::runtime_error("replay wrote " + std::to_string(written) + " verdicts for " +
                                 std::to_string(figures.lines) + " lines");
      }
      if (run == 0 || seconds < figures.cpu_seconds) figures.cpu_seconds = seconds;
    }
    std::filesystem::remove(verdicts);
    figures.docs_per_cpu_second = static_cast<double>(figures.lines) / std::max(figures.cpu_seconds, 1e-6);
  } catch (const std::exception& error) {
    figures.error = error.what();
  }
  return figures;
}

}  // namespace bylaw::bench
