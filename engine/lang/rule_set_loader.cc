// First phase of the compile: YAML text in, RuleSetSpec out. The only file
// that knows yaml-cpp, so it also holds the formatter's reader (at the end).
// Every problem becomes a located diagnostic and loading goes on, so one run
// shows all of them.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>
#include <sstream>

#include "bylaw/rule_keys.h"
#include "diagnostic_sink.h"
#include "rule_set.h"
#include "yaml_pitfalls.h"
#include "yaml_tree.h"

namespace bylaw::internal {
namespace {

// yaml-cpp marks are 0-based; ours are 1-based. Converted here and only here.
SourceLocation Locate(const std::string& path, const YAML::Mark& mark) {
  if (mark.line < 0) return SourceLocation{path, 0, 0};
  return SourceLocation{path, static_cast<std::uint32_t>(mark.line + 1),
                        static_cast<std::uint32_t>(mark.column + 1)};
}

std::string_view TypeName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: return "a string";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Null: return "nothing";
    default: return "nothing";
  }
}

// Reading state for one file.
class FileReader {
 public:
  // `pitfalls` were reported already (FindYamlPitfalls).
  FileReader(std::string path, DiagnosticSink* sink, const std::vector<YamlPitfall>& pitfalls)
      : path_(std::move(path)), sink_(sink), pitfalls_(pitfalls) {}

  const std::string& path() const { return path_; }
  SourceLocation At(const YAML::Node& node) const { return Locate(path_, node.Mark()); }
  // Both say nothing about an empty value that a reported pitfall emptied.
  void Error(DiagnosticCode code, const YAML::Node& node, std::string message) const {
    if (!EmptiedByPitfall(node)) sink_->Error(code, At(node), std::move(message));
  }
  void ErrorAt(DiagnosticCode code, const SourceLocation& at, std::string message) const {
    sink_->Error(code, at, std::move(message));
  }

  // The string value of a scalar, or an error naming `what` and nullopt.
  std::optional<std::string> String(const YAML::Node& node, std::string_view what) const {
    if (node.IsScalar()) return node.Scalar();
    Error(
        DiagnosticCode::kWrongType, node,
        "expected " + std::string(what) + " to be a string, found " + std::string(TypeName(node)));
    return std::nullopt;
  }
  std::optional<bool> Bool(const YAML::Node& node, std::string_view what) const;
  std::optional<int> Int(const YAML::Node& node, std::string_view what) const;
  // A scalar or a list of scalars, as a list of located names; `expected`
  // says what else was expected in the error.
  std::vector<NameRef> Names(const YAML::Node& node, std::string_view what,
                             std::string_view expected = "a list of names") const;
  // Keys of `map` that maps of `kind` do not take (bylaw/rule_keys.h) are
  // reported with a suggestion; repeated keys are reported too. Returns
  // false if `map` is not a map.
  bool CheckKeys(const YAML::Node& map, MapKind kind) const;
  std::optional<ConditionSpec> Condition(const YAML::Node& node, std::string_view what) const;

 private:
  // Whether `node` is an empty value whose pitfall (`- #borg`) is above it
  // with nothing but blank lines and comments between: yaml-cpp marks an
  // empty value at the next token.
  bool EmptiedByPitfall(const YAML::Node& node) const;

  std::string path_;
  DiagnosticSink* sink_;
  const std::vector<YamlPitfall>& pitfalls_;
};

bool FileReader::EmptiedByPitfall(const YAML::Node& node) const {
  if (!node.IsNull() || pitfalls_.empty()) return false;
  const std::uint32_t line = At(node).line;
  for (const YamlPitfall& pitfall : pitfalls_) {
    if (pitfall.line > line) break;
    std::uint32_t between = pitfall.line + 1;
    while (between < line && IsBlankOrComment(sink_->Line(path_, between))) ++between;
    if (between >= line) return true;
  }
  return false;
}

std::optional<bool> FileReader::Bool(const YAML::Node& node, std::string_view what) const {
  if (node.IsScalar()) {
    std::string value = node.Scalar();
    std::transform(value.begin(), value.end(), value.begin(), ::tolower);
    if (value == "true" || value == "yes") return true;
    if (value == "false" || value == "no") return false;
  }
  Error(DiagnosticCode::kWrongType, node,
        "expected `" + std::string(what) + "` to be true or false");
  return std::nullopt;
}

std::optional<int> FileReader::Int(const YAML::Node& node, std::string_view what) const {
  if (node.IsScalar()) {
    const std::string& value = node.Scalar();
    if (!value.empty() && value.size() < 6 &&
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::stoi(value);
    }
  }
  Error(DiagnosticCode::kWrongType, node,
        "expected `" + std::string(what) + "` to be a whole number");
  return std::nullopt;
}

std::vector<NameRef> FileReader::Names(const YAML::Node& node, std::string_view what,
                                       std::string_view expected) const {
  std::vector<NameRef> names;
  if (node.IsScalar()) {
    names.push_back(NameRef{node.Scalar(), At(node)});
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) {
      if (auto name = String(item, std::string("each entry of `") + std::string(what) + "`")) {
        names.push_back(NameRef{*name, At(item)});
      }
    }
  } else if (!node.IsNull()) {
    Error(DiagnosticCode::kWrongType, node,
          "expected `" + std::string(what) + "` to be " + std::string(expected) + ", found " +
              std::string(TypeName(node)));
  }
  return names;
}

bool FileReader::CheckKeys(const YAML::Node& map, MapKind kind) const {
  const MapInfo& keys = KeysOf(kind);
  const std::string what(keys.what);
  std::vector<std::string> known;
  for (const KeyInfo& key : keys.keys) known.emplace_back(key.name);
  if (!map.IsMap()) {
    Error(DiagnosticCode::kWrongType, map,
          "expected " + std::string(what) + " to be a map, found " + std::string(TypeName(map)));
    return false;
  }
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : map) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) {
      Error(DiagnosticCode::kWrongType, key, "expected a name as key in " + std::string(what));
      continue;
    }
    const std::string& name = key.Scalar();
    if (!seen.insert(name).second) {
      Error(DiagnosticCode::kDuplicateKey, key,
            "duplicate key `" + name + "` in " + std::string(what));
    } else if (FindKey(kind, name) == nullptr) {
      Error(DiagnosticCode::kUnknownKey, key,
            "unknown key `" + name + "` in " + std::string(what) + DidYouMean(name, known));
    }
  }
  return true;
}

// A condition's column is exact when the scalar sits on one line as written:
// plain, or quoted without escapes. Otherwise diagnostics point at the scalar.
std::optional<ConditionSpec> FileReader::Condition(const YAML::Node& node,
                                                   std::string_view what) const {
  std::optional<std::string> text = String(node, what);
  if (!text) return std::nullopt;
  ConditionSpec spec{*text, At(node), false};
  const std::string_view line = sink_->Line(path_, spec.location.line);
  const std::size_t column = spec.location.column - 1;
  if (spec.location.line == 0 || column >= line.size()) return spec;
  const char first = line[column];
  const std::size_t start = (first == '"' || first == '\'') ? column + 1 : column;
  if (line.substr(start, text->size()) == *text &&
      (start == column || (start + text->size() < line.size() && line[start + text->size()] == first))) {
    spec.exact = true;
    spec.location.column = static_cast<std::uint32_t>(start + 1);
  }
  return spec;
}

// ---------------------------------------------------------------------------
// Taxonomy

void LoadResources(const FileReader& in, const YAML::Node& list, RuleSetSpec* out) {
  if (!list.IsSequence()) {
    in.Error(DiagnosticCode::kWrongType, list, "expected `resources` to be a list");
    return;
  }
  for (const YAML::Node& item : list) {
    if (!in.CheckKeys(item, MapKind::kResource)) continue;
    ResourceSpec spec;
    spec.location = in.At(item);
    if (item["id"]) {
      spec.location = in.At(item["id"]);
      spec.resource.id = in.String(item["id"], "`id`").value_or("");
    } else {
      in.Error(DiagnosticCode::kMissingKey, item, "resource has no `id`");
    }
    if (item["title"]) spec.resource.title = in.String(item["title"], "`title`").value_or("");
    if (item["url"]) spec.resource.url = in.String(item["url"], "`url`").value_or("");
    out->resources.push_back(std::move(spec));
  }
}

void LoadCategories(const FileReader& in, const YAML::Node& list, RuleSetSpec* out) {
  if (!list.IsSequence()) {
    in.Error(DiagnosticCode::kWrongType, list, "expected `categories` to be a list");
    return;
  }
  for (const YAML::Node& item : list) {
    if (!in.CheckKeys(item, MapKind::kCategory)) {
      continue;
    }
    CategorySpec spec;
    spec.location = in.At(item);
    if (item["id"]) {
      spec.location = in.At(item["id"]);
      spec.id = in.String(item["id"], "`id`").value_or("");
    } else {
      in.Error(DiagnosticCode::kMissingKey, item, "category has no `id`");
    }
    if (item["title"]) spec.title = in.String(item["title"], "`title`").value_or("");
    if (item["section"]) spec.section = in.String(item["section"], "`section`").value_or("");
    if (item["description"]) {
      spec.description = in.String(item["description"], "`description`").value_or("");
    }
    if (item["resources"]) spec.resources = in.Names(item["resources"], "resources");
    out->categories.push_back(std::move(spec));
  }
}

void LoadTaxonomy(const FileReader& in, const YAML::Node& root, RuleSetSpec* out) {
  if (!in.CheckKeys(root, MapKind::kTaxonomy)) return;
  if (root["resources"]) LoadResources(in, root["resources"], out);
  if (root["categories"]) {
    LoadCategories(in, root["categories"], out);
  } else {
    in.Error(DiagnosticCode::kMissingKey, root, "the taxonomy has no `categories`");
  }
}

// ---------------------------------------------------------------------------
// Packs

// `evasion: off | standard | aggressive`, or `fallback` if absent or bad
// (reported).
EvasionLevel LoadEvasion(const FileReader& in, const YAML::Node& node, EvasionLevel fallback) {
  if (!node) return fallback;
  const std::optional<std::string> text = in.String(node, "`evasion`");
  if (!text) return fallback;
  if (*text == "off") return EvasionLevel::kOff;
  if (*text == "standard") return EvasionLevel::kStandard;
  if (*text == "aggressive") return EvasionLevel::kAggressive;
  in.Error(DiagnosticCode::kUnknownValue, node,
           "unknown evasion level `" + *text + "` (expected `off`, `standard` or `aggressive`)");
  return fallback;
}

// `starts_word: true` / `ends_word: true`: a phrase bounded by a word
// boundary on one side only. Either says what `within_words` leaves open and
// what the other closes, so each stands alone.
void LoadWordEdges(const FileReader& in, const YAML::Node& node, PatternSpec* spec) {
  for (auto [key, flag] : {std::pair{"starts_word", &spec->starts_word},
                           std::pair{"ends_word", &spec->ends_word}}) {
    if (!node[key]) continue;
    *flag = in.Bool(node[key], key).value_or(false);
    if (!*flag) continue;
    if (spec->kind != PatternSpec::Kind::kPhrase) {
      in.Error(DiagnosticCode::kPatternOptions, node[key],
               std::string("`") + key + "` applies to phrases (`text:`) only");
    } else if (spec->within_words) {
      in.Error(DiagnosticCode::kPatternOptions, node[key],
               std::string("`") + key +
                   "` and `within_words` contradict each other: "
                   "`within_words` lets the phrase start and end inside a word");
    }
  }
  if (spec->starts_word && spec->ends_word) {
    in.Error(DiagnosticCode::kPatternOptions, node["ends_word"],
             "`starts_word` and `ends_word` together make a whole word, "
             "which is what a phrase is without them: drop both");
    spec->starts_word = spec->ends_word = false;
  }
}

std::optional<PatternSpec> LoadPattern(const FileReader& in, const YAML::Node& node,
                                       EvasionLevel evasion) {
  PatternSpec spec;
  spec.evasion = evasion;
  if (node.IsScalar()) {
    spec.text = node.Scalar();
    spec.location = in.At(node);
    return spec;
  }
  if (!in.CheckKeys(node, MapKind::kPattern)) return std::nullopt;
  int kinds = 0;
  for (auto [key, kind] : {std::pair{"text", PatternSpec::Kind::kPhrase},
                           std::pair{"regex", PatternSpec::Kind::kRegex},
                           std::pair{"literal", PatternSpec::Kind::kLiteral}}) {
    if (!node[key]) continue;
    ++kinds;
    spec.kind = kind;
    spec.location = in.At(node[key]);
    spec.text = in.String(node[key], std::string("`") + key + "`").value_or("");
  }
  if (kinds != 1) {
    in.Error(DiagnosticCode::kPatternKind, node,
             "a pattern needs exactly one of `text`, `regex` or `literal`");
    return std::nullopt;
  }
  if (node["fuzzy"]) {
    spec.fuzzy = in.Int(node["fuzzy"], "fuzzy").value_or(0);
    if (spec.fuzzy > 2)
      in.Error(DiagnosticCode::kInvalidValue, node["fuzzy"],
               "`fuzzy` is an edit distance of at most 2");
  }
  if (node["within_words"]) spec.within_words = in.Bool(node["within_words"], "within_words").value_or(false);
  LoadWordEdges(in, node, &spec);
  if (node["case_sensitive"]) {
    spec.case_sensitive = in.Bool(node["case_sensitive"], "case_sensitive").value_or(false);
  }
  if (node["fields"]) spec.fields = in.Names(node["fields"], "fields");
  spec.evasion = LoadEvasion(in, node["evasion"], evasion);
  return spec;
}

// A pattern or a list of patterns, appended to *out.
void LoadPatternList(const FileReader& in, const YAML::Node& patterns, EvasionLevel evasion,
                     std::vector<PatternSpec>* out) {
  if (patterns.IsScalar() || patterns.IsMap()) {
    if (auto pattern = LoadPattern(in, patterns, evasion)) out->push_back(std::move(*pattern));
  } else if (patterns.IsSequence()) {
    for (const YAML::Node& item : patterns) {
      if (auto pattern = LoadPattern(in, item, evasion)) out->push_back(std::move(*pattern));
    }
  }
}

// `except:` of a term: patterns like any other, but a plain phrase may sit
// inside a longer word unless it says otherwise (`cockpit` covers the `cock`
// of `cockpits` too).
void LoadExceptions(const FileReader& in, const YAML::Node& list, EvasionLevel evasion,
                    TermSpec* term) {
  if (!list.IsScalar() && !list.IsSequence()) {
    in.Error(DiagnosticCode::kWrongType, list,
             "expected `except` to be a list of phrases, such as `[cockpit, hitchcock]`");
    return;
  }
  const auto inside = [](const YAML::Node& node) { return !node.IsMap() || !node["within_words"]; };
  std::vector<bool> open;
  if (list.IsScalar()) open.push_back(inside(list));
  for (const YAML::Node& item : list) open.push_back(inside(item));
  const std::size_t first = term->exceptions.size();
  LoadPatternList(in, list, evasion, &term->exceptions);
  for (std::size_t i = first, k = 0; i < term->exceptions.size() && k < open.size(); ++i, ++k) {
    PatternSpec& exception = term->exceptions[i];
    if (open[k] && exception.kind == PatternSpec::Kind::kPhrase && !exception.starts_word &&
        !exception.ends_word) {
      exception.within_words = true;
    }
  }
}

// A term is a pattern, a list of patterns, or a map with its `patterns:`,
// its own `evasion:` and its `except:` phrases.
void LoadTermPatterns(const FileReader& in, const YAML::Node& patterns, EvasionLevel evasion,
                      TermSpec* term) {
  if (patterns.IsMap() && (patterns["patterns"] || patterns["except"])) {
    if (!in.CheckKeys(patterns, MapKind::kTerm)) return;
    const EvasionLevel level = LoadEvasion(in, patterns["evasion"], evasion);
    if (patterns["patterns"]) LoadPatternList(in, patterns["patterns"], level, &term->patterns);
    if (patterns["except"]) LoadExceptions(in, patterns["except"], level, term);
    return;
  }
  LoadPatternList(in, patterns, evasion, &term->patterns);
}

void LoadTerms(const FileReader& in, const YAML::Node& map, EvasionLevel evasion,
               std::vector<TermSpec>* terms) {
  if (!map.IsMap()) {
    in.Error(DiagnosticCode::kWrongType, map,
             "expected `terms` to be a map from term names to lists of patterns");
    return;
  }
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : map) {
    TermSpec term;
    term.name = NameRef{entry.first.Scalar(), in.At(entry.first)};
    if (!seen.insert(term.name.name).second) {
      in.Error(DiagnosticCode::kDuplicateTerm, entry.first,
               "duplicate term `" + term.name.name + "`");
      continue;
    }
    const YAML::Node& patterns = entry.second;
    LoadTermPatterns(in, patterns, evasion, &term);
    if (term.patterns.empty() && !patterns.IsSequence()) {
      in.Error(DiagnosticCode::kEmptyTerm, entry.first,
               "term `" + term.name.name + "` has no patterns");
    } else if (patterns.IsSequence() && patterns.size() == 0) {
      in.Error(DiagnosticCode::kEmptyTerm, entry.first,
               "term `" + term.name.name + "` has no patterns");
    }
    terms->push_back(std::move(term));
  }
}

void LoadExamples(const FileReader& in, const YAML::Node& list, std::string_view kind,
                  std::vector<ExampleSpec>* out) {
  if (!list.IsSequence()) {
    in.Error(DiagnosticCode::kWrongType, list,
             "expected `" + std::string(kind) + "` examples to be a list");
    return;
  }
  for (const YAML::Node& item : list) {
    ExampleSpec example;
    example.location = in.At(item);
    if (item.IsScalar()) {
      example.fields.push_back(Field{"text", item.Scalar()});
    } else if (item.IsMap()) {
      for (const auto& entry : item) {
        if (auto text = in.String(entry.second, "an example field")) {
          example.fields.push_back(Field{entry.first.Scalar(), *text});
        }
      }
    } else {
      in.Error(DiagnosticCode::kWrongType, item,
               "expected an example to be a string or a map of field names to text");
      continue;
    }
    out->push_back(std::move(example));
  }
}

// The value of the enumerated key `what` of maps of `kind`; its values are
// the table's (bylaw/rule_keys.h).
template <typename Enum>
std::optional<Enum> LoadEnum(const FileReader& in, const YAML::Node& node, MapKind kind,
                             std::string_view what,
                             std::optional<Enum> (*parse)(std::string_view)) {
  std::vector<std::string> names;
  for (const std::string_view value : FindKey(kind, what)->values) names.emplace_back(value);
  std::optional<std::string> text = in.String(node, "`" + std::string(what) + "`");
  if (!text) return std::nullopt;
  if (auto value = parse(*text)) return value;
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "`" : ", `") + name + "`";
  in.Error(DiagnosticCode::kUnknownValue, node,
           "unknown " + std::string(what) + " `" + *text + "`" + DidYouMean(*text, names) +
               "; expected one of " + list);
  return std::nullopt;
}

void LoadRuleExamples(const FileReader& in, const YAML::Node& node, RuleSpec* rule) {
  if (!in.CheckKeys(node, MapKind::kExamples)) return;
  if (node["flag"]) LoadExamples(in, node["flag"], "flag", &rule->flag_examples);
  if (node["pass"]) LoadExamples(in, node["pass"], "pass", &rule->pass_examples);
}

// `circuit_breaker: { max_rate: 5%, window: 1000 }`: `max_rate` a fraction
// in (0, 1] or a percentage; `window` documents, 1000 unless given.
void LoadHitRateLimit(const FileReader& in, const YAML::Node& node, RuleSpec* rule) {
  if (!in.CheckKeys(node, MapKind::kCircuitBreaker)) return;
  if (!node["max_rate"]) {
    in.Error(DiagnosticCode::kMissingKey, node,
             "`circuit_breaker` needs `max_rate`, such as `5%` or `0.05`");
    return;
  }
  const std::string text = node["max_rate"].IsScalar() ? node["max_rate"].Scalar() : "";
  const bool percent = !text.empty() && text.back() == '%';
  const std::string number = percent ? text.substr(0, text.size() - 1) : text;
  double rate = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), rate);
  if (percent) rate /= 100;
  if (number.empty() || error != std::errc() || end != number.data() + number.size() ||
      !(rate > 0 && rate <= 1)) {
    in.Error(DiagnosticCode::kInvalidValue, node["max_rate"],
             "expected `max_rate` to be a share of documents above 0 and at "
             "most 1, such as `5%` or `0.05`");
    return;
  }
  std::uint32_t window = 1000;
  if (node["window"]) {
    const std::optional<int> documents = in.Int(node["window"], "window");
    if (!documents) return;
    if (*documents < 10) {
      in.Error(DiagnosticCode::kInvalidValue, node["window"],
               "expected `window` to be at least 10 documents");
      return;
    }
    window = static_cast<std::uint32_t>(*documents);
  }
  rule->hit_rate_limit = HitRateLimit{rate, window};
}

// Days in `month` (1-12) of `year`, in the Gregorian calendar.
int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Empty when `text` is a date of the calendar written YYYY-MM-DD; otherwise
// what is wrong with it, for a message.
std::string DateProblem(std::string_view text) {
  const auto digits = [text](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  const int year = shaped ? digits(0, 4) : -1, month = shaped ? digits(5, 2) : -1,
            day = shaped ? digits(8, 2) : -1;
  if (year < 0 || month < 0 || day < 0) {
    return "expected `created` to be a date written YYYY-MM-DD, such as `2024-03-01`, not `" +
           std::string(text) + "`";
  }
  if (month < 1 || month > 12) {
    return "`" + std::string(text) + "` is not a date: there is no month " + std::to_string(month);
  }
  if (day < 1 || day > DaysInMonth(year, month)) {
    return "`" + std::string(text) + "` is not a date: " + std::string(text.substr(0, 7)) +
           " has " + std::to_string(DaysInMonth(year, month)) + " days";
  }
  return "";
}

// Empty when `url` is an `http://` or `https://` URL with a host and no
// spaces; otherwise what is wrong with it, for a message.
std::string UrlProblem(std::string_view url) {
  std::string lower(url);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  const std::size_t scheme = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
  const std::string quoted = "reference `" + std::string(url) + "`";
  if (scheme == 0) return quoted + " is not a web address: expected `http://` or `https://` first";
  if (std::any_of(url.begin(), url.end(), [](char c) { return (c >= 0 && c <= ' ') || c == 0x7F; })) {
    return quoted + " holds a space or a control character (write a space as `%20`)";
  }
  const std::size_t host_end = url.find_first_of("/?#", scheme);
  const std::string_view host = url.substr(scheme, host_end - scheme);
  if (host.empty() || host.front() == '.' || host.front() == ':') return quoted + " names no host";
  return "";
}

// `author`, `created`, `references`, `maturity` and `false_positives`: what
// reviewers and investigators read about a rule; no scan reads them.
void LoadProvenance(const FileReader& in, const YAML::Node& node, RuleProvenance* out) {
  if (node["author"]) out->author = in.String(node["author"], "`author`").value_or("");
  if (node["created"]) {
    const std::string created = in.String(node["created"], "`created`").value_or("");
    const std::string problem = node["created"].IsScalar() ? DateProblem(created) : "";
    if (problem.empty()) {
      out->created = created;
    } else {
      in.Error(DiagnosticCode::kInvalidValue, node["created"], problem);
    }
  }
  if (node["references"]) {
    for (NameRef& url : in.Names(node["references"], "references", "a list of web addresses")) {
      if (const std::string problem = UrlProblem(url.name); !problem.empty()) {
        in.ErrorAt(DiagnosticCode::kInvalidValue, url.location, problem);
      } else {
        out->references.push_back(std::move(url.name));
      }
    }
  }
  if (node["maturity"]) {
    out->maturity =
        LoadEnum<Maturity>(in, node["maturity"], MapKind::kRule, "maturity", ParseMaturity)
            .value_or(Maturity::kUnset);
  }
  if (node["false_positives"]) {
    for (NameRef& text : in.Names(node["false_positives"], "false_positives",
                                  "a text or a list of texts")) {
      out->false_positives.push_back(std::move(text.name));
    }
  }
}

std::optional<RuleSpec> LoadRule(const FileReader& in, const YAML::Node& node) {
  if (!in.CheckKeys(node, MapKind::kRule)) return std::nullopt;
  RuleSpec rule;
  rule.location = in.At(node);
  if (!node["id"]) {
    in.Error(DiagnosticCode::kMissingKey, node, "rule has no `id`");
    return std::nullopt;
  }
  rule.id = NameRef{in.String(node["id"], "`id`").value_or(""), in.At(node["id"])};
  if (node["title"]) rule.title = in.String(node["title"], "`title`").value_or("");
  if (node["when"]) {
    rule.when = in.Condition(node["when"], "`when`");
  } else {
    in.Error(DiagnosticCode::kMissingKey, node,
             "rule `" + rule.id.name + "` has no `when` condition");
  }
  if (node["unless"]) rule.unless = in.Condition(node["unless"], "`unless`");
  if (node["action"])
    rule.action = LoadEnum<Action>(in, node["action"], MapKind::kRule, "action", ParseAction);
  if (node["severity"]) {
    rule.severity =
        LoadEnum<Severity>(in, node["severity"], MapKind::kRule, "severity", ParseSeverity);
  }
  if (node["status"]) {
    rule.status = LoadEnum<RuleStatus>(in, node["status"], MapKind::kRule, "status", ParseStatus)
                      .value_or(RuleStatus::kLive);
  }
  if (node["labels"]) {
    for (NameRef& label : in.Names(node["labels"], "labels")) rule.labels.push_back(label.name);
  }
  if (node["resources"]) rule.resources = in.Names(node["resources"], "resources");
  if (node["examples"]) LoadRuleExamples(in, node["examples"], &rule);
  if (node["circuit_breaker"]) LoadHitRateLimit(in, node["circuit_breaker"], &rule);
  LoadProvenance(in, node, &rule.provenance);
  return rule;
}

void LoadDefaults(const FileReader& in, const YAML::Node& node, PackSpec* pack) {
  if (!in.CheckKeys(node, MapKind::kDefaults)) return;
  if (node["action"]) {
    pack->default_action =
        LoadEnum<Action>(in, node["action"], MapKind::kDefaults, "action", ParseAction)
            .value_or(pack->default_action);
  }
  if (node["severity"]) {
    pack->default_severity =
        LoadEnum<Severity>(in, node["severity"], MapKind::kDefaults, "severity", ParseSeverity)
            .value_or(pack->default_severity);
  }
}

void LoadPack(const FileReader& in, const YAML::Node& root, RuleSetSpec* out) {
  PackSpec pack;
  pack.path = in.path();
  pack.location = SourceLocation{in.path(), 0, 0};
  if (!in.CheckKeys(root, MapKind::kPack)) return;
  if (root["category"]) {
    if (auto id = in.String(root["category"], "`category`")) {
      pack.category = NameRef{*id, in.At(root["category"])};
    }
  } else {
    in.Error(DiagnosticCode::kMissingKey, root, "pack has no `category`");
  }
  if (root["description"]) pack.description = in.String(root["description"], "`description`").value_or("");
  if (root["import"]) pack.imports = in.Names(root["import"], "import");
  if (root["defaults"]) LoadDefaults(in, root["defaults"], &pack);
  if (root["unless"]) pack.unless = in.Condition(root["unless"], "`unless`");
  const EvasionLevel evasion = LoadEvasion(in, root["evasion"], EvasionLevel::kStandard);
  if (root["terms"]) LoadTerms(in, root["terms"], evasion, &pack.terms);
  if (root["rules"]) {
    if (root["rules"].IsSequence()) {
      for (const YAML::Node& item : root["rules"]) {
        if (auto rule = LoadRule(in, item)) pack.rules.push_back(std::move(*rule));
      }
    } else {
      in.Error(DiagnosticCode::kWrongType, root["rules"], "expected `rules` to be a list");
    }
  }
  out->packs.push_back(std::move(pack));
}

bool IsVocabularyName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// A vocabulary: shared terms and nothing else (no rules, no category).
void LoadVocabulary(const FileReader& in, const YAML::Node& root, RuleSetSpec* out) {
  if (!in.CheckKeys(root, MapKind::kVocabulary)) return;
  VocabularySpec vocabulary;
  vocabulary.path = in.path();
  const std::optional<std::string> name = in.String(root["vocabulary"], "`vocabulary`");
  if (!name) return;
  vocabulary.name = NameRef{*name, in.At(root["vocabulary"])};
  if (!IsVocabularyName(*name)) {
    in.Error(
        DiagnosticCode::kInvalidName, root["vocabulary"],
        "vocabulary name `" + *name + "` may hold only lowercase letters, digits, `_` and `-`");
  }
  if (root["language"]) vocabulary.language = in.String(root["language"], "`language`").value_or("");
  if (root["description"]) {
    vocabulary.description = in.String(root["description"], "`description`").value_or("");
  }
  const EvasionLevel evasion = LoadEvasion(in, root["evasion"], EvasionLevel::kStandard);
  if (root["terms"]) {
    LoadTerms(in, root["terms"], evasion, &vocabulary.terms);
  } else {
    in.Error(DiagnosticCode::kMissingKey, root, "vocabulary `" + *name + "` has no `terms`");
  }
  out->vocabularies.push_back(std::move(vocabulary));
}

// yaml-cpp reports a syntax error as an exception with a 0-based mark. An
// error found at the end of the file (an unclosed `[`) is marked past the
// last line: point at the end of the last line that has text instead. The
// pitfalls found in the text come first; a syntax error after one of them
// is its consequence and is not reported.
std::optional<YAML::Node> ParseYaml(const SourceFile& source,
                                    const std::vector<YamlPitfall>& pitfalls,
                                    DiagnosticSink* sink) {
  for (const YamlPitfall& pitfall : pitfalls) {
    sink->Error(pitfall.code, SourceLocation{source.path, pitfall.line, pitfall.column},
                pitfall.message);
  }
  try {
    return YAML::Load(source.text);
  } catch (const YAML::Exception& e) {
    SourceLocation at = Locate(source.path, e.mark);
    if (!pitfalls.empty() && (at.line == 0 || at.line >= pitfalls.front().line)) {
      return std::nullopt;
    }
    auto blank = [&](std::uint32_t line) {
      return sink->Line(source.path, line).find_first_not_of(" \t") == std::string_view::npos;
    };
    if (at.line > 1 && blank(at.line)) {
      while (at.line > 1 && blank(at.line)) --at.line;
      at.column = static_cast<std::uint32_t>(sink->Line(source.path, at.line).size() + 1);
    }
    const YamlPitfall explained = ExplainYamlError(e.msg, source.text, at.line, at.column);
    sink->Error(explained.code, SourceLocation{source.path, explained.line, explained.column},
                explained.message);
  }
  return std::nullopt;
}

// How much a file may grow when its aliases are expanded: the loader copies
// an aliased scalar or list each time it reads it, so `*a` repeated is a
// copy of `&a` each time (a 900 KB pack could ask for gigabytes).
constexpr std::size_t kExpansionFactor = 8;
constexpr std::size_t kExpansionSlack = 64 * 1024;

// True if `root` with every alias expanded holds at most `budget` bytes
// (scalars, plus one per node). Walks with its own stack and stops at the
// budget, so a nest of aliases costs no more than the budget to measure.
bool ExpandsWithin(const YAML::Node& root, std::size_t budget) {
  std::size_t used = 0;
  std::vector<YAML::Node> pending = {root};
  while (!pending.empty()) {
    const YAML::Node node = pending.back();
    pending.pop_back();
    used += 1 + (node.IsScalar() ? node.Scalar().size() : 0);
    if (used > budget) return false;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (node.IsMap()) {
        pending.push_back(it->first);
        pending.push_back(it->second);
      } else {
        pending.push_back(*it);
      }
    }
  }
  return true;
}

}  // namespace

bool IsTaxonomyPath(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return name == "taxonomy.yaml" || name == "taxonomy.yml";
}

RuleSetSpec LoadRuleSet(const std::vector<SourceFile>& sources, DiagnosticSink* sink) {
  RuleSetSpec spec;
  for (const SourceFile& source : sources) sink->AddSource(source.path, source.text);
  for (const SourceFile& source : sources) {
    const std::vector<YamlPitfall> pitfalls = FindYamlPitfalls(source.text);
    std::optional<YAML::Node> root = ParseYaml(source, pitfalls, sink);
    if (!root) continue;
    if (const std::size_t budget = kExpansionFactor * source.text.size() + kExpansionSlack;
        !ExpandsWithin(*root, budget)) {
      sink->Error(DiagnosticCode::kYamlAliasExpansion, SourceLocation{source.path, 0, 0},
                  "aliases expand this file past " + std::to_string(budget) + " bytes (" +
                      std::to_string(kExpansionFactor) + " times its size); not read");
      continue;
    }
    FileReader in(source.path, sink, pitfalls);
    try {
      if (IsTaxonomyPath(source.path)) {
        spec.taxonomy_path = source.path;
        LoadTaxonomy(in, *root, &spec);
      } else if (root->IsNull()) {
        sink->Warning(DiagnosticCode::kEmptyFile, SourceLocation{source.path, 0, 0},
                      "empty pack file");
      } else if (root->IsMap() && (*root)["vocabulary"]) {
        LoadVocabulary(in, *root, &spec);
      } else {
        LoadPack(in, *root, &spec);
      }
    } catch (const YAML::Exception& e) {
      // Accessing a malformed node can still throw; keep the file's place.
      sink->Error(DiagnosticCode::kYamlSyntax, Locate(source.path, e.mark), "yaml: " + e.msg);
    }
  }
  return spec;
}

}  // namespace bylaw::internal

// ---- The formatter's reader -------------------------------------------------
// `bylaw fmt` reads a file as a tree of YAML nodes with their places and the
// comments around them (yaml_tree.h), from yaml-cpp's parser events: kept in
// this file so that one file knows yaml-cpp. yaml-cpp drops comments and
// blank lines; they are found in the text (outside quoted and block scalars)
// and attached to the entry that starts on the next line (own-line
// comments) or on their line (trailing).

namespace bylaw::internal {
namespace {

// Byte offsets of the starts of the lines of `text`; [0] is line 1.
std::vector<std::size_t> LineStarts(std::string_view text) {
  std::vector<std::size_t> starts = {0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

// 1-based line and column of the first byte that is not UTF-8, or {0, 0}.
std::pair<std::uint32_t, std::uint32_t> FirstInvalidUtf8(std::string_view text) {
  std::uint32_t line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3
                               : (byte >> 3) == 0x1E ? 4 : 0;
    bool valid = length != 0 && i + length <= text.size() && !(length == 2 && byte < 0xC2);
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (!valid) return {line, column};
    if (byte == '\n') {
      ++line;
      column = 1;
    } else {
      column += static_cast<std::uint32_t>(length);
    }
    i += length;
  }
  return {0, 0};
}

// Stops the parser at the start of a document, to find where a second one
// would start without reading it (see ParseYamlTree).
class SecondDocumentProbe : public YAML::EventHandler {
 public:
  struct Found {
    YAML::Mark mark;
  };
  void OnDocumentStart(const YAML::Mark& mark) override { throw Found{mark}; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Builds the tree from parser events, and records which entry starts on
// which line for the comments.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& path, std::string_view text, DiagnosticSink* sink)
      : path_(path), text_(text), sink_(sink), line_starts_(LineStarts(text)),
        masked_(text.size(), false), block_body_(line_starts_.size() + 2, false) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    CheckAnchor(mark, anchor);
    Add(NewNode(YamlKind::kNull, mark));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    Refuse(mark, "an alias (`*name`) is not kept by `bylaw fmt`: write the value out");
    Add(NewNode(YamlKind::kNull, mark));
  }
  void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
    anchors_.emplace(mark.line, mark.column);
    Refuse(mark, "an anchor (`&" + name + "`) is not kept by `bylaw fmt`: write the value out");
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    OpenCollection(YamlKind::kSequence, mark, tag, anchor, style);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    OpenCollection(YamlKind::kMap, mark, tag, anchor, style);
  }
  void OnMapEnd() override {
    if (!stack_.empty()) CheckDuplicateKeys(*stack_.back().node);
    Close();
  }

  // Attaches the comments and blank lines of the text; call after parsing.
  void AttachComments(YamlDocument* document);
  std::unique_ptr<YamlNode> TakeRoot() {
    return root_ ? std::move(root_) : std::make_unique<YamlNode>();
  }
  void Refuse(const YAML::Mark& mark, std::string message) {
    sink_->Error(DiagnosticCode::kFormatRefused, At(mark), std::move(message));
  }

 private:
  struct Frame {
    YamlNode* node;
    bool awaiting_value = false;  // a map whose last entry has its key only
    std::uint32_t flow_line = 0;  // line of the outermost flow collection around, or 0
  };

  SourceLocation At(const YAML::Mark& mark) const {
    if (mark.line < 0) return SourceLocation{path_, 0, 0};
    return SourceLocation{path_, static_cast<std::uint32_t>(mark.line + 1),
                          static_cast<std::uint32_t>(mark.column + 1)};
  }
  std::string_view Line(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    const std::size_t start = line_starts_[line - 1];
    const std::size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
    std::string_view text = text_.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
  }
  std::size_t Offset(const YamlNode& node) const {
    if (node.line == 0 || node.line > line_starts_.size()) return text_.size();
    return std::min(text_.size(), line_starts_[node.line - 1] + node.column - 1);
  }
  std::unique_ptr<YamlNode> NewNode(YamlKind kind, const YAML::Mark& mark) const {
    auto node = std::make_unique<YamlNode>();
    node->kind = kind;
    if (mark.line >= 0) {
      node->line = static_cast<std::uint32_t>(mark.line + 1);
      node->column = static_cast<std::uint32_t>(mark.column + 1);
    }
    return node;
  }
  void CheckAnchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    // Reported once: yaml-cpp versions that call OnAnchor named it there.
    if (anchor != YAML::NullAnchor && !anchors_.contains({mark.line, mark.column})) {
      Refuse(mark, "an anchor (`&name`) is not kept by `bylaw fmt`: write the value out");
    }
  }
  bool CheckTag(const YAML::Mark& mark, const std::string& tag) {
    if (tag.empty() || tag == "?") return true;
    Refuse(mark, "a tag (`" + tag + "`) is not kept by `bylaw fmt`: remove it");
    return false;
  }
  void OpenCollection(YamlKind kind, const YAML::Mark& mark, const std::string& tag,
                      YAML::anchor_t anchor, YAML::EmitterStyle::value style);
  void ReadBlockScalar(YamlNode* node, const YamlNode* parent);
  void MaskQuoted(const YamlNode& node);
  // Adds a node under the top of the stack (or as the root) and returns it.
  YamlNode* Add(std::unique_ptr<YamlNode> node);
  void Close() {
    if (!stack_.empty()) stack_.pop_back();
  }
  void Register(YamlEntry* entry, const YamlNode& node);
  void CheckDuplicateKeys(const YamlNode& map);
  // Column of the `#` that starts a comment on `line`, or npos.
  std::size_t CommentColumn(std::uint32_t line) const;

  const std::string& path_;
  std::string_view text_;
  DiagnosticSink* sink_;
  std::vector<std::size_t> line_starts_;
  std::vector<bool> masked_;      // bytes inside quoted scalars
  std::vector<bool> block_body_;  // lines of block scalars' text, by line number
  std::set<std::pair<int, int>> anchors_;  // where OnAnchor reported one
  std::unique_ptr<YamlNode> root_;
  std::vector<Frame> stack_;
  std::map<std::uint32_t, YamlEntry*> first_entry_;  // outermost entry starting on a line
  std::map<std::uint32_t, YamlEntry*> last_entry_;   // innermost
  std::map<YamlEntry*, std::uint32_t> trailing_column_;
};

void TreeBuilder::OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                           const std::string& value) {
  CheckAnchor(mark, anchor);
  auto node = NewNode(YamlKind::kScalar, mark);
  node->value = value;
  if (tag == "!") {
    // Quoted and block scalars carry the non-specific tag `!`; so does a
    // plain scalar written `! text`, which is refused.
    const std::size_t at = Offset(*node);
    const char first = at < text_.size() ? text_[at] : '\0';
    if (first == '\'' || first == '"') {
      node->style = ScalarStyle::kQuoted;
    } else if (first == '|' || first == '>') {
      node->style = ScalarStyle::kBlock;
    } else {
      Refuse(mark, "a tag (`!`) is not kept by `bylaw fmt`: remove it");
    }
  } else {
    CheckTag(mark, tag);
  }
  const YamlNode* parent = stack_.empty() ? nullptr : stack_.back().node;
  YamlNode* added = Add(std::move(node));
  if (added->style == ScalarStyle::kQuoted) MaskQuoted(*added);
  if (added->style == ScalarStyle::kBlock) ReadBlockScalar(added, parent);
}

void TreeBuilder::OpenCollection(YamlKind kind, const YAML::Mark& mark, const std::string& tag,
                                 YAML::anchor_t anchor, YAML::EmitterStyle::value style) {
  CheckAnchor(mark, anchor);
  CheckTag(mark, tag);
  auto node = NewNode(kind, mark);
  node->flow = style == YAML::EmitterStyle::Flow;
  const std::uint32_t outer_flow = stack_.empty() ? 0 : stack_.back().flow_line;
  YamlNode* added = Add(std::move(node));
  stack_.push_back(Frame{added, false, outer_flow != 0 ? outer_flow : added->flow ? added->line : 0});
}

YamlNode* TreeBuilder::Add(std::unique_ptr<YamlNode> node) {
  YamlNode* raw = node.get();
  if (stack_.empty()) {
    root_ = std::move(node);
    return raw;
  }
  for (Frame& frame : stack_) {
    if (raw->kind != YamlKind::kNull && frame.node->line != raw->line) frame.node->one_line = false;
  }
  Frame& top = stack_.back();
  YamlEntry* entry = nullptr;
  if (top.node->kind == YamlKind::kMap && top.awaiting_value) {
    entry = top.node->entries.back().get();
    entry->value = std::move(node);
    top.awaiting_value = false;
  } else {
    top.node->entries.push_back(std::make_unique<YamlEntry>());
    entry = top.node->entries.back().get();
    if (top.node->kind == YamlKind::kMap) {
      if (raw->kind == YamlKind::kNull) {
        sink_->Error(DiagnosticCode::kFormatRefused, SourceLocation{path_, raw->line, raw->column},
                     "an empty key is not kept by `bylaw fmt`: name the key");
      } else if (raw->kind != YamlKind::kScalar) {
        sink_->Error(DiagnosticCode::kFormatRefused, SourceLocation{path_, raw->line, raw->column},
                     "a list or a map as a key is not kept by `bylaw fmt`: use a name");
      }
      entry->key = std::move(node);
      top.awaiting_value = true;
    } else {
      entry->value = std::move(node);
    }
  }
  // A value registers its entry on its own line only when it is a scalar or
  // a flow collection: a block collection's lines belong to its entries.
  const bool in_flow_line = top.flow_line != 0 && top.flow_line == raw->line;
  const bool block_value = top.node->kind == YamlKind::kMap && entry->value.get() == raw &&
                           raw->kind != YamlKind::kScalar && !raw->flow;
  if (raw->kind != YamlKind::kNull && !in_flow_line && !block_value) Register(entry, *raw);
  return raw;
}

void TreeBuilder::Register(YamlEntry* entry, const YamlNode& node) {
  first_entry_.emplace(node.line, entry);
  last_entry_[node.line] = entry;
}

void TreeBuilder::CheckDuplicateKeys(const YamlNode& map) {
  std::map<std::string, std::uint32_t> seen;
  for (const auto& entry : map.entries) {
    if (!entry->key || entry->key->kind != YamlKind::kScalar) continue;
    const YamlNode& key = *entry->key;
    const auto [first, inserted] = seen.emplace(key.value, key.line);
    if (!inserted) {
      sink_->Error(DiagnosticCode::kDuplicateKey, SourceLocation{path_, key.line, key.column},
                   "duplicate key `" + key.value + "` (first on line " +
                       std::to_string(first->second) + "); `bylaw fmt` cannot tell which to keep");
    }
  }
}

void TreeBuilder::MaskQuoted(const YamlNode& node) {
  std::size_t i = Offset(node);
  if (i >= text_.size()) return;
  const char quote = text_[i];
  std::size_t end = i + 1;
  while (end < text_.size()) {
    if (quote == '"' && text_[end] == '\\') {
      end += 2;
    } else if (text_[end] == quote) {
      if (quote == '\'' && end + 1 < text_.size() && text_[end + 1] == '\'') {
        end += 2;
      } else {
        break;
      }
    } else {
      ++end;
    }
  }
  for (std::size_t k = i; k <= end && k < text_.size(); ++k) masked_[k] = true;
}

// Reads the header and the lines of the block scalar at `node`: its text
// starts on the next line, indented by the indentation digit past the
// enclosing collection's column, or else as its first non-blank line.
void TreeBuilder::ReadBlockScalar(YamlNode* node, const YamlNode* parent) {
  const std::string_view line_text = Line(node->line);
  const std::string_view header_line =
      line_text.substr(std::min<std::size_t>(node->column - 1, line_text.size()));
  std::size_t end = 1;
  while (end < header_line.size() && std::string_view("+-0123456789").find(header_line[end]) !=
                                         std::string_view::npos) {
    ++end;
  }
  int digit = 0;
  for (std::size_t i = 0; i < end; ++i) {
    const char c = header_line[i];
    if (c >= '1' && c <= '9') {
      digit = c - '0';
    } else {
      node->block_header += c;
    }
  }
  const int parent_column =
      parent != nullptr && !parent->flow ? static_cast<int>(parent->column) - 1 : -1;
  const auto indent_of = [](std::string_view line) { return line.find_first_not_of(' '); };
  // The indentation of the text, once known.
  std::size_t content_indent =
      digit != 0 ? static_cast<std::size_t>(std::max(parent_column, 0) + digit) : 0;
  bool known = digit != 0;
  std::uint32_t last_text = node->line;  // last line with text
  std::uint32_t last_line = node->line;  // last line of the body, blank or not
  for (std::uint32_t line = node->line + 1; line <= line_starts_.size(); ++line) {
    const std::string_view text = Line(line);
    // An empty line: spaces only, no more than the indentation (more are
    // text); before the indentation is known, any number.
    if (text.find_first_not_of(' ') == std::string_view::npos &&
        (!known || text.size() <= content_indent)) {
      last_line = line;
      continue;
    }
    const std::size_t indent = std::min(indent_of(text), text.size());
    if (!known) {
      content_indent = indent;
      known = true;
      if (static_cast<int>(content_indent) <= parent_column) break;
    }
    if (indent < content_indent) break;
    last_text = last_line = line;
  }
  const bool keep = node->block_header.find('+') != std::string::npos;
  const std::uint32_t body_end = keep ? last_line : last_text;
  for (std::uint32_t line = node->line + 1; line <= body_end; ++line) {
    block_body_[line] = true;
    const std::string_view text = Line(line);
    node->block_lines.emplace_back(text.size() > content_indent ? text.substr(content_indent) : "");
  }
  for (const std::string& text : node->block_lines) {
    if (!text.empty() && text.find_first_not_of(' ') != std::string::npos) {
      node->leading_space = text.front() == ' ';
      break;
    }
  }
}

std::size_t TreeBuilder::CommentColumn(std::uint32_t line) const {
  const std::string_view text = Line(line);
  const std::size_t start = line_starts_[line - 1];
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '#' || masked_[start + i]) continue;
    if (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t') return i;
  }
  return std::string_view::npos;
}

void TreeBuilder::AttachComments(YamlDocument* document) {
  std::vector<std::string> pending;
  bool seen_any_content = false;
  const auto trimmed = [](std::string_view text) {
    const std::size_t end = text.find_last_not_of(" \t");
    return std::string(text.substr(0, end == std::string_view::npos ? 0 : end + 1));
  };
  for (std::uint32_t line = 1; line <= line_starts_.size(); ++line) {
    if (block_body_[line]) continue;
    const std::string_view text = Line(line);
    const std::size_t comment = CommentColumn(line);
    const std::string_view content = text.substr(0, std::min(comment, text.size()));
    const bool seen_content = seen_any_content;
    if (content.find_first_not_of(" \t") == std::string_view::npos) {
      if (comment != std::string_view::npos) {
        pending.push_back(trimmed(text.substr(comment)));
      } else if (!pending.empty() && !pending.back().empty()) {
        pending.emplace_back();
      } else if (pending.empty() && line > 1) {
        pending.emplace_back();
      }
      continue;
    }
    if (const auto first = first_entry_.find(line); first != first_entry_.end()) {
      if (!seen_content) {
        const auto blank = std::find(pending.rbegin(), pending.rend(), std::string());
        document->header.assign(pending.begin(), blank.base());
        pending.erase(pending.begin(), blank.base());
      }
      std::vector<std::string>& leading = first->second->leading;
      leading.insert(leading.end(), pending.begin(), pending.end());
      pending.clear();
    }
    seen_any_content = true;
    if (comment == std::string_view::npos) continue;
    auto owner = last_entry_.upper_bound(line);
    if (owner == last_entry_.begin()) {
      pending.push_back(trimmed(text.substr(comment)));
      continue;
    }
    YamlEntry* entry = std::prev(owner)->second;
    entry->trailing += (entry->trailing.empty() ? "" : " ") + trimmed(text.substr(comment));
    trailing_column_.emplace(entry, static_cast<std::uint32_t>(comment));
  }
  while (!pending.empty() && pending.back().empty()) pending.pop_back();
  document->trailer = std::move(pending);
  for (const auto& [entry, column] : trailing_column_) entry->trailing_column = column;
}

ScalarType TypeOf(const YamlNode& node) {
  if (node.kind == YamlKind::kNull) return ScalarType::kNull;
  return node.style == ScalarStyle::kPlain ? PlainScalarType(node.value) : ScalarType::kString;
}

}  // namespace

ScalarType PlainScalarType(std::string_view text) {
  static constexpr std::array<std::string_view, 5> kNulls = {"", "~", "null", "Null", "NULL"};
  static constexpr std::array<std::string_view, 22> kBools = {
      "y",  "Y",  "yes", "Yes",  "YES",  "n",     "N",     "no",  "No", "NO", "true",
      "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"};
  if (std::find(kNulls.begin(), kNulls.end(), text) != kNulls.end()) return ScalarType::kNull;
  if (std::find(kBools.begin(), kBools.end(), text) != kBools.end()) return ScalarType::kBool;
  if (text == "<<" || text == "=") return ScalarType::kNumber;  // YAML 1.1 merge and value keys
  const std::string_view unsigned_text =
      !text.empty() && (text[0] == '+' || text[0] == '-') ? text.substr(1) : text;
  std::string lower(unsigned_text);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (lower == ".inf" || lower == ".nan") return ScalarType::kNumber;
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const bool starts_number =
      !unsigned_text.empty() &&
      (digit(unsigned_text[0]) ||
       (unsigned_text[0] == '.' && unsigned_text.size() > 1 && digit(unsigned_text[1])));
  if (starts_number && unsigned_text.find_first_not_of("0123456789abcdefABCDEFxXoObB_.:+-eE") ==
                           std::string_view::npos) {
    return ScalarType::kNumber;
  }
  // A date or a timestamp: YYYY-M...
  if (text.size() >= 6 && digit(text[0]) && digit(text[1]) && digit(text[2]) && digit(text[3]) &&
      text[4] == '-' && digit(text[5])) {
    return ScalarType::kNumber;
  }
  return ScalarType::kString;
}

bool SameYamlValues(const YamlNode& a, const YamlNode& b) {
  const bool a_collection = a.kind == YamlKind::kMap || a.kind == YamlKind::kSequence;
  if (!a_collection) {
    return b.kind != YamlKind::kMap && b.kind != YamlKind::kSequence && TypeOf(a) == TypeOf(b) &&
           (a.kind == YamlKind::kNull || a.value == b.value);
  }
  if (a.kind != b.kind || a.entries.size() != b.entries.size()) return false;
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    const YamlEntry& entry = *a.entries[i];
    if (a.kind == YamlKind::kSequence) {
      if (!SameYamlValues(*entry.value, *b.entries[i]->value)) return false;
      continue;
    }
    const auto match = std::find_if(b.entries.begin(), b.entries.end(), [&](const auto& other) {
      return SameYamlValues(*entry.key, *other->key);
    });
    if (match == b.entries.end() || !SameYamlValues(*entry.value, *(*match)->value)) return false;
  }
  return true;
}

YamlDocument ParseYamlTree(const std::string& path, std::string_view text, DiagnosticSink* sink) {
  YamlDocument document;
  if (const auto [line, column] = FirstInvalidUtf8(text); line != 0) {
    sink->Error(DiagnosticCode::kYamlSyntax, SourceLocation{path, line, column}, "the file is not valid UTF-8 here");
    document.root = std::make_unique<YamlNode>();
    return document;
  }
  TreeBuilder builder(path, text, sink);
  std::stringstream stream{std::string(text)};
  try {
    // One document, then a probe that stops at the start of the next: text
    // that yaml-cpp cannot fit in the first document (an indentation
    // mistake) starts another, and reading on may never end.
    YAML::Parser parser(stream);
    parser.HandleNextDocument(builder);
    SecondDocumentProbe probe;
    try {
      parser.HandleNextDocument(probe);
    } catch (const SecondDocumentProbe::Found& found) {
      builder.Refuse(found.mark,
                     "a second YAML document starts here (after `---`, or where the indentation "
                     "leaves the first one); `bylaw fmt` formats one document per file");
    }
  } catch (const YAML::Exception& e) {
    const std::uint32_t line = e.mark.line < 0 ? 0 : static_cast<std::uint32_t>(e.mark.line + 1);
    const std::uint32_t column = e.mark.line < 0 ? 0 : static_cast<std::uint32_t>(e.mark.column + 1);
    const YamlPitfall explained = ExplainYamlError(e.msg, text, line, column);
    sink->Error(explained.code, SourceLocation{path, explained.line, explained.column}, explained.message);
  }
  document.root = builder.TakeRoot();
  builder.AttachComments(&document);
  return document;
}

}  // namespace bylaw::internal
