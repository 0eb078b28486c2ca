// bylaw side by side with the engines people would pick instead: RE2::Set,
// a loop of PCRE2-JIT regexes, YARA, and Hyperscan called directly on
// bylaw's own databases (the floor). Same terms, same corpus, same run; every
// engine's matched terms are checked against bylaw's before its time is
// shown. Then the streaming workload and `bylaw replay` of the fortunes end
// to end. Prints one table and the targets. See bench/RESULTS.md.
//   build/bench/peer_bench [--quick] [--scales 1000,10000,100000] [--seconds S]
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "bylaw/compiler.h"
#include "bylaw_engines.h"
#include "corpus.h"
#include "measure.h"
#include "replay_run.h"
#include "report.h"
#include "stream_run.h"
#include "term_pack.h"

namespace bylaw::bench {
namespace {

const std::filesystem::path kSource = BYLAW_SOURCE_DIR;
const std::filesystem::path kCli = BYLAW_CLI;  // the `bylaw` executable of this build

struct Options {
  std::vector<std::size_t> scales = {1000, 10000, 100000};
  MeasureOptions measure;
  std::size_t terms_per_rule = 100;
  std::size_t pcre2_max = 1000;    // PCRE2 tries every regex on every document
  std::size_t yara_max = 10000;    // YARA compiles 100k regex rules very slowly
  std::size_t transcript_mb = 32;
  std::string only;  // --only NAME: engines whose name starts with NAME (for profiling)
  std::filesystem::path work = std::filesystem::temp_directory_path() / "bylaw-peer-bench";
};

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::string value = i + 1 < argc ? argv[i + 1] : "";
    if (arg == "--quick") {
      options.scales = {1000, 10000};
      options.measure.seconds = 0.5;
      options.transcript_mb = 8;
    } else if (arg == "--scales" && !value.empty()) {
      options.scales.clear();
      std::stringstream list(value);
      for (std::string scale; std::getline(list, scale, ',');) {
        options.scales.push_back(std::stoul(scale));
      }
      ++i;
    } else if (arg == "--seconds" && !value.empty()) {
      options.measure.seconds = std::stod(value);
      ++i;
    } else if (arg == "--only" && !value.empty()) {
      options.only = value;
      ++i;
    } else if (arg == "--work" && !value.empty()) {
      options.work = value;
      ++i;
    } else if (arg == "--terms-per-rule" && !value.empty()) {
      options.terms_per_rule = std::stoul(value);
      ++i;
    } else {
      throw std::runtime_error("unknown argument `" + arg +
                               "`; usage: peer_bench [--quick] [--scales N,N] [--seconds S] "
                               "[--terms-per-rule N] [--only ENGINE] [--work DIR]");
    }
  }
  return options;
}

std::shared_ptr<const Program> MustCompile(const std::filesystem::path& dir) {
  CompileResult result = CompileDirectory(dir);
  if (!result.ok()) {
    std::string message = "cannot compile " + dir.string() + ":\n";
    for (const Diagnostic& diagnostic : result.diagnostics) message += FormatDiagnostic(diagnostic);
    throw std::runtime_error(message);
  }
  return result.program;
}

// Whether this build knows the pack key `evasion: off`.
bool EvasionKeySupported(const Options& options) {
  const std::filesystem::path dir = options.work / "probe";
  WritePack(dir, kSource / "rules" / "taxonomy.yaml", {"probe"}, {1, "off"});
  return CompileDirectory(dir).ok();
}

EngineFactory BylawFactory(const std::filesystem::path& dir, bool time_load) {
  return [dir, time_load](std::map<std::string, double>* extra) {
    std::shared_ptr<const Program> program = MustCompile(dir);
    if (time_load) *extra = ProgramFileFigures(*program, dir);
    return MakeBylawEngine(program);
  };
}

EngineFactory FloorFactory(const std::filesystem::path& dir) {
  return [dir](std::map<std::string, double>* extra) {
    std::shared_ptr<const Program> program = MustCompile(dir);
    (*extra)["stream_state_bytes"] = static_cast<double>(StreamStateBytes(*program));
    return MakeRawHyperscanEngine(program);
  };
}

template <class Make>
EngineFactory PeerFactory(const std::vector<std::string>& terms, Make make) {
  return [&terms, make](std::map<std::string, double>*) { return make(terms); };
}

void RunScale(std::size_t scale, const std::vector<std::string>& words,
              const std::vector<std::string>& corpus, bool evasion_key, const Options& options,
              Report* report) {
  const std::vector<std::string> terms = PickTerms(words, scale);
  const std::string workload = std::to_string(scale / 1000) + "k terms";
  const std::filesystem::path off = options.work / ("off-" + std::to_string(scale));
  const std::filesystem::path standard = options.work / ("default-" + std::to_string(scale));
  const auto taxonomy = kSource / "rules" / "taxonomy.yaml";
  WritePack(off, taxonomy, terms, {options.terms_per_rule, evasion_key ? "off" : ""});
  WritePack(standard, taxonomy, terms, {options.terms_per_rule, ""});

  report->SetTerms(workload, terms);
  std::cerr << "== " << workload << "\n";
  const std::vector<TermSet> reference =
      report->Add(workload, "bylaw evasion:off", BylawFactory(off, false), corpus, options.measure,
                  nullptr, Check::kReference);
  if (evasion_key) {
    report->Add(workload, "bylaw", BylawFactory(standard, true), corpus, options.measure,
                &reference, Check::kSuperset);
  } else {
    report->Alias(workload, "bylaw", "bylaw evasion:off");
  }
  report->Add(workload, "hyperscan floor", FloorFactory(off), corpus, options.measure, &reference,
              Check::kEqual);
  report->Add(workload, "re2::set", PeerFactory(terms, MakeRe2Engine), corpus, options.measure,
              &reference, Check::kEqual);
  if (scale <= options.pcre2_max) {
    report->Add(workload, "pcre2-jit loop", PeerFactory(terms, MakePcre2Engine), corpus,
                options.measure, &reference, Check::kEqual);
  }
  if (scale <= options.yara_max) {
    report->Add(workload, "yara", PeerFactory(terms, MakeYaraEngine), corpus, options.measure,
                &reference, Check::kEqual);
  }
}

int Main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  std::filesystem::create_directories(options.work);
  const std::vector<std::string> corpus = LoadFortunes();
  const std::vector<std::string> words = LoadWords();
  const std::string transcript = MakeTranscript(corpus, options.transcript_mb << 20);
  const bool evasion_key = EvasionKeySupported(options);
  Report report(corpus, options.only);
  report.Note(std::to_string(corpus.size()) + " messages (" +
              std::to_string(TotalBytes(corpus) / corpus.size()) + " bytes on average); " +
              std::to_string(words.size()) + " usable words; " +
              std::to_string(options.terms_per_rule) + " terms per rule");
  if (!evasion_key) {
    report.Note("this build has no `evasion:` pack key: `bylaw` is the default program");
  }
  for (std::size_t scale : options.scales) RunScale(scale, words, corpus, evasion_key, options, &report);

  std::cerr << "== bundled packs\n";
  const std::vector<TermSet> bundled =
      report.Add("bundled packs", "bylaw", BylawFactory(kSource / "rules", false), corpus,
                 options.measure, nullptr, Check::kReference);
  report.Add("bundled packs", "hyperscan floor", FloorFactory(kSource / "rules"), corpus,
             options.measure, &bundled, Check::kFloorOfEvidence);

  std::cerr << "== streaming\n";
  report.AddStream("bundled packs", StreamFigures(kSource / "rules", transcript, options.measure.seconds));
  if (std::find(options.scales.begin(), options.scales.end(), 10000) != options.scales.end()) {
    report.AddStream("10k terms", StreamFigures(options.work / "default-10000", transcript,
                                                options.measure.seconds));
  }

  // The one-rule pack's replay is reading and writing; the bundled packs'
  // is their scan.
  std::cerr << "== replay\n";
  const std::filesystem::path fortunes = WriteFortunesJsonl(options.work);
  report.AddReplay("one-rule pack",
                   MeasureReplay(kCli, kSource / "tests" / "testdata" / "tiny_rules",
                                 WriteCopies(fortunes, 10), options.work, 3),
                   true);
  report.AddReplay("bundled packs", MeasureReplay(kCli, kSource / "rules", fortunes, options.work, 1),
                   false);
  std::cout << report.Format();
  return report.all_checks_passed() ? 0 : 1;
}

}  // namespace
}  // namespace bylaw::bench

int main(int argc, char** argv) {
  try {
    return bylaw::bench::Main(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "peer_bench: %s\n", error.what());
    return 2;
  }
}
