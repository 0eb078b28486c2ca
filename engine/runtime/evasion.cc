// The names of evasions (bylaw/evasion.h), as verdicts and rule files spell them.
#include "bylaw/evasion.h"

namespace bylaw {

std::string_view EvasionName(Evasion evasion) {
  switch (evasion) {
    case Evasion::kInvisible:
      return "invisible";
    case Evasion::kConfusable:
      return "confusable";
    case Evasion::kStyled:
      return "styled";
    case Evasion::kMarks:
      return "marks";
    case Evasion::kMixedScript:
      return "mixed-script";
    case Evasion::kLeet:
      return "leet";
    case Evasion::kSeparator:
      return "separator";
    case Evasion::kSpacing:
      return "spacing";
    case Evasion::kMask:
      return "mask";
    case Evasion::kRepeat:
      return "repeat";
    case Evasion::kFuzzy:
      return "fuzzy";
  }
  return "unknown";
}

}  // namespace bylaw
