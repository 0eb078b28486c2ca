// Tests for cli/report_html.cc and cli/html_text.cc: the replay report's
// figures, live and shadow apart, sample documents with highlighted spans,
// hostile document text that must stay text, and the page as headless
// Chromium shows it.
#include "report_html.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "bylaw/scan_limits.h"
#include "cli_runner.h"
#include "html_text.h"
#include "test_rules.h"

namespace bylaw::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kPack = test::FraudPack(R"(  - id: fraud.wire
    title: Wire <b>transfers</b> asked for "urgently"
    maturity: stable
    when: wire and urgent
    action: remove
  - id: fraud.gift
    when: gift
    action: review
    status: shadow
)");

// Document texts an attacker controls, with rule matches inside them.
const std::vector<std::string> kHostile = {
    "<script>alert('x')</script> urgent wire transfer",
    "<img src=x onerror=alert(1)> gift card",
    "\"><svg onload=alert(2)> urgent & wire transfer <!-- </mark></article>",
    "a gift card\x1b[31m\xff\x00 <style>body{display:none}</style>",
};

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

class ReportHtmlTest : public ::testing::Test {
 protected:
  ReportHtmlTest() : program_(test::MustCompile(kPack)), scanner_(program_) {}

  std::string Report(const std::vector<std::string>& texts) {
    ReplayReport report(*program_, ReportOptions{.samples_per_rule = 10, .source = "<corpus>.jsonl"});
    for (std::size_t i = 0; i < texts.size(); ++i) {
      Document document = test::TextDocument(texts[i], "doc-" + std::to_string(i) + "<b>");
      document.AddField("title\"><i>", "urgent");
      report.AddVerdict(scanner_.Scan(document), DocumentBytes(document));
    }
    report.AddMalformedLine();
    return report.Render();
  }

  std::shared_ptr<const Program> program_;
  Scanner scanner_;
};

// A rule's maturity and title stand beside its id; the title, written by a
// rule author, is escaped like any text.
TEST_F(ReportHtmlTest, RuleTablesShowMaturityAndTitle) {
  const std::string html = Report(kHostile);
  EXPECT_THAT(html, HasSubstr("<tr><td>fraud.wire <span class=\"tag\">stable</span><br><small>"
                              "Wire &lt;b&gt;transfers&lt;/b&gt; asked for &quot;urgently&quot;"
                              "</small></td><td>frauds-and-scams</td><td>remove</td>"));
  EXPECT_THAT(html, HasSubstr("<td>fraud.gift</td><td>frauds-and-scams</td>"));  // neither
}

TEST(HtmlText, EscapesMarkupAndReplacesWhatHtmlForbids) {
  EXPECT_EQ(Html("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(Html(std::string("a\x1b\x00\xff\tb\n", 7)), "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\tb\n");
  EXPECT_EQ(Html("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(HtmlText, BarChartIsInlineSvgScaledToTheLargestValue) {
  std::string svg;
  AppendBarChart("decisions <all>", {{"allow", 10, "allow"}, {"remove", 5, "remove"}}, &svg);
  EXPECT_THAT(svg, HasSubstr("<title>decisions &lt;all&gt;</title>"));
  EXPECT_THAT(svg, HasSubstr("width=\"420\" height=\"16\" class=\"bar allow\""));
  EXPECT_THAT(svg, HasSubstr("width=\"210\" height=\"16\" class=\"bar remove\""));
}

TEST_F(ReportHtmlTest, CountsDecisionsAndKeepsShadowRulesApart) {
  const std::string html = Report(kHostile);
  EXPECT_THAT(html, HasSubstr("<td class=\"n\" id=\"documents\">4</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"n\" id=\"flagged\">2</td>"));
  EXPECT_THAT(html, HasSubstr("<tr><th>malformed lines skipped</th><td class=\"n\">1</td>"));
  // fraud.gift is shadow: apart, and it would have made 2 allowed documents `review`.
  EXPECT_THAT(html, HasSubstr("<td>fraud.gift</td><td>frauds-and-scams</td><td>review</td>"
                              "<td class=\"n\">2</td><td class=\"n\">2</td>"));
  EXPECT_THAT(html, HasSubstr("frauds-and-scams (shadow)"));
  EXPECT_THAT(html, HasSubstr("<h2>Flagged documents (2)</h2>"));
  EXPECT_THAT(html, HasSubstr("<h2>Documents matched by shadow rules (2)</h2>"));
  EXPECT_THAT(html, HasSubstr("<mark class=\"live\" title=\"wire\">wire transfer</mark>"));
  EXPECT_THAT(html, HasSubstr("<mark class=\"shadow\" title=\"gift\">gift card</mark>"));
}

TEST_F(ReportHtmlTest, SamplesShowManyRulesRatherThanOneRuleMany) {
  ReplayReport report(*program_);  // one sample per rule
  for (const std::string text : {"urgent wire transfer 1", "urgent wire transfer 2", "gift card 1",
                                 "gift card 2"}) {
    const Document document = test::TextDocument(text);
    report.AddVerdict(scanner_.Scan(document), DocumentBytes(document));
  }
  const std::string html = report.Render();
  EXPECT_THAT(html, HasSubstr("<h2>Flagged documents (1)</h2>"));
  EXPECT_THAT(html, HasSubstr("<h2>Documents matched by shadow rules (1)</h2>"));
  EXPECT_THAT(html, Not(HasSubstr("transfer</mark> 2")));
}

TEST_F(ReportHtmlTest, HostileDocumentTextStaysText) {
  const std::string html = Lower(Report(kHostile));
  for (const char* tag : {"<script", "<img", "<svg onload", "<style>body", "<!--", "doc-0<b>", "<i>"}) {
    EXPECT_THAT(html, Not(HasSubstr(tag))) << tag;
  }
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("doc-0&lt;b&gt;"));
  EXPECT_THAT(html, HasSubstr("<b>title&quot;&gt;&lt;i&gt;:</b>"));
  EXPECT_THAT(html, Not(HasSubstr("\x1b")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));  // nothing to fetch
  EXPECT_THAT(html, Not(HasSubstr("url(")));
  EXPECT_THAT(html, HasSubstr("default-src 'none'"));
}

// What a person sees: the page as headless Chromium renders it.
TEST_F(ReportHtmlTest, ChromiumRendersTheFiguresAndTheHostileTextAsText) {
  if (!std::filesystem::exists("/usr/bin/chromium")) {
    GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it)";
  }
  test::CliRunner runner;
  const std::string path = runner.Path("report.html");
  test::WriteWholeFile(path, Report(kHostile));
  const test::CliResult result = runner.Run(
      {"--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + path}, "",
      "/usr/bin/chromium");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string dom = result.out;
  EXPECT_THAT(dom, HasSubstr("<h1>bylaw replay report</h1>"));
  EXPECT_THAT(dom, HasSubstr("id=\"flagged\">2<"));
  EXPECT_THAT(dom, HasSubstr("<svg class=\"chart\""));
  EXPECT_THAT(dom, HasSubstr("<mark class=\"live\" title=\"wire\">wire transfer</mark>"));
  // The parsed page has no element an attacker wrote: their markup is text.
  const std::string lower = Lower(dom);
  EXPECT_THAT(lower, Not(HasSubstr("<script")));
  EXPECT_THAT(lower, Not(HasSubstr("<img")));
  EXPECT_THAT(lower, Not(HasSubstr("<svg onload")));
  EXPECT_THAT(lower, Not(HasSubstr("<i>")));
  EXPECT_THAT(dom, HasSubstr("&lt;script&gt;alert('x')&lt;/script&gt;"));
  EXPECT_THAT(dom, HasSubstr("&lt;img src=x onerror=alert(1)&gt;"));
}

}  // namespace
}  // namespace bylaw::cli
