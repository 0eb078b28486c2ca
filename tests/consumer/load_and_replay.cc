// A scan-only host, from an installed tree: loads a program file with the
// run side alone and decides JSON Lines from stdin with the adapters'
// JsonlSource, one "id decision" line per document.
//   load_and_replay PROGRAM < documents.jsonl
// Exits 0, or 2 when the program cannot be loaded.
#include <bylaw/program_file.h>
#include <bylaw/scanner.h>
#include <bylaw/verdict.h>
#include <bylaw/jsonl_source.h>

#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: load_and_replay PROGRAM < documents.jsonl\n", stderr);
    return 2;
  }
  const bylaw::ProgramFileLoad load = bylaw::LoadProgramFile(argv[1]);
  if (!load.ok()) {
    std::fprintf(stderr, "%s\n", load.error.c_str());
    return 2;
  }
  bylaw::Scanner scanner(load.program);
  bylaw::JsonlSource source(std::cin);
  bylaw::Document document;
  std::string problem;
  for (;;) {
    const bylaw::JsonlSource::Next next = source.Read(&document, &problem);
    if (next == bylaw::JsonlSource::Next::kEnd) break;
    if (next == bylaw::JsonlSource::Next::kSkipped) continue;
    const bylaw::Verdict& verdict = scanner.Scan(document);
    std::printf("%s %s\n", document.id.c_str(), std::string(bylaw::ActionName(verdict.decision)).c_str());
  }
  return 0;
}
