// Listing the files of a directory source in a stable order.
#include "file_list.h"

#include <algorithm>
#include <system_error>

#include "bylaw/error.h"

namespace bylaw::detail {

std::vector<ListedFile> ListFiles(const std::filesystem::path& root, const std::string& uri,
                                  const std::function<bool(const std::filesystem::path&)>& wanted) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::file_status status = fs::status(root, error);
  if (error || !fs::exists(status)) {
    throw Error("cannot open `" + uri + "`: `" + root.string() + "` does not exist");
  }
  if (!fs::is_directory(status)) return {ListedFile{root, root.filename().string()}};
  std::vector<ListedFile> files;
  fs::recursive_directory_iterator it(root, error), end;
  for (; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with('.')) {
      if (it->is_directory(error)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(error) || !wanted(it->path())) continue;
    files.push_back(ListedFile{it->path(), it->path().lexically_relative(root).generic_string()});
  }
  if (error) throw Error("cannot list `" + root.string() + "` for `" + uri + "`: " + error.message());
  std::sort(files.begin(), files.end(),
            [](const ListedFile& a, const ListedFile& b) { return a.name < b.name; });
  return files;
}

bool FileListSource::Read(DeliveryBatch& batch) {
  while (!batch.full() && next_ < files_.size()) {
    const ListedFile& file = files_[next_++];
    Delivery& delivery = batch.Add();
    delivery.handle = file.name;
    delivery.origin = file.path.string();
    delivery.document.id = file.name;
    ReadFile(file, delivery);
  }
  return next_ < files_.size();
}

}  // namespace bylaw::detail
