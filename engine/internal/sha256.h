// SHA-256 (FIPS 180-4), for fingerprints of rule sources and compiled
// programs. Not a password hash and not constant-time: inputs are not secret.
#ifndef BYLAW_INTERNAL_SHA256_H_
#define BYLAW_INTERNAL_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bylaw::internal {

// An incremental SHA-256 hash. Feed it with Update() in any number of pieces;
// the digest depends only on the concatenated bytes. Reading the digest does
// not end the hash: more Update() calls may follow. A value type; one object
// must not be used from two threads at once.
class Sha256 {
 public:
  Sha256();

  // Appends `data` to the message.
  void Update(std::string_view data);

  // The digest of everything passed to Update() so far, as 64 lowercase hex
  // digits.
  std::string HexDigest() const;

 private:
  // The 32-byte digest of the message so far.
  std::array<std::uint8_t, 32> Finish() const;
  // Compresses `blocks` whole 64-byte blocks into the state, with the CPU's
  // SHA extensions where it has them.
  void Compress(const std::uint8_t* data, std::size_t blocks);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_;  // The partial block not yet compressed.
  std::size_t buffer_size_ = 0;
  std::uint64_t message_bytes_ = 0;
};

// The SHA-256 of `data` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view data);

// Whether Compress uses the CPU's SHA extensions. A test can turn them off
// (false) to hold the portable code to the same digests; returns whether
// they were on.
bool Sha256UsesCpuExtensions();
bool SetSha256CpuExtensions(bool on);

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_SHA256_H_
