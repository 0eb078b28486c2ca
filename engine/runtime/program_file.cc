// Compiled program files: the header, the checksum and the atomic write
// around the tables that program_codec.cc encodes.
//
// Layout (little-endian):
//   0   8 bytes   magic "BYLAWPRG"
//   8   u32       format (kProgramFileFormat)
//   12  u32       0 (reserved)
//   16  u64       body size in bytes
//   24  64 bytes  SHA-256 of the body, lowercase hex
//   88  body      ruleset hash, hs_version(), platform (length-prefixed
//                 strings), then the tables (program_codec.cc)
#include "bylaw/program_file.h"

#include <fcntl.h>
#include <hs/hs_runtime.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "bylaw/error.h"
#include "byte_codec.h"
#include "program_data.h"
#include "runtime/program_codec.h"
#include "sha256.h"

namespace bylaw {
namespace {

constexpr std::string_view kMagic = "BYLAWPRG";
constexpr std::size_t kDigestSize = 64;
constexpr std::size_t kHeaderSize = kMagic.size() + 4 + 4 + 8 + kDigestSize;

// "AVX2" out of hs_serialized_database_info's "Version: 5.4.9 Features: AVX2 Mode: BLOCK".
std::string PlatformOf(const internal::ProgramData& data) {
  if (data.databases.empty() || data.databases.front().database == nullptr) return "";
  char* bytes = nullptr;
  std::size_t length = 0;
  if (hs_serialize_database(data.databases.front().database.get(), &bytes, &length) != HS_SUCCESS) {
    return "";
  }
  char* info = nullptr;
  const hs_error_t status = hs_serialized_database_info(bytes, length, &info);
  std::free(bytes);
  if (status != HS_SUCCESS) return "";
  std::string text(info);
  std::free(info);
  const std::size_t begin = text.find("Features: ");
  if (begin == std::string::npos) return text;
  const std::size_t end = text.find(" Mode:", begin);
  return text.substr(begin + 10, end == std::string::npos ? std::string::npos : end - begin - 10);
}

ProgramFileLoad Refuse(ProgramFileLoad load, std::string_view name, const std::string& why) {
  load.program.reset();
  load.error = "compiled program `" + std::string(name) + "` " + why;
  return load;
}

constexpr std::string_view kRecompile = "; compile it again with `bylaw compile`";

// An open file descriptor; closes it unless released.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting failure (a delayed write error shows up here).
  bool Close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

void WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) throw Error(Errno("cannot write `" + path + "`"));
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

// The bytes of the file at `path`, read into a buffer that is neither
// zero-filled nor grown and copied (a program file is tens of megabytes).
// Not mapped: a file truncated in place while mapped would end the process
// with SIGBUS instead of a refusal. False with errno set when it cannot be
// read.
class FileBytes {
 public:
  bool Read(const std::filesystem::path& path) {
    Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.get() < 0) return false;
    const bool read = ReadAll(file.get());
    const int error = errno;  // what went wrong, not what closing says
    file.Close();
    errno = error;
    return read;
  }
  std::string_view bytes() const { return std::string_view(buffer_.get(), size_); }

 private:
  bool ReadAll(int fd) {
    struct stat status {};
    if (::fstat(fd, &status) != 0) return false;
    // A regular file's size, and one more byte to see its end; anything
    // else (a pipe) grows as it comes.
    std::size_t capacity = S_ISREG(status.st_mode) ? static_cast<std::size_t>(status.st_size) + 1 : 1 << 16;
    buffer_.reset(new char[capacity]);
    while (true) {
      if (size_ == capacity) {
        std::unique_ptr<char[]> larger(new char[capacity * 2]);
        std::memcpy(larger.get(), buffer_.get(), size_);
        buffer_ = std::move(larger);
        capacity *= 2;
      }
      const ssize_t got = ::read(fd, buffer_.get() + size_, capacity - size_);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return false;
      if (got == 0) return true;
      size_ += static_cast<std::size_t>(got);
    }
  }

  std::unique_ptr<char[]> buffer_;
  std::size_t size_ = 0;
};

// Writes `bytes` into a new temporary file next to `target` and renames it
// over `target`. Removes the temporary file on failure.
void WriteAtomically(const std::filesystem::path& target, std::string_view bytes) {
  const std::filesystem::path dir =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string temp = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  Descriptor file(::mkstemp(temp.data()));
  if (file.get() < 0) throw Error(Errno("cannot create a temporary file in `" + dir.string() + "`"));
  try {
    WriteAll(file.get(), bytes, temp);
    if (::fchmod(file.get(), 0644) != 0 || ::fsync(file.get()) != 0 || !file.Close()) {
      throw Error(Errno("cannot write `" + temp + "`"));
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
      throw Error(Errno("cannot rename `" + temp + "` to `" + target.string() + "`"));
    }
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  // The rename is durable once the directory is.
  Descriptor directory(::open(dir.c_str(), O_RDONLY | O_DIRECTORY));
  if (directory.get() < 0 || ::fsync(directory.get()) != 0) {
    throw Error(Errno("cannot sync directory `" + dir.string() + "`"));
  }
}

}  // namespace

std::string SerializeProgram(const Program& program) {
  const internal::ProgramData& data = program.data();
  std::string body;
  internal::ByteWriter header_strings(&body);
  header_strings.PutString(data.hash);
  header_strings.PutString(hs_version());
  header_strings.PutString(PlatformOf(data));
  internal::EncodeProgramData(data, &body);

  std::string file;
  internal::ByteWriter writer(&file);
  writer.PutBytes(kMagic);
  writer.Put<std::uint32_t>(kProgramFileFormat);
  writer.Put<std::uint32_t>(0);  // reserved
  writer.Put<std::uint64_t>(body.size());
  writer.PutBytes(internal::Sha256Hex(body));
  writer.PutBytes(body);
  return file;
}

namespace {

// Checks the magic, format and body size, and reads the ruleset hash,
// Hyperscan version and platform into load->info. Returns where the tables
// start in the body, or 0 with load->error set. Reads no table: a caller
// that wants one ruleset learns that a file holds another before paying for
// (or trusting) anything else.
std::size_t ReadHeader(std::string_view bytes, std::string_view name, ProgramFileLoad* load) {
  if (bytes.size() < kHeaderSize || bytes.substr(0, kMagic.size()) != kMagic) {
    *load = Refuse(std::move(*load), name, "is not a bylaw compiled program (no `BYLAWPRG` magic)");
    return 0;
  }
  // The fixed part is there (kHeaderSize bytes): magic, format, reserved, body size.
  internal::ByteReader fixed(bytes.substr(kMagic.size()));
  std::uint32_t reserved = 0;
  std::uint64_t body_size = 0;
  (void)(fixed.Take(&load->info.format) && fixed.Take(&reserved) && fixed.Take(&body_size));
  if (load->info.format != kProgramFileFormat) {
    *load = Refuse(std::move(*load), name,
                   "has format " + std::to_string(load->info.format) + "; this bylaw reads format " +
                       std::to_string(kProgramFileFormat) + std::string(kRecompile));
    return 0;
  }
  const std::string_view body = bytes.substr(kHeaderSize);
  if (body.size() != body_size) {
    // A size no file can have is damage, not truncation (and the sum
    // below would wrap).
    const bool impossible = body_size > (std::uint64_t{1} << 48);
    *load = Refuse(std::move(*load), name,
                   impossible ? "has a damaged header (a body size of " +
                                    std::to_string(body_size) + " bytes)" + std::string(kRecompile)
                              : (body.size() < body_size ? "is truncated: " : "has trailing bytes: ") +
                                    std::to_string(bytes.size()) + " bytes instead of " +
                                    std::to_string(kHeaderSize + body_size) + std::string(kRecompile));
    return 0;
  }
  internal::ByteReader strings(body);
  std::string_view ruleset_hash, hyperscan_version, platform;
  if (!strings.TakeString(&ruleset_hash) || !strings.TakeString(&hyperscan_version) ||
      !strings.TakeString(&platform)) {
    *load = Refuse(std::move(*load), name, "has a damaged header" + std::string(kRecompile));
    return 0;
  }
  load->info.ruleset_hash = ruleset_hash;
  load->info.hyperscan_version = hyperscan_version;
  load->info.platform = platform;
  return body.size() - strings.rest().size();
}

// The tables of a file whose header ReadHeader accepted, checked.
ProgramFileLoad ReadTables(std::string_view body, std::string_view name, ProgramFileLoad load) {
  const ProgramFileInfo& info = load.info;
  if (info.hyperscan_version != hs_version()) {
    return Refuse(std::move(load), name,
                  "was compiled with Hyperscan " + info.hyperscan_version + "; this is Hyperscan " +
                      hs_version() + std::string(kRecompile));
  }
  std::unique_ptr<internal::ProgramData> data;
  try {
    data = internal::DecodeProgramData(body);
  } catch (const Error& error) {
    std::string why = error.what();
    if (why.find("CPU features") != std::string::npos) why += " (built for " + info.platform + ")";
    return Refuse(std::move(load), name, "cannot be loaded: " + why + std::string(kRecompile));
  }
  if (const std::string problem = internal::CheckProgramData(*data); !problem.empty()) {
    return Refuse(std::move(load), name, "has inconsistent tables: " + problem + std::string(kRecompile));
  }
  if (data->hash != info.ruleset_hash) {
    return Refuse(std::move(load), name, "has a header that does not match its tables" + std::string(kRecompile));
  }
  load.program = std::make_shared<const Program>(std::move(data));
  return load;
}

}  // namespace

ProgramFileLoad DeserializeProgram(std::string_view bytes, std::string_view name,
                                   std::string_view wanted_ruleset_hash) {
  ProgramFileLoad load;
  const std::size_t tables = ReadHeader(bytes, name, &load);
  if (tables == 0) return load;
  if (!wanted_ruleset_hash.empty() && load.info.ruleset_hash != wanted_ruleset_hash) {
    load.other_rules = true;
    return Refuse(std::move(load), name, "holds other rules (ruleset hash differs)");
  }
  const std::string_view body = bytes.substr(kHeaderSize);
  if (internal::Sha256Hex(body) != bytes.substr(24, kDigestSize)) {
    return Refuse(std::move(load), name, "is damaged (checksum mismatch)" + std::string(kRecompile));
  }
  return ReadTables(body.substr(tables), name, std::move(load));
}

void SaveProgramFile(const Program& program, const std::filesystem::path& path) {
  WriteAtomically(path, SerializeProgram(program));
}

ProgramFileLoad LoadProgramFile(const std::filesystem::path& path,
                                std::string_view wanted_ruleset_hash) {
  FileBytes bytes;
  if (!bytes.Read(path)) {
    ProgramFileLoad load;
    load.error = "cannot read compiled program `" + path.string() + "`: " + std::strerror(errno);
    return load;
  }
  return DeserializeProgram(bytes.bytes(), path.string(), wanted_ruleset_hash);
}

bool IsProgramFile(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return false;
  std::ifstream in(path, std::ios::binary);
  char magic[kMagic.size()] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == static_cast<std::streamsize>(sizeof magic) &&
         std::string_view(magic, sizeof magic) == kMagic;
}

}  // namespace bylaw
