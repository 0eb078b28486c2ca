// The replay report's view of document metadata (Document::metadata, such
// as surface, locale, time): counts per value of each key, and for a
// time-like key (time, date, created_at, ...) counts per day, each as
// documents and flagged documents.
#ifndef BYLAW_CLI_REPORT_METADATA_H_
#define BYLAW_CLI_REPORT_METADATA_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/document.h"

namespace bylaw::cli {

// "2026-03-01" for "2026-03-01T10:00:00Z", "2026-03-01 10:00" or a Unix time
// in seconds (10 digits) or milliseconds (13 digits); nullopt otherwise.
std::optional<std::string> DayOf(std::string_view value);

// Whether a metadata key names a time: time, date, timestamp, ts, created,
// published, or a name ending in _at, _time or _date.
bool IsTimeKey(std::string_view key);

// `key` as the tail of a data-meta-* attribute name: ASCII letters and
// digits in lower case, anything else as `-`, at most 40 characters;
// "key" when nothing is left.
std::string MetaAttributeName(std::string_view key);

// Counts metadata over a corpus. Bounded: at most kMaxKeys keys and
// kMaxValues values per key are counted apart; the rest are counted as
// "other". Not thread-safe.
class MetadataFacets {
 public:
  static constexpr std::size_t kMaxKeys = 20;
  static constexpr std::size_t kMaxValues = 50;

  void Add(const Document& document, bool flagged);
  bool empty() const { return facets_.empty(); }
  // The facets (a table per key) and the timeline of each time-like key.
  void Append(std::string* out) const;

 private:
  struct Count {
    std::size_t documents = 0;
    std::size_t flagged = 0;
  };
  struct Facet {
    std::string key;
    bool time = false;
    std::map<std::string, Count> values;  // by value; by day for a time key
    Count other;                          // values past kMaxValues; undated times
  };
  static void Tally(Count& count, bool flagged);
  void AppendValues(const Facet& facet, std::string* out) const;
  void AppendTimeline(const Facet& facet, std::string* out) const;

  std::vector<Facet> facets_;
  std::size_t other_keys_ = 0;  // metadata entries of keys past kMaxKeys
};

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_REPORT_METADATA_H_
