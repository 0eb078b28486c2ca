// Fuzzes the loading of compiled program files (engine/runtime/
// program_file.cc, program_codec.cc, program_check.cc) as a file from an
// untrusted place would reach it: the SHA-256 in its header is a checksum,
// not a signature, so a forger makes it match. The input is the body of a
// file (the harness writes a header with its size and checksum), or, when it
// starts with the magic, a whole file as it is.
//
// Properties: loading never crashes, hangs or allocates far beyond the
// file; a file is either refused with a message naming it or loads, and a
// loaded program scans documents (the input itself among them) and runs its
// examples with every span inside its document. What loading trusts, the
// Hyperscan bytecode inside, is Hyperscan's to check (README).
#include <cstring>
#include <string>

#include "bylaw/compiler.h"
#include "bylaw/program_file.h"
#include "bylaw/scanner.h"
#include "fuzz_harness.h"
#include "sha256.h"
#include "span_checks.h"

namespace bylaw::fuzz {
namespace {

constexpr std::string_view kMagic = "BYLAWPRG";

// `body` with a header that vouches for it.
std::string Forge(std::string_view body) {
  std::string file(kMagic);
  const std::uint32_t format = kProgramFileFormat;
  const std::uint32_t reserved = 0;
  const std::uint64_t size = body.size();
  file.append(reinterpret_cast<const char*>(&format), sizeof format);
  file.append(reinterpret_cast<const char*>(&reserved), sizeof reserved);
  file.append(reinterpret_cast<const char*>(&size), sizeof size);
  file += internal::Sha256Hex(body);
  file.append(body);
  return file;
}

std::string CheckLoaded(const std::shared_ptr<const Program>& program, std::string_view input) {
  Scanner scanner(program);
  for (const std::string& text : {std::string(input.substr(0, 4096)),
                                  std::string("who's doing the blackout challenge? tag 3 friends")}) {
    Document document;
    document.id = "d";
    document.AddField("text", text);
    if (std::string problem = CheckSpans(scanner.Scan(document), document); !problem.empty()) {
      return problem;
    }
  }
  RunExamples(program);
  return "";
}

}  // namespace

std::string FuzzProgramFile(std::string_view input) {
  const std::string file = input.starts_with(kMagic) ? std::string(input) : Forge(input);
  const ProgramFileLoad load = DeserializeProgram(file, "fuzz.bylaw");
  if (!load.ok()) {
    if (load.error.find("`fuzz.bylaw`") == std::string::npos) return "a refusal must name the file";
    return "";
  }
  return CheckLoaded(load.program, input);
}

}  // namespace bylaw::fuzz

BYLAW_FUZZ_ENTRY(bylaw::fuzz::FuzzProgramFile)
