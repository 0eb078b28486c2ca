// Tests for engine/runtime/text_fold.cc (and the character folds of
// character_fold.cc): the folded and sanitized views, their maps back to
// original bytes, UTF-8 decoding and word boundaries.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "runtime/character_fold.h"
#include "text_view.h"

namespace bylaw::internal {
namespace {

// A piece of a view: output bytes that all map to original [begin, end).
struct Piece {
  std::string text;
  std::uint32_t begin;
  std::uint32_t end;
};

struct ViewCase {
  const char* name;
  std::string original;
  std::vector<Piece> pieces;  // The expected view, in order.
};

void PrintTo(const ViewCase& c, std::ostream* os) { *os << c.name; }

// Start offset of every character of `text` (invalid bytes count as one
// character each), plus text.size().
std::vector<bool> CharacterBoundaries(std::string_view text) {
  std::vector<bool> boundary(text.size() + 1, false);
  for (std::size_t pos = 0; pos < text.size();) {
    boundary[pos] = true;
    std::size_t length = 0;
    DecodeUtf8(text, pos, &length);
    pos += length;
  }
  boundary[text.size()] = true;
  return boundary;
}

// True if `text` is valid UTF-8: every U+FFFD it decodes to is a real EF BF BD.
bool IsValidUtf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t length = 0;
    if (DecodeUtf8(text, pos, &length) == 0xFFFD && length == 1) return false;
    pos += length;
  }
  return true;
}

// Checks the invariants of any view of `original`, byte for byte.
void ExpectWellFormedView(std::string_view original, const TextView& view) {
  ASSERT_EQ(view.source_begin.size(), view.text.size());
  ASSERT_EQ(view.source_end.size(), view.text.size());
  EXPECT_TRUE(IsValidUtf8(view.text)) << "view is not valid UTF-8";
  const std::vector<bool> boundary = CharacterBoundaries(original);
  const std::vector<bool> view_boundary = CharacterBoundaries(view.text);
  for (std::size_t i = 0; i < view.text.size(); ++i) {
    const std::uint32_t begin = view.source_begin[i];
    const std::uint32_t end = view.source_end[i];
    ASSERT_LT(begin, end) << "byte " << i;
    ASSERT_LE(end, original.size()) << "byte " << i;
    EXPECT_TRUE(boundary[begin]) << "byte " << i << " starts inside a character at " << begin;
    EXPECT_TRUE(boundary[end]) << "byte " << i << " ends inside a character at " << end;
    if (i == 0) continue;
    EXPECT_LE(view.source_begin[i - 1], begin) << "byte " << i << ": map not monotonic";
    EXPECT_LE(view.source_end[i - 1], end) << "byte " << i << ": map not monotonic";
    if (!view_boundary[i]) {  // Inside one output character: one source span.
      EXPECT_EQ(view.source_begin[i - 1], begin) << "byte " << i;
      EXPECT_EQ(view.source_end[i - 1], end) << "byte " << i;
    }
  }
}

void ExpectView(const ViewCase& c, const TextView& view) {
  std::string text;
  Offsets begins;
  Offsets ends;
  for (const Piece& piece : c.pieces) {
    text += piece.text;
    begins.insert(begins.end(), piece.text.size(), piece.begin);
    ends.insert(ends.end(), piece.text.size(), piece.end);
  }
  EXPECT_EQ(view.text, text);
  EXPECT_EQ(view.source_begin, begins);
  EXPECT_EQ(view.source_end, ends);
  ExpectWellFormedView(c.original, view);
}

std::string Nul() { return std::string(1, '\0'); }

const std::vector<ViewCase>& FoldCases() {
  static const auto* cases = new std::vector<ViewCase>{
      {"Empty", "", {}},
      {"AsciiLowercase",
       "tide pod",
       {{"t", 0, 1},
        {"i", 1, 2},
        {"d", 2, 3},
        {"e", 3, 4},
        {" ", 4, 5},
        {"p", 5, 6},
        {"o", 6, 7},
        {"d", 7, 8}}},
      {"AsciiMixedCase",
       "TiDe!",
       {{"t", 0, 1}, {"i", 1, 2}, {"d", 2, 3}, {"e", 3, 4}, {"!", 4, 5}}},
      {"AsciiPunctuationKept", "@[`{", {{"@", 0, 1}, {"[", 1, 2}, {"`", 2, 3}, {"{", 3, 4}}},
      {"WhitespaceRunIsOneSpace", "a \t\n\r\v\fb", {{"a", 0, 1}, {" ", 1, 7}, {"b", 7, 8}}},
      {"LeadingAndTrailingWhitespace", "  a  ", {{" ", 0, 2}, {"a", 2, 3}, {" ", 3, 5}}},
      {"OnlyWhitespace", " \n ", {{" ", 0, 3}}},
      {"UnicodeWhitespaceJoinsRun",
       "a\u00A0 \u2028\u3000b",
       {{"a", 0, 1}, {" ", 1, 10}, {"b", 10, 11}}},
      {"NextLineIsWhitespace", "a\u0085b", {{"a", 0, 1}, {" ", 1, 3}, {"b", 3, 4}}},
      {"NulBytesKept", "a" + Nul() + "B", {{"a", 0, 1}, {Nul(), 1, 2}, {"b", 2, 3}}},
      {"ControlBytesKept", "\x01\x1f\x7f", {{"\x01", 0, 1}, {"\x1f", 1, 2}, {"\x7f", 2, 3}}},
      {"FullWidthLetters",
       "\uFF34\uFF29\uFF24\uFF25",
       {{"t", 0, 3}, {"i", 3, 6}, {"d", 6, 9}, {"e", 9, 12}}},
      {"SharpSIsSs",
       "Stra\u00DFe",
       {{"s", 0, 1}, {"t", 1, 2}, {"r", 2, 3}, {"a", 3, 4}, {"ss", 4, 6}, {"e", 6, 7}}},
      {"CapitalSharpSIsSs", "\u1E9E", {{"ss", 0, 3}}},
      {"LigaturesExpand", "\uFB01x\uFB03", {{"fi", 0, 3}, {"x", 3, 4}, {"ffi", 4, 7}}},
      // Cyrillic and Greek fold case, then look-alikes read as Latin
      // (Р е в т), the same in patterns: other letters stay (П И Д Ж Ф).
      {"CyrillicCaseFoldsAndLookAlikesReadLatin",
       "\u041F\u0420\u0418\u0412\u0415\u0422 \u0414\u0416\u0424",
       {{"\u043F", 0, 2},
        {"p", 2, 4},
        {"\u0438", 4, 6},
        {"b", 6, 8},
        {"e", 8, 10},
        {"t", 10, 12},
        {" ", 12, 13},
        {"\u0434", 13, 15},
        {"\u0436", 15, 17},
        {"\u0444", 17, 19}}},
      {"GreekCaseFoldsAndLookAlikesReadLatin",
       "\u039F\u03A3\u03C2\u0394\u03BB",
       {{"o", 0, 2}, {"o", 2, 4}, {"o", 4, 6}, {"\u03B4", 6, 8}, {"\u03BB", 8, 10}}},
      {"GreekCapitalWithIotaSubscriptExpands", "\u1F88", {{"ai", 0, 3}}},
      {"NapostropheExpands", "\u0149", {{"\u02BCn", 0, 2}}},
      {"AccentedLetterLosesItsMark",
       "caf\u00E9",
       {{"c", 0, 1}, {"a", 1, 2}, {"f", 2, 3}, {"e", 3, 5}}},
      {"AccentedCapitalFolds", "\u00C9T\u00C9", {{"e", 0, 2}, {"t", 2, 3}, {"e", 3, 5}}},
      {"SpanishWordIsOneWord",
       "veh\u00EDculo",
       {{"v", 0, 1},
        {"e", 1, 2},
        {"h", 2, 3},
        {"i", 3, 5},
        {"c", 5, 6},
        {"u", 6, 7},
        {"l", 7, 8},
        {"o", 8, 9}}},
      {"DecomposedMarkJoinsItsLetter", "e\u0301!", {{"e", 0, 3}, {"!", 3, 4}}},
      {"StackedMarksJoinTheirLetter", "e\u0301\u0302\u0303x", {{"e", 0, 7}, {"x", 7, 8}}},
      {"StrikeThroughLetters",
       "T\u0335I\u0336D\u0337E\u0338",
       {{"t", 0, 3}, {"i", 3, 6}, {"d", 6, 9}, {"e", 9, 12}}},
      {"ZalgoStackOnPrecomposedLetter", "\u00E9\u0489\u0334\u0488!", {{"e", 0, 8}, {"!", 8, 9}}},
      {"CyrillicBreveShed", "\u0439\u0438\u0306", {{"\u0438", 0, 2}, {"\u0438", 2, 6}}},
      {"GreekTonosShed", "\u03AC\u03B4", {{"a", 0, 2}, {"\u03B4", 2, 4}}},
      {"StrayMarkAtStartMapsNowhere", "\u0301a", {{"a", 2, 3}}},
      {"MarkAfterPunctuationJoinsIt", "!\u0301a", {{"!", 0, 3}, {"a", 3, 4}}},
      {"MarkAfterSpaceJoinsIt", "a \u0301b", {{"a", 0, 1}, {" ", 1, 4}, {"b", 4, 5}}},
      {"MarkAfterIgnorableMapsNowhere", "a\u200B\u0301", {{"a", 0, 1}}},
      {"DevanagariMarksKeptInOneCluster",
       "\u0939\u093F\u0902\u0926\u0940",
       {{"\u0939\u093F\u0902", 0, 9}, {"\u0926\u0940", 9, 15}}},
      {"ArabicHarakatKept", "\u0628\u064E\u062A", {{"\u0628\u064E", 0, 4}, {"\u062A", 4, 6}}},
      {"HebrewPointsKept", "\u05E9\u05C1\u05B8", {{"\u05E9\u05C1\u05B8", 0, 6}}},
      {"LatinMarkOnDevanagariKept", "\u0915\u0301", {{"\u0915\u0301", 0, 5}}},
      {"EmojiModifierJoinsItsEmoji",
       "\U0001F44D\U0001F3FDx",
       {{"\U0001F44D\U0001F3FD", 0, 8}, {"x", 8, 9}}},
      {"EmojiKeptWhole", "a\U0001F600b", {{"a", 0, 1}, {"\U0001F600", 1, 5}, {"b", 5, 6}}},
      {"MathematicalBoldReadsPlain",
       "\U0001D42D\U0001D422\U0001D41D\U0001D41E",
       {{"t", 0, 4}, {"i", 4, 8}, {"d", 8, 12}, {"e", 12, 16}}},
      {"TypographicApostrophes",
       "it\u2019s \u2018\u201B\u2032\uFF07",
       {{"i", 0, 1},
        {"t", 1, 2},
        {"'", 2, 5},
        {"s", 5, 6},
        {" ", 6, 7},
        {"'", 7, 10},
        {"'", 10, 13},
        {"'", 13, 16},
        {"'", 16, 19}}},
      {"DoublePrimeReadsTwoApostrophes", "\u2033", {{"''", 0, 3}}},
      {"SoftHyphenFoldsToNothing",
       "ti\u00ADde",
       {{"t", 0, 1}, {"i", 1, 2}, {"d", 4, 5}, {"e", 5, 6}}},
      {"ZeroWidthJoinerJoinsThePreviousCluster", "a\u200Db", {{"a", 0, 4}, {"b", 4, 5}}},
      {"ZeroWidthSpaceInsideWord",
       "ti\u200Bde",
       {{"t", 0, 1}, {"i", 1, 2}, {"d", 5, 6}, {"e", 6, 7}}},
      {"InvisiblesMapNowhere",
       "a\u2060\uFEFF\u202A\u202E\u2066\u2069\u200E\u061C\u180E\u3164\uFFF9b",
       {{"a", 0, 1}, {"b", 33, 34}}},
      {"VariationSelectorsJoinTheirCharacter",
       "a\uFE0F\U000E0100b\u034F",
       {{"a", 0, 8}, {"b", 8, 11}}},
      {"TagCharactersJoinTheirCharacter", "x\U000E0041\U000E007F", {{"x", 0, 9}}},
      {"IgnorableInsideWhitespaceRun", "a \u00AD b", {{"a", 0, 1}, {" ", 1, 5}, {"b", 5, 6}}},
      {"IgnorableAfterWhitespaceRun", "a \u200B", {{"a", 0, 1}, {" ", 1, 2}}},
      {"SpacingDiaeresisAfterSpaceDoesNotDoubleIt", "a \u00A8", {{"a", 0, 1}, {" ", 1, 2}}},
      {"SpacingDiaeresisAlone", "\u00A8", {{" ", 0, 2}}},
      {"CyrillicLookAlikesInLatinWords",
       "t\u0456de p\u043Ed",
       {{"t", 0, 1},
        {"i", 1, 3},
        {"d", 3, 4},
        {"e", 4, 5},
        {" ", 5, 6},
        {"p", 6, 7},
        {"o", 7, 9},
        {"d", 9, 10}}},
      {"CapitalCyrillicLookAlikes",
       "\u0422\u0406D\u0415",
       {{"t", 0, 2}, {"i", 2, 4}, {"d", 4, 5}, {"e", 5, 7}}},
      {"CapitalCyrillicWithLowercaseUnlike",
       "\u041D\u043D\u041C\u043C",
       {{"h", 0, 2}, {"h", 2, 4}, {"m", 4, 6}, {"m", 6, 8}}},
      {"GreekOmicron", "p\u03BFd", {{"p", 0, 1}, {"o", 1, 3}, {"d", 3, 4}}},
      {"SmallCapitals",
       "\u1D1B\u026A\u1D05\u1D07",
       {{"t", 0, 3}, {"i", 3, 5}, {"d", 5, 8}, {"e", 8, 11}}},
      {"DotlessIAndStrokedL", "\u0131\u0142", {{"i", 0, 2}, {"l", 2, 4}}},
      {"ScriptSmallLIsStyled", "\u2113", {{"l", 0, 3}}},
      {"CircledLetters",
       "\u24E3\u24D8\u24D3\u24D4",
       {{"t", 0, 3}, {"i", 3, 6}, {"d", 6, 9}, {"e", 9, 12}}},
      {"AsciiLeetspeakUnchanged",
       "t1d3 p0d",
       {{"t", 0, 1},
        {"1", 1, 2},
        {"d", 2, 3},
        {"3", 3, 4},
        {" ", 4, 5},
        {"p", 5, 6},
        {"0", 6, 7},
        {"d", 7, 8}}},
      {"DigitLikeLettersUnchanged", "\u0417\u04E1", {{"\u0437", 0, 2}, {"\u04E1", 2, 4}}},
      {"RightToLeftLettersUnchanged", "\u05D5\u0627", {{"\u05D5", 0, 2}, {"\u0627", 2, 4}}},
      {"InvalidByteThenMarkIsOneCluster", "\x80\u0301", {{"\uFFFD", 0, 3}}},
      {"LoneContinuationByte", "a\x80z", {{"a", 0, 1}, {"\uFFFD", 1, 2}, {"z", 2, 3}}},
      {"TruncatedSequenceAtEnd", "a\xE2\x82", {{"a", 0, 1}, {"\uFFFD", 1, 2}, {"\uFFFD", 2, 3}}},
      {"TruncatedSequenceBeforeAscii",
       "\xF0\x9F\x98Z",
       {{"\uFFFD", 0, 1}, {"\uFFFD", 1, 2}, {"\uFFFD", 2, 3}, {"z", 3, 4}}},
      {"OverlongNul", "\xC0\x80", {{"\uFFFD", 0, 1}, {"\uFFFD", 1, 2}}},
      {"OverlongThreeByte", "\xE0\x80\xAF", {{"\uFFFD", 0, 1}, {"\uFFFD", 1, 2}, {"\uFFFD", 2, 3}}},
      {"Surrogate", "\xED\xA0\x80", {{"\uFFFD", 0, 1}, {"\uFFFD", 1, 2}, {"\uFFFD", 2, 3}}},
      {"AboveMaxCodePoint",
       "\xF4\x90\x80\x80",
       {{"\uFFFD", 0, 1}, {"\uFFFD", 1, 2}, {"\uFFFD", 2, 3}, {"\uFFFD", 3, 4}}},
      {"InvalidLeadBytes", "\xF5\xFF", {{"\uFFFD", 0, 1}, {"\uFFFD", 1, 2}}},
      {"InvalidByteEndsWhitespaceRun", " \x80 ", {{" ", 0, 1}, {"\uFFFD", 1, 2}, {" ", 2, 3}}},
  };
  return *cases;
}

class FoldTextTest : public testing::TestWithParam<ViewCase> {};

TEST_P(FoldTextTest, FoldsAndMapsEveryByte) {
  TextView view;
  FoldText(GetParam().original, &view);
  ExpectView(GetParam(), view);
}

INSTANTIATE_TEST_SUITE_P(Cases, FoldTextTest, testing::ValuesIn(FoldCases()),
                         [](const auto& info) { return std::string(info.param.name); });

const std::vector<ViewCase>& SanitizeCases() {
  static const auto* cases = new std::vector<ViewCase>{
      {"Empty", "", {}},
      {"AsciiUnchanged",
       "Ti De",
       {{"T", 0, 1}, {"i", 1, 2}, {" ", 2, 3}, {"D", 3, 4}, {"e", 4, 5}}},
      {"WhitespaceNotCollapsed", "a \t", {{"a", 0, 1}, {" ", 1, 2}, {"\t", 2, 3}}},
      {"NulKept", Nul(), {{Nul(), 0, 1}}},
      {"CaseAndWidthKept", "\uFF34\u00DF", {{"\uFF34", 0, 3}, {"\u00DF", 3, 5}}},
      {"FourByteCharacterMapsWhole", "\U0001F600", {{"\U0001F600", 0, 4}}},
      {"InvalidBytesReplaced",
       "a\x80\xC0\x80\xED\xA0\x80\xE2\x82",
       {{"a", 0, 1},
        {"\uFFFD", 1, 2},
        {"\uFFFD", 2, 3},
        {"\uFFFD", 3, 4},
        {"\uFFFD", 4, 5},
        {"\uFFFD", 5, 6},
        {"\uFFFD", 6, 7},
        {"\uFFFD", 7, 8},
        {"\uFFFD", 8, 9}}},
  };
  return *cases;
}

class SanitizeTextTest : public testing::TestWithParam<ViewCase> {};

TEST_P(SanitizeTextTest, KeepsTextAndMapsEveryByte) {
  TextView view;
  SanitizeText(GetParam().original, &view);
  ExpectView(GetParam(), view);
}

INSTANTIATE_TEST_SUITE_P(Cases, SanitizeTextTest, testing::ValuesIn(SanitizeCases()),
                         [](const auto& info) { return std::string(info.param.name); });

// Random bytes biased towards UTF-8 fragments, with a fixed seed.
std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> kFragments = {
      "a", "Z", " ", "\n", "\t", "\u00A0", "\u00DF", "\u0130", "\u00A8", "\u00AD", "\u2019",
      "\uFB03", "\uFF34", "\u0390", "\uFDFA", "\U0001F600", "\U0001D42D", "\u0301", "\x80", "\xC3",
      "\xE2\x82", "\xF0\x9F", "\xED\xA0\x80", "\xC0\x80", std::string(1, '\0'),
      // Look-alikes, marks, invisibles, clusters:
      "\u0430", "\u0422", "\u1D1B", "\u00E9", "\u0335", "\u0489", "\u093F", "\u0939", "\u064E",
      "\u200B", "\u200D", "\uFE0F", "\U000E0100", "\U0001F3FD", "\u1F88", "\u0345", "\u0F73"};
  std::uniform_int_distribution<std::size_t> count(0, 40);
  std::uniform_int_distribution<std::size_t> pick(0, kFragments.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string text;
  for (std::size_t n = count(rng); n > 0; --n) {
    if (pick(rng) == 0) {
      text += static_cast<char>(byte(rng));
    } else {
      text += kFragments[pick(rng)];
    }
  }
  return text;
}

// The folded text (not its map) of `text`, one character at a time through
// FoldCharacter alone: no ASCII fast path, no FoldCache.
std::string FoldOneByOne(std::string_view text) {
  std::string folded;
  bool shed_marks = true;
  auto append = [&folded](const char* bytes, std::size_t length) {
    for (std::size_t i = 0; i < length; ++i) {
      if (bytes[i] != ' ' || !folded.ends_with(' ')) folded += bytes[i];
    }
  };
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t length = 0;
    const char32_t c = DecodeUtf8(text, pos, &length);
    pos += length;
    if (c < 0x80 || length == 1) {
      const bool space = c == ' ' || (c >= '\t' && c <= '\r');
      const std::string ascii =
          space       ? " "
          : c >= 0x80 ? "\uFFFD"
                      : std::string(1, static_cast<char>(std::tolower(static_cast<int>(c))));
      append(ascii.data(), ascii.size());
      shed_marks = true;
      continue;
    }
    CharacterFold fold;
    FoldCharacter(c, shed_marks, &fold);
    std::size_t fold_length = fold.length;
    if ((fold.flags & CharacterFold::kMarksOnly) != 0 && shed_marks) fold_length = 0;
    if ((fold.flags & CharacterFold::kSetsShed) != 0) {
      shed_marks = (fold.flags & CharacterFold::kShedsMarks) != 0;
    }
    append(fold.bytes.data(), fold_length);
  }
  return folded;
}

TEST(FoldText, RandomInputsGiveWellFormedViews) {
  std::mt19937 rng(20240611);
  TextView folded;
  TextView sanitized;
  for (int i = 0; i < 5000; ++i) {
    const std::string text = RandomText(rng);
    SCOPED_TRACE(testing::PrintToString(text));
    FoldText(text, &folded);
    ExpectWellFormedView(text, folded);
    EXPECT_EQ(folded.text.find("  "), std::string::npos) << "doubled space";
    EXPECT_EQ(folded.text, FoldOneByOne(text));
    SanitizeText(text, &sanitized);
    ExpectWellFormedView(text, sanitized);
  }
}

// The ASCII fold, written the plain way: lowercase A-Z, one ' ' per run of
// \t \n \v \f \r and space, spanning the run.
TextView ReferenceAsciiFold(std::string_view text) {
  TextView view;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    const bool space = c == ' ' || (c >= '\t' && c <= '\r');
    const auto begin = static_cast<std::uint32_t>(pos);
    if (space && !view.text.empty() && view.text.back() == ' ') {
      view.source_end.back() = begin + 1;
      continue;
    }
    view.text += space ? ' ' : (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    view.source_begin.push_back(begin);
    view.source_end.push_back(begin + 1);
  }
  return view;
}

// FoldText(text) into *view is ReferenceAsciiFold(text), spans and all.
void ExpectPlainAsciiFold(const std::string& text, TextView* view) {
  SCOPED_TRACE(testing::PrintToString(text));
  FoldText(text, view);
  const TextView expected = ReferenceAsciiFold(text);
  ASSERT_EQ(view->text, expected.text);
  ASSERT_EQ(view->source_begin, expected.source_begin);
  ASSERT_EQ(view->source_end, expected.source_end);
}

// Long ASCII texts exercise the eight-bytes-at-a-time path and its joins
// with the byte-by-byte one; every byte value below 0x80 appears.
TEST(FoldText, AsciiMatchesAPlainReference) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> any_ascii(0, 0x7F);
  std::uniform_int_distribution<int> kind(0, 9);
  std::uniform_int_distribution<std::size_t> length(0, 200);
  const std::string_view kSpaces = " \t\n\v\f\r";
  const std::string_view kLetters = "AZaz@[`{09_ -";
  TextView view;
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (std::size_t n = length(rng); n > 0; --n) {
      const int k = kind(rng);
      if (k < 3) {
        text += kSpaces[static_cast<std::size_t>(any_ascii(rng)) % kSpaces.size()];
      } else if (k < 6) {
        text += kLetters[static_cast<std::size_t>(any_ascii(rng)) % kLetters.size()];
      } else {
        text += static_cast<char>(any_ascii(rng));
      }
    }
    ASSERT_NO_FATAL_FAILURE(ExpectPlainAsciiFold(text, &view));
  }
}

// Whitespace runs of every length at every offset, alone, between letters
// and upper-case letters, and after a run at the start: a run that a block
// of eight bytes starts, ends, holds or is wholly inside of widens the ' '
// before it exactly as the plain fold does.
TEST(FoldText, WhitespaceRunsAtEveryOffsetMatchAPlainReference) {
  const std::string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  TextView view;
  for (std::size_t length = 0; length <= 40; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (const std::size_t run : {1, 2, 3, 7, 8, 9, 16, 17}) {
        for (const char space : {' ', '\t', '\n', '\r'}) {
          const std::string word = letters.substr(at % 7, length);
          const std::string spaces(run, space);
          for (const std::string& text :
               {word.substr(0, at) + spaces + word.substr(at), spaces + word.substr(0, at) + spaces,
                word.substr(0, at) + spaces + "x" + spaces + word.substr(at)}) {
            ASSERT_NO_FATAL_FAILURE(ExpectPlainAsciiFold(text, &view));
          }
        }
      }
    }
  }
}

TEST(FoldText, AsciiAroundNonAsciiKeepsRunsAndSpans) {
  // Whitespace runs that cross between the ASCII and non-ASCII paths.
  const std::string text = "ABCDEFGH  \u00A0  IJKLMNOP\u00C9QRSTUVWX \u2003";
  TextView view;
  FoldText(text, &view);
  EXPECT_EQ(view.text, "abcdefgh ijklmnopeqrstuvwx ");
  ASSERT_EQ(view.text.size(), 27u);
  EXPECT_EQ(view.source_begin[8], 8u);
  EXPECT_EQ(view.source_end[8], 14u);  // "  \u00A0  "
  EXPECT_EQ(view.source_begin[17], 22u);
  EXPECT_EQ(view.source_end[17], 24u);  // "\u00C9"
  EXPECT_EQ(view.source_begin[26], 32u);
  EXPECT_EQ(view.source_end[26], 36u);  // " \u2003"
  ExpectWellFormedView(text, view);
}

// The committed look-alike table, engine/data/confusables.tsv.
std::map<char32_t, char> CommittedConfusables() {
  std::ifstream file(std::string(BYLAW_SOURCE_DIR) + "/engine/data/confusables.tsv");
  std::map<char32_t, char> table;
  for (std::string line; std::getline(file, line);) {
    if (line.empty() || line[0] == '#') continue;
    table[static_cast<char32_t>(std::stoul(line.substr(2), nullptr, 16))] =
        line[line.find('\t') + 1];
  }
  return table;
}

bool IsMarkCodePoint(UChar32 c) { return (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

void AppendUtf8(UChar32 c, std::string* out) { icu::UnicodeString(c).toUTF8String(*out); }

// The fold of one character at the start of a text, computed the plain way
// with ICU and the committed table (no fast paths), as text_view.h states it.
std::string ReferenceFold(char32_t c, const std::map<char32_t, char>& confusables) {
  if (u_isUWhiteSpace(static_cast<UChar32>(c))) return " ";
  if (c >= 0xFFF9 && c <= 0xFFFB) return "";  // invisible format characters
  // Emoji letters: negative circled and squared capitals, regional indicators.
  for (const char32_t first : {char32_t{0x1F150}, char32_t{0x1F170}, char32_t{0x1F1E6}}) {
    if (c >= first && c < first + 26) return std::string(1, static_cast<char>('a' + (c - first)));
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString folded;
  nfkc_cf->normalize(icu::UnicodeString(static_cast<UChar32>(c)), folded, status);
  EXPECT_TRUE(U_SUCCESS(status));
  std::string utf8;
  bool shed_marks = true;  // nothing precedes the character
  for (std::int32_t i = 0; i < folded.length();) {
    UChar32 d = folded.char32At(i);
    i += U16_LENGTH(d);
    if (IsMarkCodePoint(d)) {
      if (!shed_marks) AppendUtf8(d, &utf8);
      continue;
    }
    if (u_isUWhiteSpace(d) || d == 0x2018 || d == 0x2019 || d == 0x201B || d == 0x2032) {
      utf8 += u_isUWhiteSpace(d) ? ' ' : '\'';
      shed_marks = true;
      continue;
    }
    const UScriptCode script = uscript_getScript(d, &status);
    const bool latin_greek_cyrillic =
        script == USCRIPT_LATIN || script == USCRIPT_GREEK || script == USCRIPT_CYRILLIC;
    const icu::UnicodeString decomposed = nfd->normalize(icu::UnicodeString(d), status);
    bool base_and_marks = true;
    for (std::int32_t j = U16_LENGTH(decomposed.char32At(0)); j < decomposed.length();) {
      base_and_marks &= IsMarkCodePoint(decomposed.char32At(j));
      j += U16_LENGTH(decomposed.char32At(j));
    }
    if (latin_greek_cyrillic && base_and_marks) d = decomposed.char32At(0);
    const auto found = confusables.find(static_cast<char32_t>(d));
    if (found != confusables.end()) {
      utf8 += found->second;
    } else {
      AppendUtf8(d, &utf8);
    }
    if (latin_greek_cyrillic || script == USCRIPT_COMMON) {
      shed_marks = true;
    } else if (script != USCRIPT_INHERITED) {
      shed_marks = false;
    }
  }
  return utf8;
}

std::string Fold(std::string_view text) {
  TextView view;
  FoldText(text, &view);
  return view.text;
}

// Every code point, alone, through every tier (ASCII, the two-byte table,
// ICU): its fold is the reference fold, maps to the whole character, is
// stable (folding it again changes nothing) and does not depend on case.
TEST(FoldText, EveryCodePointFoldsAsTheReference) {
  const std::map<char32_t, char> confusables = CommittedConfusables();
  ASSERT_FALSE(confusables.empty());
  TextView view;
  int mismatches = 0;
  auto report = [&mismatches](char32_t c, std::string_view what, const std::string& got,
                              const std::string& want) {
    if (++mismatches <= 10) {
      ADD_FAILURE() << "U+" << std::hex << static_cast<std::uint32_t>(c) << " " << what << ": got "
                    << testing::PrintToString(got) << ", want " << testing::PrintToString(want);
    }
  };
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string utf8;
    AppendUtf8(static_cast<UChar32>(c), &utf8);
    FoldText(utf8, &view);
    const std::string expected = ReferenceFold(c, confusables);
    if (view.text != expected) report(c, "fold", view.text, expected);
    for (std::size_t i = 0; i < view.text.size(); ++i) {
      if (view.source_begin[i] != 0 || view.source_end[i] != utf8.size()) ++mismatches;
    }
    if (const std::string again = Fold(view.text); again != view.text) {
      report(c, "folded again", again, view.text);
    }
    for (const UChar32 other :
         {u_toupper(static_cast<UChar32>(c)), u_tolower(static_cast<UChar32>(c)),
          u_totitle(static_cast<UChar32>(c))}) {
      std::string other_utf8;
      AppendUtf8(other, &other_utf8);
      if (const std::string cased = Fold(other_utf8); cased != view.text) {
        report(c, "in another case", cased, view.text);
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(FoldText, DefaultIgnorableCharactersFoldToNothing) {
  TextView view;
  int count = 0;
  for (char32_t c = 0x80; c <= 0x10FFFF; ++c) {
    if (!u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      continue;
    }
    ++count;
    std::string utf8 = "a";
    AppendUtf8(static_cast<UChar32>(c), &utf8);
    FoldText(utf8, &view);
    EXPECT_EQ(view.text, "a") << "U+" << std::hex << static_cast<std::uint32_t>(c);
  }
  EXPECT_GT(count, 4000);  // U+E0000..U+E0FFF alone are 4096
}

TEST(FoldText, ReusesTheViewWithoutLeftovers) {
  TextView view;
  FoldText("A MUCH LONGER FIRST TEXT \u00C9\u00C9\u00C9", &view);
  const char* data = view.text.data();
  const std::uint32_t* begins = view.source_begin.data();
  FoldText("Ab", &view);
  EXPECT_EQ(view.text, "ab");
  EXPECT_EQ(view.source_begin, (Offsets{0, 1}));
  EXPECT_EQ(view.source_end, (Offsets{1, 2}));
  EXPECT_EQ(view.text.data(), data) << "text storage reallocated";
  EXPECT_EQ(view.source_begin.data(), begins) << "map storage reallocated";
}

TEST(FoldText, GrowsForExpandingInput) {
  // Invalid bytes triple in size and U+FDFA becomes 33 bytes.
  const std::string text = std::string(1000, '\x80') + "\uFDFA\uFDFA";
  TextView view;
  FoldText(text, &view);
  EXPECT_EQ(view.text.size(), 3000u + 2 * 33u);
  ExpectWellFormedView(text, view);
}

TEST(FoldText, MapsAViewRangeToWholeOriginalCharacters) {
  const std::string text = "Das \uFF34\uFF29\uFF24\uFF25  Pod";
  TextView view;
  FoldText(text, &view);
  ASSERT_EQ(view.text, "das tide pod");
  const std::size_t at = view.text.find("tide pod");
  const auto [begin, end] = view.ToOriginal(at, at + 8);
  EXPECT_EQ(text.substr(begin, end - begin), "\uFF34\uFF29\uFF24\uFF25  Pod");
}

struct DecodeCase {
  std::string text;
  char32_t code_point;
  std::size_t length;
};

TEST(DecodeUtf8, DecodesValidAndRejectsInvalidSequences) {
  const std::vector<DecodeCase> cases = {
      {"a", U'a', 1},
      {Nul(), 0, 1},
      {"\u00E9", 0xE9, 2},
      {"\u07FF", 0x7FF, 2},
      {"\u0800", 0x800, 3},
      {"\uFFFD", 0xFFFD, 3},
      {"\uD7FF", 0xD7FF, 3},
      {"\uE000", 0xE000, 3},
      {"\U00010000", 0x10000, 4},
      {"\U0001F600", 0x1F600, 4},
      {"\U0010FFFF", 0x10FFFF, 4},
      {"\x80", 0xFFFD, 1},  // lone continuation byte
      {"\xBF", 0xFFFD, 1},
      {"\xC0\x80", 0xFFFD, 1},          // overlong NUL
      {"\xC1\xBF", 0xFFFD, 1},          // overlong
      {"\xE0\x9F\xBF", 0xFFFD, 1},      // overlong
      {"\xF0\x8F\xBF\xBF", 0xFFFD, 1},  // overlong
      {"\xED\xA0\x80", 0xFFFD, 1},      // high surrogate
      {"\xED\xBF\xBF", 0xFFFD, 1},      // low surrogate
      {"\xF4\x90\x80\x80", 0xFFFD, 1},  // above U+10FFFF
      {"\xF5\x80\x80\x80", 0xFFFD, 1},
      {"\xFF", 0xFFFD, 1},
      {"\xC3", 0xFFFD, 1},  // truncated at end
      {"\xE2\x82", 0xFFFD, 1},
      {"\xF0\x9F\x98", 0xFFFD, 1},
      {"\xC3(", 0xFFFD, 1},  // bad continuation
      {"\xE2\x82(", 0xFFFD, 1},
  };
  for (const DecodeCase& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.text));
    std::size_t length = 0;
    EXPECT_EQ(DecodeUtf8(c.text, 0, &length), c.code_point);
    EXPECT_EQ(length, c.length);
  }
}

TEST(DecodeUtf8, DecodesAtAnOffset) {
  std::size_t length = 0;
  EXPECT_EQ(DecodeUtf8("ab\u00E9", 2, &length), 0xE9u);
  EXPECT_EQ(length, 2u);
}

TEST(IsWordCodePoint, ClassifiesLettersMarksDigitsAndUnderscore) {
  const std::vector<std::pair<char32_t, bool>> cases = {
      {U'a', true},    {U'Z', true},      {U'0', true},    {U'_', true},    {U' ', false},
      {U'-', false},   {U'\'', false},    {0, false},      {0xE9, true},    {0x0439, true},
      {0x03C3, true},  {0x4E2D, true},    {0x0301, true},  {0x0663, true},  {0xFF34, true},
      {0x1D42D, true}, {0x00A0, false},   {0x2019, false}, {0xFFFD, false}, {0x1F600, false},
      {0x00AD, false}, {0x110000, false},
  };
  for (const auto& [c, expected] : cases) {
    EXPECT_EQ(IsWordCodePoint(c), expected) << "U+" << std::hex << static_cast<std::uint32_t>(c);
  }
}

struct BoundaryCase {
  std::string text;
  std::size_t pos;
  bool expected;
};

TEST(IsWordBoundary, FindsWordEdgesInUtf8Text) {
  const std::vector<BoundaryCase> cases = {
      {"", 0, false},
      {"a", 0, true},
      {"a", 1, true},
      {" ", 0, false},
      {" ", 1, false},
      {"ab cd", 1, false},
      {"ab cd", 2, true},
      {"ab cd", 3, true},
      {"a_b", 1, false},
      {"a1", 1, false},
      {"a-b", 1, true},
      {"caf\u00E9", 0, true},
      {"caf\u00E9", 3, false},   // f|é
      {"caf\u00E9", 5, true},    // after é, at the end
      {"caf\u00E9s", 5, false},  // é|s
      {"caf\u00E9!", 5, true},   // é|!
      {"veh\u00EDculo x", 3, false},
      {"veh\u00EDculo x", 5, false},
      {"veh\u00EDculo x", 9, true},
      {"e\u0301 ", 1, false},  // e|combining acute
      {"e\u0301 ", 3, true},
      {"\u0441\u043B\u043E\u0432\u043E.", 10, true},
      {"\u0441\u043B\u043E\u0432\u043E.", 4, false},
      {"a\U0001F600", 1, true},
      {"\U0001F600a", 4, true},
      {"\U0001F600\U0001F600", 4, false},
      {"a\x80", 1, true},  // invalid bytes are not word characters
      {"a\x80", 2, false},
      {"\x80"
       "b",
       1, true},
      {"\xE2\x82"
       "b",
       2, true},
  };
  for (const BoundaryCase& c : cases) {
    EXPECT_EQ(IsWordBoundary(c.text, c.pos), c.expected)
        << testing::PrintToString(c.text) << " at " << c.pos;
  }
}

}  // namespace
}  // namespace bylaw::internal
