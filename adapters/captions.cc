// SRT and WebVTT, line by line: a small state machine per format that turns
// lines into cues and reports malformed cues with their line numbers, and the
// timeline from caption text offsets back to cue times.
#include "bylaw/captions.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "caption_text.h"
#include "json_document.h"

namespace bylaw {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

bool IsNumber(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return !line.empty() && std::all_of(line.begin(), line.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

// `word` alone or followed by a space or tab ("NOTE", "NOTE this is ...").
bool StartsWithWord(std::string_view line, std::string_view word) {
  return line.starts_with(word) &&
         (line.size() == word.size() || line[word.size()] == ' ' || line[word.size()] == '\t');
}

std::string Quote(std::string_view line) {
  constexpr std::size_t kMax = 60;
  std::string quoted = "`" + internal::Printable(line.substr(0, kMax));
  if (line.size() > kMax) quoted += "...";
  return quoted + "`";
}

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

}  // namespace

CaptionFormat DetectCaptionFormat(std::string_view path, std::string_view first_line) {
  const std::string lower = Lowercase(path);
  if (lower.ends_with(".srt")) return CaptionFormat::kSrt;
  if (lower.ends_with(".vtt") || lower.ends_with(".webvtt")) return CaptionFormat::kWebVtt;
  if (first_line.starts_with(kByteOrderMark)) first_line.remove_prefix(kByteOrderMark.size());
  return first_line.starts_with("WEBVTT") ? CaptionFormat::kWebVtt : CaptionFormat::kSrt;
}

CaptionParser::CaptionParser(CaptionFormat format)
    : format_(format),
      state_(format == CaptionFormat::kWebVtt ? State::kHeader : State::kBetween) {}

void CaptionParser::Report(std::string message) {
  problems_.push_back(Problem{line_number_, std::move(message)});
}

void CaptionParser::ReportMissingTiming() {
  problems_.push_back(Problem{identifier_line_, "malformed cue: " + Quote(identifier_) +
                                                    " is not followed by a timing line"});
}

std::vector<Problem> CaptionParser::TakeProblems() { return std::exchange(problems_, {}); }

void CaptionParser::StartCue(std::string_view timing_line) {
  const std::optional<internal::CueTiming> timing = internal::ParseCueTiming(timing_line);
  if (!timing) {
    Report("malformed cue: expected a timing line such as `" +
           std::string(format_ == CaptionFormat::kSrt ? "00:00:01,000 --> 00:00:04,000"
                                                      : "00:00:01.000 --> 00:00:04.000") +
           "`, found " + Quote(timing_line));
    state_ = State::kSkip;
    return;
  }
  if (timing->end_ms < timing->start_ms) {
    Report("malformed cue: it ends at " + FormatTimestamp(timing->end_ms) +
           ", before it starts at " + FormatTimestamp(timing->start_ms));
    state_ = State::kSkip;
    return;
  }
  pending_.line = line_number_;
  pending_.start_ms = timing->start_ms;
  pending_.end_ms = timing->end_ms;
  pending_.text.clear();
  state_ = State::kText;
}

bool CaptionParser::EndCue(Cue* cue) {
  state_ = State::kBetween;
  pending_.number = cues_;
  *cue = pending_;
  return true;
}

// A non-blank line where a cue may begin.
void CaptionParser::Begin(std::string_view line) {
  if (format_ == CaptionFormat::kWebVtt &&
      (StartsWithWord(line, "NOTE") || StartsWithWord(line, "STYLE") ||
       StartsWithWord(line, "REGION"))) {
    state_ = State::kSkip;  // a comment or a style block: not text
    return;
  }
  const bool timing = line.find("-->") != std::string_view::npos;
  if (!timing && format_ == CaptionFormat::kSrt && !IsNumber(line)) {
    Report("malformed cue: expected a cue number or a timing line, found " + Quote(line));
    state_ = State::kSkip;
    return;
  }
  ++cues_;
  if (timing) {
    StartCue(line);
    return;
  }
  identifier_.assign(line);  // an SRT number or a WebVTT cue identifier
  identifier_line_ = line_number_;
  state_ = State::kAfterId;
}

bool CaptionParser::AddLine(std::string_view line, Cue* cue) {
  ++line_number_;
  if (line.ends_with('\r')) line.remove_suffix(1);
  if (line_number_ == 1 && line.starts_with(kByteOrderMark)) {
    line.remove_prefix(kByteOrderMark.size());
  }
  const bool blank = IsBlank(line);
  switch (state_) {
    case State::kHeader:
      state_ = State::kHeaderBlock;
      if (!StartsWithWord(line, "WEBVTT")) {
        Report("malformed header: a WebVTT file starts with `WEBVTT`, found " + Quote(line));
        state_ = State::kBetween;
        if (!blank) Begin(line);
      }
      return false;
    case State::kHeaderBlock:
      if (blank) state_ = State::kBetween;
      return false;
    case State::kBetween:
      if (!blank) Begin(line);
      return false;
    case State::kAfterId:
      if (blank) {
        ReportMissingTiming();
        state_ = State::kBetween;
      } else {
        StartCue(line);
      }
      return false;
    case State::kText:
      if (blank) return EndCue(cue);
      if (!pending_.text.empty()) pending_.text.push_back('\n');
      internal::AppendCueText(line, &pending_.text);
      return false;
    case State::kSkip:
      if (blank) state_ = State::kBetween;
      return false;
  }
  return false;
}

bool CaptionParser::Finish(Cue* cue) {
  if (state_ == State::kText) return EndCue(cue);
  if (state_ == State::kAfterId) ReportMissingTiming();
  state_ = State::kBetween;
  return false;
}

void CaptionTimeline::Add(const Cue& cue, std::uint64_t begin, std::uint64_t end) {
  entries_.push_back(Entry{begin, end, cue.start_ms, cue.end_ms, cue.number});
}

std::optional<SpanTime> CaptionTimeline::TimeOf(std::uint64_t begin, std::uint64_t end) const {
  // Entries are in increasing offsets, so both bounds are binary searches.
  const auto first = std::partition_point(entries_.begin(), entries_.end(),
                                          [&](const Entry& e) { return e.end <= begin; });
  const auto last = std::partition_point(first, entries_.end(),
                                         [&](const Entry& e) { return e.begin < end; });
  if (first == last) return std::nullopt;
  SpanTime time{first->start_ms, first->end_ms, first->number, (last - 1)->number};
  for (auto it = first; it != last; ++it) {
    time.start_ms = std::min(time.start_ms, it->start_ms);
    time.end_ms = std::max(time.end_ms, it->end_ms);
  }
  return time;
}

}  // namespace bylaw
