// Tests for engine/runtime/confusables.cc and its data: the look-alike table
// compiled into the engine is the reviewed snapshot engine/data/confusables.tsv,
// and holds the look-alikes evasion uses.
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/confusables.h"
#include "text_view.h"

namespace bylaw::internal {
namespace {

std::string Describe(const Confusable& entry) {
  std::ostringstream out;
  out << "U+" << std::hex << std::uppercase << std::setw(4) << std::setfill('0')
      << static_cast<std::uint32_t>(entry.code_point) << " " << entry.ascii
      << (entry.spelling ? " spelling" : " look-alike");
  return out.str();
}

// The entries of engine/data/confusables.tsv, described as Describe() does,
// and the ICU version its header names.
std::vector<std::string> CommittedEntries(std::string* icu_version) {
  std::ifstream file(std::string(BYLAW_SOURCE_DIR) + "/engine/data/confusables.tsv");
  std::vector<std::string> entries;
  for (std::string line; std::getline(file, line);) {
    if (line.starts_with("# ICU ")) *icu_version = line.substr(2, line.find(';') - 2);
    if (line.starts_with("#")) continue;
    std::istringstream fields(line);
    std::string code_point, ascii, kind;
    std::getline(fields, code_point, '\t');
    std::getline(fields, ascii, '\t');
    std::getline(fields, kind, '\t');
    Confusable entry{static_cast<char32_t>(std::stoul(code_point.substr(2), nullptr, 16)),
                     ascii.empty() ? '?' : ascii[0], kind == "spelling"};
    entries.push_back(Describe(entry));
  }
  return entries;
}

TEST(Confusables, CompiledTableIsTheReviewedSnapshot) {
  std::string committed_icu = "an unknown ICU";
  const std::vector<std::string> committed = CommittedEntries(&committed_icu);
  std::vector<std::string> compiled;
  for (const Confusable& entry : Confusables()) compiled.push_back(Describe(entry));
  if (compiled == committed) return;
  std::string first_difference;
  for (std::size_t i = 0; i < std::max(compiled.size(), committed.size()); ++i) {
    const std::string now = i < compiled.size() ? compiled[i] : "(none)";
    const std::string then = i < committed.size() ? committed[i] : "(none)";
    if (now != then) {
      first_difference = "entry " + std::to_string(i) + ": engine " + now + ", file " + then;
      break;
    }
  }
  ADD_FAILURE() << "confusables changed with ICU " << ConfusablesIcuVersion()
                << ": the engine's table has " << compiled.size()
                << " entries, engine/data/confusables.tsv (" << committed_icu << ") has "
                << committed.size() << "; first difference at " << first_difference
                << ". Regenerate with `cmake --build <build-dir> --target bylaw_confusables_tsv`, "
                   "review the diff of engine/data/confusables.tsv and commit it.";
}

TEST(Confusables, TableIsSortedLettersToLowercaseAscii) {
  char32_t previous = 0;
  for (const Confusable& entry : Confusables()) {
    EXPECT_GT(entry.code_point, previous);
    EXPECT_GE(entry.code_point, 0x80u);
    EXPECT_TRUE(entry.ascii >= 'a' && entry.ascii <= 'z') << Describe(entry);
    previous = entry.code_point;
    EXPECT_EQ(FindConfusable(entry.code_point), &entry);
  }
  EXPECT_EQ(FindConfusable(U'a'), nullptr);
  EXPECT_EQ(FindConfusable(0x10FFFF), nullptr);
}

std::string Fold(std::string_view text) {
  TextView view;
  FoldText(text, &view);
  return view.text;
}

// Decisions checked against the look-alikes evasion uses.
TEST(Confusables, ReadsLookAlikesAsAsciiLetters) {
  struct Case {
    const char* original;
    const char* folded;
  };
  const std::vector<Case> cases = {
      // Cyrillic lowercase and capitals.
      {"\u0430\u0435\u043E\u0440\u0441\u0443\u0445\u0456\u0458\u0455", "aeopcyxijs"},
      {"\u0422\u0420\u041E\u041D\u0412\u041A\u041C", "tpohbkm"},
      {"t\u0456de p\u043Ed", "tide pod"},
      {"\u0422\u0406D\u0415", "tide"},
      // Greek, Armenian, Cherokee, Latin small capitals and IPA letters.
      {"\u03BF\u03B1\u03BD", "oav"},
      {"\u0585\u057D", "ou"},
      {"\u13AA\u13A2", "at"},
      {"\u1D1B\u026A\u1D05\u1D07 \u1D18\u1D0F\u1D05", "tide pod"},
      {"\u0251\u0131", "ai"},
      // Compatibility forms fold through nfkc_cf, not the table.
      {"\u2113\u212Fx", "lex"},
      // ASCII stays: leetspeak is the patterns' business.
      {"0O1lI|", "0o1li|"},
      // Letters that look like digits stay (з), unless their capital looks
      // like a letter (б as Б); right-to-left letters stay.
      {"\u0431\u0437", "b\u0437"},
      {"\u05D5\u05E1\u0627", "\u05D5\u05E1\u0627"},
  };
  for (const Case& c : cases) EXPECT_EQ(Fold(c.original), c.folded) << c.original;
}

}  // namespace
}  // namespace bylaw::internal
