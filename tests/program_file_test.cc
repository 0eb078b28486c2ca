// Compiled program files: a saved and loaded program decides exactly as the
// compiled one (the test that catches a table the serializer forgot), and a
// damaged, truncated or foreign file is refused with a message saying why.
#include "bylaw/program_file.h"

#include <gtest/gtest.h>
#include <hs/hs_runtime.h>
#include <sys/stat.h>

#include <cstring>
#include <filesystem>
#include <limits>
#include <fstream>
#include <map>
#include <thread>

#include "bylaw/compiler.h"
#include "bylaw/error.h"
#include "bylaw/jsonl_source.h"
#include "bylaw/scanner.h"
#include "bundled_program.h"
#include "test_rules.h"
#include "program_data.h"
#include "runtime/program_codec.h"
#include "sha256.h"

namespace bylaw {
namespace {

constexpr std::size_t kHeaderSize = 88;  // magic, format, reserved, body size, hex digest

// The bundled packs' program (loaded from what `bylaw compile` saved: see
// bundled_program.h) and its bytes.
class ProgramFile : public ::testing::Test {
 protected:
  void SetUp() override {
    const test::BundledProgramLoad& bundled = test::BundledProgram();
    ASSERT_NE(bundled.program, nullptr) << bundled.error;
    program_ = bundled.program;
    static const std::string* const bytes = new std::string(SerializeProgram(*program_));
    bytes_ = bytes;
  }
  const std::string& bytes() const { return *bytes_; }
  const std::shared_ptr<const Program>& program() const { return program_; }

  // The error DeserializeProgram gives for `bytes`, which must be refused.
  static std::string Refusal(std::string_view bytes) {
    const ProgramFileLoad load = DeserializeProgram(bytes, "p.bylaw");
    EXPECT_FALSE(load.ok());
    EXPECT_EQ(load.program, nullptr);
    return load.error;
  }

  // `bytes` with its body replaced by `body`, size and checksum made to match.
  std::string WithBody(std::string_view body) const {
    std::string file(bytes().substr(0, kHeaderSize));
    const std::uint64_t size = body.size();
    std::memcpy(file.data() + 16, &size, sizeof size);
    file.replace(24, 64, internal::Sha256Hex(body));
    return file.append(body);
  }

 private:
  std::shared_ptr<const Program> program_;
  const std::string* bytes_ = nullptr;
};

// A copy of `data`, through the encoder and decoder.
std::unique_ptr<internal::ProgramData> Copy(const internal::ProgramData& data) {
  std::string body;
  internal::EncodeProgramData(data, &body);
  return internal::DecodeProgramData(body);
}

std::string VerdictJson(Scanner& scanner, const Document& document) {
  std::string json;
  AppendVerdictJson(scanner.Scan(document), &json);
  return json;
}

std::vector<Document> SampleDocuments() {
  std::ifstream in(test::BundledRules() / "samples" / "flagged.jsonl");
  JsonlSource source(in);
  std::vector<Document> documents;
  Document document;
  std::string problem;
  while (source.Read(&document, &problem) == JsonlSource::Next::kDocument) {
    documents.push_back(document);
  }
  return documents;
}

// A compiled program and the program its bytes load into are one program:
// byte-identical verdicts on the sample corpus and on every example, the
// same description, and the same bytes once encoded again. The one test of
// this file that compiles the bundle in its own process; the others load
// the program `bylaw compile` saved, which this test vouches for.
TEST(ProgramFileRoundTrip, LoadedProgramIsTheCompiledOne) {
  CompileOptions options;
  // The whole-compile limit is wall time: tests never depend on the machine's speed.
  options.limits.compile_seconds = std::numeric_limits<double>::infinity();
  const CompileResult compiled = CompileDirectory(test::BundledRules(), options);
  ASSERT_TRUE(compiled.ok()) << test::FormatAll(compiled.diagnostics);
  const std::string bytes = SerializeProgram(*compiled.program);
  const ProgramFileLoad load = DeserializeProgram(bytes, "p.bylaw");
  ASSERT_TRUE(load.ok()) << load.error;

  Scanner original(compiled.program);
  Scanner loaded(load.program);
  std::vector<Document> documents = SampleDocuments();
  ASSERT_GE(documents.size(), 200u);
  for (const internal::RuleExample& example : compiled.program->data().examples) {
    documents.push_back(example.document);
  }
  Document empty;
  empty.id = "empty";  // no match at all: only the rules that hold without one
  documents.push_back(empty);
  std::size_t flagged = 0;
  for (const Document& document : documents) {
    const std::string expected = VerdictJson(original, document);
    EXPECT_EQ(VerdictJson(loaded, document), expected) << document.id;
    flagged += original.Scan(document).Flagged() ? 1 : 0;
  }
  EXPECT_GT(flagged, documents.size() / 4);  // the comparison covers matches, not only allows

  const ExampleReport report = RunExamples(load.program);
  EXPECT_EQ(report.passed, RunExamples(compiled.program).passed);
  EXPECT_EQ(report.failed, 0u);
  EXPECT_EQ(load.program->hash(), compiled.program->hash());
  EXPECT_EQ(load.info.ruleset_hash, compiled.program->hash());
  EXPECT_EQ(load.info.hyperscan_version, hs_version());
  EXPECT_FALSE(load.info.platform.empty());
  // Built for the AVX2 scan routine (hyperscan_scan.h): loadable on any
  // machine with AVX2, AVX-512 or not.
  EXPECT_EQ(load.info.platform.find("AVX512"), std::string::npos) << load.info.platform;
  EXPECT_EQ(load.info.format, kProgramFileFormat);
  EXPECT_EQ(load.program->stats().rules, compiled.program->stats().rules);
  EXPECT_EQ(load.program->rules().back().location.line,
            compiled.program->rules().back().location.line);
  EXPECT_EQ(SerializeProgram(*load.program), bytes);
}

// A field the scan never reads (or reads rarely) would slip past the verdict
// comparison above. The size of every table's type is pinned instead: when
// one changes, add the new field to its Fields() list in
// engine/runtime/program_codec.cc, bump kProgramFileFormat, then the size here.
TEST(ProgramFileLayout, EveryTableTypeHasTheSizeItsFieldListCovers) {
  using namespace internal;
  const std::pair<const char*, std::size_t> sizes[] = {
      {"SourceLocation", sizeof(SourceLocation)}, {"Resource", sizeof(Resource)},
      {"CategoryInfo", sizeof(CategoryInfo)},     {"RuleInfo", sizeof(RuleInfo)},
      {"RuleProvenance", sizeof(RuleProvenance)},
      {"Evidence", sizeof(Evidence)},             {"RuleProgram", sizeof(RuleProgram)},
      {"ConditionOp", sizeof(ConditionOp)},       {"PatternTarget", sizeof(PatternTarget)},
      {"MetaTest", sizeof(MetaTest)},
      {"CompiledPattern", sizeof(CompiledPattern)}, {"PhraseRun", sizeof(PhraseRun)},
      {"PhrasePattern", sizeof(PhrasePattern)},   {"PatternDatabase", sizeof(PatternDatabase)},
      {"Field", sizeof(Field)},                   {"Document", sizeof(Document)},
      {"RuleExample", sizeof(RuleExample)},       {"ProgramStats", sizeof(ProgramStats)},
      {"WordTable", sizeof(WordTable)},           {"ProgramData", sizeof(ProgramData)},
  };
  const std::map<std::string, std::size_t> expected = {
      {"SourceLocation", 40}, {"Resource", 96}, {"CategoryInfo", 152}, {"RuleInfo", 360},
      {"RuleProvenance", 120},
      {"Evidence", 8}, {"RuleProgram", 48}, {"ConditionOp", 40}, {"PatternTarget", 20},
      {"MetaTest", 88},
      {"CompiledPattern", 56}, {"PhraseRun", 8}, {"PhrasePattern", 56}, {"PatternDatabase", 64},
      {"Field", 64}, {"RuleExample", 208}, {"ProgramStats", 64},
      {"Document", 128},  // of which 48: what Clear() set aside, scratch never stored
      // keys and patterns stored; the index (slots, hashes, plain forms) is rebuilt on load
      {"WordTable", 8440},
      // phrases' letter counts and targets' plain forms not stored: rebuilt on load with the
      // word tables' index
      {"ProgramData", 25872},
  };
  for (const auto& [name, size] : sizes) {
    EXPECT_EQ(size, expected.at(name))
        << name << " changed size: serialize its new field in program_codec.cc";
  }
}

// Provenance is read by no scan, so the verdict comparison above cannot see
// it: it is compared here, through the encoder and decoder.
TEST(ProgramFileRoundTrip, RulesKeepTheirProvenance) {
  const std::shared_ptr<const Program> program = test::MustCompile(R"(category: frauds-and-scams
terms: {a: [alpha]}
rules:
  - id: r
    when: a
    author: fraud desk
    created: 2025-01-31
    references: ["https://example.org/a", "http://example.org/b"]
    maturity: test
    false_positives: [one, two]
)");
  ASSERT_NE(program, nullptr);
  const RuleProvenance& written = program->rules()[0].provenance;
  const std::unique_ptr<internal::ProgramData> copy = Copy(program->data());
  const RuleProvenance& read = copy->rules[0].provenance;
  EXPECT_EQ(read.author, "fraud desk");
  EXPECT_EQ(read.created, written.created);
  EXPECT_EQ(read.references, written.references);
  EXPECT_EQ(read.references.size(), 2u);
  EXPECT_EQ(read.maturity, Maturity::kTest);
  EXPECT_EQ(read.false_positives, (std::vector<std::string>{"one", "two"}));
}

// Metadata tests survive the file and decide as before it.
TEST(ProgramFileRoundTrip, ConditionsKeepTheirMetadataTests) {
  const std::shared_ptr<const Program> program = test::MustCompile(R"(category: frauds-and-scams
terms: {a: [alpha]}
rules:
  - id: r
    when: a and meta.locale in ("es", "pt") and not meta.age >= 18
)");
  ASSERT_NE(program, nullptr);
  const ProgramFileLoad load = DeserializeProgram(SerializeProgram(*program), "p.bylaw");
  ASSERT_TRUE(load.ok()) << load.error;
  ASSERT_EQ(load.program->data().meta_tests.size(), 2u);
  const internal::MetaTest& locale = load.program->data().meta_tests[0];
  EXPECT_EQ(locale.name, "locale");
  EXPECT_TRUE(locale.in_list);
  EXPECT_EQ(locale.texts, (std::vector<std::string>{"es", "pt"}));
  const internal::MetaTest& age = load.program->data().meta_tests[1];
  EXPECT_EQ(age.comparison, internal::Comparison::kGe);
  EXPECT_TRUE(age.numeric);
  EXPECT_EQ(age.numbers, std::vector<std::int64_t>{18});
  Scanner scanner(load.program);
  Document document = test::TextDocument("alpha");
  document.metadata = {{"locale", "pt"}, {"age", "15"}};
  EXPECT_TRUE(scanner.Scan(document).Flagged());
  document.metadata = {{"locale", "pt"}, {"age", "21"}};
  EXPECT_FALSE(scanner.Scan(document).Flagged());
}

TEST_F(ProgramFile, SavesAtomicallyAndLoadsFromDisk) {
  const std::filesystem::path dir = ::testing::TempDir() + "/program_file_save";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / "rules.bylaw";
  { std::ofstream(path) << "an older file"; }
  SaveProgramFile(*program(), path);
  // The temporary file was renamed over the target: nothing else is left.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator()), 1);
  EXPECT_TRUE(IsProgramFile(path));
  EXPECT_FALSE(IsProgramFile(dir));
  EXPECT_FALSE(IsProgramFile(test::BundledRules() / "taxonomy.yaml"));
  const ProgramFileLoad load = LoadProgramFile(path);
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_EQ(load.program->rules().size(), program()->rules().size());
  EXPECT_THROW(SaveProgramFile(*program(), dir / "missing" / "rules.bylaw"), Error);
  const ProgramFileLoad missing = LoadProgramFile(dir / "missing.bylaw");
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.error.find("cannot read compiled program"), std::string::npos) << missing.error;
}

// A program read from something that is not a regular file (a pipe), whose
// size is not known before its end, loads the same; a directory is refused.
TEST_F(ProgramFile, LoadsFromAPipeAndRefusesADirectory) {
  const std::filesystem::path dir = ::testing::TempDir() + "/program_file_pipe";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::filesystem::path fifo = dir / "rules.bylaw";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << bytes(); });
  const ProgramFileLoad load = LoadProgramFile(fifo);
  writer.join();
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_EQ(load.program->hash(), program()->hash());
  const ProgramFileLoad directory = LoadProgramFile(dir);
  EXPECT_FALSE(directory.ok());
  EXPECT_NE(directory.error.find("cannot read compiled program"), std::string::npos) << directory.error;
}

TEST_F(ProgramFile, RefusesTruncatedFilesAtEveryDepth) {
  const std::size_t size = bytes().size();
  for (std::size_t length : {std::size_t{0}, std::size_t{5}, kHeaderSize - 1}) {
    EXPECT_NE(Refusal(bytes().substr(0, length)).find("is not a bylaw compiled program"),
              std::string::npos) << length;
  }
  for (std::size_t length : {kHeaderSize, kHeaderSize + 3, size / 3, size / 2, size - 1}) {
    const std::string error = Refusal(bytes().substr(0, length));
    EXPECT_NE(error.find("is truncated: " + std::to_string(length) + " bytes instead of " +
                         std::to_string(size)), std::string::npos) << error;
  }
  EXPECT_NE(Refusal(bytes() + "x").find("has trailing bytes"), std::string::npos);
}

TEST_F(ProgramFile, RefusesFlippedBytesWithTheRightReason) {
  // The body size is a little-endian u64 at byte 16. Byte 21 holds bits 40..47, which
  // are clear for any real program, so flipping one there always claims a larger body.
  // (A flip in a low byte would claim a smaller or larger body depending on the size of
  // this machine's databases.)
  struct Case {
    std::size_t at;
    const char* reason;
  };
  const std::size_t size = bytes().size();
  for (const Case& c : {Case{0, "no `BYLAWPRG` magic"}, Case{7, "no `BYLAWPRG` magic"},
                        Case{8, "has format"}, Case{21, "is truncated"},
                        Case{30, "checksum mismatch"}, Case{kHeaderSize, "has a damaged header"},
                        Case{kHeaderSize + 9, "checksum mismatch"},
                        Case{size / 2, "checksum mismatch"}, Case{size - 1, "checksum mismatch"}}) {
    std::string damaged = bytes();
    damaged[c.at] = static_cast<char>(damaged[c.at] ^ 0x20);
    const std::string error = Refusal(damaged);
    EXPECT_NE(error.find(c.reason), std::string::npos) << "byte " << c.at << ": " << error;
    EXPECT_NE(error.find("`p.bylaw`"), std::string::npos) << error;
  }
}

TEST_F(ProgramFile, RefusesAnotherFormatOrHyperscanVersion) {
  std::string other_format = bytes();
  other_format[8] = static_cast<char>(kProgramFileFormat + 1);
  EXPECT_NE(Refusal(other_format).find("has format " + std::to_string(kProgramFileFormat + 1) +
                                       "; this bylaw reads format "),
            std::string::npos);

  std::string body = bytes().substr(kHeaderSize);
  const std::size_t version_at = body.find(hs_version());
  ASSERT_NE(version_at, std::string::npos);
  body[version_at] = body[version_at] == '4' ? '3' : '4';
  const std::string error = Refusal(WithBody(body));
  EXPECT_NE(error.find("was compiled with Hyperscan " + body.substr(version_at, 5)),
            std::string::npos) << error;
  EXPECT_NE(error.find(std::string("this is Hyperscan ") + hs_version()), std::string::npos);
}

TEST_F(ProgramFile, RefusesMalformedTablesUnderAValidChecksum) {
  const std::string body = bytes().substr(kHeaderSize);
  EXPECT_NE(Refusal(WithBody(body.substr(0, body.size() - 9))).find("the tables end early"),
            std::string::npos);
  EXPECT_NE(Refusal(WithBody(body + "junk")).find("bytes are left after the tables"),
            std::string::npos);
  EXPECT_NE(Refusal(WithBody(body.substr(0, 4))).find("has a damaged header"), std::string::npos);
}

// Appends an op of `kind` over `operands` to `data`; returns its index.
std::uint32_t AddOp(internal::ProgramData* data, internal::NodeKind kind,
                    std::initializer_list<std::uint32_t> operands) {
  internal::ConditionOp op;
  op.kind = kind;
  op.first_operand = static_cast<std::uint32_t>(data->operands.size());
  op.operand_count = static_cast<std::uint32_t>(operands.size());
  data->operands.insert(data->operands.end(), operands);
  data->ops.push_back(op);
  return static_cast<std::uint32_t>(data->ops.size() - 1);
}

// A table index that points outside its table, or a condition that a scan
// could not evaluate in bounded time and stack, is refused before any scan.
TEST_F(ProgramFile, ChecksThatEveryIndexHoldsTogether) {
  using internal::ProgramData;
  struct Case {
    const char* reason;
    void (*damage)(ProgramData*);
  };
  const Case cases[] = {
      {"a rule names a missing category", [](ProgramData* d) { d->rules[0].category = 999; }},
      {"a condition names a missing term", [](ProgramData* d) { d->ops[0].term = 99999; }},
      {"a pattern feeds a missing term", [](ProgramData* d) { d->targets[0].term = 99999; }},
      {"a rule points at a missing condition",
       [](ProgramData* d) { d->rule_programs[0].when = 99999; }},
      {"a condition's operands run past their table",
       [](ProgramData* d) { d->ops.back().operand_count = 99999; }},
      {"term tables differ in length", [](ProgramData* d) { d->rules_of_term.pop_back(); }},
      {"an example names a missing rule", [](ProgramData* d) { d->examples[0].rule = 99999; }},
      // Forged tables that a checksum anyone can recompute still vouches
      // for, each of which would crash, hang or recurse without bound in a
      // scan; each is found in time linear in the tables.
      {"a pattern names a missing phrase", [](ProgramData* d) { d->targets[0].phrase = 99999; }},
      {"a phrase miscounts its letters", [](ProgramData* d) { d->phrases[0].letters += 1; }},
      {"a phrase miscounts its letters", [](ProgramData* d) { d->phrases[0].runs.clear(); }},
      // A regex's id would index past its start databases.
      {"a regex database has not one start database per pattern",
       [](ProgramData* d) {
         for (internal::PatternDatabase& database : d->databases) {
           if (!database.literal) database.starts.pop_back();
         }
       }},
      // One op used twice per level: a tree walk would take 2^64 steps.
      {"a condition is shared by two parents",
       [](ProgramData* d) {
         for (int level = 0; level < 64; ++level) {
           const std::uint32_t below = d->rule_programs[0].when;
           d->rule_programs[0].when = AddOp(d, internal::NodeKind::kAnd, {below, below});
         }
       }},
      // A million `not`: the evaluator would recurse a million times.
      {"conditions nest deeper than a compile allows",
       [](ProgramData* d) {
         for (int level = 0; level < 1'000'000; ++level) {
           d->rule_programs[0].when = AddOp(d, internal::NodeKind::kNot, {d->rule_programs[0].when});
         }
       }},
  };
  for (const Case& c : cases) {
    std::unique_ptr<ProgramData> data = Copy(program()->data());
    EXPECT_EQ(internal::CheckProgramData(*data), "");
    c.damage(data.get());
    EXPECT_EQ(internal::CheckProgramData(*data), c.reason);
  }
}

TEST_F(ProgramFile, RefusesRuleReferencesThatFormACycle) {
  std::unique_ptr<internal::ProgramData> data = Copy(program()->data());
  // Rule 0's condition becomes rule(1) and rule 1's becomes rule(0).
  for (std::uint32_t rule : {0u, 1u}) {
    internal::ConditionOp op;
    op.kind = internal::NodeKind::kRule;
    op.rule = 1 - rule;
    data->ops.push_back(op);
    data->rule_programs[rule].when = static_cast<std::uint32_t>(data->ops.size() - 1);
  }
  EXPECT_EQ(internal::CheckProgramData(*data), "rule() references form a cycle");
}

// Counts are checked against what the remaining bytes can hold (each
// element's smallest encoding), not merely against the bytes left, so a
// forged count cannot allocate far more than the file before it is refused.
TEST(ProgramFileCodec, RefusesACountLargerThanTheBytesCanHold) {
  internal::ProgramData empty;
  empty.hash = "sha256:x";
  std::string body;
  internal::EncodeProgramData(empty, &body);
  ASSERT_NE(internal::DecodeProgramData(body), nullptr);
  // The resources' count follows the hash (u64 length, then its bytes).
  const std::size_t at = 8 + empty.hash.size();
  const std::uint64_t left = body.size() - at - 8;  // accepted before: it fits the bytes left
  std::memcpy(body.data() + at, &left, sizeof left);
  try {
    internal::DecodeProgramData(body);
    ADD_FAILURE() << "a count of " << left << " resources was accepted";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "a count is larger than the tables can hold");
  }
}

// Hyperscan's bytecode is trusted (README), but what it reports is still
// checked: a database that reports ids past its patterns (here, patterns
// removed from the tables) or a literal longer than the text before it is
// ignored, never read out of bounds.
TEST_F(ProgramFile, IgnoresMatchesThatNoPatternOfTheTablesCanReport) {
  std::unique_ptr<internal::ProgramData> data = Copy(program()->data());
  for (internal::PatternDatabase& database : data->databases) {
    if (database.literal) {
      for (internal::CompiledPattern& pattern : database.patterns) pattern.literal_length = 1u << 30;
    }
    database.patterns.resize(database.patterns.size() / 2);
  }
  auto program = std::make_shared<const Program>(std::move(data));
  Scanner scanner(program);
  for (const Document& document : SampleDocuments()) {
    const Verdict& verdict = scanner.Scan(document);
    for (const MatchSpan& span : verdict.spans) {
      EXPECT_LE(span.end, document.fields[span.field].text.size()) << document.id;
    }
  }
}

TEST_F(ProgramFile, RefusesABodySizeNoFileCanHaveAsDamageNotTruncation) {
  std::string forged = bytes();
  const std::uint64_t size = ~std::uint64_t{0} - 40;  // kHeaderSize + size wraps
  std::memcpy(forged.data() + 16, &size, sizeof size);
  const std::string error = Refusal(forged);
  EXPECT_NE(error.find("has a damaged header (a body size of " + std::to_string(size) + " bytes)"),
            std::string::npos) << error;
}

// --cache asks for one ruleset: a file of another is refused from its header,
// before the checksum or any table is read (so damage past the header does
// not matter).
TEST_F(ProgramFile, RefusesAnotherRulesetBeforeReadingTheTables) {
  std::string damaged = bytes();
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x20);
  const ProgramFileLoad other = DeserializeProgram(damaged, "p.bylaw", "sha256:other");
  EXPECT_FALSE(other.ok());
  EXPECT_TRUE(other.other_rules);
  EXPECT_EQ(other.info.ruleset_hash, program()->hash());
  EXPECT_NE(other.error.find("holds other rules"), std::string::npos) << other.error;
  const ProgramFileLoad same = DeserializeProgram(damaged, "p.bylaw", program()->hash());
  EXPECT_FALSE(same.other_rules);
  EXPECT_NE(same.error.find("checksum mismatch"), std::string::npos) << same.error;
  EXPECT_TRUE(DeserializeProgram(bytes(), "p.bylaw", program()->hash()).ok());
}

}  // namespace
}  // namespace bylaw
