// The extension module bylaw._bylaw: the C++ API of the engine for Python,
// re-exported by the package python/bylaw/. Compile side (Rules.compile),
// run side (Rules.scan, Rules.scan_many) and verdicts; see README.md.
#include <pybind11/pybind11.h>

#include "owned_verdict.h"
#include "python_errors.h"
#include "python_rules.h"

PYBIND11_MODULE(_bylaw, module) {
  module.doc() = "bylaw's rules engine: compile rules, scan documents, read verdicts.";
  bylaw::python::DefineErrors(module);
  bylaw::python::DefineVerdict(module);
  bylaw::python::DefineRules(module);
}
