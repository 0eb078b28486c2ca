// Listing the files of a directory source in a stable order.
#include "file_list.h"

#include <algorithm>
#include <system_error>

#include "bylaw/error.h"

namespace bylaw::internal {

namespace {

// Why the symlink `link` is not read: it resolves outside `root` (a
// canonical path) or not at all; empty when it stays inside.
std::string LinkProblem(const std::filesystem::path& link, const std::filesystem::path& root) {
  std::error_code error;
  const std::filesystem::path inside = std::filesystem::canonical(link, error).lexically_relative(root);
  if (error) return "cannot follow the symlink: " + error.message();
  if (inside.empty() || *inside.begin() == "..") return "a symlink out of the folder; not read";
  return "";
}

}  // namespace

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
  const fs::path real_root = fs::canonical(root, error);
  fs::recursive_directory_iterator it(root, error), end;
  for (; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    std::error_code entry_error;  // about this entry only: the listing goes on
    if (name.starts_with('.')) {
      if (it->is_directory(entry_error)) it.disable_recursion_pending();
      continue;
    }
    const bool link = it->is_symlink(entry_error);
    if (!link && !it->is_regular_file(entry_error)) continue;
    if (!wanted(it->path())) continue;
    ListedFile file{it->path(), it->path().lexically_relative(root).generic_string(), ""};
    if (link) file.refused = LinkProblem(it->path(), real_root);
    if (link && file.refused.empty() && !fs::is_regular_file(it->path(), entry_error)) continue;
    files.push_back(std::move(file));
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
    if (!file.refused.empty()) {
      delivery.malformed = true;
      delivery.AddProblem(file.refused);
      continue;
    }
    ReadFile(file, delivery);
  }
  return next_ < files_.size();
}

}  // namespace bylaw::internal
