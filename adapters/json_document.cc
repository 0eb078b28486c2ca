// JSON object -> Document: the id, the metadata object and the text fields,
// each found by member name or JSON pointer, every value that cannot be used
// reported as a problem rather than dropped silently.
#include "json_document.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>

#include "bylaw/error.h"
#include "bylaw/utf8.h"
#include "json_text.h"

namespace bylaw::internal {
namespace {

using Json = nlohmann::json;
using JsonPointer = Json::json_pointer;

// Longest parser message kept; nlohmann quotes the input it read, which may
// be a whole long string.
constexpr std::size_t kMaxMessageBytes = 240;

// nlohmann's "[json.exception.parse_error.101] parse error at line 1,
// column 8: syntax error ..." as "invalid JSON at column 8: syntax error ...";
// the line is always 1 since each document is parsed alone.
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

// Calls `visit(c)` for each byte of `json` outside strings, and for the
// quote that opens each string, until it returns false. The cheap pass the
// checks below make before anything is parsed.
template <typename Visit>
void ForEachStructuralByte(std::string_view json, Visit&& visit) {
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (!in_string) {
      in_string = c == '"';
      if (!visit(c)) return;
    } else if (c == '\\') {
      ++i;
    } else if (c == '"') {
      in_string = false;
    }
  }
}

// True if `json` nests arrays and objects deeper than `limit`.
bool NestsDeeperThan(std::string_view json, std::size_t limit) {
  std::size_t depth = 0;
  bool deeper = false;
  ForEachStructuralByte(json, [&](char c) {
    if (c == '[' || c == '{') {
      deeper = ++depth > limit;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    return !deeper;
  });
  return deeper;
}

// Values in the arrays directly under the root of `json` (a batch's
// documents), counted by the commas between them, without parsing: a batch
// of a million `{}` is refused before it is built. Stops past `limit`.
std::size_t CountBatchElements(std::string_view json, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t count = 0;
  bool in_batch = false;    // inside an array at depth 2
  bool seen_value = false;  // that array's current value was counted
  ForEachStructuralByte(json, [&](char c) {
    const bool blank = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (in_batch && depth == 2 && !seen_value && !blank && c != ']') {
      seen_value = true;
      ++count;
    }
    if (c == '[' || c == '{') {
      if (++depth == 2 && c == '[') in_batch = true, seen_value = false;
    } else if (c == ']' || c == '}') {
      if (depth == 2) in_batch = false;
      if (depth > 0) --depth;
    } else if (c == ',' && in_batch && depth == 2) {
      seen_value = false;
    }
    return count <= limit;
  });
  return count;
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

// `text`, or `/meta/title`: how a spec is named in messages.
std::string Quoted(std::string_view name) { return "`" + std::string(name) + "`"; }

// The pointer that a member name stands for ("a/b" -> "/a~1b"), so that a
// key and a pointer reading the same value can be recognised.
std::string PathOf(const std::string& key, const std::optional<JsonPointer>& pointer) {
  if (pointer) return pointer->to_string();
  std::string path = "/";
  for (const char c : key) {
    if (c == '~') {
      path += "~0";
    } else if (c == '/') {
      path += "~1";
    } else {
      path += c;
    }
  }
  return path;
}

JsonPointer ParsePointer(const std::string& text) {
  try {
    return JsonPointer(text);
  } catch (const Json::exception& e) {
    std::string_view what = e.what();
    if (const std::size_t bracket = what.find("] "); bracket != std::string_view::npos) {
      what.remove_prefix(bracket + 2);
    }
    throw Error("invalid JSON pointer `" + text + "`: " + std::string(what));
  }
}

// The unescaped tokens of a pointer that ParsePointer accepted: "/a~1b/0"
// -> {"a/b", "0"}.
std::vector<std::string> PointerTokens(std::string_view text) {
  std::vector<std::string> tokens;
  while (text.starts_with('/')) {
    text.remove_prefix(1);
    const std::size_t slash = std::min(text.find('/'), text.size());
    std::string token;
    for (std::size_t i = 0; i < slash; ++i) {
      if (text[i] == '~' && i + 1 < slash) {
        token += text[++i] == '1' ? '/' : '~';
      } else {
        token += text[i];
      }
    }
    tokens.push_back(std::move(token));
    text.remove_prefix(slash);
  }
  return tokens;
}

// Builds the document as nlohmann's own parser does, except that an integer
// too large for 64 bits is kept as its digits (a string) instead of a
// rounded double: ids beyond 2^64 stay distinct.
class ExactIntegers {
 public:
  explicit ExactIntegers(Json& result) : dom_(result, /*allow_exceptions=*/true) {}

  bool null() { return dom_.null(); }
  bool boolean(bool value) { return dom_.boolean(value); }
  bool number_integer(Json::number_integer_t value) { return dom_.number_integer(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return dom_.number_unsigned(value); }
  bool number_float(Json::number_float_t value, const std::string& text) {
    if (text.find_first_of(".eE") == std::string::npos) {
      std::string digits = text;
      return dom_.string(digits);
    }
    return dom_.number_float(value, text);
  }
  bool string(std::string& value) { return dom_.string(value); }
  bool binary(Json::binary_t& value) { return dom_.binary(value); }
  bool start_object(std::size_t size) { return dom_.start_object(size); }
  bool key(std::string& value) { return dom_.key(value); }
  bool end_object() { return dom_.end_object(); }
  bool start_array(std::size_t size) { return dom_.start_array(size); }
  bool end_array() { return dom_.end_array(); }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& error) {
    return dom_.parse_error(position, token, error);
  }

 private:
  nlohmann::detail::json_sax_dom_parser<Json> dom_;
};

}  // namespace

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

JsonDocumentReader::FieldSpec JsonDocumentReader::ParseFieldSpec(const std::string& spec) {
  FieldSpec parsed;
  std::string path = spec;
  if (!spec.starts_with('/')) {
    if (const std::size_t equals = spec.find('='); equals != std::string::npos) {
      parsed.name = spec.substr(0, equals);
      path = spec.substr(equals + 1);
      if (parsed.name.empty()) throw Error("field `" + spec + "` needs a name before `=`");
    }
  }
  if (path.starts_with('/')) {
    parsed.pointer = ParsePointer(path);
    parsed.tokens = PointerTokens(path);
    if (parsed.name.empty()) parsed.name = parsed.pointer->back();
  } else {
    parsed.key = path;
    if (parsed.name.empty()) parsed.name = path;
  }
  if (parsed.name.empty() || (path.empty() && !parsed.pointer)) {
    throw Error("field `" + spec + "` names no member");
  }
  return parsed;
}

JsonDocumentReader::JsonDocumentReader(const JsonlOptions& options)
    : metadata_key_(options.metadata_key), require_text_(options.require_text) {
  std::vector<std::string> paths;
  for (const std::string& spec : options.text_fields) {
    bool repeated = false;
    FieldSpec parsed = ParseFieldSpec(spec);
    const std::string path = PathOf(parsed.key, parsed.pointer);
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      if (paths[i] != path) continue;
      // The same value into the same field is read once; into another, the
      // earlier field copies it and the last one moves it.
      repeated = repeated || fields_[i].name == parsed.name;
      fields_[i].copy = true;
    }
    if (repeated) continue;
    field_list_ += (field_list_.empty() ? "" : ", ") + Quoted(spec);
    paths.push_back(path);
    fields_.push_back(std::move(parsed));
  }
  for (const std::string& spec : options.metadata_fields) {
    metadata_fields_.push_back(ParseFieldSpec(spec));
  }
  if (options.id_key.starts_with('/')) {
    id_.pointer = ParsePointer(options.id_key);
    id_.tokens = PointerTokens(options.id_key);
  } else {
    id_.key = options.id_key;
  }
}

Json* JsonDocumentReader::Find(Json& object, const std::string& key,
                               const std::optional<JsonPointer>& pointer) {
  if (!pointer) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }
  try {
    return object.contains(*pointer) ? &object.at(*pointer) : nullptr;
  } catch (const Json::exception&) {
    return nullptr;  // a token that is not an index into an array
  }
}

// Sets document->id from the id spec, or to `fallback_id`.
void JsonDocumentReader::ReadId(Json& object, std::string_view fallback_id, Document* document,
                                std::string* problems) {
  const Json* value = Find(object, id_.key, id_.pointer);
  if (value != nullptr && value->is_string()) {
    document->id.assign(value->get_ref<const std::string&>());
    return;
  }
  if (value != nullptr && value->is_number_unsigned()) {
    AppendNumber(value->get<std::uint64_t>(), &document->id);
    return;
  }
  if (value != nullptr && value->is_number()) {
    document->id.assign(value->dump());  // negative or floating
    return;
  }
  document->id.assign(fallback_id);
  if (value != nullptr && !value->is_null()) {
    AddProblem(problems, Quoted(id_.pointer ? id_.pointer->to_string() : id_.key) +
                             " must be a string or a number, not " + value->type_name() +
                             "; using `" + document->id + "`");
  }
}

// Copies the members of `object[metadata_key_]`, then the values of the
// metadata field specs, into document->metadata.
void JsonDocumentReader::ReadMetadata(Json& object, Document* document, std::string* problems) {
  auto add = [document](const std::string& name, const Json& value) {
    document->metadata.emplace_back(
        name, value.is_string() ? value.get_ref<const std::string&>() : value.dump());
  };
  const auto it = metadata_key_.empty() ? object.end() : object.find(metadata_key_);
  if (it != object.end() && it->is_object()) {
    for (const auto& [name, value] : it->items()) add(name, value);
  } else if (it != object.end() && !it->is_null()) {
    AddProblem(problems, Quoted(metadata_key_) + " must be an object, not " +
                             std::string(it->type_name()) + "; ignored");
  }
  for (const FieldSpec& spec : metadata_fields_) {
    const Json* value = Find(object, spec.key, spec.pointer);
    if (value != nullptr && !value->is_null()) add(spec.name, *value);
  }
}

// Moves (or copies) the string values of the field specs into the document.
void JsonDocumentReader::ReadFields(Json& object, Document* document, std::string* problems) {
  for (const FieldSpec& spec : fields_) {
    Json* value = Find(object, spec.key, spec.pointer);
    if (value == nullptr || value->is_null()) continue;
    if (!value->is_string()) {
      AddProblem(problems, "field " + Quoted(spec.pointer ? spec.pointer->to_string() : spec.key) +
                               " must be a string, not " + std::string(value->type_name()) +
                               "; skipped");
      continue;
    }
    std::string& text = value->get_ref<std::string&>();
    document->AddField(spec.name, spec.copy ? text : std::move(text));
  }
}

bool JsonDocumentReader::ReadObject(Json& object, std::string_view fallback_id,
                                    Document* document, std::string* problem) {
  document->Clear();
  problem->clear();
  if (!object.is_object()) {
    *problem = std::string("expected a JSON object, found ") + object.type_name();
    return false;
  }
  ReadId(object, fallback_id, document, problem);
  ReadMetadata(object, document, problem);
  ReadFields(object, document, problem);
  if (!document->fields.empty() || fields_.empty()) return true;
  const std::string missing = "no text field (looked for " + field_list_ + ")";
  if (!require_text_) {
    AddProblem(problem, missing + "; decided on no text");
    return true;
  }
  document->Clear();
  *problem = missing;
  return false;
}

bool JsonDocumentReader::Parse(std::string_view json, Json* value, std::size_t* replaced,
                               std::string* problem) {
  if (NestsDeeperThan(json, kMaxJsonDepth)) {
    *problem = "JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return false;
  }
  json = RepairJsonText(json, &repaired_, replaced);
  try {
    ExactIntegers sax(*value);
    Json::sax_parse(json, &sax);
  } catch (const Json::exception& e) {
    *problem = ParseErrorMessage(e.what());
    return false;
  }
  return true;
}

namespace {

// The problem of characters read as U+FFFD, if there were any.
void AddReplacedProblem(std::size_t replaced, std::string* problem) {
  if (replaced == 0) return;
  AddProblem(problem, std::to_string(replaced) +
                          " invalid characters (lone surrogates or bytes that are not UTF-8) "
                          "read as U+FFFD");
}

}  // namespace

bool JsonDocumentReader::Read(std::string_view json, std::string_view fallback_id,
                              Document* document, std::string* problem) {
  document->Clear();
  problem->clear();
  if (tape_.Parse(json, kMaxJsonDepth) && ReadTape(fallback_id, document)) return true;
  return ReadWithDom(json, fallback_id, document, problem);
}

bool JsonDocumentReader::ReadWithDom(std::string_view json, std::string_view fallback_id,
                                     Document* document, std::string* problem) {
  Json object;
  std::size_t replaced = 0;
  if (!Parse(json, &object, &replaced, problem)) {
    document->Clear();
    return false;
  }
  const bool read = ReadObject(object, fallback_id, document, problem);
  if (read) AddReplacedProblem(replaced, problem);
  return read;
}

namespace {

// A scalar as nlohmann writes it into metadata (a string as its text, other
// values as their JSON), into *out; false for what only nlohmann's dump
// writes exactly (floats, objects, arrays).
bool TapeScalar(const JsonTape& tape, std::size_t node, std::string* out) {
  switch (tape.type(node)) {
    case JsonTape::Type::kString: out->assign(tape.text(node)); return true;
    case JsonTape::Type::kNumber:
      out->assign(tape.text(node));
      return tape.IsExactInteger(node);
    case JsonTape::Type::kTrue: out->assign("true"); return true;
    case JsonTape::Type::kFalse: out->assign("false"); return true;
    case JsonTape::Type::kNull: out->assign("null"); return true;
    default: return false;
  }
}

}  // namespace

std::size_t JsonDocumentReader::FindOnTape(const std::string& key,
                                           const std::vector<std::string>& tokens,
                                           bool pointer) const {
  return pointer ? tape_.Resolve(0, tokens) : tape_.Member(0, key);
}

bool JsonDocumentReader::ReadTape(std::string_view fallback_id, Document* document) {
  if (tape_.type(0) != JsonTape::Type::kObject) return false;
  const std::size_t id = FindOnTape(id_.key, id_.tokens, id_.pointer.has_value());
  if (id == JsonTape::kNone || tape_.type(id) == JsonTape::Type::kNull) {
    document->id.assign(fallback_id);
  } else if (tape_.type(id) != JsonTape::Type::kString &&
             tape_.type(id) != JsonTape::Type::kNumber) {
    return false;
  } else if (!TapeScalar(tape_, id, &document->id)) {
    return false;
  }
  return ReadTapeMetadata(document) && ReadTapeFields(document);
}

// nlohmann keeps an object's members in a std::map: sorted by key, the last
// of a repeated key winning. The metadata is written back in that order.
bool JsonDocumentReader::ReadTapeMetadata(Document* document) {
  const std::size_t object =
      metadata_key_.empty() ? JsonTape::kNone : tape_.Member(0, metadata_key_);
  if (object != JsonTape::kNone && tape_.type(object) == JsonTape::Type::kObject) {
    members_.clear();
    for (std::size_t i = object + 1; i < tape_.End(object); i = tape_.End(i + 1)) {
      members_.emplace_back(tape_.text(i), i + 1);
    }
    // By key, then by place (a node's number grows with it): the order a
    // stable sort by key gives, without the buffer std::stable_sort allocates.
    std::sort(members_.begin(), members_.end());
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (i + 1 < members_.size() && members_[i + 1].first == members_[i].first) continue;
      std::string& value = document->CopyMetadata(members_[i].first);
      if (!TapeScalar(tape_, members_[i].second, &value)) return false;
    }
  } else if (object != JsonTape::kNone && tape_.type(object) != JsonTape::Type::kNull) {
    return false;
  }
  for (const FieldSpec& spec : metadata_fields_) {
    const std::size_t value = FindOnTape(spec.key, spec.tokens, spec.pointer.has_value());
    if (value == JsonTape::kNone || tape_.type(value) == JsonTape::Type::kNull) continue;
    std::string& text = document->CopyMetadata(spec.name);
    if (!TapeScalar(tape_, value, &text)) return false;
  }
  return true;
}

bool JsonDocumentReader::ReadTapeFields(Document* document) {
  for (const FieldSpec& spec : fields_) {
    const std::size_t value = FindOnTape(spec.key, spec.tokens, spec.pointer.has_value());
    if (value == JsonTape::kNone || tape_.type(value) == JsonTape::Type::kNull) continue;
    if (tape_.type(value) != JsonTape::Type::kString) return false;
    document->CopyField(spec.name, tape_.text(value));
  }
  return !document->fields.empty() || fields_.empty();
}

bool JsonDocumentReader::ReadBatch(std::string_view json, std::string_view member,
                                   std::size_t max_documents, const BatchVisitor& visit,
                                   std::string* error, bool* too_many) {
  *too_many = CountBatchElements(json, max_documents) > max_documents;
  if (*too_many) {
    *error = "a batch holds at most " + std::to_string(max_documents) + " documents";
    return false;
  }
  Json batch;
  std::size_t replaced = 0;
  if (!Parse(json, &batch, &replaced, error)) return false;
  const auto found = batch.is_object() ? batch.find(member) : batch.end();
  if (found == batch.end() || !found->is_array()) {
    *error = "expected a JSON object whose member " + Quoted(std::string(member)) +
             " is an array of documents";
    return false;
  }
  Document document;
  std::string problem;
  for (std::size_t i = 0; i < found->size(); ++i) {
    Json& element = (*found)[i];
    const std::string fallback_id = "item-" + std::to_string(i + 1);
    const bool read = ReadObject(element, fallback_id, &document, &problem);
    if (!read && element.is_object()) {  // says which document was refused
      std::string ignored;
      ReadId(element, fallback_id, &document, &ignored);
    }
    visit(i, read, document, problem);
  }
  if (replaced > 0) AddReplacedProblem(replaced, error);
  return true;
}

}  // namespace bylaw::internal
