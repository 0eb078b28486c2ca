// `captions:PATH`: each SRT or WebVTT file is one document whose text is
// streamed, cue by cue, into the field `captions`; the timeline kept on the
// way gives every span of the verdict its cue times.
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "builtin_adapters.h"
#include "bylaw/captions.h"
#include "bylaw/error.h"
#include "file_list.h"
#include "uri_support.h"

namespace bylaw::internal {
namespace {

constexpr std::string_view kField = "captions";

bool IsCaptionFile(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension == ".srt" || extension == ".vtt" || extension == ".webvtt";
}

// Reads one line ended by LF, CRLF or a lone CR (WebVTT allows all three)
// into *line, without its end; false at the end of the input.
bool ReadLine(std::istream& in, std::string* line) {
  line->clear();
  std::streambuf& buffer = *in.rdbuf();
  for (int c = buffer.sbumpc(); c != std::char_traits<char>::eof(); c = buffer.sbumpc()) {
    if (c == '\n') return true;
    if (c == '\r') {
      if (buffer.sgetc() == '\n') buffer.sbumpc();
      return true;
    }
    line->push_back(static_cast<char>(c));
  }
  in.setstate(std::ios::eofbit);
  return !line->empty();
}

// The cues of one file as pieces of text: each cue's text and a line break.
class CaptionTextStream final : public TextStream {
 public:
  CaptionTextStream(const std::filesystem::path& path, CaptionFormat format)
      : path_(path.string()), in_(path, std::ios::binary), parser_(format) {
    if (!in_) throw Error("cannot open `" + path_ + "`: " + std::strerror(errno));
  }

  bool Next(std::string_view* field, std::string_view* chunk) override {
    *field = kField;
    Cue cue;
    while (!done_) {
      if (ReadLine(in_, &line_)) {
        if (parser_.AddLine(line_, &cue) && Emit(cue, chunk)) return true;
        continue;
      }
      if (in_.bad()) {
        throw Error("cannot read `" + path_ + "` after line " +
                    std::to_string(parser_.line_number()));
      }
      done_ = true;
      if (parser_.Finish(&cue) && Emit(cue, chunk)) return true;
    }
    return false;
  }

  std::vector<Problem> TakeProblems() override { return parser_.TakeProblems(); }

  std::optional<SpanTime> TimeOf(const MatchSpan& span) const override {
    return timeline_.TimeOf(span.begin, span.end);
  }

 private:
  // Makes *chunk the cue's text and a line break; false for an empty cue.
  bool Emit(const Cue& cue, std::string_view* chunk) {
    chunk_.clear();
    if (cue.text.empty()) return false;
    timeline_.Add(cue, offset_, offset_ + cue.text.size());
    chunk_ = cue.text;
    chunk_.push_back('\n');
    offset_ += chunk_.size();
    *chunk = chunk_;
    return true;
  }

  std::string path_;
  std::ifstream in_;
  CaptionParser parser_;
  CaptionTimeline timeline_;
  std::string line_;
  std::string chunk_;
  std::uint64_t offset_ = 0;
  bool done_ = false;
};

// The format of `path`, peeking at its first line when the extension is silent.
CaptionFormat FormatOf(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string first_line;
  ReadLine(in, &first_line);
  return DetectCaptionFormat(path.string(), first_line);
}

class CaptionsSource final : public FileListSource {
 public:
  using FileListSource::FileListSource;

  // Each delivery holds an open file: keep few at a time.
  std::size_t preferred_batch_size() const override { return 1; }

 private:
  void ReadFile(const ListedFile& file, Delivery& delivery) override {
    const CaptionFormat format = FormatOf(file.path);
    delivery.document.metadata.emplace_back("format",
                                            format == CaptionFormat::kSrt ? "srt" : "webvtt");
    try {
      delivery.stream = std::make_unique<CaptionTextStream>(file.path, format);
    } catch (const Error& error) {
      delivery.malformed = true;
      delivery.AddProblem(error.what());
    }
  }
};

}  // namespace

std::unique_ptr<Source> OpenCaptionsSource(const AdapterUri& uri, const SourceOptions& options) {
  RefuseTextLines(uri, options, "reads captions");
  if (uri.body.empty()) throw Error("`" + uri.text + "` names no file or folder");
  return std::make_unique<CaptionsSource>(ListFiles(uri.body, uri.text, IsCaptionFile));
}

}  // namespace bylaw::internal
