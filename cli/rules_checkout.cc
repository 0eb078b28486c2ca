// Rules from a directory or a git revision. See rules_checkout.h.
#include "rules_checkout.h"

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>

#include "bylaw/error.h"

namespace bylaw::cli {
namespace {

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Runs `command` with /bin/sh; true when it exits 0.
bool Succeeds(const std::string& command) {
  const int status = std::system(command.c_str());
  return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

RulesCheckout::RulesCheckout(const std::string& spec) {
  std::error_code error;
  if (std::filesystem::is_directory(spec, error)) {
    directory_ = spec;
    return;
  }
  const std::size_t colon = spec.find(':');
  if (colon == std::string::npos || colon == 0) {
    throw Error("rules `" + spec + "` are neither a directory nor a git revision REV:PATH " +
                "(such as HEAD~1:rules)");
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "bylaw-rules.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw Error("cannot create a temporary directory");
  temporary_ = pattern;
  directory_ = temporary_ + "/rules";
  const std::string archive = temporary_ + "/rules.tar";
  // `--` keeps a revision that starts with `-` from being read as an option.
  if (!Succeeds("git archive --format=tar -o " + ShellQuote(archive) + " -- " + ShellQuote(spec)) ||
      !std::filesystem::create_directory(directory_, error) ||
      !Succeeds("tar -xf " + ShellQuote(archive) + " -C " + ShellQuote(directory_))) {
    std::filesystem::remove_all(temporary_, error);
    throw Error("cannot read rules `" + spec + "` from git (git archive " + spec + " failed)");
  }
}

RulesCheckout::~RulesCheckout() {
  if (temporary_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(temporary_, ignored);
}

}  // namespace bylaw::cli
