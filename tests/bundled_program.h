// The program of the bundled packs (rules/), for the tests that run on them.
// ctest runs every test in a process of its own, and the 22 packs take about
// 25 processor-seconds to compile, so the run compiles them once: the test
// RulePacks.CompileWithoutErrorsOrWarnings (`bylaw compile --werror`) saves
// the program, and the tests that run on the packs (tests/CMakeLists.txt
// names them) load that file, which BYLAW_BUNDLED_PROGRAM names. Outside
// ctest, without the variable, the folder is compiled in the process.
#ifndef BYLAW_TESTS_BUNDLED_PROGRAM_H_
#define BYLAW_TESTS_BUNDLED_PROGRAM_H_

#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>

#include "bylaw/compiler.h"
#include "bylaw/diagnostic.h"
#include "bylaw/program_file.h"

namespace bylaw::test {

inline std::filesystem::path BundledRules() {
  return std::filesystem::path(BYLAW_SOURCE_DIR) / "rules";
}

struct BundledProgramLoad {
  std::shared_ptr<const Program> program;  // null when it could be neither loaded nor compiled
  std::string error;                       // why, when `program` is null
};

// The bundled program, loaded from BYLAW_BUNDLED_PROGRAM when it is set,
// else compiled; once per process.
inline const BundledProgramLoad& BundledProgram() {
  static const BundledProgramLoad* const bundled = [] {
    auto* result = new BundledProgramLoad;
    if (const char* file = std::getenv("BYLAW_BUNDLED_PROGRAM"); file != nullptr && *file != '\0') {
      ProgramFileLoad load = LoadProgramFile(file);
      result->program = load.program;
      result->error = load.error;
      return result;
    }
    CompileOptions options;
    // The whole-compile limit is wall time: tests never depend on the machine's speed.
    options.limits.compile_seconds = std::numeric_limits<double>::infinity();
    CompileResult compiled = CompileDirectory(BundledRules(), options);
    result->program = compiled.program;
    for (const Diagnostic& diagnostic : compiled.diagnostics) result->error += FormatDiagnostic(diagnostic);
    return result;
  }();
  return *bundled;
}

}  // namespace bylaw::test

#endif  // BYLAW_TESTS_BUNDLED_PROGRAM_H_
