// Compile side: name resolution for conditions. See condition_resolver.h.
#include "compile/condition_resolver.h"

#include <algorithm>
#include <cctype>

#include "condition_parser.h"

namespace bylaw::internal {

std::uint32_t InternFieldSet(const std::vector<std::string>& names, ProgramData* data) {
  std::vector<std::uint32_t> set;
  for (const std::string& name : names) {
    auto it = std::find(data->field_names.begin(), data->field_names.end(), name);
    if (it == data->field_names.end()) it = data->field_names.insert(it, name);
    set.push_back(static_cast<std::uint32_t>(it - data->field_names.begin()));
  }
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  auto found = std::find(data->field_sets.begin(), data->field_sets.end(), set);
  if (found == data->field_sets.end()) found = data->field_sets.insert(found, std::move(set));
  return static_cast<std::uint32_t>(found - data->field_sets.begin());
}

void ConditionResolver::Error(DiagnosticCode code, std::uint32_t offset, std::string message) {
  failed_ = true;
  sink_->Error(code, spec_->At(offset), std::move(message));
}

std::uint32_t ConditionResolver::Resolve(const ConditionSpec& spec, const TermScope& scope) {
  spec_ = &spec;
  scope_ = &scope;
  failed_ = false;
  ConditionParseResult parsed = ParseCondition(spec.text);
  if (parsed.error) {
    Error(DiagnosticCode::kConditionSyntax, parsed.error->offset, parsed.error->message);
    MarkWordsUsed(spec.text);
    return kNone;
  }
  const std::uint32_t root = Lower(*parsed.root);
  return failed_ ? kNone : root;
}

void ConditionResolver::MarkWordsUsed(std::string_view text) {
  const auto is_word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  };
  for (std::size_t i = 0; i < text.size();) {
    if (!is_word(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_word(text[end])) ++end;
    const std::string_view word = text.substr(i, end - i);
    const bool prefix = end < text.size() && text[end] == '*';
    for (auto it = scope_->ids.lower_bound(word);
         it != scope_->ids.end() && (prefix ? it->first.starts_with(word) : it->first == word);
         ++it) {
      term_used_[it->second] = true;
    }
    i = end;
  }
}

std::uint32_t ConditionResolver::LookUpTerm(const std::string& name, std::uint32_t offset) {
  auto it = scope_->ids.find(name);
  if (it == scope_->ids.end()) {
    Error(DiagnosticCode::kUnknownTerm, offset,
          "unknown term `" + name + "`" + DidYouMean(name, scope_->names));
    return kNone;
  }
  term_used_[it->second] = true;
  named_terms_.push_back(it->second);
  return it->second;
}

// The terms of an `of (...)` list, with `prefix*` entries expanded.
std::vector<std::uint32_t> ConditionResolver::ExpandNames(const ConditionNode& node) {
  std::vector<std::uint32_t> terms;
  for (std::size_t i = 0; i < node.names.size(); ++i) {
    const std::string& name = node.names[i];
    const std::uint32_t offset = i < node.name_offsets.size() ? node.name_offsets[i] : node.offset;
    if (name.empty() || name.back() != '*') {
      terms.push_back(LookUpTerm(name, offset));
      continue;
    }
    const std::string_view prefix = std::string_view(name).substr(0, name.size() - 1);
    // The names that start with `prefix` are one run of the sorted ids: a
    // 100k-term pack with a rule per 100 terms would otherwise compare every
    // name for every rule.
    std::size_t found = 0;
    for (auto it = scope_->ids.lower_bound(prefix);
         it != scope_->ids.end() && it->first.starts_with(prefix); ++it) {
      term_used_[it->second] = true;
      named_terms_.push_back(it->second);
      terms.push_back(it->second);
      ++found;
    }
    if (found == 0)
      Error(DiagnosticCode::kUnknownTerm, offset,
            "no term starts with `" + std::string(prefix) + "`");
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

namespace {

// The test a `meta.NAME ...` node makes. The parser checked the values:
// numbers are decimal digits that fit, texts compare only for (in)equality.
MetaTest MetaTestOf(const ConditionNode& node) {
  MetaTest test{node.name, node.comparison, node.numeric, node.in_list, {}, {}};
  for (const std::string& value : node.values) {
    if (node.numeric) {
      test.numbers.push_back(std::stoll(value));
    } else {
      test.texts.push_back(value);
    }
  }
  return test;
}

}  // namespace

// Where the name of a count(...) or rule(...) stands, for diagnostics.
std::uint32_t NameOffset(const ConditionNode& node) {
  return node.name_offsets.empty() ? node.offset : node.name_offsets[0];
}

std::uint32_t ConditionResolver::Emit(const ConditionOp& op,
                                      const std::vector<std::uint32_t>& operands) {
  ConditionOp stored = op;
  stored.first_operand = static_cast<std::uint32_t>(data_->operands.size());
  stored.operand_count = static_cast<std::uint32_t>(operands.size());
  data_->operands.insert(data_->operands.end(), operands.begin(), operands.end());
  data_->ops.push_back(stored);
  return static_cast<std::uint32_t>(data_->ops.size() - 1);
}

std::uint32_t ConditionResolver::Lower(const ConditionNode& node) {
  ConditionOp op;
  op.kind = node.kind;
  op.comparison = node.comparison;
  op.number = node.number;
  std::vector<std::uint32_t> operands;
  switch (node.kind) {
    case NodeKind::kTerm:
      op.term = LookUpTerm(node.name, node.offset);
      if (!node.fields.empty()) op.field_set = InternFieldSet(node.fields, data_);
      break;
    case NodeKind::kCount:
    case NodeKind::kEvaded:
      op.term = LookUpTerm(node.name, NameOffset(node));
      break;
    case NodeKind::kOf: {
      operands = ExpandNames(node);
      const auto listed = static_cast<std::int64_t>(operands.size());
      if (node.quantifier == Quantifier::kAny) op.number = 1;
      if (node.quantifier == Quantifier::kAll) op.number = listed;
      if (node.quantifier == Quantifier::kAtLeast && node.number > listed && !failed_) {
        Error(DiagnosticCode::kImpossibleCount, node.offset,
              "`" + std::to_string(node.number) + " of` can never hold: only " +
                  std::to_string(listed) + " terms are listed");
      }
      break;
    }
    case NodeKind::kNear:
      for (std::size_t i = 0; i < node.names.size() && i < 2; ++i) {
        const std::uint32_t offset = i < node.name_offsets.size() ? node.name_offsets[i] : node.offset;
        operands.push_back(LookUpTerm(node.names[i], offset));
      }
      break;
    case NodeKind::kRule: {
      auto it = rule_ids_->find(node.name);
      if (it == rule_ids_->end()) {
        std::vector<std::string> ids;
        for (const auto& [id, index] : *rule_ids_) ids.push_back(id);
        Error(DiagnosticCode::kUnknownRule, NameOffset(node),
              "unknown rule `" + node.name + "`" + DidYouMean(node.name, ids));
      } else {
        op.rule = it->second;
        if (data_->rules[op.rule].status == RuleStatus::kDisabled) {
          sink_->Warning(
              DiagnosticCode::kDisabledRuleReference, spec_->At(NameOffset(node)),
              "rule `" + node.name + "` is disabled, so `rule(" + node.name + ")` is always false");
        }
      }
      break;
    }
    case NodeKind::kNot:
    case NodeKind::kAnd:
    case NodeKind::kOr:
      for (const ConditionNode& child : node.children) operands.push_back(Lower(child));
      break;
    case NodeKind::kMeta: {
      // One entry per distinct test, so that lint sees `meta.x == "a"` in a
      // `when` and in an `unless` as the same fact.
      MetaTest test = MetaTestOf(node);
      const auto same = std::find(data_->meta_tests.begin(), data_->meta_tests.end(), test);
      op.meta = static_cast<std::uint32_t>(same - data_->meta_tests.begin());
      if (same == data_->meta_tests.end()) data_->meta_tests.push_back(std::move(test));
      break;
    }
  }
  return Emit(op, operands);
}

}  // namespace bylaw::internal
