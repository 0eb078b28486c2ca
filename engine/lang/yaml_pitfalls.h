// Mistakes in a YAML file that yaml-cpp either reads without complaint or
// reports in parser terms, found in the file's text before it is parsed:
//   - #borg          an unquoted hashtag is a comment: the item is empty
//   <TAB>- id: x     YAML indents with spaces only
// and yaml-cpp's syntax errors said in an author's terms, with what to
// write instead. Private to the loader (rule_set_loader.cc); text only, no
// yaml-cpp.
#ifndef BYLAW_ENGINE_LANG_YAML_PITFALLS_H_
#define BYLAW_ENGINE_LANG_YAML_PITFALLS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/diagnostic.h"

namespace bylaw::internal {

// One mistake, 1-based.
struct YamlPitfall {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
  DiagnosticCode code = DiagnosticCode::kYamlSyntax;
};

// Every unquoted hashtag (a `#` right after `- `, `: `, `[` or `, `, with a
// letter, digit or `_` after it) outside quoted and block scalars, and the
// first line indented with a tab (the message counts the others), in line
// order.
std::vector<YamlPitfall> FindYamlPitfalls(std::string_view text);

// Whether a line of YAML holds nothing but spaces and perhaps a comment.
bool IsBlankOrComment(std::string_view line);

// yaml-cpp's syntax error `message`, reported at `line`:`column` (1-based)
// of `text`, said in an author's terms: what to write instead when the
// error is one of bad indentation or a tab, and for an unclosed `[` or `{`
// the place of that bracket; else "yaml syntax: " + message where yaml-cpp
// put it.
YamlPitfall ExplainYamlError(std::string_view message, std::string_view text, std::uint32_t line,
                             std::uint32_t column);

}  // namespace bylaw::internal

#endif  // BYLAW_ENGINE_LANG_YAML_PITFALLS_H_
