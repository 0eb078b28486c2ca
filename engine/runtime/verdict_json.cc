// The verdict's wire format: one JSON object per document, written by hand
// into a caller-owned string so that a replay loop does not allocate once the
// string is warm. Runs after Scanner::Scan; reads only the public Program
// accessors, so the run side needs nothing else to emit verdicts.
//
// Shape (keys in this order):
//   {"id":..., "metadata":{...}?, "decision":"remove", "categories":[...],
//    "rules":[{"rule","title","category","action","severity","labels","resources",
//              "spans":[{"field","begin","end","text","term","evasions"?}]}],
//    "shadow":[...same shape...], "ruleset":"sha256:..."}
// `metadata` is the document's metadata, passed through as strings, present
// only when the document has some; `evasions` only on disguised matches.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "bylaw/program.h"
#include "evaluator.h"
#include "bylaw/utf8.h"
#include "bylaw/verdict.h"

namespace bylaw {
namespace {

// Bytes that cannot be copied into a JSON string as they are: control
// characters, '"', '\\', and every non-ASCII byte (checked as UTF-8).
constexpr std::array<bool, 256> MakeSpecialTable() {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < 256; ++c) {
    table[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  }
  return table;
}
constexpr std::array<bool, 256> kSpecial = MakeSpecialTable();

// Appends the escape for one special byte that is not part of a well-formed
// UTF-8 sequence.
void AppendEscape(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"': out->append("\\\""); return;
    case '\\': out->append("\\\\"); return;
    case '\b': out->append("\\b"); return;
    case '\f': out->append("\\f"); return;
    case '\n': out->append("\\n"); return;
    case '\r': out->append("\\r"); return;
    case '\t': out->append("\\t"); return;
    default: break;
  }
  if (c >= 0x80) {
    out->append("\\ufffd");  // a byte of invalid UTF-8
    return;
  }
  const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
  out->append(escape, sizeof(escape));
}

// Appends `text` as a quoted JSON string. Runs of bytes that need no escape
// are copied in one append; plain ASCII is checked eight bytes at a time.
void AppendString(std::string_view text, std::string* out) {
  out->push_back('"');
  std::size_t run_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (i + sizeof(std::uint64_t) <= text.size() && !AnyJsonSpecialByte(text, i)) {
      i += sizeof(std::uint64_t);
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (!kSpecial[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t length = Utf8CharLength(text.substr(i));
      if (length != 0) {
        i += length;
        continue;
      }
    }
    out->append(text.data() + run_start, i - run_start);
    AppendEscape(c, out);
    run_start = ++i;
  }
  out->append(text.data() + run_start, i - run_start);
  out->push_back('"');
}

// Appends JSON to a string and places the commas itself, so that the code
// reads like the document it writes. Values follow Key() inside objects and
// stand alone inside arrays. No state but a flag: nesting needs no stack.
class JsonWriter {
 public:
  static constexpr std::size_t kMaxKeyBytes = 32;  // Key() writes longer keys in pieces

  explicit JsonWriter(std::string* out) : out_(out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  // Keys are fixed ASCII names that need no escaping.
  JsonWriter& Key(std::string_view key) {
    // `,"key":` in one append: this runs a dozen times per verdict.
    char buffer[kMaxKeyBytes + 4];
    std::size_t size = 0;
    if (!after_key_ && !first_) buffer[size++] = ',';
    buffer[size++] = '"';
    if (key.size() > kMaxKeyBytes) {
      out_->append(buffer, size);
      out_->append(key);
      size = 0;
      key = {};
    }
    std::memcpy(buffer + size, key.data(), key.size());
    size += key.size();
    buffer[size++] = '"';
    buffer[size++] = ':';
    out_->append(buffer, size);
    first_ = false;
    after_key_ = true;
    return *this;
  }
  // A key from the input, escaped as a string value is.
  JsonWriter& EscapedKey(std::string_view key) {
    String(key);
    out_->push_back(':');
    after_key_ = true;
    return *this;
  }
  JsonWriter& String(std::string_view value) {
    Separate();
    AppendString(value, out_);
    return *this;
  }
  JsonWriter& Null() {
    Separate();
    out_->append("null");
    return *this;
  }
  JsonWriter& Number(std::uint64_t value) {
    Separate();
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    out_->append(buffer, result.ptr);
    return *this;
  }

 private:
  void Separate() {
    if (!after_key_ && !first_) out_->push_back(',');
    after_key_ = false;
    first_ = false;
  }
  JsonWriter& Open(char bracket) {
    Separate();
    out_->push_back(bracket);
    first_ = true;
    return *this;
  }
  JsonWriter& Close(char bracket) {
    out_->push_back(bracket);
    first_ = false;
    return *this;
  }

  std::string* out_;
  bool first_ = true;
  bool after_key_ = false;
};

void WriteResources(const Program& program, std::span<const std::uint32_t> indices,
                    JsonWriter& json) {
  const std::span<const Resource> resources = program.resources();
  json.BeginArray();
  for (const std::uint32_t index : indices) {
    if (index >= resources.size()) continue;
    const Resource& resource = resources[index];
    json.BeginObject()
        .Key("id").String(resource.id)
        .Key("title").String(resource.title)
        .Key("url").String(resource.url)
        .EndObject();
  }
  json.EndArray();
}

void WriteSpan(const Verdict& verdict, const MatchSpan& span, JsonWriter& json) {
  json.BeginObject()
      .Key("field").String(verdict.FieldNameOf(span))
      .Key("begin").Number(span.begin)
      .Key("end").Number(span.end)
      .Key("text").String(verdict.TextOf(span))
      .Key("term").String(verdict.program->term_name(span.term));
  if (!span.evasions.empty()) {  // only disguised matches say how
    json.Key("evasions").BeginArray();
    span.evasions.ForEach([&json](Evasion evasion) { json.String(EvasionName(evasion)); });
    json.EndArray();
  }
  json.EndObject();
}

std::string_view CategoryId(const Program& program, std::uint32_t category) {
  const std::span<const CategoryInfo> categories = program.categories();
  return category < categories.size() ? std::string_view(categories[category].id)
                                      : std::string_view();
}

void WriteRuleMatch(const Verdict& verdict, const RuleMatch& match, JsonWriter& json) {
  const Program& program = *verdict.program;
  const RuleInfo& rule = program.rules()[match.rule];
  json.BeginObject()
      .Key("rule").String(rule.id)
      .Key("title").String(rule.title)
      .Key("category").String(CategoryId(program, rule.category))
      .Key("action").String(ActionName(rule.action))
      .Key("severity").String(SeverityName(rule.severity))
      .Key("labels").BeginArray();
  for (const std::string& label : rule.labels) json.String(label);
  json.EndArray().Key("resources");
  WriteResources(program, rule.resources, json);
  json.Key("spans").BeginArray();
  for (const MatchSpan& span : verdict.SpansOf(match)) WriteSpan(verdict, span, json);
  json.EndArray().EndObject();
}

void WriteRuleMatches(const Verdict& verdict, std::span<const RuleMatch> matches,
                      JsonWriter& json) {
  json.BeginArray();
  for (const RuleMatch& match : matches) WriteRuleMatch(verdict, match, json);
  json.EndArray();
}

// The categories of the live matches, each once, in order of first
// appearance. Quadratic in the number of live matches, which is small, so
// that no set needs allocating.
void WriteLiveCategories(const Verdict& verdict, JsonWriter& json) {
  const std::span<const RuleInfo> rules = verdict.program->rules();
  json.BeginArray();
  for (std::size_t i = 0; i < verdict.live.size(); ++i) {
    const std::uint32_t category = rules[verdict.live[i].rule].category;
    const bool seen = std::any_of(
        verdict.live.begin(), verdict.live.begin() + static_cast<std::ptrdiff_t>(i),
        [&](const RuleMatch& earlier) { return rules[earlier.rule].category == category; });
    if (!seen) json.String(CategoryId(*verdict.program, category));
  }
  json.EndArray();
}

// The document's metadata as one object of strings. A name given more than
// once keeps its last value (an adapter's own fields come after the input's
// metadata object), so the object has no repeated key. Quadratic in the
// number of entries, which is small, so that no set needs allocating.
void WriteMetadata(const Document& document, JsonWriter& json) {
  const auto& metadata = document.metadata;
  json.BeginObject();
  for (std::size_t i = 0; i < metadata.size(); ++i) {
    const bool repeated = std::any_of(
        metadata.begin() + static_cast<std::ptrdiff_t>(i) + 1, metadata.end(),
        [&](const auto& later) { return later.first == metadata[i].first; });
    if (!repeated) json.EscapedKey(metadata[i].first).String(metadata[i].second);
  }
  json.EndObject();
}

}  // namespace

std::string_view Verdict::TextOf(const MatchSpan& span) const {
  if (span.text != MatchSpan::kInDocument) {
    return internal::SpanTextAt(span_texts, span.text);
  }
  if (document == nullptr || span.field >= document->fields.size()) return {};
  const std::string_view text = document->fields[span.field].text;
  const std::size_t begin = std::min<std::size_t>(span.begin, text.size());
  const std::size_t end = std::clamp<std::size_t>(span.end, begin, text.size());
  return text.substr(begin, end - begin);
}

std::string_view Verdict::FieldNameOf(const MatchSpan& span) const {
  if (document == nullptr || span.field >= document->fields.size()) return {};
  return document->fields[span.field].name;
}

void AppendVerdictJson(const Verdict& verdict, std::string* out) {
  JsonWriter json(out);
  json.BeginObject().Key("id");
  if (verdict.document != nullptr) {
    json.String(verdict.document->id);
  } else {
    json.Null();
  }
  if (verdict.document != nullptr && !verdict.document->metadata.empty()) {
    json.Key("metadata");
    WriteMetadata(*verdict.document, json);
  }
  json.Key("decision").String(ActionName(verdict.decision));
  if (verdict.program == nullptr) {
    // Nothing can be named without the program: an empty, still valid verdict.
    json.Key("categories").BeginArray().EndArray()
        .Key("rules").BeginArray().EndArray()
        .Key("shadow").BeginArray().EndArray()
        .Key("ruleset").String("")
        .EndObject();
    return;
  }
  json.Key("categories");
  WriteLiveCategories(verdict, json);
  json.Key("rules");
  WriteRuleMatches(verdict, verdict.live, json);
  json.Key("shadow");
  WriteRuleMatches(verdict, verdict.shadow, json);
  json.Key("ruleset").String(verdict.program->hash()).EndObject();
}

}  // namespace bylaw
