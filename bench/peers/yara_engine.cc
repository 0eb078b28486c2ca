// Peer: YARA through libyara, one rule per term holding the term's caseless
// regex; the matched rules are the matched terms. Fast mode: each string is
// reported once per document, which is all a set of matched terms needs.
#include <yara.h>

#include <stdexcept>

#include "engine.h"

namespace bylaw::bench {
namespace {

// yr_initialize / yr_finalize for the life of the process.
void InitializeYara() {
  static const int status = [] {
    const int result = yr_initialize();
    std::atexit([] { yr_finalize(); });
    return result;
  }();
  if (status != ERROR_SUCCESS) throw std::runtime_error("yr_initialize failed");
}

struct CompilerDeleter {
  void operator()(YR_COMPILER* compiler) const { yr_compiler_destroy(compiler); }
};
struct RulesDeleter {
  void operator()(YR_RULES* rules) const { yr_rules_destroy(rules); }
};
struct ScannerDeleter {
  void operator()(YR_SCANNER* scanner) const { yr_scanner_destroy(scanner); }
};

class YaraMatcher : public Matcher {
 public:
  explicit YaraMatcher(YR_RULES* rules) {
    YR_SCANNER* scanner = nullptr;
    if (yr_scanner_create(rules, &scanner) != ERROR_SUCCESS) {
      throw std::runtime_error("yr_scanner_create failed");
    }
    scanner_.reset(scanner);
    yr_scanner_set_flags(scanner, SCAN_FLAGS_FAST_MODE);
    yr_scanner_set_callback(scanner, &YaraMatcher::OnMessage, this);
  }
  void Match(std::size_t, std::string_view text, TermSet* terms) override {
    terms_ = terms;
    terms->clear();
    const int status = yr_scanner_scan_mem(
        scanner_.get(), reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    if (status != ERROR_SUCCESS) {
      throw std::runtime_error("yr_scanner_scan_mem failed with " + std::to_string(status));
    }
    Normalize(terms);
  }

 private:
  static int OnMessage(YR_SCAN_CONTEXT*, int message, void* data, void* self) {
    if (message == CALLBACK_MSG_RULE_MATCHING) {
      const char* name = static_cast<const YR_RULE*>(data)->identifier;  // "t000042"
      static_cast<YaraMatcher*>(self)->terms_->push_back(
          static_cast<std::uint32_t>(std::strtoul(name + 1, nullptr, 10)));
    }
    return CALLBACK_CONTINUE;
  }

  std::unique_ptr<YR_SCANNER, ScannerDeleter> scanner_;
  TermSet* terms_ = nullptr;
};

class YaraEngine : public Engine {
 public:
  explicit YaraEngine(const std::vector<std::string>& terms) {
    InitializeYara();
    YR_COMPILER* compiler = nullptr;
    if (yr_compiler_create(&compiler) != ERROR_SUCCESS) {
      throw std::runtime_error("yr_compiler_create failed");
    }
    const std::unique_ptr<YR_COMPILER, CompilerDeleter> owned(compiler);
    std::string source;
    char name[16];
    for (std::size_t i = 0; i < terms.size(); ++i) {
      std::snprintf(name, sizeof name, "t%06zu", i);
      source += std::string("rule ") + name + " { strings: $a = /" + TermRegex(terms[i]) +
                "/ nocase condition: $a }\n";
    }
    if (yr_compiler_add_string(compiler, source.c_str(), nullptr) != 0) {
      throw std::runtime_error("YARA cannot compile the generated rules");
    }
    YR_RULES* rules = nullptr;
    if (yr_compiler_get_rules(compiler, &rules) != ERROR_SUCCESS) {
      throw std::runtime_error("yr_compiler_get_rules failed");
    }
    rules_.reset(rules);
  }
  std::unique_ptr<Matcher> NewMatcher() const override {
    return std::make_unique<YaraMatcher>(rules_.get());
  }

 private:
  std::unique_ptr<YR_RULES, RulesDeleter> rules_;
};

}  // namespace

std::unique_ptr<Engine> MakeYaraEngine(const std::vector<std::string>& terms) {
  return std::make_unique<YaraEngine>(terms);
}

}  // namespace bylaw::bench
