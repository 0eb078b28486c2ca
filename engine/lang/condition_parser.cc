// The condition grammar: the ParseCondition phase, between LoadRuleSet and
// Compile. Turns the text of a `when:` or `unless:` into the ConditionNode
// tree (condition.h) that the compiler resolves against a pack. The only file
// that includes Boost.
//
// One Spirit X3 grammar over `const char*`. Tokens are small hand-written X3
// primitives (keywords, names, numbers, punctuation) whose labels are what
// error messages quote; the structural rules build nodes with semantic
// actions. A failed `>` (expect) unwinds to the top rule's on_error, which
// records the first error; the parser state lives on the caller's stack, so
// ParseCondition is reentrant and thread-safe.

#include "condition_parser.h"

#include "text_view.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/fusion/include/at_c.hpp>
#include <boost/spirit/home/x3/char/char_class.hpp>
#include <boost/spirit/home/x3/core.hpp>
#include <boost/spirit/home/x3/directive/expect.hpp>
#include <boost/spirit/home/x3/directive/with.hpp>
#include <boost/spirit/home/x3/nonterminal/rule.hpp>
#include <boost/spirit/home/x3/operator.hpp>
#include <boost/spirit/home/x3/string/symbols.hpp>
#include <boost/throw_exception.hpp>

namespace bylaw::internal {
namespace {

namespace x3 = boost::spirit::x3;
using Iterator = const char*;

constexpr std::array<std::string_view, 11> kKeywords = {
    "and", "or", "not", "in", "of", "any", "all", "count", "near", "rule", "evaded"};

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) {  // the same set as the x3::ascii::space skipper
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}
char ToLowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// True if `text` equals the lowercase `keyword`, ignoring ASCII case.
bool EqualsKeyword(std::string_view text, std::string_view keyword) {
  return text.size() == keyword.size() &&
         std::equal(text.begin(), text.end(), keyword.begin(),
                    [](char a, char b) { return ToLowerAscii(a) == b; });
}

Iterator SkipSpaces(Iterator first, Iterator last) {
  while (first != last && IsSpace(*first)) ++first;
  return first;
}

// Length of the run of word characters at the start of [first, last).
std::size_t WordLength(Iterator first, Iterator last) {
  return static_cast<std::size_t>(std::find_if_not(first, last, IsWordChar) -
                                  first);
}

// ---------------------------------------------------------------------------
// Per-call state, reached from the X3 context through StateTag.

struct StateTag;

struct ParseState {
  Iterator begin = nullptr;  // the condition text; offsets count from here
  int depth = 0;             // open parentheses plus pending `not`s
  std::optional<ConditionParseError> error;  // the first error, if any

  std::uint32_t OffsetOf(Iterator where) const {
    return static_cast<std::uint32_t>(where - begin);
  }
  // Records an error unless an earlier one was recorded: the first one wins.
  void Fail(Iterator where, std::string message) {
    if (!error)
      error = ConditionParseError{OffsetOf(where), std::move(message)};
  }
};

template <typename Context>
ParseState& StateOf(const Context& context) {
  return x3::get<StateTag>(context);
}

// Records `message` at `where` and aborts the parse through X3's error path.
[[noreturn]] void Abort(ParseState& state, Iterator where,
                        std::string message) {
  state.Fail(where, std::move(message));
  boost::throw_exception(x3::expectation_failure<Iterator>(where, "abort"));
}

// ---------------------------------------------------------------------------
// Token parsers. Each skips leading space, matches no token rather than part
// of one, and has a `label()`: what an error message says was expected.

// A keyword, matched in any case and only as a whole word.
class KeywordParser : public x3::parser<KeywordParser> {
 public:
  using attribute_type = x3::unused_type;
  static constexpr bool has_attribute = false;

  constexpr explicit KeywordParser(std::string_view word, const char* label)
      : word_(word), label_(label) {}

  template <typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator last, const Context& context, RContext&,
             Attribute&) const {
    x3::skip_over(first, last, context);
    const std::size_t length = WordLength(first, last);
    if (!EqualsKeyword(std::string_view(first, length), word_)) return false;
    first += length;
    return true;
  }
  const char* label() const { return label_; }

 private:
  std::string_view word_;
  const char* label_;
};

// One character of punctuation.
class PunctParser : public x3::parser<PunctParser> {
 public:
  using attribute_type = x3::unused_type;
  static constexpr bool has_attribute = false;

  constexpr PunctParser(char c, const char* label) : c_(c), label_(label) {}

  template <typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator last, const Context& context, RContext&,
             Attribute&) const {
    x3::skip_over(first, last, context);
    if (first == last || *first != c_) return false;
    ++first;
    return true;
  }
  const char* label() const { return label_; }

 private:
  char c_;
  const char* label_;
};

// A word-like token and where it starts.
struct Token {
  std::string_view text;
  std::uint32_t offset = 0;
};

enum class WordKind {
  kTermName,     // [A-Za-z_][A-Za-z0-9_]*, not a keyword
  kTermPattern,  // a term name, or [A-Za-z0-9_]* followed by `*` (a prefix)
  kFieldName,    // [A-Za-z_][A-Za-z0-9_]*, keywords allowed
  kRuleId,       // [A-Za-z0-9_][A-Za-z0-9_.-]*
};

// Length of the `kind` token at the start of [first, last), 0 if none.
std::size_t MatchWord(WordKind kind, Iterator first, Iterator last) {
  const std::size_t length = WordLength(first, last);
  const bool identifier = length > 0 && !IsDigit(*first);
  switch (kind) {
    case WordKind::kTermName:
      return identifier && !IsConditionKeyword(std::string_view(first, length))
                 ? length
                 : 0;
    case WordKind::kTermPattern:
      if (first + length != last && first[length] == '*') return length + 1;
      return MatchWord(WordKind::kTermName, first, last);
    case WordKind::kFieldName:
      return identifier ? length : 0;
    case WordKind::kRuleId:
      if (length == 0) return 0;
      return static_cast<std::size_t>(
          std::find_if_not(
              first, last,
              [](char c) { return IsWordChar(c) || c == '.' || c == '-'; }) -
          first);
  }
  return 0;
}

class WordParser : public x3::parser<WordParser> {
 public:
  using attribute_type = Token;
  static constexpr bool has_attribute = true;

  constexpr WordParser(WordKind kind, const char* label)
      : kind_(kind), label_(label) {}

  template <typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator last, const Context& context, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    const std::size_t length = MatchWord(kind_, first, last);
    if (length == 0) return false;
    x3::traits::move_to(Token{std::string_view(first, length),
                              StateOf(context).OffsetOf(first)},
                        attr);
    first += length;
    return true;
  }
  const char* label() const { return label_; }

 private:
  WordKind kind_;
  const char* label_;
};

// A non-negative decimal that fits std::int64_t; a longer one is an error.
class NumberParser : public x3::parser<NumberParser> {
 public:
  using attribute_type = std::int64_t;
  static constexpr bool has_attribute = true;

  template <typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator last, const Context& context, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    const std::size_t length = WordLength(first, last);
    if (length == 0 || !std::all_of(first, first + length, IsDigit)) {
      return false;  // also rejects `3of`: a number ends at a word boundary
    }
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    std::int64_t value = 0;
    for (Iterator p = first; p != first + length; ++p) {
      const int digit = *p - '0';
      if (value > (kMax - digit) / 10) {
        Abort(StateOf(context), first, "number too large");
      }
      value = value * 10 + digit;
    }
    x3::traits::move_to(value, attr);
    first += length;
    return true;
  }
  const char* label() const { return "number"; }
};

// Matches the empty string after leading space; its attribute is the offset
// there, i.e. where the next token starts.
class PositionParser : public x3::parser<PositionParser> {
 public:
  using attribute_type = std::uint32_t;
  static constexpr bool has_attribute = true;

  template <typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator last, const Context& context, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    x3::traits::move_to(StateOf(context).OffsetOf(first), attr);
    return true;
  }
};

// A value that metadata is compared with: a non-negative decimal, or a text
// between double quotes in which `\"` and `\\` stand for `"` and `\`.
struct MetaValue {
  std::string text;  // without quotes or escapes
  bool numeric = false;
  std::uint32_t offset = 0;
};

class MetaValueParser : public x3::parser<MetaValueParser> {
 public:
  using attribute_type = MetaValue;
  static constexpr bool has_attribute = true;

  template <typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator last, const Context& context, RContext& rcontext,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    MetaValue value{"", false, StateOf(context).OffsetOf(first)};
    if (first != last && IsDigit(*first)) {
      std::int64_t number = 0;  // checked for size; kept as its digits
      if (!NumberParser().parse(first, last, context, rcontext, number)) return false;
      value.numeric = true;
      value.text = std::to_string(number);
    } else if (first != last && *first == '"') {
      Iterator p = first + 1;
      for (; p != last && *p != '"'; ++p) {
        if (*p == '\\' && p + 1 != last && (p[1] == '"' || p[1] == '\\')) ++p;
        value.text += *p;
      }
      if (p == last) Abort(StateOf(context), first, "text is not closed with `\"`");
      first = p + 1;
    } else {
      return false;
    }
    x3::traits::move_to(std::move(value), attr);
    return true;
  }
  const char* label() const { return "a quoted text or a number"; }
};

// `subject`, named `label` in messages (X3 names an alternative by its type).
template <typename Subject>
class LabeledParser : public x3::parser<LabeledParser<Subject>> {
 public:
  using attribute_type = x3::unused_type;
  static constexpr bool has_attribute = false;
  static constexpr bool has_action = Subject::has_action;

  constexpr LabeledParser(Subject subject, const char* label) : subject_(subject), label_(label) {}

  template <typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator last, const Context& context, RContext& rcontext,
             Attribute&) const {
    return subject_.parse(first, last, context, rcontext, x3::unused);
  }
  const char* label() const { return label_; }

 private:
  Subject subject_;
  const char* label_;
};

template <typename Subject>
constexpr LabeledParser<Subject> Labeled(Subject subject, const char* label) {
  return {subject, label};
}

// `opener` then `rest`, one level deeper. An opener that would nest deeper
// than kMaxConditionDepth is an error at the opener, so the recursion of the
// grammar (and of everything that walks the tree) stays bounded.
template <typename Opener, typename Rest>
class NestedParser : public x3::parser<NestedParser<Opener, Rest>> {
 public:
  using attribute_type = ConditionNode;
  static constexpr bool has_attribute = true;
  static constexpr bool has_action = Opener::has_action || Rest::has_action;

  constexpr NestedParser(Opener opener, Rest rest)
      : opener_(opener), rest_(rest) {}

  template <typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator last, const Context& context,
             RContext& rcontext, Attribute& attr) const {
    x3::skip_over(first, last, context);
    const Iterator start = first;
    if (!opener_.parse(first, last, context, rcontext, x3::unused))
      return false;
    ParseState& state = StateOf(context);
    if (state.depth >= kMaxConditionDepth) {
      Abort(state, start,
            "condition nests deeper than " +
                std::to_string(kMaxConditionDepth) + " levels");
    }
    ++state.depth;
    const bool ok = rest_.parse(first, last, context, rcontext, attr);
    --state.depth;  // (a throw ends the whole parse, so it need not restore)
    return ok;
  }

 private:
  Opener opener_;
  Rest rest_;
};

template <typename Opener, typename Rest>
constexpr NestedParser<Opener, Rest> Nested(Opener opener, Rest rest) {
  return {opener, rest};
}

}  // namespace
}  // namespace bylaw::internal

namespace boost::spirit::x3 {
// X3 asks get_info for what an expectation expected: our tokens say `label()`.
template <typename Parser>
struct get_info<Parser,
                std::void_t<decltype(std::declval<const Parser&>().label())>> {
  using result_type = std::string;
  std::string operator()(const Parser& parser) const { return parser.label(); }
};
// A token with a semantic action expects what the token expects.
template <typename Subject, typename Action>
struct get_info<action<Subject, Action>> {
  using result_type = std::string;
  std::string operator()(const action<Subject, Action>& parser) const {
    return what(parser.subject);
  }
};
}  // namespace boost::spirit::x3

namespace bylaw::internal {
namespace {

// ---------------------------------------------------------------------------
// Error messages.

// The UTF-8 character at [first, last): its code point and length, or
// nothing if the bytes there are not UTF-8. The one strict decoder of input
// text (text_view.h), which refuses overlong forms and surrogates, decides.
std::optional<std::pair<char32_t, std::size_t>> DecodeCharacter(Iterator first, Iterator last) {
  const std::string_view text(first, static_cast<std::size_t>(last - first));
  std::size_t length = 0;
  const char32_t code_point = DecodeUtf8(text, 0, &length);
  // Invalid bytes decode as U+FFFD one byte long; the character itself takes three.
  if (code_point == 0xFFFD && length != 3) return std::nullopt;
  return std::pair(code_point, length);
}

// The token that starts at `where`, for "found ..." in messages: a word, a
// run of operator characters, or one character (one byte if not UTF-8).
std::string_view TokenAt(Iterator where, Iterator last) {
  if (where == last) return {};
  constexpr std::size_t kMaxShown = 40;
  std::size_t length = WordLength(where, last);
  if (length == 0) {
    constexpr std::string_view kOperatorChars = "<>=!&|";
    length = static_cast<std::size_t>(
        std::find_if_not(where, last,
                         [&](char c) {
                           return kOperatorChars.find(c) !=
                                  std::string_view::npos;
                         }) -
        where);
  }
  if (length == 0) {
    const auto decoded = DecodeCharacter(where, last);
    length = decoded ? decoded->second : 1;
  }
  return std::string_view(where, std::min(length, kMaxShown));
}

// Characters a rule author cannot see in their editor: named by code point.
bool IsInvisible(char32_t c) {
  return c == 0xA0 || c == 0xAD || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
         (c >= 0x205F && c <= 0x2064) || c == 0x3000 || c == 0xFEFF;
}

// "`token`", or "end of condition" for the empty token. Control bytes and
// bytes that are not UTF-8 are escaped; invisible characters become U+XXXX.
std::string Quote(std::string_view token) {
  if (token.empty()) return "end of condition";
  constexpr char kHex[] = "0123456789ABCDEF";
  const auto decoded = DecodeCharacter(token.data(), token.data() + token.size());
  if (decoded && IsInvisible(decoded->first)) {
    std::string name = "`U+";
    for (int shift = 12; shift >= 0; shift -= 4)
      name += kHex[(decoded->first >> shift) & 0xF];
    return name + "`";
  }
  const bool valid = decoded.has_value();
  std::string quoted = "`";
  for (char c : token) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || (byte >= 0x80 && !valid)) {
      quoted += "\\x";
      quoted += kHex[byte >> 4];
      quoted += kHex[byte & 0xF];
    } else {
      quoted += c;
    }
  }
  return quoted + "`";
}

// The comma before near()'s distance: its own name, so that `near(a, b)`
// gets a message that says what to add (ExpectedMessage).
constexpr std::string_view kNearDistance = "`,` and the distance of `near`";
// What a metadata name is compared with (MetaValueParser's label).
constexpr std::string_view kMetaValue = "a quoted text or a number";

// The message for "expected `which`" when `found` is what the text has.
std::string ExpectedMessage(std::string_view which, std::string_view found) {
  if (which.substr(0, 9) == "term name" && IsConditionKeyword(found)) {
    return Quote(found) + " is a keyword and cannot name a term";
  }
  if (which == kMetaValue && !found.empty() && IsWordChar(found.front())) {
    return "expected a quoted text or a number, found " + Quote(found) + " (write texts in "
           "double quotes: `\"" + std::string(found) + "\"`)";
  }
  if (which == kNearDistance) {
    return "`near` needs a distance: near(a, b, N) holds when at most N words separate a "
           "match of a and a match of b; found " + Quote(found);
  }
  return "expected " + std::string(which) + ", found " + Quote(found);
}

// The message for `found` left over after a complete condition.
std::string TrailingMessage(std::string_view found) {
  const std::string prefix = "unexpected " + Quote(found);
  switch (found.front()) {
    case ')':
      return prefix + " without a matching `(`";
    case '*':
      return prefix + " after a complete condition (a prefix like `name*` " +
             "only works inside `of (...)`)";
    case '&':
      return prefix + " after a complete condition (write `and`)";
    case '|':
      return prefix + " after a complete condition (write `or`)";
    default:
      break;
  }
  if (IsWordChar(found.front()) || found.front() == '(') {
    return prefix + " after a complete condition (missing `and`/`or`?)";
  }
  return prefix + " after a complete condition";
}

// The top rule's ID: turns the first failed expectation into an error.
struct ReportFirstError {
  template <typename Exception, typename Context>
  x3::error_handler_result on_error(Iterator&, Iterator last,
                                    const Exception& failure,
                                    const Context& context) const {
    const Iterator where = SkipSpaces(failure.where(), last);
    StateOf(context).Fail(
        where, ExpectedMessage(failure.which(), TokenAt(where, last)));
    return x3::error_handler_result::fail;
  }
};

// ---------------------------------------------------------------------------
// Semantic actions: each sets part of the node its rule builds (`_val`).

// Starts a node of `kind` at the offset its first token matched at.
constexpr auto StartNode(NodeKind kind) {
  return [kind](auto& ctx) {
    x3::_val(ctx).kind = kind;
    x3::_val(ctx).offset = x3::_attr(ctx);
  };
}
// Starts a kOf node with `quantifier`, at the quantifier's offset.
constexpr auto StartOf(Quantifier quantifier) {
  return [quantifier](auto& ctx) {
    x3::_val(ctx).kind = NodeKind::kOf;
    x3::_val(ctx).quantifier = quantifier;
    x3::_val(ctx).offset = x3::_attr(ctx);
  };
}
// `N of`: the quantifier's attribute is (offset, N).
const auto start_at_least = [](auto& ctx) {
  x3::_val(ctx).kind = NodeKind::kOf;
  x3::_val(ctx).quantifier = Quantifier::kAtLeast;
  x3::_val(ctx).offset = boost::fusion::at_c<0>(x3::_attr(ctx));
  x3::_val(ctx).number = boost::fusion::at_c<1>(x3::_attr(ctx));
};
const auto start_term = [](auto& ctx) {
  x3::_val(ctx).kind = NodeKind::kTerm;
  x3::_val(ctx).name = std::string(x3::_attr(ctx).text);
  x3::_val(ctx).offset = x3::_attr(ctx).offset;
};
// count(NAME) and rule(ID): the name and where it stands.
const auto set_name = [](auto& ctx) {
  x3::_val(ctx).name = std::string(x3::_attr(ctx).text);
  x3::_val(ctx).name_offsets.push_back(x3::_attr(ctx).offset);
};
const auto add_name = [](auto& ctx) {
  x3::_val(ctx).names.emplace_back(x3::_attr(ctx).text);
  x3::_val(ctx).name_offsets.push_back(x3::_attr(ctx).offset);
};
const auto add_field = [](auto& ctx) {
  x3::_val(ctx).fields.emplace_back(x3::_attr(ctx).text);
};
const auto set_comparison = [](auto& ctx) {
  x3::_val(ctx).comparison = x3::_attr(ctx);
};
const auto set_number = [](auto& ctx) {
  x3::_val(ctx).number = x3::_attr(ctx);
};
// meta.NAME in (...): any of the values, compared for equality.
const auto start_in_list = [](auto& ctx) {
  x3::_val(ctx).in_list = true;
  x3::_val(ctx).comparison = Comparison::kEq;
};
// A value of meta.NAME: texts are compared only for (in)equality, and one
// `in` list holds texts or numbers, not both.
const auto add_value = [](auto& ctx) {
  ConditionNode& node = x3::_val(ctx);
  MetaValue& value = x3::_attr(ctx);
  ParseState& state = StateOf(ctx);
  const Iterator at = state.begin + value.offset;
  if (!node.values.empty() && node.numeric != value.numeric) {
    Abort(state, at, "`in` mixes texts and numbers: `meta." + node.name + "` is one or the other");
  }
  constexpr std::array<std::string_view, 6> kOperators = {">=", ">", "<=", "<", "==", "!="};
  const bool ordered = node.comparison != Comparison::kEq && node.comparison != Comparison::kNe;
  if (!value.numeric && ordered) {
    Abort(state, at, "`" + std::string(kOperators[static_cast<int>(node.comparison)]) +
                         "` compares numbers, and `meta." + node.name +
                         "` is compared with a text here: compare texts with `==`, `!=` or "
                         "`in (...)`");
  }
  node.numeric = value.numeric;
  node.values.push_back(std::move(value.text));
  node.value_offsets.push_back(value.offset);
};
const auto add_child = [](auto& ctx) {
  x3::_val(ctx).children.push_back(std::move(x3::_attr(ctx)));
};

// Builds a chain from (offset, operands): one operand stands alone; two or
// more become one `kind` node, so `a and b and c` is flat and never recurses.
constexpr auto MakeChain(NodeKind kind) {
  return [kind](auto& ctx) {
    std::vector<ConditionNode>& operands =
        boost::fusion::at_c<1>(x3::_attr(ctx));
    ConditionNode& node = x3::_val(ctx);
    if (operands.size() == 1) {
      node = std::move(operands.front());
      return;
    }
    node.kind = kind;
    node.offset = boost::fusion::at_c<0>(x3::_attr(ctx));
    node.children = std::move(operands);
  };
}

// ---------------------------------------------------------------------------
// Tokens.

constexpr KeywordParser kw_and("and", "`and`");
constexpr KeywordParser kw_or("or", "`or`");
constexpr KeywordParser kw_not("not", "`not`");
constexpr KeywordParser kw_in("in", "`in`");
constexpr KeywordParser kw_of("of", "`of`");
constexpr KeywordParser kw_any("any", "`any`");
constexpr KeywordParser kw_all("all", "`all`");
constexpr KeywordParser kw_count("count", "`count`");
constexpr KeywordParser kw_near("near", "`near`");
constexpr KeywordParser kw_rule("rule", "`rule`");
constexpr KeywordParser kw_evaded("evaded", "`evaded`");
constexpr KeywordParser kw_meta("meta", "`meta`");  // not reserved: `meta` may name a term

constexpr PunctParser open_group('(', "`(`");
constexpr PunctParser close_group(')', "`)` to close `(`");
constexpr PunctParser open_count('(', "`(` after `count`");
constexpr PunctParser open_of('(', "`(` after `of`");
constexpr PunctParser open_near('(', "`(` after `near`");
constexpr PunctParser open_rule('(', "`(` after `rule`");
constexpr PunctParser open_evaded('(', "`(` after `evaded`");
constexpr PunctParser open_in('(', "`(` after `in`");
constexpr PunctParser close_call(')', "`)`");
constexpr PunctParser close_list(')', "`,` or `)`");
constexpr PunctParser comma(',', "`,`");
constexpr PunctParser near_comma(',', kNearDistance.data());
constexpr PunctParser meta_dot('.', "`.`");

constexpr WordParser term_name(WordKind::kTermName, "term name");
constexpr WordParser term_pattern(WordKind::kTermPattern, "term name");
constexpr WordParser field_name(WordKind::kFieldName, "field name");
constexpr WordParser rule_id(WordKind::kRuleId, "rule id");
constexpr WordParser meta_name(WordKind::kFieldName, "metadata name after `meta.`");
constexpr MetaValueParser meta_value;
constexpr NumberParser number;
constexpr PositionParser position;

const x3::symbols<Comparison> comparison(
    {{">=", Comparison::kGe},
     {">", Comparison::kGt},
     {"<=", Comparison::kLe},
     {"<", Comparison::kLt},
     {"==", Comparison::kEq},
     {"!=", Comparison::kNe}},
    "comparison (`>=`, `>`, `<=`, `<`, `==` or `!=`)");

// ---------------------------------------------------------------------------
// Rules. Their names are what error messages say was expected there.
// Offsets: a node starts at its first token; a chain (`a and b`) at the first
// character of its first operand, `(` included; a group is transparent (its
// node is the inner one, with the inner offset). Depth: each `(` and `not`
// goes through Nested, the only place the grammar recurses.

struct ConditionId : ReportFirstError {};
const x3::rule<ConditionId, ConditionNode> condition = "condition";
const x3::rule<class ExpressionId, ConditionNode> expression = "term name";
const x3::rule<class DisjunctsId, std::vector<ConditionNode>> disjuncts =
    "term name";
const x3::rule<class AfterOrId, ConditionNode> after_or =
    "term name after `or`";
const x3::rule<class ConjunctionId, ConditionNode> conjunction = "term name";
const x3::rule<class ConjunctsId, std::vector<ConditionNode>> conjuncts =
    "term name";
const x3::rule<class AfterAndId, ConditionNode> after_and =
    "term name after `and`";
const x3::rule<class UnaryId, ConditionNode> unary = "term name";
const x3::rule<class AfterNotId, ConditionNode> after_not =
    "term name after `not`";
const x3::rule<class NegationId, ConditionNode> negation = "`not ...`";
const x3::rule<class AtomId, ConditionNode> atom = "term name";
const x3::rule<class GroupId, ConditionNode> group = "`(`";
const x3::rule<class CountId, ConditionNode> count = "`count(...)`";
const x3::rule<class QuantifiedId, ConditionNode> quantified = "`of (...)`";
const x3::rule<class NearId, ConditionNode> near = "`near(...)`";
const x3::rule<class RuleRefId, ConditionNode> rule_ref = "`rule(...)`";
const x3::rule<class EvadedId, ConditionNode> evaded = "`evaded(...)`";
const x3::rule<class MetaId, ConditionNode> meta = "`meta.NAME`";
const x3::rule<class TermId, ConditionNode> term = "term name";

const auto condition_def = x3::expect[expression];
const auto expression_def = (position >> disjuncts)[MakeChain(NodeKind::kOr)];
const auto disjuncts_def = conjunction >> *(kw_or > after_or);
const auto after_or_def = conjunction;
const auto conjunction_def = (position >> conjuncts)[MakeChain(NodeKind::kAnd)];
const auto conjuncts_def = unary >> *(kw_and > after_and);
const auto after_and_def = unary;
const auto unary_def = negation | atom;
const auto after_not_def = unary;
const auto negation_def =
    Nested((position >> kw_not)[StartNode(NodeKind::kNot)],
           x3::expect[after_not][add_child]);
const auto atom_def = group | count | quantified | near | rule_ref | evaded | meta | term;
const auto group_def = Nested(open_group, x3::expect[expression] > close_group);
const auto count_def = (position >> kw_count)[StartNode(NodeKind::kCount)] >
                       open_count > term_name[set_name] > close_call >
                       comparison[set_comparison] > number[set_number];
const auto quantified_def = ((position >> number)[start_at_least] |
                             (position >> kw_any)[StartOf(Quantifier::kAny)] |
                             (position >> kw_all)[StartOf(Quantifier::kAll)]) >
                            kw_of > open_of > term_pattern[add_name] >
                            *(comma > term_pattern[add_name]) > close_list;
const auto near_def = (position >> kw_near)[StartNode(NodeKind::kNear)] >
                      open_near > term_name[add_name] > comma >
                      term_name[add_name] > near_comma > number[set_number] >
                      close_call;
const auto rule_ref_def = (position >> kw_rule)[StartNode(NodeKind::kRule)] >
                          open_rule > rule_id[set_name] > close_call;
const auto evaded_def = (position >> kw_evaded)[StartNode(NodeKind::kEvaded)] >
                        open_evaded > term_name[set_name] > close_call;
// `meta.NAME CMP VALUE` or `meta.NAME in (VALUE, ...)`. Without the dot,
// `meta` is a term name like any other.
const auto meta_def =
    (position >> kw_meta >> meta_dot)[StartNode(NodeKind::kMeta)] > meta_name[set_name] >
    Labeled((kw_in[start_in_list] > open_in > meta_value[add_value] >
             *(comma > meta_value[add_value]) > close_list) |
                (comparison[set_comparison] > meta_value[add_value]),
            "a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) or `in` after the metadata name");
const auto term_def = term_name[start_term] >>
                      -(kw_in > open_in > field_name[add_field] >
                        *(comma > field_name[add_field]) > close_list);

BOOST_SPIRIT_DEFINE(condition, expression, disjuncts, after_or, conjunction,
                    conjuncts, after_and, unary, after_not, negation, atom,
                    group, count, quantified, near, rule_ref, evaded, meta, term)

ConditionParseResult Failure(std::uint32_t offset, std::string message) {
  ConditionParseResult result;
  result.error = ConditionParseError{offset, std::move(message)};
  return result;
}

}  // namespace

bool IsConditionKeyword(std::string_view word) {
  return std::any_of(
      kKeywords.begin(), kKeywords.end(),
      [&](std::string_view keyword) { return EqualsKeyword(word, keyword); });
}

ConditionParseResult ParseCondition(std::string_view text) {
  if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
    return Failure(0, "condition is too long");
  }
  const Iterator last = text.data() + text.size();
  if (SkipSpaces(text.data(), last) == last)
    return Failure(0, "empty condition");

  ParseState state;
  state.begin = text.data();
  Iterator first = text.data();
  ConditionNode root;
  const bool parsed =
      x3::phrase_parse(first, last, x3::with<StateTag>(state)[condition],
                       x3::ascii::space, root);
  if (state.error) return Failure(state.error->offset, state.error->message);
  if (!parsed) {  // unreachable: the top rule expects, so failures throw
    return Failure(state.OffsetOf(first), "expected term name");
  }
  if (first != last) {
    return Failure(state.OffsetOf(first),
                   TrailingMessage(TokenAt(first, last)));
  }
  ConditionParseResult result;
  result.root = std::move(root);
  return result;
}

}  // namespace bylaw::internal
