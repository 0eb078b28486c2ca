// The options of the `redis://` adapters, read from their URIs:
//
//   redis://[USER:PASSWORD@]HOST[:PORT]/STREAM?OPTION=VALUE&...
//
// Private to adapters/ (and its tests).
#ifndef BYLAW_ADAPTERS_REDIS_OPTIONS_H_
#define BYLAW_ADAPTERS_REDIS_OPTIONS_H_

#include <cstdint>
#include <string>

#include "bylaw/adapter_registry.h"
#include "redis_connection.h"

namespace bylaw::internal {

// A consumer of one stream in one consumer group. Every field but
// `endpoint` and `stream` is a query option of the same name (with '-' for
// '_'): `?group=moderation&claim-idle-ms=60000`.
struct RedisStreamOptions {
  RedisEndpoint endpoint;
  std::string stream;          // the path of the URI, required
  std::string group = "bylaw";
  // This worker's name in the group; default "HOSTNAME-PID". Give a worker
  // slot a stable name so that, restarted, it first finishes its own
  // pending entries instead of waiting for another worker to claim them.
  std::string consumer;
  std::string output;          // default sink: STREAM:verdicts on the same server
  std::string dead_letter;     // entries that keep failing: STREAM:dead
  std::uint64_t batch = 128;   // entries per XREADGROUP / XAUTOCLAIM, at most
  // Bytes a read should bring at most: the next read takes no more entries
  // than this over the largest entry of the last one. A worker's own pending
  // entries (after a restart or a reconnection) are read one at first, then
  // twice as many each time. Default: 64 MiB.
  std::uint64_t batch_bytes = std::uint64_t{64} << 20;
  std::uint64_t block_ms = 500;  // how long a read waits for new entries
  // Entries pending longer than this in any consumer (a dead worker) are
  // claimed by XAUTOCLAIM; keep it well above the time a batch takes.
  std::uint64_t claim_idle_ms = 30000;
  // Deliveries after which an entry that still fails goes to `dead_letter`.
  std::uint64_t max_deliveries = 5;
  std::string start = "0";     // where a new group starts: 0 (everything) or $ (new entries)
  // The field holding a JSON document; an entry without it is read as a
  // document whose members are the entry's fields.
  std::string payload = "json";
};

// Parses a source URI. Throws bylaw::Error naming the URI and the problem.
RedisStreamOptions ParseRedisSourceUri(const AdapterUri& uri);

// A stream to add verdicts to.
struct RedisSinkOptions {
  RedisEndpoint endpoint;
  std::string stream;
  std::uint64_t maxlen = 0;  // `?maxlen=N`: trim to about N entries; 0 keeps all
};
RedisSinkOptions ParseRedisSinkUri(const AdapterUri& uri);

// The sink URI of `stream` on `endpoint`: "redis://[USER:PASSWORD@]HOST:PORT/STREAM[?db=N]".
std::string RedisStreamUri(const RedisEndpoint& endpoint, const std::string& stream);

}  // namespace bylaw::internal

#endif  // BYLAW_ADAPTERS_REDIS_OPTIONS_H_
