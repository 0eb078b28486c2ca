// The tables of a ProgramData as bytes, and back: the body of a compiled
// program file (engine/runtime/program_file.cc writes the header around it).
// Every field of every table is listed once, in program_codec.cc.
#ifndef BYLAW_RUNTIME_PROGRAM_CODEC_H_
#define BYLAW_RUNTIME_PROGRAM_CODEC_H_

#include <memory>
#include <string>
#include <string_view>

#include "program_data.h"

namespace bylaw::internal {

// Appends every table of `data`, Hyperscan databases serialized, to `out`.
// Throws bylaw::Error if Hyperscan cannot serialize a database.
void EncodeProgramData(const ProgramData& data, std::string* out);

// The tables encoded in `bytes`, which must be consumed exactly. Throws
// bylaw::Error, with a lowercase message saying what is wrong, on truncated
// or malformed bytes, a value out of range, or a database Hyperscan refuses.
std::unique_ptr<ProgramData> DecodeProgramData(std::string_view bytes);

// Empty when every index in `data` points inside the table it indexes (so
// that a scan cannot read out of bounds); otherwise what does not.
std::string CheckProgramData(const ProgramData& data);

}  // namespace bylaw::internal

#endif  // BYLAW_RUNTIME_PROGRAM_CODEC_H_
