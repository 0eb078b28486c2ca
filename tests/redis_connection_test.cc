// Tests for adapters/redis_connection.cc against a real redis-server:
// commands, pipelining, error replies as values, and I/O failures as clear
// errors after which the connection is re-established.
#include "redis_connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "redis_test_support.h"

namespace bylaw::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(RedisConnection, SendsCommandsOneByOneAndPipelined) {
  BYLAW_REQUIRE_REDIS_SERVER();
  test::RedisTestServer server;
  RedisConnection connection = server.Connect();
  EXPECT_EQ(ReplyText(*connection.Command({"SET", "k", std::string("a\0b", 3)})), "OK");
  EXPECT_EQ(ReplyText(*connection.Command({"GET", "k"})), std::string("a\0b", 3));
  for (int i = 0; i < 100; ++i) connection.Append(std::initializer_list<std::string_view>{"INCR", "n"});
  long long last = 0;
  for (int i = 0; i < 100; ++i) last = connection.GetReply()->integer;
  EXPECT_EQ(last, 100);
  const RedisReply missing = connection.Command({"GET", "nothing"});
  EXPECT_EQ(missing->type, REDIS_REPLY_NIL);
}

TEST(RedisConnection, ErrorRepliesAreValues) {
  BYLAW_REQUIRE_REDIS_SERVER();
  test::RedisTestServer server;
  RedisConnection connection = server.Connect();
  const RedisReply reply = connection.Command({"XADD", "s"});
  EXPECT_TRUE(reply.IsError());
  EXPECT_THAT(std::string(ReplyText(*reply)), StartsWith("ERR"));
  EXPECT_TRUE(connection.connected());
}

TEST(RedisConnection, UnreachableServerIsAClearError) {
  RedisEndpoint endpoint;
  endpoint.port = test::FreeLoopbackPort();
  RedisConnection connection(endpoint);
  try {
    connection.Command({"PING"});
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("redis at 127.0.0.1:" + std::to_string(endpoint.port) +
                                        ": cannot connect: Connection refused"));
  }
  EXPECT_FALSE(connection.connected());
}

TEST(RedisConnection, ReconnectsAfterTheServerRestarts) {
  BYLAW_REQUIRE_REDIS_SERVER();
  test::RedisTestServer server;
  RedisConnection connection = server.Connect();
  EXPECT_EQ(ReplyText(*connection.Command({"PING"})), "PONG");
  server.Stop();
  EXPECT_THROW(connection.Command({"PING"}), Error);
  EXPECT_FALSE(connection.connected());
  server.Start();
  EXPECT_EQ(ReplyText(*connection.Command({"PING"})), "PONG");
}

TEST(RedisConnection, LogsInWithAPassword) {
  BYLAW_REQUIRE_REDIS_SERVER();
  test::RedisTestServer server;
  RedisConnection admin = server.Connect();
  ASSERT_FALSE(admin.Command({"CONFIG", "SET", "requirepass", "s3cret"}).IsError());
  RedisEndpoint endpoint;
  endpoint.port = server.port();
  endpoint.password = "wrong";
  RedisConnection refused(endpoint);
  EXPECT_THROW(refused.Connect(), Error);
  endpoint.password = "s3cret";
  endpoint.db = 3;
  RedisConnection accepted(endpoint);
  EXPECT_EQ(ReplyText(*accepted.Command({"SET", "in-db-3", "1"})), "OK");
}

}  // namespace
}  // namespace bylaw::internal
