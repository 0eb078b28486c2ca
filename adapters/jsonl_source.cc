// JSON Lines in, Documents out: the first step of `bylaw replay`. Each line
// is parsed with nlohmann/json (the only file of the project that knows it),
// checked, and its values moved into the caller's reused Document.
#include "bylaw/jsonl_source.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "bylaw/error.h"
#include "bylaw/utf8.h"

namespace bylaw {
namespace {

using Json = nlohmann::json;

// Longest parser message kept; nlohmann quotes the input it read, which may
// be a whole long string.
constexpr std::size_t kMaxMessageBytes = 240;

// A parser message made safe to print on one line: control characters and
// stray bytes become \xNN, and long messages are cut.
std::string Printable(std::string_view message) {
  static constexpr char kHex[] = "0123456789abcdef";
  const bool cut = message.size() > kMaxMessageBytes;
  if (cut) message = message.substr(0, kMaxMessageBytes);
  std::string out;
  for (std::size_t i = 0; i < message.size();) {
    const auto c = static_cast<unsigned char>(message[i]);
    const std::size_t length = c >= 0x80 ? Utf8CharLength(message.substr(i)) : 1;
    if (c >= 0x20 && c != 0x7F && length != 0) {
      out.append(message.substr(i, length));
      i += length;
      continue;
    }
    out.append({'\\', 'x', kHex[c >> 4], kHex[c & 0xF]});
    ++i;
  }
  if (cut) out.append("...");
  return out;
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 1,
// column 8: syntax error ..." as "invalid JSON at column 8: syntax error ...";
// the line is always 1 since each line is parsed alone.
std::string ParseErrorMessage(std::string_view what) {
  if (const std::size_t bracket = what.find("] "); bracket != std::string_view::npos) {
    what.remove_prefix(bracket + 2);
  }
  constexpr std::string_view kPrefix = "parse error at line 1, ";
  std::string message = "invalid JSON";
  if (what.starts_with(kPrefix)) {
    what.remove_prefix(kPrefix.size());
    message += " at ";
  } else {
    message += ": ";
  }
  message += what;
  return Printable(message);
}

// Deepest nesting of arrays and objects accepted in one JSON text. nlohmann
// writes values (dump) recursively, so a line of 100,000 `[` would overflow
// the stack; such a line is reported and skipped instead.
constexpr std::size_t kMaxJsonDepth = 256;

// True if `json` nests arrays and objects deeper than `limit`, counting
// brackets outside strings. One cheap pass before parsing.
bool NestsDeeperThan(std::string_view json, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

void AddProblem(std::string* problems, std::string_view problem) {
  if (!problems->empty()) problems->append("; ");
  problems->append(problem);
}

void AppendNumber(std::uint64_t value, std::string* out) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

// Reads one line (without its '\n') into `line`, keeping at most `limit`
// bytes of it; the rest of a longer line is read and dropped. Returns the
// line's whole length, or npos at the end of input.
std::size_t ReadLine(std::istream& in, std::size_t limit, std::string* line) {
  line->clear();
  std::streambuf* buffer = in.rdbuf();
  std::size_t length = 0;
  for (;;) {
    const int c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return length == 0 ? std::string::npos : length;
    }
    if (c == '\n') return length;
    if (length++ < limit) line->push_back(static_cast<char>(c));
  }
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Sets document->id from `object[key]`, or to "line-<N>".
void ReadId(const Json& object, const std::string& key, std::size_t line_number,
            Document* document, std::string* problems) {
  const auto it = object.find(key);
  if (it != object.end() && it->is_string()) {
    document->id.assign(it->get_ref<const std::string&>());
    return;
  }
  if (it != object.end() && it->is_number_integer()) {
    if (it->is_number_unsigned()) {
      AppendNumber(it->get<std::uint64_t>(), &document->id);
    } else {
      document->id.assign(it->dump());  // negative
    }
    return;
  }
  if (it != object.end() && it->is_number_float()) {
    document->id.assign(it->dump());
    return;
  }
  document->id.assign("line-");
  AppendNumber(line_number, &document->id);
  if (it != object.end() && !it->is_null()) {
    AddProblem(problems, "`" + key + "` must be a string or a number, not " +
                             it->type_name() + "; using `" + document->id + "`");
  }
}

// Copies the members of `object[key]` into document->metadata.
void ReadMetadata(const Json& object, const std::string& key, Document* document,
                  std::string* problems) {
  if (key.empty()) return;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return;
  if (!it->is_object()) {
    AddProblem(problems, "`" + key + "` must be an object, not " +
                             std::string(it->type_name()) + "; ignored");
    return;
  }
  for (const auto& [name, value] : it->items()) {
    document->metadata.emplace_back(
        name, value.is_string() ? value.get_ref<const std::string&>() : value.dump());
  }
}

// Moves the string values of the text field keys into document->fields.
void ReadFields(Json& object, const std::vector<std::string>& keys, Document* document,
                std::string* problems) {
  for (const std::string& key : keys) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) continue;
    if (!it->is_string()) {
      AddProblem(problems, "field `" + key + "` must be a string, not " +
                               std::string(it->type_name()) + "; skipped");
      continue;
    }
    document->AddField(key, std::move(it->get_ref<std::string&>()));
  }
}

}  // namespace

JsonlSource::JsonlSource(std::istream& in, JsonlOptions options)
    : in_(in), options_(std::move(options)) {
  // A key listed twice would have its text moved out twice.
  std::vector<std::string>& fields = options_.text_fields;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    fields.erase(std::remove(fields.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                             fields.end(), fields[i]),
                 fields.end());
  }
}

JsonlSource::Next JsonlSource::Read(Document* document, std::string* problem) {
  document->Clear();
  problem->clear();
  while (true) {
    const std::size_t length = ReadLine(in_, options_.max_line_bytes, &line_);
    if (length == std::string::npos) {
      if (in_.bad()) {
        throw Error("read error after line " + std::to_string(line_number_));
      }
      return Next::kEnd;
    }
    ++line_number_;
    bytes_read_ += length + (in_.eof() ? 0 : 1);
    if (length > options_.max_line_bytes) {
      *problem = "line of " + std::to_string(length) + " bytes, over the limit of " +
                 std::to_string(options_.max_line_bytes) + " bytes";
      return Next::kSkipped;
    }
    if (!IsBlank(line_)) break;
  }
  if (NestsDeeperThan(line_, kMaxJsonDepth)) {
    *problem = "JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return Next::kSkipped;
  }
  Json object;
  try {
    object = Json::parse(line_);
  } catch (const Json::exception& e) {
    *problem = ParseErrorMessage(e.what());
    return Next::kSkipped;
  }
  if (!object.is_object()) {
    *problem = std::string("expected a JSON object, found ") + object.type_name();
    return Next::kSkipped;
  }
  ReadId(object, options_.id_key, line_number_, document, problem);
  ReadMetadata(object, options_.metadata_key, document, problem);
  ReadFields(object, options_.text_fields, document, problem);
  return Next::kDocument;
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
