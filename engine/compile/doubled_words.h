// Compile side: the English words that another word becomes with a letter
// doubled (`been` from `ben`), from engine/data/doubled_words.txt. A phrase
// carries the ones its words become (PhrasePattern::doubled_words), so that
// a doubled letter is read as a disguise everywhere else (`ffuk`, `aass`).
#ifndef BYLAW_COMPILE_DOUBLED_WORDS_H_
#define BYLAW_COMPILE_DOUBLED_WORDS_H_

#include <string>
#include <string_view>
#include <vector>

namespace bylaw::internal {

// The listed words that `word` (folded, lowercase) becomes when one or more
// of its letters are written twice; empty for most words and for any word
// with letters beyond ASCII. `ben` -> {`been`}, `marshal` -> {`marshall`}.
std::vector<std::string> DoubledSpellingsOf(std::string_view word);

}  // namespace bylaw::internal

#endif  // BYLAW_COMPILE_DOUBLED_WORDS_H_
