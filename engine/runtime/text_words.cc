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

// The word view being written, in locals (a char store may alias any
// member). An ASCII byte is written without a branch: a word byte goes to
// the next slot; a separator goes there as ' ' or, right after a ' ', over
// it, widening its span. Whether a byte of text is a word byte is a coin
// flip to a branch predictor.
struct WordsCursor {
  char* text;
  std::uint32_t* begins;
  std::uint32_t* ends;
  std::size_t count = 0;        // Bytes written.
  bool after_gap = false;       // The last byte written is a gap's ' '.
  std::uint32_t last_begin = 0;  // Its source_begin, kept out of memory.

  void PutAscii(unsigned char byte, std::uint32_t begin, std::uint32_t end) {
    const bool word = kAsciiWord[byte];
    const bool widen = !word && after_gap;
    count -= widen;
    const std::uint32_t keep = 0u - static_cast<std::uint32_t>(widen);
    last_begin = (last_begin & keep) | (begin & ~keep);
    begins[count] = last_begin;
    text[count] = word ? static_cast<char>(byte) : ' ';
    ends[count] = end;
    ++count;
    after_gap = !word;
  }
  // A non-ASCII character: copied byte by byte if a word character, else
  // a gap like any other separator.
  void PutCharacter(bool word, const char* bytes, const std::uint32_t* in_begins,
                    const std::uint32_t* in_ends, std::size_t length) {
    if (word) {
      for (std::size_t i = 0; i < length; ++i) {
        text[count] = bytes[i];
        begins[count] = in_begins[i];
        ends[count] = in_ends[i];
        ++count;
      }
    } else if (after_gap) {
      ends[count - 1] = in_ends[length - 1];
    } else {
      last_begin = in_begins[0];
      text[count] = ' ';
      begins[count] = last_begin;
      ends[count] = in_ends[length - 1];
      ++count;
    }
    after_gap = !word;
  }
};

}  // namespace

// Writes into buffers sized once to the input (the output is never longer).
namespace {

// SqueezeToWords, with a ' ' before the words when `pad` (widened by a
// separator run the text starts with, as PadWords would leave it).
std::size_t Squeeze(const TextView& in, bool pad, TextView* out) {
  const std::string_view text = in.text;
  const std::size_t room = text.size() + (pad ? 2 : 0);
  out->text.resize(room);
  out->source_begin.resize(room);
  out->source_end.resize(room);
  WordsCursor cursor{out->text.data(), out->source_begin.data(), out->source_end.data()};
  const std::uint32_t* const in_begins = in.source_begin.data();
  const std::uint32_t* const in_ends = in.source_end.data();
  if (pad) {
    cursor.PutAscii(' ', in_begins[0], in_begins[0]);
  }
  for (std::size_t pos = 0; pos < text.size();) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      cursor.PutAscii(byte, in_begins[pos], in_ends[pos]);
      ++pos;
      continue;
    }
    std::size_t length = 0;
    const bool word = IsNonAsciiWordCodePoint(DecodeNonAsciiUtf8(text, pos, &length));
    cursor.PutCharacter(word, text.data() + pos, in_begins + pos, in_ends + pos, length);
    pos += length;
  }
  if (pad && !cursor.after_gap) {
    const std::uint32_t end = cursor.ends[cursor.count - 1];
    cursor.PutAscii(' ', end, end);
  }
  return cursor.count;
}

void Trim(std::size_t size, TextView* out) {
  out->text.resize(size);
  out->source_begin.resize(size);
  out->source_end.resize(size);
}

}  // namespace

void SqueezeToWords(const TextView& in, TextView* out) { Trim(Squeeze(in, false, out), out); }

void SqueezeToPaddedWords(const TextView& in, TextView* out) {
  if (in.text.empty()) {
    out->Clear();
    return;
  }
  Trim(Squeeze(in, true, out), out);
}

void PadWords(TextView* words) {
  std::string& text = words->text;
  if (text.empty()) return;
  if (text.front() != ' ') {
    const std::uint32_t start = words->source_begin.front();
    text.insert(text.begin(), ' ');
    words->source_begin.insert(words->source_begin.begin(), start);
    words->source_end.insert(words->source_end.begin(), start);
  }
  if (text.back() != ' ') {
    const std::uint32_t end = words->source_end.back();
    text.push_back(' ');
    words->source_begin.push_back(end);
    words->source_end.push_back(end);
  }
}

std::uint32_t CountWordStarts(std::string_view text, bool* in_word,
                              std::vector<std::uint32_t>* starts) {
  std::uint32_t count = 0;
  bool before = *in_word;
  for (std::size_t pos = 0, length = 1; pos < text.size(); pos += length) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    bool word;
    if (byte < 0x80) {
      word = kAsciiWord[byte];
      length = 1;
    } else {
      word = IsWordCodePoint(DecodeUtf8(text, pos, &length));
    }
    if (word && !before) {
      ++count;
      if (starts != nullptr) starts->push_back(static_cast<std::uint32_t>(pos));
    }
    before = word;
  }
  *in_word = before;
  return count;
}

}  // namespace bylaw::internal
