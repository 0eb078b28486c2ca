// The text of caption cues: timestamps and the markup removed from a cue's
// payload. Private to adapters/ (and its tests).
#ifndef BYLAW_ADAPTERS_CAPTION_TEXT_H_
#define BYLAW_ADAPTERS_CAPTION_TEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bylaw::internal {

// A cue's start and end, in milliseconds.
struct CueTiming {
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
};

// Parses "00:01:02,500 --> 00:01:04,000" (SRT) or "01:02.500 --> 01:04.000
// line:0 align:start" (WebVTT: hours optional, settings after the end time).
// Either decimal separator is accepted in both formats. Returns nullopt when
// the line is not a timing line; the end may precede the start (the caller
// reports it).
std::optional<CueTiming> ParseCueTiming(std::string_view line);

// Appends one payload line to `text` without its markup: <tags> of any kind
// (<i>, <c.yellow>, <v Joe>, <00:00:01.000>), SSA overrides ({\an8}), and
// with the HTML entities captions use decoded (&amp; &lt; &gt; &quot;
// &apos; &nbsp; &lrm; &rlm; &#NN; &#xNN;). A '<' or '{' with no closing
// bracket on the line is kept as text.
void AppendCueText(std::string_view line, std::string* text);

}  // namespace bylaw::internal

#endif  // BYLAW_ADAPTERS_CAPTION_TEXT_H_
