// `bylaw diff OLD_RULES NEW_RULES CORPUS`: the backtest. Both rulesets
// decide every document of a corpus (any source `replay` reads, or plain
// text with --text-lines); every document whose outcome changed is shown
// with old and new side by side, with the words each matched in each field,
// then a summary per category and per rule, and the exit status gates CI
// (backtest.h). An input that is mostly unreadable fails (CheckInput).
#include <memory>
#include <string>

#include "args.h"
#include "backtest.h"
#include "changed_document.h"
#include "bylaw/adapter_registry.h"
#include "bylaw/error.h"
#include "bylaw/pipeline.h"
#include "command_support.h"
#include "commands.h"
#include "bylaw/service/progress.h"
#include "input_args.h"

namespace bylaw::cli {
namespace {

struct DiffArgs {
  std::string old_rules;
  std::string new_rules;
  std::string corpus;
  Gate fail_on = Gate::kDecision;
  InputArgs input_args;
  ScanLimitArgs limits;
  bool json = false;
};

void DeclareArgs(ArgParser& parser, DiffArgs& args) {
  parser.AddPositional("OLD_RULES", "rules directory, or REV:PATH in git (HEAD~1:rules)",
                       &args.old_rules);
  parser.AddPositional("NEW_RULES", "rules directory, or REV:PATH in git", &args.new_rules);
  parser.AddPositional("CORPUS",
                       "JSON Lines file, `-` for stdin, or a source URI (listed above)",
                       &args.corpus);
  std::vector<Choice<Gate>> gates;
  for (const Gate gate : kGates) gates.push_back({GateName(gate), gate});
  parser.AddChoice(
      {"fail-on", '\0', "GATE",
       "exit 4 when the gate fails. decision: a decision changed; flagged: a document is newly "
       "flagged; any: decision, categories or live rules changed; never: report only"},
      std::move(gates), &args.fail_on);
  parser.AddFlag(
      {"json", '\0', "", "one JSON line per changed document, then one with the summary"},
      &args.json);
  AddInputArgs(parser, &args.input_args);
  AddScanLimitArgs(parser, &args.limits);
}

// Moves the text of a streamed delivery (captions) into its document, so
// that both rulesets can read it and the changes can quote it.
void ReadWhole(Delivery& delivery) {
  if (delivery.stream == nullptr) return;
  std::string_view name, chunk;
  while (delivery.stream->Next(&name, &chunk)) {
    Field* field = nullptr;
    for (Field& existing : delivery.document.fields) {
      if (existing.name == name) field = &existing;
    }
    if (field == nullptr) field = &delivery.document.AddField(std::string(name), "");
    field->text.append(chunk);
  }
  for (Problem& problem : delivery.stream->TakeProblems()) {
    delivery.problems.push_back(std::move(problem));
  }
  delivery.stream.reset();
}

// Decides every delivery with both rulesets and writes the changed ones.
class DiffRun {
 public:
  DiffRun(const LoadedRules& before, const LoadedRules& after, const DiffArgs& args)
      : args_(args),
        limits_(MakeScanLimits(args.limits)),
        old_scanner_(before.program, limits_),
        new_scanner_(after.program, limits_),
        backtest_(*before.program, *after.program),
        progress_("diff", service::LinesForProgress(args.corpus)) {}

  void Add(Delivery& delivery) {
    if (!delivery.malformed) ReadWhole(delivery);
    const Verdict* before = delivery.malformed ? nullptr : Decide(old_scanner_, delivery);
    const Verdict* after = before == nullptr ? nullptr : Decide(new_scanner_, delivery);
    if (after == nullptr) return Fail(delivery);
    if (!delivery.problems.empty()) Report(&ProblemPrinter::OnWarnings, delivery);
    tally_.OnVerdict(delivery, *after);
    const Outcome old_outcome = Outcome::Of(*before), new_outcome = Outcome::Of(*after);
    if (backtest_.Add(old_outcome, new_outcome)) {
      const ChangedDocument change = ChangedDocument::Of(delivery.origin, delivery.line, *before, *after);
      progress_.Clear();
      Write(stdout, args_.json ? ChangeJson(change, old_outcome, new_outcome).dump(
                                     -1, ' ', false, nlohmann::json::error_handler_t::replace) +
                                     "\n"
                               : FormatChange(change, old_outcome, new_outcome));
    }
    progress_.Update(backtest_.documents(), delivery.line);
  }

  // The exit status: the input check's, else the gate's, after the summary.
  int Finish(Gate gate) {
    progress_.Clear();
    if (auto exit = CheckInput(tally_, "diff", args_.corpus, args_.input_args)) return *exit;
    Write(stdout, args_.json ? nlohmann::json{{"summary", backtest_.Json(gate)}}.dump() + "\n"
                             : backtest_.Format(gate));
    return backtest_.Fails(gate) ? kExitChanged : kExitOk;
  }

 private:
  // The verdict of `scanner`, or null when the document cannot be decided
  // (delivery.error says why).
  static const Verdict* Decide(DeliveryScanner& scanner, Delivery& delivery) {
    try {
      const Verdict* verdict = scanner.Scan(delivery);
      if (verdict == nullptr) delivery.outcome = Delivery::Outcome::kRefused;
      return verdict;
    } catch (const Error& error) {
      delivery.error = error.what();
      return nullptr;
    }
  }

  void Fail(Delivery& delivery) {
    if (delivery.outcome != Delivery::Outcome::kRefused) delivery.outcome = Delivery::Outcome::kFailed;
    backtest_.AddSkipped();
    tally_.OnFailure(delivery);
    Report(&ProblemPrinter::OnFailure, delivery);
  }

  void Report(void (ProblemPrinter::*print)(const Delivery&), const Delivery& delivery) {
    progress_.Clear();
    (printer_.*print)(delivery);
  }

  const DiffArgs& args_;
  ScanLimits limits_;
  DeliveryScanner old_scanner_, new_scanner_;
  Backtest backtest_;
  service::Progress progress_;
  ProblemPrinter printer_;
  InputTally tally_;
};

}  // namespace

int RunDiff(std::span<const std::string_view> arg_list) {
  DiffArgs args;
  ArgParser parser(
      "bylaw diff [OPTIONS] OLD_RULES NEW_RULES CORPUS",
      "The backtest: decides every document of CORPUS with both rulesets and shows\n"
      "each document whose decision, categories or matched rules changed, old and new\n"
      "side by side with the words matched in each field, then a summary per category\n"
      "and per rule. Shadow rules are reported apart and never fail the gate. A\n"
      "ruleset is a directory or a git revision REV:PATH. Exits 0 when the gate\n"
      "passes, 4 when it fails (see --fail-on), 5 when no document was decided or\n"
      "more than half were malformed or refused, 1 if a ruleset has errors, 2 on a\n"
      "usage or environment error.\n"
      "\n"
      "Sources:\n" + SourceSchemesHelp());
  DeclareArgs(parser, args);
  if (auto exit = ParseCommandLine(parser, "diff", arg_list)) return *exit;
  ConfigureLogging(false);
  const LoadedRules old_rules = LoadRules(args.old_rules, {}, DiagnosticDetail::kErrorsOnly);
  const LoadedRules new_rules = LoadRules(args.new_rules, {}, DiagnosticDetail::kErrorsOnly);
  if (old_rules.program == nullptr || new_rules.program == nullptr) return kExitRuleErrors;

  const AdapterRegistry& adapters = Adapters();
  const std::unique_ptr<Source> source = adapters.OpenSource(
      InputUri(adapters, args.corpus), MakeSourceOptions(args.input_args));
  DiffRun run(old_rules, new_rules, args);
  DeliveryBatch batch(source->preferred_batch_size());
  for (bool more = true; more;) {
    batch.Clear();
    more = source->Read(batch);
    for (Delivery& delivery : batch) run.Add(delivery);
  }
  return run.Finish(args.fail_on);
}

}  // namespace bylaw::cli
