// Fuzzes the JSON Lines reader (adapters/jsonl_source.cc): any bytes give a
// sequence of documents and skipped lines, each line read once, never a
// crash or an exception, and documents whose field texts came from the line.
#include <sstream>
#include <string>

#include "bylaw/error.h"
#include "bylaw/jsonl_source.h"
#include "fuzz_harness.h"

namespace bylaw::fuzz {

std::string FuzzJsonlSource(std::string_view input) {
  std::istringstream in{std::string(input)};
  JsonlSource source(in);
  Document document;
  std::string problem;
  std::size_t last_line = 0;
  try {
    for (;;) {
      const JsonlSource::Next next = source.Read(&document, &problem);
      if (next == JsonlSource::Next::kEnd) break;
      if (source.line_number() <= last_line) return "line number did not advance";
      last_line = source.line_number();
      if (source.bytes_read() > input.size()) return "read more bytes than the input holds";
      if (next == JsonlSource::Next::kSkipped) {
        if (problem.empty()) return "skipped line without a reason";
        if (!document.fields.empty()) return "skipped line left fields in the document";
        continue;
      }
      // The id may be empty: a string id is taken as it is, "" included.
      for (const Field& field : document.fields) {
        // A field's text is a JSON string of the line, each byte of it at
        // most one U+FFFD (three bytes) once the line's invalid UTF-8 is
        // repaired.
        if (field.text.size() > 3 * input.size()) return "field longer than the repaired input";
      }
    }
  } catch (const Error& error) {
    return std::string("reading a string stream threw: ") + error.what();
  }
  if (source.bytes_read() != input.size()) return "did not consume the whole input";
  return "";
}

}  // namespace bylaw::fuzz

BYLAW_FUZZ_ENTRY(bylaw::fuzz::FuzzJsonlSource)
