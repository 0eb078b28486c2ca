// Fuzzes the caption parsers (adapters/captions.cc): any bytes, read line by
// line as SRT or WebVTT, give cues and located problems, never a crash. Cues
// come in file order with sane times and lines, and the timeline built from
// them maps spans of the appended text back to times within the cues'.
//
// Input: the first byte picks the format (even: SRT, odd: WebVTT).
#include <algorithm>
#include <string>
#include <vector>

#include "bylaw/captions.h"
#include "fuzz_harness.h"

namespace bylaw::fuzz {
namespace {

// Feeds every line of `text` to `parser` and collects the cues and problems.
std::string ParseAll(std::string_view text, CaptionParser* parser, std::vector<Cue>* cues,
                     std::size_t* lines) {
  Cue cue;
  std::size_t problems = 0;
  auto check_problems = [&]() -> std::string {
    for (const Problem& problem : parser->TakeProblems()) {
      ++problems;
      if (problem.message.empty()) return "problem without a message";
      if (problem.line > parser->line_number() + 1) return "problem past the line read";
    }
    return "";
  };
  for (std::size_t pos = 0; pos <= text.size();) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    ++*lines;
    if (parser->AddLine(text.substr(pos, end - pos), &cue)) cues->push_back(cue);
    if (std::string problem = check_problems(); !problem.empty()) return problem;
    pos = end + 1;
  }
  if (parser->Finish(&cue)) cues->push_back(cue);
  return check_problems();
}

std::string CheckCues(const std::vector<Cue>& cues, std::size_t lines) {
  for (std::size_t i = 0; i < cues.size(); ++i) {
    const Cue& cue = cues[i];
    if (cue.end_ms < cue.start_ms) return "cue ends before it starts";
    if (cue.line == 0 || cue.line > lines) return "cue line outside the file";
    if (i > 0 && (cue.number <= cues[i - 1].number || cue.line <= cues[i - 1].line)) {
      return "cues out of file order";
    }
  }
  return "";
}

// Appends every cue to one text as the captions source does, and checks
// the time of spans over it.
std::string CheckTimeline(const std::vector<Cue>& cues) {
  CaptionTimeline timeline;
  std::string text;
  for (const Cue& cue : cues) {
    const std::size_t begin = text.size();
    text += cue.text;
    timeline.Add(cue, begin, text.size());
    text += '\n';
  }
  if (timeline.size() > cues.size()) return "timeline holds more entries than cues";
  std::int64_t earliest = 0, latest = 0;
  for (std::size_t i = 0; i < cues.size(); ++i) {
    earliest = i == 0 ? cues[i].start_ms : std::min(earliest, cues[i].start_ms);
    latest = i == 0 ? cues[i].end_ms : std::max(latest, cues[i].end_ms);
  }
  const std::size_t step = std::max<std::size_t>(1, text.size() / 16);
  for (std::size_t begin = 0; begin < text.size(); begin += step) {
    const auto time = timeline.TimeOf(begin, std::min(text.size(), begin + step));
    if (!time) continue;
    if (time->end_ms < time->start_ms) return "span time ends before it starts";
    if (time->start_ms < earliest || time->end_ms > latest) return "span time outside every cue";
  }
  return "";
}

}  // namespace

std::string FuzzCaptions(std::string_view input) {
  const CaptionFormat format = !input.empty() && (static_cast<unsigned char>(input[0]) & 1)
                                   ? CaptionFormat::kWebVtt
                                   : CaptionFormat::kSrt;
  CaptionParser parser(format);
  std::vector<Cue> cues;
  std::size_t lines = 0;
  std::string problem = ParseAll(input.empty() ? input : input.substr(1), &parser, &cues, &lines);
  if (problem.empty()) problem = CheckCues(cues, lines);
  if (problem.empty()) problem = CheckTimeline(cues);
  return problem;
}

}  // namespace bylaw::fuzz

BYLAW_FUZZ_ENTRY(bylaw::fuzz::FuzzCaptions)
