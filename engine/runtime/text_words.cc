// Run side: the word view (see text_view.h), derived from a folded or exact
// view so that every phrase is one literal for Hyperscan.
#include "text_view.h"

namespace bylaw::internal {

void SqueezeToWords(const TextView& in, TextView* out) {
  out->Clear();
  const std::string_view text = in.text;
  bool in_gap = false;
  for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length) {
    const bool word = IsWordCodePoint(DecodeUtf8(text, pos, &length));
    if (word) {
      out->text.append(text.substr(pos, length));
      for (std::size_t i = pos; i < pos + length; ++i) {
        out->source_begin.push_back(in.source_begin[i]);
        out->source_end.push_back(in.source_end[i]);
      }
    } else if (in_gap) {
      out->source_end.back() = in.source_end[pos + length - 1];  // widen the gap's span
    } else {
      out->text.push_back(' ');
      out->source_begin.push_back(in.source_begin[pos]);
      out->source_end.push_back(in.source_end[pos + length - 1]);
    }
    in_gap = !word;
  }
}

}  // namespace bylaw::internal
