// Run side: the word view (see text_view.h), derived from a folded or exact
// view so that every phrase is one literal for Hyperscan.
#include <array>
#include <cstring>

#include "text_view.h"

namespace bylaw::internal {
namespace {

constexpr std::array<bool, 128> MakeAsciiWordTable() {
  std::array<bool, 128> table{};
  for (int c = 0; c < 128; ++c) {
    table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  return table;
}
constexpr std::array<bool, 128> kAsciiWord = MakeAsciiWordTable();

// Whether the character at `pos` is a word character, and its length.
bool WordAt(std::string_view text, std::size_t pos, std::size_t* length) {
  const auto c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) {
    *length = 1;
    return kAsciiWord[c];
  }
  return IsWordCodePoint(DecodeUtf8(text, pos, length));
}

}  // namespace

// Writes into buffers sized once to the input (the output is never longer),
// copying each run of word characters in bulk.
void SqueezeToWords(const TextView& in, TextView* out) {
  const std::string_view text = in.text;
  out->text.resize(text.size());
  out->source_begin.resize(text.size());
  out->source_end.resize(text.size());
  char* out_text = out->text.data();
  std::uint32_t* out_begin = out->source_begin.data();
  std::uint32_t* out_end = out->source_end.data();
  std::size_t written = 0;
  std::size_t pos = 0;
  std::size_t length = 0;
  while (pos < text.size()) {
    const std::size_t run = pos;
    while (pos < text.size() && WordAt(text, pos, &length)) pos += length;
    if (pos > run) {
      const std::size_t bytes = pos - run;
      std::memcpy(out_text + written, text.data() + run, bytes);
      std::memcpy(out_begin + written, in.source_begin.data() + run, bytes * sizeof(std::uint32_t));
      std::memcpy(out_end + written, in.source_end.data() + run, bytes * sizeof(std::uint32_t));
      written += bytes;
    }
    if (pos >= text.size()) break;
    // A run of non-word characters becomes one space spanning all of it.
    const std::size_t gap = pos;
    std::size_t gap_end = pos;
    while (pos < text.size() && !WordAt(text, pos, &length)) {
      pos += length;
      gap_end = pos;
    }
    out_text[written] = ' ';
    out_begin[written] = in.source_begin[gap];
    out_end[written] = in.source_end[gap_end - 1];
    ++written;
  }
  out->text.resize(written);
  out->source_begin.resize(written);
  out->source_end.resize(written);
}

}  // namespace bylaw::internal
