// Compile side, top level: rule sources -> LoadRuleSet (YAML) -> resolve
// taxonomy, packs, terms, rules and conditions -> rule graph analysis ->
// Hyperscan databases -> an immutable Program. Every problem is collected as
// a diagnostic; a Program is produced only when there are no errors.
#include "bylaw/compiler.h"

#include "bylaw/rule_sources.h"

#include <algorithm>
#include <chrono>

#include "condition_parser.h"
#include "compile/condition_resolver.h"
#include "compile/pattern_set.h"
#include "program_data.h"
#include "compile/rule_graph.h"
#include "compile/rule_sources.h"
#include "rule_set.h"
#include "compile/term_numbering.h"

namespace bylaw {
namespace internal {
namespace {

using IdMap = std::map<std::string, std::uint32_t, std::less<>>;

bool IsKebabCase(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool IsRuleId(std::string_view id) {
  if (id.empty() || id.front() == '.' || id.front() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

std::vector<std::string> Keys(const IdMap& map) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : map) keys.push_back(key);
  return keys;
}

// One compile. Owns the ProgramData until it is handed to a Program.
class Compiler {
 public:
  // `one_pack`: the sources are one pack with the vocabularies of its
  // folder, whose terms it may leave to the other packs: unused vocabulary
  // terms are not reported.
  explicit Compiler(const CompileOptions& options, bool one_pack = false)
      : sink_(options.warnings_as_errors),
        data_(std::make_unique<ProgramData>()),
        patterns_(options),
        one_pack_(one_pack) {}

  // `start`: when the compile began, before the sources were read.
  CompileResult Run(const std::vector<SourceFile>& sources, std::string_view hash_root,
                    std::chrono::steady_clock::time_point start);

 private:
  struct PackState {
    const PackSpec* spec = nullptr;
    std::uint32_t category = 0;
    TermScope scope;
    std::uint32_t unless = kNone;
    std::vector<std::uint32_t> named_terms;  // by its conditions
  };
  // The files of one vocabulary, merged.
  struct VocabularyState {
    SourceLocation location;  // of the first file's `vocabulary:` name
    TermScope scope;
  };

  void IndexTaxonomy(const RuleSetSpec& spec);
  std::vector<std::uint32_t> ResolveResources(const std::vector<NameRef>& names);
  void AddTerm(const TermSpec& term, std::uint32_t index, TermScope* scope);
  void AddVocabularies(const RuleSetSpec& spec);
  void Import(const NameRef& name, TermScope* scope,
              std::map<std::string, std::string, std::less<>>* imported_from);
  void AddPack(const PackSpec& pack, const std::vector<std::uint32_t>& term_indices);
  void WarnUnusedImports();
  void IndexRules();
  void ResolveConditions(ConditionResolver* resolver);
  void AddRuleInfo(const PackState& pack, const RuleSpec& rule);
  void AddExamples();
  void WarnUnusedTerms(const ConditionResolver& resolver);

  DiagnosticSink sink_;
  std::unique_ptr<ProgramData> data_;
  PatternSet patterns_;
  bool one_pack_;
  IdMap categories_;
  IdMap resources_;
  IdMap rule_ids_;
  std::vector<PackState> packs_;
  std::vector<const RuleSpec*> rule_specs_;  // parallel to data_->rules
  std::vector<std::uint32_t> rule_pack_;     // pack index of each rule
  std::vector<SourceLocation> term_locations_;
  std::vector<std::string> term_vocabulary_;  // vocabulary of each term; empty: a pack's
  TermNumbering numbering_;
  std::map<std::string, VocabularyState, std::less<>> vocabularies_;
};

void Compiler::IndexTaxonomy(const RuleSetSpec& spec) {
  for (const ResourceSpec& resource : spec.resources) {
    if (!resources_.try_emplace(resource.resource.id, data_->resources.size()).second) {
      sink_.Error(DiagnosticCode::kDuplicateId, resource.location,
                  "duplicate resource id `" + resource.resource.id + "`");
      continue;
    }
    data_->resources.push_back(resource.resource);
  }
  for (const CategorySpec& category : spec.categories) {
    if (!IsKebabCase(category.id)) {
      sink_.Error(
          DiagnosticCode::kInvalidName, category.location,
          "category id `" + category.id + "` must be kebab-case (lowercase letters, digits, `-`)");
    }
    if (!categories_.try_emplace(category.id, data_->categories.size()).second) {
      sink_.Error(DiagnosticCode::kDuplicateId, category.location,
                  "duplicate category id `" + category.id + "`");
      continue;
    }
    data_->categories.push_back(CategoryInfo{category.id, category.title, category.section,
                                             category.description,
                                             ResolveResources(category.resources)});
  }
}

std::vector<std::uint32_t> Compiler::ResolveResources(const std::vector<NameRef>& names) {
  std::vector<std::uint32_t> indices;
  for (const NameRef& name : names) {
    auto it = resources_.find(name.name);
    if (it == resources_.end()) {
      sink_.Error(DiagnosticCode::kUnknownResource, name.location,
                  "unknown resource `" + name.name + "`" + DidYouMean(name.name, Keys(resources_)));
    } else if (std::find(indices.begin(), indices.end(), it->second) == indices.end()) {
      indices.push_back(it->second);
    }
  }
  return indices;
}

void Compiler::AddTerm(const TermSpec& term, std::uint32_t index, TermScope* scope) {
  if (index == kNone) {
    sink_.Error(DiagnosticCode::kKeywordTerm, term.name.location,
                "`" + term.name.name + "` is a keyword and cannot name a term");
    return;
  }
  if (index == data_->term_names.size()) {
    data_->term_names.push_back(term.name.name);
    term_locations_.push_back(term.name.location);
    term_vocabulary_.emplace_back();
  }
  if (scope->ids.emplace(term.name.name, index).second) scope->names.push_back(term.name.name);
  auto field_set_of = [this](const PatternSpec& pattern) {
    if (pattern.fields.empty()) return kNone;
    std::vector<std::string> names;
    for (const NameRef& field : pattern.fields) names.push_back(field.name);
    return InternFieldSet(names, data_.get());
  };
  for (const PatternSpec& pattern : term.patterns) {
    ++data_->stats.patterns;
    patterns_.Add(pattern, index, field_set_of(pattern), &sink_);
  }
  for (const PatternSpec& exception : term.exceptions) {
    patterns_.AddException(exception, index, field_set_of(exception), &sink_);
  }
}

void Compiler::AddVocabularies(const RuleSetSpec& spec) {
  for (std::size_t v = 0; v < spec.vocabularies.size(); ++v) {
    const VocabularySpec& vocabulary = spec.vocabularies[v];
    VocabularyState& state =
        vocabularies_.try_emplace(vocabulary.name.name, VocabularyState{vocabulary.name.location, {}})
            .first->second;
    for (std::size_t t = 0; t < vocabulary.terms.size(); ++t) {
      const std::uint32_t index = numbering_.vocabularies[v][t];
      AddTerm(vocabulary.terms[t], index, &state.scope);
      if (index != kNone) term_vocabulary_[index] = vocabulary.name.name;
    }
  }
}

// Brings the terms of vocabulary `name` into a pack's scope. A name that two
// imports both define is an error: the pack could not say which it means.
void Compiler::Import(const NameRef& name, TermScope* scope,
                      std::map<std::string, std::string, std::less<>>* imported_from) {
  const auto vocabulary = vocabularies_.find(name.name);
  if (vocabulary == vocabularies_.end()) {
    std::vector<std::string> known;
    for (const auto& [known_name, state] : vocabularies_) known.push_back(known_name);
    sink_.Error(DiagnosticCode::kUnknownVocabulary, name.location,
                "unknown vocabulary `" + name.name + "`" + DidYouMean(name.name, known));
    return;
  }
  for (const std::string& term : vocabulary->second.scope.names) {
    const auto [previous, inserted] = imported_from->try_emplace(term, name.name);
    if (!inserted) {
      if (previous->second == name.name) {
        sink_.Warning(DiagnosticCode::kDuplicateImport, name.location,
                      "vocabulary `" + name.name + "` is imported twice");
        return;
      }
      sink_.Error(DiagnosticCode::kDuplicateTerm, name.location,
                  "term `" + term + "` is defined by both vocabulary `" + previous->second +
                      "` and vocabulary `" + name.name + "`: import only one of them");
      continue;
    }
    const std::uint32_t index = vocabulary->second.scope.ids.at(term);
    scope->ids.emplace(term, index);
    scope->names.push_back(term);
  }
}

void Compiler::AddPack(const PackSpec& pack, const std::vector<std::uint32_t>& term_indices) {
  PackState state;
  state.spec = &pack;
  if (pack.category) {
    auto it = categories_.find(pack.category->name);
    if (it == categories_.end()) {
      sink_.Error(DiagnosticCode::kUnknownCategory, pack.category->location,
                  "unknown category `" + pack.category->name + "`" +
                      DidYouMean(pack.category->name, Keys(categories_)));
    } else {
      state.category = it->second;
    }
  }
  std::map<std::string, std::string, std::less<>> imported_from;
  for (const NameRef& name : pack.imports) Import(name, &state.scope, &imported_from);
  for (std::size_t t = 0; t < pack.terms.size(); ++t) {
    const TermSpec& term = pack.terms[t];
    const auto imported = imported_from.find(term.name.name);
    if (imported != imported_from.end()) {
      const std::uint32_t index = state.scope.ids.at(term.name.name);
      sink_.Error(DiagnosticCode::kDuplicateTerm, term.name.location,
                  "term `" + term.name.name + "` is already imported from vocabulary `" +
                      imported->second + "`: give this one another name");
      sink_.Note(DiagnosticCode::kDuplicateTerm, term_locations_[index],
                 "`" + term.name.name + "` is defined here");
      continue;
    }
    AddTerm(term, term_indices[t], &state.scope);
  }
  packs_.push_back(std::move(state));
}

void Compiler::AddRuleInfo(const PackState& pack, const RuleSpec& rule) {
  RuleInfo info;
  info.id = rule.id.name;
  info.title = rule.title;
  info.category = pack.category;
  info.action = rule.action.value_or(pack.spec->default_action);
  info.severity = rule.severity.value_or(pack.spec->default_severity);
  info.status = rule.status;
  info.labels = rule.labels;
  info.resources = ResolveResources(rule.resources);
  if (pack.category < data_->categories.size()) {
    for (std::uint32_t resource : data_->categories[pack.category].resources) {
      if (std::find(info.resources.begin(), info.resources.end(), resource) == info.resources.end()) {
        info.resources.push_back(resource);
      }
    }
  }
  if (rule.when) info.condition = rule.when->text;
  if (rule.unless) info.unless = rule.unless->text;
  info.location = rule.id.location;
  info.hit_rate_limit = rule.hit_rate_limit;
  info.provenance = rule.provenance;
  data_->rules.push_back(std::move(info));
}

// Rule ids first, so that rule(...) can refer to rules defined later.
void Compiler::IndexRules() {
  std::map<std::string, SourceLocation, std::less<>> first_seen;
  for (std::uint32_t p = 0; p < packs_.size(); ++p) {
    for (const RuleSpec& rule : packs_[p].spec->rules) {
      if (!IsRuleId(rule.id.name)) {
        sink_.Error(
            DiagnosticCode::kInvalidName, rule.id.location,
            "rule id `" + rule.id.name + "` may hold only letters, digits, `_`, `.` and `-`");
      }
      auto [it, inserted] = first_seen.try_emplace(rule.id.name, rule.id.location);
      if (!inserted) {
        sink_.Error(DiagnosticCode::kDuplicateId, rule.id.location,
                    "duplicate rule id `" + rule.id.name + "`");
        sink_.Note(DiagnosticCode::kDuplicateId, it->second,
                   "`" + rule.id.name + "` is first defined here");
        continue;
      }
      rule_ids_.emplace(rule.id.name, static_cast<std::uint32_t>(data_->rules.size()));
      rule_specs_.push_back(&rule);
      rule_pack_.push_back(p);
      AddRuleInfo(packs_[p], rule);
    }
  }
}

void Compiler::ResolveConditions(ConditionResolver* resolver) {
  for (PackState& pack : packs_) {
    if (pack.spec->unless) pack.unless = resolver->Resolve(*pack.spec->unless, pack.scope);
    resolver->TakeNamedTerms(&pack.named_terms);
  }
  for (std::size_t r = 0; r < rule_specs_.size(); ++r) {
    const RuleSpec& rule = *rule_specs_[r];
    PackState& pack = packs_[rule_pack_[r]];
    RuleProgram program;
    if (rule.when) program.when = resolver->Resolve(*rule.when, pack.scope);
    if (rule.unless) program.unless = resolver->Resolve(*rule.unless, pack.scope);
    resolver->TakeNamedTerms(&pack.named_terms);
    program.pack_unless = pack.unless;
    data_->rule_programs.push_back(std::move(program));
  }
}

void Compiler::AddExamples() {
  for (std::size_t r = 0; r < rule_specs_.size(); ++r) {
    const RuleSpec& rule = *rule_specs_[r];
    auto add = [&](const std::vector<ExampleSpec>& examples, bool expect_flag) {
      for (std::size_t i = 0; i < examples.size(); ++i) {
        const SourceLocation& at = examples[i].location;
        RuleExample example{static_cast<std::uint32_t>(r), expect_flag, {}, at,
                            std::string(sink_.Line(at.file, at.line))};
        example.document.id = rule.id.name + (expect_flag ? ":flag:" : ":pass:") + std::to_string(i + 1);
        example.document.fields = examples[i].fields;
        data_->examples.push_back(std::move(example));
      }
    };
    add(rule.flag_examples, true);
    add(rule.pass_examples, false);
  }
}

void Compiler::WarnUnusedTerms(const ConditionResolver& resolver) {
  for (std::uint32_t term = 0; term < data_->term_names.size(); ++term) {
    const std::string& vocabulary = term_vocabulary_[term];
    if (resolver.term_used(term) || (one_pack_ && !vocabulary.empty())) continue;
    sink_.Warning(DiagnosticCode::kUnusedTerm, term_locations_[term],
                  vocabulary.empty()
                      ? "term `" + data_->term_names[term] + "` is not used by any condition"
                      : "term `" + data_->term_names[term] + "` of vocabulary `" + vocabulary +
                            "` is not used by any pack");
  }
}

void Compiler::WarnUnusedImports() {
  for (const PackState& pack : packs_) {
    for (const NameRef& name : pack.spec->imports) {
      if (!vocabularies_.contains(name.name)) continue;
      const bool used = std::any_of(
          pack.named_terms.begin(), pack.named_terms.end(),
          [&](std::uint32_t term) { return term_vocabulary_[term] == name.name; });
      if (!used) {
        sink_.Warning(DiagnosticCode::kUnusedImport, name.location,
                      "vocabulary `" + name.name +
                          "` is imported but no condition of this pack uses "
                          "its terms");
      }
    }
  }
}

CompileResult Compiler::Run(const std::vector<SourceFile>& sources, std::string_view hash_root,
                            std::chrono::steady_clock::time_point start) {
  const RuleSetSpec spec = LoadRuleSet(sources, &sink_);
  if (!spec.taxonomy_path) {
    sink_.Error(DiagnosticCode::kNoTaxonomy,
                SourceLocation{std::string(hash_root) + "taxonomy.yaml", 0, 0},
                "no taxonomy: the rules need a `taxonomy.yaml` listing the categories");
  }
  IndexTaxonomy(spec);
  numbering_ = NumberTerms(spec);
  AddVocabularies(spec);
  for (std::size_t p = 0; p < spec.packs.size(); ++p) AddPack(spec.packs[p], numbering_.packs[p]);
  IndexRules();
  ConditionResolver resolver(data_.get(), &sink_, &rule_ids_);
  ResolveConditions(&resolver);
  WarnUnusedTerms(resolver);
  WarnUnusedImports();
  AnalyzeRuleGraph(data_.get(), &sink_);
  if (!sink_.has_errors()) {
    patterns_.Build(data_.get(), &sink_);
    patterns_.DropRulesOfRejectedTerms(data_.get(), &sink_);
  }
  AddExamples();
  data_->hash = RulesetHash(sources, hash_root);
  // A program that keep_going stripped of patterns must not pass for the
  // rules' own: not in verdicts, and not as a cache a full compile reuses.
  if (patterns_.left_out_any()) data_->hash += kPartialHashSuffix;
  data_->stats.packs = spec.packs.size();
  data_->stats.rules = data_->rules.size();
  data_->stats.terms = data_->term_names.size();
  data_->stats.compile_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CompileResult result;
  const bool failed = sink_.has_errors();
  result.diagnostics = sink_.Take();
  if (!failed) result.program = std::make_shared<const Program>(std::move(data_));
  return result;
}

}  // namespace

CompileResult CompileRead(const RuleSources& sources, const CompileOptions& options,
                          std::chrono::steady_clock::time_point start) {
  // A directory that could not be walked has nothing to compile.
  if (sources.files.empty() && !sources.ok()) return CompileResult{nullptr, sources.errors};
  CompileResult result = Compiler(options, sources.one_pack).Run(sources.files, sources.root, start);
  if (!sources.ok()) {
    result.diagnostics.insert(result.diagnostics.begin(), sources.errors.begin(), sources.errors.end());
    result.program.reset();
  }
  return result;
}

}  // namespace internal

CompileResult CompileSources(const std::vector<SourceFile>& sources, const CompileOptions& options) {
  return internal::Compiler(options).Run(sources, "", std::chrono::steady_clock::now());
}

CompileResult CompileDirectory(const std::filesystem::path& rules_dir, const CompileOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  return internal::CompileRead(ReadRuleDirectory(rules_dir), options, start);
}

CompileResult CompileRuleSources(const RuleSources& sources, const CompileOptions& options) {
  return internal::CompileRead(sources, options, std::chrono::steady_clock::now());
}

}  // namespace bylaw
