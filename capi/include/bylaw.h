/* bylaw.h: the C interface to bylaw, for hosts in C and for other
 * languages' foreign-function interfaces.
 *
 * Compile a rules folder (or load a program file written by `bylaw compile`)
 * into an immutable program, make one scanner per thread from it, and scan
 * documents made of named fields; each verdict comes back as one JSON
 * object, the same that `bylaw replay` writes.
 *
 *   bylaw_program* program = NULL;
 *   bylaw_diagnostics* diagnostics = NULL;
 *   if (bylaw_compile_directory("rules", NULL, &program, &diagnostics) != BYLAW_OK) {
 *     for (size_t i = 0; i < bylaw_diagnostics_count(diagnostics); ++i) {
 *       bylaw_diagnostic d;
 *       bylaw_diagnostics_get(diagnostics, i, &d);
 *       fputs(d.formatted, stderr);
 *     }
 *   }
 *   bylaw_diagnostics_free(diagnostics);
 *   bylaw_scanner* scanner = NULL;
 *   bylaw_scanner_new(program, &scanner);
 *   bylaw_field fields[] = {{"title", "my day", 6}, {"text", "the blackout challenge", 22}};
 *   const char* json; size_t size;
 *   bylaw_scan(scanner, "c-17", fields, 2, &json, &size);  // json valid until the next scan
 *   bylaw_scanner_free(scanner);
 *   bylaw_program_free(program);                          // scanners keep it alive
 *
 * Errors are values: every function that can fail returns a bylaw_status,
 * and bylaw_last_error() says why in words. No C++ exception ever crosses
 * this interface. A rule author's mistakes are diagnostics, each with its
 * file, line and column.
 *
 * Threads: a program may be shared by any number of threads; a scanner, a
 * diagnostics list and the strings they hand out belong to one thread at a
 * time. bylaw_last_error() is per thread.
 *
 * Compiling starts the isolated Hyperscan compile's child program,
 * bylaw-compile-child (installed in libexec/; the environment variable
 * BYLAW_COMPILE_CHILD names another), never the host's own executable.
 */
#ifndef BYLAW_H_
#define BYLAW_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a call returned. */
typedef enum bylaw_status {
  BYLAW_OK = 0,
  BYLAW_INVALID_ARGUMENT = 1, /* a null pointer where one is needed, or a field without a name */
  BYLAW_RULE_ERRORS = 2,      /* the rules have errors: the diagnostics list them */
  BYLAW_LOAD_FAILED = 3,      /* a program file was refused: unreadable, damaged, another build's */
  BYLAW_OUT_OF_MEMORY = 4,
  BYLAW_FAILED = 5 /* the environment failed: an unreadable folder, an unwritable file, ... */
} bylaw_status;

/* "ok", "invalid argument", "rule errors", ...; never null. */
const char* bylaw_status_name(bylaw_status status);

/* Why the last call of this thread that returns a bylaw_status failed,
 * lowercase, naming the file or argument; "" when it succeeded. Valid until
 * this thread's next such call. */
const char* bylaw_last_error(void);

/* A compiled rule set. Immutable; shared by threads and scanners. */
typedef struct bylaw_program bylaw_program;
/* The mutable state of scanning; one per thread, reused across documents. */
typedef struct bylaw_scanner bylaw_scanner;
/* The diagnostics of one compile. */
typedef struct bylaw_diagnostics bylaw_diagnostics;

typedef enum bylaw_level {
  BYLAW_LEVEL_ERROR = 0,
  BYLAW_LEVEL_WARNING = 1,
  BYLAW_LEVEL_NOTE = 2
} bylaw_level;

/* One diagnostic. Its strings belong to the list it came from. */
typedef struct bylaw_diagnostic {
  bylaw_level level;
  const char* file;      /* as the compile named it */
  unsigned line;         /* 1-based; 0 when it is about a whole file */
  unsigned column;       /* 1-based, in bytes; 0 when unknown */
  const char* message;   /* lowercase, names the offending thing in `backticks` */
  const char* formatted; /* file:line:col: error[code]: message, the line and a caret; ends in '\n' */
} bylaw_diagnostic;

/* How to compile. Zero-initialised (or a NULL pointer): the defaults. */
typedef struct bylaw_compile_options {
  /* The compile child's executable; NULL: the one the environment variable
   * BYLAW_COMPILE_CHILD names, else the installed bylaw-compile-child. */
  const char* compile_child;
  /* Nonzero: compile in this process, with no child and no limit on the
   * compile's time and memory. */
  int in_process;
} bylaw_compile_options;

/* Compiles the rules folder `rules_dir` (taxonomy.yaml and its packs) with
 * `options` (NULL: the defaults).
 * On BYLAW_OK, *program holds the program (free it with
 * bylaw_program_free). On BYLAW_RULE_ERRORS, *program is NULL and the
 * diagnostics say why. When `diagnostics` is not NULL, *diagnostics receives
 * every error and warning of the compile, in source order, whatever the
 * status (free it with bylaw_diagnostics_free). Fails with BYLAW_FAILED when
 * the folder cannot be read. */
bylaw_status bylaw_compile_directory(const char* rules_dir, const bylaw_compile_options* options,
                                     bylaw_program** program, bylaw_diagnostics** diagnostics);

/* How many diagnostics `diagnostics` holds (0 for NULL). */
size_t bylaw_diagnostics_count(const bylaw_diagnostics* diagnostics);
/* Fills *out with the diagnostic at `index`; BYLAW_INVALID_ARGUMENT when
 * there is none. */
bylaw_status bylaw_diagnostics_get(const bylaw_diagnostics* diagnostics, size_t index,
                                   bylaw_diagnostic* out);
/* Frees the list and its strings. NULL is allowed. */
void bylaw_diagnostics_free(bylaw_diagnostics* diagnostics);

/* Loads a program file written by `bylaw compile` or bylaw_program_save.
 * BYLAW_LOAD_FAILED when it is refused; bylaw_last_error() says why. */
bylaw_status bylaw_program_load(const char* path, bylaw_program** program);
/* Writes `program` to `path` as a program file. BYLAW_FAILED when it
 * cannot be written. */
bylaw_status bylaw_program_save(const bylaw_program* program, const char* path);
/* "sha256:<hex>" of the rule sources; owned by the program. */
const char* bylaw_program_hash(const bylaw_program* program);
/* Releases this handle on the program; scanners made from it keep it
 * alive. NULL is allowed. */
void bylaw_program_free(bylaw_program* program);

/* A scanner for `program`. */
bylaw_status bylaw_scanner_new(const bylaw_program* program, bylaw_scanner** scanner);
/* NULL is allowed. */
void bylaw_scanner_free(bylaw_scanner* scanner);

/* One named field of a document: `size` bytes of UTF-8 at `text` (invalid
 * sequences are read as U+FFFD). */
typedef struct bylaw_field {
  const char* name;
  const char* text;
  size_t size;
} bylaw_field;

/* Decides the document `id` (NULL: "") made of `fields` (`count` of them;
 * each scanned as given). A document whose whole scan finds more matches
 * than 65,536 and one for every 4 bytes of text is streamed instead (in
 * 64 KiB windows), so that the scanner's memory stays in proportion to the
 * text. On BYLAW_OK, *verdict_json
 * points at the verdict as one JSON object (no newline), *verdict_size
 * bytes long and NUL-terminated, owned by the scanner until its next scan.
 * `verdict_size` may be NULL. */
bylaw_status bylaw_scan(bylaw_scanner* scanner, const char* id, const bylaw_field* fields,
                        size_t count, const char** verdict_json, size_t* verdict_size);

/* The decision of the scanner's last verdict: "allow", "label", "review",
 * "restrict" or "remove"; "allow" before any scan. */
const char* bylaw_scanner_decision(const bylaw_scanner* scanner);

/* One match of a term: bytes [begin, end) of the text of field `field` (an
 * index into the fields given to bylaw_scan), the term's name, and how the
 * matched text was disguised ("" when as written, else names joined with
 * ",": "leet,separators"). */
typedef struct bylaw_span {
  size_t field;
  size_t begin;
  size_t end;
  const char* term;
  const char* evasions;
} bylaw_span;

/* A rule that matched, with the spans of the terms that made it true (at
 * most 8 per term). `shadow` is 1 for a shadow rule, which is reported but
 * never changes the decision. */
typedef struct bylaw_rule_match {
  const char* id;
  const char* title;
  const char* category;
  const char* action;   /* "label", "review", "restrict" or "remove" */
  const char* severity; /* "low", "medium", "high" or "critical" */
  int shadow;
  const bylaw_span* spans;
  size_t span_count;
} bylaw_rule_match;

/* The scanner's last verdict as plain values, the same as its JSON: the
 * document id, the decision, the matched rules (live ones first, each list
 * in program order) and the ruleset's hash. */
typedef struct bylaw_verdict {
  const char* id;
  const char* decision;
  const bylaw_rule_match* rules;
  size_t rule_count;
  const char* ruleset;
} bylaw_verdict;

/* Points *verdict at the scanner's last verdict, owned by the scanner until
 * its next scan. BYLAW_INVALID_ARGUMENT before any scan. */
bylaw_status bylaw_scanner_verdict(bylaw_scanner* scanner, const bylaw_verdict** verdict);

#ifdef __cplusplus
}
#endif

#endif /* BYLAW_H_ */
