// `bylaw eval RULES CASES`: the measurement a policy team needs before
// shipping rules. Decides every labelled case (JSON Lines with `label`,
// `category`, `lang`, `action`, `kind` beside the text fields; a folder of
// such files; or any source `replay` takes), then prints recall, precision
// and false-positive rate per category and per language (eval_score.h),
// every miss and every false positive with the rules involved, and gates CI.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "args.h"
#include "bylaw/adapter_registry.h"
#include "bylaw/error.h"
#include "bylaw/pipeline.h"
#include "command_support.h"
#include "commands.h"
#include "eval_score.h"
#include "input_args.h"

namespace bylaw::cli {
namespace {

struct EvalArgs {
  std::string rules_dir;
  std::string cases;
  InputArgs input_args;
  std::string cache;
  ScanLimitArgs limits;
  Action enforce_at = Action::kReview;
  EvalGate gate;
  std::string json;  // FILE, or - for stdout
  bool summary = false;
  bool keep_going = false;
  bool verbose = false;
};

void DeclareArgs(ArgParser& parser, EvalArgs& args) {
  AddRulesPositional(parser, &args.rules_dir);
  parser.AddPositional("CASES",
                       "labelled cases: a JSON Lines file, a folder of them (every *.jsonl below "
                       "it), `-` for stdin, or a source URI",
                       &args.cases);
  parser.AddChoice<Action>({"enforce-at", '\0', "", "the weakest decision that counts as enforced"},
                           {{ActionName(Action::kLabel), Action::kLabel},
                            {ActionName(Action::kReview), Action::kReview},
                            {ActionName(Action::kRestrict), Action::kRestrict},
                            {ActionName(Action::kRemove), Action::kRemove}},
                           &args.enforce_at);
  parser.AddReal({"min-recall", '\0', "R", "gate: fail when a row's recall is below R"}, 0, 1,
                 &args.gate.min_recall);
  parser.AddReal({"max-fpr", '\0', "F", "gate: fail when a row's false-positive rate is above F"},
                 0, 1, &args.gate.max_false_positive_rate);
  parser.AddNumber<std::size_t>(
      {"min-cases", '\0', "N",
       "the gate checks rows with at least N cases of the kind a figure counts"},
      0, 1'000'000'000, &args.gate.min_cases);
  parser.AddOption({"json", '\0', "FILE",
                    "also write the report as JSON to FILE (`-`: to stdout, instead of the text)"},
                   &args.json);
  parser.AddFlag(
      {"summary", '\0', "", "print the tables only, without the misses and false positives"},
      &args.summary);
  AddInputArgs(parser, &args.input_args);
  AddCacheOption(parser, &args.cache);
  AddScanLimitArgs(parser, &args.limits);
  AddKeepGoingFlag(parser, &args.keep_going);
  parser.AddFlag({"verbose", 'v', "", "log progress to stderr"}, &args.verbose);
}

// The source URIs of CASES: every *.jsonl below a folder (sorted), else the
// input as `replay` reads it.
std::vector<std::string> CaseSources(const AdapterRegistry& adapters, const std::string& cases) {
  std::error_code error;
  if (!std::filesystem::is_directory(cases, error)) return {InputUri(adapters, cases)};
  std::vector<std::string> files;
  for (std::filesystem::recursive_directory_iterator it(cases, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file() && it->path().extension() == ".jsonl") {
      files.push_back("jsonl:" + it->path().string());
    }
  }
  if (error) throw Error("cannot read folder `" + cases + "`: " + error.message());
  if (files.empty()) throw Error("folder `" + cases + "` holds no *.jsonl file of cases");
  std::sort(files.begin(), files.end());
  return files;
}

// Scores every decided delivery and reports the ones that are not cases.
class ScoringObserver final : public ProblemPrinter {
 public:
  ScoringObserver(const Program& program, EvalScore& score, InputTally& tally)
      : program_(program), score_(score), tally_(tally) {}

  void OnVerdict(const Delivery& delivery, const Verdict& verdict) override {
    std::string problem;
    const std::optional<EvalLabels> labels = ReadEvalLabels(delivery.document, program_, &problem);
    if (!labels) {
      tally_.Reject();
      Write(stderr, FormatProblem(delivery, Problem{delivery.line, problem}, "error"));
      return;
    }
    const std::string origin =
        delivery.line == 0 ? delivery.origin : delivery.origin + ":" + std::to_string(delivery.line);
    score_.Add(origin, *labels, verdict);
  }

 private:
  const Program& program_;
  EvalScore& score_;
  InputTally& tally_;
};

// A sink that keeps nothing: eval reports scores, not verdicts.
class DiscardSink final : public Sink {
 public:
  void Write(const Delivery&, const Verdict&) override {}
  void Flush() override {}
};

void WriteJson(const std::string& path, const std::string& json) {
  if (path == "-") {
    Write(stdout, json);
    return;
  }
  std::ofstream out(path, std::ios::binary);
  out << json;
  if (!out) throw Error("cannot write `" + path + "`");
}

}  // namespace

int RunEval(std::span<const std::string_view> arg_list) {
  EvalArgs args;
  ArgParser parser(
      "bylaw eval [OPTIONS] RULES CASES",
      "Measures rules on labelled cases: recall, precision and false-positive rate per\n"
      "category and per language, then every miss and every false positive with the\n"
      "rules involved. A case is a JSON object with text fields and `label` (flag or\n"
      "pass), `category` (the category a flag case breaks, or a pass case's topic),\n"
      "and optionally `lang`, `action` (expected) and `kind`. A case is enforced when\n"
      "its decision is --enforce-at or stricter; a flag case is caught when a rule of\n"
      "its own category enforced it; a pass case that is enforced is a false positive.\n"
      "With --min-recall or --max-fpr, exits 4 when a category with live rules, a\n"
      "language or the whole corpus, each with at least --min-cases cases, misses\n"
      "the gate. Exits 5 when no case was read or most of the input is not cases.\n"
      "\n"
      "Sources:\n" + SourceSchemesHelp());
  DeclareArgs(parser, args);
  if (auto exit = ParseCommandLine(parser, "eval", arg_list)) return *exit;
  ConfigureLogging(args.verbose);
  const EvalGate& gate = args.gate;
  const Action enforce_at = args.enforce_at;
  const PipelineOptions options{.scan_limits = MakeScanLimits(args.limits)};
  SourceOptions source_options = MakeSourceOptions(args.input_args);
  source_options.json.metadata_fields = {"label", "category", "lang", "action", "kind"};

  const LoadedRules rules = LoadRules(args.rules_dir, KeepGoingOptions(args.keep_going),
                                      DiagnosticDetail::kErrorsOnly, args.cache);
  if (rules.program == nullptr) return kExitRuleErrors;
  const AdapterRegistry& adapters = Adapters();
  EvalScore score(*rules.program, enforce_at);
  InputTally tally;
  ScoringObserver observer(*rules.program, score, tally);
  DiscardSink sink;
  const std::atomic<bool> never_stop{false};
  for (const std::string& uri : CaseSources(adapters, args.cases)) {
    const std::unique_ptr<Source> source = adapters.OpenSource(uri, source_options);
    Pipeline pipeline([&rules] { return rules.program; }, *source, sink, options);
    pipeline.AddObserver(&observer);
    pipeline.AddObserver(&tally);
    pipeline.Run(never_stop);
  }
  if (auto exit = CheckInput(tally, "eval", args.cases, args.input_args)) return *exit;
  if (args.json != "-") Write(stdout, FormatEvalReport(score, gate, args.summary));
  if (!args.json.empty()) WriteJson(args.json, FormatEvalJson(score, gate));
  return score.GateFailures(gate).empty() ? kExitOk : kExitChanged;
}

}  // namespace bylaw::cli
