// Document text made safe and readable on a terminal: the CLI never writes
// raw control characters (an ESC in a post could restyle the user's
// terminal) or invalid UTF-8 from a document.
#ifndef BYLAW_CLI_DISPLAY_TEXT_H_
#define BYLAW_CLI_DISPLAY_TEXT_H_

#include <string>
#include <string_view>

namespace bylaw::cli {

// Appends `text` between double quotes with C-style escapes: \" \\ \n \r \t,
// other control characters as \xNN, invalid UTF-8 bytes as U+FFFD.
void AppendQuoted(std::string_view text, std::string* out);

// Appends `text` as it reads: tabs kept, each newline followed by
// `continuation_indent` spaces, other control characters as \xNN, invalid
// UTF-8 bytes as U+FFFD.
void AppendDisplayed(std::string_view text, std::size_t continuation_indent,
                     std::string* out);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_DISPLAY_TEXT_H_
