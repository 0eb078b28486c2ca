// Tests for cli/report_html.cc, report_rules.cc, report_documents.cc and
// cli/html_text.cc: the replay report's figures, live and shadow apart,
// every flagged document up to a stated cap, rule sections, term roles,
// invisible characters, data attributes for the filter, the script allowed
// by its hash alone, hostile document text that must stay text, and the
// page as headless Chromium shows it and filters it.
#include "report_html.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>

#include "bylaw/scan_limits.h"
#include "cli_runner.h"
#include "html_text.h"
#include "report_script.h"
#include "sha256.h"
#include "test_rules.h"

namespace bylaw::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kPack = test::FraudPack(R"(  - id: fraud.wire
    title: Wire <b>transfers</b> asked for "urgently"
    maturity: stable
    when: wire and urgent
    unless: news
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

std::size_t Count(const std::string& text, const std::string& piece) {
  std::size_t count = 0;
  for (std::size_t at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1)) ++count;
  return count;
}

// The start tag that contains `marker`, e.g. the tag of id="d2".
std::string TagWith(const std::string& html, const std::string& marker) {
  const std::size_t at = html.find(marker);
  if (at == std::string::npos) return "";
  const std::size_t begin = html.rfind('<', at);
  return html.substr(begin, html.find('>', at) - begin + 1);
}

std::string Base64OfHex(const std::string& hex) {
  constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      group = group << 8 | (i + j < bytes.size() ? static_cast<unsigned char>(bytes[i + j]) : 0);
    }
    for (std::size_t j = 0; j < 4; ++j) {
      out += i + j <= bytes.size() ? kDigits[(group >> (18 - 6 * j)) & 63] : '=';
    }
  }
  return out;
}

struct Rendered {
  std::string dom;
  std::string log;  // Chromium's stderr, console messages included
};

// The page after headless Chromium loaded it (and ran its script), with
// `query` (e.g. "?rule=fraud.wire") after the file's URL.
std::optional<Rendered> RenderInChromium(const std::string& html, const std::string& query = "") {
  if (!std::filesystem::exists("/usr/bin/chromium")) return std::nullopt;
  test::CliRunner runner;
  const std::string path = runner.Path("report.html");
  test::WriteWholeFile(path, html);
  const test::CliResult result =
      runner.Run({"--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                  "--dump-dom", "file://" + path + query},
                 "", "/usr/bin/chromium");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return Rendered{result.out, result.err};
}

class ReportHtmlTest : public ::testing::Test {
 public:
  ReportHtmlTest() : program_(test::MustCompile(kPack)), scanner_(program_) {}

  void Add(ReplayReport& report, Document document) {
    report.AddVerdict(scanner_.Scan(document), DocumentBytes(document));
  }

  std::string Report(const std::vector<std::string>& texts, ReportOptions options = {}) {
    options.source = "<corpus>.jsonl";
    ReplayReport report(*program_, options);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      Document document = test::TextDocument(texts[i], "doc-" + std::to_string(i) + "<b>");
      document.AddField("title\"><i>", "urgent");
      document.metadata = {{"surface", i % 2 == 0 ? "comments" : "live"},
                           {"time", "2026-03-0" + std::to_string(1 + i % 2) + "T10:00:00Z"}};
      Add(report, std::move(document));
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
  EXPECT_THAT(html, HasSubstr("<tr><td><a href=\"#rule-0\">fraud.wire</a> <span class=\"tag\">stable</span><br><small>"
                              "Wire &lt;b&gt;transfers&lt;/b&gt; asked for &quot;urgently&quot;"
                              "</small></td><td>frauds-and-scams</td><td>remove</td>"));
  EXPECT_THAT(html, HasSubstr("<td><a href=\"#rule-1\">fraud.gift</a></td><td>frauds-and-scams</td>"));  // neither
  EXPECT_THAT(html, HasSubstr("<dt>maturity</dt><dd>stable</dd>"));
}

TEST(HtmlText, EscapesMarkupAndReplacesWhatHtmlForbids) {
  EXPECT_EQ(Html("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(Html(std::string("a\x1b\x00\xff\tb\n", 7)), "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\tb\n");
  EXPECT_EQ(Html("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(HtmlText, QueryValuesArePercentEncoded) {
  EXPECT_EQ(UrlQueryValue("fraud.wire-1_~"), "fraud.wire-1_~");
  EXPECT_EQ(UrlQueryValue("javascript:alert(1)\"<>&= \xC3\xA9"),
            "javascript%3Aalert%281%29%22%3C%3E%26%3D%20%C3%A9");
}

TEST(HtmlText, BarChartSaysWhatItCountsAndScalesToTheLargestValue) {
  std::string svg;
  AppendBarChart("decisions <all>", {{"allow", 10, "allow"}, {"remove", 5, "remove"}}, &svg);
  EXPECT_THAT(svg, HasSubstr("<p class=\"caption\">decisions &lt;all&gt;</p>"));
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
  EXPECT_THAT(html, HasSubstr("<td><a href=\"#rule-1\">fraud.gift</a></td><td>frauds-and-scams</td>"
                              "<td>review</td><td class=\"n\">2</td><td class=\"n\">2</td>"));
  EXPECT_THAT(html, HasSubstr("frauds-and-scams (shadow)"));
  EXPECT_THAT(html, HasSubstr("<h3>Flagged documents (2)</h3>"));
  EXPECT_THAT(html, HasSubstr("<h3>Documents matched without being flagged (2)</h3>"));
  EXPECT_THAT(html, HasSubstr("<mark class=\"harm\" title=\"wire (harm): bytes [35,48), characters "
                              "[35,48)\">wire transfer</mark>"));
  EXPECT_THAT(html, HasSubstr("<mark class=\"harm shadow\" title=\"gift (harm)"));
}

TEST_F(ReportHtmlTest, ShowsEveryFlaggedDocumentUpToAStatedCap) {
  std::vector<std::string> texts;
  for (int i = 0; i < 7; ++i) texts.push_back("urgent wire transfer " + std::to_string(i));
  texts.push_back("a gift card");
  const std::string all = Report(texts);
  EXPECT_EQ(Count(all, "<details class=\"doc\""), 8u);
  EXPECT_THAT(all, HasSubstr("7 of 7 flagged documents shown in full"));
  EXPECT_THAT(all, Not(HasSubstr("left out")));

  const std::string capped = Report(texts, ReportOptions{.max_flagged = 3, .max_shadow_only = 0, .source = ""});
  EXPECT_EQ(Count(capped, "<details class=\"doc\""), 3u);
  EXPECT_THAT(capped, HasSubstr("3 of 7 flagged documents shown in full"));
  EXPECT_THAT(capped, HasSubstr("<strong id=\"left-out\">4 flagged and 1 other matched documents were "
                                "left out</strong> (the page holds at most 3 flagged and 0 other"));
  EXPECT_THAT(capped, HasSubstr("JSON Lines that <code>bylaw replay</code> writes"));
  EXPECT_THAT(capped, HasSubstr("id=\"d3\""));
  EXPECT_THAT(capped, Not(HasSubstr("id=\"d4\"")));
  // Documents are collapsible, and open when few enough to read at once.
  EXPECT_THAT(TagWith(all, "id=\"d1\""), HasSubstr(" open>"));
}

TEST_F(ReportHtmlTest, RuleSectionsShowFieldsCountsAndDocuments) {
  const std::string html = Report({"urgent wire transfer", "wire transfer urgent gift card",
                                   "urgent wire transfer reported",  // unless news
                                   "gift card"});
  EXPECT_THAT(html, HasSubstr("2 of 2 rules matched at least one document"));
  EXPECT_THAT(html, HasSubstr("<details class=\"rule\" id=\"rule-0\"><summary><code>fraud.wire</code> "
                              "Wire &lt;b&gt;transfers&lt;/b&gt; asked for &quot;urgently&quot; · remove · documents matched: <span "
                              "class=\"live-count\">2</span> live"));
  EXPECT_THAT(html, HasSubstr("<dt>category</dt><dd>frauds-and-scams</dd><dt>action</dt><dd>remove</dd>"
                              "<dt>severity</dt><dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>status</dt><dd>shadow</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>when</dt><dd><code><span class=\"term harm\" title=\"harm\">wire</span>"
                              " and <span class=\"term harm\" title=\"harm\">urgent</span></code></dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>unless</dt><dd><code><span class=\"term exception\" "
                              "title=\"exception\">news</span></code></dd>"));
  EXPECT_THAT(html, HasSubstr("Documents (2 linked of 2; <a href=\"?rule=fraud.wire\">show only these</a>): "
                              "<a href=\"#d1\">doc-0&lt;b&gt;</a> <a href=\"#d2\">doc-1&lt;b&gt;</a>"));
  EXPECT_THAT(html, HasSubstr("Would change 1 decisions had it been live."));
  // A document links back to its rules.
  EXPECT_THAT(html, HasSubstr("<a class=\"tag shadow\" href=\"#rule-1\">shadow: fraud.gift</a>"));
}

TEST_F(ReportHtmlTest, ChartsSayWhatTheyCount) {
  const std::string html = Report({"urgent wire transfer gift card", "gift card"});
  EXPECT_THAT(html, HasSubstr("documents per decision (each document counts once)"));
  EXPECT_THAT(html, HasSubstr("documents per category (a document counts once per category"));
  EXPECT_THAT(html, HasSubstr("rule matches per category (a document counts once per matched rule)"));
  EXPECT_THAT(html, HasSubstr("documents per day of metadata `time`"));
  EXPECT_THAT(html, HasSubstr("metadata <code>surface</code>: documents per value"));
}

TEST(ReportHtml, TermRolesColourMarksAndTheLegendNamesThem) {
  const auto program = test::MustCompile(R"(category: frauds-and-scams
terms:
  scam: [crypto doubling]
  cue_buy: [send now]
  ctx_warn: [beware of]
  joke: [just kidding]
rules:
  - id: fraud.doubling
    when: scam and cue_buy and not joke
    action: remove
  - id: fraud.doubling.warned
    when: scam and ctx_warn
    action: label
)");
  Scanner scanner(program);
  ReplayReport report(*program);
  const Document document = test::TextDocument("beware of crypto doubling, send now");
  report.AddVerdict(scanner.Scan(document), DocumentBytes(document));
  const std::string html = report.Render();
  EXPECT_THAT(html, HasSubstr("<mark class=\"context\" title=\"ctx_warn (context)"));
  EXPECT_THAT(html, HasSubstr("<mark class=\"harm\" title=\"scam (harm)"));
  EXPECT_THAT(html, HasSubstr("<mark class=\"cue\" title=\"cue_buy (cue)"));
  EXPECT_THAT(html, HasSubstr("and not <span class=\"term exception\" title=\"exception\">joke</span>"));
  for (const char* role : {"harm", "cue", "context", "exception"}) {
    EXPECT_THAT(html, HasSubstr("<li><span class=\"term " + std::string(role) + "\">" + role + "</span>"));
  }
  EXPECT_THAT(html, HasSubstr("<td><span class=\"term cue\">cue_buy</span></td><td>cue</td>"));
}

TEST(ReportHtml, ASpanShownForSeveralRulesIsListedOnceNamingThemAll) {
  const auto program = test::MustCompile(test::FraudPack(R"(  - id: fraud.a
    when: wire
    action: remove
  - id: fraud.b
    when: wire and urgent
    action: review
)"));
  Scanner scanner(program);
  ReplayReport report(*program);
  const Document document = test::TextDocument("urgent w1re transfer");
  report.AddVerdict(scanner.Scan(document), DocumentBytes(document));
  const std::string html = report.Render();
  EXPECT_EQ(Count(html, "<td>[7,20)</td><td>[7,20)</td>"), 1u);  // bytes, characters
  EXPECT_THAT(html, HasSubstr("<td>fraud.a, fraud.b</td><td>w1re transfer</td>"));
  EXPECT_THAT(html, HasSubstr("<sub>leet</sub></mark>"));
  EXPECT_THAT(html, HasSubstr("data-evasions=\"leet\""));  // the filter's evasion facet
}

TEST_F(ReportHtmlTest, MarksInvisibleCharactersAndGivesCharacterOffsets) {
  // é is 2 bytes, U+200B 3: the span starts 3 bytes after its character offset.
  const std::string html = Report({"caf\u00E9\u200B urgent wire transfer p\u0430yp\u0430l"});
  EXPECT_THAT(html, HasSubstr("<span class=\"invisible\" title=\"U+200B ZERO WIDTH SPACE\">U+200B</span>"));
  EXPECT_THAT(html, HasSubstr("title=\"wire (harm): bytes [16,29), characters [13,26)\""));
  EXPECT_THAT(html, HasSubstr("<td>[16,29)</td><td>[13,26)</td>"));
  EXPECT_THAT(html, HasSubstr("title=\"U+0430 CYRILLIC SMALL LETTER A (look-alike in a Latin word)\""));
  EXPECT_THAT(html, HasSubstr("text: 1 invisible characters, 2 look-alike letters"));
}

TEST_F(ReportHtmlTest, DocumentsCarryDataAttributesAndTheirMetadata) {
  const std::string html = Report({"urgent wire transfer gift card"});
  const std::string tag = TagWith(html, "id=\"d1\"");
  EXPECT_THAT(tag, HasSubstr("data-rules=\"fraud.gift fraud.wire\""));
  EXPECT_THAT(tag, HasSubstr("data-categories=\"frauds-and-scams\""));
  EXPECT_THAT(tag, HasSubstr("data-decision=\"remove\""));
  EXPECT_THAT(tag, HasSubstr("data-evasions=\"\""));
  EXPECT_THAT(tag, HasSubstr("data-fields=\"text title&quot;&gt;&lt;i&gt;\""));
  EXPECT_THAT(tag, HasSubstr("data-meta-surface=\"comments\" data-meta-time=\"2026-03-01T10:00:00Z\""));
  EXPECT_THAT(html, HasSubstr("<div class=\"meta\"><span>surface: <b>comments</b></span>"));
}

TEST_F(ReportHtmlTest, ContentSecurityPolicyAllowsOnlyTheFilterScriptByItsHash) {
  const std::string html = Report(kHostile);
  const std::string hash = Base64OfHex(internal::Sha256Hex(kReportScript));
  EXPECT_EQ(hash, kReportScriptSha256);
  EXPECT_THAT(html, HasSubstr("default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; "
                              "script-src 'sha256-" + hash + "'; base-uri 'none'; form-action 'none'"));
  EXPECT_EQ(Count(html, "<script>" + std::string(kReportScript) + "</script>"), 1u);
  EXPECT_EQ(Count(Lower(html), "<script"), 1u);
  EXPECT_THAT(html, Not(HasSubstr("unsafe-eval")));
  // The page reads without the script: the filter form starts hidden.
  EXPECT_THAT(html, HasSubstr("<form id=\"filter\" hidden>"));
}

// Hostile text everywhere a document reaches the page: id, field names,
// text, metadata keys and values.
std::string HostileReport(ReportHtmlTest& fixture) {
  ReplayReport report(*fixture.program_);
  Document document = test::TextDocument(kHostile[0], "\" onmouseover=\"alert(1)");
  document.AddField("x\" onclick=\"alert(2)", "javascript:alert(3) gift card");
  document.metadata = {{"surface\" onload=\"alert(4)", "\"><script>alert(5)</script>"},
                       {"link", "javascript:alert(6)"}};
  fixture.Add(report, std::move(document));
  for (const std::string& text : kHostile) fixture.Add(report, test::TextDocument(text));
  return report.Render();
}

// No element or attribute an attacker wrote. Works on the page as written
// and as a browser serialises it (where `"` in text is not escaped, but
// every `<` of text is): each start tag is checked for event handlers.
void ExpectNoHostileMarkup(const std::string& html) {
  const std::string lower = Lower(html);
  for (const char* tag : {"<img", "<svg onload", "<style>body", "<!--", "<i>", "href=\"javascript"}) {
    EXPECT_THAT(lower, Not(HasSubstr(tag))) << tag;
  }
  EXPECT_EQ(Count(lower, "<script"), 1u);  // ours
  const std::regex start_tag("<[a-z][^>]*>");
  const std::regex handler("\\son[a-z]+\\s*=");
  for (auto it = std::sregex_iterator(lower.begin(), lower.end(), start_tag); it != std::sregex_iterator(); ++it) {
    EXPECT_FALSE(std::regex_search(it->str(), handler)) << it->str();
  }
}

TEST_F(ReportHtmlTest, HostileDocumentTextStaysText) {
  const std::string html = HostileReport(*this);
  ExpectNoHostileMarkup(html);
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("data-meta-surface--onload--alert-4-=\"&quot;&gt;&lt;script&gt;"));
  EXPECT_THAT(html, HasSubstr("href=\"?meta=link%3Djavascript%3Aalert%286%29\""));
  EXPECT_THAT(html, Not(HasSubstr("\x1b")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));  // nothing to fetch
  EXPECT_THAT(html, Not(HasSubstr("url(")));
}

// What a person sees: the page as headless Chromium renders it, with its
// script run under the page's policy.
TEST_F(ReportHtmlTest, ChromiumRendersTheFiguresAndTheHostileTextAsText) {
  const std::optional<Rendered> page = RenderInChromium(Report(kHostile));
  if (!page) GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it)";
  const std::string& dom = page->dom;
  EXPECT_THAT(dom, HasSubstr("<h1>bylaw replay report</h1>"));
  EXPECT_THAT(dom, HasSubstr("id=\"flagged\">2<"));
  EXPECT_THAT(dom, HasSubstr("<svg class=\"chart\""));
  EXPECT_THAT(dom, HasSubstr(">wire transfer</mark>"));
  // The filter ran (the policy let it), and nothing was logged: no error,
  // no blocked script or style.
  EXPECT_THAT(dom, HasSubstr("data-filter=\"ready\""));
  EXPECT_THAT(dom, HasSubstr("4 of 4 documents shown"));
  EXPECT_THAT(page->log, Not(HasSubstr("CONSOLE"))) << page->log;
  // The parsed page has no element an attacker wrote: their markup is text.
  const std::string lower = Lower(dom);
  EXPECT_EQ(Count(lower, "<script"), 1u);
  EXPECT_THAT(lower, Not(HasSubstr("<img")));
  EXPECT_THAT(lower, Not(HasSubstr("<svg onload")));
  EXPECT_THAT(lower, Not(HasSubstr("<i>")));
  EXPECT_THAT(dom, HasSubstr("&lt;script&gt;alert('x')&lt;/script&gt;"));
  EXPECT_THAT(dom, HasSubstr("&lt;img src=x onerror=alert(1)&gt;"));
}

TEST_F(ReportHtmlTest, ChromiumRunsNothingAHostileDocumentWrote) {
  // The filter builds its options from the hostile attributes, and selects one.
  const std::optional<Rendered> page =
      RenderInChromium(HostileReport(*this), "?meta=link%3Djavascript%3Aalert%286%29");
  if (!page) GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it)";
  ExpectNoHostileMarkup(page->dom);
  EXPECT_THAT(page->dom, HasSubstr("data-filter=\"ready\""));
  EXPECT_THAT(page->dom, HasSubstr("1 of 5 documents shown"));
  EXPECT_THAT(page->dom, HasSubstr("&lt;script&gt;alert(5)&lt;/script&gt; (1)</option>"));
  EXPECT_THAT(page->log, Not(HasSubstr("CONSOLE"))) << page->log;
}

TEST_F(ReportHtmlTest, ChromiumFiltersByTheQueryOfTheUrl) {
  const std::string html = Report({"urgent wire transfer", "a gift card", "urgent wire transfer 2",
                                   "gift card urgent wire transfer"});
  struct Case {
    std::string query;
    std::vector<int> shown;  // ordinals
  };
  const std::vector<Case> cases = {
      {"?rule=fraud.wire", {1, 3, 4}},
      {"?rule=fraud.gift&decision=remove", {4}},
      {"?decision=allow", {2}},
      {"?meta=surface%3Dlive", {2, 4}},
      {"?category=frauds-and-scams&q=TRANSFER%202", {3}},
      {"?field=text", {1, 2, 3, 4}},
  };
  for (const Case& c : cases) {
    const std::optional<Rendered> page = RenderInChromium(html, c.query);
    if (!page) GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it)";
    EXPECT_THAT(page->dom, HasSubstr(std::to_string(c.shown.size()) + " of 4 documents shown")) << c.query;
    for (int ordinal = 1; ordinal <= 4; ++ordinal) {
      const bool shown = std::find(c.shown.begin(), c.shown.end(), ordinal) != c.shown.end();
      const std::string tag = TagWith(page->dom, "id=\"d" + std::to_string(ordinal) + "\"");
      EXPECT_EQ(tag.find(" hidden") == std::string::npos, shown) << c.query << " " << tag;
    }
    EXPECT_THAT(page->log, Not(HasSubstr("CONSOLE"))) << page->log;
  }
}

}  // namespace
}  // namespace bylaw::cli
