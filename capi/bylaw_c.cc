// The C interface (bylaw.h) over the C++ one: handles own a shared_ptr to
// the program, a Scanner with its reused Document and JSON buffer, or the
// diagnostics with their formatted text. Every entry point catches what the
// C++ side may throw (bylaw::Error from the environment, std::bad_alloc)
// and turns it into a status and a thread-local message: nothing throws
// across the C boundary.
#include "bylaw.h"

#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "bylaw/compiler.h"
#include "bylaw/diagnostic.h"
#include "bylaw/error.h"
#include "bylaw/evasion.h"
#include "bylaw/program_file.h"
#include "bylaw/scan_limits.h"
#include "bylaw/scanner.h"
#include "bylaw/verdict.h"

struct bylaw_program {
  std::shared_ptr<const bylaw::Program> program;
  std::string hash;
};

struct bylaw_scanner {
  explicit bylaw_scanner(std::shared_ptr<const bylaw::Program> program)
      : scanner(std::move(program)) {}
  bylaw::Scanner scanner;
  bylaw::Document document;
  std::string json;
  bylaw::Action decision = bylaw::Action::kAllow;
  // The last verdict (valid until the next scan), and its plain values once
  // bylaw_scanner_verdict asked for them.
  const bylaw::Verdict* last = nullptr;
  bool plain_ready = false;
  bylaw_verdict plain{};
  std::vector<bylaw_rule_match> rules;
  std::vector<bylaw_span> spans;
  std::deque<std::string> strings;  // a deque: what it holds never moves
};

struct bylaw_diagnostics {
  std::vector<bylaw::Diagnostic> diagnostics;
  std::vector<std::string> formatted;
};

namespace {

thread_local std::string last_error;

bylaw_status Fail(bylaw_status status, std::string message) {
  last_error = std::move(message);
  return status;
}

// Runs `body` (which returns a status), turning what it throws into one.
template <typename Body>
bylaw_status Guarded(Body&& body) noexcept {
  try {
    last_error.clear();
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(BYLAW_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& error) {
    return Fail(BYLAW_FAILED, error.what());
  } catch (...) {
    return Fail(BYLAW_FAILED, "unknown failure");
  }
}

bylaw_status NullArgument(const char* name) {
  return Fail(BYLAW_INVALID_ARGUMENT, std::string("`") + name + "` is null");
}

bylaw::CompileOptions CompileOptionsOf(const bylaw_compile_options* options) {
  bylaw::CompileOptions compile;
  if (options == nullptr) return compile;
  if (options->compile_child != nullptr) compile.limits.compile_child = options->compile_child;
  compile.limits.isolate_hyperscan = options->in_process == 0;
  return compile;
}

bylaw_program* NewProgram(std::shared_ptr<const bylaw::Program> program) {
  auto handle = std::make_unique<bylaw_program>();
  handle->hash = std::string(program->hash());
  handle->program = std::move(program);
  return handle.release();
}

// Fills *out with the diagnostic at `index`, which exists.
void Describe(const bylaw_diagnostics& list, size_t index, bylaw_diagnostic* out) {
  const bylaw::Diagnostic& diagnostic = list.diagnostics[index];
  out->level = static_cast<bylaw_level>(diagnostic.level);
  out->file = diagnostic.location.file.c_str();
  out->line = diagnostic.location.line;
  out->column = diagnostic.location.column;
  out->message = diagnostic.message.c_str();
  out->formatted = list.formatted[index].c_str();
}

// A NUL-terminated copy of `text` that lives as long as the scanner.
const char* Keep(bylaw_scanner* scanner, std::string_view text) {
  return scanner->strings.emplace_back(text).c_str();
}

// The evasions of a span as "leet,separators".
std::string EvasionNames(const bylaw::EvasionSet& evasions) {
  std::string names;
  evasions.ForEach([&names](bylaw::Evasion evasion) {
    if (!names.empty()) names += ',';
    names += bylaw::EvasionName(evasion);
  });
  return names;
}

// Appends the rules of `matches` (and their spans) to the scanner's plain verdict.
void AddPlainRules(const bylaw::Verdict& verdict, const std::vector<bylaw::RuleMatch>& matches,
                   bool shadow, bylaw_scanner* scanner) {
  const bylaw::Program& program = *verdict.program;
  for (const bylaw::RuleMatch& match : matches) {
    const bylaw::RuleInfo& rule = program.rules()[match.rule];
    bylaw_rule_match plain{};
    plain.id = rule.id.c_str();
    plain.title = rule.title.c_str();
    plain.category = program.categories()[rule.category].id.c_str();
    plain.action = bylaw::ActionName(rule.action).data();  // views of literals
    plain.severity = bylaw::SeverityName(rule.severity).data();
    plain.shadow = shadow ? 1 : 0;
    plain.span_count = match.span_count;
    for (const bylaw::MatchSpan& span : verdict.SpansOf(match)) {
      scanner->spans.push_back(bylaw_span{span.field, span.begin, span.end,
                                          Keep(scanner, program.term_name(span.term)),
                                          Keep(scanner, EvasionNames(span.evasions))});
    }
    scanner->rules.push_back(plain);
  }
}

// Fills the scanner's plain verdict from `verdict`.
void FillPlainVerdict(const bylaw::Verdict& verdict, bylaw_scanner* scanner) {
  scanner->rules.clear();
  scanner->spans.clear();
  scanner->strings.clear();
  AddPlainRules(verdict, verdict.live, false, scanner);
  AddPlainRules(verdict, verdict.shadow, true, scanner);
  std::size_t first = 0;  // the spans vector is complete: point into it now
  for (bylaw_rule_match& rule : scanner->rules) {
    rule.spans = rule.span_count > 0 ? &scanner->spans[first] : nullptr;
    first += rule.span_count;
  }
  scanner->plain.id = verdict.document->id.c_str();
  scanner->plain.decision = bylaw::ActionName(verdict.decision).data();
  scanner->plain.rules = scanner->rules.empty() ? nullptr : scanner->rules.data();
  scanner->plain.rule_count = scanner->rules.size();
  scanner->plain.ruleset = Keep(scanner, verdict.program->hash());
}

}  // namespace

extern "C" {

const char* bylaw_status_name(bylaw_status status) {
  switch (status) {
    case BYLAW_OK: return "ok";
    case BYLAW_INVALID_ARGUMENT: return "invalid argument";
    case BYLAW_RULE_ERRORS: return "rule errors";
    case BYLAW_LOAD_FAILED: return "load failed";
    case BYLAW_OUT_OF_MEMORY: return "out of memory";
    case BYLAW_FAILED: return "failed";
  }
  return "unknown status";
}

const char* bylaw_last_error(void) { return last_error.c_str(); }

bylaw_status bylaw_compile_directory(const char* rules_dir, const bylaw_compile_options* options,
                                     bylaw_program** program, bylaw_diagnostics** diagnostics) {
  return Guarded([&] {
    if (diagnostics != nullptr) *diagnostics = nullptr;
    if (program == nullptr) return NullArgument("program");
    *program = nullptr;
    if (rules_dir == nullptr) return NullArgument("rules_dir");
    bylaw::CompileResult result = bylaw::CompileDirectory(rules_dir, CompileOptionsOf(options));
    if (diagnostics != nullptr) {
      auto list = std::make_unique<bylaw_diagnostics>();
      for (const bylaw::Diagnostic& diagnostic : result.diagnostics) {
        list->formatted.push_back(bylaw::FormatDiagnostic(diagnostic));
      }
      list->diagnostics = std::move(result.diagnostics);
      *diagnostics = list.release();
    }
    if (!result.ok()) {
      return Fail(BYLAW_RULE_ERRORS, "the rules in `" + std::string(rules_dir) + "` have errors");
    }
    *program = NewProgram(std::move(result.program));
    return BYLAW_OK;
  });
}

size_t bylaw_diagnostics_count(const bylaw_diagnostics* diagnostics) {
  return diagnostics != nullptr ? diagnostics->diagnostics.size() : 0;
}

bylaw_status bylaw_diagnostics_get(const bylaw_diagnostics* diagnostics, size_t index,
                                   bylaw_diagnostic* out) {
  return Guarded([&] {
    if (out == nullptr) return NullArgument("out");
    if (index >= bylaw_diagnostics_count(diagnostics)) {
      return Fail(BYLAW_INVALID_ARGUMENT, "no diagnostic at index " + std::to_string(index));
    }
    Describe(*diagnostics, index, out);
    return BYLAW_OK;
  });
}

void bylaw_diagnostics_free(bylaw_diagnostics* diagnostics) { delete diagnostics; }


bylaw_status bylaw_program_load(const char* path, bylaw_program** program) {
  return Guarded([&] {
    if (program == nullptr) return NullArgument("program");
    *program = nullptr;
    if (path == nullptr) return NullArgument("path");
    bylaw::ProgramFileLoad load = bylaw::LoadProgramFile(path);
    if (!load.ok()) return Fail(BYLAW_LOAD_FAILED, load.error);
    *program = NewProgram(std::move(load.program));
    return BYLAW_OK;
  });
}

bylaw_status bylaw_program_save(const bylaw_program* program, const char* path) {
  return Guarded([&] {
    if (program == nullptr) return NullArgument("program");
    if (path == nullptr) return NullArgument("path");
    bylaw::SaveProgramFile(*program->program, path);
    return BYLAW_OK;
  });
}

const char* bylaw_program_hash(const bylaw_program* program) {
  return program != nullptr ? program->hash.c_str() : "";
}

void bylaw_program_free(bylaw_program* program) { delete program; }

bylaw_status bylaw_scanner_new(const bylaw_program* program, bylaw_scanner** scanner) {
  return Guarded([&] {
    if (scanner == nullptr) return NullArgument("scanner");
    *scanner = nullptr;
    if (program == nullptr) return NullArgument("program");
    *scanner = new bylaw_scanner(program->program);
    return BYLAW_OK;
  });
}

void bylaw_scanner_free(bylaw_scanner* scanner) { delete scanner; }

bylaw_status bylaw_scan(bylaw_scanner* scanner, const char* id, const bylaw_field* fields,
                        size_t count, const char** verdict_json, size_t* verdict_size) {
  return Guarded([&] {
    if (scanner == nullptr) return NullArgument("scanner");
    if (verdict_json == nullptr) return NullArgument("verdict_json");
    if (fields == nullptr && count > 0) return NullArgument("fields");
    bylaw::Document& document = scanner->document;
    document.Clear();
    document.id = id != nullptr ? id : "";
    for (size_t i = 0; i < count; ++i) {
      if (fields[i].name == nullptr || *fields[i].name == '\0') {
        return Fail(BYLAW_INVALID_ARGUMENT, "field " + std::to_string(i) + " has no name");
      }
      if (fields[i].text == nullptr && fields[i].size > 0) {
        return Fail(BYLAW_INVALID_ARGUMENT, "field `" + std::string(fields[i].name) + "` has no text");
      }
      document.AddField(fields[i].name, std::string(fields[i].text != nullptr ? fields[i].text : "",
                                                    fields[i].size));
    }
    // No size limit; a document too dense with matches for a whole scan is
    // streamed, so that the scan's memory stays in proportion to its text.
    bylaw::ScanLimits limits;
    limits.max_document_bytes = SIZE_MAX;
    limits.oversize = bylaw::ScanLimits::Oversize::kStream;
    const bylaw::Verdict& verdict = bylaw::ScanWithinLimits(scanner->scanner, nullptr, document, limits);
    scanner->last = &verdict;
    scanner->plain_ready = false;
    scanner->decision = verdict.decision;
    scanner->json.clear();
    bylaw::AppendVerdictJson(verdict, &scanner->json);
    *verdict_json = scanner->json.c_str();
    if (verdict_size != nullptr) *verdict_size = scanner->json.size();
    return BYLAW_OK;
  });
}

const char* bylaw_scanner_decision(const bylaw_scanner* scanner) {
  // ActionName's views are of string literals, so NUL-terminated.
  return scanner != nullptr ? bylaw::ActionName(scanner->decision).data() : "allow";
}

bylaw_status bylaw_scanner_verdict(bylaw_scanner* scanner, const bylaw_verdict** verdict) {
  return Guarded([&] {
    if (scanner == nullptr) return NullArgument("scanner");
    if (verdict == nullptr) return NullArgument("verdict");
    if (scanner->last == nullptr) return Fail(BYLAW_INVALID_ARGUMENT, "the scanner has not scanned");
    if (!scanner->plain_ready) FillPlainVerdict(*scanner->last, scanner);
    scanner->plain_ready = true;
    *verdict = &scanner->plain;
    return BYLAW_OK;
  });
}

}  // extern "C"
