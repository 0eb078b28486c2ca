// Metadata facets and timelines of the replay report. See report_metadata.h.
#include "report_metadata.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <spdlog/fmt/fmt.h>

#include "html_text.h"

namespace bylaw::cli {
namespace {

constexpr std::size_t kMaxDays = 2000;      // a time key's distinct days counted apart
constexpr std::size_t kDaysPerTimeline = 62;  // more days than this: a bar per month

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

std::string UnixDay(std::string_view digits) {
  long long seconds = std::stoll(std::string(digits));
  if (digits.size() == 13) seconds /= 1000;
  const std::chrono::year_month_day day{std::chrono::sys_days{std::chrono::days{seconds / 86400}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(day.year()),
                     static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
}

bool EndsWith(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

}  // namespace

std::optional<std::string> DayOf(std::string_view value) {
  if (AllDigits(value) && (value.size() == 10 || value.size() == 13)) return UnixDay(value);
  if (value.size() < 10 || value[4] != '-' || value[7] != '-' ||
      (value.size() > 10 && value[10] != 'T' && value[10] != ' ')) {
    return std::nullopt;
  }
  if (!AllDigits(value.substr(0, 4)) || !AllDigits(value.substr(5, 2)) || !AllDigits(value.substr(8, 2))) {
    return std::nullopt;
  }
  const std::chrono::year_month_day day{
      std::chrono::year{std::stoi(std::string(value.substr(0, 4)))},
      std::chrono::month{static_cast<unsigned>(std::stoi(std::string(value.substr(5, 2))))},
      std::chrono::day{static_cast<unsigned>(std::stoi(std::string(value.substr(8, 2))))}};
  if (!day.ok()) return std::nullopt;
  return std::string(value.substr(0, 10));
}

bool IsTimeKey(std::string_view key) {
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const std::string_view name : {"time", "date", "timestamp", "ts", "created", "published",
                                      "datetime", "posted", "updated"}) {
    if (lower == name) return true;
  }
  return EndsWith(lower, "_at") || EndsWith(lower, "_time") || EndsWith(lower, "_date");
}

std::string MetaAttributeName(std::string_view key) {
  std::string name;
  for (const char c : key.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    name += std::isalnum(u) != 0 && u < 0x80 ? static_cast<char>(std::tolower(u)) : '-';
  }
  return name.find_first_not_of('-') == std::string::npos ? "key" : name;
}

void MetadataFacets::Tally(Count& count, bool flagged) {
  ++count.documents;
  if (flagged) ++count.flagged;
}

void MetadataFacets::Add(const Document& document, bool flagged) {
  for (const auto& [key, value] : document.metadata) {
    auto facet = std::find_if(facets_.begin(), facets_.end(), [&](const Facet& f) { return f.key == key; });
    if (facet == facets_.end()) {
      if (facets_.size() >= kMaxKeys) {
        ++other_keys_;
        continue;
      }
      facet = facets_.insert(facets_.end(), Facet{key, IsTimeKey(key), {}, {}});
    }
    const std::optional<std::string> day = facet->time ? DayOf(value) : std::nullopt;
    const std::string& bucket = day ? *day : value;
    const std::size_t limit = facet->time ? kMaxDays : kMaxValues;
    auto it = facet->values.find(bucket);
    if ((facet->time && !day) || (it == facet->values.end() && facet->values.size() >= limit)) {
      Tally(facet->other, flagged);
      continue;
    }
    Tally(facet->values[bucket], flagged);
  }
}

void MetadataFacets::AppendValues(const Facet& facet, std::string* out) const {
  std::vector<std::pair<std::string, Count>> rows(facet.values.begin(), facet.values.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second.documents > b.second.documents; });
  *out += "<table class=\"facet\"><caption>metadata <code>" + Html(facet.key) +
          "</code>: documents per value (a document counts once per key)</caption>"
          "<tr><th>value</th><th class=\"n\">documents</th><th class=\"n\">flagged</th></tr>\n";
  const std::string attribute = MetaAttributeName(facet.key);
  for (const auto& [value, count] : rows) {
    *out += fmt::format("<tr><td><a href=\"?meta={}\">{}</a></td><td class=\"n\">{}</td>"
                        "<td class=\"n\">{}</td></tr>\n",
                        Html(UrlQueryValue(attribute + "=" + value)), Html(value), count.documents,
                        count.flagged);
  }
  if (facet.other.documents > 0) {
    *out += fmt::format("<tr><td><em>other values (past the first {})</em></td><td class=\"n\">{}"
                        "</td><td class=\"n\">{}</td></tr>\n",
                        kMaxValues, facet.other.documents, facet.other.flagged);
  }
  *out += "</table>\n";
}

void MetadataFacets::AppendTimeline(const Facet& facet, std::string* out) const {
  const bool by_month = facet.values.size() > kDaysPerTimeline;
  std::map<std::string, Count> buckets;
  for (const auto& [day, count] : facet.values) {
    Count& bucket = buckets[by_month ? day.substr(0, 7) : day];
    bucket.documents += count.documents;
    bucket.flagged += count.flagged;
  }
  std::vector<Bar> documents, flagged;
  for (const auto& [when, count] : buckets) {
    documents.push_back({when, count.documents, "documents"});
    flagged.push_back({when, count.flagged, "remove"});
  }
  const std::string unit = by_month ? "month" : "day";
  const std::string key = "metadata `" + facet.key + "`";
  *out += "<div class=\"timeline\"><h3>Timeline of " + Html(key) + "</h3>\n";
  AppendBarChart("documents per " + unit + " of " + key, documents, out);
  AppendBarChart("flagged documents per " + unit + " of " + key, flagged, out);
  if (facet.other.documents > 0) {
    *out += fmt::format("<p>{} documents had no date in this key (or one past the first {} days).</p>\n",
                        facet.other.documents, kMaxDays);
  }
  *out += "</div>\n";
}

void MetadataFacets::Append(std::string* out) const {
  for (const Facet& facet : facets_) {
    if (facet.time) AppendTimeline(facet, out);
  }
  *out += "<div class=\"facets\">\n";
  for (const Facet& facet : facets_) {
    if (!facet.time) AppendValues(facet, out);
  }
  *out += "</div>\n";
  if (other_keys_ > 0) {
    *out += fmt::format("<p>{} metadata entries of keys past the first {} were not counted.</p>\n",
                        other_keys_, kMaxKeys);
  }
}

}  // namespace bylaw::cli
