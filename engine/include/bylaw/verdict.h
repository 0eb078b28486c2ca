// Verdicts: what the engine decided about one document, and why.
#ifndef BYLAW_VERDICT_H_
#define BYLAW_VERDICT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/document.h"
#include "bylaw/evasion.h"
#include "bylaw/policy.h"

namespace bylaw {

class Program;

// One match of a term, as byte offsets in the ORIGINAL text of a field.
struct MatchSpan {
  std::uint32_t field = 0;  // index into Document::fields
  std::uint32_t begin = 0;  // first byte, inclusive
  std::uint32_t end = 0;    // last byte, exclusive
  std::uint32_t term = 0;   // index for Program::term_name()
  EvasionSet evasions;      // how the matched text was disguised (empty: as written)
  // Streamed documents, whose text is not kept: offset of the matched text
  // in Verdict::span_texts (TextOf reads it; it may be shorter than
  // end - begin, where a stream shortened a run of padding inside it).
  // kInDocument: read it from the document.
  std::uint32_t text = kInDocument;
  static constexpr std::uint32_t kInDocument = 0xFFFFFFFF;
};

// A verdict shows at most this many spans per term of each matched rule:
// the first ones, in field order then by place. So a verdict, and the state
// of a stream (DocumentStream), stay bounded however often a term matches;
// conditions still see every match (count(), near(), evaded()).
inline constexpr std::uint32_t kMaxSpansPerTerm = 8;

// A rule that matched, with the spans of the terms that made it true (at
// most kMaxSpansPerTerm per term).
struct RuleMatch {
  std::uint32_t rule = 0;        // index into Program::rules()
  std::uint32_t first_span = 0;  // range [first_span, first_span + span_count)
  std::uint32_t span_count = 0;  //   of Verdict::spans
};

// The decision about one document. Produced by Scanner::Scan, which reuses
// the same Verdict object for every document: a Verdict and everything it
// points to (the program, the document) is valid until the next Scan on the
// same scanner. Copy what you need to keep.
struct Verdict {
  const Program* program = nullptr;
  const Document* document = nullptr;
  Action decision = Action::kAllow;   // strictest action of the live matches
  std::vector<RuleMatch> live;        // matched live rules, in program order
  std::vector<RuleMatch> shadow;      // matched shadow rules, in program order
  std::vector<MatchSpan> spans;       // storage for the spans of both lists
  // Streams: the matched texts (MatchSpan::text), each after its length in
  // 4 bytes (least significant first).
  std::string span_texts;

  std::span<const MatchSpan> SpansOf(const RuleMatch& match) const {
    return std::span<const MatchSpan>(spans).subspan(match.first_span, match.span_count);
  }
  // The original bytes a span covers (from the document, or for a streamed
  // document from span_texts).
  std::string_view TextOf(const MatchSpan& span) const;
  std::string_view FieldNameOf(const MatchSpan& span) const;
  // The decision is above `allow` (a live rule whose action is `allow` does not flag).
  bool Flagged() const { return decision != Action::kAllow; }

  void Clear() {
    decision = Action::kAllow;
    live.clear();
    shadow.clear();
    spans.clear();
    span_texts.clear();
  }
};

// Appends the verdict as one JSON object (no trailing newline) to `out`:
// the document's id and metadata (an object of strings, present only when
// the document has metadata; a name given twice keeps its last value), the
// decision, and per matched rule its id, title, category, action, severity,
// labels, resources and spans. Invalid UTF-8 in quoted document text is
// written as U+FFFD, so the output is always valid JSON. Reuses `out`'s
// capacity.
void AppendVerdictJson(const Verdict& verdict, std::string* out);

}  // namespace bylaw

#endif  // BYLAW_VERDICT_H_
