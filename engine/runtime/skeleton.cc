// Run side: the skeleton and pairs views (skeleton.h), built from a folded
// view before the skeleton databases are scanned. Both reuse their buffers.
#include "skeleton.h"

#include <cstring>

#include "evasion_match.h"

namespace bylaw::internal {
namespace {

bool IsWordAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  std::size_t length = 0;
  const char32_t c = DecodeUtf8(text, pos, &length);
  return c != '_' && IsWordCodePoint(c);
}

// Writes the skeleton one word at a time.
class SkeletonWriter {
 public:
  explicit SkeletonWriter(TextView* out) : out_(*out) {
    out_.Clear();
    Put(' ', 0, 0);
  }

  // Adds skeleton bytes for the folded character at [begin, end).
  void Letter(const char* bytes, std::size_t count, std::uint32_t begin, std::uint32_t end) {
    if (!in_word_) StartWord(begin);
    ++word_characters_;
    if (count == 1 && bytes[0] == last_letter_) {  // a repeated letter reads once
      out_.source_end.back() = end;
      return;
    }
    last_letter_ = count == 1 ? bytes[0] : 0;
    for (std::size_t i = 0; i < count; ++i) Put(bytes[i], begin, end);
  }
  // A non-word character `c` (0 for non-ASCII): ends the current word, if
  // any; the first one of a gap is its kind.
  void Separator(char c) {
    if (in_word_) {
      EndWord();
      gap_kind_ = c;
    }
  }
  void Finish() {
    if (in_word_) EndWord();
    Put(' ', last_end_, last_end_);
  }

 private:
  void Put(char byte, std::uint32_t begin, std::uint32_t end) {
    out_.text.push_back(byte);
    out_.source_begin.push_back(begin);
    out_.source_end.push_back(end);
  }
  void StartWord(std::uint32_t begin) {
    gap_before_ = out_.text.size() > 1 ? gap_kind_ : '\0';
    in_word_ = true;
    word_characters_ = 0;
    word_start_ = out_.text.size();
    last_letter_ = 0;
    if (out_.text.size() > 1) Put(' ', last_end_, begin);  // the gap before it
    word_start_ = out_.text.size();
  }
  // One-letter words join into one when the same separator runs between
  // them (t.i.d.e p.o.d reads "tide pod"), except that a leading `a` or `i`
  // before spaced letters stays a word (take a b e n a d r y l).
  bool JoinsPrevious() const {
    if (run_kind_ != '\0') return gap_before_ == run_kind_;
    return !(gap_before_ == ' ' && (previous_letter_ == 'a' || previous_letter_ == 'i'));
  }
  void EndWord() {
    in_word_ = false;
    last_end_ = out_.source_end.back();
    const bool single = word_characters_ == 1;
    const char letter = out_.text.back();
    const bool join = single && previous_single_ && JoinsPrevious() && word_start_ >= 2 &&
                      out_.text[word_start_ - 1] == ' ';
    run_kind_ = join ? gap_before_ : '\0';
    if (join) {
      // Letters spaced out one by one read as one word: drop the gap.
      const std::size_t gap = word_start_ - 1;
      out_.text.erase(gap, 1);
      out_.source_begin.erase(out_.source_begin.begin() + static_cast<std::ptrdiff_t>(gap));
      out_.source_end.erase(out_.source_end.begin() + static_cast<std::ptrdiff_t>(gap));
    }
    previous_single_ = single;
    previous_letter_ = letter;
  }

  TextView& out_;
  bool in_word_ = false;
  bool previous_single_ = false;
  std::size_t word_characters_ = 0;
  std::size_t word_start_ = 0;
  char last_letter_ = 0;
  char previous_letter_ = 0;  // last skeleton byte of the previous word
  char gap_kind_ = '\0';      // first separator of the latest gap
  char gap_before_ = '\0';    // ... of the gap before the current word
  char run_kind_ = '\0';      // the separator of the one-letter run being joined
  std::uint32_t last_end_ = 0;
};

}  // namespace

void BuildSkeleton(const TextView& folded, TextView* out) {
  const std::string_view text = folded.text;
  SkeletonWriter writer(out);
  bool previous_word = false;
  for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length) {
    const auto begin = static_cast<std::uint32_t>(pos);
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      length = 1;
      const char c = static_cast<char>(byte);
      const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      const bool inside = previous_word && IsWordAt(text, pos + 1);
      if (alnum || (inside && SkeletonLetter(c) != 0)) {
        const char letter = SkeletonLetter(c);
        writer.Letter(&letter, 1, begin, begin + 1);
        previous_word = true;
      } else if (c == '*' && inside) {
        // A mask inside a word: the word goes on.
      } else {
        writer.Separator(c);
        previous_word = false;
      }
      continue;
    }
    const char32_t c = DecodeUtf8(text, pos, &length);
    if (IsWordCodePoint(c)) {
      writer.Letter(text.data() + pos, length, begin, static_cast<std::uint32_t>(pos + length));
      previous_word = true;
    } else {
      writer.Separator('\0');
      previous_word = false;
    }
  }
  writer.Finish();
}

void BuildPairs(const TextView& skeleton, TextView* out) {
  out->Clear();
  const std::string_view text = skeleton.text;
  auto append = [&](std::size_t from, std::size_t to) {
    out->text.append(text.substr(from, to - from));
    out->source_begin.insert(out->source_begin.end(), skeleton.source_begin.begin() + from,
                             skeleton.source_begin.begin() + to);
    out->source_end.insert(out->source_end.end(), skeleton.source_end.begin() + from,
                           skeleton.source_end.begin() + to);
  };
  // Words are the runs between single spaces; the view starts with ' '.
  std::size_t previous_begin = 0, previous_end = 0;
  for (std::size_t pos = 1; pos < text.size();) {
    const std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) break;
    if (end - pos >= 3 && previous_end - previous_begin >= 3) {
      if (out->text.empty()) append(0, 1);
      append(previous_begin, previous_end);
      append(pos, end);
      append(end, end + 1);
    }
    previous_begin = pos;
    previous_end = end;
    pos = end + 1;
  }
}

std::vector<std::string> SkeletonWords(std::string_view text) {
  TextView folded, skeleton;
  FoldText(text, &folded);
  BuildSkeleton(folded, &skeleton);
  std::vector<std::string> words;
  std::string_view rest = skeleton.text;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    if (space != 0) words.emplace_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return words;
}

}  // namespace bylaw::internal
