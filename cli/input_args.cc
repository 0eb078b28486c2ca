// Input options and problem messages shared by replay, scan and worker.
#include "input_args.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <string_view>
#include <utility>

#include "bylaw/error.h"
#include "bylaw/jsonl_source.h"
#include "command_support.h"
#include "commands.h"

namespace bylaw::cli {

void AddInputArgs(ArgParser& parser, InputArgs* args) {
  parser.AddRepeatedOption(
      {"field", '\0', "NAME=PATH",
       "read text field NAME from PATH: a key or a /JSON/pointer (repeatable)"},
      &args->field_specs);
  parser.AddOption(
      {"fields", '\0', "A,B,C", "comma-separated keys holding text, instead of the default ones"},
      &args->fields);
  parser.AddOption({"id", '\0', "PATH", "key or /JSON/pointer of the document id"}, &args->id);
  parser.AddFlag({"text-lines", '\0', "",
                  "plain text, not JSON: each line of the file or stdin is one document"},
                 &args->text_lines);
}

void AddScanLimitArgs(ArgParser& parser, ScanLimitArgs* args) {
  parser.AddByteSize(
      {"max-document-bytes", '\0', "N", "bytes of text a document may have to be scanned whole"}, 1,
      std::uint64_t{4} << 30, &args->max_document_bytes);
  parser.AddChoice<ScanLimits::Oversize>(
      {"oversize", '\0', "",
       "a larger document is streamed (the same verdict) or refused (an error)"},
      {{"stream", ScanLimits::Oversize::kStream}, {"refuse", ScanLimits::Oversize::kRefuse}},
      &args->oversize);
}

ScanLimits MakeScanLimits(const ScanLimitArgs& args) {
  ScanLimits limits = kPipelineScanLimits;
  limits.max_document_bytes = args.max_document_bytes;
  limits.oversize = args.oversize;
  return limits;
}

SourceOptions MakeSourceOptions(const InputArgs& args) {
  SourceOptions options;
  if (!args.fields.empty() || !args.field_specs.empty()) {
    options.json.text_fields = SplitFieldList(args.fields);
    options.json.text_fields.insert(options.json.text_fields.end(), args.field_specs.begin(),
                                    args.field_specs.end());
  }
  options.json.id_key = args.id;
  options.json.text_lines = args.text_lines;
  return options;
}

const AdapterRegistry& Adapters() {
  static const AdapterRegistry registry = AdapterRegistry::WithBuiltins();
  return registry;
}

std::string SourceSchemesHelp() {
  std::string help;
  for (const std::string& line : Adapters().SourceUsage()) {
    if (!help.empty()) help += "\n";
    help += "  " + line;
  }
  return help;
}

void ProblemPrinter::OnWarnings(const Delivery& delivery) {
  ++with_warnings_;
  std::string text;
  for (const Problem& problem : delivery.problems) text += FormatProblem(delivery, problem, "warning");
  Write(stderr, text);
}

void ProblemPrinter::OnFailure(const Delivery& delivery) {
  if (delivery.malformed) ++malformed_;
  if (delivery.outcome == Delivery::Outcome::kRefused) ++refused_;
  std::string text;
  if (delivery.malformed) {
    for (const Problem& problem : delivery.problems) {
      text += FormatProblem(delivery, problem, "error");
    }
  } else {
    text = FormatProblem(delivery, Problem{delivery.line, delivery.error}, "error");
  }
  Write(stderr, text);
}

void InputTally::OnVerdict(const Delivery& delivery, const Verdict& verdict) {
  (void)delivery;
  (void)verdict;
  ++verdicts_;
}

void InputTally::OnFailure(const Delivery& delivery) {
  ++failures_;
  if (delivery.malformed) ++malformed_;
}

std::optional<int> CheckInput(const InputTally& tally, std::string_view command,
                              std::string_view input, const InputArgs& args) {
  const std::size_t decided = tally.decided(), rejected = tally.rejected();
  if (decided != 0 && rejected <= decided) return std::nullopt;
  const std::string why = std::to_string(rejected) + " rejected as malformed, refused or unusable";
  std::string message = "bylaw " + std::string(command) + ": ";
  message += decided == 0 ? "no usable document in `" + std::string(input) + "` (" + why +
                                "), so there is nothing to report\n"
                          : "more than half of `" + std::string(input) + "` was rejected (" +
                                why + ", " + std::to_string(decided) +
                                " usable), so the result would mean nothing\n";
  if (tally.malformed() != 0 && !args.text_lines) {
    message += "hint: for plain text, one document per line, add --text-lines\n";
  }
  Write(stderr, message);
  return kExitBadInput;
}

}  // namespace bylaw::cli
