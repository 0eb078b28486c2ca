// JSON text -> JsonTape: a strict recursive-descent parser over one line,
// written for `bylaw replay`'s per-document path. It copies nothing but the
// strings that hold escapes, and refuses rather than guesses: anything
// nlohmann would reject, or would read differently, makes Parse return false.
#include "json_tape.h"

#include <array>
#include <charconv>
#include <limits>
#include <system_error>

#include "bylaw/utf8.h"
#include "escape_codes.h"

namespace bylaw::internal {
namespace {

// Bytes that end a run of plain string content: the closing quote, an
// escape, a control character (an error in JSON) or a non-ASCII byte
// (checked as UTF-8).
constexpr std::array<bool, 256> MakeStopTable() {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < 256; ++c) table[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return table;
}
constexpr std::array<bool, 256> kStop = MakeStopTable();

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

// One pass over the text; a function per production of the JSON grammar.
class JsonTape::Parser {
 public:
  Parser(JsonTape& tape, std::size_t max_depth)
      : tape_(tape), json_(tape.json_), max_depth_(max_depth) {}

  bool Run() {
    SkipSpace();
    if (!Value(0)) return false;
    SkipSpace();
    return at_ == json_.size();
  }

 private:
  bool Value(std::size_t depth) {
    if (at_ >= json_.size()) return false;
    switch (json_[at_]) {
      case '{': return Container(depth + 1, Type::kObject, '}');
      case '[': return Container(depth + 1, Type::kArray, ']');
      case '"': return String();
      case 't': return Literal("true", Type::kTrue);
      case 'f': return Literal("false", Type::kFalse);
      case 'n': return Literal("null", Type::kNull);
      default: return Number();
    }
  }

  // An object (key, value pairs) or an array, after its opening bracket.
  bool Container(std::size_t depth, Type type, char close) {
    if (depth > max_depth_) return false;
    const std::size_t node = Add(type, at_, 0);
    ++at_;
    SkipSpace();
    if (Peek() == close) {
      ++at_;
      return Close(node);
    }
    for (;;) {
      if (type == Type::kObject) {
        if (Peek() != '"' || !String()) return false;
        SkipSpace();
        if (Peek() != ':') return false;
        ++at_;
        SkipSpace();
      }
      if (!Value(depth)) return false;
      SkipSpace();
      const char next = Peek();
      ++at_;
      if (next == close) return Close(node);
      if (next != ',') return false;
      SkipSpace();
    }
  }

  bool Close(std::size_t node) {
    tape_.nodes_[node].end = static_cast<std::uint32_t>(tape_.nodes_.size());
    return true;
  }

  bool Literal(std::string_view word, Type type) {
    if (json_.substr(at_, word.size()) != word) return false;
    Add(type, at_, word.size());
    at_ += word.size();
    return true;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, and finite as a double
  // unless it is an exact integer (nlohmann refuses an overflowing number).
  bool Number() {
    const std::size_t begin = at_;
    if (Peek() == '-') ++at_;
    if (Peek() == '0') {
      ++at_;
    } else if (!Digits()) {
      return false;
    }
    if (Peek() == '.' && (++at_, !Digits())) return false;
    if (Peek() == 'e' || Peek() == 'E') {
      ++at_;
      if (Peek() == '+' || Peek() == '-') ++at_;
      if (!Digits()) return false;
    }
    const std::size_t node = Add(Type::kNumber, begin, at_ - begin);
    if (tape_.IsExactInteger(node)) return true;
    double value = 0;
    const auto [end, error] = std::from_chars(json_.data() + begin, json_.data() + at_, value);
    return error == std::errc() && end == json_.data() + at_;
  }

  bool Digits() {
    const std::size_t begin = at_;
    while (at_ < json_.size() && IsDigit(json_[at_])) ++at_;
    return at_ > begin;
  }

  // A string, from its opening quote. Plain runs are left in place; a string
  // with an escape is decoded into the tape's buffer.
  bool String() {
    const std::size_t begin = ++at_;
    if (!SkipPlain()) return false;
    if (json_[at_] == '"') {
      Add(Type::kString, begin, at_ - begin);
      ++at_;
      return true;
    }
    std::string& decoded = tape_.decoded_;
    const std::size_t decoded_begin = decoded.size();
    decoded.append(json_.substr(begin, at_ - begin));
    while (json_[at_] == '\\') {
      if (!Escape(&decoded)) return false;
      const std::size_t run = at_;
      if (!SkipPlain()) return false;
      decoded.append(json_.substr(run, at_ - run));
    }
    const std::size_t node = Add(Type::kString, decoded_begin, decoded.size() - decoded_begin);
    tape_.nodes_[node].decoded = true;
    ++at_;
    return true;
  }

  // Moves past plain content and well-formed UTF-8 to the next quote or
  // backslash; false at a control character, bad UTF-8 or the end.
  bool SkipPlain() {
    for (;;) {
      SkipPlainWords();
      while (at_ < json_.size() && !kStop[static_cast<unsigned char>(json_[at_])]) ++at_;
      if (at_ >= json_.size()) return false;
      const auto c = static_cast<unsigned char>(json_[at_]);
      if (c == '"' || c == '\\') return true;
      if (c < 0x80) return false;
      const std::size_t length = Utf8CharLength(json_.substr(at_));
      if (length == 0) return false;
      at_ += length;
    }
  }

  // Moves past whole words of eight plain ASCII bytes (none in kStop).
  void SkipPlainWords() {
    while (at_ + sizeof(std::uint64_t) <= json_.size() && !AnyJsonSpecialByte(json_, at_)) {
      at_ += sizeof(std::uint64_t);
    }
  }

  // One escape at the backslash; a surrogate only as half of a pair.
  bool Escape(std::string* out) {
    if (at_ + 1 >= json_.size()) return false;
    const char kind = json_[at_ + 1];
    at_ += 2;
    switch (kind) {
      case '"': out->push_back('"'); return true;
      case '\\': out->push_back('\\'); return true;
      case '/': out->push_back('/'); return true;
      case 'b': out->push_back('\b'); return true;
      case 'f': out->push_back('\f'); return true;
      case 'n': out->push_back('\n'); return true;
      case 'r': out->push_back('\r'); return true;
      case 't': out->push_back('\t'); return true;
      case 'u': break;
      default: return false;
    }
    const int high = Hex4();
    if (high < 0 || (high >= 0xDC00 && high <= 0xDFFF)) return false;
    std::uint32_t code = static_cast<std::uint32_t>(high);
    if (high >= 0xD800 && high <= 0xDBFF) {
      if (json_.substr(at_, 2) != "\\u") return false;
      at_ += 2;
      const int low = Hex4();
      if (low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00);
    }
    AppendUtf8Scalar(code, out);
    return true;
  }

  int Hex4() {
    if (at_ + 4 > json_.size()) return -1;
    int value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int digit = HexDigitValue(json_[at_ + i]);
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    at_ += 4;
    return value;
  }

  std::size_t Add(Type type, std::size_t begin, std::size_t length) {
    const std::size_t node = tape_.nodes_.size();
    tape_.nodes_.push_back(Node{type, false, static_cast<std::uint32_t>(begin),
                                static_cast<std::uint32_t>(length),
                                static_cast<std::uint32_t>(node + 1)});
    return node;
  }

  char Peek() const { return at_ < json_.size() ? json_[at_] : '\0'; }
  void SkipSpace() {
    while (at_ < json_.size() && IsSpace(json_[at_])) ++at_;
  }

  JsonTape& tape_;
  std::string_view json_;
  std::size_t max_depth_;
  std::size_t at_ = 0;
};

bool JsonTape::Parse(std::string_view json, std::size_t max_depth) {
  json_ = json;
  nodes_.clear();
  decoded_.clear();
  root_members_.clear();
  if (json.size() >= std::numeric_limits<std::uint32_t>::max()) return false;
  if (!Parser(*this, max_depth).Run()) return false;
  // Listed once the decoded keys no longer move.
  if (type(0) == Type::kObject) {
    for (std::size_t i = 1; i < End(0); i = End(i + 1)) root_members_.emplace_back(text(i), i + 1);
  }
  return true;
}

bool JsonTape::IsExactInteger(std::size_t node) const {
  const std::string_view token = text(node);
  if (token.find_first_of(".eE") != std::string_view::npos || token == "-0") return false;
  const char* const end = token.data() + token.size();
  if (token.starts_with('-')) {
    std::int64_t value = 0;
    return std::from_chars(token.data(), end, value).ec == std::errc();
  }
  std::uint64_t value = 0;
  return std::from_chars(token.data(), end, value).ec == std::errc();
}

std::size_t JsonTape::NestedMember(std::size_t node, std::string_view key) const {
  if (type(node) != Type::kObject) return kNone;
  std::size_t found = kNone;
  for (std::size_t i = node + 1; i < End(node); i = End(i + 1)) {
    if (text(i) == key) found = i + 1;
  }
  return found;
}

std::size_t JsonTape::Resolve(std::size_t node, const std::vector<std::string>& tokens) const {
  for (const std::string& token : tokens) {
    if (type(node) == Type::kObject) {
      node = Member(node, token);
      if (node == kNone) return kNone;
      continue;
    }
    if (type(node) != Type::kArray) return kNone;
    // nlohmann: an index is "0" or digits without a leading zero.
    if (token.empty() || (token.size() > 1 && token[0] == '0')) return kNone;
    std::size_t index = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
    if (error != std::errc() || end != token.data() + token.size()) return kNone;
    std::size_t child = node + 1;
    for (; child < End(node) && index > 0; --index) child = End(child);
    if (child >= End(node)) return kNone;
    node = child;
  }
  return node;
}

}  // namespace bylaw::internal
