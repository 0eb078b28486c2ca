// The files a `files:` or `captions:` URI names. Private to adapters/.
#ifndef BYLAW_ADAPTERS_FILE_LIST_H_
#define BYLAW_ADAPTERS_FILE_LIST_H_

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "bylaw/source.h"

namespace bylaw::internal {

// One file to read: its path, and the name that identifies it in verdicts
// (the path relative to the directory named, with '/' separators).
struct ListedFile {
  std::filesystem::path path;
  std::string name;
  std::string refused;  // why it is not read (a symlink out of the root); empty: read it
};

// `root` itself when it is a file; when it is a directory, every regular
// file below it that `wanted` accepts, sorted by name, skipping hidden files
// and directories (names starting with '.'). Never leaves `root`: linked
// directories are not entered, and a symlinked file that resolves outside
// `root` (or not at all: a loop) is listed with `refused` set, so that it
// becomes a malformed delivery instead of a read. Throws bylaw::Error naming
// `uri` when `root` does not exist or cannot be listed.
std::vector<ListedFile> ListFiles(const std::filesystem::path& root, const std::string& uri,
                                  const std::function<bool(const std::filesystem::path&)>& wanted);

// A source with one delivery per listed file, in order. Sets each
// delivery's handle and id (the file's name) and origin (its path), then
// lets ReadFile fill in the document.
class FileListSource : public Source {
 public:
  explicit FileListSource(std::vector<ListedFile> files) : files_(std::move(files)) {}

  bool Read(DeliveryBatch& batch) final;

 protected:
  // Fills `delivery` from `file`; marks it malformed when the file cannot
  // be read.
  virtual void ReadFile(const ListedFile& file, Delivery& delivery) = 0;

 private:
  std::vector<ListedFile> files_;
  std::size_t next_ = 0;
};

}  // namespace bylaw::internal

#endif  // BYLAW_ADAPTERS_FILE_LIST_H_
