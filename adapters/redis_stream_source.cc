// `redis://HOST:PORT/STREAM?group=G&consumer=C`: one consumer of a Redis
// Streams consumer group.
//
// Reading order, batch by batch: first this consumer's own pending entries
// (left by an earlier run under the same name, or by a lost connection:
// XREADGROUP from id 0), then, every claim interval, entries that other
// consumers left pending longer than claim-idle-ms (XAUTOCLAIM), else new
// entries (XREADGROUP >, blocking up to block-ms). An entry is acknowledged
// (XACK) only in Settle, after the pipeline has written its verdict. One that
// fails stays pending and comes back through XAUTOCLAIM; once it has been
// delivered max-deliveries times, it is added to the dead-letter stream with
// its error and acknowledged. One refused by the scan limits (too large) or
// that is no document (invalid JSON, no text) goes to the dead-letter stream
// at once: another delivery would fare no better. Reads are bounded in bytes
// as well as entries (batch-bytes): see Adapt.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "builtin_adapters.h"
#include "bylaw/error.h"
#include "bylaw/log_text.h"
#include "json_document.h"
#include "redis_connection.h"
#include "redis_options.h"
#include "uri_support.h"

namespace bylaw::internal {
namespace {

using Clock = std::chrono::steady_clock;

// The fields of a stream entry as a JSON object of strings.
nlohmann::json EntryObject(const redisReply& fields) {
  nlohmann::json object = nlohmann::json::object();
  const auto items = ReplyElements(fields);
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    object[std::string(ReplyText(*items[i]))] = std::string(ReplyText(*items[i + 1]));
  }
  return object;
}

bool IsString(const redisReply* reply) {
  return reply != nullptr && (reply->type == REDIS_REPLY_STRING || reply->type == REDIS_REPLY_STATUS);
}

class RedisStreamSource final : public Source {
 public:
  RedisStreamSource(RedisStreamOptions options, const SourceOptions& source_options)
      : options_(std::move(options)),
        stop_when_idle_(source_options.stop_when_idle),
        connection_(options_.endpoint),
        reader_(WithRequiredText(source_options.json)),
        claim_interval_(std::clamp<std::chrono::milliseconds>(
            std::chrono::milliseconds(options_.claim_idle_ms / 2), std::chrono::milliseconds(10),
            std::chrono::milliseconds(10000))) {}

  bool Read(DeliveryBatch& batch) override;
  void Settle(DeliveryBatch& batch) override;
  bool recoverable() const override { return true; }
  void Reset() override;
  std::size_t preferred_batch_size() const override { return options_.batch; }
  std::string default_sink() const override {
    return RedisStreamUri(options_.endpoint, options_.output);
  }
  std::string stream_uri() const override {
    return RedisStreamUri(options_.endpoint, options_.stream);
  }

 private:
  static JsonlOptions WithRequiredText(JsonlOptions options) {
    options.require_text = true;
    return options;
  }
  // "redis at HOST:PORT: COMMAND on `stream`: MESSAGE", thrown.
  // A WRONGTYPE reply is lasting: the key stays of another type.
  [[noreturn]] void Throw(std::string_view command, std::string_view message) const {
    throw Error("redis at " + options_.endpoint.Address() + ": " + std::string(command) +
                    " on `" + options_.stream + "` failed: " + std::string(message),
                message.starts_with("WRONGTYPE"));
  }
  void Prepare();
  void CreateGroup();
  // XREADGROUP from `id` ("0"-style: own pending; ">": new, blocking),
  // into reply_; returns its entries.
  std::span<redisReply* const> ReadGroup(std::string_view id, std::size_t count);
  bool ReadOwnPending(DeliveryBatch& batch);
  bool ReadClaimed(DeliveryBatch& batch);
  bool ReadNew(DeliveryBatch& batch);
  void AddEntries(std::span<redisReply* const> entries, DeliveryBatch& batch);
  std::size_t Room(const DeliveryBatch& batch) const;
  void Adapt(std::span<redisReply* const> entries);
  void ReadEntry(const redisReply& fields, Delivery* delivery);
  void CountDeliveries(DeliveryBatch& batch, std::size_t first);
  std::uint64_t PendingCount();
  void DeadLetter(DeliveryBatch& batch, const std::vector<std::size_t>& dead,
                  std::vector<std::string>* acks);

  RedisStreamOptions options_;
  bool stop_when_idle_;
  RedisConnection connection_;
  JsonDocumentReader reader_;
  std::chrono::milliseconds claim_interval_;
  bool group_ready_ = false;
  bool own_pending_done_ = false;
  std::string pending_cursor_ = "0";
  std::string claim_cursor_ = "0-0";
  Clock::time_point next_claim_{};
  // The reply of the last read, kept until the next one: the documents'
  // fields are moved out of it, and a dead letter copies its entry from it.
  RedisReply reply_;
  // Per batch slot: the entry's fields (an array reply inside reply_).
  std::vector<const redisReply*> entry_fields_;
  // Pending entries deleted from the stream meanwhile: acknowledged in Settle.
  std::vector<std::string> vanished_;
  std::string problem_;
  std::uint64_t read_count_ = options_.batch;  // entries the next read may take (Adapt)
  std::uint64_t pending_read_count_ = 1;        // the same for the next own pending read
};

void RedisStreamSource::Reset() {
  connection_.Close();
  pending_read_count_ = 1;
  group_ready_ = false;
  own_pending_done_ = false;  // what was in flight is pending again: read it first
  pending_cursor_ = "0";
  vanished_.clear();
}

void RedisStreamSource::CreateGroup() {
  const RedisReply reply = connection_.Command(
      {"XGROUP", "CREATE", options_.stream, options_.group, options_.start, "MKSTREAM"});
  if (reply.IsError() && !ReplyText(*reply).starts_with("BUSYGROUP")) {
    Throw("XGROUP CREATE", ReplyText(*reply));
  }
}

void RedisStreamSource::Prepare() {
  if (group_ready_ && connection_.connected()) return;
  connection_.Connect();
  CreateGroup();
  group_ready_ = true;
  spdlog::info("reading `{}` at {} as consumer `{}` of group `{}`", options_.stream,
               options_.endpoint.Address(), options_.consumer, options_.group);
}

std::span<redisReply* const> RedisStreamSource::ReadGroup(std::string_view id,
                                                          std::size_t count) {
  const std::string count_text = std::to_string(count);
  const std::string block_text = std::to_string(options_.block_ms);
  const bool block = id == ">";
  for (int attempt = 0;; ++attempt) {
    std::vector<std::string_view> args = {"XREADGROUP", "GROUP", options_.group,
                                          options_.consumer, "COUNT", count_text};
    if (block) args.insert(args.end(), {"BLOCK", block_text});
    args.insert(args.end(), {"STREAMS", options_.stream, id});
    reply_ = connection_.Command(args);
    // The group vanishes with the stream (a restart without persistence).
    if (reply_.IsError() && ReplyText(*reply_).starts_with("NOGROUP") && attempt == 0) {
      CreateGroup();
      continue;
    }
    if (reply_.IsError()) Throw("XREADGROUP", ReplyText(*reply_));
    break;
  }
  const auto streams = ReplyElements(*reply_);
  if (streams.empty()) return {};  // nil: the block timed out
  const auto stream = ReplyElements(*streams[0]);
  return stream.size() == 2 ? ReplyElements(*stream[1]) : std::span<redisReply* const>();
}

bool RedisStreamSource::Read(DeliveryBatch& batch) {
  Prepare();
  entry_fields_.clear();
  if (!own_pending_done_ && ReadOwnPending(batch)) return true;
  if (Clock::now() >= next_claim_ && ReadClaimed(batch)) return true;
  if (ReadNew(batch)) return true;
  return !(stop_when_idle_ && PendingCount() == 0);
}

// A worker's own pending entries are the batch it was deciding when it
// stopped, perhaps killed for the memory they took: they are read again one
// at first, then twice as many each time.
bool RedisStreamSource::ReadOwnPending(DeliveryBatch& batch) {
  const auto entries =
      ReadGroup(pending_cursor_, std::min<std::size_t>(Room(batch), pending_read_count_));
  pending_read_count_ *= 2;
  if (entries.empty()) {
    own_pending_done_ = true;
    return false;
  }
  pending_cursor_ = std::string(ReplyText(*ReplyElements(*entries.back())[0]));
  const std::size_t first = batch.size();
  AddEntries(entries, batch);
  CountDeliveries(batch, first);
  return true;
}

bool RedisStreamSource::ReadClaimed(DeliveryBatch& batch) {
  const std::string idle = std::to_string(options_.claim_idle_ms);
  const std::string count = std::to_string(Room(batch));
  reply_ = connection_.Command({"XAUTOCLAIM", options_.stream, options_.group, options_.consumer,
                                idle, claim_cursor_, "COUNT", count});
  if (reply_.IsError()) Throw("XAUTOCLAIM", ReplyText(*reply_));
  const auto parts = ReplyElements(*reply_);
  if (parts.size() < 2 || !IsString(parts[0])) Throw("XAUTOCLAIM", "unexpected reply");
  claim_cursor_ = std::string(ReplyText(*parts[0]));
  // A full pass over the pending entries ends at 0-0: wait before the next.
  if (claim_cursor_ == "0-0") next_claim_ = Clock::now() + claim_interval_;
  if (parts.size() > 2 && !ReplyElements(*parts[2]).empty()) {
    spdlog::warn("{} pending entries of `{}` were deleted from the stream before being decided",
                 ReplyElements(*parts[2]).size(), options_.stream);
  }
  const auto entries = ReplyElements(*parts[1]);
  if (entries.empty()) return false;
  const std::size_t first = batch.size();
  AddEntries(entries, batch);
  CountDeliveries(batch, first);
  spdlog::info("claimed {} entries of `{}` idle for {} ms or more", batch.size() - first,
               options_.stream, options_.claim_idle_ms);
  return true;
}

bool RedisStreamSource::ReadNew(DeliveryBatch& batch) {
  const auto entries = ReadGroup(">", Room(batch));
  AddEntries(entries, batch);
  return !entries.empty();
}

// The entries one read may take: what the batch has room for, and what the
// last read showed batch-bytes to allow (see Adapt).
std::size_t RedisStreamSource::Room(const DeliveryBatch& batch) const {
  return std::min<std::size_t>(batch.capacity() - batch.size(), read_count_);
}

// Sizes the next read from this one: batch-bytes over the largest entry of
// this read (at least one entry, at most `batch`).
void RedisStreamSource::Adapt(std::span<redisReply* const> entries) {
  std::uint64_t largest = 1;
  for (const redisReply* entry : entries) {
    std::uint64_t bytes = 0;
    const auto parts = ReplyElements(*entry);
    if (parts.size() == 2) {
      for (const redisReply* item : ReplyElements(*parts[1])) bytes += ReplyText(*item).size();
    }
    largest = std::max(largest, bytes);
  }
  const std::uint64_t fits = std::max<std::uint64_t>(1, options_.batch_bytes / largest);
  read_count_ = std::min(fits, options_.batch);
}

void RedisStreamSource::AddEntries(std::span<redisReply* const> entries, DeliveryBatch& batch) {
  if (!entries.empty()) Adapt(entries);
  for (const redisReply* entry : entries) {
    const auto parts = ReplyElements(*entry);
    if (parts.size() != 2 || !IsString(parts[0])) continue;
    const std::string_view id = ReplyText(*parts[0]);
    if (parts[1]->type != REDIS_REPLY_ARRAY) {  // deleted from the stream while pending
      spdlog::warn("entry {} of `{}` was deleted before being decided", id, options_.stream);
      vanished_.emplace_back(id);
      continue;
    }
    Delivery& delivery = batch.Add();
    delivery.handle = id;
    delivery.origin = options_.stream + " entry " + std::string(id);
    ReadEntry(*parts[1], &delivery);
  }
}

void RedisStreamSource::ReadEntry(const redisReply& fields, Delivery* delivery) {
  entry_fields_.push_back(&fields);
  const auto items = ReplyElements(fields);
  const redisReply* payload = nullptr;  // the value of the payload field
  for (std::size_t i = 0; i + 1 < items.size() && payload == nullptr; i += 2) {
    if (ReplyText(*items[i]) == options_.payload) payload = items[i + 1];
  }
  bool ok = false;
  if (payload != nullptr) {
    ok = reader_.Read(ReplyText(*payload), delivery->handle, &delivery->document, &problem_);
  } else {
    nlohmann::json object = EntryObject(fields);
    ok = reader_.ReadObject(object, delivery->handle, &delivery->document, &problem_);
  }
  delivery->malformed = !ok;
  if (!problem_.empty()) delivery->AddProblem(problem_);
}

void RedisStreamSource::CountDeliveries(DeliveryBatch& batch, std::size_t first) {
  for (std::size_t i = first; i < batch.size(); ++i) {
    const std::string_view id = batch[i].handle;
    connection_.Append(std::initializer_list<std::string_view>{
        "XPENDING", options_.stream, options_.group, id, id, "1"});
  }
  for (std::size_t i = first; i < batch.size(); ++i) {
    const RedisReply reply = connection_.GetReply();
    const auto rows = ReplyElements(*reply);
    const auto row = rows.empty() ? std::span<redisReply* const>() : ReplyElements(*rows[0]);
    Delivery& delivery = batch[i];
    if (row.size() == 4 && row[3]->type == REDIS_REPLY_INTEGER) {
      delivery.deliveries = static_cast<std::uint32_t>(row[3]->integer);
    }
    if (delivery.deliveries > options_.max_deliveries && !delivery.malformed) {
      // It failed each time without reaching Settle: a worker crashed on it.
      delivery.malformed = true;
      delivery.AddProblem("delivered " + std::to_string(delivery.deliveries) +
                          " times without a verdict (max-deliveries is " +
                          std::to_string(options_.max_deliveries) + ")");
    }
  }
}

std::uint64_t RedisStreamSource::PendingCount() {
  const RedisReply reply = connection_.Command({"XPENDING", options_.stream, options_.group});
  if (reply.IsError()) Throw("XPENDING", ReplyText(*reply));
  const auto summary = ReplyElements(*reply);
  return summary.empty() || summary[0]->type != REDIS_REPLY_INTEGER
             ? 0
             : static_cast<std::uint64_t>(summary[0]->integer);
}

void RedisStreamSource::DeadLetter(DeliveryBatch& batch, const std::vector<std::size_t>& dead,
                                   std::vector<std::string>* acks) {
  for (const std::size_t i : dead) {
    const Delivery& delivery = batch[i];
    const std::string deliveries = std::to_string(delivery.deliveries);
    const std::string entry =
        EntryObject(*entry_fields_.at(i)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    connection_.Append(std::initializer_list<std::string_view>{
        "XADD", options_.dead_letter, "*", "source_id", delivery.handle, "stream",
        options_.stream, "group", options_.group, "consumer", options_.consumer, "deliveries",
        deliveries, "error", delivery.error, "entry", entry});
  }
  for (const std::size_t i : dead) {
    const RedisReply reply = connection_.GetReply();
    const Delivery& delivery = batch[i];
    if (reply.IsError()) {
      spdlog::error("cannot add entry {} to dead-letter stream `{}`: {}; it stays pending",
                    delivery.handle, options_.dead_letter, ReplyText(*reply));
      continue;
    }
    spdlog::warn("entry {} of `{}` moved to `{}` after {} deliveries: {}", delivery.handle,
                 options_.stream, options_.dead_letter, delivery.deliveries, LogSafe(delivery.error));
    acks->push_back(delivery.handle);
  }
}

void RedisStreamSource::Settle(DeliveryBatch& batch) {
  std::vector<std::string> acks = std::move(vanished_);
  vanished_.clear();
  std::vector<std::size_t> dead;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Delivery& delivery = batch[i];
    if (delivery.outcome == Delivery::Outcome::kDone) {
      acks.push_back(delivery.handle);
    } else if (delivery.outcome == Delivery::Outcome::kRefused || delivery.malformed) {
      // Over a limit, or not a document (invalid JSON, no text): every
      // delivery would fail the same way.
      dead.push_back(i);
    } else if (delivery.outcome == Delivery::Outcome::kFailed) {
      if (delivery.deliveries >= options_.max_deliveries) {
        dead.push_back(i);
      } else {
        spdlog::info("entry {} of `{}` failed (delivery {} of {}): {}; left pending for redelivery",
                     delivery.handle, options_.stream, delivery.deliveries,
                     options_.max_deliveries, LogSafe(delivery.error));
      }
    }
  }
  if (!dead.empty()) DeadLetter(batch, dead, &acks);
  if (acks.empty()) return;
  std::vector<std::string_view> args = {"XACK", options_.stream, options_.group};
  args.insert(args.end(), acks.begin(), acks.end());
  const RedisReply reply = connection_.Command(args);
  if (reply.IsError()) Throw("XACK", ReplyText(*reply));
}

}  // namespace

std::unique_ptr<Source> OpenRedisSource(const AdapterUri& uri, const SourceOptions& options) {
  RefuseTextLines(uri, options, "is a stream of JSON entries");
  return std::make_unique<RedisStreamSource>(ParseRedisSourceUri(uri), options);
}

}  // namespace bylaw::internal
