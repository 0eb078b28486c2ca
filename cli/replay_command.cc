// `bylaw replay RULES FILE.jsonl|-`: decide every document of a JSON
// Lines file, one verdict JSON per line out, a summary on stderr.
//
// The input is any source URI (jsonl:, stdin:, files:, captions:, ...); the
// loop is a Pipeline, which reuses one Scanner, one batch of Documents and
// one output buffer, so a warm replay allocates only the text of each field
// (and inside nlohmann, for the rare line the fast JSON reader hands it).
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "args.h"
#include "bylaw/adapter_registry.h"
#include "bylaw/pipeline.h"
#include "bylaw/verdict.h"
#include "command_support.h"
#include "commands.h"
#include "input_args.h"
#include "replay_extras.h"
#include "replay_summary.h"

namespace bylaw::cli {
namespace {

struct ReplayArgs {
  std::string rules_dir;
  std::string input;
  std::string output;  // empty: stdout
  InputArgs input_args;
  std::string cache;  // --cache FILE; empty: compile every time
  ScanLimitArgs limits;
  ReplayExtrasArgs extras;
  bool verbose = false;
  bool keep_going = false;
};

void DeclareArgs(ArgParser& parser, ReplayArgs& args) {
  AddRulesPositional(parser, &args.rules_dir);
  parser.AddPositional("FILE", "JSON Lines file, `-` for stdin, or a source URI (listed above)",
                       &args.input);
  parser.AddOption({"output", 'o', "FILE", "write the verdicts to FILE instead of stdout"},
                   &args.output);
  AddInputArgs(parser, &args.input_args);
  AddCacheOption(parser, &args.cache);
  AddScanLimitArgs(parser, &args.limits);
  AddReplayExtrasArgs(parser, &args.extras);
  AddKeepGoingFlag(parser, &args.keep_going);
  parser.AddFlag({"verbose", 'v', "", "log progress to stderr"}, &args.verbose);
}

// Counts every delivery for the summary, and prints the problems of the input.
class SummaryObserver final : public ProblemPrinter {
 public:
  explicit SummaryObserver(ReplaySummary& summary) : summary_(summary) {}

  void OnVerdict(const Delivery& delivery, const Verdict& verdict) override {
    summary_.AddVerdict(verdict, delivery.text_bytes);
  }
  void OnWarnings(const Delivery& delivery) override {
    ProblemPrinter::OnWarnings(delivery);
    summary_.AddLineWithIgnoredValues();
  }
  void OnFailure(const Delivery& delivery) override {
    ProblemPrinter::OnFailure(delivery);
    if (delivery.malformed) summary_.AddMalformedLine();
    if (delivery.outcome == Delivery::Outcome::kRefused) summary_.AddRefusedDocument();
  }

 private:
  ReplaySummary& summary_;
};

}  // namespace

int RunReplay(std::span<const std::string_view> arg_list) {
  ReplayArgs args;
  ArgParser parser("bylaw replay [OPTIONS] RULES FILE.jsonl|-",
                   "Decides every document of a JSON Lines file and writes one verdict JSON\n"
                   "per line, then a summary to stderr. Malformed lines are reported as\n"
                   "FILE:LINE: error: ... and skipped. Exits 1 if the rules have errors,\n"
                   "5 if no document was decided or more than half were malformed or refused.\n"
                   "Text is read from the keys text, title, description, caption,\n"
                   "transcript, comment, message and bio unless --fields or --field say\n"
                   "otherwise. The members of a `metadata` object are the document's\n"
                   "metadata, written back into its verdict (values that are not strings\n"
                   "as their JSON text).\n"
                   "A value that is missing or null is left out; any other value that is\n"
                   "not a string is left out with a warning, as is a document with no text.\n"
                   "\n"
                   "Sources:\n" + SourceSchemesHelp());
  DeclareArgs(parser, args);
  if (auto exit = ParseCommandLine(parser, "replay", arg_list)) return *exit;
  ConfigureLogging(args.verbose);
  const PipelineOptions options{.scan_limits = MakeScanLimits(args.limits)};

  const LoadedRules rules =
      LoadRules(args.rules_dir, KeepGoingOptions(args.keep_going), DiagnosticDetail::kErrorsOnly,
                args.cache);
  if (rules.program == nullptr) return kExitRuleErrors;
  const AdapterRegistry& adapters = Adapters();
  const std::string input = InputUri(adapters, args.input);
  const std::unique_ptr<Source> source =
      adapters.OpenSource(input, MakeSourceOptions(args.input_args));
  const std::unique_ptr<Sink> sink =
      adapters.OpenSink(args.output.empty() ? "stdout:" : "jsonl:" + args.output);
  ReplaySummary summary(*rules.program);
  SummaryObserver observer(summary);
  Pipeline pipeline([&rules] { return rules.program; }, *source, *sink, options);
  pipeline.AddObserver(&observer);
  InputTally tally;
  pipeline.AddObserver(&tally);
  ReplayExtras extras(*rules.program, args.extras, args.input);
  extras.Attach(pipeline);
  spdlog::debug("replaying {}", input);
  const auto start = std::chrono::steady_clock::now();
  const std::atomic<bool> never_stop{false};
  pipeline.Run(never_stop);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  extras.Finish();
  Write(stderr, summary.Format(seconds, extras.LatencyNote()));
  return CheckInput(tally, "replay", args.input, args.input_args).value_or(kExitOk);
}

}  // namespace bylaw::cli
