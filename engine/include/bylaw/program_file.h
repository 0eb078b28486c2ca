// Compiled-program files: a Program saved once by `bylaw compile` and loaded
// by any command or worker instead of compiling the rules again.
//
// Run side: saving and loading need only libhs_runtime
// (hs_serialize_database / hs_deserialize_database), so a scan-only worker
// that links bylaw_runtime can load a file another machine compiled.
//
// A file holds the serialized Hyperscan databases and every table of the
// program. Its header records the format version, the ruleset hash, the
// Hyperscan version and the CPU features the databases were built for, and
// a SHA-256 of everything after the header. A file that does not match this
// build or this machine, or that is damaged, is refused with a message that
// says why; it is never half-loaded.
//
// What loading trusts: the SHA-256 in the header is a checksum against
// accidents, not a signature, since anyone can recompute it. Every table is
// checked before use (each index against its table, each count against the
// bytes that could hold it, conditions as trees of bounded depth), so forged
// tables are refused, never a crash. The Hyperscan databases are a different
// matter: they are machine code for Hyperscan's matcher, which
// hs_deserialize_database does not verify. Load program files only from
// places you would run a program from; match ids and offsets that a forged
// database reports are still checked against the tables.
#ifndef BYLAW_PROGRAM_FILE_H_
#define BYLAW_PROGRAM_FILE_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "bylaw/program.h"

namespace bylaw {

// Bumped whenever the layout of a file or the meaning of a compiled table
// changes; files of another version are refused. 2: rules carry their
// circuit breaker (RuleInfo::hit_rate_limit). 3: terms carry exceptions
// and one-sided word boundaries. 4: rules carry their provenance
// (RuleInfo::provenance); conditions test metadata (MetaTest). 5: phrases
// on word views are padded literals. 6: one-word phrases split in two, and
// phrases with a letter masked, are looked up in tables (WordTable). 7:
// whole-word phrases too, and a masked phrase is stored once, its masked
// spellings made at load. 8: databases compiled without AVX-512 features,
// for the AVX2 scan routine (internal/hyperscan_scan.h). 9: a regex's
// start reach (CompiledPattern::start_reach), and the words case-sensitive
// phrases need (ProgramData::exact_word_anchors).
inline constexpr std::uint32_t kProgramFileFormat = 9;

// What a file's header says about the program in it.
struct ProgramFileInfo {
  std::uint32_t format = 0;        // kProgramFileFormat when written by this build
  std::string ruleset_hash;        // Program::hash(): "sha256:<hex>" of the rule sources
  std::string hyperscan_version;   // hs_version() of the process that wrote it
  std::string platform;            // what the databases were built for, e.g. "AVX2"
};

// Either a program or why the file was refused.
struct ProgramFileLoad {
  std::shared_ptr<const Program> program;  // null when refused
  ProgramFileInfo info;                    // as far as the header could be read
  std::string error;  // lowercase, names the file, says what to do; empty on success
  // Refused only because its ruleset hash is not the one asked for.
  bool other_rules = false;
  bool ok() const { return program != nullptr; }
};

// Serializes `program` (databases and tables) into the bytes of a file.
// Throws bylaw::Error if Hyperscan cannot serialize a database.
std::string SerializeProgram(const Program& program);

// The program held by `bytes`. `name` is how errors name the source (a path).
// Refuses a wrong magic, a format, Hyperscan version or platform other than
// this process's, truncated or damaged bytes (checksum mismatch), and tables
// whose indices do not hold together. With `wanted_ruleset_hash`, a file
// whose header names another ruleset is refused (other_rules) before its
// checksum is computed or any table is read.
ProgramFileLoad DeserializeProgram(std::string_view bytes, std::string_view name,
                                   std::string_view wanted_ruleset_hash = {});

// Writes `program` to `path` atomically: a temporary file in the same
// directory, fsync, rename over `path`, fsync of the directory. A reader sees
// the old file or the new one, never a mix. Throws bylaw::Error on an I/O
// failure (the temporary file is removed).
void SaveProgramFile(const Program& program, const std::filesystem::path& path);

// Reads and deserializes `path`. An unreadable file is refused like a
// damaged one (an error in the result, no exception). `wanted_ruleset_hash`
// as for DeserializeProgram.
ProgramFileLoad LoadProgramFile(const std::filesystem::path& path,
                                std::string_view wanted_ruleset_hash = {});

// True if `path` is a regular file that starts with the program-file magic:
// how callers that take "RULES" tell a compiled file from a rules directory.
bool IsProgramFile(const std::filesystem::path& path);

}  // namespace bylaw

#endif  // BYLAW_PROGRAM_FILE_H_
