// JSON Lines in, Documents out: the first step of `bylaw replay`. Each
// non-blank line is handed to the JsonDocumentReader, which reads it from a
// reused JsonTape (nlohmann/json for the lines the tape refuses) into the
// caller's reused Document.
#include "bylaw/jsonl_source.h"

#include <algorithm>
#include <istream>
#include <string>
#include <string_view>

#include "bylaw/error.h"
#include "json_document.h"

namespace bylaw {
namespace {

// What the line buffer keeps between lines: a rare long line (up to
// max_line_bytes) must not stay held for the rest of a long run.
constexpr std::size_t kKeptLineBytes = std::size_t{1} << 20;

// Bytes istream::getline reads at a time: a line longer than this is read
// in pieces.
constexpr std::size_t kPieceBytes = std::size_t{1} << 16;

// Reads one line (without its '\n') into `line`, keeping at most `limit`
// bytes of it; the rest of a longer line is read and dropped. Returns the
// line's whole length, or npos at the end of input. istream::getline finds
// the newline in the stream's buffer with memchr, and waits for more input
// only when the buffer holds no newline.
std::size_t ReadLine(std::istream& in, std::size_t limit, std::string* piece, std::string* line) {
  if (line->capacity() > kKeptLineBytes) std::string().swap(*line);
  line->clear();
  piece->resize(kPieceBytes + 1);
  std::size_t length = 0;
  for (;;) {
    in.getline(piece->data(), static_cast<std::streamsize>(piece->size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    // Failing with input left: the piece filled up before a newline.
    const bool more = in.fail() && !in.eof() && !in.bad();
    const bool newline = !in.fail() && !in.eof();
    const std::size_t stored = got - (newline ? 1 : 0);
    if (length < limit) line->append(piece->data(), std::min(stored, limit - length));
    length += stored;
    if (!more) return length == 0 && !newline && in.fail() ? std::string::npos : length;
    in.clear(in.rdstate() & ~std::ios::failbit);
  }
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

JsonlSource::JsonlSource(std::istream& in, const JsonlOptions& options)
    : in_(in),
      reader_(std::make_unique<internal::JsonDocumentReader>(options)),
      max_line_bytes_(options.max_line_bytes),
      text_lines_(options.text_lines) {}

JsonlSource::~JsonlSource() = default;

JsonlSource::Next JsonlSource::Read(Document* document, std::string* problem) {
  document->Clear();
  problem->clear();
  while (true) {
    const std::size_t length = ReadLine(in_, max_line_bytes_, &piece_, &line_);
    if (length == std::string::npos) {
      if (in_.bad()) {
        throw Error("read error after line " + std::to_string(line_number_));
      }
      return Next::kEnd;
    }
    ++line_number_;
    bytes_read_ += length + (in_.eof() ? 0 : 1);
    if (length > max_line_bytes_) {
      *problem = "line of " + std::to_string(length) + " bytes, over the limit of " +
                 std::to_string(max_line_bytes_) + " bytes";
      return Next::kSkipped;
    }
    if (!IsBlank(line_)) break;
  }
  fallback_id_.assign("line-");
  fallback_id_.append(std::to_string(line_number_));
  if (text_lines_) {
    ReadTextLine(document);
    return Next::kDocument;
  }
  return reader_->Read(line_, fallback_id_, document, problem) ? Next::kDocument : Next::kSkipped;
}

void JsonlSource::ReadTextLine(Document* document) {
  std::string_view text = line_;
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);  // CRLF files
  document->id = fallback_id_;
  document->CopyField("text", text);
}

std::vector<std::string> SplitFieldList(const std::string& list) {
  std::vector<std::string> names;
  std::string_view rest = list;
  while (!rest.empty()) {
    const std::size_t comma = std::min(rest.find(','), rest.size());
    std::string_view name = rest.substr(0, comma);
    rest.remove_prefix(std::min(comma + 1, rest.size()));
    const std::size_t first = name.find_first_not_of(' ');
    if (first == std::string_view::npos) continue;
    name = name.substr(first, name.find_last_not_of(' ') - first + 1);
    names.emplace_back(name);
  }
  return names;
}

}  // namespace bylaw
