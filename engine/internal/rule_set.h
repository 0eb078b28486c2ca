// The rule set as written: what the loader (engine/lang/rule_set_loader.cc)
// reads from YAML, with the source location of everything a diagnostic may
// need to point at. Names are not resolved yet; the compiler does that.
#ifndef BYLAW_INTERNAL_RULE_SET_H_
#define BYLAW_INTERNAL_RULE_SET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bylaw/compiler.h"
#include "bylaw/diagnostic.h"
#include "bylaw/document.h"
#include "bylaw/policy.h"
#include "evasion_match.h"

namespace bylaw::internal {

struct NameRef {
  std::string name;
  SourceLocation location;
};

struct PatternSpec {
  enum class Kind : std::uint8_t { kPhrase, kRegex, kLiteral };
  Kind kind = Kind::kPhrase;
  std::string text;
  int fuzzy = 0;
  bool within_words = false;
  bool starts_word = false;  // must start a word, may run on (`ass` in `a$$hole`)
  bool ends_word = false;    // must end a word, may follow letters (`ass` in `dumbass`)
  bool case_sensitive = false;
  EvasionLevel evasion = EvasionLevel::kStandard;  // phrases: pattern's, else term's, else pack's
  std::vector<NameRef> fields;  // empty = every field
  SourceLocation location;      // of the pattern's text

  // May begin or end inside a longer word.
  bool OpenStart() const { return within_words || ends_word; }
  bool OpenEnd() const { return within_words || starts_word; }
};

struct TermSpec {
  NameRef name;
  std::vector<PatternSpec> patterns;
  // `except:` phrases: a match of the term that one of them covers is
  // dropped (`cock` inside `cockpit`); the term's other matches count.
  std::vector<PatternSpec> exceptions;
};

// A `when:` or `unless:` text. When `exact`, location.column is the column
// of text[0] on location.line, so offset k is at column + k; otherwise the
// location points at the YAML scalar (quoted with escapes, multi-line, block).
struct ConditionSpec {
  std::string text;
  SourceLocation location;
  bool exact = false;

  SourceLocation At(std::uint32_t offset) const {
    SourceLocation at = location;
    if (exact) at.column += offset;
    return at;
  }
};

struct ExampleSpec {
  std::vector<Field> fields;
  SourceLocation location;
};

struct RuleSpec {
  NameRef id;
  std::string title;
  std::optional<ConditionSpec> when;
  std::optional<ConditionSpec> unless;
  std::optional<Action> action;
  std::optional<Severity> severity;
  RuleStatus status = RuleStatus::kLive;
  std::vector<std::string> labels;
  std::vector<NameRef> resources;
  std::vector<ExampleSpec> flag_examples;
  std::vector<ExampleSpec> pass_examples;
  HitRateLimit hit_rate_limit;  // `circuit_breaker:`
  RuleProvenance provenance;    // `author:`, `created:`, `references:`, `maturity:`, ...
  SourceLocation location;  // of the rule's map
};

struct PackSpec {
  std::string path;
  SourceLocation location;  // the file
  std::optional<NameRef> category;
  std::string description;
  std::vector<NameRef> imports;  // `import:` vocabulary names
  Action default_action = Action::kReview;
  Severity default_severity = Severity::kMedium;
  std::optional<ConditionSpec> unless;
  std::vector<TermSpec> terms;
  std::vector<RuleSpec> rules;
};

// A file of shared terms (`vocabulary: NAME`) that packs import by name.
// Several files may hold parts of one vocabulary (one per language, say):
// a term named in more than one of them matches any of their patterns.
struct VocabularySpec {
  NameRef name;          // `vocabulary:`
  std::string path;
  std::string language;  // `language:`, informational
  std::string description;
  std::vector<TermSpec> terms;
};

struct ResourceSpec {
  Resource resource;
  SourceLocation location;
};

struct CategorySpec {
  std::string id;
  std::string title;
  std::string section;
  std::string description;
  std::vector<NameRef> resources;
  SourceLocation location;  // of the id
};

struct RuleSetSpec {
  std::optional<std::string> taxonomy_path;
  std::vector<ResourceSpec> resources;
  std::vector<CategorySpec> categories;
  std::vector<VocabularySpec> vocabularies;  // in file order
  std::vector<PackSpec> packs;
};

// Calls `visit(term)` for every term of the rule set: the vocabularies'
// terms, then the packs', in file order.
template <typename Visit>
void ForEachTermSpec(const RuleSetSpec& spec, Visit visit) {
  for (const VocabularySpec& vocabulary : spec.vocabularies) {
    for (const TermSpec& term : vocabulary.terms) visit(term);
  }
  for (const PackSpec& pack : spec.packs) {
    for (const TermSpec& term : pack.terms) visit(term);
  }
}

// Parses every source (one taxonomy.yaml; vocabularies, the files with a
// `vocabulary:` key; the rest packs) and reports every YAML syntax error,
// unknown or duplicate key, wrong type and bad value into `sink`,
// continuing past each. Registers each source's text with the sink.
RuleSetSpec LoadRuleSet(const std::vector<SourceFile>& sources, class DiagnosticSink* sink);

// True for `taxonomy.yaml` (any directory).
bool IsTaxonomyPath(std::string_view path);

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_RULE_SET_H_
