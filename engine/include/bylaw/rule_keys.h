// The keys of every map in the YAML files the loader reads (packs,
// vocabularies, taxonomy.yaml): name, kind of value, whether required, the
// values an enumerated key takes, and a line of description. The loader
// rejects keys that are not here and reads enumerated values from here;
// `bylaw schema` turns the same table into JSON Schema for editors, so the
// two cannot drift apart.
#ifndef BYLAW_RULE_KEYS_H_
#define BYLAW_RULE_KEYS_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace bylaw {

// The maps of the rule files.
enum class MapKind : std::uint8_t {
  kTaxonomy,        // taxonomy.yaml
  kResource,        // an entry of the taxonomy's `resources`
  kCategory,        // an entry of the taxonomy's `categories`
  kPack,            // a pack file
  kVocabulary,      // a vocabulary file
  kDefaults,        // a pack's `defaults`
  kTerm,            // a term written as a map, with `patterns` and `except`
  kPattern,         // a pattern written as a map
  kRule,            // an entry of a pack's `rules`
  kExamples,        // a rule's `examples`
  kCircuitBreaker,  // a rule's `circuit_breaker`
};

// What a key's value is.
enum class ValueKind : std::uint8_t {
  kString,       // any text
  kBool,         // true or false
  kWholeNumber,  // 0, 1, 2 ...
  kEnum,         // one of KeyInfo::values
  kNames,        // a name or a list of names
  kCondition,    // a condition (rules/README.md, "Conditions")
  kDate,         // YYYY-MM-DD
  kRate,         // a share of documents: `5%` or `0.05`
  kMap,          // a map of kind KeyInfo::map
  kList,         // a list of maps of kind KeyInfo::map
  kTerms,        // a map from term names to terms
  kPatterns,     // a pattern or a list of patterns
  kExampleList,  // a list of texts or of maps from field names to texts
};

struct KeyInfo {
  std::string_view name;
  ValueKind kind;
  bool required;                         // the loader reports the key missing
  MapKind map;                           // for kMap and kList
  std::vector<std::string_view> values;  // for kEnum
  std::string_view description;          // one line, for editors
};

struct MapInfo {
  MapKind kind;
  std::string_view name;         // for schema definitions: "pattern"
  std::string_view what;         // for messages: "a pattern"
  std::string_view description;  // one line
  std::vector<KeyInfo> keys;
};

// The keys of maps of `kind`.
const MapInfo& KeysOf(MapKind kind);

// Every map kind, in the order of the enum.
const std::vector<MapInfo>& AllMapKeys();

// The key `name` of maps of `kind`, or nullptr.
const KeyInfo* FindKey(MapKind kind, std::string_view name);

}  // namespace bylaw

#endif  // BYLAW_RULE_KEYS_H_
