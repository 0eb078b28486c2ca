// Compile side: see rule_sources.h.
#include "compile/rule_sources.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "rule_set.h"
#include "sha256.h"

namespace bylaw {
namespace internal {
namespace {

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
  refused->push_back(Diagnostic{DiagnosticLevel::kError, DiagnosticCode::kSymlinkRefused,
                                SourceLocation{link.string(), 0, 0}, why, ""});
  return false;
}

std::string ReadFile(const std::filesystem::path& path, std::vector<Diagnostic>* errors) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    errors->push_back(Diagnostic{DiagnosticLevel::kError, DiagnosticCode::kUnreadableFile,
                                 SourceLocation{path.string(), 0, 0}, "cannot read file", ""});
  }
  return text.str();
}

// Whether a rule file's YAML has a top-level `vocabulary:` key, as the
// loader tells vocabularies from packs (LoadRuleSet).
bool IsVocabularyText(std::string_view text) {
  for (std::size_t line = 0; line < text.size();) {
    if (text.substr(line).starts_with("vocabulary:")) return true;
    const std::size_t end = text.find('\n', line);
    line = end == std::string_view::npos ? text.size() : end + 1;
  }
  return false;
}

// One pack: the pack itself, the taxonomy beside it and every vocabulary
// below its folder, each read once (the other packs are read to be told
// apart, and dropped).
void ReadPackFiles(const std::filesystem::path& pack, RuleSources* sources) {
  const std::filesystem::path folder = pack.has_parent_path() ? pack.parent_path() : ".";
  std::error_code error;
  std::vector<Diagnostic> elsewhere;  // refused files of other packs are not needed anyway
  const std::vector<std::filesystem::path> paths = ListRuleFiles(folder, &error, &elsewhere);
  sources->files.push_back(SourceFile{pack.string(), ReadFile(pack, &sources->errors)});
  for (const std::filesystem::path& path : paths) {
    std::error_code ignored;
    if (std::filesystem::equivalent(path, pack, ignored)) continue;
    std::vector<Diagnostic> unread;
    std::string text = ReadFile(path, &unread);
    const bool beside = path.parent_path() == folder && IsTaxonomyPath(path.string());
    if (!beside && !IsVocabularyText(text)) continue;
    sources->errors.insert(sources->errors.end(), unread.begin(), unread.end());
    sources->files.push_back(SourceFile{path.string(), std::move(text)});
  }
  std::sort(sources->files.begin(), sources->files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
}

}  // namespace

bool IsRuleFileName(std::string_view path) {
  return path.ends_with(".yaml") || path.ends_with(".yml");
}

std::vector<std::filesystem::path> ListRuleFiles(const std::filesystem::path& rules_dir,
                                                 std::error_code* error,
                                                 std::vector<Diagnostic>* refused) {
  std::vector<std::filesystem::path> paths;
  const std::filesystem::path root = std::filesystem::canonical(rules_dir, *error);
  // Symlinked directories are not entered (directory_options::none); a
  // symlinked file is read only when it resolves inside the root.
  for (std::filesystem::recursive_directory_iterator it(rules_dir, *error), end;
       !*error && it != end; it.increment(*error)) {
    if (!IsRuleFileName(it->path().native())) continue;
    std::error_code ignored;
    if (it->is_symlink(ignored) && !LinkStaysInside(it->path(), root, refused)) continue;
    if (it->is_regular_file(ignored)) paths.push_back(it->path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string RulesRoot(const std::filesystem::path& rules_dir) {
  std::error_code ignored;
  std::string root = std::filesystem::is_regular_file(rules_dir, ignored)
                         ? rules_dir.parent_path().string()
                         : rules_dir.string();
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

}  // namespace internal

RuleSources ReadRuleDirectory(const std::filesystem::path& rules_dir) {
  RuleSources sources;
  sources.root = internal::RulesRoot(rules_dir);
  std::error_code error;
  sources.one_pack = internal::IsRuleFileName(rules_dir.native()) &&
                     std::filesystem::is_regular_file(rules_dir, error);
  if (sources.one_pack) {
    internal::ReadPackFiles(rules_dir, &sources);
    return sources;
  }
  std::vector<Diagnostic> refused;
  const std::vector<std::filesystem::path> paths = internal::ListRuleFiles(rules_dir, &error, &refused);
  if (error) {
    sources.errors.push_back(Diagnostic{DiagnosticLevel::kError, DiagnosticCode::kUnreadableFile,
                                        SourceLocation{rules_dir.string(), 0, 0},
                                        "cannot read rules directory: " + error.message(), ""});
    return sources;
  }
  sources.errors = std::move(refused);
  for (const std::filesystem::path& path : paths) {
    sources.files.push_back(SourceFile{path.string(), internal::ReadFile(path, &sources.errors)});
  }
  return sources;
}

std::string RulesetHash(const RuleSources& sources) {
  return sources.ok() ? internal::RulesetHash(sources.files, sources.root) : "";
}

}  // namespace bylaw
