// Compile side: pattern lowering and the Hyperscan compile. See pattern_set.h.
#include "pattern_set.h"

#include <hs/hs.h>

#include "bylaw/error.h"
#include "text_view.h"

namespace bylaw::internal {
namespace {

constexpr unsigned kAuthorRegexFlags = HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST;

// The words of a phrase, after folding like input text when `fold`.
std::vector<std::string> PhraseWords(std::string_view phrase, bool fold) {
  TextView view;
  if (fold) {
    FoldText(phrase, &view);
  } else {
    SanitizeText(phrase, &view);
  }
  std::vector<std::string> words;
  std::string current;
  const std::string_view text = view.text;
  for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length) {
    if (IsWordCodePoint(DecodeUtf8(text, pos, &length))) {
      current.append(text.substr(pos, length));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::string Quote(std::string_view text) { return "`" + std::string(text) + "`"; }

// Hyperscan's messages read "Missing close parenthesis ... index 7."; ours
// are lowercase without a final period.
std::string HyperscanMessage(const hs_compile_error_t* error) {
  std::string message = error != nullptr ? error->message : "unknown error";
  if (!message.empty() && message.back() == '.') message.pop_back();
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') message[0] += 'a' - 'A';
  return message;
}

}  // namespace

void PatternSet::Insert(Entry entry, std::uint32_t term, std::uint32_t field_set,
                        const SourceLocation& at) {
  const std::string key = std::to_string(static_cast<int>(entry.view)) + (entry.literal ? "L" : "R") +
                          (entry.whole_words ? "W" : "-") + std::to_string(entry.flags) + ":" +
                          entry.expression;
  auto [it, inserted] = index_.try_emplace(key, entries_.size());
  if (inserted) entries_.push_back(std::move(entry));
  Entry& target = entries_[it->second];
  const PatternTarget wanted{term, field_set};
  bool known = false;
  for (const PatternTarget& t : target.targets) known |= t.term == term && t.field_set == field_set;
  if (!known) target.targets.push_back(wanted);
  target.sources.push_back(at);
}

void PatternSet::Add(const PatternSpec& spec, std::uint32_t term, std::uint32_t field_set,
                     DiagnosticSink* sink) {
  if (spec.fuzzy > 0 && spec.fuzzy <= 2) {
    sink->Warning(spec.location, "`fuzzy` matching is not supported yet; " + Quote(spec.text) +
                                     " is matched exactly");
  }
  Entry entry;
  entry.view = spec.case_sensitive ? ViewKind::kExact : ViewKind::kFolded;
  switch (spec.kind) {
    case PatternSpec::Kind::kPhrase: {
      // On the word view any run of separators reads as one space, so a
      // phrase is one literal: cheap to compile at any scale, unlike a
      // regex with a separator class between its words.
      const std::vector<std::string> words = PhraseWords(spec.text, !spec.case_sensitive);
      if (words.empty()) {
        sink->Error(spec.location, "phrase " + Quote(spec.text) + " has no letters or digits");
        return;
      }
      entry.view = spec.case_sensitive ? ViewKind::kExactWords : ViewKind::kWords;
      entry.whole_words = !spec.within_words;
      entry.literal = true;
      entry.expression = words[0];
      for (std::size_t i = 1; i < words.size(); ++i) entry.expression += " " + words[i];
      break;
    }
    case PatternSpec::Kind::kLiteral: {
      TextView view;
      spec.case_sensitive ? SanitizeText(spec.text, &view) : FoldText(spec.text, &view);
      if (view.text.empty()) {
        sink->Error(spec.location, "literal " + Quote(spec.text) + " is empty");
        return;
      }
      entry.literal = true;
      entry.expression = view.text;
      break;
    }
    case PatternSpec::Kind::kRegex: {
      // Without UCP: Hyperscan refuses `\b` in UCP mode, and authors need it.
      // `\w \d \s \b` are ASCII classes in author regexes (rules/README.md).
      entry.flags = kAuthorRegexFlags | (spec.case_sensitive ? 0 : HS_FLAG_CASELESS);
      entry.expression = spec.text;
      hs_expr_info_t* info = nullptr;
      hs_compile_error_t* error = nullptr;
      if (hs_expression_info(spec.text.c_str(), entry.flags, &info, &error) != HS_SUCCESS) {
        sink->Error(spec.location, "bad regex " + Quote(spec.text) + ": " + HyperscanMessage(error));
        hs_free_compile_error(error);
        return;
      }
      const bool empty = info->min_width == 0;
      std::free(info);
      if (empty) {
        sink->Error(spec.location, "regex " + Quote(spec.text) + " can match the empty string");
        return;
      }
      break;
    }
  }
  Insert(std::move(entry), term, field_set, spec.location);
}

bool PatternSet::BuildDatabase(ViewKind view, bool literal, ProgramData* data, DiagnosticSink* sink) {
  std::vector<Entry*> members;
  for (Entry& entry : entries_) {
    if (entry.view == view && entry.literal == literal && !entry.rejected) members.push_back(&entry);
  }
  if (members.empty()) return true;
  std::vector<const char*> expressions;
  std::vector<std::size_t> lengths;
  std::vector<unsigned> flags, ids;
  for (std::size_t i = 0; i < members.size(); ++i) {
    expressions.push_back(members[i]->expression.c_str());
    lengths.push_back(members[i]->expression.size());
    flags.push_back(members[i]->flags);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  const unsigned count = static_cast<unsigned>(members.size());
  const hs_error_t status =
      literal ? hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                                     count, HS_MODE_BLOCK, nullptr, &database, &error)
              : hs_compile_multi(expressions.data(), flags.data(), ids.data(), count,
                                 HS_MODE_BLOCK, nullptr, &database, &error);
  if (status != HS_SUCCESS) {
    const std::string message = HyperscanMessage(error);
    const int failed = error ? error->expression : -1;
    hs_free_compile_error(error);
    if (failed < 0 || static_cast<std::size_t>(failed) >= members.size()) {
      throw Error("hyperscan could not compile the rules: " + message);
    }
    Entry& bad = *members[failed];
    std::string hint;
    if (!literal && message.find("too large") != std::string::npos) {
      // Reporting where each match starts (for spans) costs Hyperscan state.
      hint = "; bylaw reports where every match starts, which makes long or wide regexes "
             "costly: split it into smaller terms and combine them with `near(...)`";
    }
    for (const SourceLocation& at : bad.sources) {
      sink->Error(at, "hyperscan rejected " + Quote(bad.expression) + ": " + message + hint);
    }
    bad.rejected = true;
    return false;  // build again without it
  }
  PatternDatabase built;
  built.view = view;
  built.literal = literal;
  built.database.reset(database);
  for (const Entry* entry : members) {
    CompiledPattern pattern;
    pattern.first_target = static_cast<std::uint32_t>(data->targets.size());
    pattern.target_count = static_cast<std::uint32_t>(entry->targets.size());
    pattern.literal_length = literal ? static_cast<std::uint32_t>(entry->expression.size()) : 0;
    pattern.whole_words = entry->whole_words;
    data->targets.insert(data->targets.end(), entry->targets.begin(), entry->targets.end());
    built.patterns.push_back(pattern);
  }
  std::size_t size = 0;
  if (hs_database_size(database, &size) == HS_SUCCESS) data->stats.database_bytes += size;
  data->databases.push_back(std::move(built));
  return true;
}

void PatternSet::Build(ProgramData* data, DiagnosticSink* sink) {
  for (ViewKind view :
       {ViewKind::kFolded, ViewKind::kWords, ViewKind::kExact, ViewKind::kExactWords}) {
    for (bool literal : {true, false}) {
      while (!BuildDatabase(view, literal, data, sink)) {
      }
    }
  }
  data->stats.unique_patterns = entries_.size();
  data->stats.databases = data->databases.size();
}

}  // namespace bylaw::internal
