// Compiled program files, the body: ProgramData <-> bytes.
//
// One list of fields per type (the Fields overloads below) drives both the
// encoder and the decoder, so a field added to a table reaches the file by
// one line here, and the round-trip test (tests/program_file_test.cc) fails
// until it does. The layout is byte_codec.h's: integers little-endian and
// fixed width, strings and vectors with a 64-bit length; enums are one byte
// checked against their last value, Hyperscan databases the bytes of
// hs_serialize_database.
#include "runtime/program_codec.h"

#include <hs/hs_runtime.h>

#include <concepts>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <utility>

#include "bylaw/error.h"
#include "byte_codec.h"
#include "skeleton.h"

namespace bylaw::internal {
namespace {

// `T` is `U`, const or not: one Fields overload serves the encoder (const)
// and the decoder (mutable).
template <class T, class U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

// The last value of every enum a file stores; the decoder refuses larger
// bytes. A new enum in a table fails to compile until it is listed here.
constexpr Action LastOf(Action) { return Action::kRemove; }
constexpr Severity LastOf(Severity) { return Severity::kCritical; }
constexpr RuleStatus LastOf(RuleStatus) { return RuleStatus::kDisabled; }
constexpr Maturity LastOf(Maturity) { return Maturity::kStable; }
constexpr ViewKind LastOf(ViewKind) { return ViewKind::kMasked; }
constexpr NodeKind LastOf(NodeKind) { return NodeKind::kMeta; }
constexpr Comparison LastOf(Comparison) { return Comparison::kNe; }
constexpr EvasionLevel LastOf(EvasionLevel) { return EvasionLevel::kAggressive; }

// ---- The fields of every table, in file order. -----------------------------

template <class A, Is<SourceLocation> T>
void Fields(A& a, T& v) { a(v.file, v.line, v.column); }

template <class A, Is<Resource> T>
void Fields(A& a, T& v) { a(v.id, v.title, v.url); }

template <class A, Is<CategoryInfo> T>
void Fields(A& a, T& v) { a(v.id, v.title, v.section, v.description, v.resources); }

template <class A, Is<HitRateLimit> T>
void Fields(A& a, T& v) { a(v.max_rate, v.window); }

template <class A, Is<RuleProvenance> T>
void Fields(A& a, T& v) { a(v.author, v.created, v.references, v.maturity, v.false_positives); }

template <class A, Is<RuleInfo> T>
void Fields(A& a, T& v) {
  a(v.id, v.title, v.category, v.action, v.severity, v.status, v.labels, v.resources,
    v.condition, v.unless, v.location, v.hit_rate_limit, v.provenance);
}

template <class A, Is<Evidence> T>
void Fields(A& a, T& v) { a(v.term, v.field_set); }

template <class A, Is<RuleProgram> T>
void Fields(A& a, T& v) { a(v.when, v.unless, v.pack_unless, v.evidence, v.evaluate_always); }

template <class A, Is<ConditionOp> T>
void Fields(A& a, T& v) {
  a(v.kind, v.comparison, v.term, v.rule, v.field_set, v.first_operand, v.operand_count,
    v.number, v.meta);
}

template <class A, Is<MetaTest> T>
void Fields(A& a, T& v) { a(v.name, v.comparison, v.numeric, v.in_list, v.texts, v.numbers); }

template <class A, Is<PatternTarget> T>
void Fields(A& a, T& v) { a(v.term, v.field_set, v.phrase, v.edit_distance, v.exception); }

template <class A, Is<CompiledPattern> T>
void Fields(A& a, T& v) {
  a(v.first_target, v.target_count, v.literal_length, v.start_boundary, v.end_boundary, v.padded,
    v.skeleton, v.start_reach);
}

template <class A, Is<PhraseRun> T>
void Fields(A& a, T& v) { a(v.letter, v.count, v.ends_word); }

template <class A, Is<PhrasePattern> T>
void Fields(A& a, T& v) {
  a(v.runs, v.letters, v.level, v.open_start, v.open_end, v.spacing, v.doubled_words);
}

template <class A, Is<PatternDatabase> T>
void Fields(A& a, T& v) { a(v.view, v.literal, v.database, v.patterns, v.starts); }

template <class A, Is<WordTable> T>
void Fields(A& a, T& v) { a(v.key_bytes, v.key_ends, v.key_patterns, v.patterns, v.masked_spellings); }

template <class A, Is<Field> T>
void Fields(A& a, T& v) { a(v.name, v.text); }

template <class A, Is<Document> T>
void Fields(A& a, T& v) { a(v.id, v.fields, v.metadata); }

template <class A, Is<RuleExample> T>
void Fields(A& a, T& v) { a(v.rule, v.expect_flag, v.document, v.location, v.source_line); }

template <class A, Is<ProgramStats> T>
void Fields(A& a, T& v) {
  a(v.packs, v.rules, v.terms, v.patterns, v.unique_patterns, v.databases, v.database_bytes,
    v.compile_seconds);
}

template <class A, Is<ProgramData> T>
void Fields(A& a, T& v) {
  a(v.hash, v.resources, v.categories, v.rules, v.rule_programs, v.term_names, v.field_names,
    v.field_sets, v.ops, v.operands, v.meta_tests, v.rules_of_term, v.always_rules, v.targets, v.phrases,
    v.databases, v.skeleton_words, v.pair_words, v.masked_words, v.exact_word_anchors, v.examples,
    v.stats);
}

// ---- Encoder and decoder. ---------------------------------------------------

template <class T>
constexpr bool kIsVector = false;
template <class T>
constexpr bool kIsVector<std::vector<T>> = true;
template <class T>
constexpr bool kIsPair = false;
template <class T, class U>
constexpr bool kIsPair<std::pair<T, U>> = true;

// Memory that Hyperscan allocated with its (default, malloc) allocator.
struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

class Encoder {
 public:
  explicit Encoder(std::string* out) : writer_(out) {}

  template <class... T>
  void operator()(const T&... values) { (One(values), ...); }

 private:
  template <class T>
  void One(const T& v) {
    if constexpr (std::is_enum_v<T>) {
      static_assert(sizeof(T) == 1);
      writer_.Put(v);
    } else if constexpr (std::is_arithmetic_v<T>) {
      writer_.Put(v);
    } else if constexpr (std::is_same_v<T, std::string>) {
      writer_.PutString(v);
    } else if constexpr (kIsVector<T>) {
      writer_.Put<std::uint64_t>(v.size());
      for (const auto& element : v) One(element);
    } else if constexpr (kIsPair<T>) {
      (*this)(v.first, v.second);
    } else if constexpr (std::is_same_v<T, HsDatabase>) {
      Database(v.get());
    } else {
      Fields(*this, v);
    }
  }
  void Database(const hs_database_t* database) {
    char* bytes = nullptr;
    std::size_t length = 0;
    if (database == nullptr || hs_serialize_database(database, &bytes, &length) != HS_SUCCESS) {
      throw Error("hyperscan could not serialize a database");
    }
    const std::unique_ptr<char, FreeDeleter> owned(bytes);
    writer_.PutString(std::string_view(bytes, length));
  }

  ByteWriter writer_;
};

// The fewest bytes one value of a type takes in a file (every string and
// vector empty), from the same field lists: what bounds the element count a
// vector's remaining bytes can hold.
class MinimumSize {
 public:
  template <class... T>
  void operator()(const T&... values) { (One(values), ...); }

  template <class T>
  void One(const T& v) {
    if constexpr (std::is_enum_v<T>) {
      bytes_ += 1;
    } else if constexpr (std::is_arithmetic_v<T>) {
      bytes_ += sizeof(T);
    } else if constexpr (std::is_same_v<T, std::string> || kIsVector<T> ||
                         std::is_same_v<T, HsDatabase>) {
      bytes_ += sizeof(std::uint64_t);  // the length prefix
    } else if constexpr (kIsPair<T>) {
      (*this)(v.first, v.second);
    } else {
      Fields(*this, v);
    }
  }
  std::uint64_t bytes() const { return bytes_; }

 private:
  std::uint64_t bytes_ = 0;
};

template <class T>
std::uint64_t MinimumSizeOf() {
  static const std::uint64_t size = [] {
    MinimumSize measure;
    measure.One(T{});
    return measure.bytes();
  }();
  return size;
}

class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : reader_(bytes) {}

  template <class... T>
  void operator()(T&... values) { (One(values), ...); }

  bool done() const { return reader_.empty(); }

 private:
  template <class T>
  void One(T& v) {
    if constexpr (std::is_enum_v<T>) {
      const auto byte = static_cast<std::uint8_t>(Take(1)[0]);
      if (byte > static_cast<std::uint8_t>(LastOf(T{}))) Fail("an enum value is out of range");
      v = static_cast<T>(byte);
    } else if constexpr (std::is_same_v<T, bool>) {
      const char byte = Take(1)[0];
      if (byte != 0 && byte != 1) Fail("a boolean is neither 0 nor 1");
      v = byte == 1;
    } else if constexpr (std::is_arithmetic_v<T>) {
      if (!reader_.Take(&v)) Fail("the tables end early");
    } else if constexpr (std::is_same_v<T, std::string>) {
      v.assign(Take(Size()));
    } else if constexpr (kIsVector<T>) {
      // A count larger than the remaining bytes can hold is damage, not a
      // reason to allocate: memory stays within a small multiple of the file.
      v.resize(Count(MinimumSizeOf<typename T::value_type>()));
      for (auto& element : v) One(element);
    } else if constexpr (kIsPair<T>) {
      (*this)(v.first, v.second);
    } else if constexpr (std::is_same_v<T, HsDatabase>) {
      Database(&v);
    } else {
      Fields(*this, v);
    }
  }
  [[noreturn]] static void Fail(const std::string& what) { throw Error(what); }
  std::string_view Take(std::uint64_t size) {
    std::string_view taken;
    if (!reader_.TakeBytes(size, &taken)) Fail("the tables end early");
    return taken;
  }
  std::uint64_t Size() {
    std::uint64_t size = 0;
    if (!reader_.Take(&size)) Fail("the tables end early");
    if (size > reader_.rest().size()) Fail("a length runs past the end of the tables");
    return size;
  }
  // A vector's element count, each element taking at least `element_size` bytes.
  std::uint64_t Count(std::uint64_t element_size) {
    std::uint64_t count = 0;
    if (!reader_.Take(&count)) Fail("the tables end early");
    if (count > reader_.rest().size() / element_size) Fail("a count is larger than the tables can hold");
    return count;
  }
  void Database(HsDatabase* out) {
    const std::string_view bytes = Take(Size());
    hs_database_t* database = nullptr;
    const hs_error_t status = hs_deserialize_database(bytes.data(), bytes.size(), &database);
    if (status == HS_SUCCESS) {
      out->reset(database);
      return;
    }
    switch (status) {
      case HS_DB_VERSION_ERROR: Fail("a database was built by another Hyperscan version");
      case HS_DB_PLATFORM_ERROR: Fail("a database was built for CPU features this machine lacks");
      case HS_DB_MODE_ERROR: Fail("a database was built for another scan mode");
      case HS_NOMEM: throw Error("out of memory while loading a hyperscan database");
      default: Fail("hyperscan refused a database (error " + std::to_string(status) + ")");
    }
  }

  ByteReader reader_;
};

}  // namespace

void EncodeProgramData(const ProgramData& data, std::string* out) {
  Encoder encoder(out);
  Fields(encoder, data);
}

std::unique_ptr<ProgramData> DecodeProgramData(std::string_view bytes) {
  auto data = std::make_unique<ProgramData>();
  Decoder decoder(bytes);
  Fields(decoder, *data);
  if (!decoder.done()) throw Error("bytes are left after the tables");
  IndexWordTables(data.get());
  return data;
}

}  // namespace bylaw::internal
