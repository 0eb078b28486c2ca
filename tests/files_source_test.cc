// Tests for adapters/files_source.cc and jsonl_adapters.cc through the
// registry: `files:DIR` gives one document per file, and `jsonl:` reports
// malformed lines as malformed deliveries with their line numbers.
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bylaw/adapter_registry.h"
#include "bylaw/error.h"

namespace bylaw {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class FilesSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per process: ctest runs this suite's tests side by side.
    dir_ = fs::path(::testing::TempDir()) / ("bylaw_files_source." + std::to_string(getpid()));
    fs::remove_all(dir_);
    WriteFile(dir_ / "b.txt", "second");
    WriteFile(dir_ / "a.txt", "first");
    WriteFile(dir_ / "sub" / "c.md", "third\nwith two lines");
    WriteFile(dir_ / ".hidden", "skipped");
    WriteFile(dir_ / ".git" / "config", "skipped too");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Every delivery of `uri` as "id=text", or "id: problem" when malformed.
  static std::vector<std::string> ReadAll(const std::string& uri) {
    const auto source = AdapterRegistry::WithBuiltins().OpenSource(uri, {});
    std::vector<std::string> read;
    DeliveryBatch batch(2);
    for (bool more = true; more;) {
      batch.Clear();
      more = source->Read(batch);
      for (const Delivery& delivery : batch) {
        read.push_back(delivery.malformed
                           ? delivery.document.id + ": " + delivery.problems.at(0).message
                           : delivery.document.id + "=" + delivery.document.fields.at(0).text);
      }
    }
    return read;
  }

  fs::path dir_;
};

TEST_F(FilesSourceTest, EveryVisibleFileIsOneDocumentInNameOrder) {
  EXPECT_THAT(ReadAll("files:" + dir_.string()),
              ElementsAre("a.txt=first", "b.txt=second", "sub/c.md=third\nwith two lines"));
}

// `files:DIR` never reads outside DIR (as root it read /etc/shadow through a
// symlink): a link out (to a file or a directory), or one that loops, is a
// malformed document; a link inside is read; no linked directory is entered.
TEST_F(FilesSourceTest, NeverFollowsASymlinkOutOfTheFolder) {
  const fs::path outside = dir_.string() + "-outside";
  WriteFile(outside / "shadow", "root:secret");
  fs::create_symlink(outside / "shadow", dir_ / "c.txt");
  fs::create_symlink("../../" + outside.filename().string() + "/shadow", dir_ / "sub" / "d.txt");
  fs::create_symlink("e.txt", dir_ / "e.txt");
  fs::create_symlink("a.txt", dir_ / "f.txt");
  fs::create_directory_symlink(outside, dir_ / "g");
  EXPECT_THAT(ReadAll("files:" + dir_.string()),
              ElementsAre("a.txt=first", "b.txt=second", "c.txt: a symlink out of the folder; not read",
                          ::testing::StartsWith("e.txt: cannot follow the symlink: "), "f.txt=first",
                          "g: a symlink out of the folder; not read", "sub/c.md=third\nwith two lines",
                          "sub/d.txt: a symlink out of the folder; not read"));
  fs::remove_all(outside);
}

TEST_F(FilesSourceTest, AFileAloneIsOneDocument) {
  EXPECT_THAT(ReadAll("files:" + (dir_ / "b.txt").string()), ElementsAre("b.txt=second"));
}

TEST_F(FilesSourceTest, JsonlSourceMarksMalformedLines) {
  WriteFile(dir_ / "in.jsonl", "{\"text\":\"ok\"}\n{bad\n\n{\"id\":\"x\",\"text\":7}\n");
  const auto source =
      AdapterRegistry::WithBuiltins().OpenSource("jsonl:" + (dir_ / "in.jsonl").string(), {});
  DeliveryBatch batch(10);
  EXPECT_FALSE(source->Read(batch));
  ASSERT_EQ(batch.size(), 3u);
  EXPECT_FALSE(batch[0].malformed);
  EXPECT_EQ(batch[0].handle, "1");
  EXPECT_TRUE(batch[1].malformed);
  EXPECT_EQ(batch[1].line, 2u);
  ASSERT_EQ(batch[1].problems.size(), 1u);
  EXPECT_EQ(batch[1].problems[0].line, 2u);
  EXPECT_FALSE(batch[2].malformed);  // readable, with a warning
  EXPECT_EQ(batch[2].line, 4u);
  EXPECT_EQ(batch[2].origin, (dir_ / "in.jsonl").string());
  EXPECT_EQ(batch[2].problems.size(), 1u);
}

TEST_F(FilesSourceTest, TextLinesComeFromJsonlAndStdinOnly) {
  WriteFile(dir_ / "notes.txt", "first note\nsecond note\n");
  SourceOptions options;
  options.json.text_lines = true;
  const AdapterRegistry registry = AdapterRegistry::WithBuiltins();
  const auto source = registry.OpenSource("jsonl:" + (dir_ / "notes.txt").string(), options);
  DeliveryBatch batch(10);
  EXPECT_FALSE(source->Read(batch));
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_FALSE(batch[1].malformed);
  EXPECT_EQ(batch[1].document.id, "line-2");
  EXPECT_EQ(batch[1].document.fields.at(0).text, "second note");
  for (const std::string uri : {"files:" + dir_.string(), "captions:" + dir_.string(),
                                std::string("redis://127.0.0.1:1/s?group=g")}) {
    try {
      registry.OpenSource(uri, options);
      ADD_FAILURE() << uri << " took --text-lines";
    } catch (const Error& error) {
      EXPECT_THAT(error.what(), ::testing::HasSubstr("plain-text lines (--text-lines) come from a "
                                                     "file or stdin; `" + uri + "`"));
    }
  }
}

}  // namespace
}  // namespace bylaw
