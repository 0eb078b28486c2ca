// The command-line parser of the `bylaw` subcommands: long and short
// options, flags, positionals, `--` and a generated --help. Small on purpose;
// the CLI takes no dependency for this.
#ifndef BYLAW_CLI_ARGS_H_
#define BYLAW_CLI_ARGS_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::cli {

// Declares one subcommand's arguments, binds each to a variable of the
// caller, and parses a command line into them. `-h`/`--help` is always
// declared. Options take `--name VALUE`, `--name=VALUE` or `-x VALUE`; a lone
// `-` is a positional (stdin); after `--` everything is positional.
// The bound variables must outlive Parse().
class ArgParser {
 public:
  // `usage` is the synopsis after "Usage: " (e.g. "bylaw check [OPTIONS]
  // RULES_DIR"); `summary` is one sentence shown under it in --help.
  ArgParser(std::string usage, std::string summary);

  // A switch: set to true when present. `short_name` may be '\0'.
  void AddFlag(std::string name, char short_name, std::string help, bool* value);
  // An option with a value; the last occurrence wins.
  void AddOption(std::string name, char short_name, std::string value_name,
                 std::string help, std::string* value);
  // An option that may be given several times; each value is appended.
  void AddRepeatedOption(std::string name, char short_name, std::string value_name,
                         std::string help, std::vector<std::string>* values);
  // The next positional argument. Optional ones must come after required ones.
  void AddPositional(std::string name, std::string help, std::string* value,
                     bool required = true);

  enum class Result {
    kOk,    // every argument was bound
    kHelp,  // --help was given; print Help() and exit 0
    kError  // usage error; see error()
  };
  // Parses the arguments that follow the subcommand name.
  Result Parse(std::span<const std::string_view> args);

  // The usage error of the last Parse(), such as "unknown option `--jsn`".
  const std::string& error() const { return error_; }
  const std::string& usage() const { return usage_; }
  // The text of --help: usage, summary, arguments and options.
  std::string Help() const;

 private:
  struct Option {
    std::string name;
    char short_name = '\0';
    std::string value_name;  // empty for a flag
    std::string help;
    bool* flag = nullptr;
    std::string* value = nullptr;
    std::vector<std::string>* values = nullptr;  // a repeated option
  };
  struct Positional {
    std::string name;
    std::string help;
    std::string* value = nullptr;
    bool required = true;
  };

  const Option* FindLong(std::string_view name) const;
  const Option* FindShort(char name) const;
  // Binds one `--name[=value]` or `-x` argument. `rest` holds the arguments
  // after it; *consumed is how many of them were taken as its value (0 or 1).
  // False (with error_ set) on an unknown option or a missing value.
  bool BindOption(std::string_view arg, std::span<const std::string_view> rest,
                  std::size_t* consumed);
  bool BindPositional(std::string_view arg, std::size_t* next_positional);

  std::string usage_;
  std::string summary_;
  std::vector<Option> options_;
  std::vector<Positional> positionals_;
  bool help_requested_ = false;
  std::string error_;
};

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_ARGS_H_
