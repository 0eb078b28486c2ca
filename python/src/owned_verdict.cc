// Verdicts for Python: bylaw.Verdict wraps an OwnedVerdict, and its rules
// and spans become Python objects only when they are read, so a caller that
// reads the decision alone pays for nothing else. Offsets are given twice:
// as Python str indices (code points, what slicing the str needs) and as
// bytes of UTF-8 (what the JSON verdict and the C++ API hold).
#include "owned_verdict.h"

#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "bylaw/evasion.h"
#include "bylaw/policy.h"

namespace py = pybind11;

namespace bylaw::python {
namespace {

struct PySpan {
  std::string field;
  std::size_t begin = 0;  // code points of the field's text before the match
  std::size_t end = 0;
  std::uint32_t byte_begin = 0;  // bytes of UTF-8, as in the JSON verdict
  std::uint32_t byte_end = 0;
  py::str text;
  std::string term;
  std::vector<std::string> evasions;  // how the text was disguised, in the verdict's order
};

struct PyRuleMatch {
  std::string id;
  std::string title;
  std::string category;
  std::string action;
  std::string severity;
  std::string status;  // "live" or "shadow"
  std::vector<std::string> labels;
  py::list resources;  // {"id", "title", "url"} dicts
  std::vector<PySpan> spans;
};

// Code points in the first `byte` bytes of `text`: the bytes that do not
// continue a UTF-8 sequence. The text came from a Python str, so it is valid UTF-8.
std::size_t CodePointsBefore(std::string_view text, std::size_t byte) {
  const std::string_view head = text.substr(0, std::min(byte, text.size()));
  return static_cast<std::size_t>(std::count_if(head.begin(), head.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

py::str Str(std::string_view text) {
  return py::reinterpret_steal<py::str>(
      PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace"));
}

PySpan MakeSpan(const Verdict& verdict, const MatchSpan& span) {
  PySpan out;
  out.field = std::string(verdict.FieldNameOf(span));
  const std::string_view field_text =
      span.field < verdict.document->fields.size() ? verdict.document->fields[span.field].text
                                                   : std::string_view();
  out.begin = CodePointsBefore(field_text, span.begin);
  out.end = CodePointsBefore(field_text, span.end);
  out.byte_begin = span.begin;
  out.byte_end = span.end;
  out.text = Str(verdict.TextOf(span));
  out.term = std::string(verdict.program->term_name(span.term));
  span.evasions.ForEach([&out](Evasion e) { out.evasions.emplace_back(EvasionName(e)); });
  return out;
}

std::string CategoryId(const Program& program, std::uint32_t category) {
  return category < program.categories().size() ? program.categories()[category].id : "";
}

py::list Resources(const Program& program, std::span<const std::uint32_t> indices) {
  py::list list;
  for (const std::uint32_t index : indices) {
    if (index >= program.resources().size()) continue;
    const Resource& resource = program.resources()[index];
    list.append(py::dict(py::arg("id") = resource.id, py::arg("title") = resource.title,
                         py::arg("url") = resource.url));
  }
  return list;
}

PyRuleMatch MakeRuleMatch(const Verdict& verdict, const RuleMatch& match) {
  const Program& program = *verdict.program;
  const RuleInfo& rule = program.rules()[match.rule];
  PyRuleMatch out{rule.id,
                  rule.title,
                  CategoryId(program, rule.category),
                  std::string(ActionName(rule.action)),
                  std::string(SeverityName(rule.severity)),
                  std::string(StatusName(rule.status)),
                  rule.labels,
                  Resources(program, rule.resources),
                  {}};
  for (const MatchSpan& span : verdict.SpansOf(match)) out.spans.push_back(MakeSpan(verdict, span));
  return out;
}

std::vector<PyRuleMatch> RuleMatches(const Verdict& verdict, const std::vector<RuleMatch>& list) {
  std::vector<PyRuleMatch> out;
  out.reserve(list.size());
  for (const RuleMatch& match : list) out.push_back(MakeRuleMatch(verdict, match));
  return out;
}

// The categories of the live matches, each once, in order of first appearance
// (as in the JSON verdict).
std::vector<std::string> LiveCategories(const OwnedVerdict& owned) {
  std::vector<std::string> categories;
  for (const RuleMatch& match : owned.verdict.live) {
    std::string id = CategoryId(*owned.program, owned.program->rules()[match.rule].category);
    if (std::find(categories.begin(), categories.end(), id) == categories.end()) {
      categories.push_back(std::move(id));
    }
  }
  return categories;
}

// Every evasion seen in the spans of the live matches, in the verdict's order.
std::vector<std::string> LiveEvasions(const OwnedVerdict& owned) {
  EvasionSet all;
  for (const RuleMatch& match : owned.verdict.live) {
    for (const MatchSpan& span : owned.verdict.SpansOf(match)) all.Add(span.evasions);
  }
  std::vector<std::string> names;
  all.ForEach([&names](Evasion e) { names.emplace_back(EvasionName(e)); });
  return names;
}

std::string Repr(const OwnedVerdict& owned) {
  std::string repr = "<bylaw.Verdict id=" + py::repr(Str(owned.document.id)).cast<std::string>() +
                     " decision=" + std::string(ActionName(owned.verdict.decision)) + " rules=[";
  for (std::size_t i = 0; i < owned.verdict.live.size(); ++i) {
    repr += (i == 0 ? "" : ", ") + owned.program->rules()[owned.verdict.live[i].rule].id;
  }
  return repr + "]>";
}

void DefineSpan(py::module_& module) {
  py::class_<PySpan>(module, "Span",
                     "Where a term matched. begin/end index the field's Python str "
                     "(text[begin:end]); byte_begin/byte_end index its UTF-8 bytes, as the "
                     "JSON verdict does.")
      .def_readonly("field", &PySpan::field)
      .def_readonly("begin", &PySpan::begin)
      .def_readonly("end", &PySpan::end)
      .def_readonly("byte_begin", &PySpan::byte_begin)
      .def_readonly("byte_end", &PySpan::byte_end)
      .def_readonly("text", &PySpan::text)
      .def_readonly("term", &PySpan::term)
      .def_readonly("evasions", &PySpan::evasions)
      .def("__repr__", [](const PySpan& s) {
        return "<bylaw.Span " + s.field + "[" + std::to_string(s.begin) + ":" +
               std::to_string(s.end) + "] " + py::repr(s.text).cast<std::string>() + ">";
      });
}

void DefineRuleMatch(py::module_& module) {
  py::class_<PyRuleMatch>(module, "RuleMatch", "A rule that matched, and the spans that made it true.")
      .def_readonly("id", &PyRuleMatch::id)
      .def_readonly("title", &PyRuleMatch::title)
      .def_readonly("category", &PyRuleMatch::category)
      .def_readonly("action", &PyRuleMatch::action)
      .def_readonly("severity", &PyRuleMatch::severity)
      .def_readonly("status", &PyRuleMatch::status)
      .def_readonly("labels", &PyRuleMatch::labels)
      .def_readonly("resources", &PyRuleMatch::resources)
      .def_readonly("spans", &PyRuleMatch::spans)
      .def("__repr__", [](const PyRuleMatch& m) {
        return "<bylaw.RuleMatch " + m.id + " " + m.action + " spans=" +
               std::to_string(m.spans.size()) + ">";
      });
}

}  // namespace

void OwnedVerdict::Keep(const Verdict& scanned) {
  verdict = scanned;
  verdict.document = &document;
  verdict.program = program.get();
}

std::string OwnedVerdict::Json() const {
  std::string json;
  AppendVerdictJson(verdict, &json);
  return json;
}

void DefineVerdict(py::module_& module) {
  DefineSpan(module);
  DefineRuleMatch(module);
  py::class_<OwnedVerdict>(module, "Verdict", "The decision about one document, and why.")
      .def_property_readonly("id", [](const OwnedVerdict& v) { return Str(v.document.id); })
      .def_property_readonly("decision",
                             [](const OwnedVerdict& v) { return ActionName(v.verdict.decision); })
      .def_property_readonly("flagged", [](const OwnedVerdict& v) { return v.verdict.Flagged(); })
      .def_property_readonly("categories", &LiveCategories)
      .def_property_readonly(
          "rules", [](const OwnedVerdict& v) { return RuleMatches(v.verdict, v.verdict.live); },
          "The live rules that matched, in program order.")
      .def_property_readonly(
          "shadow", [](const OwnedVerdict& v) { return RuleMatches(v.verdict, v.verdict.shadow); },
          "The shadow rules that matched: reported, never part of the decision.")
      .def_property_readonly("evasions", &LiveEvasions,
                             "Every disguise seen in the live matches' spans.")
      .def_property_readonly("ruleset", [](const OwnedVerdict& v) { return v.program->hash(); })
      .def("to_json", [](const OwnedVerdict& v) { return Str(v.Json()); },
           "The verdict as the JSON object `bylaw replay` writes (byte offsets).")
      .def("to_dict",
           [](const OwnedVerdict& v) { return py::module_::import("json").attr("loads")(v.Json()); },
           "to_json(), parsed.")
      .def("__repr__", &Repr);
}

}  // namespace bylaw::python
