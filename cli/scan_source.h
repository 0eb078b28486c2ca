// `bylaw scan --source URI`: decide the first document of a source (a caption
// file, a file, a JSON line) and explain it like a TEXT argument, with the
// cue times of every span when the source is timed.
#ifndef BYLAW_CLI_SCAN_SOURCE_H_
#define BYLAW_CLI_SCAN_SOURCE_H_

#include <memory>
#include <string>

#include "bylaw/program.h"
#include "bylaw/scan_limits.h"

namespace bylaw::cli {

// Prints the verdict (JSON when `json`) of the first document of `uri` and
// the problems met reading it. Returns kExitFlagged or kExitOk; kExitUsage
// when the source holds no document, a malformed one, or one `limits`
// refuse. Throws bylaw::Error when the source cannot be opened.
int ScanSource(const std::shared_ptr<const Program>& program, const std::string& uri,
               const ScanLimits& limits, bool json);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_SCAN_SOURCE_H_
