// PyRules: bylaw.Rules, a compiled program as Python holds it, with the
// scanners that scan documents against it.
#ifndef BYLAW_PYTHON_PYTHON_RULES_H_
#define BYLAW_PYTHON_PYTHON_RULES_H_

#include <cstddef>
#include <filesystem>
#include <memory>
#include <vector>

#include <pybind11/pybind11.h>

#include "bylaw/diagnostic.h"
#include "bylaw/document.h"
#include "bylaw/program.h"
#include "owned_verdict.h"
#include "scanner_pool.h"

namespace bylaw::python {

// How Rules.compile compiles; the keyword arguments of the same names.
struct PyCompileOptions {
  pybind11::object compile_child;  // None: see ResolveCompileChild
  bool in_process = false;         // no compile child, no time or memory limits
  bool warnings_as_errors = false;
  bool keep_going = false;
};

// The program is immutable and shared; the pool makes any number of threads
// (Python's, and scan_many's own) able to scan at once. Thread-safe.
class PyRules {
 public:
  PyRules(std::shared_ptr<const Program> program, std::vector<Diagnostic> warnings);

  // Compiles the rules folder (or one pack file) at `path`, the GIL
  // released. Raises FileNotFoundError when it does not exist,
  // bylaw.CompileError with every diagnostic when the rules have errors,
  // bylaw.Error when the compile child cannot run.
  static std::unique_ptr<PyRules> Compile(const std::filesystem::path& path,
                                          const PyCompileOptions& options);
  // Loads a program file written by `bylaw compile` or save(). Raises
  // FileNotFoundError when it does not exist, bylaw.Error when it is refused
  // (a rules folder, another build's file, a damaged one).
  static std::unique_ptr<PyRules> Load(const std::filesystem::path& path);
  // Writes the program file atomically; bylaw.Error on an I/O failure.
  void Save(const std::filesystem::path& path) const;

  // Decides `document` with the GIL released. bylaw.Error when the document
  // is over the size limit (ScanLimits) or a field reaches 4 GiB.
  std::unique_ptr<OwnedVerdict> Scan(Document document);
  // Decides every item of `items` (see DocumentFromItem) on `threads`
  // threads (0: one per core; more than 256: ValueError), the GIL released
  // while they scan; the verdicts in input order.
  pybind11::list ScanMany(const pybind11::object& items, unsigned threads);

  const Program& program() const { return *pool_.program(); }
  const std::vector<Diagnostic>& warnings() const { return warnings_; }
  std::size_t scanners() const { return pool_.size(); }

 private:
  ScannerPool pool_;
  const std::vector<Diagnostic> warnings_;
};

// Decides owned.document with `scanner` into owned (no GIL needed).
void ScanInto(Scanner& scanner, OwnedVerdict& owned);

// Adds Rules to `module`.
void DefineRules(pybind11::module_& module);

}  // namespace bylaw::python

#endif  // BYLAW_PYTHON_PYTHON_RULES_H_
