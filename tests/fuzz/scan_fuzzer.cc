// Fuzzes the run side on arbitrary bytes: text folding (every view is valid
// UTF-8 and maps back to whole characters of the original) and a scan
// against the bundled packs in rules/ (every span lies inside its field, is
// not empty, and starts and ends on character boundaries of the original
// text; the verdict is valid JSON; streaming the document in chunks gives
// the same verdict as scanning it whole).
//
// Input: the first byte says where the title ends and the text begins.
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "../bundled_program.h"
#include "bylaw/scanner.h"
#include "fuzz_harness.h"
#include "span_checks.h"
#include "text_view.h"

namespace bylaw::fuzz {
namespace {

std::string CheckView(const internal::TextView& view, std::string_view original,
                      const std::vector<bool>& boundary, const char* name) {
  const std::string where = std::string(" (") + name + " view)";
  if (!IsValidUtf8(view.text)) return "view is not valid UTF-8" + where;
  if (view.source_begin.size() != view.text.size() || view.source_end.size() != view.text.size()) {
    return "source map size differs from the view" + where;
  }
  for (std::size_t i = 0; i < view.text.size(); ++i) {
    const std::uint32_t begin = view.source_begin[i], end = view.source_end[i];
    if (begin >= end || end > original.size()) return "source span empty or outside" + where;
    if (!boundary[begin] || !boundary[end]) return "source span splits a character" + where;
    if (i > 0 && begin < view.source_begin[i - 1]) return "source map goes backwards" + where;
  }
  return "";
}

std::string CheckFolding(std::string_view text) {
  const std::vector<bool> boundary = Boundaries(text);
  internal::TextView folded, words, exact;
  internal::FoldText(text, &folded);
  internal::SqueezeToWords(folded, &words);
  internal::SanitizeText(text, &exact);
  for (auto [view, name] : {std::pair{&folded, "folded"}, {&words, "word"}, {&exact, "exact"}}) {
    std::string problem = CheckView(*view, text, boundary, name);
    if (!problem.empty()) return problem;
  }
  return "";
}

struct Shared {
  std::shared_ptr<const Program> program;
  std::unique_ptr<Scanner> scanner;
  std::string failure;
};

Shared& Bundled() {
  static Shared* shared = [] {
    auto* s = new Shared;
    const test::BundledProgramLoad& bundled = test::BundledProgram();
    if (bundled.program == nullptr) {
      s->failure = "the bundled packs neither load nor compile: " + bundled.error;
      return s;
    }
    s->program = bundled.program;
    s->scanner = std::make_unique<Scanner>(s->program);
    return s;
  }();
  return *shared;
}

// What must be equal between two verdicts on the same document.
std::string Summary(const Verdict& verdict) {
  std::string summary = std::to_string(static_cast<int>(verdict.decision));
  for (const auto* list : {&verdict.live, &verdict.shadow}) {
    summary += '|';
    for (const RuleMatch& match : *list) {
      summary += std::to_string(match.rule) + ':';
      for (const MatchSpan& span : verdict.SpansOf(match)) {
        summary += std::to_string(span.field) + '.' + std::to_string(span.begin) + '-' +
                   std::to_string(span.end) + '.' + std::to_string(span.term) + ',';
      }
    }
  }
  return summary;
}

}  // namespace

std::string FuzzScan(std::string_view input) {
  Shared& shared = Bundled();
  if (!shared.failure.empty()) return shared.failure;
  Document document;
  document.id = "fuzz";
  std::string_view rest = input.empty() ? input : input.substr(1);
  const std::size_t split = input.empty() ? 0 : rest.size() * static_cast<unsigned char>(input[0]) / 256;
  document.AddField("title", std::string(rest.substr(0, split)));
  document.AddField("text", std::string(rest.substr(split)));
  for (const Field& field : document.fields) {
    std::string problem = CheckFolding(field.text);
    if (!problem.empty()) return problem;
  }

  const Verdict& verdict = shared.scanner->Scan(document);
  std::string problem = CheckSpans(verdict, document);
  if (!problem.empty()) return problem;
  std::string json;
  AppendVerdictJson(verdict, &json);
  if (!nlohmann::json::accept(json)) return "verdict JSON does not parse: " + json;
  const std::string whole = Summary(verdict);

  // The same document in chunks of 1 to 64 bytes, cut anywhere (even inside
  // a character).
  const std::size_t chunk = input.empty() ? 1 : 1 + static_cast<unsigned char>(input.back()) % 64;
  DocumentStream stream(*shared.scanner, document.id);
  for (const Field& field : document.fields) {
    stream.Append(field.name, "");
    for (std::size_t pos = 0; pos < field.text.size(); pos += chunk) {
      stream.Append(field.name, std::string_view(field.text).substr(pos, chunk));
    }
  }
  const std::string streamed = Summary(stream.Finish());
  if (streamed != whole) return "streamed verdict " + streamed + " differs from whole " + whole;
  return "";
}

}  // namespace bylaw::fuzz

BYLAW_FUZZ_ENTRY(bylaw::fuzz::FuzzScan)

#ifdef BYLAW_LIBFUZZER
// The bundle is compiled (or loaded from BYLAW_BUNDLED_PROGRAM) before the
// first input: libFuzzer's per-input timeout then times scans only, not the
// compile of 300k patterns under ASan.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  bylaw::fuzz::Bundled();
  return 0;
}
#endif
