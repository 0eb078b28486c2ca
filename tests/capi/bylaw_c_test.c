/* Tests for capi/bylaw_c.cc, written in C and compiled as C: bylaw.h is
 * usable from C, its handles compile, load, save and scan, and every
 * failure is a status with a message, never a crash.
 *   bylaw_c_test GOOD_RULES BROKEN_RULES SCRATCH_DIR
 * Prints each failed check and exits 1 if any failed. */
#include <stdio.h>
#include <string.h>

#include "bylaw.h"

static int failures = 0;

#define CHECK(condition)                                                   \
  do {                                                                     \
    if (!(condition)) {                                                    \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,  \
              #condition);                                                 \
      ++failures;                                                          \
    }                                                                      \
  } while (0)

static int Contains(const char* text, const char* part) { return strstr(text, part) != NULL; }

/* Scans `text` as the field `text` and returns the verdict's JSON. */
static const char* ScanText(bylaw_scanner* scanner, const char* id, const char* text) {
  bylaw_field field = {"text", text, strlen(text)};
  const char* json = NULL;
  size_t size = 0;
  CHECK(bylaw_scan(scanner, id, &field, 1, &json, &size) == BYLAW_OK);
  CHECK(json != NULL && strlen(json) == size);
  return json != NULL ? json : "";
}

static void CompilesAndScans(const char* rules, bylaw_program** program) {
  bylaw_diagnostics* diagnostics = NULL;
  CHECK(bylaw_compile_directory(rules, NULL, program, &diagnostics) == BYLAW_OK);
  CHECK(*program != NULL);
  CHECK(bylaw_diagnostics_count(diagnostics) == 0);
  bylaw_diagnostics_free(diagnostics);
  CHECK(strncmp(bylaw_program_hash(*program), "sha256:", 7) == 0);

  bylaw_scanner* scanner = NULL;
  CHECK(bylaw_scanner_new(*program, &scanner) == BYLAW_OK);
  CHECK(strcmp(bylaw_scanner_decision(scanner), "allow") == 0);
  const char* flagged = ScanText(scanner, "a", "who's doing the blackout challenge tonight");
  CHECK(Contains(flagged, "\"id\":\"a\""));
  CHECK(Contains(flagged, "\"decision\":\"remove\""));
  CHECK(Contains(flagged, "dac.blackout"));
  CHECK(strcmp(bylaw_scanner_decision(scanner), "remove") == 0);
  const char* allowed = ScanText(scanner, "b", "PSA: do not try the blackout challenge");
  CHECK(Contains(allowed, "\"decision\":\"allow\""));
  CHECK(strcmp(bylaw_scanner_decision(scanner), "allow") == 0);

  /* Two named fields: the title alone carries the match. */
  bylaw_field fields[2] = {{"title", "the blackout challenge", 22}, {"text", "", 0}};
  const char* json = NULL;
  CHECK(bylaw_scan(scanner, NULL, fields, 2, &json, NULL) == BYLAW_OK);
  CHECK(json != NULL && Contains(json, "\"decision\":\"remove\"") && Contains(json, "title"));
  bylaw_scanner_free(scanner);
}

/* The plain verdict holds what the JSON does. */
static void GivesTheVerdictAsPlainValues(const bylaw_program* program) {
  bylaw_scanner* scanner = NULL;
  CHECK(bylaw_scanner_new(program, &scanner) == BYLAW_OK);
  const bylaw_verdict* verdict = NULL;
  CHECK(bylaw_scanner_verdict(scanner, &verdict) == BYLAW_INVALID_ARGUMENT); /* no scan yet */
  CHECK(Contains(bylaw_last_error(), "not scanned"));
  const char* text = "ok so who's doing the bl4ckout challenge tonight";
  ScanText(scanner, "p1", text);
  CHECK(bylaw_scanner_verdict(scanner, &verdict) == BYLAW_OK);
  CHECK(verdict != NULL);
  if (verdict == NULL) return;
  CHECK(strcmp(verdict->id, "p1") == 0);
  CHECK(strcmp(verdict->decision, "remove") == 0);
  CHECK(strcmp(verdict->ruleset, bylaw_program_hash(program)) == 0);
  CHECK(verdict->rule_count == 1);
  if (verdict->rule_count == 1) {
    const bylaw_rule_match* rule = &verdict->rules[0];
    CHECK(strcmp(rule->id, "dac.blackout") == 0);
    CHECK(strcmp(rule->category, "dangerous-acts") == 0);
    CHECK(strcmp(rule->action, "remove") == 0);
    CHECK(strcmp(rule->severity, "high") == 0);
    CHECK(rule->shadow == 0);
    CHECK(rule->span_count >= 1);
    int disguised = 0;
    for (size_t i = 0; i < rule->span_count; ++i) {
      const bylaw_span* span = &rule->spans[i];
      CHECK(span->field == 0 && span->begin < span->end && span->end <= strlen(text));
      if (strncmp(text + span->begin, "bl4ckout", 8) == 0) {
        disguised = 1;
        CHECK(Contains(span->evasions, "leet"));
      }
    }
    CHECK(disguised);
  }
  ScanText(scanner, "p2", "a quiet day");
  CHECK(bylaw_scanner_verdict(scanner, &verdict) == BYLAW_OK);
  CHECK(strcmp(verdict->id, "p2") == 0 && verdict->rule_count == 0 && verdict->rules == NULL);
  CHECK(bylaw_scanner_verdict(NULL, &verdict) == BYLAW_INVALID_ARGUMENT);
  bylaw_scanner_free(scanner);
}

static void SavesAndLoads(const bylaw_program* program, const char* scratch) {
  char path[4096];
  snprintf(path, sizeof path, "%s/tiny.bylaw", scratch);
  CHECK(bylaw_program_save(program, path) == BYLAW_OK);
  bylaw_program* loaded = NULL;
  CHECK(bylaw_program_load(path, &loaded) == BYLAW_OK);
  CHECK(loaded != NULL && strcmp(bylaw_program_hash(loaded), bylaw_program_hash(program)) == 0);
  bylaw_scanner* scanner = NULL;
  CHECK(bylaw_scanner_new(loaded, &scanner) == BYLAW_OK);
  bylaw_program_free(loaded); /* the scanner keeps the program alive */
  CHECK(Contains(ScanText(scanner, "c", "the blackout challenge"), "\"decision\":\"remove\""));
  bylaw_scanner_free(scanner);
}

/* The options choose the compile child, or none. */
static void CompilesWithTheChildTheOptionsName(const char* rules) {
  bylaw_compile_options in_process = {"/nonexistent/bylaw-compile-child", 1};
  bylaw_program* program = NULL;
  CHECK(bylaw_compile_directory(rules, &in_process, &program, NULL) == BYLAW_OK);
  bylaw_program_free(program);

  /* A child that cannot run is the environment's failure, said once. */
  bylaw_compile_options missing_child = {"/nonexistent/bylaw-compile-child", 0};
  bylaw_diagnostics* diagnostics = NULL;
  program = NULL;
  CHECK(bylaw_compile_directory(rules, &missing_child, &program, &diagnostics) == BYLAW_FAILED);
  CHECK(program == NULL && diagnostics == NULL);
  CHECK(Contains(bylaw_last_error(), "cannot start the compile child `/nonexistent/bylaw-compile-child`"));
}

static void ReportsRuleErrorsAsDiagnostics(const char* broken) {
  bylaw_program* program = NULL;
  bylaw_diagnostics* diagnostics = NULL;
  CHECK(bylaw_compile_directory(broken, NULL, &program, &diagnostics) == BYLAW_RULE_ERRORS);
  CHECK(program == NULL);
  CHECK(Contains(bylaw_last_error(), "have errors"));
  CHECK(bylaw_diagnostics_count(diagnostics) > 0);
  int located_error = 0;
  for (size_t i = 0; i < bylaw_diagnostics_count(diagnostics); ++i) {
    bylaw_diagnostic d;
    CHECK(bylaw_diagnostics_get(diagnostics, i, &d) == BYLAW_OK);
    if (d.level == BYLAW_LEVEL_ERROR && d.line > 0 && d.column > 0 &&
        Contains(d.formatted, ": error[") && Contains(d.formatted, d.message)) {
      located_error = 1;
    }
  }
  CHECK(located_error);
  bylaw_diagnostic past;
  CHECK(bylaw_diagnostics_get(diagnostics, bylaw_diagnostics_count(diagnostics), &past) ==
        BYLAW_INVALID_ARGUMENT);
  bylaw_diagnostics_free(diagnostics);
}

static void RefusesBadArgumentsWithAStatus(const bylaw_program* program, const char* scratch) {
  bylaw_program* none = NULL;
  CHECK(bylaw_program_load("/nonexistent/rules.bylaw", &none) == BYLAW_LOAD_FAILED);
  CHECK(none == NULL && Contains(bylaw_last_error(), "/nonexistent/rules.bylaw"));
  CHECK(bylaw_compile_directory(NULL, NULL, &none, NULL) == BYLAW_INVALID_ARGUMENT);
  CHECK(bylaw_compile_directory("/nonexistent/rules", NULL, &none, NULL) != BYLAW_OK);
  CHECK(strlen(bylaw_last_error()) > 0);
  CHECK(bylaw_scanner_new(NULL, NULL) == BYLAW_INVALID_ARGUMENT);
  char path[4096];
  snprintf(path, sizeof path, "%s/no/such/dir/x.bylaw", scratch);
  CHECK(bylaw_program_save(program, path) == BYLAW_FAILED);
  CHECK(strlen(bylaw_last_error()) > 0);

  bylaw_scanner* scanner = NULL;
  CHECK(bylaw_scanner_new(program, &scanner) == BYLAW_OK);
  bylaw_field nameless = {NULL, "text", 4};
  const char* json = NULL;
  CHECK(bylaw_scan(scanner, "x", &nameless, 1, &json, NULL) == BYLAW_INVALID_ARGUMENT);
  CHECK(Contains(bylaw_last_error(), "field 0 has no name"));
  CHECK(bylaw_scan(scanner, "x", NULL, 0, &json, NULL) == BYLAW_OK); /* no text: allowed */
  CHECK(strcmp(bylaw_last_error(), "") == 0);
  bylaw_scanner_free(scanner);
  CHECK(strcmp(bylaw_status_name(BYLAW_RULE_ERRORS), "rule errors") == 0);
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fputs("usage: bylaw_c_test GOOD_RULES BROKEN_RULES SCRATCH_DIR\n", stderr);
    return 2;
  }
  bylaw_program* program = NULL;
  CompilesAndScans(argv[1], &program);
  if (program != NULL) {
    GivesTheVerdictAsPlainValues(program);
    SavesAndLoads(program, argv[3]);
    RefusesBadArgumentsWithAStatus(program, argv[3]);
  }
  CompilesWithTheChildTheOptionsName(argv[1]);
  ReportsRuleErrorsAsDiagnostics(argv[2]);
  bylaw_program_free(program);
  if (failures > 0) fprintf(stderr, "%d checks failed\n", failures);
  return failures > 0 ? 1 : 0;
}
