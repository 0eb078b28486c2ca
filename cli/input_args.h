// What the commands that read documents through adapters share: the options
// that choose JSON fields (--field, --fields, --id), the registry of
// adapters, and the observer that prints every problem of the input to
// stderr as "ORIGIN:LINE: error: ...".
#ifndef BYLAW_CLI_INPUT_ARGS_H_
#define BYLAW_CLI_INPUT_ARGS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "args.h"
#include "bylaw/adapter_registry.h"
#include "bylaw/pipeline.h"
#include "bylaw/scan_limits.h"

namespace bylaw::cli {

struct InputArgs {
  std::vector<std::string> field_specs;  // --field NAME=PATH, repeated
  std::string fields;                    // --fields A,B,C
  std::string id;                        // --id KEY|/POINTER
};

// Declares --field, --fields and --id.
void AddInputArgs(ArgParser& parser, InputArgs* args);

// --max-document-bytes and --oversize: how much text a document may have to
// be scanned whole, and what happens to a larger one.
struct ScanLimitArgs {
  std::string max_document_bytes;  // N, NK, NM or NG (KiB, MiB, GiB); empty: 1M
  std::string oversize;            // `stream` or `refuse`; empty: stream
};

// Declares --max-document-bytes and --oversize.
void AddScanLimitArgs(ArgParser& parser, ScanLimitArgs* args);

// The limits the arguments ask for; kPipelineScanLimits for what they leave
// out. Throws bylaw::Error naming the option for a value it cannot read.
ScanLimits MakeScanLimits(const ScanLimitArgs& args);

// The source options the arguments ask for: JsonlOptions' defaults unless
// --fields or --field name fields (then those, --fields first).
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

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_INPUT_ARGS_H_
