// The YAML of one rule file as `bylaw fmt` sees it: a small tree of nodes
// with the comments and blank lines of the text attached to the entries
// they belong to, built from yaml-cpp's events (yaml-cpp keeps no comments,
// so they are found in the text). Private to the formatter (rule_format.cc);
// built in rule_set_loader.cc, the one file that knows yaml-cpp.
#ifndef BYLAW_ENGINE_LANG_YAML_TREE_H_
#define BYLAW_ENGINE_LANG_YAML_TREE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostic_sink.h"

namespace bylaw::internal {

enum class YamlKind : std::uint8_t { kNull, kScalar, kSequence, kMap };
enum class ScalarStyle : std::uint8_t { kPlain, kQuoted, kBlock };
// What a scalar means to YAML: a plain scalar is typed by its text.
enum class ScalarType : std::uint8_t { kNull, kBool, kNumber, kString };

struct YamlEntry;

struct YamlNode {
  YamlKind kind = YamlKind::kNull;
  ScalarStyle style = ScalarStyle::kPlain;
  std::string value;        // a scalar's value
  std::uint32_t line = 0;   // 1-based, where the node starts
  std::uint32_t column = 0;
  bool flow = false;        // a collection written `[...]` or `{...}`
  bool one_line = true;     // every node inside starts on this node's line
  // A block scalar: its header (`|`, `>-`, `|+`, without an indentation
  // digit or comment) and its lines without their indentation ("" for a
  // blank line); `leading_space` when the first text line starts with a
  // space, which needs an indentation digit.
  std::string block_header;
  std::vector<std::string> block_lines;
  bool leading_space = false;
  std::vector<std::unique_ptr<YamlEntry>> entries;  // a collection's
};

// A map's key and value, or a sequence's item (no key).
struct YamlEntry {
  std::unique_ptr<YamlNode> key;
  std::unique_ptr<YamlNode> value;
  // The own-line comments above the entry ("# ..." without indentation),
  // and "" for a blank line (runs of blank lines count as one).
  std::vector<std::string> leading;
  std::string trailing;  // the comment at the end of its first line, or ""
  std::uint32_t trailing_column = 0;  // 0-based column of its `#` in the text read
};

struct YamlDocument {
  // The comments at the top of the file that a blank line separates from
  // the first entry: they stay first whatever the order of the keys.
  std::vector<std::string> header;
  std::unique_ptr<YamlNode> root;   // never null; kNull for an empty file
  std::vector<std::string> trailer; // comments after the last entry
};

// Parses `text`. Everything the tree cannot hold faithfully is reported to
// `sink` as an error located in `path` (anchors, aliases, tags, several
// documents, duplicate keys, keys that are not scalars, invalid YAML or
// UTF-8); the tree is then incomplete and must not be printed.
YamlDocument ParseYamlTree(const std::string& path, std::string_view text, DiagnosticSink* sink);

// How YAML types a scalar written as `text`, plain (unquoted).
ScalarType PlainScalarType(std::string_view text);

// Whether two trees hold the same values with the same types (maps compared
// by key, in any order), comments and layout aside.
bool SameYamlValues(const YamlNode& a, const YamlNode& b);

}  // namespace bylaw::internal

#endif  // BYLAW_ENGINE_LANG_YAML_TREE_H_
