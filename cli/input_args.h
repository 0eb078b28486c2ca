// What the commands that read documents through adapters share: the options
// that choose JSON fields (--field, --fields, --id) or plain text
// (--text-lines), the registry of adapters, the observer that prints every
// problem of the input to stderr as "ORIGIN:LINE: error: ...", and the one
// check that fails a command whose input was mostly unreadable.
#ifndef BYLAW_CLI_INPUT_ARGS_H_
#define BYLAW_CLI_INPUT_ARGS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "args.h"
#include "bylaw/adapter_registry.h"
#include "bylaw/jsonl_source.h"
#include "bylaw/pipeline.h"
#include "bylaw/scan_limits.h"

namespace bylaw::cli {

struct InputArgs {
  std::vector<std::string> field_specs;  // --field NAME=PATH, repeated
  std::string fields;                    // --fields A,B,C
  std::string id = JsonlOptions{}.id_key;  // --id KEY|/POINTER
  bool text_lines = false;               // --text-lines: plain text, one document per line
};

// Declares --field, --fields, --id and --text-lines.
void AddInputArgs(ArgParser& parser, InputArgs* args);

// --max-document-bytes and --oversize: how much text a document may have to
// be scanned whole, and what happens to a larger one.
struct ScanLimitArgs {
  std::size_t max_document_bytes = kPipelineScanLimits.max_document_bytes;
  ScanLimits::Oversize oversize = kPipelineScanLimits.oversize;
};

// Declares --max-document-bytes and --oversize.
void AddScanLimitArgs(ArgParser& parser, ScanLimitArgs* args);

// The limits the arguments ask for; kPipelineScanLimits for what they leave
// out.
ScanLimits MakeScanLimits(const ScanLimitArgs& args);

// The source options the arguments ask for: JsonlOptions' defaults unless
// --fields or --field name fields (then those, --fields first); plain-text
// lines with --text-lines.
SourceOptions MakeSourceOptions(const InputArgs& args);

// The adapters of the `bylaw` command: the built-in ones.
const AdapterRegistry& Adapters();

// The --help lines listing the source schemes (no final line break).
std::string SourceSchemesHelp();

// Prints the problems of each delivery to stderr, as warnings for decided
// documents and errors for the others (a refused one: why, at its origin and
// line), and counts them.
class ProblemPrinter : public PipelineObserver {
 public:
  void OnWarnings(const Delivery& delivery) override;
  void OnFailure(const Delivery& delivery) override;

  std::size_t malformed() const { return malformed_; }
  std::size_t refused() const { return refused_; }
  std::size_t with_warnings() const { return with_warnings_; }

 private:
  std::size_t malformed_ = 0;
  std::size_t refused_ = 0;
  std::size_t with_warnings_ = 0;
};

// Counts what became of every delivery read, for the check that ends each
// command reading documents (replay, eval, diff). Attach it to the pipeline
// (or call OnVerdict / OnFailure for each delivery).
class InputTally final : public PipelineObserver {
 public:
  void OnVerdict(const Delivery& delivery, const Verdict& verdict) override;
  void OnFailure(const Delivery& delivery) override;
  // A decided document the command cannot use after all (eval: not a
  // labelled case); it counts as rejected, not as read.
  void Reject() { ++unusable_; }

  // Decided deliveries, less the ones Reject() took back.
  std::size_t decided() const { return verdicts_ - unusable_; }
  // Malformed, refused or failed deliveries, and the ones Reject() took back.
  std::size_t rejected() const { return failures_ + unusable_; }
  // Of the rejected, the deliveries that were not documents (invalid JSON).
  std::size_t malformed() const { return malformed_; }

 private:
  std::size_t verdicts_ = 0;
  std::size_t failures_ = 0;
  std::size_t unusable_ = 0;
  std::size_t malformed_ = 0;
};

// The input check: when `tally` decided no document, or rejected more than
// it decided (more than half of what was read is malformed, refused or
// unusable), writes "bylaw COMMAND: `INPUT`: ..." to stderr, with a hint
// to --text-lines for malformed input read as JSON, and returns
// kExitBadInput. Returns nullopt when the input is good enough.
std::optional<int> CheckInput(const InputTally& tally, std::string_view command,
                              std::string_view input, const InputArgs& args);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_INPUT_ARGS_H_
