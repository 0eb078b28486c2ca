// Diagnostics as JSON, for the commands that offer --format json (check,
// lint): one object per diagnostic, with the notes that follow it nested.
#ifndef BYLAW_CLI_DIAGNOSTIC_JSON_H_
#define BYLAW_CLI_DIAGNOSTIC_JSON_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/diagnostic.h"

namespace bylaw::cli {

// {"level", "code", "file", "line", "column", "message", "source_line"}.
nlohmann::json DiagnosticJson(const Diagnostic& diagnostic);

// Every error and warning of `diagnostics` in order, each with a "notes"
// array of the notes that follow it.
nlohmann::json DiagnosticsJson(const std::vector<Diagnostic>& diagnostics);

// `json` on one line and a newline; invalid UTF-8 in it written as U+FFFD.
std::string JsonLine(const nlohmann::json& json);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_DIAGNOSTIC_JSON_H_
