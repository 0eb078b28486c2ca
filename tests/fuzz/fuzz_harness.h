// The libFuzzer harnesses of tests/fuzz/. Each harness is a plain function
// from arbitrary bytes to a verdict on them: "" when every property it checks
// holds, otherwise a description of the first one that does not. The same
// function runs under libFuzzer (tests/fuzz/CMakeLists.txt compiles each
// *_fuzzer.cc with BYLAW_LIBFUZZER, which aborts on a non-empty result) and
// over every seed and regression input in the normal test suite
// (tests/fuzz_regressions_test.cc). A crash is a crash in both.
#ifndef BYLAW_TESTS_FUZZ_FUZZ_HARNESS_H_
#define BYLAW_TESTS_FUZZ_FUZZ_HARNESS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bylaw::fuzz {

using Harness = std::string (*)(std::string_view input);

// tests/fuzz/rule_pack_fuzzer.cc: the input is one pack beside a fixed
// taxonomy; loads, resolves and compiles it, and runs its examples.
std::string FuzzRulePack(std::string_view input);
// tests/fuzz/condition_parser_fuzzer.cc: the input is a `when:` text.
std::string FuzzConditionParser(std::string_view input);
// tests/fuzz/scan_fuzzer.cc: the input is a document (title and text) folded
// and scanned against the bundled packs in rules/.
std::string FuzzScan(std::string_view input);
// tests/fuzz/jsonl_source_fuzzer.cc: the input is a JSON Lines stream.
std::string FuzzJsonlSource(std::string_view input);
// tests/fuzz/captions_fuzzer.cc: the input is an SRT or WebVTT file.
std::string FuzzCaptions(std::string_view input);
// tests/fuzz/program_file_fuzzer.cc: the input is a compiled program file's
// body (given a header that vouches for it), or a whole file.
std::string FuzzProgramFile(std::string_view input);
// tests/fuzz/rule_graph_fuzzer.cc: the input builds rules and condition
// trees for the rule-graph phase of the compile.
std::string FuzzRuleGraph(std::string_view input);

// Where the repository is, for harnesses that read rules/.
inline const char* SourceDir() { return BYLAW_SOURCE_DIR; }

}  // namespace bylaw::fuzz

// Defines libFuzzer's entry point for `harness` in the fuzzer executables;
// nothing in the test binary, which links every harness at once.
#ifdef BYLAW_LIBFUZZER
#include <cstdio>
#include <cstdlib>
#define BYLAW_FUZZ_ENTRY(harness)                                                       \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {   \
    const std::string failure =                                                         \
        harness(std::string_view(reinterpret_cast<const char*>(data), size));           \
    if (!failure.empty()) {                                                             \
      std::fprintf(stderr, "%s: %s\n", #harness, failure.c_str());                      \
      std::abort();                                                                     \
    }                                                                                   \
    return 0;                                                                           \
  }
#else
#define BYLAW_FUZZ_ENTRY(harness)
#endif

#endif  // BYLAW_TESTS_FUZZ_FUZZ_HARNESS_H_
