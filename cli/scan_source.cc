// The --source path of `bylaw scan`: one delivery from an adapter, decided
// with a DeliveryScanner (streamed for captions), explained with its times.
#include "scan_source.h"

#include <cstdio>

#include <spdlog/fmt/fmt.h>

#include "bylaw/adapter_registry.h"
#include "bylaw/pipeline.h"
#include "command_support.h"
#include "commands.h"
#include "input_args.h"
#include "verdict_text.h"

namespace bylaw::cli {
namespace {

// "cue times:" then one line per distinct span of a timed delivery:
//   captions[34,52) 00:00:03.000 --> 00:00:06.500 (cues 2-3)
std::string FormatTimes(const Delivery& delivery, const Verdict& verdict) {
  if (delivery.stream == nullptr) return "";
  std::string out;
  std::vector<const MatchSpan*> seen;
  for (const MatchSpan& span : verdict.spans) {
    const bool repeated = std::any_of(seen.begin(), seen.end(), [&](const MatchSpan* other) {
      return other->field == span.field && other->begin == span.begin && other->end == span.end;
    });
    const std::optional<SpanTime> time = delivery.stream->TimeOf(span);
    if (repeated || !time) continue;
    seen.push_back(&span);
    if (out.empty()) out = "cue times:\n";
    out += fmt::format("  {}[{},{}) {} --> {} (cue{} {}", verdict.FieldNameOf(span), span.begin,
                       span.end, FormatTimestamp(time->start_ms), FormatTimestamp(time->end_ms),
                       time->first_cue == time->last_cue ? "" : "s", time->first_cue);
    if (time->first_cue != time->last_cue) out += fmt::format("-{}", time->last_cue);
    out += ")\n";
  }
  return out;
}

}  // namespace

int ScanSource(const std::shared_ptr<const Program>& program, const std::string& uri,
               const ScanLimits& limits, bool json) {
  const std::unique_ptr<Source> source = Adapters().OpenSource(uri, SourceOptions{});
  DeliveryBatch batch(1);
  const bool more = source->Read(batch);
  if (batch.empty()) {
    Write(stderr, "bylaw scan: `" + uri + "` holds no document\n");
    return kExitUsage;
  }
  Delivery& delivery = batch[0];
  ProblemPrinter printer;
  if (delivery.malformed) {
    printer.OnFailure(delivery);
    return kExitUsage;
  }
  DeliveryScanner scanner(program, limits);
  const Verdict* scanned = scanner.Scan(delivery);
  if (scanned == nullptr) {  // over --max-document-bytes, with --oversize refuse
    printer.OnFailure(delivery);
    return kExitUsage;
  }
  const Verdict& verdict = *scanned;
  if (!delivery.problems.empty()) printer.OnWarnings(delivery);
  std::string out;
  if (json) {
    AppendDeliveryVerdictJson(delivery, verdict, &out);
    out += "\n";
  } else {
    out = FormatVerdictText(verdict, VerdictTextOptions{.color = StdoutWantsColor()});
    out += FormatTimes(delivery, verdict);
  }
  Write(stdout, out);
  // The verdict goes out before waiting on the source again: a producer on
  // a pipe may wait for it before it ends its input.
  std::fflush(stdout);
  DeliveryBatch rest(1);
  if (more && (source->Read(rest), !rest.empty())) {
    Write(stderr, "bylaw scan: decided the first document of `" + uri +
                      "` only; `bylaw replay` decides them all\n");
  }
  return verdict.Flagged() ? kExitFlagged : kExitOk;
}

}  // namespace bylaw::cli
