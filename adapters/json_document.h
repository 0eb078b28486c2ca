// JsonDocumentReader: one JSON object into a Document, with the fields, id
// and metadata chosen by JsonlOptions. Shared by the JSON Lines reader and
// the Redis stream source; the only place that knows nlohmann/json's API for
// documents. Private to adapters/ (and its tests).
#ifndef BYLAW_ADAPTERS_JSON_DOCUMENT_H_
#define BYLAW_ADAPTERS_JSON_DOCUMENT_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/document.h"
#include "bylaw/jsonl_source.h"
#include "json_tape.h"

namespace bylaw::internal {

// Reads JSON objects into Documents. Holds the compiled field choices; not
// thread-safe (it reuses its parse buffer).
class JsonDocumentReader {
 public:
  // Throws bylaw::Error for an invalid JSON pointer in `options`.
  explicit JsonDocumentReader(const JsonlOptions& options);

  // Parses `json` into *document (cleared first). `fallback_id` is the id of
  // a document without one. Returns false, with *problem saying why, when
  // `json` is not a document (invalid JSON, not an object, no text when
  // required); otherwise *problem lists the values that were ignored, joined
  // with "; ", or is empty. Lone surrogates and bytes that are not UTF-8 are
  // read as U+FFFD, with a problem that counts them; integers beyond 64
  // bits are read as strings of their digits, never rounded.
  // A line that is a clean document (no problem to report) is read from a
  // reused JsonTape without allocating; any other goes to ReadWithDom.
  bool Read(std::string_view json, std::string_view fallback_id, Document* document,
            std::string* problem);
  // Read through nlohmann's DOM only: what Read falls back to, and the
  // reference that tests hold the tape to.
  bool ReadWithDom(std::string_view json, std::string_view fallback_id, Document* document,
                   std::string* problem);
  // Called by ReadBatch for each element: its index, whether it is a
  // document, the document read and its problems (see Read).
  using BatchVisitor =
      std::function<void(std::size_t, bool, const Document&, const std::string&)>;
  // Parses `json`, an object whose member `member` is an array of objects,
  // and reads each element as Read would (id "item-N" when it has none); a
  // refused element keeps its id, to say which one it was. False, with
  // *error saying why, when `json` is not such an object, or (with
  // *too_many set, before anything is parsed) when its arrays hold more
  // than `max_documents` values; otherwise *error says how many characters
  // were read as U+FFFD, or is left as it was.
  bool ReadBatch(std::string_view json, std::string_view member, std::size_t max_documents,
                 const BatchVisitor& visit, std::string* error, bool* too_many);
  // The same as Read for an object already built (the fields of a stream
  // entry), whose strings are moved out.
  bool ReadObject(nlohmann::json& object, std::string_view fallback_id, Document* document,
                  std::string* problem);

 private:
  // Where one text field comes from.
  struct FieldSpec {
    std::string name;                                // the Document field's name
    std::string key;                                 // a member name, or
    std::optional<nlohmann::json::json_pointer> pointer;  // a JSON pointer
    std::vector<std::string> tokens;  // the pointer's tokens, unescaped
    bool copy = false;  // another spec reads the same value: copy, don't move
  };
  struct IdSpec {
    std::string key;
    std::optional<nlohmann::json::json_pointer> pointer;
    std::vector<std::string> tokens;  // the pointer's tokens, unescaped
  };

  static FieldSpec ParseFieldSpec(const std::string& spec);
  // Parses `json` (depth-checked, invalid UTF-8 repaired) into *value.
  bool Parse(std::string_view json, nlohmann::json* value, std::size_t* replaced,
             std::string* problem);
  nlohmann::json* Find(nlohmann::json& object, const std::string& key,
                       const std::optional<nlohmann::json::json_pointer>& pointer);
  void ReadId(nlohmann::json& object, std::string_view fallback_id, Document* document,
              std::string* problems);
  void ReadMetadata(nlohmann::json& object, Document* document, std::string* problems);
  void ReadFields(nlohmann::json& object, Document* document, std::string* problems);
  // The same from tape_, for a document with no problem: false (the
  // document half read) when there would be one, or a value that only
  // nlohmann writes back as it does (floats, objects and arrays in metadata).
  bool ReadTape(std::string_view fallback_id, Document* document);
  std::size_t FindOnTape(const std::string& key, const std::vector<std::string>& tokens,
                         bool pointer) const;
  bool ReadTapeMetadata(Document* document);
  bool ReadTapeFields(Document* document);

  std::vector<FieldSpec> fields_;
  std::vector<FieldSpec> metadata_fields_;
  IdSpec id_;
  std::string metadata_key_;
  bool require_text_ = false;
  std::string field_list_;  // "`text`, `title`", for the no-text message
  std::string repaired_;    // Read's copy of a JSON text with characters replaced
  JsonTape tape_;
  // The metadata object's members (key, value node), sorted as nlohmann sorts them.
  std::vector<std::pair<std::string_view, std::size_t>> members_;
};

// A parser message made safe to print on one line: control characters and
// stray bytes become \xNN, and messages longer than 240 bytes are cut.
std::string Printable(std::string_view message);

}  // namespace bylaw::internal

#endif  // BYLAW_ADAPTERS_JSON_DOCUMENT_H_
