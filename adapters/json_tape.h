// JsonTape: the fast reader of one JSON text (a JSON Lines line), parsed into
// a flat, reused array of nodes without allocating once warm. It accepts
// only what nlohmann/json accepts and reads it the same way; whatever it is
// unsure of (invalid UTF-8, lone surrogates, nesting deeper than the limit,
// any syntax error, a byte order mark) it refuses, and the caller reads the
// text with nlohmann instead, which gives the located error message. Private
// to adapters/; used by JsonDocumentReader only.
#ifndef BYLAW_ADAPTERS_JSON_TAPE_H_
#define BYLAW_ADAPTERS_JSON_TAPE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bylaw::internal {

// One parsed JSON text. Not thread-safe; reused across texts (Parse clears
// it). Node 0 is the root; nodes are in document order, a container's
// members right after it (an object's as key, value, key, value ...).
class JsonTape {
 public:
  enum class Type : std::uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  // Parses `json`. False when it is not JSON this tape reads exactly as
  // nlohmann does (see the file comment); the tape is then unusable.
  // `json` must outlive the use of the tape.
  bool Parse(std::string_view json, std::size_t max_depth);

  Type type(std::size_t node) const { return nodes_[node].type; }
  // The decoded text of a string (or key), or the token of a number.
  std::string_view text(std::size_t node) const {
    const Node& n = nodes_[node];
    return (n.decoded ? std::string_view(decoded_) : json_).substr(n.begin, n.length);
  }
  // Whether a number is an integer that nlohmann writes back as its own
  // token: no fraction, no exponent, not `-0`, within 64 bits.
  bool IsExactInteger(std::size_t node) const;
  bool IsNegative(std::size_t node) const { return text(node).starts_with('-'); }
  // The node after `node` and everything inside it.
  std::size_t End(std::size_t node) const { return nodes_[node].end; }

  // The value of the member `key` of the object `node` (the last one, when
  // the key is repeated, as nlohmann keeps it), or kNone. The root's members
  // are listed once by Parse: a document line looks up a dozen of them.
  std::size_t Member(std::size_t node, std::string_view key) const {
    if (node != 0) return NestedMember(node, key);
    for (auto member = root_members_.rbegin(); member != root_members_.rend(); ++member) {
      if (member->first == key) return member->second;
    }
    return kNone;
  }
  // The value a JSON pointer's unescaped tokens reach from `node`, with
  // nlohmann's rules for array indices; kNone when there is none.
  std::size_t Resolve(std::size_t node, const std::vector<std::string>& tokens) const;

 private:
  struct Node {
    Type type;
    bool decoded;          // text is in decoded_, not in the JSON text
    std::uint32_t begin;   // the text's offset
    std::uint32_t length;  // the text's length
    std::uint32_t end;     // see End()
  };
  class Parser;
  std::size_t NestedMember(std::size_t node, std::string_view key) const;

  std::string_view json_;
  std::vector<Node> nodes_;
  std::string decoded_;  // strings that held escapes, decoded
  // The root object's members (key, value node), in order.
  std::vector<std::pair<std::string_view, std::size_t>> root_members_;
};

}  // namespace bylaw::internal

#endif  // BYLAW_ADAPTERS_JSON_TAPE_H_
