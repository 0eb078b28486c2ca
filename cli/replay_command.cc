// `bylaw replay RULES FILE.jsonl|-`: decide every document of a JSON
// Lines file, one verdict JSON per line out, a summary on stderr.
//
// The loop reuses one Scanner, one Document and one output buffer, so a warm
// replay allocates only inside the JSON parser.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "args.h"
#include "bylaw/document.h"
#include "bylaw/error.h"
#include "bylaw/jsonl_source.h"
#include "bylaw/scanner.h"
#include "bylaw/verdict.h"
#include "command_support.h"
#include "commands.h"
#include "replay_summary.h"

namespace bylaw::cli {
namespace {

// Verdicts are written in batches of about this many bytes.
constexpr std::size_t kFlushBytes = 1 << 18;

struct ReplayArgs {
  std::string rules_dir;
  std::string input;
  std::string output;  // empty: stdout
  std::string fields;  // comma-separated; empty: JsonlOptions' default
  std::string id_key;  // empty: JsonlOptions' default
  std::string cache;  // --cache FILE; empty: compile every time
  bool verbose = false;
  bool keep_going = false;
};

void DeclareArgs(ArgParser& parser, ReplayArgs& args) {
  AddRulesPositional(parser, &args.rules_dir);
  parser.AddPositional("FILE", "JSON Lines input, one document per line; `-` for stdin",
                       &args.input);
  parser.AddOption("output", 'o', "FILE", "write the verdicts to FILE instead of stdout",
                   &args.output);
  parser.AddOption("fields", '\0', "A,B,C", "comma-separated keys holding text (default below)",
                   &args.fields);
  parser.AddOption("id", '\0', "KEY", "key holding the document id (default: id)",
                   &args.id_key);
  AddCacheOption(parser, &args.cache);
  AddKeepGoingFlag(parser, &args.keep_going);
  parser.AddFlag("verbose", 'v', "log progress to stderr", &args.verbose);
}

// Where verdicts go: stdout or a file opened for writing. Owns the file.
class Output {
 public:
  explicit Output(const std::string& path) : path_(path.empty() ? "<stdout>" : path) {
    if (path.empty()) return;
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) {
      throw Error("cannot open `" + path + "` for writing: " + std::strerror(errno));
    }
  }
  ~Output() {
    if (file_ != nullptr) std::fclose(file_);
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  std::FILE* stream() const { return file_ != nullptr ? file_ : stdout; }
  // Writes and empties `buffer`; throws bylaw::Error on a failed write.
  void Flush(std::string* buffer) {
    Write(stream(), *buffer);
    buffer->clear();
  }
  // Flushes the stream and throws bylaw::Error if anything failed.
  void Close() {
    if (std::fflush(stream()) != 0 || std::ferror(stream())) {
      throw Error("cannot write `" + path_ + "`: " + std::strerror(errno));
    }
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

JsonlOptions MakeJsonlOptions(const ReplayArgs& args) {
  JsonlOptions options;
  if (!args.fields.empty()) options.text_fields = SplitFieldList(args.fields);
  if (!args.id_key.empty()) options.id_key = args.id_key;
  return options;
}

// The replay loop proper. Returns the number of seconds it took.
double Replay(Scanner& scanner, JsonlSource& source, std::string_view input_name,
              Output& output, ReplaySummary& summary) {
  const auto start = std::chrono::steady_clock::now();
  Document document;
  std::string problem;
  std::string buffer;
  buffer.reserve(kFlushBytes + (1 << 16));
  while (true) {
    const JsonlSource::Next next = source.Read(&document, &problem);
    if (next == JsonlSource::Next::kEnd) break;
    if (next == JsonlSource::Next::kSkipped) {
      summary.AddMalformedLine();
      Write(stderr, fmt::format("{}:{}: error: {}\n", input_name, source.line_number(), problem));
      continue;
    }
    if (!problem.empty()) {
      summary.AddLineWithIgnoredValues();
      Write(stderr,
            fmt::format("{}:{}: warning: {}\n", input_name, source.line_number(), problem));
    }
    const Verdict& verdict = scanner.Scan(document);
    summary.AddVerdict(verdict);
    AppendVerdictJson(verdict, &buffer);
    buffer.push_back('\n');
    if (buffer.size() >= kFlushBytes) output.Flush(&buffer);
  }
  output.Flush(&buffer);
  output.Close();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int RunReplay(std::span<const std::string_view> arg_list) {
  ReplayArgs args;
  ArgParser parser("bylaw replay [OPTIONS] RULES FILE.jsonl|-",
                   "Decides every document of a JSON Lines file and writes one verdict JSON\n"
                   "per line, then a summary to stderr. Malformed lines are reported as\n"
                   "FILE:LINE: error: ... and skipped. Exits 1 if the rules have errors.\n"
                   "Text is read from the keys text, title, description, caption,\n"
                   "transcript, comment, message and bio unless --fields says otherwise;\n"
                   "string members of a `metadata` object are kept as metadata.");
  DeclareArgs(parser, args);
  if (auto exit = ParseCommandLine(parser, "replay", arg_list)) return *exit;
  ConfigureLogging(args.verbose);

  const LoadedRules rules =
      LoadRules(args.rules_dir, KeepGoingOptions(args.keep_going), DiagnosticDetail::kErrorsOnly,
                args.cache);
  if (rules.program == nullptr) return kExitRuleErrors;
  const bool from_stdin = args.input == "-";
  std::ifstream file;
  if (!from_stdin) {
    file.open(args.input, std::ios::binary);
    if (!file) throw Error("cannot open `" + args.input + "`: " + std::strerror(errno));
  }
  Output output(args.output);
  JsonlSource source(from_stdin ? std::cin : file, MakeJsonlOptions(args));
  Scanner scanner(rules.program);
  ReplaySummary summary(*rules.program);
  spdlog::debug("replaying {}", from_stdin ? "stdin" : args.input);
  const double seconds =
      Replay(scanner, source, from_stdin ? "<stdin>" : args.input, output, summary);
  Write(stderr, summary.Format(seconds));
  return kExitOk;
}

}  // namespace bylaw::cli
