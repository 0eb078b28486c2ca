// What `bylaw diff` shows of a changed document. See changed_document.h.
#include "changed_document.h"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>

#include <spdlog/fmt/fmt.h>

#include "display_text.h"

namespace bylaw::cli {
namespace {

constexpr std::size_t kColumn = 34;        // width of the `old` column
constexpr std::size_t kExcerptBytes = 160;  // longest excerpt
constexpr std::size_t kLeadBytes = 40;      // text kept before the first match
constexpr std::size_t kWordsShown = 8;      // matched words listed per field

std::string Join(const std::vector<std::string>& names) {
  if (names.empty()) return "-";
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

std::string JoinCategories(const std::vector<std::pair<std::string, Action>>& categories) {
  std::vector<std::string> names;
  for (const auto& [id, action] : categories) names.push_back(id + ":" + std::string(ActionName(action)));
  return Join(names);
}

void AppendRow(std::string_view label, const std::string& before, const std::string& after,
               std::string* out) {
  // A label of 14 characters or more still gets a space before the column.
  *out += fmt::format("  {:<13} {:<{}} {}\n", label, before, kColumn, after);
}

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The field's text from about kLeadBytes before `at`, cut at characters.
Excerpt ExcerptOf(const Field& field, std::size_t at) {
  const std::string& text = field.text;
  at = std::min(at, text.size());
  std::size_t begin = at > kLeadBytes ? at - kLeadBytes : 0;
  while (begin > 0 && IsContinuation(text[begin])) --begin;
  std::size_t end = std::min(text.size(), begin + kExcerptBytes);
  while (end < text.size() && end > begin && IsContinuation(text[end])) --end;
  return Excerpt{field.name, text.substr(begin, end - begin), begin > 0, end < text.size()};
}

// The words of `fields` for field `index`, or null.
const FieldWords* WordsIn(const std::vector<FieldWords>& fields, std::uint32_t index) {
  for (const FieldWords& words : fields) {
    if (words.field == index) return &words;
  }
  return nullptr;
}

// `"wire transfer", "urgent"`, at most kWordsShown of them; "-" for none.
std::string QuotedWords(const FieldWords* words) {
  if (words == nullptr) return "-";
  std::string text;
  const std::size_t shown = std::min(words->words.size(), kWordsShown);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i != 0) text += ", ";
    AppendQuoted(words->words[i], &text);
  }
  if (shown < words->words.size()) text += fmt::format(" +{} more", words->words.size() - shown);
  return text;
}

// The fields matched by either side, in field order.
std::vector<std::uint32_t> MatchedFields(const ChangedDocument& change) {
  std::vector<std::uint32_t> fields;
  for (const auto* side : {&change.before, &change.after}) {
    for (const FieldWords& words : *side) fields.push_back(words.field);
  }
  std::sort(fields.begin(), fields.end());
  fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
  return fields;
}

nlohmann::json WordsJson(const std::vector<FieldWords>& fields) {
  nlohmann::json json = nlohmann::json::object();
  for (const FieldWords& words : fields) json[words.name] = words.words;
  return json;
}

nlohmann::json OutcomeJson(const Outcome& outcome, const std::vector<FieldWords>& words) {
  nlohmann::json categories = nlohmann::json::object();
  for (const auto& [id, action] : outcome.categories) categories[id] = ActionName(action);
  return {{"decision", ActionName(outcome.decision)},
          {"categories", categories},
          {"rules", outcome.live},
          {"shadow", outcome.shadow},
          {"words", WordsJson(words)}};
}

}  // namespace

std::vector<FieldWords> MatchedWords(const Verdict& verdict) {
  std::map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::string_view>>> places;
  for (const auto* matches : {&verdict.live, &verdict.shadow}) {
    for (const RuleMatch& match : *matches) {
      for (const MatchSpan& span : verdict.SpansOf(match)) {
        places[span.field].emplace_back(span.begin, verdict.TextOf(span));
      }
    }
  }
  std::vector<FieldWords> fields;
  for (auto& [field, found] : places) {
    std::sort(found.begin(), found.end());
    FieldWords& words = fields.emplace_back();
    words.field = field;
    words.name = verdict.document->fields[field].name;
    words.first = found.front().first;
    for (const auto& [begin, text] : found) {
      if (std::find(words.words.begin(), words.words.end(), text) == words.words.end()) {
        words.words.emplace_back(text);
      }
    }
  }
  return fields;
}

ChangedDocument ChangedDocument::Of(std::string origin, std::size_t line, const Verdict& before,
                                    const Verdict& after) {
  const Document& document = *after.document;
  ChangedDocument change{document.id, std::move(origin), line, {}, MatchedWords(before),
                         MatchedWords(after)};
  for (const std::uint32_t field : MatchedFields(change)) {
    const FieldWords* old_words = WordsIn(change.before, field);
    const FieldWords* new_words = WordsIn(change.after, field);
    constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
    const std::uint32_t first = std::min(old_words ? old_words->first : kNone,
                                         new_words ? new_words->first : kNone);
    change.excerpts.push_back(ExcerptOf(document.fields[field], first));
  }
  if (change.excerpts.empty()) {
    for (const Field& field : document.fields) {
      if (field.text.empty()) continue;
      change.excerpts.push_back(ExcerptOf(field, 0));
      break;
    }
  }
  return change;
}

std::string FormatChange(const ChangedDocument& change, const Outcome& before,
                         const Outcome& after) {
  std::string out;
  AppendQuoted(change.id, &out);
  out += " (";
  if (change.line != 0) {
    out += "line " + std::to_string(change.line);
  } else {
    AppendDisplayed(change.origin, 0, &out);
  }
  out += fmt::format("): decision {} -> {}\n", ActionName(before.decision), ActionName(after.decision));
  for (const Excerpt& excerpt : change.excerpts) {
    out += "  ";
    AppendDisplayed(excerpt.field, 0, &out);
    out += excerpt.cut_before ? ": ..." : ": ";
    AppendQuoted(excerpt.text, &out);
    out += excerpt.cut_after ? "...\n" : "\n";
  }
  AppendRow("", "old", "new", &out);
  AppendRow("decision", std::string(ActionName(before.decision)),
            std::string(ActionName(after.decision)), &out);
  AppendRow("categories", JoinCategories(before.categories), JoinCategories(after.categories), &out);
  AppendRow("live rules", Join(before.live), Join(after.live), &out);
  if (before.ShadowDiffers(after) || !before.shadow.empty()) {
    AppendRow("shadow rules", Join(before.shadow), Join(after.shadow), &out);
  }
  for (const std::uint32_t field : MatchedFields(change)) {
    const FieldWords* old_words = WordsIn(change.before, field);
    const FieldWords* new_words = WordsIn(change.after, field);
    std::string label;
    AppendDisplayed("words in " + (old_words ? old_words : new_words)->name, 0, &label);
    AppendRow(label, QuotedWords(old_words), QuotedWords(new_words), &out);
  }
  return out;
}

nlohmann::json ChangeJson(const ChangedDocument& change, const Outcome& before,
                          const Outcome& after) {
  return {{"id", change.id},
          {"line", change.line},
          {"origin", change.origin},
          {"shadow_only", !before.LiveDiffers(after)},
          {"old", OutcomeJson(before, change.before)},
          {"new", OutcomeJson(after, change.after)}};
}

}  // namespace bylaw::cli
