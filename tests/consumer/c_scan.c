/* A host program in C over bylaw.h, from an installed tree: compiles RULES
 * and decides TEXT.
 *   c_scan RULES TEXT
 * Prints "decision <action>"; exits 0 when flagged, 1 when allowed, 2 on error. */
#include <bylaw.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fputs("usage: c_scan RULES TEXT\n", stderr);
    return 2;
  }
  bylaw_program* program = NULL;
  if (bylaw_compile_directory(argv[1], NULL, &program, NULL) != BYLAW_OK) {
    fprintf(stderr, "c_scan: %s\n", bylaw_last_error());
    return 2;
  }
  bylaw_scanner* scanner = NULL;
  bylaw_field field = {"text", argv[2], strlen(argv[2])};
  const char* json = NULL;
  if (bylaw_scanner_new(program, &scanner) != BYLAW_OK ||
      bylaw_scan(scanner, "c", &field, 1, &json, NULL) != BYLAW_OK) {
    fprintf(stderr, "c_scan: %s\n", bylaw_last_error());
    return 2;
  }
  const char* decision = bylaw_scanner_decision(scanner);
  printf("decision %s\n", decision);
  const int flagged = strcmp(decision, "allow") != 0;
  bylaw_scanner_free(scanner);
  bylaw_program_free(program);
  return flagged ? 0 : 1;
}
