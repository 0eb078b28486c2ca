// Tests for engine/lang/diagnostic.cc: the display format.
#include "bylaw/diagnostic.h"

#include <gtest/gtest.h>

namespace bylaw {
namespace {

TEST(FormatDiagnostic, QuotesTheLineAndPointsACaretAtTheColumn) {
  const Diagnostic d{DiagnosticLevel::kError, {"rules/dac.yaml", 41, 24},
                     "unknown term `promte` (did you mean `promote`?)",
                     "    when: blackout and promte"};
  EXPECT_EQ(FormatDiagnostic(d),
            "rules/dac.yaml:41:24: error: unknown term `promte` (did you mean `promote`?)\n"
            "  41 |     when: blackout and promte\n"
            "     |                        ^\n");
}

TEST(FormatDiagnostic, AlignsTheCaretUnderUtf8TextAndKeepsTabs) {
  const Diagnostic d{DiagnosticLevel::kWarning, {"p.yaml", 3, 11}, "m", "\twhen: é x"};
  // Column 11 is the byte of `x`: one tab, 6 ASCII characters, `é` (2 bytes), a space.
  EXPECT_EQ(FormatDiagnostic(d), "p.yaml:3:11: warning: m\n   3 | \twhen: é x\n     | \t        ^\n");
}

TEST(FormatDiagnostic, OmitsTheQuoteWhenThereIsNoLineOrColumn) {
  EXPECT_EQ(FormatDiagnostic({DiagnosticLevel::kError, {"rules", 0, 0}, "cannot read", ""}),
            "rules: error: cannot read\n");
  EXPECT_EQ(FormatDiagnostic({DiagnosticLevel::kNote, {"a.yaml", 7, 0}, "here", "x: y"}),
            "a.yaml:7: note: here\n");
}

TEST(HasErrors, IgnoresWarningsAndNotes) {
  std::vector<Diagnostic> diagnostics = {{DiagnosticLevel::kWarning, {}, "w", ""},
                                         {DiagnosticLevel::kNote, {}, "n", ""}};
  EXPECT_FALSE(HasErrors(diagnostics));
  diagnostics.push_back({DiagnosticLevel::kError, {}, "e", ""});
  EXPECT_TRUE(HasErrors(diagnostics));
}

}  // namespace
}  // namespace bylaw
