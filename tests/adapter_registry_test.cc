// Tests for adapters/adapter_registry.cc: URIs, the choice of an adapter by
// scheme, clear errors for unknown schemes and options, and a scheme of the
// library user's own, added without touching the engine.
#include "bylaw/adapter_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "bylaw/error.h"
#include "bylaw/pipeline.h"
#include "uri_support.h"

namespace bylaw {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

// Expects `call` to throw bylaw::Error with a message containing `text`.
template <typename Call>
void ExpectError(Call call, const std::string& text) {
  try {
    call();
    ADD_FAILURE() << "no error; expected one containing: " << text;
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr(text));
  }
}

TEST(AdapterUri, SplitsSchemeBodyPathAndQuery) {
  const auto uri = AdapterUri::Parse("Redis://h:6379/posts%3Ain?group=g&consumer=c%20one&flag");
  ASSERT_TRUE(uri.has_value());
  EXPECT_EQ(uri->scheme, "redis");
  EXPECT_EQ(uri->body, "//h:6379/posts%3Ain?group=g&consumer=c%20one&flag");
  EXPECT_EQ(uri->Path(), "//h:6379/posts%3Ain");
  EXPECT_THAT(uri->Query(),
              ElementsAre(Pair("group", "g"), Pair("consumer", "c one"), Pair("flag", "")));
}

TEST(AdapterUri, TextsWithoutASchemeAreNotUris) {
  for (const std::string text : {"posts.jsonl", "/tmp/a:b", ":x", "1abc:x", "a b:c", ""}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(AdapterUri::Parse(text).has_value());
  }
}

TEST(AdapterUri, BadEscapeIsAnError) {
  const auto uri = AdapterUri::Parse("redis://h/s?group=%zz");
  ASSERT_TRUE(uri.has_value());
  ExpectError([&] { uri->Query(); }, "bad %-escape");
}

TEST(AdapterRegistry, UnknownSchemeSuggestsTheClosestOne) {
  const AdapterRegistry registry = AdapterRegistry::WithBuiltins();
  ExpectError([&] { registry.OpenSource("captoins:v.srt", {}); },
              "unknown source `captoins:` in `captoins:v.srt` (did you mean `captions:`?)");
  ExpectError([&] { registry.OpenSink("stdot:"); }, "(did you mean `stdout:`?)");
  ExpectError([&] { registry.OpenSource("no scheme here", {}); }, "is not a source URI");
}

TEST(AdapterRegistry, BuiltinSourcesReportWhatTheyCannotOpen) {
  const AdapterRegistry registry = AdapterRegistry::WithBuiltins();
  ExpectError([&] { registry.OpenSource("jsonl:/no/such/file.jsonl", {}); },
              "cannot open `/no/such/file.jsonl`");
  ExpectError([&] { registry.OpenSource("files:/no/such/dir", {}); }, "does not exist");
  ExpectError([&] { registry.OpenSource("stdin:extra", {}); }, "takes nothing after the colon");
  ExpectError([&] { registry.OpenSource("redis://h/s?grop=g", {}); },
              "unknown option `grop` in `redis://h/s?grop=g` (did you mean `group`?)");
  ExpectError([&] { registry.OpenSource("redis://h/s?batch=0", {}); },
              "option `batch` of `redis://h/s?batch=0` must be a number from 1 to 100000");
  ExpectError([&] { registry.OpenSource("redis://h:99999/s", {}); }, "bad port `99999`");
  ExpectError([&] { registry.OpenSource("redis://h:6379", {}); }, "names no stream");
  ExpectError([&] { registry.OpenSource("redis:h/s", {}); }, "expected `redis://HOST:PORT/STREAM`");
  JsonlOptions bad_pointer;
  SourceOptions options;
  options.json.text_fields = {"text=/a~9"};
  ExpectError([&] { registry.OpenSource("stdin:", options); }, "invalid JSON pointer `/a~9`");
}

TEST(AdapterRegistry, InputUriReadsPathsAsJsonLines) {
  const AdapterRegistry registry = AdapterRegistry::WithBuiltins();
  EXPECT_EQ(InputUri(registry, "-"), "stdin:");
  EXPECT_EQ(InputUri(registry, "posts.jsonl"), "jsonl:posts.jsonl");
  EXPECT_EQ(InputUri(registry, "captions:v.vtt"), "captions:v.vtt");
  EXPECT_EQ(InputUri(registry, "redis://h/s"), "redis://h/s");
  // A mistyped scheme stays a URI, so that opening it explains the mistake.
  EXPECT_EQ(InputUri(registry, "captoins:v.vtt"), "captoins:v.vtt");
}

TEST(AdapterRegistry, RedisSourceSuggestsItsOutputStreamAsSink) {
  const AdapterRegistry registry = AdapterRegistry::WithBuiltins();
  // Opening connects lazily: no server is needed to construct it.
  const auto plain = registry.OpenSource("redis://10.0.0.5:7000/posts", {});
  EXPECT_EQ(plain->default_sink(), "redis://10.0.0.5:7000/posts:verdicts");
  const auto named = registry.OpenSource("redis://:p%40ss@h/in?output=out%2Fv&db=2", {});
  EXPECT_EQ(named->default_sink(), "redis://:p%40ss@h:6379/out%2Fv?db=2");
  EXPECT_TRUE(plain->recoverable());
}

// Verdicts or dead letters added to the stream read would be read as
// documents, each larger than the last (a 587 MB entry in 20 s).
TEST(AdapterRegistry, RefusesToWriteIntoTheStreamRead) {
  const AdapterRegistry registry = AdapterRegistry::WithBuiltins();
  for (const char* query : {"output=posts", "dead-letter=posts"}) {
    try {
      registry.OpenSource(std::string("redis://h/posts?") + query, {});
      ADD_FAILURE() << query << " was accepted";
    } catch (const Error& error) {
      EXPECT_THAT(error.what(), ::testing::HasSubstr("is the stream read")) << query;
    }
  }
  const auto source = registry.OpenSource("redis://h/posts", {});
  for (const char* sink_uri : {"redis://h:6379/posts", "redis://h/posts"}) {
    const auto sink = registry.OpenSink(sink_uri);
    EXPECT_THROW(Pipeline([] { return nullptr; }, *source, *sink), Error) << sink_uri;
  }
  const auto elsewhere = registry.OpenSink("redis://h/posts:verdicts");
  EXPECT_NO_THROW(Pipeline([] { return nullptr; }, *source, *elsewhere));
}

// A library user's own adapter: documents from an in-memory list, verdicts
// into a vector. Registered next to the built-ins without touching the engine.
class ListSource final : public Source {
 public:
  explicit ListSource(std::vector<std::string> texts) : texts_(std::move(texts)) {}
  bool Read(DeliveryBatch& batch) override {
    while (!batch.full() && next_ < texts_.size()) {
      Delivery& delivery = batch.Add();
      delivery.handle = std::to_string(next_);
      delivery.origin = "list";
      delivery.document.id = "item-" + std::to_string(next_);
      delivery.document.AddField("text", texts_[next_++]);
    }
    return next_ < texts_.size();
  }

 private:
  std::vector<std::string> texts_;
  std::size_t next_ = 0;
};

class CollectingSink final : public Sink {
 public:
  explicit CollectingSink(std::vector<std::string>* ids) : ids_(ids) {}
  void Write(const Delivery& delivery, const Verdict&) override {
    ids_->push_back(delivery.document.id);
  }
  void Flush() override {}

 private:
  std::vector<std::string>* ids_;
};

TEST(AdapterRegistry, LibraryUsersRegisterTheirOwnSchemes) {
  AdapterRegistry registry = AdapterRegistry::WithBuiltins();
  std::vector<std::string> written;
  registry.AddSource("list", "list:A,B  documents from the URI itself",
                     [](const AdapterUri& uri, const SourceOptions&) {
                       return std::make_unique<ListSource>(SplitFieldList(uri.body));
                     });
  registry.AddSink("collect", "collect:  verdicts into a vector",
                   [&written](const AdapterUri&) { return std::make_unique<CollectingSink>(&written); });
  EXPECT_TRUE(registry.HasSource("LIST"));
  EXPECT_THAT(registry.SourceUsage(), ::testing::Contains(HasSubstr("list:A,B")));
  EXPECT_EQ(InputUri(registry, "list:a,b"), "list:a,b");

  const auto source = registry.OpenSource("list:one,two,three", {});
  const auto sink = registry.OpenSink("collect:");
  DeliveryBatch batch(2);
  EXPECT_TRUE(source->Read(batch));
  EXPECT_EQ(batch.size(), 2u);
  batch.Clear();
  EXPECT_FALSE(source->Read(batch));
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].document.fields[0].text, "three");
  EXPECT_FALSE(source->recoverable());
  EXPECT_EQ(source->default_sink(), "stdout:");
  (void)sink;
}

TEST(UriSupport, ClosestNameNeedsASmallDistance) {
  const std::vector<std::string> known = {"group", "consumer", "batch", "block-ms"};
  EXPECT_EQ(internal::ClosestName("grup", known), "group");
  EXPECT_EQ(internal::ClosestName("consumr", known), "consumer");
  EXPECT_EQ(internal::ClosestName("xyz", known), "");
  EXPECT_EQ(internal::PercentEncode("a b/c:d"), "a%20b%2Fc:d");
  EXPECT_EQ(internal::PercentDecode("a%20b%2Fc", "u"), "a b/c");
}

}  // namespace
}  // namespace bylaw
