// Peer: PCRE2 with JIT, one caseless regex per term, tried one after the
// other on every document (what a loop of regexes does). Small sets only.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdexcept>

#include "engine.h"

namespace bylaw::bench {
namespace {

struct CodeDeleter {
  void operator()(pcre2_code* code) const { pcre2_code_free(code); }
};
struct MatchDataDeleter {
  void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};
using Code = std::unique_ptr<pcre2_code, CodeDeleter>;

class Pcre2Matcher : public Matcher {
 public:
  explicit Pcre2Matcher(const std::vector<Code>& codes)
      : codes_(codes), data_(pcre2_match_data_create(1, nullptr)) {
    if (data_ == nullptr) throw std::runtime_error("pcre2_match_data_create failed");
  }
  void Match(std::size_t, std::string_view text, TermSet* terms) override {
    terms->clear();
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    for (std::uint32_t i = 0; i < codes_.size(); ++i) {
      const int rc = pcre2_jit_match(codes_[i].get(), subject, text.size(), 0, 0, data_.get(),
                                     nullptr);
      if (rc >= 0) {
        terms->push_back(i);
      } else if (rc != PCRE2_ERROR_NOMATCH) {
        throw std::runtime_error("pcre2_jit_match failed with " + std::to_string(rc));
      }
    }
  }

 private:
  const std::vector<Code>& codes_;
  std::unique_ptr<pcre2_match_data, MatchDataDeleter> data_;
};

class Pcre2Engine : public Engine {
 public:
  explicit Pcre2Engine(const std::vector<std::string>& terms) {
    for (const std::string& term : terms) {
      const std::string regex = TermRegex(term);
      int error = 0;
      PCRE2_SIZE offset = 0;
      Code code(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(regex.data()), regex.size(),
                              PCRE2_CASELESS, &error, &offset, nullptr));
      if (code == nullptr || pcre2_jit_compile(code.get(), PCRE2_JIT_COMPLETE) != 0) {
        throw std::runtime_error("PCRE2 cannot compile or JIT `" + regex + "`");
      }
      std::size_t size = 0;
      pcre2_pattern_info(code.get(), PCRE2_INFO_SIZE, &size);
      std::size_t jit_size = 0;
      pcre2_pattern_info(code.get(), PCRE2_INFO_JITSIZE, &jit_size);
      bytes_ += size + jit_size;
      codes_.push_back(std::move(code));
    }
  }
  std::unique_ptr<Matcher> NewMatcher() const override {
    return std::make_unique<Pcre2Matcher>(codes_);
  }
  std::size_t program_bytes() const override { return bytes_; }

 private:
  std::vector<Code> codes_;
  std::size_t bytes_ = 0;
};

}  // namespace

std::unique_ptr<Engine> MakePcre2Engine(const std::vector<std::string>& terms) {
  return std::make_unique<Pcre2Engine>(terms);
}

}  // namespace bylaw::bench
