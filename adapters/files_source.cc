// `files:DIR`: every file under DIR (or DIR itself, if it is a file) is one
// document, its whole content the field `text` and its relative path the id.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "builtin_adapters.h"
#include "bylaw/error.h"
#include "file_list.h"
#include "uri_support.h"

namespace bylaw::internal {
namespace {

class FilesSource final : public FileListSource {
 public:
  using FileListSource::FileListSource;

  std::size_t preferred_batch_size() const override { return 16; }

 private:
  void ReadFile(const ListedFile& file, Delivery& delivery) override {
    std::ifstream in(file.path, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) {
      delivery.malformed = true;
      delivery.AddProblem(std::string("cannot read the file: ") + std::strerror(errno));
      return;
    }
    delivery.document.AddField("text", std::move(text).str());
  }
};

}  // namespace

std::unique_ptr<Source> OpenFilesSource(const AdapterUri& uri, const SourceOptions& options) {
  RefuseTextLines(uri, options, "reads each file whole as one document");
  if (uri.body.empty()) throw Error("`" + uri.text + "` names no folder");
  return std::make_unique<FilesSource>(
      ListFiles(uri.body, uri.text, [](const std::filesystem::path&) { return true; }));
}

}  // namespace bylaw::internal
