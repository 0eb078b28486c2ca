// Term roles for the replay report: a small reader of condition text that
// follows the grammar's shape (or / and / not / atom) only far enough to know
// which names sit under `not`. See term_roles.h.
#include "term_roles.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace bylaw::cli {
namespace {

bool IsWordChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || c == '_' || c == '*' || c == '.' || c == '-' || u >= 0x80;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// A word that can name a term: not an operator, a number or a keyword.
bool IsName(std::string_view word) {
  constexpr std::array<std::string_view, 10> kKeywords = {"and", "or",    "not",  "in",  "of",
                                                         "count", "near", "rule", "any", "all"};
  return !word.empty() && IsWordChar(word[0]) && std::isdigit(static_cast<unsigned char>(word[0])) == 0 &&
         std::find(kKeywords.begin(), kKeywords.end(), word) == kKeywords.end();
}

std::vector<ConditionToken> Words(std::string_view text) {
  std::vector<ConditionToken> tokens;
  for (std::size_t i = 0; i < text.size();) {
    if (std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    if (IsWordChar(text[i])) {
      while (end < text.size() && IsWordChar(text[end])) ++end;
    } else if (end < text.size() && text[end] == '=' && std::string_view("<>=!").find(text[i]) != std::string_view::npos) {
      ++end;  // >= <= == !=
    }
    tokens.push_back({i, end});
    i = end;
  }
  return tokens;
}

// Walks the tokens as the grammar reads them, marking term names and
// whether they sit under an odd number of `not`s.
class Walker {
 public:
  Walker(std::string_view text, std::vector<ConditionToken>& tokens) : text_(text), tokens_(tokens) {}

  void Expression(bool negated) {
    Unary(negated);
    while (Is("and") || Is("or")) {
      ++at_;
      Unary(negated);
    }
  }
  bool Done() const { return at_ >= tokens_.size(); }

 private:
  std::string_view Word() const {
    return Done() ? std::string_view() : text_.substr(tokens_[at_].begin, tokens_[at_].end - tokens_[at_].begin);
  }
  bool Is(std::string_view word) const { return Word() == word; }

  void Unary(bool negated) {
    while (Is("not")) {
      negated = !negated;
      ++at_;
    }
    Atom(negated);
  }

  void Atom(bool negated) {
    if (Is("(")) {
      ++at_;
      Expression(negated);
      if (Is(")")) ++at_;
      return;
    }
    if (Done()) return;
    const std::string_view word = Word();
    const std::size_t first = at_++;
    if (Is("(") || Is("of")) {  // count( near( rule( any of( 2 of(
      if (Is("of")) ++at_;
      Group(negated, /*names=*/word != "rule");
      if (Is(">=") || Is(">") || Is("<=") || Is("<") || Is("==") || Is("!=")) at_ += 2;  // count(x) >= 3
      return;
    }
    if (IsName(word)) {
      tokens_[first].name = true;
      tokens_[first].negated = negated;
    }
    if (Is("in")) {  // term in (fields)
      ++at_;
      Group(negated, /*names=*/false);
    }
  }

  // A parenthesised list of operands: names (unless `names` is false) and
  // numbers, up to the matching `)`.
  void Group(bool negated, bool names) {
    if (!Is("(")) return;
    int depth = 0;
    do {
      if (Is("(")) ++depth;
      if (Is(")")) --depth;
      const std::string_view word = Word();
      if (names && IsName(word)) {
        tokens_[at_].name = true;
        tokens_[at_].negated = negated;
      }
      ++at_;
    } while (!Done() && depth > 0);
  }

  std::string_view text_;
  std::vector<ConditionToken>& tokens_;
  std::size_t at_ = 0;
};


bool Names(std::string_view name, std::string_view term) {
  if (!name.empty() && name.back() == '*') return StartsWith(term, name.substr(0, name.size() - 1));
  return name == term;
}

}  // namespace

std::string_view TermRoleName(TermRole role) {
  constexpr std::array<std::string_view, 4> kNames = {"harm", "cue", "context", "exception"};
  return kNames[static_cast<std::size_t>(role)];
}

std::string_view TermRoleMeaning(TermRole role) {
  constexpr std::array<std::string_view, 4> kMeanings = {
      "what the rule looks for: names of harms, challenges, insults",
      "promotion, participation, dares, instructions, sales (cue_* terms)",
      "protective context: warnings, news, debunks, support, education (ctx_* terms)",
      "exceptions: terms under not or in unless, which stop a rule"};
  return kMeanings[static_cast<std::size_t>(role)];
}

std::vector<ConditionToken> ScanCondition(std::string_view condition) {
  std::vector<ConditionToken> tokens = Words(condition);
  Walker walker(condition, tokens);
  // Each round reads at least one token: a stray `)` or operator is read
  // as an atom of its own, and the next round goes on after it.
  while (!walker.Done()) walker.Expression(false);
  return tokens;
}

std::vector<std::string> ExceptionNames(const RuleInfo& rule) {
  std::vector<std::string> names;
  for (const ConditionToken& token : ScanCondition(rule.condition)) {
    if (token.name && token.negated) names.emplace_back(rule.condition.substr(token.begin, token.end - token.begin));
  }
  for (const ConditionToken& token : ScanCondition(rule.unless)) {
    if (token.name) names.emplace_back(rule.unless.substr(token.begin, token.end - token.begin));
  }
  return names;
}

TermRole RoleOfTerm(std::string_view term, const std::vector<std::string>& exceptions) {
  for (const std::string& name : exceptions) {
    if (Names(name, term)) return TermRole::kException;
  }
  if (StartsWith(term, "ctx_")) return TermRole::kContext;
  if (StartsWith(term, "cue_")) return TermRole::kCue;
  return TermRole::kHarm;
}

}  // namespace bylaw::cli
