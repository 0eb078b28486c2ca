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
      "field", '\0', "NAME=PATH",
      "read text field NAME from PATH: a key or a /JSON/pointer (repeatable)",
      &args->field_specs);
  parser.AddOption("fields", '\0', "A,B,C", "comma-separated keys holding text, instead of the default ones",
                   &args->fields);
  parser.AddOption("id", '\0', "PATH", "key or /JSON/pointer of the document id (default: id)",
                   &args->id);
  parser.AddFlag("text-lines", '\0',
                 "plain text, not JSON: each line of the file or stdin is one document",
                 &args->text_lines);
}

void AddScanLimitArgs(ArgParser& parser, ScanLimitArgs* args) {
  parser.AddOption("max-document-bytes", '\0', "N",
                   "bytes of text a document may have to be scanned whole (default: 1M; K, M, G)",
                   &args->max_document_bytes);
  parser.AddOption("oversize", '\0', "stream|refuse",
                   "a larger document is streamed (the same verdict; default) or refused (an error)",
                   &args->oversize);
}

namespace {

// "65536", "64K", "16M", "1G" (binary units) as bytes; throws bylaw::Error.
std::size_t ParseByteCount(std::string_view option, const std::string& text) {
  std::size_t value = 0;
  const char* const end = text.data() + text.size();
  const auto [digits_end, error] = std::from_chars(text.data(), end, value);
  const std::string_view unit(digits_end, end);
  constexpr std::array<std::pair<std::string_view, int>, 4> kUnits = {
      {{"", 0}, {"K", 10}, {"M", 20}, {"G", 30}}};
  const auto found = std::find_if(kUnits.begin(), kUnits.end(),
                                  [&](const auto& u) { return u.first == unit; });
  const int shift = found == kUnits.end() ? -1 : found->second;
  if (error != std::errc() || digits_end == text.data() || shift < 0 || value == 0 ||
      value > (std::numeric_limits<std::size_t>::max() >> shift)) {
    throw Error("option `--" + std::string(option) +
                "` must be a number of bytes above 0, optionally with K, M or G, not `" + text +
                "`");
  }
  return value << shift;
}

}  // namespace

ScanLimits MakeScanLimits(const ScanLimitArgs& args) {
  ScanLimits limits = kPipelineScanLimits;
  if (!args.max_document_bytes.empty()) {
    limits.max_document_bytes = ParseByteCount("max-document-bytes", args.max_document_bytes);
  }
  if (args.oversize == "refuse") {
    limits.oversize = ScanLimits::Oversize::kRefuse;
  } else if (args.oversize == "stream") {
    limits.oversize = ScanLimits::Oversize::kStream;
  } else if (!args.oversize.empty()) {
    throw Error("option `--oversize` must be `stream` or `refuse`, not `" + args.oversize + "`");
  }
  return limits;
}

SourceOptions MakeSourceOptions(const InputArgs& args) {
  SourceOptions options;
  if (!args.fields.empty() || !args.field_specs.empty()) {
    options.json.text_fields = SplitFieldList(args.fields);
    options.json.text_fields.insert(options.json.text_fields.end(), args.field_specs.begin(),
                                    args.field_specs.end());
  }
  if (!args.id.empty()) options.json.id_key = args.id;
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
