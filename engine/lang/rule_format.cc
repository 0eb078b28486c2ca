// `bylaw fmt`'s printer: the YamlNode tree of a rule file (yaml_tree.h) in
// the canonical layout, then read back and compared with the original, so
// that a file is only ever rewritten into text that means the same.
#include "bylaw/rule_format.h"

#include <algorithm>
#include <array>

#include "diagnostic_sink.h"
#include "yaml_pitfalls.h"
#include "yaml_tree.h"

namespace bylaw {
namespace {

using internal::ScalarStyle;
using internal::ScalarType;
using internal::YamlDocument;
using internal::YamlEntry;
using internal::YamlKind;
using internal::YamlNode;

// The kinds of map whose keys have an order (the guide's), and the maps
// they hold.
enum class MapKind {
  kOther, kPack, kVocabulary, kTaxonomy, kDefaults, kTerms, kTerm, kTermMap, kPattern,
  kRule, kExamples, kBreaker, kResource, kCategory
};

const std::vector<std::string_view>& KeyOrder(MapKind kind) {
  static const std::vector<std::string_view> kNone;
  static const std::vector<std::string_view> kPack = {
      "category", "description", "defaults", "import", "unless", "evasion", "terms", "rules"};
  static const std::vector<std::string_view> kVocabulary = {"vocabulary", "language",
                                                            "description", "evasion", "terms"};
  static const std::vector<std::string_view> kTaxonomy = {"resources", "categories"};
  static const std::vector<std::string_view> kDefaults = {"action", "severity"};
  static const std::vector<std::string_view> kTermMap = {"evasion", "patterns", "except"};
  static const std::vector<std::string_view> kPattern = {
      "text",      "regex",          "literal", "fuzzy",  "within_words", "starts_word",
      "ends_word", "case_sensitive", "fields",  "evasion"};
  static const std::vector<std::string_view> kRule = {
      "id",        "title",  "when",            "unless",   "action", "severity",
      "labels",    "resources", "status",       "circuit_breaker", "examples", "author",
      "created",   "references", "maturity",    "false_positives"};
  static const std::vector<std::string_view> kExamples = {"flag", "pass"};
  static const std::vector<std::string_view> kBreaker = {"max_rate", "window"};
  static const std::vector<std::string_view> kResource = {"id", "title", "url"};
  static const std::vector<std::string_view> kCategory = {"id", "title", "section",
                                                          "description", "resources"};
  switch (kind) {
    case MapKind::kPack: return kPack;
    case MapKind::kVocabulary: return kVocabulary;
    case MapKind::kTaxonomy: return kTaxonomy;
    case MapKind::kDefaults: return kDefaults;
    case MapKind::kTermMap: return kTermMap;
    case MapKind::kPattern: return kPattern;
    case MapKind::kRule: return kRule;
    case MapKind::kExamples: return kExamples;
    case MapKind::kBreaker: return kBreaker;
    case MapKind::kResource: return kResource;
    case MapKind::kCategory: return kCategory;
    default: return kNone;
  }
}

bool HasKey(const YamlNode& map, std::string_view key) {
  return std::any_of(map.entries.begin(), map.entries.end(),
                     [key](const auto& entry) { return entry->key && entry->key->value == key; });
}

// The kind of the maps found under `key` of a map of kind `parent` (directly,
// or as items of a list).
MapKind ValueKind(MapKind parent, std::string_view key) {
  switch (parent) {
    case MapKind::kPack:
      if (key == "defaults") return MapKind::kDefaults;
      [[fallthrough]];
    case MapKind::kVocabulary:
      if (key == "terms") return MapKind::kTerms;
      return parent == MapKind::kPack && key == "rules" ? MapKind::kRule : MapKind::kOther;
    case MapKind::kTaxonomy:
      return key == "resources" ? MapKind::kResource
             : key == "categories" ? MapKind::kCategory : MapKind::kOther;
    case MapKind::kTerms: return MapKind::kTerm;
    case MapKind::kTermMap:
      return key == "patterns" || key == "except" ? MapKind::kPattern : MapKind::kOther;
    case MapKind::kRule:
      return key == "examples" ? MapKind::kExamples
             : key == "circuit_breaker" ? MapKind::kBreaker : MapKind::kOther;
    default: return MapKind::kOther;
  }
}

// A term is a list of patterns, a pattern, or a map with `patterns:`.
MapKind Resolve(MapKind kind, const YamlNode& map) {
  if (kind != MapKind::kTerm) return kind;
  return HasKey(map, "patterns") || HasKey(map, "except") ? MapKind::kTermMap : MapKind::kPattern;
}

// The entries of `map` in the order of its kind: known keys first in the
// table's order, then the others as they were.
std::vector<const YamlEntry*> Ordered(const YamlNode& node, MapKind kind) {
  std::vector<const YamlEntry*> entries;
  for (const auto& entry : node.entries) entries.push_back(entry.get());
  if (node.kind != YamlKind::kMap) return entries;
  const std::vector<std::string_view>& order = KeyOrder(kind);
  const auto rank = [&order](const YamlEntry* entry) {
    return std::find(order.begin(), order.end(), entry->key->value) - order.begin();
  };
  std::stable_sort(entries.begin(), entries.end(),
                   [&rank](const YamlEntry* a, const YamlEntry* b) { return rank(a) < rank(b); });
  return entries;
}

// ---------------------------------------------------------------------------
// Scalars

// Whether `text` holds what only a double-quoted string can write: control
// characters, line breaks (YAML's Unicode ones too) and a byte-order mark.
bool NeedsEscapes(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7F) return true;
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("\xC2\x85") || rest.starts_with("\xE2\x80\xA8") ||
        rest.starts_with("\xE2\x80\xA9") || rest.starts_with("\xEF\xBB\xBF")) {
      return true;
    }
  }
  return false;
}

// Whether `text` reads back as this same string when written unquoted.
bool PlainSafe(std::string_view text, bool flow) {
  if (text.empty() || internal::PlainScalarType(text) != ScalarType::kString ||
      NeedsEscapes(text) || text.front() == ' ' || text.back() == ' ') {
    return false;
  }
  constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  const char first = text.front();
  if (kIndicators.find(first) != std::string_view::npos) {
    const bool dash_like = first == '-' || first == '?' || first == ':';
    if (!dash_like || text.size() == 1 || text[1] == ' ' || (flow && first != '-')) return false;
  }
  if (text.starts_with("---") || text.starts_with("...") || text.back() == ':' ||
      text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos) {
    return false;
  }
  return !flow || text.find_first_of(",[]{}:#") == std::string_view::npos;
}

std::string SingleQuoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string DoubleQuoted(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::string_view rest = text.substr(i);
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += static_cast<char>(byte);
    } else if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else if (rest.starts_with("\xC2\x85")) {
      out += "\\u0085";
      i += 1;
    } else if (rest.starts_with("\xE2\x80\xA8") || rest.starts_with("\xE2\x80\xA9")) {
      out += rest[2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else if (rest.starts_with("\xEF\xBB\xBF")) {
      out += "\\uFEFF";
      i += 2;
    } else {
      out += static_cast<char>(byte);
    }
  }
  return out + "\"";
}

// A scalar as written on one line: plain when YAML reads it back as the
// same value of the same type, else in double quotes, or in single quotes
// when that spares escaping `"` or `\`. A regex is always single-quoted.
std::string ScalarText(const YamlNode& node, bool flow, bool regex = false) {
  if (node.kind == YamlKind::kNull) return "";
  const std::string& value = node.value;
  if (node.style == ScalarStyle::kPlain &&
      internal::PlainScalarType(value) != ScalarType::kString) {
    return value;
  }
  if (NeedsEscapes(value)) return DoubleQuoted(value);
  if (!regex && PlainSafe(value, flow)) return value;
  if (regex || value.find_first_of("\"\\") != std::string::npos) return SingleQuoted(value);
  return DoubleQuoted(value);
}

// ---------------------------------------------------------------------------
// Printing

constexpr std::size_t kFlowWidth = 100;  // a flow collection longer than this goes block

class Printer {
 public:
  std::string Print(const YamlDocument& document, MapKind root_kind);

 private:
  // A line; `trailing` after it, at `column` when the line is shorter.
  void Emit(std::string line, const std::string& trailing = "", std::size_t column = 0);
  void Comments(const std::vector<std::string>& lines, std::size_t indent);
  void Entries(const YamlNode& node, MapKind kind, std::size_t indent, std::string first_prefix);
  // Prints the value of an entry whose first line so far is `line` (ending
  // in `key:` or `-`); `indent` is the entry's.
  void Value(const YamlNode& value, MapKind kind, std::size_t indent, std::string line,
             const YamlEntry& entry, bool regex);
  // The collection on one line, or "" when it must go block.
  std::string Flow(const YamlNode& node, MapKind kind) const;

  std::string out_;
  bool last_blank_ = true;     // no blank line at the top of the file or after another
  bool opened_block_ = false;  // no blank line right after `key:` or `-`
};

void Printer::Emit(std::string line, const std::string& trailing, std::size_t column) {
  if (line.empty() && trailing.empty()) {
    if (last_blank_ || opened_block_) return;
    out_ += '\n';
    last_blank_ = true;
    return;
  }
  if (!trailing.empty()) {
    const std::size_t end = line.find_last_not_of(' ') + 1;
    line.resize(end);
    line.append(column >= end + 2 ? column - end : (line.empty() ? 0 : 2), ' ');
    line += trailing;
  }
  out_ += line + '\n';
  last_blank_ = false;
  opened_block_ = false;
}

void Printer::Comments(const std::vector<std::string>& lines, std::size_t indent) {
  for (const std::string& line : lines) Emit(line.empty() ? "" : std::string(indent, ' ') + line);
}

std::string Printer::Flow(const YamlNode& node, MapKind kind) const {
  if (node.entries.empty()) return node.kind == YamlKind::kMap ? "{}" : "[]";
  if (!node.flow || !node.one_line) return "";
  const MapKind own = node.kind == YamlKind::kMap ? Resolve(kind, node) : kind;
  std::string text = node.kind == YamlKind::kMap ? "{ " : "[";
  bool first = true;
  for (const YamlEntry* entry : Ordered(node, own)) {
    if (!entry->leading.empty() || !entry->trailing.empty()) return "";
    const YamlNode& value = *entry->value;
    std::string item;
    if (value.kind == YamlKind::kNull || value.style == ScalarStyle::kBlock) return "";
    if (value.kind == YamlKind::kScalar) {
      item = ScalarText(value, true, own == MapKind::kPattern && entry->key &&
                                         entry->key->value == "regex");
    } else {
      item = Flow(value, entry->key ? ValueKind(own, entry->key->value) : own);
      if (item.empty()) return "";
    }
    if (entry->key) item = ScalarText(*entry->key, true) + ": " + item;
    text += (first ? "" : ", ") + item;
    first = false;
  }
  return text + (node.kind == YamlKind::kMap ? " }" : "]");
}

void Printer::Value(const YamlNode& value, MapKind kind, std::size_t indent, std::string line,
                    const YamlEntry& entry, bool regex) {
  const std::string& trailing = entry.trailing;
  const std::size_t column = entry.trailing_column;
  if (value.kind == YamlKind::kNull) {
    // `key:  #c` would read as a hashtag left unquoted (yaml_pitfalls.h):
    // the comment goes above.
    if (!trailing.empty()) Emit(std::string(line.find_first_not_of(' '), ' ') + trailing);
    return Emit(line);
  }
  if (value.kind == YamlKind::kScalar && value.style != ScalarStyle::kBlock) {
    return Emit(line + " " + ScalarText(value, false, regex), trailing, column);
  }
  if (value.kind == YamlKind::kScalar) {
    Emit(line + " " + value.block_header + (value.leading_space ? "2" : ""), trailing, column);
    for (const std::string& text : value.block_lines) {
      out_ += text.empty() ? "\n" : std::string(indent + 2, ' ') + text + '\n';
    }
    // After a kept (`|+`) block's blank lines, one more would join them.
    last_blank_ = !value.block_lines.empty() && value.block_lines.back().empty();
    opened_block_ = false;
    return;
  }
  const std::string flow = Flow(value, kind);
  if (!flow.empty() && (value.entries.empty() || line.size() + 1 + flow.size() <= kFlowWidth)) {
    return Emit(line + " " + flow, trailing, column);
  }
  if (entry.key) {
    Emit(line, trailing, column);
    opened_block_ = true;
    return Entries(value, kind, indent + 2, std::string(indent + 2, ' '));
  }
  // A list item holding a block collection: its first entry goes on the
  // dash's line, so the item's comments go above it.
  if (!trailing.empty()) Emit(std::string(line.find_first_not_of(' '), ' ') + trailing);
  Entries(value, kind, indent + 2, line + " ");
}

void Printer::Entries(const YamlNode& node, MapKind kind, std::size_t indent,
                      std::string first_prefix) {
  const MapKind own = node.kind == YamlKind::kMap ? Resolve(kind, node) : kind;
  for (const YamlEntry* entry : Ordered(node, own)) {
    std::string prefix = std::string(indent, ' ');
    if (!first_prefix.empty()) {
      // The first entry continues the line of an enclosing `- `.
      const std::size_t outer = first_prefix.find_first_not_of(' ');
      Comments(entry->leading, outer == std::string::npos ? indent : outer);
      prefix = std::move(first_prefix);
      first_prefix.clear();
    } else {
      Comments(entry->leading, indent);
    }
    if (entry->key) {
      const std::string& key = entry->key->value;
      Value(*entry->value, ValueKind(own, key), indent, prefix + ScalarText(*entry->key, false) + ":",
            *entry, own == MapKind::kPattern && key == "regex");
    } else {
      Value(*entry->value, own, indent, prefix + "-", *entry, false);
    }
  }
}

std::string Printer::Print(const YamlDocument& document, MapKind root_kind) {
  const YamlNode& root = *document.root;
  Comments(document.header, 0);
  if (root.kind == YamlKind::kMap || root.kind == YamlKind::kSequence) {
    const std::string flow = Flow(root, root_kind);
    if (!flow.empty()) {
      Emit(flow);
    } else {
      Entries(root, root_kind, 0, "");
    }
  }
  Comments(document.trailer, 0);
  return out_;
}

MapKind RootKind(std::string_view path, const YamlNode& root) {
  const std::size_t slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name == "taxonomy.yaml" || name == "taxonomy.yml") return MapKind::kTaxonomy;
  if (root.kind == YamlKind::kMap && HasKey(root, "vocabulary")) return MapKind::kVocabulary;
  return MapKind::kPack;
}

}  // namespace

FormattedRuleFile FormatRuleFile(std::string_view path, std::string_view written) {
  FormattedRuleFile result;
  // The formatted file ends with a line break; so must the original's last
  // line for the comparison, or a block text that ends the file would seem
  // to gain one.
  std::string ended(written);
  if (!ended.empty() && ended.back() != '\n') ended += '\n';
  const std::string_view text = ended;
  const std::string file(path);
  internal::DiagnosticSink sink;
  sink.AddSource(file, text);
  for (const internal::YamlPitfall& pitfall : internal::FindYamlPitfalls(text)) {
    sink.Error(pitfall.code, SourceLocation{file, pitfall.line, pitfall.column}, pitfall.message);
  }
  if (sink.has_errors()) {
    result.errors = sink.Take();
    return result;
  }
  const YamlDocument original = internal::ParseYamlTree(file, text, &sink);
  if (sink.has_errors()) {
    result.errors = sink.Take();
    return result;
  }
  // A file that is one scalar is no rule file; it is left as written.
  if (original.root->kind == YamlKind::kScalar) {
    result.text = std::string(written);
    return result;
  }
  result.text = Printer().Print(original, RootKind(path, *original.root));
  internal::DiagnosticSink check;
  const YamlDocument reread = internal::ParseYamlTree(file, result.text, &check);
  if (check.has_errors() || !internal::SameYamlValues(*original.root, *reread.root)) {
    result.meaning_changed = true;
    result.errors.push_back(Diagnostic{
        DiagnosticLevel::kError, DiagnosticCode::kFormatRefused, SourceLocation{file, 0, 0},
        "formatting would change what this file means (a defect of `bylaw fmt`, not of the "
        "file); the file is left as it is",
        "", 0});
  }
  return result;
}

}  // namespace bylaw
