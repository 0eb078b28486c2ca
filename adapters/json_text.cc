// JSON text repair before parsing: see json_text.h. One pass that copies
// only once something needs replacing.
#include "json_text.h"

#include "bylaw/utf8.h"
#include "escape_codes.h"

namespace bylaw::internal {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEscapedReplacement = "\\ufffd";

// The value of the four hex digits at json[at], or -1.
int HexValue(std::string_view json, std::size_t at) {
  if (json.size() < at + 4) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    const char c = json[i];
    const int digit = HexDigitValue(c);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// The surrogate escaped at json[at] ("\uXXXX"), or -1 if there is none.
int SurrogateAt(std::string_view json, std::size_t at) {
  if (json.size() < at + 6 || json[at] != '\\' || json[at + 1] != 'u') return -1;
  const int value = HexValue(json, at + 2);
  return value >= 0xD800 && value <= 0xDFFF ? value : -1;
}

// Walks `json`, appending to `out` (when not null) the text with each bad
// character replaced; returns how many were.
class Repair {
 public:
  Repair(std::string_view json, std::string* out) : json_(json), out_(out) {}

  std::size_t Run() {
    while (at_ < json_.size()) {
      const char c = json_[at_];
      if (c == '\\') {
        Escape();
      } else if (static_cast<unsigned char>(c) < 0x80) {
        Keep(1);
      } else {
        const std::size_t length = Utf8CharLength(json_.substr(at_));
        length == 0 ? Replace(1, kReplacement) : Keep(length);
      }
    }
    return replaced_;
  }

 private:
  // A backslash: a surrogate pair is kept, a lone surrogate replaced, any
  // other escape kept as it is (the parser judges it).
  void Escape() {
    const int high = SurrogateAt(json_, at_);
    if (high < 0) return Keep(at_ + 1 < json_.size() ? 2 : 1);
    if (high <= 0xDBFF) {
      const int low = SurrogateAt(json_, at_ + 6);
      if (low >= 0xDC00) return Keep(12);
    }
    Replace(6, kEscapedReplacement);
  }
  void Keep(std::size_t length) {
    if (out_ != nullptr) out_->append(json_.substr(at_, length));
    at_ += length;
  }
  void Replace(std::size_t length, std::string_view with) {
    if (out_ != nullptr) out_->append(with);
    at_ += length;
    ++replaced_;
  }

  std::string_view json_;
  std::string* out_;
  std::size_t at_ = 0;
  std::size_t replaced_ = 0;
};

}  // namespace

std::string_view RepairJsonText(std::string_view json, std::string* repaired,
                                std::size_t* replaced) {
  *replaced = Repair(json, nullptr).Run();
  if (*replaced == 0) return json;
  repaired->clear();
  repaired->reserve(json.size() + 2 * *replaced);
  Repair(json, repaired).Run();
  return *repaired;
}

}  // namespace bylaw::internal
