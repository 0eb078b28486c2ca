// Diagnostics as JSON. See diagnostic_json.h.
#include "diagnostic_json.h"

namespace bylaw::cli {

nlohmann::json DiagnosticJson(const Diagnostic& diagnostic) {
  return {{"level", LevelName(diagnostic.level)},
          {"code", CodeName(diagnostic.code)},
          {"file", diagnostic.location.file},
          {"line", diagnostic.location.line},
          {"column", diagnostic.location.column},
          {"message", diagnostic.message},
          {"source_line", diagnostic.source_line}};
}

nlohmann::json DiagnosticsJson(const std::vector<Diagnostic>& diagnostics) {
  nlohmann::json list = nlohmann::json::array();
  for (const Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.level == DiagnosticLevel::kNote && !list.empty()) {
      list.back()["notes"].push_back(DiagnosticJson(diagnostic));
      continue;
    }
    nlohmann::json item = DiagnosticJson(diagnostic);
    item["notes"] = nlohmann::json::array();
    list.push_back(std::move(item));
  }
  return list;
}

std::string JsonLine(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace bylaw::cli
