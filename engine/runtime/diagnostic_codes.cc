// The table of diagnostic codes (bylaw/diagnostic.h): one row per kind of
// mistake, in the order of the enum. rules/README.md documents the same
// table, and a test keeps the two equal.
#include <algorithm>

#include "bylaw/diagnostic.h"

namespace bylaw {
namespace {

using enum DiagnosticCode;
constexpr DiagnosticLevel kE = DiagnosticLevel::kError;
constexpr DiagnosticLevel kW = DiagnosticLevel::kWarning;

const DiagnosticCodeInfo kNoneInfo{kNone, "none", kE, false, "a diagnostic without a code"};

const std::vector<DiagnosticCodeInfo> kCodes = {
    {kUnreadableFile, "unreadable-file", kE, false,
     "a rules file, folder, git revision or program file cannot be read: check the path and its "
     "permissions"},
    {kSymlinkRefused, "symlink-refused", kE, false,
     "a symbolic link leads outside the rules folder or cannot be followed: copy the file in "
     "instead"},
    {kEmptyFile, "empty-file", kW, false, "a pack file holds nothing: fill it or delete it"},
    {kYamlSyntax, "yaml-syntax", kE, false,
     "the file is not valid YAML: fix the indentation or close the bracket the message points at"},
    {kYamlUnquotedHashtag, "yaml-unquoted-hashtag", kE, false,
     "an unquoted `#` starts a comment, so the value is empty: quote it, such as `\"#tag\"`"},
    {kYamlTabIndent, "yaml-tab-indent", kE, false,
     "YAML indents with spaces only: replace the tabs"},
    {kYamlAliasExpansion, "yaml-alias-expansion", kE, false,
     "aliases (`*name`) expand the file far past its size: write the values out"},
    {kUnknownKey, "unknown-key", kE, false,
     "a key the map does not take: fix its spelling (the message suggests one) or remove it"},
    {kDuplicateKey, "duplicate-key", kE, false, "a key is given twice in one map: keep one"},
    {kMissingKey, "missing-key", kE, false,
     "a required key is missing, such as a rule's `id` or `when`: add it"},
    {kWrongType, "wrong-type", kE, false,
     "a value of the wrong kind, such as a string where a list is expected: write the kind the "
     "message names"},
    {kUnknownValue, "unknown-value", kE, false,
     "a value outside its fixed set, such as an unknown `action`: use one of those the message "
     "lists"},
    {kInvalidValue, "invalid-value", kE, false,
     "a value out of range or badly formed, such as a date, a web address or a rate: correct it"},
    {kInvalidName, "invalid-name", kE, false,
     "an id or name holds characters it may not: use the characters the message lists"},
    {kPatternKind, "pattern-kind", kE, false,
     "a pattern needs exactly one of `text`, `regex` or `literal`"},
    {kPatternOptions, "pattern-options", kE, false,
     "pattern options that contradict each other or do not apply to its kind: drop one"},
    {kEmptyTerm, "empty-term", kE, false, "a term has no patterns: give it some or remove it"},
    {kDuplicateId, "duplicate-id", kE, false,
     "two rules, categories or resources share an id: rename one"},
    {kDuplicateTerm, "duplicate-term", kE, false,
     "a term name is defined twice, in one pack or by two vocabularies: rename or import only one"},
    {kKeywordTerm, "keyword-term", kE, false,
     "a term is named after a condition keyword: rename it"},
    {kUnknownCategory, "unknown-category", kE, false,
     "a pack's `category` is not in the taxonomy: fix its spelling or add it to `taxonomy.yaml`"},
    {kUnknownResource, "unknown-resource", kE, false,
     "a resource named that the taxonomy does not list: fix its spelling or add it"},
    {kUnknownVocabulary, "unknown-vocabulary", kE, false,
     "an `import` names no vocabulary file: fix its spelling or add the vocabulary"},
    {kDuplicateImport, "duplicate-import", kW, false, "a vocabulary is imported twice: remove one"},
    {kUnusedImport, "unused-import", kW, false,
     "a pack imports a vocabulary none of its conditions uses: remove the import"},
    {kUnusedTerm, "unused-term", kW, false, "a term no condition names: use it or remove it"},
    {kNoTaxonomy, "no-taxonomy", kE, false,
     "the rules have no `taxonomy.yaml`: add one listing the categories"},
    {kConditionSyntax, "condition-syntax", kE, false,
     "a `when` or `unless` condition does not parse: write what the message says was expected"},
    {kUnknownTerm, "unknown-term", kE, false,
     "a condition names a term no pack or import defines: fix its spelling or define it"},
    {kUnknownRule, "unknown-rule", kE, false, "`rule(...)` names no rule: fix the id"},
    {kImpossibleCount, "impossible-count", kE, false,
     "`N of (...)` lists fewer than N terms, so it can never hold: lower N or list more"},
    {kDisabledRuleReference, "disabled-rule-reference", kW, false,
     "`rule(...)` names a disabled rule, so it is always false: enable it or drop the reference"},
    {kRuleCycle, "rule-cycle", kE, false, "`rule(...)` references form a cycle: break it"},
    {kNestingTooDeep, "nesting-too-deep", kE, false,
     "conditions and `rule(...)` references nest too deep: flatten them"},
    {kEmptyPattern, "empty-pattern", kE, false,
     "a phrase with no letters or digits, or an empty literal: write what it should match"},
    {kBadRegex, "bad-regex", kE, false, "a regex does not parse: fix it as the message says"},
    {kRegexEmpty, "regex-empty", kE, false,
     "a regex can match the empty string, so it would match everywhere: require at least one "
     "character"},
    {kFuzzyIgnored, "fuzzy-ignored", kW, false,
     "`fuzzy` applies to plain phrases only and is ignored here: drop it"},
    {kHyperscanRejected, "hyperscan-rejected", kE, false,
     "Hyperscan cannot compile a pattern: simplify it, or split it and join the parts with "
     "`near(...)`"},
    {kCompileLimit, "compile-limit", kE, false,
     "the rules exceed a limit of the compile (patterns, bytes, time): simplify them or raise the "
     "limit"},
    {kRuleDropped, "rule-dropped", kW, false,
     "with keep-going, a rule is left out because one of its patterns could not compile: fix that "
     "pattern"},
    {kExampleFailed, "example-failed", kE, false,
     "a rule does not match its `flag` example or matches its `pass` example: fix the rule or the "
     "example"},
    {kInsideWords, "inside-words", kW, true,
     "a pattern can match inside an everyday word: add the words to the term's `except` or bound "
     "it"},
    {kShortTerm, "short-term", kW, true,
     "a short everyday word makes a rule match on its own: require another term with it"},
    {kNoExamples, "no-examples", kW, true, "a rule lacks `flag` or `pass` examples: add them"},
    {kStableNoExamples, "stable-no-examples", kE, true,
     "a `stable` rule lacks `flag` or `pass` examples: add them, or call it `test` until it has "
     "them"},
    {kNeverMatches, "never-matches", kW, true,
     "a rule's condition can never hold: fix or remove it"},
    {kAlwaysMatches, "always-matches", kW, true,
     "a rule's condition holds whatever the document says: require a term"},
    {kMatchesNothing, "matches-nothing", kW, true,
     "a rule matches a document in which none of its terms appear: require a term"},
    {kUnreachable, "unreachable", kW, true,
     "a stricter rule matches whenever this one does, so it never changes a decision: merge or "
     "remove it"},
    {kRegexRepeat, "regex-repeat", kW, true,
     "a regex with a large bounded repeat makes a big, slow database: bound it lower or split it"},
    {kWordList, "word-list", kW, true,
     "the word list cannot be read, so the checks against everyday words were skipped: install it"},
    {kFormatRefused, "fmt-refused", kE, false,
     "`bylaw fmt` cannot keep this faithfully (an anchor, alias, tag, second document, empty or "
     "list key) and leaves the file as it is: write the YAML plainly"},
};

}  // namespace

const std::vector<DiagnosticCodeInfo>& DiagnosticCodes() { return kCodes; }

const DiagnosticCodeInfo& CodeInfo(DiagnosticCode code) {
  const auto index = static_cast<std::size_t>(code);
  // The table is in the order of the enum, from its second value on.
  return index == 0 || index > kCodes.size() ? kNoneInfo : kCodes[index - 1];
}

std::string_view CodeName(DiagnosticCode code) { return CodeInfo(code).name; }

DiagnosticCode FindDiagnosticCode(std::string_view name) {
  const auto it =
      std::find_if(kCodes.begin(), kCodes.end(),
                   [name](const DiagnosticCodeInfo& info) { return info.name == name; });
  return it == kCodes.end() ? kNone : it->code;
}

}  // namespace bylaw
