// Tests for `bylaw fmt`: engine/lang/rule_format.cc and its reader (yaml_tree.h; the
// layout, comments, quoting, refusals) and cli/fmt_command.cc (exit
// statuses, writes). The bundled packs are formatted in memory and must load
// into the same rules, terms, patterns and examples.
#include "bylaw/rule_format.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "bylaw/rule_sources.h"
#include "cli_runner.h"
#include "diagnostic_sink.h"
#include "rule_set.h"

namespace bylaw {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// The formatted text; fails the test when the file is refused.
std::string Format(const std::string& text, const std::string& path = "pack.yaml") {
  const FormattedRuleFile result = FormatRuleFile(path, text);
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : FormatDiagnostic(result.errors[0]));
  EXPECT_FALSE(result.meaning_changed);
  return result.text;
}

TEST(RuleFormat, PutsRuleKeysInTheGuidesOrderAndUnknownKeysLast) {
  const std::string text =
      "rules:\n"
      "  - examples: {flag: [a], pass: [b]}\n"
      "    zeta: 1\n"
      "    when: x\n"
      "    alpha: 2\n"
      "    severity: high\n"
      "    id: r.one\n"
      "    action: remove\n"
      "terms: {x: [a]}\n"
      "category: c\n";
  EXPECT_EQ(Format(text),
            "category: c\n"
            "terms: { x: [a] }\n"
            "rules:\n"
            "  - id: r.one\n"
            "    when: x\n"
            "    action: remove\n"
            "    severity: high\n"
            "    examples: { flag: [a], pass: [b] }\n"
            "    zeta: 1\n"
            "    alpha: 2\n");
}

TEST(RuleFormat, KeepsCommentsWithTheirEntries) {
  // The header stays first, `category` moves up with its comment, and the
  // terms keep theirs, blank line included.
  const std::string header = "# About this pack.\n\n";
  const std::string terms =
      "terms:    # named sets\n"
      "  # the first term\n"
      "  a:\n"
      "    - one      # first\n"
      "    - two\n"
      "\n"
      "  b: [c]\n";
  const std::string category = "category: c  # must exist\n";
  EXPECT_EQ(Format(header + terms + category + "# the end\n"),
            header + category + terms + "# the end\n");
}

TEST(RuleFormat, KeepsTheCommentsOfAListItemAboveIt) {
  const std::string text =
      "rules:\n"
      "  # why this rule\n"
      "  - when: a   # the condition\n"
      "    id: r\n";
  EXPECT_EQ(Format(text),
            "rules:\n"
            "  # why this rule\n"
            "  - id: r\n"
            "    when: a   # the condition\n");
}

TEST(RuleFormat, QuotesOnlyWhereYamlNeedsIt) {
  struct Case {
    std::string written;
    std::string formatted;
  };
  const std::vector<Case> cases = {
      {"\"plain words\"", "plain words"},
      {"'don''t try'", "don't try"},
      {"\"yes\"", "\"yes\""},
      {"\"no\"", "\"no\""},
      {"\"on\"", "\"on\""},
      {"\"true\"", "\"true\""},
      {"\"null\"", "\"null\""},
      {"\"~\"", "\"~\""},
      {"\"1.0\"", "\"1.0\""},
      {"\"12\"", "\"12\""},
      {"\"0x1F\"", "\"0x1F\""},
      {"\".inf\"", "\".inf\""},
      {"\"2024-03-01\"", "\"2024-03-01\""},
      {"\"#tag\"", "\"#tag\""},
      {"\": x\"", "\": x\""},
      {"\"a: b\"", "\"a: b\""},
      {"\"a #b\"", "\"a #b\""},
      {"\"a#b\"", "a#b"},
      {"\"- x\"", "\"- x\""},
      {"\"-x\"", "-x"},
      {"\"&x\"", "\"&x\""},
      {"\"*x\"", "\"*x\""},
      {"\"!x\"", "\"!x\""},
      {"\"|x\"", "\"|x\""},
      {"\">x\"", "\">x\""},
      {"\"%x\"", "\"%x\""},
      {"\"@x\"", "\"@x\""},
      {"\"`x\"", "\"`x\""},
      {"\"'x\"", "\"'x\""},
      {"'\"x'", "'\"x'"},
      {"\"x:\"", "\"x:\""},
      {"\" lead\"", "\" lead\""},
      {"\"trail \"", "\"trail \""},
      {"\"\"", "\"\""},
      {"\"a\\tb\"", "\"a\\tb\""},
      {"\"line\\nbreak\"", "\"line\\nbreak\""},
      {"\"back\\\\slash\"", "back\\slash"},
      {"\"\\\"quoted\\\" and back\\\\slash\"", "'\"quoted\" and back\\slash'"},
      {"\"ünï cödé 😂\"", "ünï cödé 😂"},
      {"\"a\\u2028b\"", "\"a\\u2028b\""},
      {"\"---x\"", "\"---x\""},
      {"yes", "yes"},
      {"1.0", "1.0"},
      {"2", "2"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.written);
    EXPECT_EQ(Format("category: c\ndescription: " + c.written + "\n"),
                     "category: c\ndescription: " + c.formatted + "\n");
  }
}

TEST(RuleFormat, QuotesInFlowListsWhatFlowSyntaxWouldRead) {
  EXPECT_EQ(Format("a: [\"x, y\", \"[z]\", \"k: v\", \"{w}\", plain]\n"),
            "a: [\"x, y\", \"[z]\", \"k: v\", \"{w}\", plain]\n");
}

TEST(RuleFormat, SingleQuotesRegexes) {
  EXPECT_EQ(Format("terms:\n  d:\n    - regex: \"\\\\b\\\\d+\\\\b\"\n    - {regex: x}\n"),
            "terms:\n  d:\n    - regex: '\\b\\d+\\b'\n    - { regex: 'x' }\n");
}

TEST(RuleFormat, KeepsBlockScalarsAsBlockScalars) {
  const std::string text =
      "description: >-    # folded\n"
      "    Long text\n"
      "    wrapped here.\n"
      "\n"
      "    A second paragraph.\n"
      "category: c\n"
      "rules:\n"
      "  - id: r\n"
      "    when: |\n"
      "       a\n"
      "         and b\n"
      "    title: |+\n"
      "      kept\n"
      "\n"
      "    action: label\n"
      "    examples:\n"
      "      flag:\n"
      "        - |2\n"
      "             indented first line\n"
      "           # not a comment\n";
  EXPECT_EQ(Format(text),
            "category: c\n"
            "description: >-    # folded\n"
            "  Long text\n"
            "  wrapped here.\n"
            "\n"
            "  A second paragraph.\n"
            "rules:\n"
            "  - id: r\n"
            "    title: |+\n"
            "      kept\n"
            "\n"
            "    when: |\n"
            "      a\n"
            "        and b\n"
            "    action: label\n"
            "    examples:\n"
            "      flag:\n"
            "        - |2\n"
            "             indented first line\n"
            "           # not a comment\n");
}

TEST(RuleFormat, EndsTheFileWithALineBreakAndPutsAnEmptyValuesCommentAbove) {
  EXPECT_EQ(Format("b: |\n  text"), "b: |\n  text\n");
  // `a:  #c` would read as an unquoted hashtag.
  EXPECT_EQ(Format("? a  #c\n"), "#c\na:\n");
}

TEST(RuleFormat, OrdersTheTaxonomyAndVocabularies) {
  EXPECT_EQ(Format("categories:\n- title: T\n  id: c\nresources: []\n", "rules/taxonomy.yaml"),
            "resources: []\ncategories:\n  - id: c\n    title: T\n");
  EXPECT_EQ(Format("terms: {a: [b]}\nlanguage: en\nvocabulary: stance\n", "vocab/x.yaml"),
            "vocabulary: stance\nlanguage: en\nterms: { a: [b] }\n");
}

TEST(RuleFormat, TurnsLongOrCommentedFlowListsIntoBlockLists) {
  const std::string many(40, 'x');
  EXPECT_EQ(Format("a: [" + many + ", " + many + ", " + many + "]\n"),
            "a:\n  - " + many + "\n  - " + many + "\n  - " + many + "\n");
  EXPECT_EQ(Format("a: [b,\n  c,   # why c\n  d]\n"), "a:\n  - b\n  - c  # why c\n  - d\n");
}

TEST(RuleFormat, FormattingTwiceChangesNothing) {
  const std::vector<std::string> texts = {
      "# head\n\nrules:\n  - when: a # c\n    id: x\n\n\n  - id: y   # y\n    when: b\n",
      "a:\n- b\n-   - c\n    - d\n- {e: f}\n",
      "k: |\n  text\n\n\n# after\n",
      "",
      "# only a comment\n",
      "x:\n  y:\n  # dangling\nz: 1\n",
      "a:\n  - - # on the dash\n      - b\n    - c\n",
      "a: |+\n  kept\n\n\nb: 1\n",
      "a: |\n  text\n   \n  \t\n  more",
      "? k  #c\n",
      "|\n  a root text\n",
  };
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    const std::string once = Format(text);
    EXPECT_EQ(Format(once), once);
  }
}

TEST(RuleFormat, RefusesWhatItCannotKeepWithItsPlace) {
  struct Case {
    std::string text;
    std::string location;
    std::string message;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"a: &x 1\nb: 2\n", "f.yaml:1:4", "anchor", "fmt-refused"},
      {"a: &x 1\nb: *x\n", "f.yaml:2:4", "alias", "fmt-refused"},
      {"a: !!str 1\n", "f.yaml:1:4", "tag", "fmt-refused"},
      {"a: ! x\n", "f.yaml:1:4", "tag", "fmt-refused"},
      {"a: 1\n---\nb: 2\n", "f.yaml:2:1", "a second YAML document starts here", "fmt-refused"},
      {"    - a\n  b: 1\n", "f.yaml:2:3", "a second YAML document starts here", "fmt-refused"},
      {"a:\n  b: 1\n c: 2\n", "f.yaml:3:2", "bad indentation: `c:` is indented 1 space", "yaml-syntax"},
      {"a: 1\nb: 2\na: 3\n", "f.yaml:3:1", "duplicate key `a` (first on line 1)", "duplicate-key"},
      {"a: [1, 2\n", "f.yaml:1:4", "not closed", "yaml-syntax"},
      {"? [a]\n: 1\n", "f.yaml:1:3", "a list or a map as a key", "fmt-refused"},
      {"x:\n  - #borg\n", "f.yaml:2:5", "`#borg` is a YAML comment", "yaml-unquoted-hashtag"},
      {"a: \xff\n", "f.yaml:1:4", "not valid UTF-8", "yaml-syntax"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const FormattedRuleFile result = FormatRuleFile("f.yaml", c.text);
    ASSERT_FALSE(result.ok());
    EXPECT_FALSE(result.meaning_changed);
    std::string shown;
    for (const Diagnostic& error : result.errors) shown += FormatDiagnostic(error);
    EXPECT_THAT(shown, HasSubstr(c.location + ": error[" + c.code + "]: "));
    EXPECT_THAT(shown, HasSubstr(c.message));
  }
}

// ---------------------------------------------------------------------------
// The bundled packs

// What a loaded ruleset means to the compiler, locations aside.
std::string Describe(const internal::RuleSetSpec& spec) {
  std::ostringstream out;
  const auto patterns = [&out](const std::vector<internal::PatternSpec>& list) {
    for (const internal::PatternSpec& p : list) {
      out << " [" << int(p.kind) << p.text << '|' << p.fuzzy << p.within_words << p.starts_word
          << p.ends_word << p.case_sensitive << int(p.evasion);
      for (const internal::NameRef& field : p.fields) out << ',' << field.name;
      out << ']';
    }
  };
  const auto terms = [&](const std::vector<internal::TermSpec>& list) {
    for (const internal::TermSpec& term : list) {
      out << "\n  term " << term.name.name << ':';
      patterns(term.patterns);
      out << " except";
      patterns(term.exceptions);
    }
  };
  const auto examples = [&out](const char* kind, const std::vector<internal::ExampleSpec>& list) {
    for (const internal::ExampleSpec& example : list) {
      out << "\n    " << kind;
      for (const Field& field : example.fields) out << ' ' << field.name << '=' << field.text;
    }
  };
  for (const internal::ResourceSpec& r : spec.resources) {
    out << "\nresource " << r.resource.id << '|' << r.resource.title << '|' << r.resource.url;
  }
  for (const internal::CategorySpec& c : spec.categories) {
    out << "\ncategory " << c.id << '|' << c.title << '|' << c.section << '|' << c.description;
    for (const internal::NameRef& r : c.resources) out << ',' << r.name;
  }
  for (const internal::VocabularySpec& v : spec.vocabularies) {
    out << "\nvocabulary " << v.name.name << '|' << v.language << '|' << v.description;
    terms(v.terms);
  }
  for (const internal::PackSpec& pack : spec.packs) {
    out << "\npack " << pack.path << '|' << (pack.category ? pack.category->name : "") << '|'
        << pack.description << '|' << int(pack.default_action) << int(pack.default_severity)
        << '|' << (pack.unless ? pack.unless->text : "");
    for (const internal::NameRef& import : pack.imports) out << ',' << import.name;
    terms(pack.terms);
    for (const internal::RuleSpec& rule : pack.rules) {
      out << "\n  rule " << rule.id.name << '|' << rule.title << '|'
          << (rule.when ? rule.when->text : "") << '|' << (rule.unless ? rule.unless->text : "")
          << '|' << (rule.action ? int(*rule.action) : -1) << '|'
          << (rule.severity ? int(*rule.severity) : -1) << '|' << int(rule.status) << '|'
          << rule.hit_rate_limit.max_rate << '/' << rule.hit_rate_limit.window << '|'
          << rule.provenance.author << rule.provenance.created << int(rule.provenance.maturity);
      for (const std::string& label : rule.labels) out << ",l:" << label;
      for (const internal::NameRef& r : rule.resources) out << ",r:" << r.name;
      for (const std::string& r : rule.provenance.references) out << ",u:" << r;
      for (const std::string& f : rule.provenance.false_positives) out << ",f:" << f;
      examples("flag", rule.flag_examples);
      examples("pass", rule.pass_examples);
    }
  }
  return out.str();
}

std::string Load(const std::vector<SourceFile>& files, bool* errors) {
  internal::DiagnosticSink sink;
  const internal::RuleSetSpec spec = internal::LoadRuleSet(files, &sink);
  *errors = sink.has_errors();
  return Describe(spec);
}

TEST(RuleFormat, EveryBundledFileFormatsIntoTheSameRulesAndFormatsOnce) {
  const RuleSources sources = ReadRuleDirectory(fs::path(BYLAW_SOURCE_DIR) / "rules");
  ASSERT_TRUE(sources.ok());
  ASSERT_GT(sources.files.size(), 20u);
  std::vector<SourceFile> formatted;
  for (const SourceFile& file : sources.files) {
    SCOPED_TRACE(file.path);
    const std::string once = Format(file.text, file.path);
    EXPECT_EQ(Format(once, file.path), once);
    formatted.push_back(SourceFile{file.path, once});
  }
  bool original_errors = true, formatted_errors = true;
  const std::string before = Load(sources.files, &original_errors);
  const std::string after = Load(formatted, &formatted_errors);
  EXPECT_FALSE(original_errors);
  EXPECT_FALSE(formatted_errors);
  EXPECT_THAT(before, HasSubstr("\n  rule "));
  EXPECT_EQ(before, after);
}

// ---------------------------------------------------------------------------
// The command

class FmtCommandTest : public ::testing::Test {
 protected:
  bylaw::test::CliRunner runner_;
  std::string Write(const std::string& name, const std::string& text) {
    bylaw::test::WriteWholeFile(runner_.dir() / name, text);
    return runner_.Path(name);
  }
  std::string Read(const std::string& name) {
    return bylaw::test::ReadWholeFile(runner_.dir() / name);
  }
};

TEST_F(FmtCommandTest, CheckListsFilesThatWouldChangeAndWritesNothing) {
  const std::string tidy = Write("rules/tidy.yaml", "category: c\n");
  const std::string messy = Write("rules/messy.yaml", "category: \"c\"\n");
  bylaw::test::CliResult result = runner_.Run({"fmt", "--check", runner_.Path("rules")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, messy + "\n");
  EXPECT_EQ(Read("rules/messy.yaml"), "category: \"c\"\n");
  result = runner_.Run({"fmt", "--check", tidy});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "");
}

TEST_F(FmtCommandTest, RewritesFilesKeepingTheirMode) {
  const std::string messy = Write("messy.yaml", "terms: {a: [b]}\ncategory: \"c\"\n");
  ASSERT_EQ(::chmod(messy.c_str(), 0640), 0);
  const bylaw::test::CliResult result = runner_.Run({"fmt", messy});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, messy + "\n");
  EXPECT_EQ(Read("messy.yaml"), "category: c\nterms: { a: [b] }\n");
  struct stat status {};
  ASSERT_EQ(::stat(messy.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 07777, 0640u);
  EXPECT_EQ(runner_.Run({"fmt", "--check", messy}).exit_code, 0);
  EXPECT_EQ(std::distance(fs::directory_iterator(runner_.dir()), fs::directory_iterator()), 4)
      << "no temporary file is left beside it (the runner's own three files aside)";
}

TEST_F(FmtCommandTest, StdoutPrintsTheFormattedTextAndWritesNothing) {
  const std::string messy = Write("messy.yaml", "category: \"c\"\n");
  const bylaw::test::CliResult result = runner_.Run({"fmt", "--stdout", messy});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "category: c\n");
  EXPECT_EQ(Read("messy.yaml"), "category: \"c\"\n");
}

TEST_F(FmtCommandTest, RefusalWritesNoFileAndExitsOne) {
  const std::string messy = Write("rules/a.yaml", "category: \"c\"\n");
  const std::string bad = Write("rules/b.yaml", "a: &x 1\n");
  const bylaw::test::CliResult result = runner_.Run({"fmt", runner_.Path("rules")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr(bad + ":1:4: error[fmt-refused]: an anchor (`&x`)"));
  EXPECT_THAT(result.err, HasSubstr("nothing written"));
  EXPECT_EQ(Read("rules/a.yaml"), "category: \"c\"\n");
}

TEST_F(FmtCommandTest, UsageErrorsExitTwo) {
  EXPECT_EQ(runner_.Run({"fmt"}).exit_code, 2);
  EXPECT_EQ(runner_.Run({"fmt", runner_.Path("missing.yaml")}).exit_code, 2);
  EXPECT_EQ(runner_.Run({"fmt", Write("notes.txt", "x")}).exit_code, 2);
}

TEST_F(FmtCommandTest, HelpIsPinned) {
  const bylaw::test::CliResult result = runner_.Run({"fmt", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  runner_.ExpectGolden("fmt_help", result);
}

}  // namespace
}  // namespace bylaw
