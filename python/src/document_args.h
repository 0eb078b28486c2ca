// Documents from Python values: the arguments of Rules.scan and the items of
// Rules.scan_many. Runs with the GIL held; the Document owns copies of the
// text, so that scanning can go on without it.
#ifndef BYLAW_PYTHON_DOCUMENT_ARGS_H_
#define BYLAW_PYTHON_DOCUMENT_ARGS_H_

#include <array>
#include <string_view>

#include <pybind11/pybind11.h>

#include "bylaw/document.h"

namespace bylaw::python {

// The fields Rules.scan takes as keyword arguments, in the order a
// document's fields are built: the order in which `bylaw replay` reads the
// same keys from a JSON line, so that both give the same verdict.
inline constexpr std::array<std::string_view, 8> kFieldKeywords = {
    "text", "title", "description", "caption", "transcript", "comment", "message", "bio"};

// The document of Rules.scan(text, *, id, metadata, fields, **named):
// `text` (None: no such field), then the named fields in kFieldKeywords
// order, then `fields` (a mapping or an iterable of (name, text) pairs, in
// its order). Every text is a str. Throws py::type_error for a value of
// another type or an unknown keyword, py::error_already_set for a str that
// is not valid Unicode (a lone surrogate: UnicodeEncodeError).
Document DocumentFromArguments(pybind11::handle text, pybind11::handle id,
                               pybind11::handle metadata, pybind11::handle fields,
                               const pybind11::kwargs& named);

// The document of one item of Rules.scan_many: a str (the `text` field) or
// a mapping with the keys Rules.scan takes (`text`, the other field names,
// `id`, `metadata`, `fields`). Errors as above, naming the item's index.
Document DocumentFromItem(pybind11::handle item, std::size_t index);

}  // namespace bylaw::python

#endif  // BYLAW_PYTHON_DOCUMENT_ARGS_H_
