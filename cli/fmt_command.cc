// `bylaw fmt [--check] [--stdout] PATH...`: rewrites rule files into the
// canonical layout (bylaw/rule_format.h). Every file is formatted before
// any is written, so a file that cannot be formatted faithfully leaves all
// of them as they were.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "args.h"
#include "bylaw/error.h"
#include "bylaw/rule_format.h"
#include "bylaw/rule_sources.h"
#include "command_support.h"
#include "commands.h"

namespace bylaw::cli {
namespace {

namespace fs = std::filesystem;

struct FmtArgs {
  std::vector<std::string> paths;
  bool check = false;
  bool to_stdout = false;
};

// The rule files named by `path`: every `*.yaml`/`*.yml` below a folder, or
// the one file. Read through the rules reader, as every command reads them.
std::vector<SourceFile> ReadPath(const std::string& path) {
  std::error_code error;
  const bool folder = fs::is_directory(path, error);
  if (!folder && !fs::is_regular_file(path, error)) {
    throw Error("cannot read `" + path + "`: no such file or folder");
  }
  if (!folder && !path.ends_with(".yaml") && !path.ends_with(".yml")) {
    throw Error("`" + path + "` is not a rule file (`.yaml` or `.yml`)");
  }
  RuleSources sources = ReadRuleDirectory(path);
  if (!sources.ok()) {
    std::string message;
    for (const Diagnostic& diagnostic : sources.errors) message += FormatDiagnostic(diagnostic);
    throw Error("cannot read the rule files of `" + path + "`:\n" + message);
  }
  if (folder) return std::move(sources.files);
  std::vector<SourceFile> one;
  for (SourceFile& file : sources.files) {
    if (file.path == path) one.push_back(std::move(file));
  }
  return one;
}

// Replaces the file at `path` by `text` at once (a temporary file beside it,
// renamed over it), keeping its permissions.
void WriteAtomically(const std::string& path, const std::string& text) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) {
    throw Error("cannot read `" + path + "`: " + std::strerror(errno));
  }
  std::string temporary = path + ".bylaw-fmt.XXXXXX";
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) throw Error("cannot write beside `" + path + "`: " + std::strerror(errno));
  bool written = ::fchmod(fd, status.st_mode & 07777) == 0;
  for (std::size_t done = 0; written && done < text.size();) {
    const ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    written = wrote > 0;
    if (written) done += static_cast<std::size_t>(wrote);
  }
  written = written && ::fsync(fd) == 0;
  const int saved = errno;
  written = ::close(fd) == 0 && written;
  if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(written ? errno : saved);
    ::unlink(temporary.c_str());
    throw Error("cannot write `" + path + "`: " + why);
  }
}

struct Formatted {
  std::string path;
  std::string text;
  bool changed = false;
};

}  // namespace

int RunFmt(std::span<const std::string_view> arg_list) {
  FmtArgs args;
  ArgParser parser(
      "bylaw fmt [OPTIONS] PATH...",
      "Rewrites rule files (packs, vocabularies, taxonomy.yaml) into one layout: two-\n"
      "space indentation, keys in the guide's order, quotes only where YAML needs them,\n"
      "comments kept with their entry. The meaning never changes: the result is read\n"
      "back and compared with the original. Files with anchors, aliases, tags, several\n"
      "documents, duplicate keys or invalid YAML are refused with their place, and then\n"
      "no file is written. Lists the files it rewrites. Exits 0 when done, 1 when a\n"
      "file is refused or (--check) would change, 2 on a usage or write error or if\n"
      "formatting would change a file's meaning.");
  parser.AddPositionalList("PATH", "a rule file, or a folder: every .yaml/.yml file below it",
                           &args.paths);
  parser.AddFlag({"check", '\0', "", "write nothing; list the files that would change"},
                 &args.check);
  parser.AddFlag({"stdout", '\0', "", "write nothing; print the formatted text"},
                 &args.to_stdout);
  if (auto exit = ParseCommandLine(parser, "fmt", arg_list)) return *exit;

  std::vector<Formatted> results;
  std::string refusals;
  bool meaning_changed = false;
  for (const std::string& path : args.paths) {
    for (const SourceFile& file : ReadPath(path)) {
      FormattedRuleFile formatted = FormatRuleFile(file.path, file.text);
      for (const Diagnostic& error : formatted.errors) refusals += FormatDiagnostic(error);
      meaning_changed = meaning_changed || formatted.meaning_changed;
      const bool changed = formatted.ok() && formatted.text != file.text;
      results.push_back(Formatted{file.path, std::move(formatted.text), changed});
    }
  }
  if (!refusals.empty()) {
    Write(stderr, refusals + "bylaw fmt: nothing written\n");
    return meaning_changed ? kExitUsage : kExitRuleErrors;
  }
  std::string listed;
  for (const Formatted& result : results) {
    if (args.to_stdout) {
      Write(stdout, result.text);
    } else if (result.changed) {
      if (!args.check) WriteAtomically(result.path, result.text);
      listed += result.path + "\n";
    }
  }
  Write(stdout, listed);
  return args.check && !listed.empty() ? kExitRuleErrors : kExitOk;
}

}  // namespace bylaw::cli
