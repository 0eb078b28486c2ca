// Text from documents and rule files made safe for a log line or a
// terminal: a document's id or a file's bytes must not restyle a terminal
// (ESC sequences) or forge a line of a log (a newline).
#ifndef BYLAW_LOG_TEXT_H_
#define BYLAW_LOG_TEXT_H_

#include <string>
#include <string_view>

namespace bylaw {

// `text` with every control character (C0 but tab, and DEL) written as
// \xNN and every byte that is not well-formed UTF-8 as U+FFFD; at most
// about `max_bytes` long, cut on a character boundary and ended with
// "..." when cut.
std::string LogSafe(std::string_view text, std::size_t max_bytes = 4096);

}  // namespace bylaw

#endif  // BYLAW_LOG_TEXT_H_
