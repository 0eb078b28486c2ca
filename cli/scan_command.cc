// `bylaw scan RULES [TEXT | -]`: decide one document and explain why.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <spdlog/spdlog.h>

#include "args.h"
#include "bylaw/document.h"
#include "bylaw/error.h"
#include "bylaw/pipeline.h"
#include "bylaw/verdict.h"
#include "command_support.h"
#include "commands.h"
#include "input_args.h"
#include "scan_source.h"
#include "verdict_text.h"

namespace bylaw::cli {
namespace {

struct ScanArgs {
  std::string rules_dir;
  std::string text = "-";  // stdin unless TEXT is given
  std::string field = "text";
  std::string title;
  std::string id = "cli";
  std::string source;  // --source URI instead of TEXT
  bool json = false;
  bool explain = false;  // show the folded text of every span
  std::string cache;  // --cache FILE; empty: compile every time
  ScanLimitArgs limits;
  bool verbose = false;
  bool keep_going = false;
};

// All of stdin, as bytes.
std::string ReadStdin() {
  std::string text;
  char buffer[1 << 16];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof(buffer), stdin)) > 0) text.append(buffer, read);
  if (std::ferror(stdin)) throw Error(std::string("cannot read stdin: ") + std::strerror(errno));
  return text;
}

void DeclareArgs(ArgParser& parser, ScanArgs& args) {
  AddRulesPositional(parser, &args.rules_dir);
  parser.AddPositional("TEXT", "the document's text; `-` or none reads it from stdin",
                       &args.text, /*required=*/false);
  parser.AddOption({"field", '\0', "NAME", "name of the field holding TEXT"}, &args.field);
  parser.AddOption({"title", '\0', "TEXT", "also scan TEXT as the `title` field"}, &args.title);
  parser.AddOption({"id", '\0', "ID", "the document id shown in the verdict"}, &args.id);
  parser.AddOption({"source", '\0', "URI",
                    "decide the first document of URI instead of TEXT (captions:video.vtt)"},
                   &args.source);
  parser.AddFlag({"json", '\0', "", "print the verdict as one line of JSON"}, &args.json);
  parser.AddFlag({"explain", '\0', "",
                  "under every span, the folded text it was matched as (how a disguise read)"},
                 &args.explain);
  AddCacheOption(parser, &args.cache);
  AddScanLimitArgs(parser, &args.limits);
  AddKeepGoingFlag(parser, &args.keep_going);
  parser.AddFlag({"verbose", 'v', "", "log progress to stderr"}, &args.verbose);
}

}  // namespace

int RunScan(std::span<const std::string_view> arg_list) {
  ScanArgs args;
  ArgParser parser("bylaw scan [OPTIONS] RULES [TEXT | -]",
                   "Decides one document and explains the verdict: the decision, every\n"
                   "matched rule with its spans, and the text with the matches highlighted.\n"
                   "Exits 0 if the document is allowed, 3 if it is flagged (decision above\n"
                   "allow), 1 if the rules have errors, 2 on a usage error.");
  DeclareArgs(parser, args);
  if (auto exit = ParseCommandLine(parser, "scan", arg_list)) return *exit;
  ConfigureLogging(args.verbose);
  if (args.field.empty()) {
    Write(stderr, "bylaw scan: option `--field` needs a non-empty NAME\n");
    return kExitUsage;
  }
  if (!args.source.empty() && args.text != "-") {
    Write(stderr, "bylaw scan: give TEXT or --source, not both\n");
    return kExitUsage;
  }
  const ScanLimits limits = MakeScanLimits(args.limits);

  const LoadedRules rules = LoadRules(args.rules_dir, KeepGoingOptions(args.keep_going),
                                      DiagnosticDetail::kErrorsOnly, args.cache);
  if (rules.program == nullptr) return kExitRuleErrors;
  if (!args.source.empty()) return ScanSource(rules.program, args.source, limits, args.json);
  Delivery delivery;
  delivery.document.id = args.id;
  if (!args.title.empty()) delivery.document.AddField("title", args.title);
  delivery.document.AddField(args.field, args.text == "-" ? ReadStdin() : args.text);

  DeliveryScanner scanner(rules.program, limits);
  const Verdict* scanned = scanner.Scan(delivery);
  if (scanned == nullptr) throw Error(delivery.error);
  const Verdict& verdict = *scanned;
  spdlog::debug("decision {} with {} live and {} shadow matches", ActionName(verdict.decision),
                verdict.live.size(), verdict.shadow.size());
  std::string out;
  if (args.json) {
    AppendVerdictJson(verdict, &out);
    out += "\n";
  } else {
    out = FormatVerdictText(verdict,
                            VerdictTextOptions{.color = StdoutWantsColor(), .explain = args.explain});
  }
  Write(stdout, out);
  return verdict.decision != Action::kAllow ? kExitFlagged : kExitOk;
}

}  // namespace bylaw::cli
