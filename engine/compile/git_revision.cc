// Compile side, reading rules: a rules directory as it is in a git revision
// (ReadRuleRevision, bylaw/rule_sources.h). `git ls-tree` lists the files of
// the tree REV:PATH and `git cat-file --batch` hands over their bytes, both
// started with posix_spawnp and an argument vector: no shell quotes the
// revision, and nothing is written to disk. git's own messages go to stderr.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "bylaw/rule_sources.h"
#include "compile/rule_sources.h"

extern char** environ;

namespace bylaw {
namespace {

// What a git command wrote to stdout, and whether it exited 0.
struct GitOutput {
  bool ok = false;
  std::string out;
  std::string why;  // when not ok
};

void WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t wrote = write(fd, bytes.data(), bytes.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return;  // git stopped reading: its exit status says why
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
}

// Runs `git -C repository command args...` with `input` on its stdin
// (written from a thread of its own, so that neither side waits on a full
// pipe) and collects its stdout.
GitOutput RunGit(const std::string& repository, const std::string& command,
                 const std::vector<std::string>& args, std::string_view input) {
  GitOutput result;
  int in_fds[2], out_fds[2];
  if (pipe2(in_fds, O_CLOEXEC) != 0) return {false, "", std::strerror(errno)};
  if (pipe2(out_fds, O_CLOEXEC) != 0) {
    close(in_fds[0]);
    close(in_fds[1]);
    return {false, "", std::strerror(errno)};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_fds[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_fds[1], STDOUT_FILENO);
  std::vector<std::string> argv_strings = {"git", "-C", repository, command};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t child = -1;
  const int spawned = posix_spawnp(&child, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in_fds[0]);
  close(out_fds[1]);
  if (spawned != 0) {
    close(in_fds[1]);
    close(out_fds[0]);
    return {false, "", std::string("cannot run git: ") + std::strerror(spawned)};
  }
  std::thread feeder([fd = in_fds[1], input] {
    WriteAll(fd, input);
    close(fd);
  });
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = read(out_fds[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    result.out.append(buffer, static_cast<std::size_t>(got));
  }
  close(out_fds[0]);
  feeder.join();
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  result.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!result.ok) result.why = "git " + command + " failed";
  return result;
}

struct TreeEntry {
  std::string mode, type, object, path;
};

// The entries of `git ls-tree -r -z`: "MODE TYPE OBJECT\tPATH\0".
std::vector<TreeEntry> ParseTree(std::string_view listing) {
  std::vector<TreeEntry> entries;
  while (!listing.empty()) {
    const std::size_t end = std::min(listing.find('\0'), listing.size());
    const std::string_view line = listing.substr(0, end);
    listing.remove_prefix(std::min(end + 1, listing.size()));
    const std::size_t tab = line.find('\t');
    const std::size_t space1 = line.find(' ');
    const std::size_t space2 = line.find(' ', space1 + 1);
    if (tab == std::string_view::npos || space2 == std::string_view::npos || space2 > tab) continue;
    entries.push_back(TreeEntry{std::string(line.substr(0, space1)),
                                std::string(line.substr(space1 + 1, space2 - space1 - 1)),
                                std::string(line.substr(space2 + 1, tab - space2 - 1)),
                                std::string(line.substr(tab + 1))});
  }
  return entries;
}

// The objects' bytes out of `git cat-file --batch`: for each, a header
// "OBJECT TYPE SIZE\n", the bytes, "\n". False if the output is cut short.
bool SplitBatch(std::string_view batch, std::size_t count, std::vector<std::string>* contents) {
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t newline = batch.find('\n');
    if (newline == std::string_view::npos) return false;
    const std::string_view header = batch.substr(0, newline);
    const std::size_t last_space = header.rfind(' ');
    if (last_space == std::string_view::npos) return false;
    const std::string size_text(header.substr(last_space + 1));
    char* size_end = nullptr;
    const unsigned long long size = std::strtoull(size_text.c_str(), &size_end, 10);
    batch.remove_prefix(newline + 1);
    if (size_text.empty() || *size_end != '\0' || size + 1 > batch.size()) return false;
    contents->emplace_back(batch.substr(0, size));
    batch.remove_prefix(size + 1);
  }
  return true;
}

RuleSources Refused(RuleSources sources, std::string_view spec, const std::string& why) {
  sources.files.clear();
  sources.errors.push_back(
      Diagnostic{DiagnosticLevel::kError, DiagnosticCode::kUnreadableFile,
                 SourceLocation{std::string(spec), 0, 0},
                 "cannot read rules `" + std::string(spec) + "` from git: " + why, ""});
  return sources;
}

}  // namespace

RuleSources ReadRuleRevision(std::string_view spec, const std::filesystem::path& repository) {
  RuleSources sources;
  sources.root = std::string(spec) + (spec.ends_with('/') ? "" : "/");
  const std::size_t colon = spec.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Refused(std::move(sources), spec, "expected REV:PATH, such as HEAD~1:rules");
  }
  // --end-of-options: a revision that starts with `-` is not an option.
  const std::string in = repository.string();
  const GitOutput tree = RunGit(in, "ls-tree", {"-r", "-z", "--end-of-options", std::string(spec)}, "");
  if (!tree.ok) return Refused(std::move(sources), spec, tree.why);
  std::vector<TreeEntry> entries = ParseTree(tree.out);
  std::sort(entries.begin(), entries.end(),
            [](const TreeEntry& a, const TreeEntry& b) { return a.path < b.path; });
  std::string wanted;
  std::vector<const TreeEntry*> files;
  for (const TreeEntry& entry : entries) {
    if (!internal::IsRuleFileName(entry.path)) continue;
    if (entry.mode == "120000") {
      sources.errors.push_back(Diagnostic{DiagnosticLevel::kError, DiagnosticCode::kSymlinkRefused,
                                          SourceLocation{sources.root + entry.path, 0, 0},
                                          "symbolic link in the revision; not followed", ""});
    } else if (entry.type == "blob") {
      files.push_back(&entry);
      wanted += entry.object + "\n";
    }
  }
  std::vector<std::string> contents;
  if (!files.empty()) {
    const GitOutput batch = RunGit(in, "cat-file", {"--batch"}, wanted);
    if (!batch.ok || !SplitBatch(batch.out, files.size(), &contents)) {
      return Refused(std::move(sources), spec, batch.ok ? "git cat-file answered short" : batch.why);
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    sources.files.push_back(SourceFile{sources.root + files[i]->path, std::move(contents[i])});
  }
  return sources;
}

}  // namespace bylaw
