// bylaw end to end, through the public API only (see bylaw_engines.h).
#include <stdexcept>

#include "bylaw/scanner.h"
#include "bylaw_engines.h"
#include "term_pack.h"

namespace bylaw::bench {
namespace {

class BylawMatcher : public Matcher {
 public:
  BylawMatcher(std::shared_ptr<const Program> program, const std::vector<std::uint32_t>& ids)
      : scanner_(std::move(program)), ids_(ids) {
    document_.id = "bench";
    document_.AddField("text", "");
  }
  void Match(std::size_t, std::string_view text, TermSet* terms) override {
    document_.fields[0].text.assign(text);  // reuses the capacity once warm
    const Verdict& verdict = scanner_.Scan(document_);
    terms->clear();
    for (const MatchSpan& span : verdict.spans) terms->push_back(ids_[span.term]);
    Normalize(terms);
  }

 private:
  Scanner scanner_;
  const std::vector<std::uint32_t>& ids_;
  Document document_;
};

class BylawEngine : public Engine {
 public:
  explicit BylawEngine(std::shared_ptr<const Program> program)
      : program_(std::move(program)), ids_(TermIds(*program_)) {}
  std::unique_ptr<Matcher> NewMatcher() const override {
    return std::make_unique<BylawMatcher>(program_, ids_);
  }
  std::size_t program_bytes() const override { return DatabaseBytes(*program_); }

 private:
  std::shared_ptr<const Program> program_;
  std::vector<std::uint32_t> ids_;
};

}  // namespace

std::vector<std::uint32_t> TermIds(const Program& program) {
  std::vector<std::uint32_t> ids;
  for (std::uint32_t term = 0; term < program.stats().terms; ++term) {
    const long index = TermIndex(std::string(program.term_name(term)));
    ids.push_back(index >= 0 ? static_cast<std::uint32_t>(index) : term);
  }
  return ids;
}

std::unique_ptr<Engine> MakeBylawEngine(std::shared_ptr<const Program> program) {
  return std::make_unique<BylawEngine>(std::move(program));
}

}  // namespace bylaw::bench
