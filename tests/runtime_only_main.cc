// Links against bylaw_runtime alone (libhs_runtime; no compiler, yaml-cpp or
// Boost): the build fails if the run side ever needs the compile side.
//   bylaw_runtime_only                 the run side's symbols resolve; writes an empty verdict
//   bylaw_runtime_only PROGRAM TEXT    loads a program file from `bylaw compile` and decides
//                                      TEXT, as a scan-only worker does; exits 0 if flagged
#include <cstdio>
#include <string>

#include "bylaw/program_file.h"
#include "bylaw/scanner.h"
#include "bylaw/verdict.h"

namespace {

int DecideWithProgramFile(const char* path, const char* text) {
  const bylaw::ProgramFileLoad load = bylaw::LoadProgramFile(path);
  if (!load.ok()) {
    std::fprintf(stderr, "%s\n", load.error.c_str());
    return 2;
  }
  bylaw::Scanner scanner(load.program);
  bylaw::Document document;
  document.AddField("text", text);
  const bylaw::Verdict& verdict = scanner.Scan(document);
  std::printf("loaded %s: decision %s\n", path, std::string(ActionName(verdict.decision)).c_str());
  return verdict.Flagged() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3) return DecideWithProgramFile(argv[1], argv[2]);
  const bylaw::Verdict& (bylaw::Scanner::*scan)(const bylaw::Document&) = &bylaw::Scanner::Scan;
  void (*append)(const bylaw::Verdict&, std::string*) = &bylaw::AppendVerdictJson;
  bylaw::Verdict verdict;
  std::string json;
  append(verdict, &json);
  std::printf("run side links alone: %s\n", scan != nullptr && !json.empty() ? "yes" : "no");
  return json.empty() ? 1 : 0;
}
