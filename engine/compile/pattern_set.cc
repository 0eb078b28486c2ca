// Compile side: pattern lowering and the Hyperscan compile. See pattern_set.h.
#include "pattern_set.h"

#include <hs/hs.h>

#include <algorithm>

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
std::string HyperscanMessage(std::string_view raw) {
  std::string message(raw);
  if (!message.empty() && message.back() == '.') message.pop_back();
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') message[0] += 'a' - 'A';
  return message;
}

std::string HyperscanMessage(const hs_compile_error_t* error) {
  return HyperscanMessage(error != nullptr ? error->message : "unknown error");
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

void PatternSet::RejectPattern(const SourceLocation& at, std::uint32_t term, std::string message,
                               DiagnosticSink* sink) {
  if (!options_.keep_going) {
    sink->Error(at, std::move(message));
    return;
  }
  sink->Warning(at, std::move(message) + "; left out, with the rules that depend on it (keep going)");
  rejected_terms_.insert(term);
}

void PatternSet::Add(const PatternSpec& spec, std::uint32_t term, std::uint32_t field_set,
                     DiagnosticSink* sink) {
  const CompileLimits& limits = options_.limits;
  if (++added_ > limits.max_patterns) {
    if (added_ == limits.max_patterns + 1) {
      sink->Error(spec.location, "more than " + std::to_string(limits.max_patterns) +
                                     " patterns in all packs, the limit of this compile");
    }
    return;
  }
  if (spec.text.size() > limits.max_pattern_bytes) {
    RejectPattern(spec.location, term,
                  "pattern is " + std::to_string(spec.text.size()) + " bytes long, over the limit of " +
                      std::to_string(limits.max_pattern_bytes),
                  sink);
    return;
  }
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
        RejectPattern(spec.location, term, "phrase " + Quote(spec.text) + " has no letters or digits",
                      sink);
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
        RejectPattern(spec.location, term, "literal " + Quote(spec.text) + " is empty", sink);
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
        RejectPattern(spec.location, term,
                      "bad regex " + Quote(spec.text) + ": " + HyperscanMessage(error), sink);
        hs_free_compile_error(error);
        return;
      }
      const bool empty = info->min_width == 0;
      std::free(info);
      if (empty) {
        RejectPattern(spec.location, term,
                      "regex " + Quote(spec.text) + " can match the empty string", sink);
        return;
      }
      break;
    }
  }
  Insert(std::move(entry), term, field_set, spec.location);
}

void PatternSet::RejectEntry(Entry* entry, const std::string& message, DiagnosticSink* sink) {
  entry->rejected = true;
  // Every pattern that lowered to the entry is reported; each of its terms
  // loses it.
  for (std::size_t i = 0; i < entry->sources.size(); ++i) {
    RejectPattern(entry->sources[i], entry->targets[std::min(i, entry->targets.size() - 1)].term,
                  message, sink);
  }
  for (const PatternTarget& target : entry->targets) {
    if (options_.keep_going) rejected_terms_.insert(target.term);
  }
}

void PatternSet::RejectFailing(std::vector<Entry*>& members, const GuardedCompileResult& failure,
                               const HyperscanBatch& batch, DiagnosticSink* sink) {
  if (failure.outcome == CompileOutcome::kRejected) {
    const std::string message = HyperscanMessage(failure.message);
    if (failure.expression < 0 || static_cast<std::size_t>(failure.expression) >= members.size()) {
      throw Error("hyperscan could not compile the rules: " + message);
    }
    Entry& bad = *members[failure.expression];
    std::string hint;
    if (!batch.literal && message.find("too large") != std::string::npos) {
      // Reporting where each match starts (for spans) costs Hyperscan state.
      hint = "; bylaw reports where every match starts, which makes long or wide regexes "
             "costly: split it into smaller terms and combine them with `near(...)`";
    }
    RejectEntry(&bad, "hyperscan rejected " + Quote(bad.expression) + ": " + message + hint, sink);
    return;
  }
  // Out of time or memory: find which expressions cannot compile even alone.
  std::vector<FailingExpression> failing;
  if (members.size() == 1) {
    failing.push_back(FailingExpression{0, GuardedCompileResult{failure.outcome, nullptr, -1, failure.message}});
  } else {
    failing = FindFailingExpressions(batch, options_.limits);
  }
  for (FailingExpression& culprit : failing) {
    Entry& bad = *members[culprit.index];
    const std::string message = culprit.result.outcome == CompileOutcome::kRejected
                                    ? HyperscanMessage(culprit.result.message)
                                    : culprit.result.message;
    RejectEntry(&bad, "hyperscan cannot compile " + Quote(bad.expression) + ": " + message, sink);
  }
  if (failing.empty()) {
    // Each compiles alone, not all together: nothing to single out.
    for (Entry* member : members) member->rejected = true;
    sink->Error(members[0]->sources[0],
                "hyperscan cannot compile the " + std::to_string(members.size()) +
                    (batch.literal ? " literals" : " regexes") + " of this kind together: " +
                    failure.message + "; split the rules or raise the compile limits");
  }
}

bool PatternSet::BuildDatabase(ViewKind view, bool literal, ProgramData* data, DiagnosticSink* sink) {
  std::vector<Entry*> members;
  for (Entry& entry : entries_) {
    if (entry.view == view && entry.literal == literal && !entry.rejected) members.push_back(&entry);
  }
  if (members.empty()) return true;
  HyperscanBatch batch;
  batch.literal = literal;
  for (const Entry* member : members) {
    batch.expressions.push_back(member->expression);
    batch.flags.push_back(member->flags);
  }
  GuardedCompileResult compiled = CompileGuarded(batch, options_.limits);
  if (compiled.outcome != CompileOutcome::kOk) {
    RejectFailing(members, compiled, batch, sink);
    return false;  // build again without the rejected entries
  }
  hs_database_t* database = compiled.database.get();
  PatternDatabase built;
  built.view = view;
  built.literal = literal;
  built.database = std::move(compiled.database);
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

void PatternSet::DropRulesOfRejectedTerms(ProgramData* data, DiagnosticSink* sink) const {
  std::vector<std::uint32_t> dropped_by(data->rules.size(), kNone);
  for (std::uint32_t term : rejected_terms_) {
    if (term >= data->rules_of_term.size()) continue;
    for (std::uint32_t rule : data->rules_of_term[term]) {
      if (dropped_by[rule] == kNone) dropped_by[rule] = term;
    }
  }
  for (std::uint32_t rule = 0; rule < data->rules.size(); ++rule) {
    RuleInfo& info = data->rules[rule];
    if (dropped_by[rule] == kNone || info.status == RuleStatus::kDisabled) continue;
    info.status = RuleStatus::kDisabled;
    sink->Warning(info.location, "rule " + Quote(info.id) + " is dropped: term " +
                                     Quote(data->term_names[dropped_by[rule]]) +
                                     " lost a pattern that could not be compiled (keep going)");
  }
}

}  // namespace bylaw::internal
