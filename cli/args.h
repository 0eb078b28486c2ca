// The command-line parser of the `bylaw` subcommands: long and short
// options, flags, positionals, `--` and a generated --help. Options are
// typed: numbers with their range, byte sizes, one of a set of choices, or
// text; a value that does not fit is a usage error naming the option, and
// --help shows each option's range or choices and its default. Small on
// purpose; the CLI takes no dependency for this.
#ifndef BYLAW_CLI_ARGS_H_
#define BYLAW_CLI_ARGS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bylaw::cli {

// How an option is named and shown: `--name VALUE` (or `-x VALUE` when
// `short_name` is set), with `help` in --help. For a flag, `value_name` is
// ignored. `unset` says what happens when an option bound to an empty
// std::optional is not given ("the source's batch size"); --help shows it as
// the default.
struct OptionName {
  std::string name;
  char short_name = '\0';
  std::string value_name;
  std::string help;
  std::string unset = {};
};

// One of an option's choices: what the user types and the value it sets.
template <typename T>
struct Choice {
  std::string_view name;
  T value;
};

// Declares one subcommand's arguments, binds each to a variable of the
// caller, and parses a command line into them. `-h`/`--help` is always
// declared. Options take `--name VALUE`, `--name=VALUE` or `-x VALUE`; a lone
// `-` is a positional (stdin); after `--` everything is positional.
//
// A bound variable's value when it is declared is the option's default, and
// --help shows it; an std::optional left empty means "not given", and the
// option's help says what happens then. The bound variables must outlive
// Parse().
class ArgParser {
 public:
  // `usage` is the synopsis after "Usage: " (e.g. "bylaw check [OPTIONS]
  // RULES_DIR"); `summary` is one sentence shown under it in --help.
  ArgParser(std::string usage, std::string summary);

  // A switch: set to true when present.
  void AddFlag(OptionName name, bool* value);
  // Text; the last occurrence wins.
  void AddOption(OptionName name, std::string* value);
  // Text that may be given several times; each value is appended.
  void AddRepeatedOption(OptionName name, std::vector<std::string>* values);
  // A whole number from `low` to `high`.
  template <typename Int>
  void AddNumber(OptionName name, Int low, Int high, Int* value);
  template <typename Int>
  void AddNumber(OptionName name, Int low, Int high, std::optional<Int>* value);
  // A number from `low` to `high` with a fraction, such as 0.9.
  void AddReal(OptionName name, double low, double high, std::optional<double>* value);
  // A count of bytes from `low` to `high`, written N, NK, NM or NG (binary
  // units: 64K is 65536).
  void AddByteSize(OptionName name, std::uint64_t low, std::uint64_t high, std::size_t* value);
  // One of `choices`, by name. The value name in --help lists them.
  template <typename T>
  void AddChoice(OptionName name, std::vector<Choice<T>> choices, T* value);
  // The next positional argument. Optional ones must come after required ones.
  void AddPositional(std::string name, std::string help, std::string* value,
                     bool required = true);
  // Every positional argument left, at least one; declared last.
  void AddPositionalList(std::string name, std::string help, std::vector<std::string>* values);

  enum class Result {
    kOk,    // every argument was bound
    kHelp,  // --help was given; print Help() and exit 0
    kError  // usage error; see error()
  };
  // Parses the arguments that follow the subcommand name.
  Result Parse(std::span<const std::string_view> args);

  // The usage error of the last Parse(), such as "unknown option `--jsn`" or
  // "option `--batch` must be a whole number from 1 to 100000, not `0`".
  const std::string& error() const { return error_; }
  const std::string& usage() const { return usage_; }
  // The text of --help: usage, summary, arguments and options.
  std::string Help() const;

 private:
  // Reads one value into the bound variable; the error's text ("must be
  // ...") when the value does not fit, else empty.
  using Binder = std::function<std::string(std::string_view)>;

  struct Option {
    OptionName name;
    bool* flag = nullptr;  // a flag; otherwise `bind` takes the value
    Binder bind;
    std::string range;          // "1 to 100000", or "" when none is shown
    std::string shown_default;  // "" when none is shown
  };
  struct Positional {
    std::string name;
    std::string help;
    std::string* value = nullptr;
    bool required = true;
    std::vector<std::string>* values = nullptr;  // a list: takes every argument left
  };

  void AddValueOption(OptionName name, Binder bind, std::string range, std::string shown_default);
  // The type-erased number and choice declarations behind the templates.
  void AddInteger(OptionName name, std::int64_t low, std::int64_t high,
                  std::function<void(std::int64_t)> set, std::optional<std::int64_t> current);
  void AddChoiceNames(OptionName name, std::vector<std::string_view> names,
                      std::function<void(std::size_t)> set, std::optional<std::size_t> current);

  const Option* FindLong(std::string_view name) const;
  const Option* FindShort(char name) const;
  // Binds one `--name[=value]` or `-x` argument. `rest` holds the arguments
  // after it; *consumed is how many of them were taken as its value (0 or 1).
  // False (with error_ set) on an unknown option, a missing value or a value
  // that does not fit.
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

template <typename Int>
void ArgParser::AddNumber(OptionName name, Int low, Int high, Int* value) {
  AddInteger(
      std::move(name), static_cast<std::int64_t>(low), static_cast<std::int64_t>(high),
      [value](std::int64_t read) { *value = static_cast<Int>(read); },
      static_cast<std::int64_t>(*value));
}

template <typename Int>
void ArgParser::AddNumber(OptionName name, Int low, Int high, std::optional<Int>* value) {
  std::optional<std::int64_t> current;
  if (value->has_value()) current = static_cast<std::int64_t>(**value);
  AddInteger(
      std::move(name), static_cast<std::int64_t>(low), static_cast<std::int64_t>(high),
      [value](std::int64_t read) { *value = static_cast<Int>(read); }, current);
}

template <typename T>
void ArgParser::AddChoice(OptionName name, std::vector<Choice<T>> choices, T* value) {
  std::vector<std::string_view> names;
  std::optional<std::size_t> current;
  for (const Choice<T>& choice : choices) {
    if (choice.value == *value && !current) current = names.size();
    names.push_back(choice.name);
  }
  AddChoiceNames(
      std::move(name), std::move(names),
      [value, choices = std::move(choices)](std::size_t index) { *value = choices[index].value; },
      current);
}

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_ARGS_H_
