// bylaw.Rules: compiling, loading and saving programs, and scanning one
// document at a time. The compile side's work (reading YAML, Hyperscan's
// compiler in its child process) and every scan run with the GIL released.
#include "python_rules.h"

#include <pybind11/stl/filesystem.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <utility>

#include <unistd.h>

#include "bylaw/compile_child.h"
#include "bylaw/compiler.h"
#include "bylaw/program_file.h"
#include "bylaw/scan_limits.h"
#include "document_args.h"
#include "python_errors.h"

namespace py = pybind11;
namespace fs = std::filesystem;

namespace bylaw::python {
namespace {

[[noreturn]] void RaiseFileNotFound(const fs::path& path, const std::string& what) {
  const py::object type = py::module_::import("builtins").attr("FileNotFoundError");
  PyErr_SetObject(type.ptr(), type(ENOENT, "no such " + what, path.string()).ptr());
  throw py::error_already_set();
}

// The compile child's executable: the one asked for; else the one
// BYLAW_COMPILE_CHILD names (the library reads it); else bylaw-compile-child
// installed beside the module; else the library's own default (the
// installed one, or the one built beside it). Never the Python interpreter.
std::string ResolveCompileChild(const py::object& asked) {
  if (!asked.is_none()) return py::str(py::module_::import("os").attr("fspath")(asked));
  const char* variable = std::getenv(kCompileChildVariable);
  if (variable != nullptr && *variable != '\0') return {};
  const fs::path module_file =
      py::str(py::module_::import("bylaw._bylaw").attr("__file__")).cast<std::string>();
  const fs::path beside = module_file.parent_path() / "bylaw-compile-child";
  return access(beside.c_str(), X_OK) == 0 ? beside.string() : std::string();
}

std::string Plural(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

}  // namespace

PyRules::PyRules(std::shared_ptr<const Program> program, std::vector<Diagnostic> warnings)
    : pool_(std::move(program)), warnings_(std::move(warnings)) {}

std::unique_ptr<PyRules> PyRules::Compile(const fs::path& path, const PyCompileOptions& options) {
  if (!fs::exists(path)) RaiseFileNotFound(path, "rules folder");
  CompileOptions compile;
  compile.warnings_as_errors = options.warnings_as_errors;
  compile.keep_going = options.keep_going;
  compile.limits.isolate_hyperscan = !options.in_process;
  compile.limits.compile_child = ResolveCompileChild(options.compile_child);
  CompileResult result;
  {
    const py::gil_scoped_release release;
    result = CompileDirectory(path, compile);
  }
  if (!result.ok()) {
    std::size_t errors = 0;
    for (const Diagnostic& d : result.diagnostics) errors += d.level == DiagnosticLevel::kError;
    RaiseCompileError("the rules in `" + path.string() + "` do not compile: " +
                          Plural(errors, "error"),
                      result.diagnostics);
  }
  return std::make_unique<PyRules>(std::move(result.program), std::move(result.diagnostics));
}

std::unique_ptr<PyRules> PyRules::Load(const fs::path& path) {
  if (!fs::exists(path)) RaiseFileNotFound(path, "program file");
  if (fs::is_directory(path)) {
    RaiseError("`" + path.string() +
               "` is a rules folder, not a program file: compile it with Rules.compile");
  }
  ProgramFileLoad load;
  {
    const py::gil_scoped_release release;
    load = LoadProgramFile(path);
  }
  if (!load.ok()) RaiseError(load.error);
  return std::make_unique<PyRules>(std::move(load.program), std::vector<Diagnostic>{});
}

void PyRules::Save(const fs::path& path) const {
  const py::gil_scoped_release release;
  SaveProgramFile(program(), path);
}

void ScanInto(Scanner& scanner, OwnedVerdict& owned) {
  owned.Keep(ScanWithinLimits(scanner, nullptr, owned.document, ScanLimits{}));
}

std::unique_ptr<OwnedVerdict> PyRules::Scan(Document document) {
  auto owned = std::make_unique<OwnedVerdict>();
  owned->program = pool_.program();
  owned->document = std::move(document);
  {
    const py::gil_scoped_release release;
    const ScannerPool::Lease scanner = pool_.Borrow();
    ScanInto(*scanner, *owned);
  }
  return owned;
}

void DefineRules(py::module_& module) {
  py::class_<PyRules>(module, "Rules",
                      "A compiled rule set, immutable, and the scanners that decide documents "
                      "with it. Safe to share between threads.")
      .def_static(
          "compile",
          [](const fs::path& path, py::object compile_child, bool in_process,
             bool warnings_as_errors, bool keep_going) {
            return PyRules::Compile(path, PyCompileOptions{std::move(compile_child), in_process,
                                                           warnings_as_errors, keep_going});
          },
          py::arg("path"), py::kw_only(), py::arg("compile_child") = py::none(),
          py::arg("in_process") = false, py::arg("warnings_as_errors") = false,
          py::arg("keep_going") = false,
          "Compiles a rules folder (taxonomy.yaml and its packs). Raises CompileError.")
      .def_static("load", &PyRules::Load, py::arg("path"),
                  "Loads a program file written by `bylaw compile` or Rules.save.")
      .def("save", &PyRules::Save, py::arg("path"))
      .def(
          "scan",
          [](PyRules& rules, const py::object& text, const py::object& id,
             const py::object& metadata, const py::object& fields, const py::kwargs& named) {
            return rules.Scan(DocumentFromArguments(text, id, metadata, fields, named));
          },
          py::arg("text") = py::none(), py::kw_only(), py::arg("id") = py::none(),
          py::arg("metadata") = py::none(), py::arg("fields") = py::none(),
          "Decides one document: text, the other fields by name (title=, caption=, ...) and "
          "any field in fields={name: text}.")
      .def("scan_many", &PyRules::ScanMany, py::arg("documents"), py::kw_only(),
           py::arg("threads") = 0u,
           "Decides every document (a str or a dict of scan's keywords) on `threads` threads "
           "(0: one per core; at most 256); the verdicts in input order.")
      .def_property_readonly("hash", [](const PyRules& r) { return r.program().hash(); })
      .def_property_readonly("rule_ids",
                             [](const PyRules& r) {
                               py::list ids;
                               for (const RuleInfo& rule : r.program().rules()) ids.append(rule.id);
                               return ids;
                             })
      .def_property_readonly("warnings", [](const PyRules& r) { return DiagnosticList(r.warnings()); })
      .def_property_readonly("scanners", &PyRules::scanners,
                             "Scanners made so far: as many as ever scanned at once.");
}

}  // namespace bylaw::python
