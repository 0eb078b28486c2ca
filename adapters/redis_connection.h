// RedisConnection: one hiredis connection, owned, with pipelining, and the
// RAII owner of its replies. The only header that names hiredis. Private to
// adapters/ (and its tests).
#ifndef BYLAW_ADAPTERS_REDIS_CONNECTION_H_
#define BYLAW_ADAPTERS_REDIS_CONNECTION_H_

#include <hiredis/hiredis.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::internal {

// Where a Redis server is and how to log in.
struct RedisEndpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string user;      // AUTH user (Redis 6 ACL); empty: default user
  std::string password;  // empty: no AUTH
  std::uint64_t db = 0;  // SELECT db when not 0
  std::chrono::milliseconds connect_timeout{2000};
  // How long a reply may take: longer than any BLOCK of the commands sent.
  std::chrono::milliseconds command_timeout{10000};

  // "host:port", for messages.
  std::string Address() const;
};

// Owns one redisReply tree; the elements of an array are owned by it.
class RedisReply {
 public:
  RedisReply() = default;
  explicit RedisReply(redisReply* reply) : reply_(reply) {}

  const redisReply* get() const { return reply_.get(); }
  const redisReply& operator*() const { return *reply_; }
  const redisReply* operator->() const { return reply_.get(); }
  bool IsError() const { return reply_ != nullptr && reply_->type == REDIS_REPLY_ERROR; }

 private:
  struct Deleter {
    void operator()(redisReply* reply) const { freeReplyObject(reply); }
  };
  std::unique_ptr<redisReply, Deleter> reply_;
};

// The text of a string, status or error reply ("" for other types).
std::string_view ReplyText(const redisReply& reply);
// The elements of an array reply (none for other types).
std::span<redisReply* const> ReplyElements(const redisReply& reply);

// One connection to a Redis server. Connects lazily; any I/O failure closes
// it and throws bylaw::Error with the address and the reason, so that the
// next use reconnects. Error replies (-ERR ...) are returned, not thrown. Not
// thread-safe.
class RedisConnection {
 public:
  explicit RedisConnection(RedisEndpoint endpoint);

  // Connects, logs in and selects the database, unless connected.
  void Connect();
  void Close() { context_.reset(); }
  bool connected() const { return context_ != nullptr; }

  // Sends one command and waits for its reply (connecting first if needed).
  RedisReply Command(std::span<const std::string_view> args);
  RedisReply Command(std::initializer_list<std::string_view> args) {
    return Command(std::span<const std::string_view>(args.begin(), args.size()));
  }
  // Pipelining: Append queues a command (connecting first if needed);
  // GetReply returns the replies in order, sending what is queued first.
  void Append(std::span<const std::string_view> args);
  RedisReply GetReply();

  const RedisEndpoint& endpoint() const { return endpoint_; }

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const { redisFree(context); }
  };
  // Closes the connection and throws bylaw::Error: "redis at HOST:PORT: ..."
  [[noreturn]] void Fail(std::string_view what);
  void Authenticate();

  RedisEndpoint endpoint_;
  std::unique_ptr<redisContext, ContextDeleter> context_;
  std::vector<const char*> argv_;
  std::vector<std::size_t> lengths_;
};

}  // namespace bylaw::internal

#endif  // BYLAW_ADAPTERS_REDIS_CONNECTION_H_
