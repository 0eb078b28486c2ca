// The scan hot path does not allocate once warm: a counting operator new
// (for this test binary) watches a second pass over documents the scanner
// has already seen, including writing each verdict as JSON into a reused
// string. Allocations through malloc (ICU's own) are not counted here.
// Nor does reading JSON Lines into a reused document (replay's input). And a
// document dense with matches, decided within the default scan limits, holds
// a bounded heap, not a multiple of its length.
#include <gtest/gtest.h>

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <sstream>

#include "bylaw/jsonl_source.h"
#include "bylaw/scan_limits.h"
#include "bylaw/scanner.h"
#include "test_rules.h"

// The replacements below pair operator new with malloc and operator delete
// with free; GCC cannot see that and warns at every inlined delete.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
thread_local bool g_counting = false;
thread_local std::size_t g_allocations = 0;
// Bytes allocated less bytes freed while g_counting, and the most it reached.
thread_local std::int64_t g_live = 0;
thread_local std::int64_t g_peak = 0;

void* Counted(void* p) {
  if (g_counting && p != nullptr) {
    ++g_allocations;
    g_live += static_cast<std::int64_t>(malloc_usable_size(p));
    g_peak = std::max(g_peak, g_live);
  }
  return p;
}
void Free(void* p) {
  if (g_counting && p != nullptr) g_live -= static_cast<std::int64_t>(malloc_usable_size(p));
  std::free(p);
}
}  // namespace

void* operator new(std::size_t size) {
  if (void* p = Counted(std::malloc(size == 0 ? 1 : size))) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return Counted(std::malloc(size == 0 ? 1 : size));
}
void operator delete(void* p) noexcept { Free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { Free(p); }
void operator delete(void* p, std::size_t) noexcept { Free(p); }

namespace bylaw {
namespace {

TEST(ScannerAllocation, ScanningAndWritingVerdictsDoNotAllocateOnceWarm) {
  auto program = test::MustCompile(R"(category: dangerous-acts-and-challenges
terms:
  blackout: [blackout challenge, choking game]
  warning: [psa, killed]
  dose: [{ regex: '\b\d{1,3}\s*(pills|mg)\b' }]
  brand: [{ text: Benadryl, case_sensitive: true }]
  titled: [{ text: challenge, fields: [title] }]
rules:
  - { id: promo, when: blackout and not warning, action: remove }
  - { id: aware, when: 'near(blackout, warning, 5)', action: label }
  - { id: dose, when: 'count(dose) >= 1 or brand', action: review }
  - { id: title, when: 'titled in (title)', action: label, status: shadow }
)");
  ASSERT_NE(program, nullptr);
  std::vector<Document> documents;
  for (const char* text : {"who is doing the BLACKOUT challenge tonight?",
                           "PSA: the blackout challenge killed a boy", "took 12 pills of Benadryl",
                           "a quiet evening with cinnamon rolls", "ＣＨＯＫＩＮＧ ｇａｍｅ — café",
                           "the b.l.a.c.k.o.u.t challenge, write to me@psa.org"}) {
    documents.push_back(test::TextDocument(text));
    documents.back().AddField("title", "the challenge");
  }
  Scanner scanner(program);
  // The last one's `psa` is read only apart from what the skeleton joined
  // (the plain stretches), so that path is among those counted.
  EXPECT_EQ(test::LiveRules(scanner.Scan(documents.back())), std::vector<std::string>{"aware"});
  std::string json;
  for (int pass = 0; pass < 2; ++pass) {  // warm up every buffer
    for (const Document& document : documents) {
      json.clear();
      AppendVerdictJson(scanner.Scan(document), &json);
    }
  }
  std::size_t flagged = 0;
  g_allocations = 0;
  g_counting = true;
  for (int round = 0; round < 50; ++round) {
    for (const Document& document : documents) {
      const Verdict& verdict = scanner.Scan(document);
      flagged += verdict.Flagged() ? 1 : 0;
      json.clear();
      AppendVerdictJson(verdict, &json);
    }
  }
  g_counting = false;
  EXPECT_EQ(g_allocations, 0u);
  EXPECT_EQ(flagged, 50u * 5);
}

// A whole scan keeps every match of a field at once, in several lists, a
// few hundred bytes each: on text with more matches than bytes, that was
// hundreds of bytes of heap a byte of text. Within the default limits a
// whole scan stops at a number of matches in proportion to the text, and
// such a document is streamed.
TEST(ScannerMemory, ADocumentDenseWithMatchesHoldsABoundedHeapWithinTheDefaultLimits) {
  auto program = test::MustCompile(R"(category: frauds-and-scams
terms:
  digit: [{ regex: '\b\d\b' }]
  number: [{ regex: '\b\d+\b' }]
  figure: [{ regex: '\b[0-9]\b' }]
  price: [{ regex: '\$\d' }]
rules:
  - { id: digits, when: 'count(digit) >= 3 and price and number and figure', action: review }
)");
  ASSERT_NE(program, nullptr);
  std::string text;
  while (text.size() < (std::size_t{1} << 20)) text += "1 2 $3 4 5 6 7 8 9 0 ";
  Document document = test::TextDocument(text);
  Scanner scanner(program);
  const ScanLimits limits;  // the defaults
  ASSERT_LE(DocumentBytes(document), limits.max_document_bytes);
  g_live = g_peak = 0;
  g_counting = true;
  const Verdict& verdict = ScanWithinLimits(scanner, nullptr, document, limits);
  g_counting = false;
  EXPECT_EQ(test::LiveRules(verdict), std::vector<std::string>{"digits"});
  // About 40 MB here (the whole scan stopped, then the stream), 360 MB when
  // the megabyte is scanned whole.
  EXPECT_LT(g_peak, std::int64_t{128} << 20);
}

// Each line overwrites the strings of the fields and metadata the previous
// ones left (Document::Clear sets them aside, CopyField and CopyMetadata
// reuse them), so a document read line after line allocates nothing once
// its strings are long enough.
TEST(ReaderAllocation, JsonLinesReadIntoAReusedDocumentDoNotAllocateOnceWarm) {
  const std::string shapes[] = {
      R"({"id":"a1","text":"who is doing the blackout challenge tonight, everyone?"})",
      R"({"id":2,"title":"a title longer than a short string","text":"and a body longer than that"})",
      R"({"text":"no id and one field","metadata":{"lang":"en","user":"a user id of some length"}})",
      R"({"id":"a4","caption":"one more field, a caption this time","text":null})",
  };
  constexpr int kWarm = 10, kCounted = 40;
  std::string lines;
  for (int round = 0; round < kWarm + kCounted; ++round) {
    for (const std::string& shape : shapes) lines += shape + "\n";
  }
  std::istringstream in(lines);
  JsonlSource source(in, JsonlOptions{});
  Document document;
  std::string problem;
  const auto read_rounds = [&](int rounds) {
    std::size_t read = 0;
    for (int i = 0; i < rounds * 4; ++i) {
      read += source.Read(&document, &problem) == JsonlSource::Next::kDocument ? 1 : 0;
    }
    return read;
  };
  ASSERT_EQ(read_rounds(kWarm), 4u * kWarm);
  g_allocations = 0;
  g_counting = true;
  const std::size_t read = read_rounds(kCounted);
  g_counting = false;
  EXPECT_EQ(g_allocations, 0u);
  EXPECT_EQ(read, 4u * kCounted);
  // The last line, read into strings other lines used before it.
  EXPECT_EQ(document.id, "a4");
  ASSERT_EQ(document.fields.size(), 1u);
  EXPECT_EQ(document.fields[0].name, "caption");
  EXPECT_EQ(document.fields[0].text, "one more field, a caption this time");
  EXPECT_TRUE(document.metadata.empty());
}

}  // namespace
}  // namespace bylaw
