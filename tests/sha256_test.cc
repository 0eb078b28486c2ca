// Tests for engine/runtime/sha256.cc against the FIPS 180-4 example vectors
// and lengths around the padding boundaries.
#include "sha256.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace bylaw::internal {
namespace {

struct HashCase {
  std::string message;
  const char* hex_digest;
};

std::vector<HashCase> Vectors() {
  return {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",  // 448 bits
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmn"
       "opqrsmnopqrstnopqrstu",  // 896 bits
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
      {std::string(1000000, 'a'),
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
      // Lengths where the padding needs one block, then two.
      {std::string(55, 'x'), "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"},
      {std::string(56, 'x'), "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"},
      {std::string(63, 'x'), "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"},
      {std::string(64, 'x'), "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"},
      {std::string(65, 'x'), "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"},
      {std::string(119, 'x'), "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c"},
      {std::string(120, 'x'), "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98"},
  };
}

TEST(Sha256, MatchesStandardVectors) {
  for (const HashCase& c : Vectors()) {
    SCOPED_TRACE(c.message.size());
    EXPECT_EQ(Sha256Hex(c.message), c.hex_digest);
  }
}

// Where the CPU has SHA extensions, the other tests run with them; this one
// holds the portable code and the extensions to the same digests over every
// length up to five blocks and a few long messages.
TEST(Sha256, PortableCodeAndCpuExtensionsAgree) {
  std::string message;
  std::uint32_t state = 12345;
  for (int i = 0; i < 70000; ++i) {
    state = state * 1103515245u + 12345u;
    message += static_cast<char>(state >> 24);
  }
  const bool had = SetSha256CpuExtensions(false);
  ASSERT_FALSE(Sha256UsesCpuExtensions());
  std::vector<std::string> portable;
  std::vector<std::size_t> lengths;
  for (std::size_t length = 0; length <= 320; ++length) lengths.push_back(length);
  for (std::size_t length : {4095, 4096, 65537, 70000}) lengths.push_back(length);
  for (std::size_t length : lengths) portable.push_back(Sha256Hex(message.substr(0, length)));
  for (const HashCase& c : Vectors()) EXPECT_EQ(Sha256Hex(c.message), c.hex_digest);
  SetSha256CpuExtensions(true);
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    EXPECT_EQ(Sha256Hex(message.substr(0, lengths[i])), portable[i]) << lengths[i] << " bytes";
  }
  SetSha256CpuExtensions(had);
}

TEST(Sha256, DigestDoesNotDependOnHowTheMessageIsSplit) {
  const std::string message =
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmn"
      "opqrsmnopqrstnopqrstu";
  for (std::size_t first = 0; first <= message.size(); ++first) {
    for (std::size_t second = first; second <= message.size(); second += 7) {
      Sha256 hash;
      hash.Update(std::string_view(message).substr(0, first));
      hash.Update(std::string_view(message).substr(first, second - first));
      hash.Update(std::string_view(message).substr(second));
      ASSERT_EQ(hash.HexDigest(),
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
          << "split at " << first << " and " << second;
    }
  }
}

TEST(Sha256, ByteAtATimeMatchesOneShot) {
  Sha256 hash;
  for (int i = 0; i < 1000; ++i) hash.Update("a");
  EXPECT_EQ(hash.HexDigest(), Sha256Hex(std::string(1000, 'a')));
}

TEST(Sha256, ReadingTheDigestDoesNotEndTheHash) {
  Sha256 hash;
  hash.Update("ab");
  EXPECT_EQ(hash.HexDigest(), Sha256Hex("ab"));
  hash.Update("c");
  EXPECT_EQ(hash.HexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, HashesBinaryData) {
  const std::string zeros(3, '\0');
  EXPECT_EQ(Sha256Hex(zeros), "709e80c88487a2411e1ee4dfb9f22a861492d20c4765150c0c794abd70f8147c");
}

}  // namespace
}  // namespace bylaw::internal
