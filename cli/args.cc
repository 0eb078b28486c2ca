// Parsing of a subcommand's arguments and the text of its --help.
#include "args.h"

#include <algorithm>
#include <utility>

namespace bylaw::cli {

ArgParser::ArgParser(std::string usage, std::string summary)
    : usage_(std::move(usage)), summary_(std::move(summary)) {
  AddFlag("help", 'h', "show this help and exit", &help_requested_);
}

void ArgParser::AddFlag(std::string name, char short_name, std::string help, bool* value) {
  options_.push_back(Option{std::move(name), short_name, "", std::move(help), value, nullptr});
}

void ArgParser::AddOption(std::string name, char short_name, std::string value_name,
                          std::string help, std::string* value) {
  options_.push_back(Option{std::move(name), short_name, std::move(value_name),
                            std::move(help), nullptr, value});
}

void ArgParser::AddRepeatedOption(std::string name, char short_name, std::string value_name,
                                  std::string help, std::vector<std::string>* values) {
  options_.push_back(Option{std::move(name), short_name, std::move(value_name), std::move(help),
                            nullptr, nullptr, values});
}

void ArgParser::AddPositional(std::string name, std::string help, std::string* value,
                              bool required) {
  positionals_.push_back(Positional{std::move(name), std::move(help), value, required});
}

const ArgParser::Option* ArgParser::FindLong(std::string_view name) const {
  for (const Option& option : options_) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

const ArgParser::Option* ArgParser::FindShort(char name) const {
  for (const Option& option : options_) {
    if (option.short_name != '\0' && option.short_name == name) return &option;
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
      error_ = "option `--" + option->name + "` takes no value";
      return false;
    }
    *option->flag = true;
    return true;
  }
  if (!has_inline_value && rest.empty()) {
    error_ = "option `" + std::string(arg) + "` needs a value (" + option->value_name + ")";
    return false;
  }
  const std::string_view value = has_inline_value ? inline_value : rest.front();
  *consumed = has_inline_value ? 0 : 1;
  if (option->values != nullptr) {
    option->values->emplace_back(value);
  } else {
    option->value->assign(value);
  }
  return true;
}

bool ArgParser::BindPositional(std::string_view arg, std::size_t* next_positional) {
  if (*next_positional >= positionals_.size()) {
    error_ = "unexpected argument `" + std::string(arg) + "`";
    return false;
  }
  positionals_[(*next_positional)++].value->assign(arg);
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

// Appends "  label   help\n" with the help aligned at `column`.
void AppendRow(std::string_view label, std::string_view help, std::size_t column,
               std::string* out) {
  out->append("  ");
  out->append(label);
  out->append(column > label.size() ? column - label.size() : 1, ' ');
  out->append(help);
  out->push_back('\n');
}

}  // namespace

std::string ArgParser::Help() const {
  std::vector<std::pair<std::string, std::string>> option_rows;
  for (const Option& option : options_) {
    std::string label = option.short_name != '\0' ? std::string{'-', option.short_name} + ", "
                                                  : std::string("    ");
    label += "--" + option.name;
    if (!option.value_name.empty()) label += " " + option.value_name;
    option_rows.emplace_back(std::move(label), option.help);
  }
  std::size_t width = 0;
  for (const auto& row : option_rows) width = std::max(width, row.first.size());
  for (const Positional& positional : positionals_) {
    width = std::max(width, positional.name.size());
  }
  const std::size_t column = width + 3;

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
