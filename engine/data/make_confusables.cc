// make_confusables: writes the table of look-alike letters that text folding
// reads as ASCII letters (engine/runtime/confusables.cc), from the installed
// ICU's confusables data (UTS #39 skeletons, uspoof).
//
//   make_confusables --inc FILE   the C++ table compiled into the engine (build step)
//   make_confusables --tsv FILE   the reviewed snapshot, engine/data/confusables.tsv
//
// A character is in the table when it is a letter written left to right
// (right-to-left letters reorder the text around them, so they make poor
// disguises, and mapping them would turn Hebrew and Arabic words into Latin
// fragments), that folding leaves alone (its nfkc_cf is itself, it has no
// decomposition), and that looks like an ASCII letter:
//  - its skeleton, without combining marks, is the skeleton of an ASCII
//    letter (`а` → a, `ı` → i, `ł` → l); where that skeleton is shared by
//    letters of both cases (l and I), capitals read I and the others l;
//  - or its skeleton is a Latin small capital (`т` → ᴛ → t, `ʜ` → h).
// Letters that ICU's confusables leave alone but whose Unicode name says
// they are another letter with a hook, tail, stroke, bar or the like read as
// that letter, when it maps: `ƈ` (LATIN SMALL LETTER C WITH HOOK) reads c,
// `ҝ` (CYRILLIC SMALL LETTER KA WITH VERTICAL STROKE) reads k as `к` does;
// so does DOTLESS J. The esh `ʃ`, the long s that ICU reads f (`ſ`) in its
// phonetic form, reads f (kExtraLookAlikes: the one shape Unicode's data
// does not relate to a letter).
// A letter that is not itself a look-alike still maps when its capital is
// one (`к` as `К`), so that folding never depends on case: the engine looks
// the table up after case folding. Letters that look like digits (`б`, `З`)
// are left alone: a digit inside a word is leetspeak, which patterns handle.
//
// Each entry is a `look-alike`, or `spelling` for Latin letters that
// languages are written with (`ł` Polish, `ø` Danish, `ı` Turkish: in ICU's
// recommended set): both fold, only look-alikes are reported as disguises.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/uversion.h>

namespace {

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "make_confusables: " << message << "\n";
  std::exit(1);
}

void Check(UErrorCode status, std::string_view what) {
  if (U_FAILURE(status)) Fail(std::string(what) + ": " + u_errorName(status));
}

// One look-alike: `code_point` reads as `ascii`; `via` is the capital it
// maps through, or 0.
struct Entry {
  char ascii = 0;
  bool spelling = false;
  UChar32 via = 0;
};

// Look-alikes whose shape Unicode's data relates to no letter: the esh is
// the long s (`ſ`, which ICU reads f) of phonetic alphabets.
constexpr std::pair<UChar32, char> kExtraLookAlikes[] = {{0x0283, 'f'}};

std::string Name(UChar32 c) {
  char name[128];
  UErrorCode status = U_ZERO_ERROR;
  const std::int32_t length = u_charName(c, U_UNICODE_CHAR_NAME, name, sizeof name, &status);
  return U_SUCCESS(status) ? std::string(name, static_cast<std::size_t>(length)) : "";
}

class ConfusablesBuilder {
 public:
  ConfusablesBuilder() {
    UErrorCode status = U_ZERO_ERROR;
    checker_ = uspoof_open(&status);
    Check(status, "uspoof_open");
    nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    Check(status, "nfkc_cf");
    recommended_ = uspoof_getRecommendedUnicodeSet(&status);
    Check(status, "uspoof_getRecommendedUnicodeSet");
    for (char x = '0'; x <= 'z'; ++x) {
      if (std::isalnum(static_cast<unsigned char>(x))) ascii_groups_[Skeleton(x)] += x;
    }
  }
  ~ConfusablesBuilder() { uspoof_close(checker_); }
  ConfusablesBuilder(const ConfusablesBuilder&) = delete;
  ConfusablesBuilder& operator=(const ConfusablesBuilder&) = delete;

  std::map<UChar32, Entry> Build() const {
    std::map<UChar32, Entry> table;
    for (UChar32 c = 0x80; c <= 0x10FFFF; ++c) {
      if (!IsKey(c)) continue;
      if (const char ascii = LookAlike(c); ascii != 0) table[c] = {ascii, IsSpelling(c), 0};
    }
    // Capitals whose case-folded letter is no look-alike itself: `К` → `к`.
    for (UChar32 u = 0x80; u <= 0x10FFFF; ++u) {
      const std::int8_t type = u_charType(u);
      if (type != U_UPPERCASE_LETTER && type != U_TITLECASE_LETTER) continue;
      if (u_getIntPropertyValue(u, UCHAR_DECOMPOSITION_TYPE) != U_DT_NONE) continue;
      const icu::UnicodeString folded = Fold(u);
      if (folded.countChar32() != 1) continue;
      const UChar32 f = folded.char32At(0);
      if (f == u || !IsKey(f) || table.count(f) != 0) continue;
      if (const char ascii = LookAlike(u); ascii != 0) table[f] = {ascii, IsSpelling(f), u};
    }
    AddNamedLetters(&table);
    return table;
  }

 private:
  icu::UnicodeString Fold(UChar32 c) const {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded = nfkc_cf_->normalize(icu::UnicodeString(c), status);
    Check(status, "nfkc_cf");
    return folded;
  }

  // The UTS #39 skeleton of `c`, without combining marks.
  icu::UnicodeString Skeleton(UChar32 c) const {
    UChar in[2];
    std::int32_t in_length = 0;
    U16_APPEND_UNSAFE(in, in_length, c);
    UChar out[64];
    UErrorCode status = U_ZERO_ERROR;
    const std::int32_t length = uspoof_getSkeleton(checker_, 0, in, in_length, out, 64, &status);
    Check(status, "uspoof_getSkeleton");
    icu::UnicodeString skeleton;
    for (std::int32_t i = 0; i < length;) {
      UChar32 d;
      U16_NEXT(out, i, length, d);
      if ((U_GET_GC_MASK(d) & U_GC_M_MASK) == 0) skeleton.append(d);
    }
    return skeleton;
  }

  // Adds the letters whose name is another letter's with a modifier
  // ("... WITH HOOK", "DOTLESS ...") where that letter is ASCII or mapped,
  // and kExtraLookAlikes.
  void AddNamedLetters(std::map<UChar32, Entry>* table) const {
    for (UChar32 c = 0x80; c <= 0x10FFFF; ++c) {
      if (!IsKey(c) || table->count(c) != 0) continue;
      const UChar32 base = NamedBase(c);
      if (base == 0) continue;
      char ascii = 0;
      if (base < 0x80 && std::isalpha(base)) {
        ascii = static_cast<char>(std::tolower(base));
      } else if (const auto found = table->find(base); found != table->end()) {
        ascii = found->second.ascii;
      }
      if (ascii != 0) (*table)[c] = {ascii, IsSpelling(c), 0};
    }
    for (const auto& [c, ascii] : kExtraLookAlikes) {
      if (IsKey(c) && table->count(c) == 0) (*table)[c] = {ascii, false, 0};
    }
  }

  // The letter `c`'s name is built on: "X WITH ..." names X, "X DOTLESS
  // Y" (LATIN SMALL LETTER DOTLESS J) names "X Y"; 0 if neither, or if
  // no character has that name.
  static UChar32 NamedBase(UChar32 c) {
    std::string name = Name(c);
    const std::size_t with = name.find(" WITH ");
    if (with != std::string::npos) {
      name.resize(with);
    } else if (const std::size_t dotless = name.find("LETTER DOTLESS "); dotless != std::string::npos) {
      name.erase(dotless + 7, 8);
    } else {
      return 0;
    }
    UErrorCode status = U_ZERO_ERROR;
    const UChar32 base = u_charFromName(U_UNICODE_CHAR_NAME, name.c_str(), &status);
    return U_SUCCESS(status) && base != c ? base : 0;
  }

  // A letter the table may hold: what the engine looks up after folding.
  bool IsKey(UChar32 c) const {
    if (c < 0x80 || (U_GET_GC_MASK(c) & U_GC_L_MASK) == 0) return false;
    if (u_charDirection(c) != U_LEFT_TO_RIGHT) return false;
    if (u_getIntPropertyValue(c, UCHAR_DECOMPOSITION_TYPE) != U_DT_NONE) return false;
    return Fold(c) == icu::UnicodeString(c);
  }

  bool IsSpelling(UChar32 c) const {
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(c, &status) == USCRIPT_LATIN && recommended_->contains(c);
  }

  // The lowercase ASCII letter `c` looks like, or 0.
  char LookAlike(UChar32 c) const {
    const icu::UnicodeString skeleton = Skeleton(c);
    if (const auto group = ascii_groups_.find(skeleton); group != ascii_groups_.end()) {
      char lower = 0;
      char upper = 0;
      for (const char x : group->second) {
        if (std::islower(static_cast<unsigned char>(x))) lower = x;
        if (std::isupper(static_cast<unsigned char>(x))) upper = x;
      }
      const bool capital = u_isupper(c) || u_istitle(c);
      const char letter = (capital && upper != 0) || lower == 0 ? upper : lower;
      return static_cast<char>(std::tolower(static_cast<unsigned char>(letter)));
    }
    if (skeleton.countChar32() == 1) {
      static constexpr std::string_view kSmallCapital = "LATIN LETTER SMALL CAPITAL ";
      const std::string name = Name(skeleton.char32At(0));
      if (name.size() == kSmallCapital.size() + 1 && name.starts_with(kSmallCapital) &&
          std::isupper(static_cast<unsigned char>(name.back()))) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(name.back())));
      }
    }
    return 0;
  }

  USpoofChecker* checker_ = nullptr;
  const icu::Normalizer2* nfkc_cf_ = nullptr;
  const icu::UnicodeSet* recommended_ = nullptr;            // owned by ICU
  std::map<icu::UnicodeString, std::string> ascii_groups_;  // skeleton -> ASCII letters, digits
};

std::string Hex(UChar32 c) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
  return buffer;
}

std::string UnicodeVersion() {
  UVersionInfo version;
  u_getUnicodeVersion(version);
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(version, text);
  return text;
}

void WriteTsv(const std::map<UChar32, Entry>& table, std::ostream& out) {
  out << "# Look-alike letters that text folding reads as ASCII letters.\n"
      << "# ICU " << U_ICU_VERSION << " (Unicode " << UnicodeVersion()
      << "); generated by engine/data/make_confusables.cc, regenerate with:\n"
      << "#   cmake --build BUILD_DIR --target bylaw_confusables_tsv\n"
      << "# code point, TAB, ASCII letter, TAB, look-alike or spelling, TAB,"
      << " # name (as the capital it folds from)\n";
  for (const auto& [c, entry] : table) {
    out << Hex(c) << '\t' << entry.ascii << '\t' << (entry.spelling ? "spelling" : "look-alike")
        << "\t# " << Name(c);
    if (entry.via != 0) out << " (as " << Hex(entry.via) << ' ' << Name(entry.via) << ')';
    out << '\n';
  }
}

void WriteInc(const std::map<UChar32, Entry>& table, std::ostream& out) {
  out << "// Generated by engine/data/make_confusables.cc from ICU " << U_ICU_VERSION
      << ". Do not edit.\n"
      << "inline constexpr char kConfusablesIcuVersion[] = \"" << U_ICU_VERSION << "\";\n"
      << "inline constexpr Confusable kConfusables[] = {\n";
  for (const auto& [c, entry] : table) {
    out << "    {0x" << std::hex << static_cast<unsigned>(c) << std::dec << ", '" << entry.ascii
        << "', " << (entry.spelling ? "true" : "false") << "},\n";
  }
  out << "};\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc == 3 ? argv[1] : "";
  if (mode != "--tsv" && mode != "--inc") {
    std::cerr << "usage: make_confusables --tsv FILE | --inc FILE\n";
    return 2;
  }
  const std::map<UChar32, Entry> table = ConfusablesBuilder().Build();
  std::ofstream out(argv[2], std::ios::binary);
  if (!out) Fail(std::string("cannot write ") + argv[2]);
  if (mode == "--tsv") {
    WriteTsv(table, out);
  } else {
    WriteInc(table, out);
  }
  out.close();
  if (!out) Fail(std::string("cannot write ") + argv[2]);
  return 0;
}
