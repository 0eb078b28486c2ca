// `bylaw schema pack|vocabulary|taxonomy`: JSON Schema for the rule files,
// for editors (the YAML language server completes keys, shows their
// descriptions on hover and flags unknown keys as you type). Written from
// the loader's own table of keys (bylaw/rule_keys.h), so the schema says
// what the loader accepts; rules/schema/ holds the output, kept equal by a
// test.
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "args.h"
#include "bylaw/rule_keys.h"
#include "command_support.h"
#include "commands.h"

namespace bylaw::cli {
namespace {

using json = nlohmann::ordered_json;  // keys in the order of the table

json Ref(std::string_view definition) {
  return {{"$ref", "#/definitions/" + std::string(definition)}};
}

json Strings() { return {{"type", "string"}}; }

// What the loader reads as text: any YAML scalar (`988` is a phrase too).
json Scalars() { return {{"type", json::array({"string", "number", "boolean"})}}; }

// The schema of a key's value, with its description.
json ValueSchema(const KeyInfo& key) {
  json schema;
  switch (key.kind) {
    case ValueKind::kString:
      schema = Scalars();
      break;
    case ValueKind::kCondition:
      schema = Strings();
      break;
    case ValueKind::kBool:
      schema = {{"type", "boolean"}};
      break;
    case ValueKind::kWholeNumber:
      schema = {{"type", "integer"}, {"minimum", 0}};
      break;
    case ValueKind::kEnum:
      schema = {{"type", "string"}, {"enum", key.values}};
      break;
    case ValueKind::kNames:
      schema = {{"anyOf", {Scalars(), {{"type", "array"}, {"items", Scalars()}}}}};
      break;
    case ValueKind::kDate:
      schema = {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}};
      break;
    case ValueKind::kRate:
      schema = {{"type", json::array({"string", "number"})}};
      break;
    case ValueKind::kMap:  // a description beside `$ref` is ignored: hence allOf
      schema = {{"allOf", json::array({Ref(KeysOf(key.map).name)})}};
      break;
    case ValueKind::kList:
      schema = {{"type", "array"}, {"items", Ref(KeysOf(key.map).name)}};
      break;
    case ValueKind::kTerms:
      schema = {{"type", "object"}, {"additionalProperties", Ref(KeysOf(MapKind::kTerm).name)}};
      break;
    case ValueKind::kPatterns:
      schema = {{"allOf", json::array({Ref("patterns")})}};
      break;
    case ValueKind::kExampleList:
      schema = {
          {"type", "array"},
          {"items",
           {{"anyOf", {Scalars(), {{"type", "object"}, {"additionalProperties", Scalars()}}}}}}};
      break;
  }
  schema["description"] = key.description;
  return schema;
}

// A map of `kind`: its keys, the required ones, no others.
json MapSchema(const MapInfo& map) {
  json properties = json::object();
  json required = json::array();
  for (const KeyInfo& key : map.keys) {
    properties[std::string(key.name)] = ValueSchema(key);
    if (key.required) required.push_back(key.name);
  }
  json schema = {{"type", "object"},
                 {"description", map.description},
                 {"properties", std::move(properties)},
                 {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = std::move(required);
  return schema;
}

// The maps reachable from `kind`'s keys, `kind` included.
void Reachable(MapKind kind, std::set<MapKind>* seen) {
  if (!seen->insert(kind).second) return;
  for (const KeyInfo& key : KeysOf(kind).keys) {
    if (key.kind == ValueKind::kMap || key.kind == ValueKind::kList) Reachable(key.map, seen);
    if (key.kind == ValueKind::kTerms) Reachable(MapKind::kTerm, seen);
    if (key.kind == ValueKind::kPatterns) Reachable(MapKind::kPattern, seen);
  }
}

// A term is a pattern, a list of them, or a map with `patterns` and
// `except`; a pattern is a phrase or a map with options.
json Definition(const MapInfo& map) {
  if (map.kind == MapKind::kPattern) return {{"anyOf", {Scalars(), MapSchema(map)}}};
  if (map.kind == MapKind::kTerm) return {{"anyOf", {Ref("patterns"), MapSchema(map)}}};
  return MapSchema(map);
}

json FileSchema(MapKind root, std::string_view title) {
  std::set<MapKind> maps;
  Reachable(root, &maps);
  json definitions = json::object();
  for (const MapKind kind : maps) {
    if (kind != root) definitions[std::string(KeysOf(kind).name)] = Definition(KeysOf(kind));
  }
  if (maps.contains(MapKind::kPattern)) {
    definitions["patterns"] = {
        {"anyOf", {Ref("pattern"), {{"type", "array"}, {"items", Ref("pattern")}}}}};
  }
  json schema = {{"$schema", "http://json-schema.org/draft-07/schema#"}, {"title", title}};
  schema.update(MapSchema(KeysOf(root)));
  if (!definitions.empty()) schema["definitions"] = std::move(definitions);
  return schema;
}

}  // namespace

int RunSchema(std::span<const std::string_view> args) {
  std::string name;
  ArgParser parser("bylaw schema [OPTIONS] KIND",
                   "Prints the JSON Schema of a rule pack, a vocabulary or taxonomy.yaml, as\n"
                   "the loader reads them: every key, its kind of value, the values it\n"
                   "takes, whether it is required, and a line of description. Editors with\n"
                   "the YAML language server use it to complete keys and flag mistakes as\n"
                   "you type; rules/schema/ holds the three, written by this command.");
  parser.AddPositional("KIND", "pack, vocabulary or taxonomy", &name);
  if (auto exit = ParseCommandLine(parser, "schema", args)) return *exit;
  const MapKind kind = name == "vocabulary" ? MapKind::kVocabulary
                       : name == "taxonomy" ? MapKind::kTaxonomy
                                            : MapKind::kPack;
  if (name != "pack" && kind == MapKind::kPack) {
    Write(stderr, "bylaw schema: unknown kind `" + name +
                      "` (expected `pack`, `vocabulary` or "
                      "`taxonomy`)\nUsage: " +
                      parser.usage() + "\nTry `bylaw schema --help`.\n");
    return kExitUsage;
  }
  const std::string_view title = kind == MapKind::kPack         ? "bylaw rule pack"
                                 : kind == MapKind::kVocabulary ? "bylaw vocabulary"
                                                                : "bylaw taxonomy";
  Write(stdout, FileSchema(kind, title).dump(2) + "\n");
  return kExitOk;
}

}  // namespace bylaw::cli
