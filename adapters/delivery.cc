// Deliveries: reuse, problem messages, and the verdict JSON with the times
// of the spans of timed text (captions).
#include "bylaw/delivery.h"

#include <cstdio>
#include <span>

#include <nlohmann/json.hpp>

#include "bylaw/log_text.h"

namespace bylaw {

void Delivery::Clear() {
  handle.clear();
  origin.clear();
  line = 0;
  deliveries = 1;
  malformed = false;
  problems.clear();
  document.Clear();
  stream.reset();
  outcome = Outcome::kPending;
  error.clear();
  scan_seconds = 0;
  text_bytes = 0;
}

std::string FormatProblem(const Delivery& delivery, const Problem& problem,
                          std::string_view severity) {
  // Messages quote documents (ids, values): escaped, one line each.
  std::string text = LogSafe(delivery.origin);
  if (problem.line != 0) text += ":" + std::to_string(problem.line);
  text += ": ";
  text += severity;
  text += ": ";
  text += LogSafe(problem.message);
  text += "\n";
  return text;
}

DeliveryBatch::DeliveryBatch(std::size_t capacity) : slots_(capacity == 0 ? 1 : capacity) {}

Delivery& DeliveryBatch::Add() {
  Delivery& delivery = slots_[size_++];
  delivery.Clear();
  return delivery;
}

std::string FormatTimestamp(std::int64_t ms) {
  if (ms < 0) ms = 0;
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%02lld:%02lld:%02lld.%03lld",
                static_cast<long long>(ms / 3'600'000), static_cast<long long>(ms / 60'000 % 60),
                static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
  return buffer;
}

namespace {

using OrderedJson = nlohmann::ordered_json;

// Adds "time" to each span object of `rules` (the JSON of `matches`).
void AddTimes(const Verdict& verdict, std::span<const RuleMatch> matches, const TextStream& stream,
              OrderedJson& rules) {
  if (!rules.is_array() || rules.size() != matches.size()) return;
  for (std::size_t r = 0; r < matches.size(); ++r) {
    OrderedJson& spans = rules[r]["spans"];
    const std::span<const MatchSpan> match_spans = verdict.SpansOf(matches[r]);
    if (!spans.is_array() || spans.size() != match_spans.size()) continue;
    for (std::size_t s = 0; s < match_spans.size(); ++s) {
      const std::optional<SpanTime> time = stream.TimeOf(match_spans[s]);
      if (!time) continue;
      spans[s]["time"] = OrderedJson{{"start", FormatTimestamp(time->start_ms)},
                                     {"end", FormatTimestamp(time->end_ms)},
                                     {"first_cue", time->first_cue},
                                     {"last_cue", time->last_cue}};
    }
  }
}

}  // namespace

void AppendDeliveryVerdictJson(const Delivery& delivery, const Verdict& verdict,
                               std::string* out) {
  if (delivery.stream == nullptr || verdict.spans.empty()) {
    AppendVerdictJson(verdict, out);
    return;
  }
  // Timed deliveries are whole videos, one per verdict: rebuilding their
  // JSON costs little next to reading them, and keeps each span whole.
  std::string plain;
  AppendVerdictJson(verdict, &plain);
  OrderedJson json = OrderedJson::parse(plain);
  AddTimes(verdict, verdict.live, *delivery.stream, json["rules"]);
  AddTimes(verdict, verdict.shadow, *delivery.stream, json["shadow"]);
  out->append(json.dump());
}

}  // namespace bylaw
