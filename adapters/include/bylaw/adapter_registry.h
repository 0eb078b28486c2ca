// The adapter registry: sources and sinks chosen by URI scheme.
//
//   jsonl:PATH          JSON Lines, one document per line
//   stdin:              JSON Lines on standard input
//   files:DIR           every file under DIR is one document (field `text`)
//   captions:PATH       SRT or WebVTT captions, one streamed document per file
//   redis://HOST:PORT/STREAM?group=G&consumer=C&...   a Redis consumer group
//
// Sinks: `jsonl:PATH`, `stdout:`, `redis://HOST:PORT/STREAM`. A program adds
// its own schemes with AddSource / AddSink, without touching the engine.
#ifndef BYLAW_ADAPTER_REGISTRY_H_
#define BYLAW_ADAPTER_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bylaw/jsonl_source.h"
#include "bylaw/source.h"

namespace bylaw {

// "scheme:body", e.g. "jsonl:posts.jsonl" or "redis://h:6379/posts?group=g".
struct AdapterUri {
  std::string text;    // the whole URI, as given
  std::string scheme;  // lowercased: "jsonl", "redis"
  std::string body;    // after "scheme:": "posts.jsonl", "//h:6379/posts?group=g"

  // Splits `text` at its first ':'. The scheme is a letter followed by
  // letters, digits, '+', '-' or '.' (RFC 3986); nullopt if `text` has none.
  static std::optional<AdapterUri> Parse(std::string_view text);
  // The `key=value` pairs after the first '?' of the body, percent-decoded,
  // in order. Throws bylaw::Error for a malformed escape.
  std::vector<std::pair<std::string, std::string>> Query() const;
  // The body without its query.
  std::string_view Path() const;
};

// What every source may be asked for.
struct SourceOptions {
  // How JSON documents become Documents (jsonl:, stdin:, redis:// entries).
  JsonlOptions json;
  // Live sources (redis://) end once nothing new arrives and nothing is
  // pending, instead of waiting for more; for batch jobs, tests, benchmarks.
  bool stop_when_idle = false;
};

// Opens sources and sinks by URI. Copyable; not thread-safe while adding.
class AdapterRegistry {
 public:
  // Each throws bylaw::Error with a message naming the URI when it cannot
  // open it (missing file, bad option, unreachable server).
  using SourceFactory =
      std::function<std::unique_ptr<Source>(const AdapterUri& uri, const SourceOptions& options)>;
  using SinkFactory = std::function<std::unique_ptr<Sink>(const AdapterUri& uri)>;

  // An empty registry.
  AdapterRegistry() = default;
  // A registry holding the built-in adapters listed at the top of this file.
  static AdapterRegistry WithBuiltins();

  // Registers (or replaces) the adapter of `scheme` (case-insensitive).
  // `usage` is one line for --help, such as "jsonl:PATH  JSON Lines".
  void AddSource(std::string scheme, std::string usage, SourceFactory factory);
  void AddSink(std::string scheme, std::string usage, SinkFactory factory);

  bool HasSource(std::string_view scheme) const;
  // Opens `uri`. Throws bylaw::Error if it has no scheme, if the scheme is
  // unknown (with the closest known one), or if the adapter fails to open.
  std::unique_ptr<Source> OpenSource(std::string_view uri, const SourceOptions& options) const;
  std::unique_ptr<Sink> OpenSink(std::string_view uri) const;

  // The usage lines, one per scheme, sorted.
  std::vector<std::string> SourceUsage() const;
  std::vector<std::string> SinkUsage() const;

 private:
  template <typename Factory>
  struct Entry {
    std::string usage;
    Factory factory;
  };
  std::map<std::string, Entry<SourceFactory>, std::less<>> sources_;
  std::map<std::string, Entry<SinkFactory>, std::less<>> sinks_;
};

// What a command's input argument means: `-` is "stdin:", a URI with a
// registered source scheme is itself, and anything else is a JSON Lines file
// ("jsonl:" + text).
std::string InputUri(const AdapterRegistry& registry, std::string_view text);

}  // namespace bylaw

#endif  // BYLAW_ADAPTER_REGISTRY_H_
