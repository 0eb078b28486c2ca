// Compile side: see rule_sources.h.
#include "rule_sources.h"

#include <algorithm>

#include "sha256.h"

namespace bylaw::internal {

std::vector<std::filesystem::path> ListRuleFiles(const std::filesystem::path& rules_dir,
                                                 std::error_code* error) {
  std::vector<std::filesystem::path> paths;
  for (std::filesystem::recursive_directory_iterator it(rules_dir, *error), end;
       !*error && it != end; it.increment(*error)) {
    const std::string extension = it->path().extension().string();
    if (it->is_regular_file() && (extension == ".yaml" || extension == ".yml")) {
      paths.push_back(it->path());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string RulesRoot(const std::filesystem::path& rules_dir) {
  std::string root = rules_dir.string();
  if (!root.empty() && root.back() != '/') root += '/';
  return root;
}

std::string RulesetHash(const std::vector<SourceFile>& sources, std::string_view root) {
  std::vector<const SourceFile*> sorted;
  for (const SourceFile& source : sources) sorted.push_back(&source);
  std::sort(sorted.begin(), sorted.end(),
            [](const SourceFile* a, const SourceFile* b) { return a->path < b->path; });
  Sha256 sha;
  const std::string_view separator("\0", 1);
  for (const SourceFile* source : sorted) {
    std::string_view path = source->path;
    if (path.starts_with(root)) path.remove_prefix(root.size());
    for (std::string_view piece : {path, separator, std::string_view(source->text), separator}) {
      sha.Update(piece);
    }
  }
  return "sha256:" + sha.HexDigest();
}

}  // namespace bylaw::internal
