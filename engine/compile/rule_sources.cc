// Compile side: see rule_sources.h.
#include "rule_sources.h"

#include <algorithm>

#include "sha256.h"

namespace bylaw::internal {

namespace {

bool IsRuleFileName(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml";
}

// True if the symlink `link` leads to a file inside `root` (canonical);
// otherwise false, with an error saying why it is not read.
bool LinkStaysInside(const std::filesystem::path& link, const std::filesystem::path& root,
                     std::vector<Diagnostic>* refused) {
  std::error_code error;
  const std::filesystem::path target = std::filesystem::canonical(link, error);
  const std::filesystem::path inside = target.lexically_relative(root);
  std::string why;
  if (error) {
    why = "cannot follow symlink: " + error.message();
  } else if (inside.empty() || *inside.begin() == "..") {
    why = "symlink leads outside the rules directory; not read";
  } else {
    return true;
  }
  refused->push_back(Diagnostic{DiagnosticLevel::kError, SourceLocation{link.string(), 0, 0}, why, ""});
  return false;
}

}  // namespace

std::vector<std::filesystem::path> ListRuleFiles(const std::filesystem::path& rules_dir,
                                                 std::error_code* error,
                                                 std::vector<Diagnostic>* refused) {
  std::vector<std::filesystem::path> paths;
  const std::filesystem::path root = std::filesystem::canonical(rules_dir, *error);
  // Symlinked directories are not entered (directory_options::none); a
  // symlinked file is read only when it resolves inside the root.
  for (std::filesystem::recursive_directory_iterator it(rules_dir, *error), end;
       !*error && it != end; it.increment(*error)) {
    if (!IsRuleFileName(it->path())) continue;
    std::error_code ignored;
    if (it->is_symlink(ignored) && !LinkStaysInside(it->path(), root, refused)) continue;
    if (it->is_regular_file(ignored)) paths.push_back(it->path());
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
