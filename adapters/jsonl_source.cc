// JSON Lines in, Documents out: the first step of `bylaw replay`. Each
// non-blank line is handed to the JsonDocumentReader, which parses it with
// nlohmann/json and moves its values into the caller's reused Document.
#include "bylaw/jsonl_source.h"

#include <algorithm>
#include <string_view>

#include "bylaw/error.h"
#include "json_document.h"

namespace bylaw {
namespace {

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

JsonlSource::JsonlSource(std::istream& in, const JsonlOptions& options)
    : in_(in), reader_(std::make_unique<detail::JsonDocumentReader>(options)) {}

JsonlSource::~JsonlSource() = default;

JsonlSource::Next JsonlSource::Read(Document* document, std::string* problem) {
  document->Clear();
  problem->clear();
  while (true) {
    if (!std::getline(in_, line_)) {
      if (in_.bad()) {
        throw Error("read error after line " + std::to_string(line_number_));
      }
      return Next::kEnd;
    }
    ++line_number_;
    bytes_read_ += line_.size() + (in_.eof() ? 0 : 1);
    if (!IsBlank(line_)) break;
  }
  fallback_id_.assign("line-");
  fallback_id_.append(std::to_string(line_number_));
  return reader_->Read(line_, fallback_id_, document, problem) ? Next::kDocument : Next::kSkipped;
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
