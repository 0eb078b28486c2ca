// JsonlSource: documents from JSON Lines, one JSON object per line.
//
//   {"id": "v1", "title": "...", "text": "...", "metadata": {"lang": "en"}}
//
// The way bulk data (replays, samples, exports) enters bylaw. A bad line is
// reported and skipped, never fatal and never dropped silently.
#ifndef BYLAW_JSONL_SOURCE_H_
#define BYLAW_JSONL_SOURCE_H_

#include <cstddef>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "bylaw/document.h"

namespace bylaw {

namespace internal {
class JsonDocumentReader;
}

struct JsonlOptions {
  // Where each text field is read from, in this order (the order of the
  // Document's fields). Each entry is one of
  //   KEY                  the object's member KEY, into field KEY
  //   /POINTER             the value at a JSON pointer (RFC 6901), into the
  //                        field named by the pointer's last token
  //   NAME=KEY, NAME=/POINTER   the same, into field NAME
  // A value that is missing or null leaves its field out, silently. A string
  // becomes the field's text. Any other value (number, boolean, array,
  // object) is left out and reported as a problem. A document with none of
  // its fields is reported too (see `require_text`). An entry repeated is
  // read once. The constructor throws bylaw::Error for an invalid pointer.
  std::vector<std::string> text_fields = {"text",       "title",   "description",
                                          "caption",    "transcript", "comment",
                                          "message",    "bio"};
  // Where the document id is: a KEY or a /POINTER, as above. A string is
  // taken as is, a number is written in decimal; a missing or null id
  // becomes "line-<N>" (N = 1-based line), or the entry id for streams.
  std::string id_key = "id";
  // Key of an optional object whose members become Document::metadata:
  // string values as they are, other values as compact JSON. Empty: none.
  std::string metadata_key = "metadata";
  // Values copied into Document::metadata as well, after the metadata
  // object's members: each a KEY, a /POINTER or NAME=KEY as in
  // `text_fields`. Strings are taken as they are, other values as compact
  // JSON; a missing or null value is left out. `bylaw eval` reads a case's
  // labels this way.
  std::vector<std::string> metadata_fields;
  // Longest line read, in bytes. A longer line is skipped with a problem and
  // never held in memory whole, so one huge line cannot exhaust memory.
  // Default: 64 MiB.
  std::size_t max_line_bytes = std::size_t{64} << 20;
  // A document without any text field: false, it is read (and decided on
  // no text) with a problem; true, it is skipped as malformed. Streams of
  // work (Redis) set it: an entry without text is a producer's mistake.
  bool require_text = false;
  // Plain text instead of JSON: each non-blank line is the text of one
  // document (field `text`, id "line-<N>"), read as it is, without parsing;
  // a line over max_line_bytes is still skipped. `bylaw --text-lines`.
  bool text_lines = false;
};

// Reads documents from a stream of JSON Lines into a caller-owned Document.
//
// Borrows the stream, which must outlive the source. Reuses its line buffer
// and the Document's capacity across lines; the text of a field is moved out
// of the parsed JSON, not copied. Not thread-safe; use one per stream.
class JsonlSource {
 public:
  // What Read() found.
  enum class Next {
    kDocument,  // *document holds the next document
    kSkipped,   // the line was malformed; *problem says why; read on
    kEnd,       // end of input
  };

  // Throws bylaw::Error if `options` names an invalid JSON pointer.
  explicit JsonlSource(std::istream& in, const JsonlOptions& options = {});
  ~JsonlSource();
  JsonlSource(const JsonlSource&) = delete;
  JsonlSource& operator=(const JsonlSource&) = delete;

  // Reads the next non-blank line. On kDocument, `problem` is empty or
  // describes values that were ignored (a field that is not a string, ...);
  // the document is still usable. On kSkipped, `problem` is the parser's
  // message (invalid JSON, invalid UTF-8, not an object, or no text field
  // when options.require_text) and `document` is cleared. Blank lines are skipped silently. Throws bylaw::Error if the
  // stream fails for a reason other than its end.
  Next Read(Document* document, std::string* problem);

  // 1-based number of the line last read (0 before the first Read).
  std::size_t line_number() const { return line_number_; }
  // Bytes of input consumed so far, newlines included.
  std::size_t bytes_read() const { return bytes_read_; }

 private:
  // Makes the line just read the `text` of *document (options.text_lines).
  void ReadTextLine(Document* document);

  std::istream& in_;
  std::unique_ptr<internal::JsonDocumentReader> reader_;
  std::size_t max_line_bytes_;
  bool text_lines_;
  std::string line_;
  std::string piece_;  // where istream::getline reads a line, a piece at a time
  std::string fallback_id_;
  std::size_t line_number_ = 0;
  std::size_t bytes_read_ = 0;
};

// Splits "a,b,c" into {"a", "b", "c"}, trimming spaces and dropping empty
// names; used for `--fields`.
std::vector<std::string> SplitFieldList(const std::string& list);

}  // namespace bylaw

#endif  // BYLAW_JSONL_SOURCE_H_
