// The Python package's exceptions: bylaw.Error for failures of the
// environment and refused program files (bylaw::Error turned into it), and
// bylaw.CompileError, which carries every diagnostic of a failed compile.
#ifndef BYLAW_PYTHON_PYTHON_ERRORS_H_
#define BYLAW_PYTHON_PYTHON_ERRORS_H_

#include <string>
#include <vector>

#include <pybind11/pybind11.h>

#include "bylaw/diagnostic.h"

namespace bylaw::python {

// Adds Error and CompileError to `module`, the Diagnostic class, and the
// translation of bylaw::Error into bylaw.Error.
void DefineErrors(pybind11::module_& module);

// Raises bylaw.Error with `message`.
[[noreturn]] void RaiseError(const std::string& message);

// Raises bylaw.CompileError: its str() is `summary` then every diagnostic in
// the compiler display format; its `diagnostics` holds them as
// bylaw.Diagnostic objects.
[[noreturn]] void RaiseCompileError(const std::string& summary,
                                    const std::vector<Diagnostic>& diagnostics);

// The diagnostics as a list of bylaw.Diagnostic.
pybind11::list DiagnosticList(const std::vector<Diagnostic>& diagnostics);

}  // namespace bylaw::python

#endif  // BYLAW_PYTHON_PYTHON_ERRORS_H_
