// A host program that embeds bylaw's compile side as a user would, from an
// installed tree: compiles a rules folder (its Hyperscan compiles run in the
// installed bylaw-compile-child), writes the program file, decides TEXT.
//   compile_and_scan RULES PROGRAM_OUT TEXT
// Prints "decision <action>"; exits 0 when flagged, 1 when allowed, 2 on error.
#include <bylaw/compiler.h>
#include <bylaw/program_file.h>
#include <bylaw/scanner.h>
#include <bylaw/verdict.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fputs("usage: compile_and_scan RULES PROGRAM_OUT TEXT\n", stderr);
    return 2;
  }
  const bylaw::CompileResult compiled = bylaw::CompileDirectory(argv[1]);
  for (const bylaw::Diagnostic& diagnostic : compiled.diagnostics) {
    std::fprintf(stderr, "%s\n", diagnostic.message.c_str());
  }
  if (!compiled.ok()) return 2;
  bylaw::SaveProgramFile(*compiled.program, argv[2]);
  bylaw::Scanner scanner(compiled.program);
  bylaw::Document document;
  document.AddField("text", argv[3]);
  const bylaw::Verdict& verdict = scanner.Scan(document);
  std::printf("decision %s\n", std::string(bylaw::ActionName(verdict.decision)).c_str());
  return verdict.Flagged() ? 0 : 1;
}
