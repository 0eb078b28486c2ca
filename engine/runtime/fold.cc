// The public face of text folding (bylaw/fold.h) over text_fold.cc.
#include "bylaw/fold.h"

#include "text_view.h"

namespace bylaw {

std::string FoldedText(std::string_view text) {
  internal::TextView view;
  internal::FoldText(text, &view);
  return std::move(view.text);
}

}  // namespace bylaw
