// Tests for cli/visible_text.cc: invisible characters and look-alike
// letters made visible, escaping kept, and character offsets.
#include "visible_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bylaw::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Visible(std::string_view text) {
  std::string out;
  VisibleText(text).Append(0, text.size(), &out);
  return out;
}

TEST(VisibleText, NamesInvisibleCharacters) {
  EXPECT_EQ(Visible("bl\u200Back"),
            "bl<span class=\"invisible\" title=\"U+200B ZERO WIDTH SPACE\">U+200B</span>ack");
  EXPECT_THAT(Visible("a\u202Eb"), HasSubstr("title=\"U+202E RIGHT-TO-LEFT OVERRIDE\""));
  EXPECT_THAT(Visible("a\u2066b"), HasSubstr("U+2066 LEFT-TO-RIGHT ISOLATE"));
  EXPECT_THAT(Visible("\uFEFFx"), HasSubstr("U+FEFF ZERO WIDTH NO-BREAK SPACE"));
  EXPECT_THAT(Visible("s\u00ADex"), HasSubstr("U+00AD SOFT HYPHEN"));
  EXPECT_THAT(Visible("a\u3164b"), HasSubstr("U+3164 HANGUL FILLER"));
  EXPECT_EQ(VisibleText("a\u200Cb\u200Dc").invisible_count(), 2u);
  EXPECT_EQ(VisibleText("plain caf\u00E9").invisible_count(), 0u);
}

TEST(VisibleText, MarksCyrillicAndGreekLettersInLatinWordsOnly) {
  // "pаypal" with U+0430 CYRILLIC SMALL LETTER A
  EXPECT_EQ(Visible("p\u0430ypal"),
            "p<span class=\"lookalike\" title=\"U+0430 CYRILLIC SMALL LETTER A (look-alike in a Latin "
            "word)\">\u0430</span>ypal");
  EXPECT_THAT(Visible("sc\u03BFre"), HasSubstr("U+03BF GREEK SMALL LETTER OMICRON"));
  const VisibleText russian("\u043F\u0440\u0438\u0432\u0435\u0442 world");  // "привет world"
  EXPECT_EQ(russian.lookalike_count(), 0u);
  EXPECT_THAT(Visible("\u03BA\u03B1\u03BB\u03B7\u03BC\u03AD\u03C1\u03B1"), Not(HasSubstr("lookalike")));
  // An invisible character inside the word does not hide the mix.
  EXPECT_EQ(VisibleText("w\u200B\u0456re").lookalike_count(), 1u);
}

TEST(VisibleText, EscapesAndReplacesLikeHtml) {
  EXPECT_EQ(Visible("<b a=\"x\">&'"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(Visible(std::string("a\xff\x01z", 4)), "a\xEF\xBF\xBD\xEF\xBF\xBDz");
}

TEST(VisibleText, AppendsARangeAndCountsCharacterOffsets) {
  const std::string text = "caf\u00E9 \u200Bwire";  // é is 2 bytes, U+200B is 3
  const VisibleText visible(text);
  std::string out;
  visible.Append(9, text.size(), &out);
  EXPECT_EQ(out, "wire");
  EXPECT_EQ(visible.CharacterOffset(0), 0u);
  EXPECT_EQ(visible.CharacterOffset(5), 4u);   // after "café"
  EXPECT_EQ(visible.CharacterOffset(9), 6u);   // "café", space, U+200B
  EXPECT_EQ(visible.CharacterOffset(text.size()), 10u);
  EXPECT_EQ(VisibleText(std::string("\xff\xfe" "a", 3)).CharacterOffset(3), 3u);  // invalid bytes count one each
}

TEST(VisibleText, TitlesNameCodePoints) {
  EXPECT_EQ(CodePointTitle(0x200B), "U+200B ZERO WIDTH SPACE");
  EXPECT_EQ(CodePointTitle(0x1F600), "U+1F600 GRINNING FACE");
}

}  // namespace
}  // namespace bylaw::cli
