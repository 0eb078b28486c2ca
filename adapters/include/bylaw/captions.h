// Captions: SRT and WebVTT files read cue by cue, and the timeline that maps
// byte offsets of the caption text back to cue times.
//
// A video's captions are one document. Its cues are appended, in file order,
// to one field (`captions`) of a DocumentStream, each followed by a line
// break, so a phrase split across two cues ("...try the tide" / "pod
// challenge tonight") still matches. The timeline turns every span of the
// verdict into the start and end time of the cues it covers.
#ifndef BYLAW_CAPTIONS_H_
#define BYLAW_CAPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/delivery.h"

namespace bylaw {

enum class CaptionFormat { kSrt, kWebVtt };

// The format of a caption file: by extension (.srt; .vtt or .webvtt), else
// WebVTT when `first_line` starts with "WEBVTT" (after a byte-order mark),
// else SRT.
CaptionFormat DetectCaptionFormat(std::string_view path, std::string_view first_line);

// One cue: when it is shown and what it says.
struct Cue {
  // 1-based position among the cues of the file, malformed ones included:
  // in a well-formed SRT file, the cue's own number.
  std::uint32_t number = 0;
  std::size_t line = 0;      // line of its timing line
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  // The payload with markup removed (<i>, <c.x>, <v Name>, {\an8}, inline
  // timestamps), entities decoded (&amp; &lt; &gt; &nbsp; &#NN; ...), and
  // lines joined with '\n'.
  std::string text;
};

// Parses captions line by line, so a file never has to be in memory whole.
// Malformed cues (a missing or bad timing line, an end before the start, a
// stray line where a cue should begin) are reported with their line numbers
// and skipped up to the next blank line. Not thread-safe.
class CaptionParser {
 public:
  explicit CaptionParser(CaptionFormat format);

  // Feeds the next line, without its line break (a final '\r' is ignored).
  // Returns true when it completes a cue, which is then in *cue.
  bool AddLine(std::string_view line, Cue* cue);
  // Ends the input. Returns true when a last cue was pending (no blank line
  // after it), which is then in *cue.
  bool Finish(Cue* cue);
  // The problems found since the last call.
  std::vector<Problem> TakeProblems();

  std::size_t line_number() const { return line_number_; }

 private:
  enum class State { kHeader, kHeaderBlock, kBetween, kAfterId, kText, kSkip };

  void Begin(std::string_view line);
  void StartCue(std::string_view timing_line);
  bool EndCue(Cue* cue);
  void Report(std::string message);
  void ReportMissingTiming();

  CaptionFormat format_;
  State state_;
  std::size_t line_number_ = 0;
  std::uint32_t cues_ = 0;
  std::string identifier_;  // the line before the timing line
  std::size_t identifier_line_ = 0;
  Cue pending_;
  std::vector<Problem> problems_;
};

// Where each cue's text lies in the caption field: cue after cue, in
// increasing offsets. Holds 40 bytes per cue, none of the text.
class CaptionTimeline {
 public:
  // Records that `cue`'s text was appended at [begin, end) of the field.
  // Offsets must not decrease from one call to the next.
  void Add(const Cue& cue, std::uint64_t begin, std::uint64_t end);
  // The time of the text at [begin, end): from the start of the first cue it
  // overlaps to the end of the last; nullopt when it overlaps none.
  std::optional<SpanTime> TimeOf(std::uint64_t begin, std::uint64_t end) const;
  void Clear() { entries_.clear(); }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
    std::uint32_t number = 0;
  };
  std::vector<Entry> entries_;
};

}  // namespace bylaw

#endif  // BYLAW_CAPTIONS_H_
