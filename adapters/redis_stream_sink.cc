// `redis://HOST:PORT/STREAM` as a sink: each verdict becomes one stream
// entry (XADD) with the fields
//   source_id  the delivery's handle (the source stream's entry id)
//   id         the document id
//   decision   allow, label, review, restrict or remove
//   verdict    the verdict JSON
// The entries of a batch are sent in one pipelined round trip by Flush.
#include <string>
#include <vector>

#include "builtin_adapters.h"
#include "bylaw/error.h"
#include "bylaw/policy.h"
#include "redis_connection.h"
#include "redis_options.h"

namespace bylaw::internal {
namespace {

class RedisStreamSink final : public Sink {
 public:
  explicit RedisStreamSink(RedisSinkOptions options)
      : options_(std::move(options)),
        maxlen_(std::to_string(options_.maxlen)),
        connection_(options_.endpoint) {}

  void Write(const Delivery& delivery, const Verdict& verdict) override {
    if (size_ == pending_.size()) pending_.emplace_back();
    Pending& entry = pending_[size_++];
    entry.source_id = delivery.handle;
    entry.id = delivery.document.id;
    entry.decision = ActionName(verdict.decision);
    entry.verdict.clear();
    AppendDeliveryVerdictJson(delivery, verdict, &entry.verdict);
  }

  void Flush() override {
    if (size_ == 0) return;
    std::vector<std::string_view> args;
    for (std::size_t i = 0; i < size_; ++i) {
      const Pending& entry = pending_[i];
      args.assign({"XADD", options_.stream});
      if (options_.maxlen != 0) args.insert(args.end(), {"MAXLEN", "~", maxlen_});
      args.insert(args.end(), {"*", "source_id", entry.source_id, "id", entry.id, "decision",
                               entry.decision, "verdict", entry.verdict});
      connection_.Append(args);
    }
    // Read every reply, so that the connection stays in step, then report.
    std::string error;
    for (std::size_t i = 0; i < size_; ++i) {
      const RedisReply reply = connection_.GetReply();
      if (reply.IsError() && error.empty()) error = ReplyText(*reply);
    }
    if (!error.empty()) {
      // A key of another type stays so: retrying would loop for ever.
      throw Error("redis at " + options_.endpoint.Address() + ": XADD to `" + options_.stream +
                      "` failed: " + error,
                  error.starts_with("WRONGTYPE"));
    }
    ReleaseLargeVerdicts();
    size_ = 0;
  }

  void Reset() override {
    connection_.Close();
    size_ = 0;
  }

  std::string stream_uri() const override {
    return RedisStreamUri(options_.endpoint, options_.stream);
  }

 private:
  // A slot keeps the capacity of its verdicts up to this size between
  // batches; a larger one (a long document's, with many spans) is given
  // back. Otherwise, in time, every slot would hold the largest verdict that
  // ever passed through it: a soak with one 64 KB document in 1,000 grew by
  // about 80 MiB over 256 slots.
  static constexpr std::size_t kKeptVerdictBytes = std::size_t{16} << 10;

  void ReleaseLargeVerdicts() {
    for (std::size_t i = 0; i < size_; ++i) {
      std::string& verdict = pending_[i].verdict;
      if (verdict.capacity() > kKeptVerdictBytes) std::string().swap(verdict);
    }
  }

  // One verdict waiting for Flush; the vector's slots are reused.
  struct Pending {
    std::string source_id;
    std::string id;
    std::string_view decision;
    std::string verdict;
  };

  RedisSinkOptions options_;
  std::string maxlen_;
  RedisConnection connection_;
  std::vector<Pending> pending_;
  std::size_t size_ = 0;
};

}  // namespace

std::unique_ptr<Sink> OpenRedisSink(const AdapterUri& uri) {
  return std::make_unique<RedisStreamSink>(ParseRedisSinkUri(uri));
}

}  // namespace bylaw::internal
