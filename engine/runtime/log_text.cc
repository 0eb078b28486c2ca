// Run side: see bylaw/log_text.h. Used by the diagnostics of the compile
// side, the adapters' problem lines and logs, and the CLI.
#include "bylaw/log_text.h"

#include "bylaw/utf8.h"

namespace bylaw {

std::string LogSafe(std::string_view text, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  std::size_t i = 0;
  while (i < text.size() && out.size() < max_bytes) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && byte != '\t') || byte == 0x7F) {
      out += {'\\', 'x', kHex[byte >> 4], kHex[byte & 15]};
      ++i;
      continue;
    }
    const std::size_t length = Utf8CharLength(text.substr(i));
    out.append(length == 0 ? std::string_view("\xEF\xBF\xBD") : text.substr(i, length));
    i += length == 0 ? 1 : length;
  }
  if (i < text.size()) out += "...";
  return out;
}

}  // namespace bylaw
