// The byte layout of every binary format bylaw writes: a program file's
// header and tables (program_file.cc, program_codec.cc) and the compile
// child's batch and answer (guarded_compile.cc). Integers and enums are their
// native little-endian bytes at fixed width, strings a 64-bit length then
// their bytes. A ByteReader never reads past its bytes: every Take says
// whether the value was there.
#ifndef BYLAW_INTERNAL_BYTE_CODEC_H_
#define BYLAW_INTERNAL_BYTE_CODEC_H_

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace bylaw::internal {

static_assert(std::endian::native == std::endian::little, "bylaw's binary formats are little-endian");

template <class T>
concept FixedWidth = std::is_arithmetic_v<T> || std::is_enum_v<T>;

// Appends to a string it borrows.
class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}
  template <FixedWidth T>
  void Put(T value) { out_->append(reinterpret_cast<const char*>(&value), sizeof value); }
  void PutBytes(std::string_view bytes) { out_->append(bytes); }
  void PutString(std::string_view text) {
    Put<std::uint64_t>(text.size());
    PutBytes(text);
  }

 private:
  std::string* out_;
};

// Reads the front of bytes it borrows.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : rest_(bytes) {}
  template <FixedWidth T>
  [[nodiscard]] bool Take(T* value) {
    if (rest_.size() < sizeof(T)) return false;
    std::memcpy(value, rest_.data(), sizeof(T));
    rest_.remove_prefix(sizeof(T));
    return true;
  }
  [[nodiscard]] bool TakeBytes(std::uint64_t size, std::string_view* bytes) {
    if (size > rest_.size()) return false;
    *bytes = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return true;
  }
  // A string PutString wrote; false if its length runs past the bytes.
  [[nodiscard]] bool TakeString(std::string_view* text) {
    std::uint64_t size = 0;
    return Take(&size) && TakeBytes(size, text);
  }
  std::string_view rest() const { return rest_; }
  bool empty() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_BYTE_CODEC_H_
