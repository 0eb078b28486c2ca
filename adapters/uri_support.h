// Small helpers for adapters that read options from their URI: percent
// decoding, typed query options, and "did you mean" suggestions. Private to
// adapters/.
#ifndef BYLAW_ADAPTERS_URI_SUPPORT_H_
#define BYLAW_ADAPTERS_URI_SUPPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bylaw/adapter_registry.h"

namespace bylaw::internal {

// The name of `known` closest to `name` (at most 2 edits, and fewer than
// half its length), or "" when none is close.
std::string ClosestName(std::string_view name, const std::vector<std::string>& known);

// Decodes %XX escapes. Throws bylaw::Error naming `uri` for a bad escape.
std::string PercentDecode(std::string_view text, std::string_view uri);

// Escapes every byte but letters, digits and -._~:, as %XX.
std::string PercentEncode(std::string_view text);

// Throws bylaw::Error when `options` ask for plain-text lines
// (JsonlOptions::text_lines) from a source that is not read line by line:
// `what` says what it reads instead, e.g. "reads each file whole".
void RefuseTextLines(const AdapterUri& uri, const SourceOptions& options, std::string_view what);

// Reads a URI's query options by name: each call takes one option if it is
// present; Finish() rejects the options nobody asked for.
//   QueryOptions query(uri);
//   query.Text("group", &options.group);
//   query.Number("batch", 1, 100000, &options.batch);
//   query.Finish();
// Every method throws bylaw::Error naming the URI and the option.
class QueryOptions {
 public:
  explicit QueryOptions(const AdapterUri& uri);

  void Text(std::string_view key, std::string* value);
  void Number(std::string_view key, std::uint64_t min, std::uint64_t max, std::uint64_t* value);
  // Throws for an option no call asked for, suggesting the closest one.
  void Finish() const;

 private:
  const std::string* Take(std::string_view key);

  const AdapterUri& uri_;
  std::vector<std::pair<std::string, std::string>> pairs_;
  std::vector<bool> taken_;
  std::vector<std::string> known_;
};

}  // namespace bylaw::internal

#endif  // BYLAW_ADAPTERS_URI_SUPPORT_H_
