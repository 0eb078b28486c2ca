// Before yaml-cpp reads a file: the mistakes YAML would hide or word in
// parser terms, found in the raw text (see yaml_pitfalls.h).
#include "yaml_pitfalls.h"

#include <algorithm>
#include <cctype>

namespace bylaw::internal {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return lines;
}

std::size_t Indentation(std::string_view line) {
  return std::min(line.find_first_not_of(" \t"), line.size());
}

bool IsHashtagChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return std::isalnum(byte) || c == '_' || byte >= 0x80;
}

// Whether the line opens a block scalar: its value is `|` or `>`, with
// optional chomping and indentation indicators (`|-`, `>+2`).
bool OpensBlockScalar(std::string_view line) {
  const std::size_t comment = line.find(" #");
  line = line.substr(0, comment);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  while (!line.empty() && (line.back() == '-' || line.back() == '+' ||
                           std::isdigit(static_cast<unsigned char>(line.back())))) {
    line.remove_suffix(1);
  }
  if (line.empty() || (line.back() != '|' && line.back() != '>')) return false;
  line.remove_suffix(1);
  return line.empty() || line.back() == ' ' || line.back() == ':' || line.back() == '-';
}

// The unquoted hashtag on `line`, as the column (0-based) of its `#`, or
// npos. Walks the line as YAML would: a quote opens a quoted scalar only
// where a value starts, and a `#` after a space outside quotes starts a
// comment, which ends the line.
std::size_t HashtagColumn(std::string_view line) {
  bool value_start = true;   // a value may start here
  bool after_indicator = false;  // `- `, `: `, `[` or `,` came before: not a whole-line comment
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    const bool spaced = i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t';
    if (c == ' ' || c == '\t') continue;
    if (c == '#' && spaced) {
      return after_indicator && value_start && i + 1 < line.size() && IsHashtagChar(line[i + 1])
                 ? i
                 : std::string_view::npos;
    }
    if (value_start && (c == '"' || c == '\'')) {
      for (++i; i < line.size() && line[i] != c; ++i) {
        if (c == '"' && line[i] == '\\') ++i;
      }
      value_start = false;
      continue;
    }
    const bool indicator = ((c == '-' || c == ':') &&
                            (i + 1 == line.size() || line[i + 1] == ' ' || line[i + 1] == '\t')) ||
                           c == '[' || c == '{' || c == ',';
    value_start = indicator;
    after_indicator = after_indicator || indicator;
  }
  return std::string_view::npos;
}

std::string HashtagMessage(std::string_view line, std::size_t column) {
  const std::size_t end = std::min(line.find_first_of(" \t,]}", column), line.size());
  const std::string tag(line.substr(column, end - column));
  return "`" + tag + "` is a YAML comment, not a hashtag, and leaves this value empty; " +
         "quote the hashtag: `\"" + tag + "\"`";
}

// The start of a line's content, up to its key's `:` ("action:", "- id:"),
// or its first word.
std::string_view Lead(std::string_view line) {
  line.remove_prefix(Indentation(line));
  const std::size_t colon = line.find(": ");
  const std::size_t end = colon != std::string_view::npos ? colon + 1
                          : line.ends_with(':')          ? line.size()
                                                          : std::min(line.find(' ', 2), line.size());
  return line.substr(0, end);
}

bool IsItem(std::string_view line) {
  line.remove_prefix(Indentation(line));
  return line == "-" || line.starts_with("- ");
}

// The column (0-based) where the key of `line` starts: after `- ` for an item.
std::size_t KeyIndentation(std::string_view line) {
  const std::size_t indent = Indentation(line);
  return IsItem(line) ? indent + 2 : indent;
}

// For an error at `lines[at]`, the line it should line up with: the
// nearest `-` item above for an item, else the line just above; npos when
// there is none.
std::size_t Sibling(const std::vector<std::string_view>& lines, std::size_t at) {
  for (std::size_t i = at; i-- > 0;) {
    if (IsBlankOrComment(lines[i])) continue;
    if (!IsItem(lines[at]) || IsItem(lines[i])) return i;
  }
  return std::string_view::npos;
}

std::string Spaces(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " space" : " spaces");
}

std::string IndentationMessage(std::string_view text, std::uint32_t line) {
  const std::string rule =
      "keys of one map, and the `-` items of one list, must start in the same column "
      "(indent with spaces)";
  const std::vector<std::string_view> lines = SplitLines(text);
  if (line == 0 || line > lines.size() || IsBlankOrComment(lines[line - 1])) {
    return "bad indentation: " + rule;
  }
  const std::size_t at = line - 1, sibling = Sibling(lines, at);
  const std::size_t indent = Indentation(lines[at]);
  if (sibling == std::string_view::npos) return "bad indentation: " + rule;
  const std::size_t want = IsItem(lines[at]) ? Indentation(lines[sibling]) : KeyIndentation(lines[sibling]);
  if (want == indent) return "bad indentation: " + rule;
  std::string_view other = Lead(lines[sibling]);
  if (!IsItem(lines[at]) && IsItem(lines[sibling])) {
    other.remove_prefix(std::min<std::size_t>(2, other.size()));  // its key (none after a bare `-`)
  }
  return "bad indentation: `" + std::string(Lead(lines[at])) + "` is indented " + Spaces(indent) +
         ", but `" + std::string(other) + "` on line " + std::to_string(sibling + 1) +
         " is indented " + std::to_string(want) + "; " + rule;
}

// The innermost `[` or `{` still open at the end of line `last` (1-based),
// outside quoted scalars and comments; line 0 when none is.
YamlPitfall UnclosedBracket(std::string_view text, std::uint32_t last) {
  const std::vector<std::string_view> lines = SplitLines(text);
  std::vector<YamlPitfall> open;
  for (std::size_t n = 0; n < lines.size() && n < last; ++n) {
    const std::string_view line = lines[n];
    bool value_start = true;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (c == ' ' || c == '\t') continue;
      if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) break;
      if (value_start && (c == '"' || c == '\'')) {
        for (++i; i < line.size() && line[i] != c; ++i) {
          if (c == '"' && line[i] == '\\') ++i;
        }
        value_start = false;
        continue;
      }
      if (c == '[' || c == '{') {
        open.push_back({static_cast<std::uint32_t>(n + 1), static_cast<std::uint32_t>(i + 1), ""});
      } else if ((c == ']' || c == '}') && !open.empty()) {
        open.pop_back();
      }
      value_start = c == '[' || c == '{' || c == ',' ||
                    ((c == ':' || c == '-') && (i + 1 == line.size() || line[i + 1] == ' '));
    }
  }
  return open.empty() ? YamlPitfall{} : open.back();
}

}  // namespace

bool IsBlankOrComment(std::string_view line) {
  const std::size_t first = line.find_first_not_of(" \t\r");
  return first == std::string_view::npos || line[first] == '#';
}

YamlPitfall ExplainYamlError(std::string_view message, std::string_view text, std::uint32_t line,
                             std::uint32_t column) {
  YamlPitfall explained{line, column, ""};
  if (message == "end of sequence not found" || message == "end of map not found" ||
      message == "illegal map value" || message == "illegal block entry" ||
      message == "illegal map key") {
    explained.message = IndentationMessage(text, line);
    return explained;
  }
  const bool list = message == "end of sequence flow not found";
  if (list || message == "end of map flow not found") {
    if (const YamlPitfall bracket = UnclosedBracket(text, line); bracket.line != 0) {
      explained = bracket;
    }
    explained.message = list ? "this `[` list is not closed with `]` (a value holding `#`, `,`, "
                               "`[` or `]` needs quotes)"
                             : "this `{` map is not closed with `}` (a value holding `#`, `,`, "
                               "`{` or `}` needs quotes)";
    return explained;
  }
  if (message == "illegal tab when looking for indentation") {
    explained.code = DiagnosticCode::kYamlTabIndent;
  }
  explained.message = message == "illegal tab when looking for indentation"
                           ? "tab in the indentation: YAML indents with spaces only; replace the "
                             "tab with spaces"
                           : "yaml syntax: " + std::string(message);
  return explained;
}

std::vector<YamlPitfall> FindYamlPitfalls(std::string_view text) {
  const std::vector<std::string_view> lines = SplitLines(text);
  std::vector<YamlPitfall> pitfalls;
  YamlPitfall first_tab;
  std::size_t tab_lines = 0;
  std::size_t block_indent = std::string_view::npos;  // indentation of a block scalar's key
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const std::size_t indent = Indentation(line);
    if (block_indent != std::string_view::npos) {
      if (indent == line.size() || indent > block_indent) continue;  // the scalar's text
      block_indent = std::string_view::npos;
    }
    const auto number = static_cast<std::uint32_t>(i + 1);
    const std::size_t tab = line.substr(0, indent).find('\t');
    if (tab != std::string_view::npos && !IsBlankOrComment(line) && tab_lines++ == 0) {
      first_tab = {number, static_cast<std::uint32_t>(tab + 1), "", DiagnosticCode::kYamlTabIndent};
    }
    if (const std::size_t column = HashtagColumn(line); column != std::string_view::npos) {
      pitfalls.push_back({number, static_cast<std::uint32_t>(column + 1),
                          HashtagMessage(line, column), DiagnosticCode::kYamlUnquotedHashtag});
    }
    if (OpensBlockScalar(line)) block_indent = indent;
  }
  if (tab_lines != 0) {
    first_tab.message = "tab in the indentation: YAML indents with spaces only; replace the tab "
                        "with spaces";
    if (tab_lines > 1) {
      first_tab.message += " (" + std::to_string(tab_lines - 1) + " more line" +
                           (tab_lines > 2 ? "s" : "") + " below " +
                           (tab_lines > 2 ? "are" : "is") + " indented with tabs too)";
    }
    pitfalls.push_back(std::move(first_tab));
    std::sort(pitfalls.begin(), pitfalls.end(),
              [](const YamlPitfall& a, const YamlPitfall& b) { return a.line < b.line; });
  }
  return pitfalls;
}

}  // namespace bylaw::internal
