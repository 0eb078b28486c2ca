// The JSON Lines adapters: `jsonl:PATH` and `stdin:` read documents with a
// JsonlSource; `jsonl:PATH` and `stdout:` write one verdict per line.
//
// `stdin:` is live: a batch ends early when no further input is waiting, so
// the pipeline writes and flushes each verdict while the producer waits for
// it (a program driving `bylaw replay -` line by line). Input that is
// already there (a file, a full pipe) still fills whole batches.
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "builtin_adapters.h"
#include "bylaw/error.h"
#include "bylaw/jsonl_source.h"

namespace bylaw::internal {
namespace {

// Verdicts are written out in blocks of about this many bytes.
constexpr std::size_t kFlushBytes = 1 << 18;
// Bytes read from a file at a time (the stream's default is 8 KiB).
constexpr std::size_t kReadBytes = 1 << 18;
// The output buffer's capacity: a block and one more verdict of common size.
constexpr std::size_t kBufferBytes = kFlushBytes + (1 << 16);

// Whether more of `in` can be read without waiting: bytes in its buffer or,
// when that is empty, on the descriptor `fd` (or its end, which reads at once).
bool InputWaiting(std::istream& in, int fd) {
  if (in.rdbuf()->in_avail() > 0) return true;
  pollfd ready{fd, POLLIN, 0};
  return poll(&ready, 1, 0) != 0;
}

// Documents from JSON Lines. Lines are their own handles; nothing is
// redelivered, so Settle has nothing to do.
class JsonlLineSource final : public Source {
 public:
  // Reads `in`, which `file` owns unless it is std::cin. `live_fd`: the
  // descriptor behind `in` when a batch is to end as soon as no input is
  // waiting (stdin), -1 to always fill the batch.
  JsonlLineSource(std::string origin, std::unique_ptr<std::ifstream> file, std::istream& in,
                  const JsonlOptions& options, int live_fd = -1)
      : origin_(std::move(origin)), file_(std::move(file)), in_(in), reader_(in, options),
        live_fd_(live_fd) {}
  // Reads the file at `path` through a buffer of kReadBytes.
  JsonlLineSource(const std::string& path, const JsonlOptions& options)
      : JsonlLineSource(path, std::make_unique<std::ifstream>(), options) {}

  bool Read(DeliveryBatch& batch) override {
    while (!batch.full()) {
      Delivery& delivery = batch.Add();
      const JsonlSource::Next next = reader_.Read(&delivery.document, &problem_);
      if (next == JsonlSource::Next::kEnd) {
        batch.RemoveLast();
        return false;
      }
      delivery.line = reader_.line_number();
      delivery.handle = std::to_string(delivery.line);
      delivery.origin = origin_;
      delivery.malformed = next == JsonlSource::Next::kSkipped;
      if (!problem_.empty()) delivery.AddProblem(problem_);
      if (live_fd_ >= 0 && !InputWaiting(in_, live_fd_)) return true;
    }
    return true;
  }

  // A file's verdicts go out in blocks; stdin's as soon as they are decided.
  bool flush_each_batch() const override { return live_fd_ >= 0; }
  std::size_t preferred_batch_size() const override { return 256; }

 private:
  JsonlLineSource(const std::string& path, std::unique_ptr<std::ifstream> file,
                  const JsonlOptions& options)
      : JsonlLineSource(path, nullptr, *file, options) {
    read_buffer_ = std::make_unique<char[]>(kReadBytes);
    file->rdbuf()->pubsetbuf(read_buffer_.get(), kReadBytes);
    file->open(path, std::ios::binary);
    if (!*file) throw Error("cannot open `" + path + "`: " + std::strerror(errno));
    file_ = std::move(file);
  }

  std::string origin_;
  std::unique_ptr<char[]> read_buffer_;  // the file's, declared first to outlive it
  std::unique_ptr<std::ifstream> file_;
  std::istream& in_;
  JsonlSource reader_;
  int live_fd_;
  std::string problem_;
};

// Verdicts as JSON Lines, on stdout or in a file it owns.
class JsonlFileSink final : public Sink {
 public:
  // Opens `path` for writing; empty: stdout.
  explicit JsonlFileSink(const std::string& path) : name_(path.empty() ? "<stdout>" : path) {
    buffer_.reserve(kBufferBytes);
    if (path.empty()) return;
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) {
      throw Error("cannot open `" + path + "` for writing: " + std::strerror(errno));
    }
  }
  ~JsonlFileSink() override {
    if (file_ != nullptr) std::fclose(file_);
  }
  JsonlFileSink(const JsonlFileSink&) = delete;
  JsonlFileSink& operator=(const JsonlFileSink&) = delete;

  void Write(const Delivery& delivery, const Verdict& verdict) override {
    AppendDeliveryVerdictJson(delivery, verdict, &buffer_);
    buffer_.push_back('\n');
    if (buffer_.size() >= kFlushBytes) WriteBuffer();
  }

  bool writes_blocks() const override { return true; }

  void Flush() override {
    WriteBuffer();
    if (std::fflush(stream()) != 0 || std::ferror(stream())) {
      throw Error("cannot write `" + name_ + "`: " + std::strerror(errno));
    }
  }

 private:
  std::FILE* stream() const { return file_ != nullptr ? file_ : stdout; }

  void WriteBuffer() {
    if (!buffer_.empty() &&
        std::fwrite(buffer_.data(), 1, buffer_.size(), stream()) != buffer_.size()) {
      throw Error("cannot write `" + name_ + "`: " + std::strerror(errno));
    }
    buffer_.clear();
    // One huge verdict (a long document's spans) must not stay held.
    if (buffer_.capacity() > 4 * kFlushBytes) {
      std::string().swap(buffer_);
      buffer_.reserve(kBufferBytes);
    }
  }

  std::string name_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
};

std::string PathOf(const AdapterUri& uri) {
  if (uri.body.empty()) throw Error("`" + uri.text + "` names no file");
  return uri.body;
}

}  // namespace

std::unique_ptr<Source> OpenJsonlSource(const AdapterUri& uri, const SourceOptions& options) {
  return std::make_unique<JsonlLineSource>(PathOf(uri), options.json);
}

std::unique_ptr<Source> OpenStdinSource(const AdapterUri& uri, const SourceOptions& options) {
  if (!uri.body.empty()) throw Error("`stdin:` takes nothing after the colon: `" + uri.text + "`");
  return std::make_unique<JsonlLineSource>("<stdin>", nullptr, std::cin, options.json,
                                           STDIN_FILENO);
}

std::unique_ptr<Sink> OpenJsonlSink(const AdapterUri& uri) {
  return std::make_unique<JsonlFileSink>(PathOf(uri));
}

std::unique_ptr<Sink> OpenStdoutSink(const AdapterUri& uri) {
  if (!uri.body.empty()) throw Error("`stdout:` takes nothing after the colon: `" + uri.text + "`");
  return std::make_unique<JsonlFileSink>("");
}

}  // namespace bylaw::internal
