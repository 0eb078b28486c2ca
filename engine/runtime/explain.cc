// Run side, for rule authors: scans one document with a Scanner, then walks
// the compiled conditions of every rule the document touched with the
// scan's own term matches (Evaluator), recording each node's truth value.
// The verdict is the scanner's; the trees say why.
#include "bylaw/explain.h"

#include <algorithm>
#include <set>

#include "bylaw/scanner.h"
#include "evaluator.h"
#include "program_data.h"
#include "text_view.h"

namespace bylaw {
namespace internal {
namespace {

constexpr std::string_view kComparisons[] = {">=", ">", "<=", "<", "==", "!="};

std::string Plural(std::size_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "es");
}

// `"text"`, with `"` and `\` escaped as a condition writes them.
std::string QuotedValue(std::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// `meta.NAME == "x"`, `meta.NAME < 18` or `meta.NAME in ("a", "b")`.
std::string MetaText(const MetaTest& test) {
  std::vector<std::string> values;
  for (const std::string& text : test.texts) values.push_back(QuotedValue(text));
  for (const std::int64_t number : test.numbers) values.push_back(std::to_string(number));
  std::string text = "meta." + test.name;
  if (!test.in_list) {
    return text + " " + std::string(kComparisons[static_cast<int>(test.comparison)]) + " " +
           (values.empty() ? "" : values[0]);
  }
  std::string list;
  for (const std::string& value : values) list += (list.empty() ? "" : ", ") + value;
  return text + " in (" + list + ")";
}

// Builds condition traces for one document. Borrows everything.
class Tracer {
 public:
  Tracer(const ProgramData& data, const HitTable& hits, Evaluator* evaluator,
         const Document& document)
      : data_(data), hits_(hits), evaluator_(evaluator), document_(document) {}

  ConditionTrace Trace(std::uint32_t index) const;

 private:
  std::span<const std::uint32_t> Operands(const ConditionOp& op) const {
    return {data_.operands.data() + op.first_operand, op.operand_count};
  }
  std::string TermList(const ConditionOp& op) const;
  std::string Text(const ConditionOp& op) const;
  std::string Detail(const ConditionOp& op) const;
  std::string MetaDetail(const MetaTest& test) const;

  const ProgramData& data_;
  const HitTable& hits_;
  Evaluator* evaluator_;
  const Document& document_;
};

// What the document's metadata holds under the test's name (its last value).
std::string Tracer::MetaDetail(const MetaTest& test) const {
  const auto& metadata = document_.metadata;
  const auto found = std::find_if(metadata.rbegin(), metadata.rend(),
                                  [&](const auto& entry) { return entry.first == test.name; });
  if (found == metadata.rend()) return "no `" + test.name + "` in the metadata";
  return test.name + " is " + QuotedValue(found->second);
}

std::string Tracer::TermList(const ConditionOp& op) const {
  std::string names;
  for (std::uint32_t term : Operands(op)) {
    names += (names.empty() ? "" : ", ") + data_.term_names[term];
  }
  return names;
}

// The node written back as a condition (prefixes already expanded).
std::string Tracer::Text(const ConditionOp& op) const {
  switch (op.kind) {
    case NodeKind::kTerm: {
      std::string text = data_.term_names[op.term];
      if (op.field_set == kNone) return text;
      std::string fields;
      for (std::uint32_t field : data_.field_sets[op.field_set]) {
        fields += (fields.empty() ? "" : ", ") + data_.field_names[field];
      }
      return text + " in (" + fields + ")";
    }
    case NodeKind::kCount:
      return "count(" + data_.term_names[op.term] + ") " +
             std::string(kComparisons[static_cast<int>(op.comparison)]) + " " +
             std::to_string(op.number);
    case NodeKind::kOf: {
      const std::string quantity = op.number == 1 ? "any"
                                   : op.operand_count > 1 && op.number == op.operand_count
                                       ? "all"
                                       : std::to_string(op.number);
      return quantity + " of (" + TermList(op) + ")";
    }
    case NodeKind::kNear: return "near(" + TermList(op) + ", " + std::to_string(op.number) + ")";
    case NodeKind::kEvaded: return "evaded(" + data_.term_names[op.term] + ")";
    case NodeKind::kRule: return "rule(" + data_.rules[op.rule].id + ")";
    case NodeKind::kMeta: return MetaText(data_.meta_tests[op.meta]);
    case NodeKind::kNot: return "not";
    case NodeKind::kAnd: return "and";
    case NodeKind::kOr: return "or";
    default: return "?";
  }
}

// What the document showed for a leaf.
std::string Tracer::Detail(const ConditionOp& op) const {
  switch (op.kind) {
    case NodeKind::kTerm: {
      const std::span<const Hit> hits = hits_.Of(op.term);
      std::string detail = Plural(hits.size(), "match");
      if (op.field_set == kNone) return detail;
      const auto inside = std::count_if(hits.begin(), hits.end(), [&](const Hit& hit) {
        return evaluator_->InFieldSet(hit.field, op.field_set);
      });
      return detail + ", " + std::to_string(inside) + " in these fields";
    }
    case NodeKind::kCount: return Plural(hits_.Of(op.term).size(), "match");
    case NodeKind::kEvaded: {
      const std::span<const Hit> hits = hits_.Of(op.term);
      const auto disguised = std::count_if(hits.begin(), hits.end(),
                                           [](const Hit& hit) { return !hit.evasions.empty(); });
      return Plural(hits.size(), "match") + ", " + std::to_string(disguised) + " disguised";
    }
    case NodeKind::kOf: {
      std::string matched;
      for (std::uint32_t term : Operands(op)) {
        if (!hits_.Of(term).empty()) matched += (matched.empty() ? "" : ", ") + data_.term_names[term];
      }
      return matched.empty() ? "none matched" : "matched: " + matched;
    }
    case NodeKind::kNear: {
      const std::span<const std::uint32_t> terms = Operands(op);
      return data_.term_names[terms[0]] + ": " + Plural(hits_.Of(terms[0]).size(), "match") + ", " +
             data_.term_names[terms[1]] + ": " + Plural(hits_.Of(terms[1]).size(), "match");
    }
    case NodeKind::kRule:
      return data_.rules[op.rule].status == RuleStatus::kDisabled ? "the rule is disabled" : "";
    case NodeKind::kMeta: return MetaDetail(data_.meta_tests[op.meta]);
    default: return "";
  }
}

ConditionTrace Tracer::Trace(std::uint32_t index) const {
  const ConditionOp& op = data_.ops[index];
  ConditionTrace trace{Text(op), evaluator_->Eval(index), Detail(op), {}};
  if (op.kind == NodeKind::kNot || op.kind == NodeKind::kAnd || op.kind == NodeKind::kOr) {
    for (std::uint32_t child : Operands(op)) trace.children.push_back(Trace(child));
  }
  return trace;
}

// Rules referenced with rule(...) from the conditions of `rule`.
void AddReferences(const ProgramData& data, std::uint32_t index, std::set<std::uint32_t>* rules) {
  if (index == kNone) return;
  const ConditionOp& op = data.ops[index];
  if (op.kind == NodeKind::kRule) {
    if (rules->insert(op.rule).second) {
      const RuleProgram& program = data.rule_programs[op.rule];
      for (std::uint32_t root : {program.when, program.unless, program.pack_unless}) {
        AddReferences(data, root, rules);
      }
    }
    return;
  }
  if (op.kind != NodeKind::kNot && op.kind != NodeKind::kAnd && op.kind != NodeKind::kOr) return;
  for (std::uint32_t i = 0; i < op.operand_count; ++i) {
    AddReferences(data, data.operands[op.first_operand + i], rules);
  }
}

std::set<std::uint32_t> TouchedRules(const ProgramData& data, const HitTable& hits) {
  std::set<std::uint32_t> rules(data.always_rules.begin(), data.always_rules.end());
  for (std::uint32_t term : hits.touched()) {
    rules.insert(data.rules_of_term[term].begin(), data.rules_of_term[term].end());
  }
  const std::vector<std::uint32_t> direct(rules.begin(), rules.end());
  for (std::uint32_t rule : direct) {
    const RuleProgram& program = data.rule_programs[rule];
    for (std::uint32_t root : {program.when, program.unless, program.pack_unless}) {
      AddReferences(data, root, &rules);
    }
  }
  return rules;
}

RuleTrace TraceRule(const ProgramData& data, const Tracer& tracer, std::uint32_t rule) {
  const RuleProgram& program = data.rule_programs[rule];
  RuleTrace trace;
  trace.rule = rule;
  if (program.when != kNone) trace.when = tracer.Trace(program.when);
  if (program.unless != kNone) trace.unless = tracer.Trace(program.unless);
  if (program.pack_unless != kNone) trace.pack_unless = tracer.Trace(program.pack_unless);
  if (data.rules[rule].status == RuleStatus::kDisabled) {
    trace.outcome = RuleOutcome::kDisabled;
  } else if (!trace.when.value) {
    trace.outcome = RuleOutcome::kConditionFalse;
  } else if (trace.unless && trace.unless->value) {
    trace.outcome = RuleOutcome::kSuppressedByUnless;
  } else if (trace.pack_unless && trace.pack_unless->value) {
    trace.outcome = RuleOutcome::kSuppressedByPack;
  } else {
    trace.outcome = RuleOutcome::kMatched;
  }
  return trace;
}

std::vector<std::uint32_t> FieldIds(const ProgramData& data, const Document& document) {
  std::vector<std::uint32_t> ids;
  for (const Field& field : document.fields) {
    const auto it = std::find(data.field_names.begin(), data.field_names.end(), field.name);
    ids.push_back(it == data.field_names.end() ? kNone
                                               : static_cast<std::uint32_t>(it - data.field_names.begin()));
  }
  return ids;
}

}  // namespace
}  // namespace internal

std::string_view RuleOutcomeName(RuleOutcome outcome) {
  switch (outcome) {
    case RuleOutcome::kMatched: return "matched";
    case RuleOutcome::kConditionFalse: return "condition false";
    case RuleOutcome::kSuppressedByUnless: return "suppressed by unless";
    case RuleOutcome::kSuppressedByPack: return "suppressed by pack unless";
    case RuleOutcome::kDisabled: return "disabled";
  }
  return "";
}

Explanation Explain(const std::shared_ptr<const Program>& program, const Document& document) {
  using namespace internal;
  Explanation explanation;
  explanation.program = program.get();
  explanation.document = document;
  Scanner scanner(program);
  const Verdict& verdict = scanner.Scan(explanation.document);
  AppendVerdictJson(verdict, &explanation.verdict_json);
  explanation.decision = verdict.decision;
  for (const RuleMatch& match : verdict.live) {
    if (program->rules()[match.rule].action == verdict.decision) {
      explanation.deciding_rules.push_back(match.rule);
    }
  }

  const ProgramData& data = program->data();
  const HitTable& hits = LastScanHits(scanner);
  const std::vector<std::uint32_t> field_ids = FieldIds(data, explanation.document);
  Evaluator evaluator(data);
  evaluator.Begin(hits, field_ids, &explanation.document);
  const Tracer tracer(data, hits, &evaluator, explanation.document);
  for (std::uint32_t rule : TouchedRules(data, hits)) {
    explanation.rules.push_back(TraceRule(data, tracer, rule));
  }
  for (std::uint32_t term : hits.touched()) {
    for (const Hit& hit : hits.Of(term)) {
      explanation.matches.push_back(MatchSpan{hit.field, hit.begin, hit.end, term, hit.evasions});
    }
  }
  std::sort(explanation.matches.begin(), explanation.matches.end(),
            [](const MatchSpan& a, const MatchSpan& b) {
              return std::tie(a.field, a.begin, a.end, a.term) < std::tie(b.field, b.begin, b.end, b.term);
            });
  TextView view;
  for (const Field& field : explanation.document.fields) {
    FoldText(field.text, &view);
    explanation.folded.push_back(view.text);
  }
  return explanation;
}

}  // namespace bylaw
