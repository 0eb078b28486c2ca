// Peer: RE2::Set, one caseless regex per term, Latin-1 (byte) mode so that
// \b and \W see bytes as PCRE2 and YARA do.
#include <re2/re2.h>
#include <re2/set.h>

#include <stdexcept>

#include "engine.h"

namespace bylaw::bench {
namespace {

class Re2Matcher : public Matcher {
 public:
  explicit Re2Matcher(const re2::RE2::Set& set) : set_(set) {}
  void Match(std::size_t, std::string_view text, TermSet* terms) override {
    re2::RE2::Set::ErrorInfo error;
    terms->clear();
    if (!set_.Match(re2::StringPiece(text.data(), text.size()), &hits_, &error) &&
        error.kind != re2::RE2::Set::kNoError) {
      throw std::runtime_error("RE2::Set::Match failed (" + std::to_string(error.kind) +
                               "): the DFA ran out of memory");
    }
    terms->assign(hits_.begin(), hits_.end());
    Normalize(terms);
  }

 private:
  const re2::RE2::Set& set_;
  std::vector<int> hits_;
};

class Re2Engine : public Engine {
 public:
  explicit Re2Engine(const std::vector<std::string>& terms) : set_(Options(), re2::RE2::UNANCHORED) {
    for (const std::string& term : terms) {
      std::string error;
      if (set_.Add(TermRegex(term), &error) < 0) throw std::runtime_error("RE2: " + error);
    }
    if (!set_.Compile()) throw std::runtime_error("RE2::Set::Compile failed (out of memory)");
  }
  std::unique_ptr<Matcher> NewMatcher() const override {
    return std::make_unique<Re2Matcher>(set_);
  }

 private:
  static re2::RE2::Options Options() {
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingLatin1);
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    options.set_max_mem(std::int64_t{4} << 30);  // large sets need a large DFA budget
    return options;
  }
  re2::RE2::Set set_;
};

}  // namespace

std::unique_ptr<Engine> MakeRe2Engine(const std::vector<std::string>& terms) {
  return std::make_unique<Re2Engine>(terms);
}

}  // namespace bylaw::bench
