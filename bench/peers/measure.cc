// Forked, timed runs of one engine (see measure.h). The child writes its
// figures and term sets to a temporary file the parent reads back.
#include "measure.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <ctime>

namespace bylaw::bench {
namespace {

using Clock = std::chrono::steady_clock;

double ResidentMb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
}

// Matches documents round-robin from `start` until `deadline`; returns how
// many documents and bytes it matched.
std::pair<std::size_t, std::size_t> MatchUntil(Matcher& matcher,
                                               const std::vector<std::string>& corpus,
                                               std::size_t start, Clock::time_point deadline) {
  TermSet terms;
  std::size_t documents = 0, bytes = 0;
  for (std::size_t i = start;; ++i) {
    if (i == corpus.size()) i = 0;
    matcher.Match(i, corpus[i], &terms);
    ++documents;
    bytes += corpus[i].size();
    if (documents % 16 == 0 && Clock::now() >= deadline) break;
  }
  return {documents, bytes};
}

// Throughput on `threads` threads, each with its own matcher.
void Time(const Engine& engine, const std::vector<std::string>& corpus, int threads,
          double seconds, Figures* figures) {
  std::vector<std::unique_ptr<Matcher>> matchers;
  for (int t = 0; t < threads; ++t) matchers.push_back(engine.NewMatcher());
  std::vector<std::pair<std::size_t, std::size_t>> counts(threads);
  std::vector<double> cpu_seconds(threads);
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(seconds));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const double cpu_start = ThreadCpuSeconds();
      counts[t] = MatchUntil(*matchers[t], corpus, corpus.size() * t / threads, deadline);
      cpu_seconds[t] = ThreadCpuSeconds() - cpu_start;
    });
  }
  for (std::thread& worker : workers) worker.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::size_t documents = 0, bytes = 0;
  for (const auto& [d, b] : counts) {
    documents += d;
    bytes += b;
  }
  figures->docs_per_second[threads - 1] = static_cast<double>(documents) / elapsed;
  figures->bytes_per_second[threads - 1] = static_cast<double>(bytes) / elapsed;
  if (threads == 1) {
    figures->docs_per_cpu_second = static_cast<double>(documents) / cpu_seconds[0];
    figures->bytes_per_cpu_second = static_cast<double>(bytes) / cpu_seconds[0];
  }
}

void WriteFigures(std::ostream& out, const Figures& f) {
  out << "error " << f.error.size() << " " << f.error << "\n";
  out << "build " << f.build_seconds << "\nprogram " << f.program_bytes << "\n";
  out << "docs " << f.docs_per_second[0] << " " << f.docs_per_second[1] << "\n";
  out << "bytes " << f.bytes_per_second[0] << " " << f.bytes_per_second[1] << "\n";
  out << "cpu " << f.docs_per_cpu_second << " " << f.bytes_per_cpu_second << "\n";
  out << "peak " << f.peak_mb << "\nextra " << f.extra.size() << "\n";
  for (const auto& [key, value] : f.extra) out << key << " " << value << "\n";
}

Figures ReadFigures(std::istream& in) {
  Figures f;
  std::string key;
  std::size_t size = 0;
  in >> key >> size;
  in.get();
  f.error.resize(size);
  in.read(f.error.data(), static_cast<std::streamsize>(size));
  in >> key >> f.build_seconds >> key >> f.program_bytes;
  in >> key >> f.docs_per_second[0] >> f.docs_per_second[1];
  in >> key >> f.bytes_per_second[0] >> f.bytes_per_second[1];
  in >> key >> f.docs_per_cpu_second >> f.bytes_per_cpu_second;
  in >> key >> f.peak_mb >> key >> size;
  for (std::size_t i = 0; i < size && in >> key; ++i) in >> f.extra[key];
  if (!in) f.error = "the engine's process ended without its figures";
  return f;
}

void WriteSets(std::ostream& out, const std::vector<TermSet>& sets) {
  out << sets.size() << "\n";
  for (const TermSet& set : sets) {
    out << set.size();
    for (std::uint32_t term : set) out << " " << term;
    out << "\n";
  }
}

std::vector<TermSet> ReadSets(std::istream& in) {
  std::size_t count = 0;
  in >> count;
  std::vector<TermSet> sets(in ? count : 0);
  for (TermSet& set : sets) {
    std::size_t size = 0;
    in >> size;
    set.resize(size);
    for (std::uint32_t& term : set) in >> term;
  }
  return sets;
}

// Forks; the child runs `child` with the path of a file to write, then
// exits. Returns that path once the child has ended; kills nothing else.
std::string Fork(const std::function<void(const std::string& path)>& child) {
  char path[] = "/tmp/bylaw-bench-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("cannot create a temporary file");
  close(fd);
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    child(path);
    std::fflush(nullptr);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return path;
}

}  // namespace

double PeakResidentMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1e3;  // kilobytes
}

Figures Measure(const EngineFactory& make, const std::vector<std::string>& corpus,
                const MeasureOptions& options, std::vector<TermSet>* sets) {
  const std::string path = Fork([&](const std::string& out_path) {
    Figures figures;
    std::vector<TermSet> found;
    const double base_mb = ResidentMb();
    try {
      const auto start = Clock::now();
      std::unique_ptr<Engine> engine = make(&figures.extra);
      figures.build_seconds = std::chrono::duration<double>(Clock::now() - start).count();
      figures.program_bytes = engine->program_bytes();
      engine->Prepare(corpus);
      std::unique_ptr<Matcher> matcher = engine->NewMatcher();
      found.resize(corpus.size());
      for (std::size_t i = 0; i < corpus.size(); ++i) matcher->Match(i, corpus[i], &found[i]);
      Time(*engine, corpus, 1, options.seconds, &figures);
      if (options.two_threads) Time(*engine, corpus, 2, options.seconds, &figures);
    } catch (const std::exception& error) {
      figures.error = error.what();
      found.clear();
    }
    figures.peak_mb = PeakResidentMb() - base_mb;
    std::ofstream out(out_path);
    WriteFigures(out, figures);
    WriteSets(out, found);
  });
  std::ifstream in(path);
  Figures figures = ReadFigures(in);
  *sets = figures.error.empty() ? ReadSets(in) : std::vector<TermSet>();
  std::remove(path.c_str());
  return figures;
}

Figures RunInChild(const std::function<std::map<std::string, double>()>& work) {
  const std::string path = Fork([&](const std::string& out_path) {
    Figures figures;
    const double base_mb = ResidentMb();
    try {
      figures.extra = work();
    } catch (const std::exception& error) {
      figures.error = error.what();
    }
    figures.peak_mb = PeakResidentMb() - base_mb;
    std::ofstream out(out_path);
    WriteFigures(out, figures);
  });
  std::ifstream in(path);
  Figures figures = ReadFigures(in);
  std::remove(path.c_str());
  return figures;
}

}  // namespace bylaw::bench
