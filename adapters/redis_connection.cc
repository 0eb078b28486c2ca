// hiredis behind an owner: connect with timeouts, log in, send commands one
// at a time or pipelined, and turn every I/O failure into a bylaw::Error
// after closing the connection.
#include "redis_connection.h"

#include <sys/time.h>

#include "bylaw/error.h"

namespace bylaw::internal {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>(ms.count() % 1000 * 1000);
  return tv;
}

}  // namespace

std::string RedisEndpoint::Address() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string_view ReplyText(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_STRING && reply.type != REDIS_REPLY_STATUS &&
      reply.type != REDIS_REPLY_ERROR) {
    return {};
  }
  return std::string_view(reply.str, reply.len);
}

std::span<redisReply* const> ReplyElements(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_ARRAY || reply.element == nullptr) return {};
  return std::span<redisReply* const>(reply.element, reply.elements);
}

RedisConnection::RedisConnection(RedisEndpoint endpoint) : endpoint_(std::move(endpoint)) {}

void RedisConnection::Fail(std::string_view what) {
  std::string message = "redis at " + endpoint_.Address() + ": " + std::string(what);
  if (context_ != nullptr && context_->err != 0) {
    message += ": ";
    message += context_->errstr;
  }
  context_.reset();
  throw Error(message);
}

void RedisConnection::Connect() {
  if (context_ != nullptr) return;
  context_.reset(redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port,
                                         ToTimeval(endpoint_.connect_timeout)));
  if (context_ == nullptr) Fail("cannot connect: out of memory");
  if (context_->err != 0) Fail("cannot connect");
  if (redisSetTimeout(context_.get(), ToTimeval(endpoint_.command_timeout)) != REDIS_OK ||
      redisEnableKeepAlive(context_.get()) != REDIS_OK) {
    Fail("cannot set up the connection");
  }
  Authenticate();
}

void RedisConnection::Authenticate() {
  auto check = [this](const RedisReply& reply, std::string_view command) {
    if (reply.IsError()) Fail(std::string(command) + " failed: " + std::string(ReplyText(*reply)));
  };
  if (!endpoint_.password.empty()) {
    check(endpoint_.user.empty() ? Command({"AUTH", endpoint_.password})
                                 : Command({"AUTH", endpoint_.user, endpoint_.password}),
          "AUTH");
  }
  if (endpoint_.db != 0) check(Command({"SELECT", std::to_string(endpoint_.db)}), "SELECT");
}

void RedisConnection::Append(std::span<const std::string_view> args) {
  Connect();
  argv_.clear();
  lengths_.clear();
  for (const std::string_view arg : args) {
    argv_.push_back(arg.data());
    lengths_.push_back(arg.size());
  }
  // hiredis copies the arguments into its output buffer here.
  if (redisAppendCommandArgv(context_.get(), static_cast<int>(argv_.size()), argv_.data(),
                             lengths_.data()) != REDIS_OK) {
    Fail("cannot queue a command");
  }
}

RedisReply RedisConnection::GetReply() {
  if (context_ == nullptr) Fail("not connected");
  void* reply = nullptr;
  if (redisGetReply(context_.get(), &reply) != REDIS_OK || reply == nullptr) {
    Fail("connection lost");
  }
  return RedisReply(static_cast<redisReply*>(reply));
}

RedisReply RedisConnection::Command(std::span<const std::string_view> args) {
  Append(args);
  return GetReply();
}

}  // namespace bylaw::internal
