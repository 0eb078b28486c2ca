// Compile side: pattern lowering and the Hyperscan compile. See pattern_set.h.
#include "compile/pattern_set.h"

#include <hs/hs.h>

#include <algorithm>
#include <optional>

#include "bylaw/error.h"
#include "compile/doubled_words.h"
#include "regex_finder.h"
#include "skeleton.h"
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

std::string Join(const std::vector<std::string>& words, std::string_view separator) {
  std::string joined;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) joined += separator;
    joined += words[i];
  }
  return joined;
}

// The letters of the shortest of `words` (folded).
std::uint32_t ShortestWord(const std::vector<std::string>& words) {
  std::uint32_t shortest = 0;
  for (const std::string& word : words) {
    std::uint32_t letters = 0;
    for (std::size_t pos = 0, length = 0; pos < word.size(); pos += length, ++letters) {
      DecodeUtf8(word, pos, &length);
    }
    shortest = shortest == 0 ? letters : std::min(shortest, letters);
  }
  return shortest;
}

// The skeleton of `phrase` with its letters spaced out one by one, where it
// differs from `words`, its skeleton as written: a leading `a` or `i` stays
// a word of its own in the skeleton (`a n a l` reads "a nai"). Only words of
// three letters or more are spelled out, as the skeleton joins no fewer.
std::optional<std::string> SpacedVariant(std::string_view phrase,
                                         const std::vector<std::string>& words) {
  std::vector<std::string> spelled;
  for (const std::string& word : PhraseWords(phrase, true)) {
    const bool ascii = std::all_of(word.begin(), word.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (word.size() < 3 || !ascii) return std::nullopt;
    std::string spaced;
    for (const char c : word) {
      spaced += c;
      spaced += ' ';
    }
    for (std::string& piece : SkeletonWords(spaced)) spelled.push_back(std::move(piece));
  }
  std::string variant = Join(spelled, " ");
  if (variant == Join(words, " ")) return std::nullopt;
  return variant;
}

// The skeleton literals a phrase is looked up with: its skeleton words with
// every gap kept or closed (tidepod for "tide pod"), and where spacing is
// allowed the phrase spelled out (SpacedVariant), and its words as the plain
// reading has them. With 5 or more words only the two extremes of closed
// gaps, to bound the count.
std::vector<std::string> SkeletonVariants(std::string_view phrase,
                                          const std::vector<std::string>& words,
                                          EvasionLevel level) {
  std::vector<std::string> variants;
  const std::size_t gaps = words.size() - 1;
  if (level == EvasionLevel::kOff) return {Join(words, " ")};
  // Words joined read as one word, whose repeated letter reads once: "want
  // to" joined is "wanto", as the skeleton reads `wantto` and `w a n t t o`.
  auto close = [](std::string* variant, const std::string& word) {
    *variant += variant->back() == word.front() ? word.substr(1) : word;
  };
  if (gaps <= 3) {
    for (std::uint32_t closed = 0; closed < (1u << gaps); ++closed) {
      std::string variant = words[0];
      for (std::size_t i = 1; i < words.size(); ++i) {
        if ((closed >> (i - 1) & 1u) == 0) {
          variant += ' ';
          variant += words[i];
        } else {
          close(&variant, words[i]);
        }
      }
      variants.push_back(std::move(variant));
    }
  } else {
    std::string joined = words[0];
    for (std::size_t i = 1; i < words.size(); ++i) close(&joined, words[i]);
    variants = {Join(words, " "), std::move(joined)};
  }
  if (SpacingAllowed(level, ShortestWord(PhraseWords(phrase, true)))) {
    if (std::optional<std::string> spaced = SpacedVariant(phrase, words)) {
      variants.push_back(std::move(*spaced));
    }
  }
  // A phrase the skeleton reads joined (`x y z`, `b@nadryl`) is also looked
  // up as its words stand apart, where exact matching finds it (`w x y z`,
  // `b nadryl`).
  std::string plain = Join(SkeletonWords(phrase, SkeletonReading::kPlain), " ");
  if (!plain.empty() && std::find(variants.begin(), variants.end(), plain) == variants.end()) {
    variants.push_back(std::move(plain));
  }
  return variants;
}

// The literals of the masked view (BuildMasked): the masked spellings of a
// phrase (ForEachMaskedSpelling). Only phrases that the masked word table
// cannot hold (open-ended or long ones) need them spelled out.
std::vector<std::string> MaskVariants(const std::string& words) {
  std::vector<std::string> variants;
  ForEachMaskedSpelling(words, [&](std::size_t at, std::size_t length) {
    variants.push_back(words.substr(0, at) + words.substr(at + length));
  });
  return variants;
}

// `text` as a Hyperscan regex matching it literally.
std::string EscapeRegex(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = byte >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ';
    if (!plain) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// Hyperscan's messages read "Missing close parenthesis ... index 7."; ours
// are lowercase without a final period.
std::string HyperscanMessage(std::string_view raw) {
  std::string message(raw);
  if (!message.empty() && message.back() == '.') message.pop_back();
  // "Missing ..." reads "missing ...", but "UTF-8 ..." stays as it is.
  if (message.size() > 1 && message[0] >= 'A' && message[0] <= 'Z' && message[1] >= 'a' &&
      message[1] <= 'z') {
    message[0] += 'a' - 'A';
  }
  return message;
}

std::string HyperscanMessage(const hs_compile_error_t* error) {
  return HyperscanMessage(error != nullptr ? error->message : "unknown error");
}

// Adds `wanted` to `targets` unless one feeds the same term, fields,
// phrase and exception already.
void AddTarget(const PatternTarget& wanted, std::vector<PatternTarget>* targets) {
  const bool known = std::any_of(targets->begin(), targets->end(), [&](const PatternTarget& t) {
    return t.term == wanted.term && t.field_set == wanted.field_set && t.phrase == wanted.phrase &&
           t.exception == wanted.exception;
  });
  if (!known) targets->push_back(wanted);
}

}  // namespace

void PatternSet::Insert(Entry entry, const PatternTarget& wanted, const SourceLocation& at) {
  // Everything that makes two entries differ, then the expression; flags and
  // edit distance only when set, so that a short literal's key needs no heap.
  std::string key;
  const bool flagged = entry.flags != 0 || entry.edit_distance != 0;
  key += static_cast<char>(entry.view);
  key += static_cast<char>(entry.literal | entry.start_boundary << 1 | entry.end_boundary << 2 |
                          entry.padded << 3 | flagged << 4);
  if (flagged) {
    key.append(reinterpret_cast<const char*>(&entry.flags), sizeof(entry.flags));
    key.append(reinterpret_cast<const char*>(&entry.edit_distance), sizeof(entry.edit_distance));
  }
  key += entry.expression;
  auto [it, inserted] = index_.try_emplace(std::move(key), entries_.size());
  if (inserted) entries_.push_back(std::move(entry));
  Entry& target = entries_[it->second];
  AddTarget(wanted, &target.targets);
  const SourceLocation& last = locations_.empty() ? at : locations_.back();
  if (locations_.empty() || last.line != at.line || last.column != at.column || last.file != at.file) {
    locations_.push_back(at);
  }
  target.sources.push_back(static_cast<std::uint32_t>(locations_.size() - 1));
}

void PatternSet::RejectPattern(DiagnosticCode code, const SourceLocation& at, std::uint32_t term,
                               std::string message, DiagnosticSink* sink) {
  if (!options_.keep_going) {
    sink->Error(code, at, std::move(message));
    return;
  }
  sink->Warning(code, at,
                std::move(message) + "; left out, with the rules that depend on it (keep going)");
  rejected_terms_.insert(term);
}

void PatternSet::Add(const PatternSpec& spec, std::uint32_t term, std::uint32_t field_set,
                     DiagnosticSink* sink) {
  AddPattern(spec, PatternTarget{term, field_set}, sink);
}

void PatternSet::AddException(const PatternSpec& spec, std::uint32_t term,
                              std::uint32_t field_set, DiagnosticSink* sink) {
  PatternTarget target{term, field_set};
  target.exception = true;
  AddPattern(spec, target, sink);
}

void PatternSet::AddPattern(const PatternSpec& spec, const PatternTarget& target,
                            DiagnosticSink* sink) {
  if (!WithinLimits(spec, target.term, sink)) return;
  if (spec.fuzzy > 0 && (spec.kind != PatternSpec::Kind::kPhrase || spec.case_sensitive)) {
    sink->Warning(
        DiagnosticCode::kFuzzyIgnored, spec.location,
        "`fuzzy` applies to plain phrases only; " + Quote(spec.text) + " is matched exactly");
  }
  switch (spec.kind) {
    case PatternSpec::Kind::kPhrase:
      spec.case_sensitive ? AddExactPhrase(spec, target, sink) : AddPhrase(spec, target, sink);
      return;
    case PatternSpec::Kind::kLiteral: AddLiteral(spec, target, sink); return;
    case PatternSpec::Kind::kRegex: AddRegex(spec, target, sink); return;
  }
}

bool PatternSet::WithinLimits(const PatternSpec& spec, std::uint32_t term, DiagnosticSink* sink) {
  const CompileLimits& limits = options_.limits;
  if (++added_ > limits.max_patterns) {
    if (added_ == limits.max_patterns + 1) {
      sink->Error(DiagnosticCode::kCompileLimit, spec.location,
                  "more than " + std::to_string(limits.max_patterns) +
                      " patterns in all packs, the limit of this compile");
    }
    return false;
  }
  if (spec.text.size() > limits.max_pattern_bytes) {
    RejectPattern(DiagnosticCode::kCompileLimit, spec.location, term,
                  "pattern is " + std::to_string(spec.text.size()) +
                      " bytes long, over the limit of " + std::to_string(limits.max_pattern_bytes),
                  sink);
    return false;
  }
  return true;
}

// Case-sensitive phrases are matched as written, on the exact text's word
// view: any run of separators reads as one space there.
// A phrase's words as one literal of a word view (padded by PadWords), with
// a space for each word boundary it needs: a candidate starts and ends only
// where words do, by construction.
PatternSet::Entry PatternSet::PaddedWordsEntry(ViewKind view, const std::vector<std::string>& words,
                                               bool open_start, bool open_end) {
  Entry entry;
  entry.view = view;
  entry.literal = true;
  entry.padded = !open_start || !open_end;
  entry.expression = (open_start ? "" : " ") + Join(words, " ") + (open_end ? "" : " ");
  return entry;
}

void PatternSet::AddExactPhrase(const PatternSpec& spec, const PatternTarget& target,
                                DiagnosticSink* sink) {
  const std::vector<std::string> words = PhraseWords(spec.text, false);
  if (words.empty()) {
    RejectPattern(DiagnosticCode::kEmptyPattern, spec.location, target.term,
                  "phrase " + Quote(spec.text) + " has no letters or digits", sink);
    return;
  }
  Insert(PaddedWordsEntry(ViewKind::kExactWords, words, spec.OpenStart(), spec.OpenEnd()), target,
         spec.location);
}

void PatternSet::AddLiteral(const PatternSpec& spec, const PatternTarget& target,
                            DiagnosticSink* sink) {
  TextView view;
  spec.case_sensitive ? SanitizeText(spec.text, &view) : FoldText(spec.text, &view);
  if (view.text.empty()) {
    RejectPattern(DiagnosticCode::kEmptyPattern, spec.location, target.term,
                  "literal " + Quote(spec.text) + " is empty", sink);
    return;
  }
  Entry entry;
  entry.view = spec.case_sensitive ? ViewKind::kExact : ViewKind::kFolded;
  entry.literal = true;
  entry.expression = view.text;
  Insert(std::move(entry), target, spec.location);
}

void PatternSet::AddRegex(const PatternSpec& spec, const PatternTarget& target,
                          DiagnosticSink* sink) {
  Entry entry;
  entry.view = spec.case_sensitive ? ViewKind::kExact : ViewKind::kFolded;
  // Without UCP: Hyperscan refuses `\b` in UCP mode, and authors need it.
  // `\w \d \s \b` are ASCII classes in author regexes (rules/README.md).
  entry.flags = kAuthorRegexFlags | (spec.case_sensitive ? 0 : HS_FLAG_CASELESS);
  entry.expression = spec.text;
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(spec.text.c_str(), entry.flags, &info, &error) != HS_SUCCESS) {
    RejectPattern(DiagnosticCode::kBadRegex, spec.location, target.term,
                  "bad regex " + Quote(spec.text) + ": " + HyperscanMessage(error), sink);
    hs_free_compile_error(error);
    return;
  }
  const bool empty = info->min_width == 0;
  std::free(info);
  if (empty) {
    RejectPattern(DiagnosticCode::kRegexEmpty, spec.location, target.term,
                  "regex " + Quote(spec.text) + " can match the empty string", sink);
    return;
  }
  Insert(std::move(entry), target, spec.location);
}

// A phrase is confirmed on the folded text by its PhrasePattern; Hyperscan
// only finds candidates: a literal per skeleton variant, the pairs view for
// a one-word phrase split in two, and an approximate regex for `fuzzy`.
void PatternSet::AddPhrase(const PatternSpec& spec, const PatternTarget& target,
                           DiagnosticSink* sink) {
  const std::uint32_t term = target.term;
  const std::vector<std::string> words = PhraseWords(spec.text, true);
  const std::vector<std::string> skeleton = SkeletonWords(spec.text);
  if (words.empty() || skeleton.empty()) {
    RejectPattern(DiagnosticCode::kEmptyPattern, spec.location, term,
                  "phrase " + Quote(spec.text) + " has no letters or digits", sink);
    return;
  }
  const bool open_start = spec.OpenStart(), open_end = spec.OpenEnd();
  const std::string key = std::to_string(static_cast<int>(spec.evasion)) + (open_start ? "<" : "|") +
                          (open_end ? ">" : "|") + Join(words, " ");
  auto [it, inserted] = phrase_index_.try_emplace(key, static_cast<std::uint32_t>(phrases_.size()));
  if (inserted) {
    PhrasePattern phrase = MakePhrasePattern(Join(words, " "), spec.evasion, open_start, open_end);
    for (const std::string& word : words) {
      for (std::string& doubled : DoubledSpellingsOf(word)) {
        phrase.doubled_words.push_back(std::move(doubled));
      }
    }
    phrases_.push_back(std::move(phrase));
  }
  PatternTarget confirmed = target;
  confirmed.phrase = it->second;
  if (spec.evasion == EvasionLevel::kOff && spec.fuzzy == 0) {
    // As written: one literal on the word view. (The skeleton would read
    // `@` in `a@sky` as a letter.)
    Insert(PaddedWordsEntry(ViewKind::kWords, words, open_start, open_end), target, spec.location);
    return;
  }
  // A space in the skeleton stands for each word boundary the phrase needs.
  const std::string before = open_start ? "" : " ", after = open_end ? "" : " ";
  auto add = [&](ViewKind view, std::string literal) {
    Entry entry;
    entry.view = view;
    entry.literal = true;
    entry.padded = !open_start || !open_end;
    entry.expression = before + literal + after;
    Insert(std::move(entry), confirmed, spec.location);
  };
  for (std::string& variant : SkeletonVariants(spec.text, skeleton, spec.evasion)) {
    add(ViewKind::kSkeleton, std::move(variant));
  }
  if (SpacingAllowed(spec.evasion, ShortestWord(words))) {
    std::string joined = Join(skeleton, " ");
    if (!open_start && !open_end && joined.size() <= WordTable::kLongestKey) {
      // A whole-word phrase: the masked word table spells it out at load.
      const auto [at, added] = masked_index_.try_emplace(joined, masked_phrases_.size());
      if (added) masked_phrases_.emplace_back(std::move(joined), std::vector<PatternTarget>{});
      AddTarget(confirmed, &masked_phrases_[at->second].second);
    } else {
      for (std::string& variant : MaskVariants(joined)) add(ViewKind::kMasked, std::move(variant));
    }
  }
  // A one-word phrase split in two (black out); ConfirmPhrase takes it only
  // from a word's start to a word's end, never riptide|podcast.
  if (spec.evasion != EvasionLevel::kOff && skeleton.size() == 1 && skeleton[0].size() >= 6) {
    add(ViewKind::kPairs, skeleton[0]);
  }
  if (spec.fuzzy > 0) {
    // Padded on both sides or neither: the scanner strips one byte each side.
    const std::string pad = open_start || open_end ? "" : " ";
    Entry entry;
    entry.view = ViewKind::kSkeleton;
    entry.padded = !pad.empty();
    entry.skeleton = pad + Join(skeleton, " ") + pad;
    entry.expression = EscapeRegex(entry.skeleton);
    // Bytes, not UTF-8: Hyperscan's approximate matching refuses UTF-8 mode.
    entry.flags = HS_FLAG_SOM_LEFTMOST;
    entry.edit_distance = static_cast<unsigned>(spec.fuzzy);
    PatternTarget approximate = target;
    approximate.edit_distance = entry.edit_distance;
    Insert(std::move(entry), approximate, spec.location);
  }
}

void PatternSet::RejectEntry(Entry* entry, const std::string& message, DiagnosticSink* sink) {
  entry->rejected = true;
  // Every pattern that lowered to the entry is reported; each of its terms
  // loses it.
  for (std::size_t i = 0; i < entry->sources.size(); ++i) {
    RejectPattern(DiagnosticCode::kHyperscanRejected, locations_[entry->sources[i]],
                  entry->targets[std::min(i, entry->targets.size() - 1)].term, message, sink);
  }
  for (const PatternTarget& target : entry->targets) {
    if (options_.keep_going) rejected_terms_.insert(target.term);
  }
}

void PatternSet::RejectFailing(std::vector<Entry*>& members, const GuardedCompileResult& failure,
                               const HyperscanBatch& batch, DiagnosticSink* sink) {
  if (failure.outcome == CompileOutcome::kPastDeadline) {
    // Out of time for the whole compile: one error, not one per pattern.
    for (Entry* member : members) member->rejected = true;
    sink->Error(DiagnosticCode::kCompileLimit, locations_[members[0]->sources[0]],
                failure.message + " before these " + std::to_string(members.size()) +
                    (batch.literal ? " literals" : " regexes") +
                    " compiled; simplify the rules or raise the compile limits");
    return;
  }
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
    failing = FindFailingExpressions(batch, options_.limits, deadline_);
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
    sink->Error(DiagnosticCode::kHyperscanRejected, locations_[members[0]->sources[0]],
                "hyperscan cannot compile the " + std::to_string(members.size()) +
                    (batch.literal ? " literals" : " regexes") + " of this kind together: " +
                    failure.message + "; split the rules or raise the compile limits");
  }
}

void PatternSet::Rebatch(PendingDatabase* pending) {
  std::erase_if(pending->members, [](const Entry* entry) { return entry->rejected; });
  HyperscanBatch& batch = pending->batch;
  batch = HyperscanBatch{};
  batch.literal = pending->literal;
  for (const Entry* entry : pending->members) {
    const bool relax = !pending->literal && pending->relaxed && entry->edit_distance == 0;
    batch.expressions.push_back(relax ? FinderExpression(entry->expression) : entry->expression);
    batch.flags.push_back(pending->literal ? entry->flags : entry->flags & ~HS_FLAG_SOM_LEFTMOST);
    batch.edit_distances.push_back(entry->edit_distance);
  }
}

void PatternSet::Collect(ViewKind view, bool literal, std::vector<PendingDatabase>* out) {
  std::vector<Entry*> members;
  for (Entry& entry : entries_) {
    if (entry.view == view && entry.literal == literal && !entry.rejected && !entry.in_word_table) {
      members.push_back(&entry);
    }
  }
  const std::size_t most = std::max<std::size_t>(options_.limits.max_database_expressions, 1);
  const std::size_t parts = (members.size() + most - 1) / most;
  for (std::size_t part = 0; part < parts; ++part) {
    PendingDatabase pending;
    pending.view = view;
    pending.literal = literal;
    pending.members.assign(members.begin() + members.size() * part / parts,
                           members.begin() + members.size() * (part + 1) / parts);
    Rebatch(&pending);
    out->push_back(std::move(pending));
  }
}

bool PatternSet::Finish(PendingDatabase& pending, GuardedCompileResult compiled, ProgramData* data,
                        DiagnosticSink* sink) {
  if (compiled.outcome != CompileOutcome::kOk) {
    if (!pending.literal && pending.relaxed) {
      pending.relaxed = false;  // the regexes as written next (Rebatch)
      return false;
    }
    RejectFailing(pending.members, compiled, pending.batch, sink);
    return false;
  }
  hs_database_t* database = compiled.database.get();
  PatternDatabase built;
  built.view = pending.view;
  built.literal = pending.literal;
  built.database = std::move(compiled.database);
  for (Entry* entry : pending.members) {
    if (!pending.literal) {
      std::size_t start_size = 0;
      if (hs_database_size(entry->start.get(), &start_size) == HS_SUCCESS) {
        data->stats.database_bytes += start_size;
      }
      built.starts.push_back(std::move(entry->start));
    }
    CompiledPattern pattern;
    pattern.first_target = static_cast<std::uint32_t>(data->targets.size());
    pattern.target_count = static_cast<std::uint32_t>(entry->targets.size());
    pattern.literal_length = pending.literal ? static_cast<std::uint32_t>(entry->expression.size()) : 0;
    pattern.start_boundary = entry->start_boundary;
    pattern.end_boundary = entry->end_boundary;
    pattern.padded = entry->padded;
    pattern.skeleton = entry->skeleton;
    pattern.start_reach = pending.literal ? kNone : entry->start_reach;
    data->targets.insert(data->targets.end(), entry->targets.begin(), entry->targets.end());
    built.patterns.push_back(pattern);
  }
  std::size_t size = 0;
  if (hs_database_size(database, &size) == HS_SUCCESS) data->stats.database_bytes += size;
  data->databases.push_back(std::move(built));
  return true;
}

// A skeleton literal " key " on the pairs or masked view matches exactly
// the joined pairs or runs of words that spell `key`, which a table finds
// without a database (FindPairWords, FindWordRuns). Open-ended literals
// match inside words too, and the longest keys are not hashed: those stay
// in databases.
void PatternSet::BuildWordTables(ProgramData* data) {
  // Keys with the same targets share one pattern: the targets, as bytes, name it.
  const auto pattern_of = [&](WordTable& table, const std::vector<PatternTarget>& targets,
                              std::unordered_map<std::string, std::uint32_t>& known) {
    std::string name;
    for (const PatternTarget& target : targets) {
      for (std::uint32_t field : {target.term, target.field_set, target.phrase, target.edit_distance,
                                  static_cast<std::uint32_t>(target.exception)}) {
        name.append(reinterpret_cast<const char*>(&field), sizeof field);
      }
    }
    const auto [it, added] = known.try_emplace(std::move(name), static_cast<std::uint32_t>(table.patterns.size()));
    if (added) {
      CompiledPattern pattern;
      pattern.first_target = static_cast<std::uint32_t>(data->targets.size());
      pattern.target_count = static_cast<std::uint32_t>(targets.size());
      pattern.padded = true;
      data->targets.insert(data->targets.end(), targets.begin(), targets.end());
      table.patterns.push_back(pattern);
    }
    return it->second;
  };
  std::unordered_map<std::string, std::uint32_t> skeleton_patterns, pair_patterns, masked_patterns;
  for (Entry& entry : entries_) {
    const std::string& literal = entry.expression;
    if ((entry.view != ViewKind::kPairs && entry.view != ViewKind::kSkeleton) || !entry.literal ||
        entry.rejected || !entry.padded || entry.flags != 0 || entry.edit_distance != 0 ||
        literal.size() < 3 || literal.front() != ' ' || literal.back() != ' ' ||
        literal.size() - 2 > WordTable::kLongestKey) {
      continue;
    }
    entry.in_word_table = true;
    const bool pairs = entry.view == ViewKind::kPairs;
    WordTable& table = pairs ? data->pair_words : data->skeleton_words;
    table.Add(std::string_view(literal).substr(1, literal.size() - 2),
              pattern_of(table, entry.targets, pairs ? pair_patterns : skeleton_patterns));
  }
  data->masked_words.masked_spellings = true;
  for (const auto& [key, targets] : masked_phrases_) {
    data->masked_words.Add(key, pattern_of(data->masked_words, targets, masked_patterns));
  }
}

namespace {

// Whether `expression` may hold at the start of a text where it would not
// in the middle of one: a `^` outside the head of a class (`[^`), or `\A`.
// Read with care, not parsed: an escaped `\^` counts too.
bool AnchorsAtTextStart(std::string_view expression) {
  for (std::size_t i = 0; i < expression.size(); ++i) {
    if (expression[i] == '\\' && i + 1 < expression.size() && expression[i + 1] == 'A') return true;
    if (expression[i] != '^') continue;
    std::size_t backslashes = 0;  // before the '[' that opens a class
    if (i > 0 && expression[i - 1] == '[') {
      for (std::size_t j = i - 1; j > 0 && expression[j - 1] == '\\'; --j) ++backslashes;
      if (backslashes % 2 == 0) continue;
    }
    return true;
  }
  return false;
}

}  // namespace

void PatternSet::SetStartReach(Entry* regex, const std::vector<std::uint32_t>& max_widths,
                               std::size_t index) {
  regex->start_reach = kNone;
  if (index >= max_widths.size() || regex->edit_distance != 0 ||
      AnchorsAtTextStart(regex->expression)) {
    return;
  }
  regex->start_reach = max_widths[index];  // kNone when unbounded
}

HyperscanBatch PatternSet::StartsBatch(std::span<Entry* const> regexes) {
  HyperscanBatch batch;
  batch.separately = true;
  for (const Entry* entry : regexes) {
    batch.expressions.push_back(entry->expression);
    batch.flags.push_back(entry->flags);
    batch.edit_distances.push_back(entry->edit_distance);
  }
  return batch;
}

void PatternSet::BuildStarts(const std::vector<Entry*>& regexes,
                             std::span<GuardedCompileResult> compiled, DiagnosticSink* sink) {
  std::vector<Entry*> again;  // of groups that failed, each to be compiled alone
  for (std::size_t group = 0; group < compiled.size(); ++group) {
    const std::size_t first = group * kStartsPerCompile;
    const std::size_t count = std::min(kStartsPerCompile, regexes.size() - first);
    if (compiled[group].outcome != CompileOutcome::kOk) {
      again.insert(again.end(), regexes.begin() + first, regexes.begin() + first + count);
      continue;
    }
    for (std::size_t i = 0; i < count; ++i) {
      regexes[first + i]->start = std::move(compiled[group].databases[i]);
      SetStartReach(regexes[first + i], compiled[group].max_widths, i);
    }
  }
  if (again.empty()) return;
  std::vector<HyperscanBatch> alone;
  for (Entry* entry : again) alone.push_back(StartsBatch(std::span<Entry* const>(&entry, 1)));
  std::vector<const HyperscanBatch*> batches;
  for (const HyperscanBatch& batch : alone) batches.push_back(&batch);
  std::vector<GuardedCompileResult> results = CompileGuardedAll(batches, options_.limits, deadline_);
  for (std::size_t k = 0; k < again.size(); ++k) {
    if (results[k].outcome == CompileOutcome::kOk) {
      again[k]->start = std::move(results[k].databases.front());
      SetStartReach(again[k], results[k].max_widths, 0);
    } else {
      std::vector<Entry*> culprit{again[k]};
      RejectFailing(culprit, results[k], alone[k], sink);
    }
  }
}

// Every database compiles at once (CompileGuardedAll: in parallel, the
// largest first), with each regex's start database (BuildStarts); they are
// added in a fixed order. A database that failed, or lost a member so, is
// built again, alone, without the entries rejected. Hits of one view from
// several databases need no order: the evaluator sorts a term's hits.
void PatternSet::Build(ProgramData* data, DiagnosticSink* sink) {
  BuildWordTables(data);
  std::vector<PendingDatabase> pending;
  for (ViewKind view :
       {ViewKind::kFolded, ViewKind::kSkeleton, ViewKind::kPairs, ViewKind::kWords,
        ViewKind::kExact, ViewKind::kExactWords, ViewKind::kMasked}) {
    for (bool literal : {true, false}) Collect(view, literal, &pending);
  }
  std::vector<const HyperscanBatch*> batches;
  for (const PendingDatabase& database : pending) batches.push_back(&database.batch);
  // The regexes alone, for their starts: kStartsPerCompile to a process.
  std::vector<Entry*> regexes;
  for (const PendingDatabase& database : pending) {
    if (!database.literal) regexes.insert(regexes.end(), database.members.begin(), database.members.end());
  }
  std::vector<HyperscanBatch> starts;
  for (std::size_t first = 0; first < regexes.size(); first += kStartsPerCompile) {
    const std::size_t last = std::min(first + kStartsPerCompile, regexes.size());
    starts.push_back(StartsBatch(std::span<Entry* const>(regexes).subspan(first, last - first)));
  }
  for (const HyperscanBatch& group : starts) batches.push_back(&group);
  deadline_ = DeadlineIn(options_.limits.compile_seconds);
  std::vector<GuardedCompileResult> compiled = CompileGuardedAll(batches, options_.limits, deadline_);
  BuildStarts(regexes, std::span(compiled).subspan(pending.size()), sink);
  for (std::size_t i = 0; i < pending.size(); ++i) {
    const auto rejected = [](const Entry* entry) { return entry->rejected; };
    if (std::any_of(pending[i].members.begin(), pending[i].members.end(), rejected)) {
      Rebatch(&pending[i]);
      if (pending[i].members.empty()) continue;
      compiled[i] = CompileGuarded(pending[i].batch, options_.limits, deadline_);
    }
    while (!Finish(pending[i], std::move(compiled[i]), data, sink)) {
      Rebatch(&pending[i]);
      if (pending[i].members.empty()) break;
      compiled[i] = CompileGuarded(pending[i].batch, options_.limits, deadline_);
    }
  }
  data->phrases = phrases_;
  IndexWordTables(data);  // with the phrases, which give the keys their plain forms
  data->exact_word_anchors = ExactWordAnchors();
  // A masked phrase counts once, not once per spelling.
  data->stats.unique_patterns = entries_.size() + masked_phrases_.size();
  data->stats.databases = data->databases.size();
}

namespace {

// Words with a byte other than a lowercase ASCII letter first, then longer.
std::pair<bool, std::size_t> AnchorRank(std::string_view word) {
  const bool rare = std::any_of(word.begin(), word.end(), [](char c) { return c < 'a' || c > 'z'; });
  return {rare, word.size()};
}

}  // namespace

// One word of each literal on the exact-words view, once each: a word with
// a capital, a digit or a symbol first (rarer in text than lowercase), then
// the longest (" my OF " -> "OF", " OF link " -> "OF"). None when a literal
// is matched other than byte for byte, or when there are so many that
// looking for them costs more than the view.
std::vector<std::string> PatternSet::ExactWordAnchors() const {
  constexpr std::size_t kMostAnchors = 64;
  std::vector<std::string> anchors;
  for (const Entry& entry : entries_) {
    if (entry.view != ViewKind::kExactWords || entry.rejected) continue;
    if (!entry.literal || entry.flags != 0 || entry.edit_distance != 0) return {};
    std::string_view anchor;
    std::string_view rest = entry.expression;
    while (!rest.empty()) {
      const std::size_t space = rest.find(' ');
      const std::string_view word = rest.substr(0, space);
      if (AnchorRank(word) > AnchorRank(anchor)) anchor = word;
      if (space == std::string_view::npos) break;
      rest.remove_prefix(space + 1);
    }
    if (anchor.empty()) return {};
    if (std::find(anchors.begin(), anchors.end(), anchor) == anchors.end()) anchors.emplace_back(anchor);
    if (anchors.size() > kMostAnchors) return {};
  }
  return anchors;
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
    sink->Warning(DiagnosticCode::kRuleDropped, info.location,
                  "rule " + Quote(info.id) + " is dropped: term " +
                      Quote(data->term_names[dropped_by[rule]]) +
                      " lost a pattern that could not be compiled (keep going)");
  }
}

}  // namespace bylaw::internal
