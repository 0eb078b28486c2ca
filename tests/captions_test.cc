// Tests for adapters/captions.cc, caption_text.cc and captions_source.cc:
// SRT and WebVTT cues, malformed cues reported with their lines, the
// timeline from offsets to cue times, and a video's captions decided as one
// streamed document whose spans carry cue times.
#include "bylaw/captions.h"

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/adapter_registry.h"
#include "bylaw/pipeline.h"
#include "caption_text.h"
#include "golden.h"
#include "test_rules.h"

namespace bylaw {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Parsed {
  std::vector<Cue> cues;
  std::vector<Problem> problems;
};

Parsed Parse(CaptionFormat format, const std::string& text) {
  CaptionParser parser(format);
  Parsed parsed;
  std::istringstream in(text);
  Cue cue;
  for (std::string line; std::getline(in, line);) {
    if (parser.AddLine(line, &cue)) parsed.cues.push_back(cue);
  }
  if (parser.Finish(&cue)) parsed.cues.push_back(cue);
  parsed.problems = parser.TakeProblems();
  return parsed;
}

Parsed ParseFile(const std::string& name) {
  const std::string text = test::ReadTestData("adapters/" + name);
  return Parse(DetectCaptionFormat(name, text.substr(0, text.find('\n'))), text);
}

std::vector<std::string> Texts(const Parsed& parsed) {
  std::vector<std::string> texts;
  for (const Cue& cue : parsed.cues) texts.push_back(cue.text);
  return texts;
}

TEST(CaptionParser, ReadsSrtCuesWithoutMarkup) {
  const Parsed parsed = ParseFile("tide_pod.srt");
  EXPECT_THAT(parsed.problems, IsEmpty());
  EXPECT_THAT(Texts(parsed), ElementsAre("ok everyone, tonight we try the tide",
                                         "pod challenge tonight", "who's in? & tag a friend"));
  ASSERT_EQ(parsed.cues.size(), 3u);
  EXPECT_EQ(parsed.cues[1].number, 2u);
  EXPECT_EQ(parsed.cues[1].line, 6u);
  EXPECT_EQ(parsed.cues[1].start_ms, 3500);
  EXPECT_EQ(parsed.cues[2].end_ms, 9250);
}

TEST(CaptionParser, ReadsWebVttCuesSkippingNotesAndStyles) {
  const Parsed parsed = ParseFile("tide_pod.vtt");
  EXPECT_THAT(parsed.problems, IsEmpty());
  EXPECT_THAT(Texts(parsed), ElementsAre("ok everyone, tonight we try the tide",
                                         "pod challenge tonight", "who's in? & tag a friend"));
  ASSERT_EQ(parsed.cues.size(), 3u);
  EXPECT_EQ(parsed.cues[0].start_ms, 1000);  // mm:ss.ttt, settings after the end
  EXPECT_EQ(parsed.cues[1].number, 2u);      // with an identifier line
  EXPECT_EQ(parsed.cues[2].start_ms, 3'606'000);
}

TEST(CaptionParser, ReportsMalformedCuesWithTheirLinesAndReadsOn) {
  const Parsed parsed = ParseFile("malformed.srt");
  std::vector<std::string> problems;
  for (const Problem& problem : parsed.problems) {
    problems.push_back(std::to_string(problem.line) + ": " + problem.message);
  }
  EXPECT_THAT(problems,
              ElementsAre(HasSubstr("6: malformed cue: expected a timing line such as "
                                    "`00:00:01,000 --> 00:00:04,000`, found `00:00:02,000 -> "),
                          "10: malformed cue: it ends at 00:00:04.000, before it starts at "
                          "00:00:05.000",
                          "13: malformed cue: expected a cue number or a timing line, found "
                          "`just some stray text`",
                          "15: malformed cue: `4` is not followed by a timing line"));
  EXPECT_THAT(Texts(parsed), ElementsAre("a good cue", "the tide\npod challenge"));
  EXPECT_EQ(parsed.cues[1].number, 5u);  // the file's own numbering
}

TEST(CaptionParser, WebVttWithoutHeaderIsReportedAndStillRead) {
  const Parsed parsed = Parse(CaptionFormat::kWebVtt, "00:01.000 --> 00:02.000\nhello\n");
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0].line, 1u);
  EXPECT_THAT(parsed.problems[0].message, HasSubstr("starts with `WEBVTT`"));
  EXPECT_THAT(Texts(parsed), ElementsAre("hello"));
}

TEST(CaptionParser, IdentifierAtTheEndWithoutTimingIsReported) {
  const Parsed parsed = Parse(CaptionFormat::kSrt, "1\n00:00:01,000 --> 00:00:02,000\na\n\n2");
  EXPECT_THAT(Texts(parsed), ElementsAre("a"));
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0].line, 5u);
}

TEST(CaptionText, TimingLinesInBothFormats) {
  struct Case {
    const char* line;
    std::int64_t start;
    std::int64_t end;
  };
  const std::vector<Case> good = {
      {"00:00:01,000 --> 00:00:02,500", 1000, 2500},
      {"01:02.003 --> 01:04.000 line:0 align:end", 62003, 64000},
      {"  100:00:00.000-->100:00:00.001", 360'000'000, 360'000'001},
  };
  for (const Case& c : good) {
    SCOPED_TRACE(c.line);
    const auto timing = internal::ParseCueTiming(c.line);
    ASSERT_TRUE(timing.has_value());
    EXPECT_EQ(timing->start_ms, c.start);
    EXPECT_EQ(timing->end_ms, c.end);
  }
  for (const char* bad : {"00:00:01 --> 00:00:02", "00:61:00.000 --> 00:62:00.000",
                          "00:00:01.00 --> 00:00:02.000", "1:2:3.000 --> 1:2:4.000",
                          "00:00:01.000 -> 00:00:02.000", "00:00:01.000 --> 00:00:02.000x",
                          "text", "00:00:01.000 -->"}) {
    EXPECT_FALSE(internal::ParseCueTiming(bad).has_value()) << bad;
  }
}

TEST(CaptionText, RemovesMarkupAndDecodesEntities) {
  struct Case {
    const char* line;
    const char* text;
  };
  const std::vector<Case> cases = {
      {"<i>tide</i> <b>pod</b>", "tide pod"},
      {"<v Roger Bingham>hello</v> <c.yellow.bg_blue>there</c>", "hello there"},
      {"a<00:00:01.500>b", "ab"},
      {"{\\an8}top", "top"},
      {"&lt;3 &amp; &quot;q&quot; &#233;&#xE9; &nbsp;&lrm;x", "<3 & \"q\" \xc3\xa9\xc3\xa9  x"},
      {"a < b and {c} &unknown; &#xZZ;", "a < b and {c} &unknown; &#xZZ;"},
      {"&#0; &#x110000;", "\xef\xbf\xbd \xef\xbf\xbd"},
  };
  for (const Case& c : cases) {
    std::string text;
    internal::AppendCueText(c.line, &text);
    EXPECT_EQ(text, c.text) << c.line;
  }
}

// A `<` with no `>` after it is text; so is every later one (remembered, so
// that a line of a million `<` is read in one pass, not one per `<`).
TEST(CaptionText, KeepsUnclosedMarkupAsTextInOnePass) {
  for (const std::string& opener : {std::string("<"), std::string("{\\")}) {
    std::string line;
    for (int i = 0; i < 200000; ++i) line += opener;
    line += "x";
    std::string text;
    internal::AppendCueText(line, &text);
    EXPECT_EQ(text, line) << opener;
  }
}

TEST(CaptionFormat, ChosenByExtensionThenContent) {
  EXPECT_EQ(DetectCaptionFormat("a.SRT", "WEBVTT"), CaptionFormat::kSrt);
  EXPECT_EQ(DetectCaptionFormat("a.vtt", "1"), CaptionFormat::kWebVtt);
  EXPECT_EQ(DetectCaptionFormat("a.webvtt", ""), CaptionFormat::kWebVtt);
  EXPECT_EQ(DetectCaptionFormat("captions.txt", "\xEF\xBB\xBFWEBVTT"), CaptionFormat::kWebVtt);
  EXPECT_EQ(DetectCaptionFormat("captions", "1"), CaptionFormat::kSrt);
}

TEST(CaptionTimeline, SpansMapToTheCuesTheyOverlap) {
  CaptionTimeline timeline;
  Cue cue;
  const std::vector<std::tuple<std::uint64_t, std::uint64_t, std::int64_t, std::int64_t>> cues = {
      {0, 10, 1000, 2000}, {11, 20, 2000, 3000}, {21, 30, 5000, 6000}};
  for (std::size_t i = 0; i < cues.size(); ++i) {
    cue.number = static_cast<std::uint32_t>(i + 1);
    cue.start_ms = std::get<2>(cues[i]);
    cue.end_ms = std::get<3>(cues[i]);
    timeline.Add(cue, std::get<0>(cues[i]), std::get<1>(cues[i]));
  }
  const auto inside = timeline.TimeOf(12, 15);
  ASSERT_TRUE(inside.has_value());
  EXPECT_EQ(inside->start_ms, 2000);
  EXPECT_EQ(inside->first_cue, 2u);
  EXPECT_EQ(inside->last_cue, 2u);
  const auto across = timeline.TimeOf(8, 25);
  ASSERT_TRUE(across.has_value());
  EXPECT_EQ(across->start_ms, 1000);
  EXPECT_EQ(across->end_ms, 6000);
  EXPECT_EQ(across->first_cue, 1u);
  EXPECT_EQ(across->last_cue, 3u);
  EXPECT_FALSE(timeline.TimeOf(10, 11).has_value());  // the line break between cues
  EXPECT_FALSE(timeline.TimeOf(40, 50).has_value());
}

constexpr char kPodPack[] = R"(category: dangerous-acts-and-challenges
terms:
  pod: [tide pod challenge]
  promote: ["who's in"]
rules:
  - id: pod.promotion
    when: pod and promote
    action: remove
)";

// Decides every document of `uri` with a pipeline; returns the JSON lines.
std::vector<nlohmann::json> Decide(const std::string& uri, std::string* problems) {
  const AdapterRegistry registry = AdapterRegistry::WithBuiltins();
  const auto source = registry.OpenSource(uri, {});
  // One file per process: ctest runs this suite's tests side by side. Removed
  // on the way out, whatever happens.
  const std::string out =
      ::testing::TempDir() + "captions_verdicts." + std::to_string(getpid()) + ".jsonl";
  struct RemoveOnExit {
    const std::string& path;
    ~RemoveOnExit() { std::remove(path.c_str()); }
  } remove_on_exit{out};
  {
    const auto sink = registry.OpenSink("jsonl:" + out);
    const auto program = test::MustCompile(kPodPack);
    Pipeline pipeline([program] { return program; }, *source, *sink);
    struct Problems : PipelineObserver {
      std::string* text;
      void OnWarnings(const Delivery& d) override {
        for (const Problem& p : d.problems) *text += FormatProblem(d, p, "warning");
      }
    } observer;
    observer.text = problems;
    pipeline.AddObserver(&observer);
    const std::atomic<bool> stop{false};
    pipeline.Run(stop);
  }
  std::vector<nlohmann::json> verdicts;
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);) verdicts.push_back(nlohmann::json::parse(line));
  return verdicts;
}

TEST(CaptionsSource, PhraseSplitAcrossCuesMatchesWithCueTimes) {
  for (const std::string name : {"tide_pod.srt", "tide_pod.vtt"}) {
    SCOPED_TRACE(name);
    std::string problems;
    const auto verdicts = Decide("captions:" + test::TestDataPath("adapters/" + name), &problems);
    EXPECT_EQ(problems, "");
    ASSERT_EQ(verdicts.size(), 1u);
    const nlohmann::json& verdict = verdicts[0];
    EXPECT_EQ(verdict["id"], name);
    EXPECT_EQ(verdict["decision"], "remove");
    const nlohmann::json& span = verdict["rules"][0]["spans"][0];
    EXPECT_EQ(span["field"], "captions");
    EXPECT_EQ(span["text"], "tide\npod challenge");
    EXPECT_EQ(span["time"]["start"], "00:00:01.000");
    EXPECT_EQ(span["time"]["end"], "00:00:06.000");
    EXPECT_EQ(span["time"]["first_cue"], 1);
    EXPECT_EQ(span["time"]["last_cue"], 2);
  }
}

// WebVTT lines may end in CR alone (and SRT files from old tools do): the
// cues are the same as with LF.
TEST(CaptionsSource, ReadsLinesEndedByCrAloneOrCrLf) {
  std::ifstream in(test::TestDataPath("adapters/tide_pod.vtt"), std::ios::binary);
  const std::string lf((std::istreambuf_iterator<char>(in)), {});
  for (const std::string ending : {"\r", "\r\n"}) {
    std::string text;
    for (const char c : lf) text += c == '\n' ? ending : std::string(1, c);
    const std::string path = ::testing::TempDir() + "tide_pod_cr." + std::to_string(getpid()) + ".vtt";
    std::ofstream(path, std::ios::binary) << text;
    std::string problems;
    const auto verdicts = Decide("captions:" + path, &problems);
    std::remove(path.c_str());
    EXPECT_EQ(problems, "");
    ASSERT_EQ(verdicts.size(), 1u);
    EXPECT_EQ(verdicts[0]["decision"], "remove");
    const nlohmann::json& span = verdicts[0]["rules"][0]["spans"][0];
    EXPECT_EQ(span["text"], "tide\npod challenge");
    EXPECT_EQ(span["time"]["last_cue"], 2);
  }
}

TEST(CaptionsSource, VerdictJsonIsPinned) {
  std::string problems;
  const auto verdicts =
      Decide("captions:" + test::TestDataPath("adapters/tide_pod.vtt"), &problems);
  ASSERT_EQ(verdicts.size(), 1u);
  nlohmann::json verdict = verdicts[0];
  verdict.erase("ruleset");  // a hash of the compiled program
  test::ExpectGolden("adapters/tide_pod.vtt.verdict.json", verdict.dump(2) + "\n");
}

TEST(CaptionsSource, MalformedCuesAreWarningsAndTheRestIsDecided) {
  std::string problems;
  const std::string path = test::TestDataPath("adapters/malformed.srt");
  const auto verdicts = Decide("captions:" + path, &problems);
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_THAT(problems, HasSubstr(path + ":6: warning: malformed cue: expected a timing line"));
  EXPECT_THAT(problems, HasSubstr(path + ":15: warning: malformed cue: `4` is not followed"));
  EXPECT_EQ(verdicts[0]["decision"], "allow");  // the pod cue has no promotion
  EXPECT_EQ(verdicts[0]["shadow"].size(), 0u);
}

TEST(CaptionsSource, FolderGivesOneDocumentPerCaptionFile) {
  std::string problems;
  const auto verdicts = Decide("captions:" + test::TestDataPath("adapters"), &problems);
  std::vector<std::string> ids;
  for (const auto& verdict : verdicts) ids.push_back(verdict["id"]);
  EXPECT_THAT(ids, ElementsAre("malformed.srt", "tide_pod.srt", "tide_pod.vtt"));
}

}  // namespace
}  // namespace bylaw
