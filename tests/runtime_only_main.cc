// Links against bylaw_runtime alone (libhs_runtime; no compiler, yaml-cpp or
// Boost): the build fails if the run side ever needs the compile side. A
// Scanner needs a Program, which only the compiler provides for now, so this
// checks that the run side's symbols resolve and writes an empty verdict.
#include <cstdio>
#include <string>

#include "bylaw/scanner.h"
#include "bylaw/verdict.h"

int main() {
  const bylaw::Verdict& (bylaw::Scanner::*scan)(const bylaw::Document&) = &bylaw::Scanner::Scan;
  void (*append)(const bylaw::Verdict&, std::string*) = &bylaw::AppendVerdictJson;
  bylaw::Verdict verdict;
  std::string json;
  append(verdict, &json);
  std::printf("run side links alone: %s\n", scan != nullptr && !json.empty() ? "yes" : "no");
  return json.empty() ? 1 : 0;
}
