// redis:// URIs into endpoint, stream and consumer-group options.
#include "redis_options.h"

#include <unistd.h>

#include <charconv>

#include "bylaw/error.h"
#include "uri_support.h"

namespace bylaw::internal {
namespace {

// Host and port from "HOST", "HOST:PORT", "[V6]:PORT"; user and password
// from "USER:PASSWORD@" or ":PASSWORD@".
void ParseAuthority(std::string_view authority, const AdapterUri& uri, RedisEndpoint* endpoint) {
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view credentials = authority.substr(0, at);
    const std::size_t colon = credentials.find(':');
    if (colon == std::string_view::npos) {
      endpoint->password = PercentDecode(credentials, uri.text);
    } else {
      endpoint->user = PercentDecode(credentials.substr(0, colon), uri.text);
      endpoint->password = PercentDecode(credentials.substr(colon + 1), uri.text);
    }
    authority.remove_prefix(at + 1);
  }
  std::string_view port;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) throw Error("unclosed `[` in `" + uri.text + "`");
    endpoint->host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (authority.starts_with(':')) port = authority.substr(1);
  } else {
    const std::size_t colon = authority.find(':');
    endpoint->host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (endpoint->host.empty()) endpoint->host = "127.0.0.1";
  if (port.empty()) return;
  int number = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (error != std::errc() || end != port.data() + port.size() || number < 1 || number > 65535) {
    throw Error("bad port `" + std::string(port) + "` in `" + uri.text + "`");
  }
  endpoint->port = number;
}

// Endpoint and stream of "//AUTHORITY/STREAM?...".
void ParseLocation(const AdapterUri& uri, RedisEndpoint* endpoint, std::string* stream) {
  std::string_view rest = uri.Path();
  if (!rest.starts_with("//")) {
    throw Error("expected `redis://HOST:PORT/STREAM`, found `" + uri.text + "`");
  }
  rest.remove_prefix(2);
  const std::size_t slash = rest.find('/');
  ParseAuthority(rest.substr(0, slash), uri, endpoint);
  *stream = slash == std::string_view::npos ? "" : PercentDecode(rest.substr(slash + 1), uri.text);
  if (stream->empty()) throw Error("`" + uri.text + "` names no stream (redis://HOST:PORT/STREAM)");
}

std::string DefaultConsumer() {
  char host[256] = {};
  const bool named = gethostname(host, sizeof(host) - 1) == 0 && host[0] != '\0';
  return std::string(named ? host : "bylaw") + "-" + std::to_string(getpid());
}

}  // namespace

RedisStreamOptions ParseRedisSourceUri(const AdapterUri& uri) {
  RedisStreamOptions options;
  ParseLocation(uri, &options.endpoint, &options.stream);
  QueryOptions query(uri);
  query.Text("group", &options.group);
  query.Text("consumer", &options.consumer);
  query.Text("output", &options.output);
  query.Text("dead-letter", &options.dead_letter);
  query.Number("batch", 1, 100000, &options.batch);
  query.Number("batch-bytes", 1024, UINT64_MAX, &options.batch_bytes);
  query.Number("block-ms", 1, 3600000, &options.block_ms);
  query.Number("claim-idle-ms", 1, 86400000, &options.claim_idle_ms);
  query.Number("max-deliveries", 1, 1000000, &options.max_deliveries);
  query.Number("db", 0, 1000000, &options.endpoint.db);
  query.Text("start", &options.start);
  query.Text("payload", &options.payload);
  query.Finish();
  if (options.group.empty()) throw Error("`group` of `" + uri.text + "` is empty");
  if (options.consumer.empty()) options.consumer = DefaultConsumer();
  if (options.output.empty()) options.output = options.stream + ":verdicts";
  if (options.dead_letter.empty()) options.dead_letter = options.stream + ":dead";
  // Entries added to the stream read would be read again, each time larger.
  for (const auto& [name, stream] : {std::pair{"output", &options.output},
                                     std::pair{"dead-letter", &options.dead_letter}}) {
    if (*stream == options.stream) {
      throw Error(std::string("`") + name + "` of `" + uri.text + "` is the stream read");
    }
  }
  // A read may block for block_ms: the reply takes at most that much longer.
  options.endpoint.command_timeout =
      std::chrono::milliseconds(options.block_ms) + std::chrono::milliseconds(10000);
  return options;
}

RedisSinkOptions ParseRedisSinkUri(const AdapterUri& uri) {
  RedisSinkOptions options;
  ParseLocation(uri, &options.endpoint, &options.stream);
  QueryOptions query(uri);
  query.Number("maxlen", 0, UINT64_MAX, &options.maxlen);
  query.Number("db", 0, 1000000, &options.endpoint.db);
  query.Finish();
  return options;
}

std::string RedisStreamUri(const RedisEndpoint& endpoint, const std::string& stream) {
  std::string uri = "redis://";
  if (!endpoint.password.empty()) {
    uri += PercentEncode(endpoint.user) + ":" + PercentEncode(endpoint.password) + "@";
  }
  uri += endpoint.Address() + "/" + PercentEncode(stream);
  if (endpoint.db != 0) uri += "?db=" + std::to_string(endpoint.db);
  return uri;
}

}  // namespace bylaw::internal
