// Tests for engine/runtime/diagnostic_codes.cc: the table of diagnostic
// codes, and the same table in rules/README.md.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bylaw/diagnostic.h"

namespace bylaw {
namespace {

// The table is in the order of the enum, names are unique kebab-case, and
// each name finds its code again.
TEST(DiagnosticCodes, AreOneRowPerCodeWithUniqueNames) {
  const std::vector<DiagnosticCodeInfo>& codes = DiagnosticCodes();
  ASSERT_FALSE(codes.empty());
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const DiagnosticCodeInfo& info = codes[i];
    SCOPED_TRACE(info.name);
    EXPECT_EQ(static_cast<std::size_t>(info.code), i + 1);
    EXPECT_TRUE(names.insert(info.name).second);
    EXPECT_EQ(info.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-"), std::string_view::npos);
    EXPECT_NE(info.level, DiagnosticLevel::kNote);
    EXPECT_FALSE(info.summary.empty());
    EXPECT_EQ(info.summary.find('\n'), std::string_view::npos);
    EXPECT_EQ(&CodeInfo(info.code), &info);
    EXPECT_EQ(FindDiagnosticCode(info.name), info.code);
  }
  EXPECT_EQ(CodeName(DiagnosticCode::kNone), "none");
  EXPECT_EQ(FindDiagnosticCode("none"), DiagnosticCode::kNone);
  EXPECT_EQ(FindDiagnosticCode("no-such-code"), DiagnosticCode::kNone);
  EXPECT_EQ(CodeName(static_cast<DiagnosticCode>(codes.size() + 1)), "none");
}

const std::string kReadme = std::string(BYLAW_SOURCE_DIR) + "/rules/README.md";
constexpr std::string_view kHeading = "### Diagnostic codes";
constexpr std::string_view kTableHead =
    "| Code | Level | Reported by | What it means and what to do |\n|---|---|---|---|\n";

// The table rules/README.md should hold, one row per code.
std::string DocumentedTable() {
  std::string table(kTableHead);
  for (const DiagnosticCodeInfo& info : DiagnosticCodes()) {
    table += "| `" + std::string(info.name) + "` | " + std::string(LevelName(info.level)) + " | " +
             (info.code == DiagnosticCode::kFormatRefused ? "fmt" : info.lint_only ? "lint" : "check, lint") + " | " + std::string(info.summary) + " |\n";
  }
  return table;
}

// Where the table under the heading begins and ends in `readme`, or npos.
std::pair<std::size_t, std::size_t> TableSpan(const std::string& readme) {
  const std::size_t heading = readme.find(kHeading);
  if (heading == std::string::npos) return {std::string::npos, std::string::npos};
  const std::size_t begin = readme.find("\n|", heading);
  if (begin == std::string::npos) return {std::string::npos, std::string::npos};
  std::size_t end = begin + 1;
  while (end < readme.size() && readme[end] == '|') end = readme.find('\n', end) + 1;
  return {begin + 1, end};
}

// The documented table, parsed row by row, equals the engine's: a code
// added, renamed or reworded in one place and not the other fails here.
// BYLAW_UPDATE_GOLDEN=1 rewrites the documented table from the engine's.
TEST(DiagnosticCodes, AreDocumentedInTheRulesReadme) {
  std::ifstream in(kReadme, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string readme = text.str();
  const auto [begin, end] = TableSpan(readme);
  ASSERT_NE(begin, std::string::npos) << kReadme << " has no table under `" << kHeading << "`";
  const char* update = std::getenv("BYLAW_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    readme.replace(begin, end - begin, DocumentedTable());
    std::ofstream(kReadme, std::ios::binary) << readme;
    return;
  }
  std::istringstream documented(readme.substr(begin, end - begin));
  std::istringstream expected(DocumentedTable());
  std::size_t row = 0;
  for (std::string have, want; std::getline(expected, want);) {
    ++row;
    if (!std::getline(documented, have)) have = "(missing)";
    EXPECT_EQ(have, want) << "row " << row << " of the table under `" << kHeading << "` in "
                          << kReadme << "; rerun with BYLAW_UPDATE_GOLDEN=1 to write the "
                          << "engine's table (engine/runtime/diagnostic_codes.cc)";
  }
  for (std::string extra; std::getline(documented, extra);) {
    ADD_FAILURE() << "row not in the engine's table: " << extra;
  }
}

}  // namespace
}  // namespace bylaw
