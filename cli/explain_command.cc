// `bylaw explain RULES_DIR (TEXT | -)`: why a document gets its verdict,
// for rule authors: every rule it touched with its conditions as trees of
// truth values, the term matches, the folded text, the exceptions that held
// and the rules that set the decision (bylaw/explain.h).
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/fmt/fmt.h>

#include "args.h"
#include "bylaw/explain.h"
#include "command_support.h"
#include "commands.h"
#include "display_text.h"
#include "span_text.h"

namespace bylaw::cli {
namespace {

struct ExplainArgs {
  std::string rules_dir;
  std::string text = "-";
  std::string field = "text";
  std::string title;
  std::string id = "cli";
  std::string rule;  // --rule ID; empty: every rule touched
  std::vector<std::string> meta;  // --meta NAME=VALUE, the document's metadata
  bool json = false;
  bool all = false;
};

// "      true   and" and its children, indented by depth.
void AppendTree(const ConditionTrace& trace, int depth, std::string* out) {
  *out += fmt::format("      {:<5}  {:{}}{}", trace.value ? "true" : "false", "", depth * 2, trace.text);
  if (!trace.detail.empty()) {  // may quote metadata, which the terminal must not run
    *out += "  (";
    AppendDisplayed(trace.detail, 0, out);
    *out += ")";
  }
  *out += "\n";
  for (const ConditionTrace& child : trace.children) AppendTree(child, depth + 1, out);
}

// "    author: ..." and the rest of what the rule's author wrote about it,
// each line only when given.
void AppendProvenance(const RuleProvenance& provenance, std::string* out) {
  const auto line = [out](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    *out += "    " + std::string(name) + ": ";
    AppendDisplayed(value, 6, out);
    *out += "\n";
  };
  line("maturity", MaturityName(provenance.maturity));
  line("author", provenance.author);
  line("created", provenance.created);
  for (const std::string& reference : provenance.references) line("reference", reference);
  for (const std::string& text : provenance.false_positives) line("false positive", text);
}

void AppendRule(const Explanation& explanation, const RuleTrace& trace, std::string* out) {
  const RuleInfo& rule = explanation.program->rules()[trace.rule];
  *out += fmt::format("  {} ({}, {}): {}\n", rule.id, ActionName(rule.action),
                      StatusName(rule.status), RuleOutcomeName(trace.outcome));
  AppendProvenance(rule.provenance, out);
  *out += "    when: " + rule.condition + "\n";
  AppendTree(trace.when, 0, out);
  if (trace.unless) {
    *out += "    unless: " + rule.unless + "\n";
    AppendTree(*trace.unless, 0, out);
  }
  if (trace.pack_unless) {
    *out += "    pack unless:\n";
    AppendTree(*trace.pack_unless, 0, out);
  }
}

std::string Why(const Explanation& explanation) {
  if (explanation.deciding_rules.empty()) {
    return "  no live rule with an action above allow matched\n";
  }
  std::string rules;
  for (std::uint32_t rule : explanation.deciding_rules) {
    rules += (rules.empty() ? "" : ", ") + explanation.program->rules()[rule].id;
  }
  return fmt::format("  the strictest action among the live rules that matched, set by: {}\n",
                     rules);
}

// A rule worth its tree by default: it matched, was suppressed, or is
// disabled but its `when` holds. Rules whose condition is simply false are
// only named, unless --all.
bool Interesting(const RuleTrace& trace) {
  return trace.outcome != RuleOutcome::kConditionFalse &&
         (trace.outcome != RuleOutcome::kDisabled || trace.when.value);
}

// Every rule the document touched: trees for the interesting ones (all of
// them with `all`), the others named.
std::string RulesTouched(const Explanation& explanation, bool all) {
  std::string out = explanation.rules.empty()
                        ? "rules touched: none\n"
                        : fmt::format("rules touched ({}):\n", explanation.rules.size());
  std::string quiet;
  std::size_t quiet_count = 0;
  for (const RuleTrace& trace : explanation.rules) {
    if (all || Interesting(trace)) {
      AppendRule(explanation, trace, &out);
    } else {
      quiet += (quiet.empty() ? "" : ", ") + explanation.program->rules()[trace.rule].id;
      ++quiet_count;
    }
  }
  if (quiet_count > 0) {
    out += fmt::format("  and {} whose condition is false (--all shows their trees): {}\n",
                       quiet_count, quiet);
  }
  return out;
}

// The trace of rule `rule` (--rule) whatever its outcome, or why it has none.
std::string FocusedRule(const Explanation& explanation, std::uint32_t rule) {
  std::string out = "rule:\n";
  for (const RuleTrace& trace : explanation.rules) {
    if (trace.rule == rule) {
      AppendRule(explanation, trace, &out);
      return out;
    }
  }
  const RuleInfo& info = explanation.program->rules()[rule];
  out += fmt::format("  {} ({}, {}): not touched, none of its terms matched\n", info.id,
                     ActionName(info.action), StatusName(info.status));
  AppendProvenance(info.provenance, &out);
  return out + "    when: " + info.condition + "\n";
}

std::string ExplainText(const Explanation& explanation, bool all,
                        std::optional<std::uint32_t> focus) {
  std::string out = "document ";
  AppendQuoted(explanation.document.id, &out);
  out += fmt::format("\ndecision: {}\n", ActionName(explanation.decision));
  out += Why(explanation);
  out += "fields:\n";
  for (std::size_t i = 0; i < explanation.document.fields.size(); ++i) {
    const Field& field = explanation.document.fields[i];
    out += "  ";
    AppendDisplayed(field.name, 0, &out);
    out += ": ";
    AppendQuoted(field.text, &out);
    out += "\n    folded: ";
    AppendQuoted(explanation.folded[i], &out);
    out += "\n";
  }
  out += explanation.matches.empty() ? "term matches: none\n" : "term matches:\n";
  for (const MatchSpan& span : explanation.matches) {
    out += "  " + SpanLine(*explanation.program, explanation.document, span) + "\n";
  }
  out += focus ? FocusedRule(explanation, *focus) : RulesTouched(explanation, all);
  return out;
}

nlohmann::json TreeJson(const ConditionTrace& trace) {
  nlohmann::json json = {{"text", trace.text}, {"value", trace.value}, {"detail", trace.detail}};
  json["children"] = nlohmann::json::array();
  for (const ConditionTrace& child : trace.children) json["children"].push_back(TreeJson(child));
  return json;
}

// Every member, empty ones included, so that readers need not test for keys.
nlohmann::json ProvenanceJson(const RuleProvenance& provenance) {
  return {{"author", provenance.author},
          {"created", provenance.created},
          {"references", provenance.references},
          {"maturity", MaturityName(provenance.maturity)},
          {"false_positives", provenance.false_positives}};
}

std::string ExplainJson(const Explanation& explanation, std::optional<std::uint32_t> focus) {
  const Program& program = *explanation.program;
  nlohmann::json json = {{"id", explanation.document.id},
                         {"decision", ActionName(explanation.decision)},
                         {"verdict", nlohmann::json::parse(explanation.verdict_json)}};
  json["deciding_rules"] = nlohmann::json::array();
  for (std::uint32_t rule : explanation.deciding_rules) {
    json["deciding_rules"].push_back(program.rules()[rule].id);
  }
  json["fields"] = nlohmann::json::array();
  for (std::size_t i = 0; i < explanation.document.fields.size(); ++i) {
    json["fields"].push_back({{"name", explanation.document.fields[i].name},
                              {"text", explanation.document.fields[i].text},
                              {"folded", explanation.folded[i]}});
  }
  json["matches"] = nlohmann::json::array();
  for (const MatchSpan& span : explanation.matches) {
    json["matches"].push_back(SpanJson(program, explanation.document, span));
  }
  json["rules"] = nlohmann::json::array();
  for (const RuleTrace& trace : explanation.rules) {
    if (focus && trace.rule != *focus) continue;
    const RuleInfo& rule = program.rules()[trace.rule];
    nlohmann::json item = {{"id", rule.id},
                           {"category", program.categories()[rule.category].id},
                           {"action", ActionName(rule.action)},
                           {"status", StatusName(rule.status)},
                           {"outcome", RuleOutcomeName(trace.outcome)},
                           {"when", TreeJson(trace.when)}};
    if (!rule.provenance.empty()) item["provenance"] = ProvenanceJson(rule.provenance);
    if (trace.unless) item["unless"] = TreeJson(*trace.unless);
    if (trace.pack_unless) item["pack_unless"] = TreeJson(*trace.pack_unless);
    json["rules"].push_back(std::move(item));
  }
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

int RunExplain(std::span<const std::string_view> arg_list) {
  ExplainArgs args;
  ArgParser parser("bylaw explain [OPTIONS] RULES_DIR [TEXT | -]",
                   "Explains the verdict on one document: for every rule the document touched,\n"
                   "its `when` and `unless` conditions as trees with each node's truth value;\n"
                   "the term matches with their spans; the folded text the patterns saw; and\n"
                   "the rules that set the decision. With --rule, that rule alone, whatever\n"
                   "its outcome. Exits 0 if the document is allowed, 3 if it is flagged, 1 if\n"
                   "the rules have errors, 2 on a usage error or an unknown --rule.");
  parser.AddPositional("RULES_DIR",
                       "folder holding taxonomy.yaml and the packs, or one pack file in it",
                       &args.rules_dir);
  parser.AddPositional("TEXT", "the document's text; `-` or none reads it from stdin", &args.text,
                       /*required=*/false);
  parser.AddOption({"field", '\0', "NAME", "name of the field holding TEXT"}, &args.field);
  parser.AddOption({"title", '\0', "TEXT", "also explain TEXT as the `title` field"}, &args.title);
  parser.AddOption({"id", '\0', "ID", "the document id"}, &args.id);
  parser.AddFlag({"json", '\0', "", "print the explanation as one JSON object"}, &args.json);
  parser.AddFlag({"all", '\0', "", "show the trees of rules whose condition is false too"},
                 &args.all);
  parser.AddOption(
      {"rule", '\0', "ID", "explain rule ID only, its tree even when its condition is false"},
      &args.rule);
  parser.AddRepeatedOption(
      {"meta", '\0', "NAME=VALUE",
       "give the document metadata NAME with VALUE, for `meta.NAME` tests (repeatable)"},
      &args.meta);
  if (auto exit = ParseCommandLine(parser, "explain", arg_list)) return *exit;
  if (args.field.empty()) {
    Write(stderr, "bylaw explain: option `--field` needs a non-empty NAME\n");
    return kExitUsage;
  }
  std::vector<std::pair<std::string, std::string>> metadata;
  for (const std::string& entry : args.meta) {
    const std::size_t equals = entry.find('=');
    if (equals == 0 || equals == std::string::npos) {
      Write(stderr, "bylaw explain: option `--meta` needs NAME=VALUE, such as `surface=live`\n");
      return kExitUsage;
    }
    metadata.emplace_back(entry.substr(0, equals), entry.substr(equals + 1));
  }
  ConfigureLogging(false);
  const LoadedRules rules = LoadRules(args.rules_dir, {}, DiagnosticDetail::kErrorsOnly);
  if (rules.program == nullptr) return kExitRuleErrors;
  std::optional<std::uint32_t> focus;
  if (!args.rule.empty()) {
    if (const std::string unknown = UnknownRule(*rules.program, args.rule); !unknown.empty()) {
      Write(stderr, "bylaw explain: " + unknown + "\n");
      return kExitUsage;
    }
    focus = static_cast<std::uint32_t>(rules.program->FindRule(args.rule));
  }
  Document document;
  document.id = args.id;
  document.metadata = std::move(metadata);
  if (!args.title.empty()) document.AddField("title", args.title);
  document.AddField(args.field, args.text == "-" ? std::string(std::istreambuf_iterator<char>(std::cin), {})
                                                 : args.text);
  const Explanation explanation = Explain(rules.program, document);
  Write(stdout, args.json ? ExplainJson(explanation, focus)
                          : ExplainText(explanation, args.all, focus));
  return explanation.decision != Action::kAllow ? kExitFlagged : kExitOk;
}

}  // namespace bylaw::cli
