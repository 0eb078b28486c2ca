// Tests for cli/report_metadata.cc: days read from time-like values, keys
// that name times, attribute names from any key, and the counts rendered.
#include "report_metadata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bylaw::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Document WithMetadata(std::vector<std::pair<std::string, std::string>> metadata) {
  Document document;
  document.id = "d";
  document.metadata = std::move(metadata);
  return document;
}

TEST(ReportMetadata, DayOfReadsIsoDatesAndUnixTimes) {
  EXPECT_EQ(DayOf("2026-03-01"), "2026-03-01");
  EXPECT_EQ(DayOf("2026-03-01T23:59:59Z"), "2026-03-01");
  EXPECT_EQ(DayOf("2026-03-01 10:00"), "2026-03-01");
  EXPECT_EQ(DayOf("1772323200"), "2026-03-01");     // seconds
  EXPECT_EQ(DayOf("1772323200999"), "2026-03-01");  // milliseconds
  for (const char* bad : {"", "2026-13-01", "2026-02-30", "2026/03/01", "2026-03-01x", "yesterday",
                          "12345", "20260301", "2026-0a-01"}) {
    EXPECT_EQ(DayOf(bad), std::nullopt) << bad;
  }
}

TEST(ReportMetadata, TimeKeysAndAttributeNames) {
  for (const char* key : {"time", "Date", "created_at", "post_time", "upload_date", "ts"}) {
    EXPECT_TRUE(IsTimeKey(key)) << key;
  }
  for (const char* key : {"surface", "locale", "timezone", "at"}) EXPECT_FALSE(IsTimeKey(key)) << key;
  EXPECT_EQ(MetaAttributeName("Surface"), "surface");
  EXPECT_EQ(MetaAttributeName("a\"b onload=x"), "a-b-onload-x");
  EXPECT_EQ(MetaAttributeName("\xC3\xA9t\xC3\xA9"), "--t--");
  EXPECT_EQ(MetaAttributeName("\"><"), "key");
  EXPECT_EQ(MetaAttributeName(std::string(100, 'k')).size(), 40u);
}

TEST(ReportMetadata, CountsValuesPerKeyAndDocumentsPerDay) {
  MetadataFacets facets;
  EXPECT_TRUE(facets.empty());
  facets.Add(WithMetadata({{"surface", "comments"}, {"time", "2026-03-01T10:00:00Z"}}), true);
  facets.Add(WithMetadata({{"surface", "comments"}, {"time", "2026-03-01T11:00:00Z"}}), false);
  facets.Add(WithMetadata({{"surface", "<live>"}, {"time", "2026-03-02"}}), false);
  facets.Add(WithMetadata({{"time", "soon"}}), false);
  std::string html;
  facets.Append(&html);
  EXPECT_THAT(html, HasSubstr("<a href=\"?meta=surface%3Dcomments\">comments</a></td>"
                              "<td class=\"n\">2</td><td class=\"n\">1</td>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"?meta=surface%3D%3Clive%3E\">&lt;live&gt;</a>"));
  EXPECT_THAT(html, HasSubstr("documents per day of metadata `time`"));
  EXPECT_THAT(html, HasSubstr(">2026-03-01</text>"));
  EXPECT_THAT(html, HasSubstr("1 documents had no date in this key"));
  EXPECT_THAT(html, Not(HasSubstr("2026-03-01T10")));  // times are days, not facet values
}

TEST(ReportMetadata, BoundsKeysAndValues) {
  MetadataFacets facets;
  for (std::size_t i = 0; i < MetadataFacets::kMaxValues + 5; ++i) {
    facets.Add(WithMetadata({{"user", "u" + std::to_string(i)}}), false);
  }
  for (std::size_t i = 0; i < MetadataFacets::kMaxKeys + 3; ++i) {
    facets.Add(WithMetadata({{"k" + std::to_string(i), "v"}}), false);
  }
  std::string html;
  facets.Append(&html);
  EXPECT_THAT(html, HasSubstr("other values (past the first 50)</em></td><td class=\"n\">5</td>"));
  EXPECT_THAT(html, HasSubstr("4 metadata entries of keys past the first 20 were not counted"));
}

}  // namespace
}  // namespace bylaw::cli
