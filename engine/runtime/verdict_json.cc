// The verdict's wire format: one JSON object per document, written by hand
// into a caller-owned string so that a replay loop does not allocate once the
// string is warm. Runs after Scanner::Scan; reads only the public Program
// accessors, so the run side needs nothing else to emit verdicts.
//
// Shape (keys in this order):
//   {"id":..., "decision":"remove", "categories":[...],
//    "rules":[{"rule","category","action","severity","labels","resources",
//              "spans":[{"field","begin","end","text","term"}]}],
//    "shadow":[...same shape...], "ruleset":"sha256:..."}
#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "bylaw/program.h"
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
// are copied in one append.
void AppendString(std::string_view text, std::string* out) {
  out->push_back('"');
  std::size_t run_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
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

void AppendNumber(std::uint64_t value, std::string* out) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

// Appends `"key":` (keys are fixed ASCII names that need no escaping).
void AppendKey(std::string_view key, std::string* out) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void AppendResources(const Program& program, std::span<const std::uint32_t> indices,
                     std::string* out) {
  const std::span<const Resource> resources = program.resources();
  out->push_back('[');
  bool first = true;
  for (const std::uint32_t index : indices) {
    if (index >= resources.size()) continue;
    if (!first) out->push_back(',');
    first = false;
    const Resource& resource = resources[index];
    out->push_back('{');
    AppendKey("id", out);
    AppendString(resource.id, out);
    out->push_back(',');
    AppendKey("title", out);
    AppendString(resource.title, out);
    out->push_back(',');
    AppendKey("url", out);
    AppendString(resource.url, out);
    out->push_back('}');
  }
  out->push_back(']');
}

void AppendSpan(const Verdict& verdict, const MatchSpan& span, std::string* out) {
  out->push_back('{');
  AppendKey("field", out);
  AppendString(verdict.FieldNameOf(span), out);
  out->push_back(',');
  AppendKey("begin", out);
  AppendNumber(span.begin, out);
  out->push_back(',');
  AppendKey("end", out);
  AppendNumber(span.end, out);
  out->push_back(',');
  AppendKey("text", out);
  AppendString(verdict.TextOf(span), out);
  out->push_back(',');
  AppendKey("term", out);
  AppendString(verdict.program->term_name(span.term), out);
  out->push_back('}');
}

std::string_view CategoryId(const Program& program, std::uint32_t category) {
  const std::span<const CategoryInfo> categories = program.categories();
  return category < categories.size() ? std::string_view(categories[category].id)
                                      : std::string_view();
}

void AppendRuleMatch(const Verdict& verdict, const RuleMatch& match, std::string* out) {
  const Program& program = *verdict.program;
  const RuleInfo& rule = program.rules()[match.rule];
  out->push_back('{');
  AppendKey("rule", out);
  AppendString(rule.id, out);
  out->push_back(',');
  AppendKey("category", out);
  AppendString(CategoryId(program, rule.category), out);
  out->push_back(',');
  AppendKey("action", out);
  AppendString(ActionName(rule.action), out);
  out->push_back(',');
  AppendKey("severity", out);
  AppendString(SeverityName(rule.severity), out);
  out->push_back(',');
  AppendKey("labels", out);
  out->push_back('[');
  for (std::size_t i = 0; i < rule.labels.size(); ++i) {
    if (i != 0) out->push_back(',');
    AppendString(rule.labels[i], out);
  }
  out->append("],");
  AppendKey("resources", out);
  AppendResources(program, rule.resources, out);
  out->push_back(',');
  AppendKey("spans", out);
  out->push_back('[');
  bool first = true;
  for (const MatchSpan& span : verdict.SpansOf(match)) {
    if (!first) out->push_back(',');
    first = false;
    AppendSpan(verdict, span, out);
  }
  out->append("]}");
}

void AppendRuleMatches(const Verdict& verdict, std::span<const RuleMatch> matches,
                       std::string* out) {
  out->push_back('[');
  for (std::size_t i = 0; i < matches.size(); ++i) {
    if (i != 0) out->push_back(',');
    AppendRuleMatch(verdict, matches[i], out);
  }
  out->push_back(']');
}

// The categories of the live matches, each once, in order of first
// appearance. Quadratic in the number of live matches, which is small, so
// that no set needs allocating.
void AppendLiveCategories(const Verdict& verdict, std::string* out) {
  const std::span<const RuleInfo> rules = verdict.program->rules();
  out->push_back('[');
  bool first = true;
  for (std::size_t i = 0; i < verdict.live.size(); ++i) {
    const std::uint32_t category = rules[verdict.live[i].rule].category;
    const bool seen = std::any_of(
        verdict.live.begin(), verdict.live.begin() + static_cast<std::ptrdiff_t>(i),
        [&](const RuleMatch& earlier) { return rules[earlier.rule].category == category; });
    if (seen) continue;
    if (!first) out->push_back(',');
    first = false;
    AppendString(CategoryId(*verdict.program, category), out);
  }
  out->push_back(']');
}

}  // namespace

std::string_view Verdict::TextOf(const MatchSpan& span) const {
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
  out->push_back('{');
  AppendKey("id", out);
  if (verdict.document != nullptr) {
    AppendString(verdict.document->id, out);
  } else {
    out->append("null");
  }
  out->push_back(',');
  AppendKey("decision", out);
  AppendString(ActionName(verdict.decision), out);
  out->push_back(',');
  if (verdict.program == nullptr) {
    // Nothing can be named without the program: an empty, still valid verdict.
    out->append(R"("categories":[],"rules":[],"shadow":[],"ruleset":""})");
    return;
  }
  AppendKey("categories", out);
  AppendLiveCategories(verdict, out);
  out->push_back(',');
  AppendKey("rules", out);
  AppendRuleMatches(verdict, verdict.live, out);
  out->push_back(',');
  AppendKey("shadow", out);
  AppendRuleMatches(verdict, verdict.shadow, out);
  out->push_back(',');
  AppendKey("ruleset", out);
  AppendString(verdict.program->hash(), out);
  out->push_back('}');
}

}  // namespace bylaw
