// Reading side of `bylaw fmt`: yaml-cpp's parser events become a YamlNode
// tree; comments and blank lines, which yaml-cpp drops, are found in the
// text (outside quoted and block scalars) and attached to the entry that
// starts on the next line (own-line comments) or on their line (trailing).
#include "yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <sstream>

#include "yaml_pitfalls.h"

namespace bylaw::internal {
namespace {

// Byte offsets of the starts of the lines of `text`; [0] is line 1.
std::vector<std::size_t> LineStarts(std::string_view text) {
  std::vector<std::size_t> starts = {0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

// 1-based line and column of the first byte that is not UTF-8, or {0, 0}.
std::pair<std::uint32_t, std::uint32_t> FirstInvalidUtf8(std::string_view text) {
  std::uint32_t line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3
                               : (byte >> 3) == 0x1E ? 4 : 0;
    bool valid = length != 0 && i + length <= text.size() && !(length == 2 && byte < 0xC2);
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (!valid) return {line, column};
    if (byte == '\n') {
      ++line;
      column = 1;
    } else {
      column += static_cast<std::uint32_t>(length);
    }
    i += length;
  }
  return {0, 0};
}

// Stops the parser at the start of a document, to find where a second one
// would start without reading it (see ParseYamlTree).
class SecondDocumentProbe : public YAML::EventHandler {
 public:
  struct Found {
    YAML::Mark mark;
  };
  void OnDocumentStart(const YAML::Mark& mark) override { throw Found{mark}; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Builds the tree from parser events, and records which entry starts on
// which line for the comments.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& path, std::string_view text, DiagnosticSink* sink)
      : path_(path), text_(text), sink_(sink), line_starts_(LineStarts(text)),
        masked_(text.size(), false), block_body_(line_starts_.size() + 2, false) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    CheckAnchor(mark, anchor);
    Add(NewNode(YamlKind::kNull, mark));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    Refuse(mark, "an alias (`*name`) is not kept by `bylaw fmt`: write the value out");
    Add(NewNode(YamlKind::kNull, mark));
  }
  void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
    anchors_.emplace(mark.line, mark.column);
    Refuse(mark, "an anchor (`&" + name + "`) is not kept by `bylaw fmt`: write the value out");
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    OpenCollection(YamlKind::kSequence, mark, tag, anchor, style);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    OpenCollection(YamlKind::kMap, mark, tag, anchor, style);
  }
  void OnMapEnd() override {
    if (!stack_.empty()) CheckDuplicateKeys(*stack_.back().node);
    Close();
  }

  // Attaches the comments and blank lines of the text; call after parsing.
  void AttachComments(YamlDocument* document);
  std::unique_ptr<YamlNode> TakeRoot() {
    return root_ ? std::move(root_) : std::make_unique<YamlNode>();
  }
  void Refuse(const YAML::Mark& mark, std::string message) {
    sink_->Error(DiagnosticCode::kFormatRefused, At(mark), std::move(message));
  }

 private:
  struct Frame {
    YamlNode* node;
    bool awaiting_value = false;  // a map whose last entry has its key only
    std::uint32_t flow_line = 0;  // line of the outermost flow collection around, or 0
  };

  SourceLocation At(const YAML::Mark& mark) const {
    if (mark.line < 0) return SourceLocation{path_, 0, 0};
    return SourceLocation{path_, static_cast<std::uint32_t>(mark.line + 1),
                          static_cast<std::uint32_t>(mark.column + 1)};
  }
  std::string_view Line(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    const std::size_t start = line_starts_[line - 1];
    const std::size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
    std::string_view text = text_.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
  }
  std::size_t Offset(const YamlNode& node) const {
    if (node.line == 0 || node.line > line_starts_.size()) return text_.size();
    return std::min(text_.size(), line_starts_[node.line - 1] + node.column - 1);
  }
  std::unique_ptr<YamlNode> NewNode(YamlKind kind, const YAML::Mark& mark) const {
    auto node = std::make_unique<YamlNode>();
    node->kind = kind;
    if (mark.line >= 0) {
      node->line = static_cast<std::uint32_t>(mark.line + 1);
      node->column = static_cast<std::uint32_t>(mark.column + 1);
    }
    return node;
  }
  void CheckAnchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    // Reported once: yaml-cpp versions that call OnAnchor named it there.
    if (anchor != YAML::NullAnchor && !anchors_.contains({mark.line, mark.column})) {
      Refuse(mark, "an anchor (`&name`) is not kept by `bylaw fmt`: write the value out");
    }
  }
  bool CheckTag(const YAML::Mark& mark, const std::string& tag) {
    if (tag.empty() || tag == "?") return true;
    Refuse(mark, "a tag (`" + tag + "`) is not kept by `bylaw fmt`: remove it");
    return false;
  }
  void OpenCollection(YamlKind kind, const YAML::Mark& mark, const std::string& tag,
                      YAML::anchor_t anchor, YAML::EmitterStyle::value style);
  void ReadBlockScalar(YamlNode* node, const YamlNode* parent);
  void MaskQuoted(const YamlNode& node);
  // Adds a node under the top of the stack (or as the root) and returns it.
  YamlNode* Add(std::unique_ptr<YamlNode> node);
  void Close() {
    if (!stack_.empty()) stack_.pop_back();
  }
  void Register(YamlEntry* entry, const YamlNode& node);
  void CheckDuplicateKeys(const YamlNode& map);
  // Column of the `#` that starts a comment on `line`, or npos.
  std::size_t CommentColumn(std::uint32_t line) const;

  const std::string& path_;
  std::string_view text_;
  DiagnosticSink* sink_;
  std::vector<std::size_t> line_starts_;
  std::vector<bool> masked_;      // bytes inside quoted scalars
  std::vector<bool> block_body_;  // lines of block scalars' text, by line number
  std::set<std::pair<int, int>> anchors_;  // where OnAnchor reported one
  std::unique_ptr<YamlNode> root_;
  std::vector<Frame> stack_;
  std::map<std::uint32_t, YamlEntry*> first_entry_;  // outermost entry starting on a line
  std::map<std::uint32_t, YamlEntry*> last_entry_;   // innermost
  std::map<YamlEntry*, std::uint32_t> trailing_column_;
};

void TreeBuilder::OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                           const std::string& value) {
  CheckAnchor(mark, anchor);
  auto node = NewNode(YamlKind::kScalar, mark);
  node->value = value;
  if (tag == "!") {
    // Quoted and block scalars carry the non-specific tag `!`; so does a
    // plain scalar written `! text`, which is refused.
    const std::size_t at = Offset(*node);
    const char first = at < text_.size() ? text_[at] : '\0';
    if (first == '\'' || first == '"') {
      node->style = ScalarStyle::kQuoted;
    } else if (first == '|' || first == '>') {
      node->style = ScalarStyle::kBlock;
    } else {
      Refuse(mark, "a tag (`!`) is not kept by `bylaw fmt`: remove it");
    }
  } else {
    CheckTag(mark, tag);
  }
  const YamlNode* parent = stack_.empty() ? nullptr : stack_.back().node;
  YamlNode* added = Add(std::move(node));
  if (added->style == ScalarStyle::kQuoted) MaskQuoted(*added);
  if (added->style == ScalarStyle::kBlock) ReadBlockScalar(added, parent);
}

void TreeBuilder::OpenCollection(YamlKind kind, const YAML::Mark& mark, const std::string& tag,
                                 YAML::anchor_t anchor, YAML::EmitterStyle::value style) {
  CheckAnchor(mark, anchor);
  CheckTag(mark, tag);
  auto node = NewNode(kind, mark);
  node->flow = style == YAML::EmitterStyle::Flow;
  const std::uint32_t outer_flow = stack_.empty() ? 0 : stack_.back().flow_line;
  YamlNode* added = Add(std::move(node));
  stack_.push_back(Frame{added, false, outer_flow != 0 ? outer_flow : added->flow ? added->line : 0});
}

YamlNode* TreeBuilder::Add(std::unique_ptr<YamlNode> node) {
  YamlNode* raw = node.get();
  if (stack_.empty()) {
    root_ = std::move(node);
    return raw;
  }
  for (Frame& frame : stack_) {
    if (raw->kind != YamlKind::kNull && frame.node->line != raw->line) frame.node->one_line = false;
  }
  Frame& top = stack_.back();
  YamlEntry* entry = nullptr;
  if (top.node->kind == YamlKind::kMap && top.awaiting_value) {
    entry = top.node->entries.back().get();
    entry->value = std::move(node);
    top.awaiting_value = false;
  } else {
    top.node->entries.push_back(std::make_unique<YamlEntry>());
    entry = top.node->entries.back().get();
    if (top.node->kind == YamlKind::kMap) {
      if (raw->kind == YamlKind::kNull) {
        sink_->Error(DiagnosticCode::kFormatRefused, SourceLocation{path_, raw->line, raw->column},
                     "an empty key is not kept by `bylaw fmt`: name the key");
      } else if (raw->kind != YamlKind::kScalar) {
        sink_->Error(DiagnosticCode::kFormatRefused, SourceLocation{path_, raw->line, raw->column},
                     "a list or a map as a key is not kept by `bylaw fmt`: use a name");
      }
      entry->key = std::move(node);
      top.awaiting_value = true;
    } else {
      entry->value = std::move(node);
    }
  }
  // A value registers its entry on its own line only when it is a scalar or
  // a flow collection: a block collection's lines belong to its entries.
  const bool in_flow_line = top.flow_line != 0 && top.flow_line == raw->line;
  const bool block_value = top.node->kind == YamlKind::kMap && entry->value.get() == raw &&
                           raw->kind != YamlKind::kScalar && !raw->flow;
  if (raw->kind != YamlKind::kNull && !in_flow_line && !block_value) Register(entry, *raw);
  return raw;
}

void TreeBuilder::Register(YamlEntry* entry, const YamlNode& node) {
  first_entry_.emplace(node.line, entry);
  last_entry_[node.line] = entry;
}

void TreeBuilder::CheckDuplicateKeys(const YamlNode& map) {
  std::map<std::string, std::uint32_t> seen;
  for (const auto& entry : map.entries) {
    if (!entry->key || entry->key->kind != YamlKind::kScalar) continue;
    const YamlNode& key = *entry->key;
    const auto [first, inserted] = seen.emplace(key.value, key.line);
    if (!inserted) {
      sink_->Error(DiagnosticCode::kDuplicateKey, SourceLocation{path_, key.line, key.column},
                   "duplicate key `" + key.value + "` (first on line " +
                       std::to_string(first->second) + "); `bylaw fmt` cannot tell which to keep");
    }
  }
}

void TreeBuilder::MaskQuoted(const YamlNode& node) {
  std::size_t i = Offset(node);
  if (i >= text_.size()) return;
  const char quote = text_[i];
  std::size_t end = i + 1;
  while (end < text_.size()) {
    if (quote == '"' && text_[end] == '\\') {
      end += 2;
    } else if (text_[end] == quote) {
      if (quote == '\'' && end + 1 < text_.size() && text_[end + 1] == '\'') {
        end += 2;
      } else {
        break;
      }
    } else {
      ++end;
    }
  }
  for (std::size_t k = i; k <= end && k < text_.size(); ++k) masked_[k] = true;
}

// Reads the header and the lines of the block scalar at `node`: its text
// starts on the next line, indented by the indentation digit past the
// enclosing collection's column, or else as its first non-blank line.
void TreeBuilder::ReadBlockScalar(YamlNode* node, const YamlNode* parent) {
  const std::string_view line_text = Line(node->line);
  const std::string_view header_line =
      line_text.substr(std::min<std::size_t>(node->column - 1, line_text.size()));
  std::size_t end = 1;
  while (end < header_line.size() && std::string_view("+-0123456789").find(header_line[end]) !=
                                         std::string_view::npos) {
    ++end;
  }
  int digit = 0;
  for (std::size_t i = 0; i < end; ++i) {
    const char c = header_line[i];
    if (c >= '1' && c <= '9') {
      digit = c - '0';
    } else {
      node->block_header += c;
    }
  }
  const int parent_column =
      parent != nullptr && !parent->flow ? static_cast<int>(parent->column) - 1 : -1;
  const auto indent_of = [](std::string_view line) { return line.find_first_not_of(' '); };
  // The indentation of the text, once known.
  std::size_t content_indent =
      digit != 0 ? static_cast<std::size_t>(std::max(parent_column, 0) + digit) : 0;
  bool known = digit != 0;
  std::uint32_t last_text = node->line;  // last line with text
  std::uint32_t last_line = node->line;  // last line of the body, blank or not
  for (std::uint32_t line = node->line + 1; line <= line_starts_.size(); ++line) {
    const std::string_view text = Line(line);
    // An empty line: spaces only, no more than the indentation (more are
    // text); before the indentation is known, any number.
    if (text.find_first_not_of(' ') == std::string_view::npos &&
        (!known || text.size() <= content_indent)) {
      last_line = line;
      continue;
    }
    const std::size_t indent = std::min(indent_of(text), text.size());
    if (!known) {
      content_indent = indent;
      known = true;
      if (static_cast<int>(content_indent) <= parent_column) break;
    }
    if (indent < content_indent) break;
    last_text = last_line = line;
  }
  const bool keep = node->block_header.find('+') != std::string::npos;
  const std::uint32_t body_end = keep ? last_line : last_text;
  for (std::uint32_t line = node->line + 1; line <= body_end; ++line) {
    block_body_[line] = true;
    const std::string_view text = Line(line);
    node->block_lines.emplace_back(text.size() > content_indent ? text.substr(content_indent) : "");
  }
  for (const std::string& text : node->block_lines) {
    if (!text.empty() && text.find_first_not_of(' ') != std::string::npos) {
      node->leading_space = text.front() == ' ';
      break;
    }
  }
}

std::size_t TreeBuilder::CommentColumn(std::uint32_t line) const {
  const std::string_view text = Line(line);
  const std::size_t start = line_starts_[line - 1];
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '#' || masked_[start + i]) continue;
    if (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t') return i;
  }
  return std::string_view::npos;
}

void TreeBuilder::AttachComments(YamlDocument* document) {
  std::vector<std::string> pending;
  bool seen_any_content = false;
  const auto trimmed = [](std::string_view text) {
    const std::size_t end = text.find_last_not_of(" \t");
    return std::string(text.substr(0, end == std::string_view::npos ? 0 : end + 1));
  };
  for (std::uint32_t line = 1; line <= line_starts_.size(); ++line) {
    if (block_body_[line]) continue;
    const std::string_view text = Line(line);
    const std::size_t comment = CommentColumn(line);
    const std::string_view content = text.substr(0, std::min(comment, text.size()));
    const bool seen_content = seen_any_content;
    if (content.find_first_not_of(" \t") == std::string_view::npos) {
      if (comment != std::string_view::npos) {
        pending.push_back(trimmed(text.substr(comment)));
      } else if (!pending.empty() && !pending.back().empty()) {
        pending.emplace_back();
      } else if (pending.empty() && line > 1) {
        pending.emplace_back();
      }
      continue;
    }
    if (const auto first = first_entry_.find(line); first != first_entry_.end()) {
      if (!seen_content) {
        const auto blank = std::find(pending.rbegin(), pending.rend(), std::string());
        document->header.assign(pending.begin(), blank.base());
        pending.erase(pending.begin(), blank.base());
      }
      std::vector<std::string>& leading = first->second->leading;
      leading.insert(leading.end(), pending.begin(), pending.end());
      pending.clear();
    }
    seen_any_content = true;
    if (comment == std::string_view::npos) continue;
    auto owner = last_entry_.upper_bound(line);
    if (owner == last_entry_.begin()) {
      pending.push_back(trimmed(text.substr(comment)));
      continue;
    }
    YamlEntry* entry = std::prev(owner)->second;
    entry->trailing += (entry->trailing.empty() ? "" : " ") + trimmed(text.substr(comment));
    trailing_column_.emplace(entry, static_cast<std::uint32_t>(comment));
  }
  while (!pending.empty() && pending.back().empty()) pending.pop_back();
  document->trailer = std::move(pending);
  for (const auto& [entry, column] : trailing_column_) entry->trailing_column = column;
}

ScalarType TypeOf(const YamlNode& node) {
  if (node.kind == YamlKind::kNull) return ScalarType::kNull;
  return node.style == ScalarStyle::kPlain ? PlainScalarType(node.value) : ScalarType::kString;
}

}  // namespace

ScalarType PlainScalarType(std::string_view text) {
  static constexpr std::array<std::string_view, 5> kNulls = {"", "~", "null", "Null", "NULL"};
  static constexpr std::array<std::string_view, 22> kBools = {
      "y",  "Y",  "yes", "Yes",  "YES",  "n",     "N",     "no",  "No", "NO", "true",
      "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"};
  if (std::find(kNulls.begin(), kNulls.end(), text) != kNulls.end()) return ScalarType::kNull;
  if (std::find(kBools.begin(), kBools.end(), text) != kBools.end()) return ScalarType::kBool;
  if (text == "<<" || text == "=") return ScalarType::kNumber;  // YAML 1.1 merge and value keys
  const std::string_view unsigned_text =
      !text.empty() && (text[0] == '+' || text[0] == '-') ? text.substr(1) : text;
  std::string lower(unsigned_text);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (lower == ".inf" || lower == ".nan") return ScalarType::kNumber;
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const bool starts_number =
      !unsigned_text.empty() &&
      (digit(unsigned_text[0]) ||
       (unsigned_text[0] == '.' && unsigned_text.size() > 1 && digit(unsigned_text[1])));
  if (starts_number && unsigned_text.find_first_not_of("0123456789abcdefABCDEFxXoObB_.:+-eE") ==
                           std::string_view::npos) {
    return ScalarType::kNumber;
  }
  // A date or a timestamp: YYYY-M...
  if (text.size() >= 6 && digit(text[0]) && digit(text[1]) && digit(text[2]) && digit(text[3]) &&
      text[4] == '-' && digit(text[5])) {
    return ScalarType::kNumber;
  }
  return ScalarType::kString;
}

bool SameYamlValues(const YamlNode& a, const YamlNode& b) {
  const bool a_collection = a.kind == YamlKind::kMap || a.kind == YamlKind::kSequence;
  if (!a_collection) {
    return b.kind != YamlKind::kMap && b.kind != YamlKind::kSequence && TypeOf(a) == TypeOf(b) &&
           (a.kind == YamlKind::kNull || a.value == b.value);
  }
  if (a.kind != b.kind || a.entries.size() != b.entries.size()) return false;
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    const YamlEntry& entry = *a.entries[i];
    if (a.kind == YamlKind::kSequence) {
      if (!SameYamlValues(*entry.value, *b.entries[i]->value)) return false;
      continue;
    }
    const auto match = std::find_if(b.entries.begin(), b.entries.end(), [&](const auto& other) {
      return SameYamlValues(*entry.key, *other->key);
    });
    if (match == b.entries.end() || !SameYamlValues(*entry.value, *(*match)->value)) return false;
  }
  return true;
}

YamlDocument ParseYamlTree(const std::string& path, std::string_view text, DiagnosticSink* sink) {
  YamlDocument document;
  if (const auto [line, column] = FirstInvalidUtf8(text); line != 0) {
    sink->Error(DiagnosticCode::kYamlSyntax, SourceLocation{path, line, column}, "the file is not valid UTF-8 here");
    document.root = std::make_unique<YamlNode>();
    return document;
  }
  TreeBuilder builder(path, text, sink);
  std::stringstream stream{std::string(text)};
  try {
    // One document, then a probe that stops at the start of the next: text
    // that yaml-cpp cannot fit in the first document (an indentation
    // mistake) starts another, and reading on may never end.
    YAML::Parser parser(stream);
    parser.HandleNextDocument(builder);
    SecondDocumentProbe probe;
    try {
      parser.HandleNextDocument(probe);
    } catch (const SecondDocumentProbe::Found& found) {
      builder.Refuse(found.mark,
                     "a second YAML document starts here (after `---`, or where the indentation "
                     "leaves the first one); `bylaw fmt` formats one document per file");
    }
  } catch (const YAML::Exception& e) {
    const std::uint32_t line = e.mark.line < 0 ? 0 : static_cast<std::uint32_t>(e.mark.line + 1);
    const std::uint32_t column = e.mark.line < 0 ? 0 : static_cast<std::uint32_t>(e.mark.column + 1);
    const YamlPitfall explained = ExplainYamlError(e.msg, text, line, column);
    sink->Error(explained.code, SourceLocation{path, explained.line, explained.column}, explained.message);
  }
  document.root = builder.TakeRoot();
  builder.AttachComments(&document);
  return document;
}

}  // namespace bylaw::internal
