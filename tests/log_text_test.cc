// Tests for engine/runtime/log_text.cc: what a document or a file puts in a
// log line cannot restyle a terminal or forge another line.
#include "bylaw/log_text.h"

#include <gtest/gtest.h>

#include <string>

#include "bylaw/delivery.h"

namespace bylaw {
namespace {

TEST(LogSafe, EscapesControlsAndReplacesInvalidUtf8) {
  struct Case {
    std::string text;
    std::string safe;
  };
  const Case cases[] = {
      {"plain id-17", "plain id-17"},
      {"tab\tkept", "tab\tkept"},
      {"\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"},
      {"line\n2026-01-01 [info] forged", "line\\x0a2026-01-01 [info] forged"},
      {"cr\rdel\x7f", "cr\\x0ddel\\x7f"},
      {std::string("nul\0x", 5), "nul\\x00x"},
      {"caf\xc3\xa9 \xff", "caf\xc3\xa9 \xef\xbf\xbd"},
  };
  for (const Case& c : cases) EXPECT_EQ(LogSafe(c.text), c.safe) << c.text;
}

TEST(LogSafe, CutsLongTextOnACharacterBoundary) {
  EXPECT_EQ(LogSafe(std::string(10, 'a'), 4), "aaaa...");
  EXPECT_EQ(LogSafe("\xc3\xa9\xc3\xa9\xc3\xa9", 3), "\xc3\xa9\xc3\xa9...");
  EXPECT_EQ(LogSafe("abc", 3), "abc");
}

// A refused document's id goes to stderr in this line.
TEST(FormatProblem, EscapesWhatTheDocumentWrote) {
  Delivery delivery;
  delivery.origin = "posts entry 1-0";
  const std::string line = FormatProblem(
      delivery, Problem{0, "document `\x1b]0;pwned\x07\nfake` refused: 9 bytes of text"}, "error");
  EXPECT_EQ(line, "posts entry 1-0: error: document `\\x1b]0;pwned\\x07\\x0afake` refused: 9 bytes of text\n");
}

}  // namespace
}  // namespace bylaw
