// OwnedVerdict: a Verdict that outlives its scan, for Python. Scanner::Scan
// hands out a verdict that is valid until the scanner's next document; the
// Python object must live as long as Python keeps it, so it owns the
// document, a copy of the verdict and a reference to the program.
#ifndef BYLAW_PYTHON_OWNED_VERDICT_H_
#define BYLAW_PYTHON_OWNED_VERDICT_H_

#include <memory>
#include <string>

#include <pybind11/pybind11.h>

#include "bylaw/document.h"
#include "bylaw/program.h"
#include "bylaw/verdict.h"

namespace bylaw::python {

// Immutable once made; safe to read from any thread. Not movable: the
// verdict points at the document and program it holds.
struct OwnedVerdict {
  std::shared_ptr<const Program> program;
  Document document;
  Verdict verdict;  // verdict.document == &document, verdict.program == program.get()

  OwnedVerdict() = default;
  OwnedVerdict(const OwnedVerdict&) = delete;
  OwnedVerdict& operator=(const OwnedVerdict&) = delete;

  // Keeps a copy of `scanned`, the verdict of this->document.
  void Keep(const Verdict& scanned);
  // The verdict as the JSON object `bylaw replay` writes for it.
  std::string Json() const;
};

// Adds Verdict, RuleMatch and Span to `module`.
void DefineVerdict(pybind11::module_& module);

}  // namespace bylaw::python

#endif  // BYLAW_PYTHON_OWNED_VERDICT_H_
