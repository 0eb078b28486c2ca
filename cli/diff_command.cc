// `bylaw diff OLD_RULES NEW_RULES CORPUS`: the backtest. Both rulesets
// decide every document of a JSON Lines corpus; every document whose
// outcome changed is shown with old and new side by side, then a summary
// per category and per rule, and the exit status gates CI (backtest.h).
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "args.h"
#include "backtest.h"
#include "bylaw/error.h"
#include "bylaw/jsonl_source.h"
#include "bylaw/scanner.h"
#include "command_support.h"
#include "commands.h"
#include "bylaw/service/progress.h"

namespace bylaw::cli {
namespace {

constexpr std::size_t kExcerptBytes = 160;

struct DiffArgs {
  std::string old_rules;
  std::string new_rules;
  std::string corpus;
  std::string fail_on = "decision";
  std::string fields;
  std::string id_key;
  bool json = false;
};

void DeclareArgs(ArgParser& parser, DiffArgs& args) {
  parser.AddPositional("OLD_RULES", "rules directory, or REV:PATH in git (HEAD~1:rules)",
                       &args.old_rules);
  parser.AddPositional("NEW_RULES", "rules directory, or REV:PATH in git", &args.new_rules);
  parser.AddPositional("CORPUS", "JSON Lines, one document per line; `-` for stdin", &args.corpus);
  parser.AddOption("fail-on", '\0', "GATE",
                   "decision (default): exit 4 if a decision changed; flagged: if a document "
                   "is newly flagged; any: if decision, categories or live rules changed; "
                   "never",
                   &args.fail_on);
  parser.AddFlag("json", '\0', "one JSON line per changed document, then one with the summary",
                 &args.json);
  parser.AddOption("fields", '\0', "A,B,C", "comma-separated keys holding text (as replay)",
                   &args.fields);
  parser.AddOption("id", '\0', "KEY", "key holding the document id (default: id)", &args.id_key);
}

// The first field's text, cut at a character boundary.
std::string_view Excerpt(const Document& document) {
  for (const Field& field : document.fields) {
    if (field.text.empty()) continue;
    std::size_t size = std::min(field.text.size(), kExcerptBytes);
    while (size < field.text.size() && size > 0 && (field.text[size] & 0xC0) == 0x80) --size;
    return std::string_view(field.text).substr(0, size);
  }
  return {};
}

struct Corpus {
  std::ifstream file;
  std::istream* stream = &std::cin;
  std::string name = "<stdin>";
  std::uint64_t size = 0;  // 0 for stdin
};

void OpenCorpus(const std::string& path, Corpus* corpus) {
  if (path == "-") return;
  corpus->file.open(path, std::ios::binary);
  if (!corpus->file) throw Error("cannot open `" + path + "`: " + std::strerror(errno));
  corpus->stream = &corpus->file;
  corpus->name = path;
  std::error_code error;
  corpus->size = std::filesystem::file_size(path, error);
  if (error) corpus->size = 0;
}

}  // namespace

int RunDiff(std::span<const std::string_view> arg_list) {
  DiffArgs args;
  ArgParser parser(
      "bylaw diff [OPTIONS] OLD_RULES NEW_RULES CORPUS",
      "The backtest: decides every document of CORPUS with both rulesets and shows\n"
      "each document whose decision, categories or matched rules changed, old and new\n"
      "side by side, then a summary per category and per rule. Shadow rules are\n"
      "reported apart and never fail the gate. A ruleset is a directory or a git\n"
      "revision REV:PATH. Exits 0 when the gate passes, 4 when it fails (see\n"
      "--fail-on), 1 if a ruleset has errors, 2 on a usage or environment error.");
  DeclareArgs(parser, args);
  if (auto exit = ParseCommandLine(parser, "diff", arg_list)) return *exit;
  const std::optional<Gate> gate = ParseGate(args.fail_on);
  if (!gate) {
    Write(stderr, "bylaw diff: unknown gate `" + args.fail_on +
                      "`; expected decision, flagged, any or never\n");
    return kExitUsage;
  }
  ConfigureLogging(false);
  const LoadedRules old_rules = LoadRules(args.old_rules, {}, DiagnosticDetail::kErrorsOnly);
  const LoadedRules new_rules = LoadRules(args.new_rules, {}, DiagnosticDetail::kErrorsOnly);
  if (old_rules.program == nullptr || new_rules.program == nullptr) return kExitRuleErrors;

  Corpus corpus;
  OpenCorpus(args.corpus, &corpus);
  JsonlOptions options;
  if (!args.fields.empty()) options.text_fields = SplitFieldList(args.fields);
  if (!args.id_key.empty()) options.id_key = args.id_key;
  JsonlSource source(*corpus.stream, options);
  Scanner old_scanner(old_rules.program), new_scanner(new_rules.program);
  Backtest backtest(*old_rules.program, *new_rules.program);
  service::Progress progress("diff", corpus.size);
  Document document;
  std::string problem, out;
  for (JsonlSource::Next next; (next = source.Read(&document, &problem)) != JsonlSource::Next::kEnd;) {
    if (next == JsonlSource::Next::kSkipped) {
      backtest.AddMalformedLine();
      progress.Clear();
      Write(stderr, corpus.name + ":" + std::to_string(source.line_number()) + ": error: " +
                        problem + "\n");
      continue;
    }
    const Outcome before = Outcome::Of(old_scanner.Scan(document));
    const Outcome after = Outcome::Of(new_scanner.Scan(document));
    if (backtest.Add(before, after)) {
      out += args.json ? ChangeJson(document.id, source.line_number(), before, after).dump(
                             -1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"
                       : FormatChange(document.id, source.line_number(), Excerpt(document),
                                      before, after);
      progress.Clear();
      Write(stdout, out);
      out.clear();
    }
    progress.Update(backtest.documents(), source.bytes_read());
  }
  progress.Clear();
  Write(stdout, args.json ? nlohmann::json{{"summary", backtest.Json(*gate)}}.dump() + "\n"
                          : backtest.Format(*gate));
  return backtest.Fails(*gate) ? kExitChanged : kExitOk;
}

}  // namespace bylaw::cli
