// Query options, percent decoding and suggestions for adapter URIs.
#include "uri_support.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "bylaw/error.h"
#include "escape_codes.h"

namespace bylaw::internal {
namespace {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string ClosestName(std::string_view name, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = 3;
  for (const std::string& candidate : known) {
    const std::size_t distance = EditDistance(name, candidate);
    if (distance < best_distance && distance * 2 < std::max(name.size(), candidate.size())) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string PercentDecode(std::string_view text, std::string_view uri) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    const int high = i + 2 < text.size() ? HexDigitValue(text[i + 1]) : -1;
    const int low = i + 2 < text.size() ? HexDigitValue(text[i + 2]) : -1;
    if (high < 0 || low < 0) throw Error("bad %-escape in `" + std::string(uri) + "`");
    decoded += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return decoded;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') {
      encoded += c;
    } else {
      encoded += {'%', kHex[byte >> 4], kHex[byte & 0xF]};
    }
  }
  return encoded;
}

QueryOptions::QueryOptions(const AdapterUri& uri) : uri_(uri), pairs_(uri.Query()) {
  taken_.assign(pairs_.size(), false);
}

const std::string* QueryOptions::Take(std::string_view key) {
  known_.emplace_back(key);
  const std::string* value = nullptr;
  for (std::size_t i = 0; i < pairs_.size(); ++i) {
    if (pairs_[i].first != key) continue;
    taken_[i] = true;
    value = &pairs_[i].second;  // the last occurrence wins
  }
  return value;
}

void QueryOptions::Text(std::string_view key, std::string* value) {
  if (const std::string* text = Take(key)) *value = *text;
}

void QueryOptions::Number(std::string_view key, std::uint64_t min, std::uint64_t max,
                          std::uint64_t* value) {
  const std::string* text = Take(key);
  if (text == nullptr) return;
  std::uint64_t number = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), number);
  if (error != std::errc() || end != text->data() + text->size() || number < min ||
      number > max) {
    throw Error("option `" + std::string(key) + "` of `" + uri_.text + "` must be a number from " +
                std::to_string(min) + " to " + std::to_string(max) + ", not `" + *text + "`");
  }
  *value = number;
}

void QueryOptions::Finish() const {
  for (std::size_t i = 0; i < pairs_.size(); ++i) {
    if (taken_[i]) continue;
    std::string message = "unknown option `" + pairs_[i].first + "` in `" + uri_.text + "`";
    const std::string suggestion = ClosestName(pairs_[i].first, known_);
    if (!suggestion.empty()) message += " (did you mean `" + suggestion + "`?)";
    throw Error(message);
  }
}

void RefuseTextLines(const AdapterUri& uri, const SourceOptions& options, std::string_view what) {
  if (!options.json.text_lines) return;
  throw Error("plain-text lines (--text-lines) come from a file or stdin; `" + uri.text + "` " +
              std::string(what));
}

}  // namespace bylaw::internal
