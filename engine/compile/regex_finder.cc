#include "regex_finder.h"

#include <cctype>
#include <cstddef>

namespace bylaw::internal {
namespace {

// The length of the character class at the head of `text`: a bracket
// expression (`[...]`, POSIX classes inside it included) or one of `\d \w
// \s \D \W \S`; 0 when the head is no class read with certainty.
std::size_t ClassLength(std::string_view text) {
  if (text.size() >= 2 && text[0] == '\\') {
    const char c = text[1];
    return (c == 'd' || c == 'w' || c == 's' || c == 'D' || c == 'W' || c == 'S') ? 2 : 0;
  }
  if (text.empty() || text[0] != '[') return 0;
  std::size_t i = 1;
  if (i < text.size() && text[i] == '^') ++i;
  if (i < text.size() && text[i] == ']') ++i;  // a leading `]` is a member
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\\') {
      i += 2;
    } else if (c == '[') {
      // Only POSIX classes nest: `[:alpha:]`; anything else is not read.
      if (i + 1 >= text.size() || text[i + 1] != ':') return 0;
      const std::size_t close = text.find(":]", i + 2);
      if (close == std::string_view::npos) return 0;
      i = close + 2;
    } else if (c == ']') {
      return i + 1;
    } else {
      ++i;
    }
  }
  return 0;
}

// A quantifier `{m,n}`, `{m,}`, `{m}`, `+`, `*` or `?` at the head of
// `text`: its length and its minimum; length 0 when there is none, or when
// it is followed by a lazy or possessive mark (left alone).
struct Quantifier {
  std::size_t length = 0;
  std::size_t minimum = 0;
  std::string_view minimum_text;
};

Quantifier ReadQuantifier(std::string_view text) {
  Quantifier q;
  if (text.empty()) return q;
  if (text[0] == '+' || text[0] == '*' || text[0] == '?') {
    q.length = 1;
    q.minimum = text[0] == '+' ? 1 : 0;
  } else if (text[0] == '{') {
    std::size_t i = 1;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == 1 || i - 1 > 4) return q;
    q.minimum_text = text.substr(1, i - 1);
    if (i < text.size() && text[i] == ',') {
      ++i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    }
    if (i >= text.size() || text[i] != '}') return q;
    q.length = i + 1;
    q.minimum = std::stoul(std::string(q.minimum_text));
  } else {
    return q;
  }
  if (q.length < text.size() && (text[q.length] == '?' || text[q.length] == '+')) q.length = 0;
  return q;
}

}  // namespace

std::string FinderExpression(std::string_view expression) {
  std::string_view rest = expression;
  // A `\b` before a literal costs Hyperscan little and keeps the finder
  // from reporting words found inside longer ones: it goes only with a class
  // that is cut.
  const bool boundary = rest.starts_with("\\b");
  if (boundary) rest.remove_prefix(2);
  std::string head = boundary ? "\\b" : "";
  if (rest.starts_with("(^|")) {
    const std::size_t length = ClassLength(rest.substr(3));
    if (length > 0 && rest.size() > 3 + length && rest[3 + length] == ')') {
      rest.remove_prefix(3 + length + 1);
      head.clear();  // the `\b` stood before the class, not before the rest
    }
  }
  if (const std::size_t length = ClassLength(rest); length > 0) {
    const Quantifier q = ReadQuantifier(rest.substr(length));
    if (q.length > 0) {
      head.clear();
      if (q.minimum == 1) {
        head = std::string(rest.substr(0, length));
      } else if (q.minimum > 1) {
        head = std::string(rest.substr(0, length)) + "{" + std::string(q.minimum_text) + "}";
      }
      rest.remove_prefix(length + q.length);
    }
  }
  std::string finder = head + std::string(rest);
  // A head that was all there is leaves nothing to find by: keep the regex.
  if (finder.empty() || finder.front() == '|' || finder.front() == ')' ||
      finder.front() == '{' || finder.front() == '*' || finder.front() == '+' ||
      finder.front() == '?') {
    return std::string(expression);
  }
  return finder;
}

}  // namespace bylaw::internal
