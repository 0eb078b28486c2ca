// Parsing of a subcommand's arguments and the text of its --help.
#include "args.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <utility>

#include <spdlog/fmt/fmt.h>

namespace bylaw::cli {
namespace {

// The whole of `text` as a number, or nullopt.
template <typename Number>
std::optional<Number> ReadWhole(std::string_view text) {
  Number value{};
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

constexpr std::array<std::pair<char, int>, 3> kByteUnits = {{{'G', 30}, {'M', 20}, {'K', 10}}};

// "65536", "64K", "16M", "1G" (binary units) as bytes, or nullopt.
std::optional<std::uint64_t> ReadByteSize(std::string_view text) {
  int shift = 0;
  for (const auto& [unit, unit_shift] : kByteUnits) {
    if (!text.empty() && text.back() == unit) {
      shift = unit_shift;
      text.remove_suffix(1);
    }
  }
  const std::optional<std::uint64_t> count = ReadWhole<std::uint64_t>(text);
  if (!count || *count > (std::numeric_limits<std::uint64_t>::max() >> shift)) return std::nullopt;
  return *count << shift;
}

// Bytes in the largest unit that writes them whole: 1048576 is "1M".
std::string ByteSizeText(std::uint64_t bytes) {
  for (const auto& [unit, shift] : kByteUnits) {
    const std::uint64_t size = std::uint64_t{1} << shift;
    if (bytes != 0 && bytes % size == 0) return std::to_string(bytes >> shift) + unit;
  }
  return std::to_string(bytes);
}

std::string JoinNames(std::span<const std::string_view> names, std::string_view separator) {
  std::string joined;
  for (const std::string_view name : names) {
    if (!joined.empty()) joined += separator;
    joined += name;
  }
  return joined;
}

}  // namespace

ArgParser::ArgParser(std::string usage, std::string summary)
    : usage_(std::move(usage)), summary_(std::move(summary)) {
  AddFlag({"help", 'h', "", "show this help and exit"}, &help_requested_);
}

void ArgParser::AddFlag(OptionName name, bool* value) {
  options_.push_back(Option{std::move(name), value, nullptr, "", ""});
}

void ArgParser::AddValueOption(OptionName name, Binder bind, std::string range,
                               std::string shown_default) {
  if (shown_default.empty()) shown_default = name.unset;
  options_.push_back(Option{std::move(name), nullptr, std::move(bind), std::move(range),
                            std::move(shown_default)});
}

void ArgParser::AddOption(OptionName name, std::string* value) {
  AddValueOption(
      std::move(name),
      [value](std::string_view text) {
        value->assign(text);
        return std::string();
      },
      "", *value);
}

void ArgParser::AddRepeatedOption(OptionName name, std::vector<std::string>* values) {
  AddValueOption(
      std::move(name),
      [values](std::string_view text) {
        values->emplace_back(text);
        return std::string();
      },
      "", "");
}

void ArgParser::AddInteger(OptionName name, std::int64_t low, std::int64_t high,
                           std::function<void(std::int64_t)> set,
                           std::optional<std::int64_t> current) {
  const std::string range = fmt::format("{} to {}", low, high);
  AddValueOption(
      std::move(name),
      [low, high, range, set = std::move(set)](std::string_view text) {
        const std::optional<std::int64_t> read = ReadWhole<std::int64_t>(text);
        if (!read || *read < low || *read > high) return "must be a whole number from " + range;
        set(*read);
        return std::string();
      },
      range, current ? std::to_string(*current) : std::string());
}

void ArgParser::AddReal(OptionName name, double low, double high, std::optional<double>* value) {
  const std::string range = fmt::format("{} to {}", low, high);
  AddValueOption(
      std::move(name),
      [low, high, range, value](std::string_view text) {
        const std::optional<double> read = ReadWhole<double>(text);
        if (!read || !(*read >= low && *read <= high)) return "must be a number from " + range;
        *value = *read;
        return std::string();
      },
      range, value->has_value() ? fmt::format("{}", **value) : std::string());
}

void ArgParser::AddByteSize(OptionName name, std::uint64_t low, std::uint64_t high,
                            std::size_t* value) {
  const std::string range = ByteSizeText(low) + " to " + ByteSizeText(high);
  AddValueOption(
      std::move(name),
      [low, high, range, value](std::string_view text) {
        const std::optional<std::uint64_t> read = ReadByteSize(text);
        if (!read || *read < low || *read > high) {
          return "must be a number of bytes from " + range + " (N, NK, NM or NG)";
        }
        *value = static_cast<std::size_t>(*read);
        return std::string();
      },
      range + "; K, M, G", ByteSizeText(*value));
}

void ArgParser::AddChoiceNames(OptionName name, std::vector<std::string_view> names,
                               std::function<void(std::size_t)> set,
                               std::optional<std::size_t> current) {
  const std::string listed = JoinNames(names, ", ");
  if (name.value_name.empty()) name.value_name = JoinNames(names, "|");
  AddValueOption(
      std::move(name),
      [names, listed, set = std::move(set)](std::string_view text) {
        const auto found = std::find(names.begin(), names.end(), text);
        if (found == names.end()) return "must be one of " + listed;
        set(static_cast<std::size_t>(found - names.begin()));
        return std::string();
      },
      "", current ? std::string(names[*current]) : std::string());
}

void ArgParser::AddPositional(std::string name, std::string help, std::string* value,
                              bool required) {
  positionals_.push_back(Positional{std::move(name), std::move(help), value, required});
}

void ArgParser::AddPositionalList(std::string name, std::string help,
                                  std::vector<std::string>* values) {
  positionals_.push_back(Positional{std::move(name), std::move(help), nullptr, true, values});
}

const ArgParser::Option* ArgParser::FindLong(std::string_view name) const {
  for (const Option& option : options_) {
    if (option.name.name == name) return &option;
  }
  return nullptr;
}

const ArgParser::Option* ArgParser::FindShort(char name) const {
  for (const Option& option : options_) {
    if (option.name.short_name != '\0' && option.name.short_name == name) return &option;
  }
  return nullptr;
}

bool ArgParser::BindOption(std::string_view arg, std::span<const std::string_view> rest,
                           std::size_t* consumed) {
  *consumed = 0;
  const bool is_long = arg.starts_with("--");
  std::string_view name = arg.substr(is_long ? 2 : 1);
  std::string_view inline_value;
  const std::size_t equals = name.find('=');
  const bool has_inline_value = is_long && equals != std::string_view::npos;
  if (has_inline_value) {
    inline_value = name.substr(equals + 1);
    name = name.substr(0, equals);
  }
  const Option* option = is_long ? FindLong(name) : name.size() == 1 ? FindShort(name[0]) : nullptr;
  if (option == nullptr) {
    error_ = "unknown option `" + std::string(arg) + "`";
    return false;
  }
  if (option->flag != nullptr) {
    if (has_inline_value) {
      error_ = "option `--" + option->name.name + "` takes no value";
      return false;
    }
    *option->flag = true;
    return true;
  }
  if (!has_inline_value && rest.empty()) {
    error_ = "option `" + std::string(arg) + "` needs a value (" + option->name.value_name + ")";
    return false;
  }
  const std::string_view value = has_inline_value ? inline_value : rest.front();
  *consumed = has_inline_value ? 0 : 1;
  const std::string misfit = option->bind(value);
  if (!misfit.empty()) {
    error_ =
        "option `--" + option->name.name + "` " + misfit + ", not `" + std::string(value) + "`";
    return false;
  }
  return true;
}

bool ArgParser::BindPositional(std::string_view arg, std::size_t* next_positional) {
  if (*next_positional >= positionals_.size() && !positionals_.empty() &&
      positionals_.back().values != nullptr) {
    positionals_.back().values->emplace_back(arg);
    return true;
  }
  if (*next_positional >= positionals_.size()) {
    error_ = "unexpected argument `" + std::string(arg) + "`";
    return false;
  }
  Positional& positional = positionals_[(*next_positional)++];
  if (positional.values != nullptr) {
    positional.values->emplace_back(arg);
  } else {
    positional.value->assign(arg);
  }
  return true;
}

ArgParser::Result ArgParser::Parse(std::span<const std::string_view> args) {
  error_.clear();
  // --help wins over any mistake around it, as users expect.
  for (const std::string_view arg : args) {
    if (arg == "--") break;
    if (arg == "--help" || arg == "-h") return Result::kHelp;
  }
  std::size_t next_positional = 0;
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    bool bound = true;
    if (!options_ended && arg == "--") {
      options_ended = true;
    } else if (!options_ended && arg.size() > 1 && arg[0] == '-') {
      std::size_t consumed = 0;
      bound = BindOption(arg, args.subspan(i + 1), &consumed);
      i += consumed;
    } else {
      bound = BindPositional(arg, &next_positional);
    }
    if (!bound) return Result::kError;
  }
  for (std::size_t i = next_positional; i < positionals_.size(); ++i) {
    if (positionals_[i].required) {
      error_ = "missing argument " + positionals_[i].name;
      return Result::kError;
    }
  }
  return Result::kOk;
}

namespace {

constexpr std::size_t kHelpWidth = 80;      // columns of --help's text
constexpr std::size_t kMaxHelpColumn = 32;  // a longer label puts its help below it

// Appends "  label   help\n" with the help at `column`, its words wrapped
// within kHelpWidth onto lines indented to `column`.
void AppendRow(std::string_view label, std::string_view help, std::size_t column,
               std::string* out) {
  out->append("  ");
  out->append(label);
  std::size_t at = label.size() + 2;
  if (at + 2 > column) {
    out->push_back('\n');
    at = 0;
  }
  bool first = true;
  while (!help.empty()) {
    const std::size_t end = help.find(' ');
    const std::string_view word = help.substr(0, end);
    help.remove_prefix(end == std::string_view::npos ? help.size() : end + 1);
    if (!first && at + 1 + word.size() > kHelpWidth) {
      out->push_back('\n');
      at = 0;
      first = true;
    }
    const std::size_t pad = first ? column - std::min(column, at) : 1;
    out->append(pad, ' ');
    out->append(word);
    at += pad + word.size();
    first = false;
  }
  out->push_back('\n');
}

// The help of `option` with its range and default: "text (1 to 9; default: 4)".
std::string OptionHelp(const OptionName& name, std::string_view range,
                       std::string_view shown_default) {
  std::string help = name.help;
  std::string notes(range);
  if (!shown_default.empty()) {
    notes += (notes.empty() ? "default: " : "; default: ") + std::string(shown_default);
  }
  if (!notes.empty()) help += " (" + notes + ")";
  return help;
}

}  // namespace

std::string ArgParser::Help() const {
  std::vector<std::pair<std::string, std::string>> option_rows;
  for (const Option& option : options_) {
    const OptionName& name = option.name;
    std::string label =
        name.short_name != '\0' ? std::string{'-', name.short_name} + ", " : std::string("    ");
    label += "--" + name.name;
    if (option.flag == nullptr) label += " " + name.value_name;
    option_rows.emplace_back(std::move(label),
                             OptionHelp(name, option.range, option.shown_default));
  }
  std::size_t width = 0;
  for (const auto& row : option_rows) width = std::max(width, row.first.size());
  for (const Positional& positional : positionals_) {
    width = std::max(width, positional.name.size());
  }
  const std::size_t column = std::min(width + 4, kMaxHelpColumn);

  std::string out = "Usage: " + usage_ + "\n\n" + summary_ + "\n";
  if (!positionals_.empty()) {
    out += "\nArguments:\n";
    for (const Positional& positional : positionals_) {
      AppendRow(positional.name, positional.help, column, &out);
    }
  }
  out += "\nOptions:\n";
  for (const auto& [label, help] : option_rows) AppendRow(label, help, column, &out);
  return out;
}

}  // namespace bylaw::cli
