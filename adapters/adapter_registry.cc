// URIs and the registry that maps their schemes to adapter factories. The
// built-in adapters are registered in builtin_adapters.cc.
#include "bylaw/adapter_registry.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "bylaw/error.h"
#include "uri_support.h"

namespace bylaw {
namespace {

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

template <typename Map>
std::vector<std::string> UsageLines(const Map& entries) {
  std::vector<std::string> lines;
  for (const auto& [scheme, entry] : entries) lines.push_back(entry.usage);
  return lines;
}

template <typename Map>
auto FindScheme(const Map& entries, const AdapterUri& uri, std::string_view kind) {
  const auto it = entries.find(uri.scheme);
  if (it != entries.end()) return it;
  std::vector<std::string> known;
  for (const auto& [scheme, entry] : entries) known.push_back(scheme);
  std::string message = "unknown " + std::string(kind) + " `" + uri.scheme + ":` in `" +
                        uri.text + "`";
  const std::string suggestion = internal::ClosestName(uri.scheme, known);
  if (!suggestion.empty()) message += " (did you mean `" + suggestion + ":`?)";
  throw Error(message);
}

}  // namespace

std::optional<AdapterUri> AdapterUri::Parse(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 ||
      !std::isalpha(static_cast<unsigned char>(text[0]))) {
    return std::nullopt;
  }
  const std::string_view scheme = text.substr(0, colon);
  if (!std::all_of(scheme.begin(), scheme.end(), IsSchemeChar)) return std::nullopt;
  return AdapterUri{std::string(text), Lowercase(scheme), std::string(text.substr(colon + 1))};
}

std::string_view AdapterUri::Path() const {
  const std::string_view whole = body;
  return whole.substr(0, whole.find('?'));
}

std::vector<std::pair<std::string, std::string>> AdapterUri::Query() const {
  std::vector<std::pair<std::string, std::string>> pairs;
  const std::size_t question = body.find('?');
  if (question == std::string::npos) return pairs;
  std::string_view rest = std::string_view(body).substr(question + 1);
  while (!rest.empty()) {
    const std::size_t amp = std::min(rest.find('&'), rest.size());
    const std::string_view pair = rest.substr(0, amp);
    rest.remove_prefix(std::min(amp + 1, rest.size()));
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    const std::string_view key = pair.substr(0, equals);
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    pairs.emplace_back(internal::PercentDecode(key, text), internal::PercentDecode(value, text));
  }
  return pairs;
}

void AdapterRegistry::AddSource(std::string scheme, std::string usage, SourceFactory factory) {
  sources_[Lowercase(scheme)] = Entry<SourceFactory>{std::move(usage), std::move(factory)};
}

void AdapterRegistry::AddSink(std::string scheme, std::string usage, SinkFactory factory) {
  sinks_[Lowercase(scheme)] = Entry<SinkFactory>{std::move(usage), std::move(factory)};
}

bool AdapterRegistry::HasSource(std::string_view scheme) const {
  return sources_.contains(Lowercase(scheme));
}

std::unique_ptr<Source> AdapterRegistry::OpenSource(std::string_view text,
                                                    const SourceOptions& options) const {
  const std::optional<AdapterUri> uri = AdapterUri::Parse(text);
  if (!uri) throw Error("`" + std::string(text) + "` is not a source URI (expected SCHEME:...)");
  return FindScheme(sources_, *uri, "source")->second.factory(*uri, options);
}

std::unique_ptr<Sink> AdapterRegistry::OpenSink(std::string_view text) const {
  const std::optional<AdapterUri> uri = AdapterUri::Parse(text);
  if (!uri) throw Error("`" + std::string(text) + "` is not a sink URI (expected SCHEME:...)");
  return FindScheme(sinks_, *uri, "sink")->second.factory(*uri);
}

std::vector<std::string> AdapterRegistry::SourceUsage() const { return UsageLines(sources_); }
std::vector<std::string> AdapterRegistry::SinkUsage() const { return UsageLines(sinks_); }

std::string InputUri(const AdapterRegistry& registry, std::string_view text) {
  if (text == "-") return "stdin:";
  const std::optional<AdapterUri> uri = AdapterUri::Parse(text);
  if (uri && registry.HasSource(uri->scheme)) return std::string(text);
  // "captoins:x.srt" is a mistyped scheme, unless such a file exists.
  std::error_code error;
  if (uri && uri->scheme.size() > 1 && !std::filesystem::exists(text, error)) {
    return std::string(text);
  }
  return "jsonl:" + std::string(text);
}

}  // namespace bylaw
