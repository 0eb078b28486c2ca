// Input options and problem messages shared by replay, scan and worker.
#include "input_args.h"

#include "bylaw/jsonl_source.h"
#include "command_support.h"

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
}

SourceOptions MakeSourceOptions(const InputArgs& args) {
  SourceOptions options;
  if (!args.fields.empty() || !args.field_specs.empty()) {
    options.json.text_fields = SplitFieldList(args.fields);
    options.json.text_fields.insert(options.json.text_fields.end(), args.field_specs.begin(),
                                    args.field_specs.end());
  }
  if (!args.id.empty()) options.json.id_key = args.id;
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

}  // namespace bylaw::cli
