// JSON text as producers really write it, made valid before parsing: a
// JavaScript producer's JSON.stringify emits lone surrogates (`\ud800`), and
// a truncated multi-byte character leaves bytes that are not UTF-8. Either
// would make nlohmann refuse the whole document; one bad character must not
// leave a document undecided. Private to adapters/.
#ifndef BYLAW_ADAPTERS_JSON_TEXT_H_
#define BYLAW_ADAPTERS_JSON_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace bylaw::internal {

// `json` with every byte that is not well-formed UTF-8 replaced by U+FFFD and
// every `\uXXXX` escape of a surrogate that is not half of a pair replaced
// by `\ufffd`. Returns `json` itself (no copy) when nothing needs replacing;
// otherwise the repaired text, held in *repaired. *replaced counts the
// characters replaced.
std::string_view RepairJsonText(std::string_view json, std::string* repaired,
                                std::size_t* replaced);

}  // namespace bylaw::internal

#endif  // BYLAW_ADAPTERS_JSON_TEXT_H_
