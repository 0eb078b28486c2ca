// Tests for engine/runtime/diagnostic.cc: the display format.
#include "bylaw/diagnostic.h"

#include <gtest/gtest.h>

#include <string>

#include "bylaw/error.h"
#include "diagnostic_sink.h"

namespace bylaw {
namespace {

TEST(FormatDiagnostic, QuotesTheLineAndPointsACaretAtTheColumn) {
  const Diagnostic d{DiagnosticLevel::kError,
                     DiagnosticCode::kUnknownTerm,
                     {"rules/dac.yaml", 41, 24},
                     "unknown term `promte` (did you mean `promote`?)",
                     "    when: blackout and promte"};
  EXPECT_EQ(
      FormatDiagnostic(d),
      "rules/dac.yaml:41:24: error[unknown-term]: unknown term `promte` (did you mean `promote`?)\n"
      "  41 |     when: blackout and promte\n"
      "     |                        ^\n");
}

TEST(FormatDiagnostic, AlignsTheCaretUnderUtf8TextAndKeepsTabs) {
  const Diagnostic d{DiagnosticLevel::kWarning,
                     DiagnosticCode::kUnusedTerm,
                     {"p.yaml", 3, 11},
                     "m",
                     "\twhen: é x"};
  // Column 11 is the byte of `x`: one tab, 6 ASCII characters, `é` (2 bytes), a space.
  EXPECT_EQ(FormatDiagnostic(d),
            "p.yaml:3:11: warning[unused-term]: m\n   3 | \twhen: é x\n     | \t        ^\n");
}

TEST(FormatDiagnostic, OmitsTheQuoteWhenThereIsNoLineOrColumn) {
  EXPECT_EQ(FormatDiagnostic({DiagnosticLevel::kError,
                              DiagnosticCode::kUnreadableFile,
                              {"rules", 0, 0},
                              "cannot read",
                              ""}),
            "rules: error[unreadable-file]: cannot read\n");
  // A note shows no code: the diagnostic it explains shows it.
  EXPECT_EQ(
      FormatDiagnostic(
          {DiagnosticLevel::kNote, DiagnosticCode::kDuplicateId, {"a.yaml", 7, 0}, "here", "x: y"}),
      "a.yaml:7: note: here\n");
}

TEST(HasErrors, IgnoresWarningsAndNotes) {
  using enum DiagnosticCode;
  std::vector<Diagnostic> diagnostics = {{DiagnosticLevel::kWarning, kUnusedTerm, {}, "w", ""},
                                         {DiagnosticLevel::kNote, kUnusedTerm, {}, "n", ""}};
  EXPECT_FALSE(HasErrors(diagnostics));
  diagnostics.push_back({DiagnosticLevel::kError, kUnknownTerm, {}, "e", ""});
  EXPECT_TRUE(HasErrors(diagnostics));
}

// A line of 200,000 `[` (or a binary file) is quoted as an excerpt around
// the column, escaped, with the caret still under the right character.
TEST(DiagnosticSink, QuotesAShortEscapedExcerptOfALongLine) {
  internal::DiagnosticSink sink;
  std::string line(200000, '[');
  line[100000] = '\x1b';
  sink.AddSource("p.yaml", "a: 1\n" + line + "\n");
  sink.Error(DiagnosticCode::kYamlSyntax, {"p.yaml", 2, 100001}, "yaml syntax: \x1b[2J cleared");
  const std::vector<Diagnostic> diagnostics = sink.Take();
  ASSERT_EQ(diagnostics.size(), 1u);
  const Diagnostic& d = diagnostics[0];
  EXPECT_EQ(d.message, "yaml syntax: \\x1b[2J cleared");
  EXPECT_EQ(d.source_line, "..." + std::string(60, '[') + "\\x1b" + std::string(56, '[') + "...");
  EXPECT_EQ(d.location.column, 100001u);  // the file's column, as it was
  EXPECT_EQ(FormatDiagnostic(d),
            "p.yaml:2:100001: error[yaml-syntax]: yaml syntax: \\x1b[2J cleared\n"
            "   2 | " +
                d.source_line +
                "\n"
                "     | " +
                std::string(63, ' ') + "^\n");
}

TEST(DiagnosticSink, QuotesAShortLineWhole) {
  internal::DiagnosticSink sink;
  sink.AddSource("p.yaml", "    when: blackout and promte\n");
  sink.Error(DiagnosticCode::kUnknownTerm, {"p.yaml", 1, 24}, "unknown term `promte`");
  const std::vector<Diagnostic> diagnostics = sink.Take();
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].source_line, "    when: blackout and promte");
  EXPECT_EQ(diagnostics[0].caret_column, 0u);
}

// Every diagnostic has a code: the sink refuses one without, so a new
// diagnostic that forgets its code fails the first test that reaches it.
TEST(DiagnosticSink, RefusesADiagnosticWithoutACode) {
  internal::DiagnosticSink sink;
  EXPECT_THROW(sink.Error(DiagnosticCode::kNone, {"p.yaml", 1, 1}, "m"), Error);
  EXPECT_THROW(sink.Note(DiagnosticCode::kNone, {"p.yaml", 1, 1}, "m"), Error);
  EXPECT_FALSE(sink.has_errors());
}

}  // namespace
}  // namespace bylaw
