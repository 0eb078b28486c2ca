// The Python package's exceptions and diagnostics. A rule author's mistakes
// stay values (bylaw.Diagnostic) even inside the exception that reports a
// failed compile, so a caller can show them, count them or locate them.
#include "python_errors.h"

#include <cstdint>
#include <string>

#include "bylaw/error.h"

namespace py = pybind11;

namespace bylaw::python {
namespace {

// One diagnostic as Python sees it: plain values, copied out of the compile.
struct PyDiagnostic {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string severity;  // "error", "warning" or "note"
  std::string code;      // the diagnostic code, such as "unknown-term"
  std::string message;
  std::string formatted;  // the compiler display format, with a trailing newline
};

PyDiagnostic ToPython(const Diagnostic& diagnostic) {
  return PyDiagnostic{diagnostic.location.file,       diagnostic.location.line,
                      diagnostic.location.column,     std::string(LevelName(diagnostic.level)),
                      std::string(CodeName(diagnostic.code)), diagnostic.message,
                      FormatDiagnostic(diagnostic)};
}

std::string Repr(const PyDiagnostic& d) {
  return "<bylaw.Diagnostic " + d.file + ":" + std::to_string(d.line) + ":" +
         std::to_string(d.column) + ": " + d.severity + ": " + d.message + ">";
}

// The package's own module, where the exception types live.
py::module_ OwnModule() { return py::module_::import("bylaw._bylaw"); }

void DefineDiagnostic(py::module_& module) {
  py::class_<PyDiagnostic>(module, "Diagnostic",
                           "A problem in the rules, located: file, 1-based line and column "
                           "(0 when unknown; columns count bytes), severity, code (such as "
                           "`unknown-term`) and message.")
      .def_readonly("file", &PyDiagnostic::file)
      .def_readonly("line", &PyDiagnostic::line)
      .def_readonly("column", &PyDiagnostic::column)
      .def_readonly("severity", &PyDiagnostic::severity)
      .def_readonly("code", &PyDiagnostic::code)
      .def_readonly("message", &PyDiagnostic::message)
      .def("__str__", [](const PyDiagnostic& d) { return d.formatted; })
      .def("__repr__", &Repr);
}

}  // namespace

void DefineErrors(py::module_& module) {
  // The types live as long as the process: never released, so that no
  // reference is dropped after the interpreter has finalized.
  static const auto* const error = new py::exception<Error>(module, "Error", PyExc_Exception);
  const py::exception<Error> compile_error(module, "CompileError", error->ptr());
  error->attr("__doc__") =
      "A failure of the environment (a missing file, a compile child that cannot run) or a "
      "program file that was refused; str() says why.";
  compile_error.attr("__doc__") =
      "The rules did not compile. `diagnostics` lists every error and warning "
      "(bylaw.Diagnostic); str() shows them all in the compiler's format.";
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const Error& e) {
      PyErr_SetString(error->ptr(), e.what());
    }
  });
  DefineDiagnostic(module);
}

void RaiseError(const std::string& message) {
  PyErr_SetString(OwnModule().attr("Error").ptr(), message.c_str());
  throw py::error_already_set();
}

py::list DiagnosticList(const std::vector<Diagnostic>& diagnostics) {
  py::list list;
  for (const Diagnostic& diagnostic : diagnostics) list.append(ToPython(diagnostic));
  return list;
}

void RaiseCompileError(const std::string& summary, const std::vector<Diagnostic>& diagnostics) {
  std::string message = summary + "\n";
  for (const Diagnostic& diagnostic : diagnostics) message += FormatDiagnostic(diagnostic);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  const py::object type = OwnModule().attr("CompileError");
  py::object exception = type(message);
  exception.attr("diagnostics") = DiagnosticList(diagnostics);
  PyErr_SetObject(type.ptr(), exception.ptr());
  throw py::error_already_set();
}

}  // namespace bylaw::python
