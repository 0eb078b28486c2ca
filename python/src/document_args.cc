// Python values into Documents, for Rules.scan and Rules.scan_many. Every
// wrong value is a Python exception that names the field (and for
// scan_many the item), never a crash: only str is text.
#include "document_args.h"

#include <algorithm>
#include <string>

namespace py = pybind11;

namespace bylaw::python {
namespace {

// "item 3: " for scan_many's items, "" for scan's arguments.
std::string ItemPrefix(std::ptrdiff_t index) {
  return index < 0 ? std::string() : "item " + std::to_string(index) + ": ";
}

std::string TypeName(py::handle value) { return Py_TYPE(value.ptr())->tp_name; }

// `value` as UTF-8. `what` names it in errors ("item 3: field `title`").
std::string Utf8(py::handle value, const std::string& what) {
  if (!PyUnicode_Check(value.ptr())) {
    throw py::type_error(what + " must be str, not " + TypeName(value));
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
  if (data == nullptr) {  // a lone surrogate: not Unicode text
    py::error_already_set cause;
    py::raise_from(cause, PyExc_ValueError, (what + " is not valid Unicode text").c_str());
    throw py::error_already_set();
  }
  return std::string(data, static_cast<std::size_t>(size));
}

bool IsFieldKeyword(std::string_view name) {
  return std::find(kFieldKeywords.begin(), kFieldKeywords.end(), name) != kFieldKeywords.end();
}

// The field names taken as keywords, for error messages.
std::string FieldKeywordList() {
  std::string list;
  for (const std::string_view name : kFieldKeywords) {
    list += (list.empty() ? "" : ", ") + std::string(name);
  }
  return list;
}

void AddField(Document& document, const std::string& name, py::handle text,
              const std::string& prefix) {
  if (text.is_none()) return;
  document.AddField(name, Utf8(text, prefix + "field `" + name + "`"));
}

// `fields`: a mapping, or an iterable of (name, text) pairs.
void AddExtraFields(Document& document, py::handle fields, const std::string& prefix) {
  if (fields.is_none()) return;
  if (PyUnicode_Check(fields.ptr()) || !py::isinstance<py::iterable>(fields)) {
    throw py::type_error(prefix + "`fields` must be a mapping or (name, text) pairs, not " +
                         TypeName(fields));
  }
  const py::object pairs = py::isinstance<py::dict>(fields) || py::hasattr(fields, "items")
                               ? fields.attr("items")()
                               : py::reinterpret_borrow<py::object>(fields);
  for (const py::handle pair : pairs) {
    const py::tuple entry = py::tuple(py::reinterpret_borrow<py::object>(pair));
    if (entry.size() != 2) throw py::type_error(prefix + "`fields` entries must be (name, text)");
    const std::string name = Utf8(entry[0], prefix + "a field name");
    if (name.empty()) throw py::value_error(prefix + "a field name must not be empty");
    AddField(document, name, entry[1], prefix);
  }
}

void AddMetadata(Document& document, py::handle metadata, const std::string& prefix) {
  if (metadata.is_none()) return;
  if (!py::isinstance<py::dict>(metadata)) {
    throw py::type_error(prefix + "`metadata` must be a dict of str, not " + TypeName(metadata));
  }
  for (const auto [key, value] : py::reinterpret_borrow<py::dict>(metadata)) {
    std::string name = Utf8(key, prefix + "a metadata key");
    document.metadata.emplace_back(name, Utf8(value, prefix + "metadata `" + name + "`"));
  }
}

// named[key], or None.
py::object Get(const py::dict& named, const char* key) {
  PyObject* value = PyDict_GetItemString(named.ptr(), key);  // borrowed; never raises
  return value != nullptr ? py::reinterpret_borrow<py::object>(value) : py::none();
}

// The document from a mapping of keywords (scan's **named, or an item).
// `text` and `id` may also be in `named`.
Document FromKeywords(const py::dict& named, std::ptrdiff_t index) {
  const std::string prefix = ItemPrefix(index);
  for (const auto [key, value] : named) {
    const std::string name = Utf8(key, prefix + "a key");
    if (!IsFieldKeyword(name) && name != "id" && name != "metadata" && name != "fields") {
      throw py::type_error(prefix + "unknown field `" + name + "`: the fields by name are " +
                           FieldKeywordList() + "; give others in `fields`");
    }
  }
  Document document;
  const py::object id = Get(named, "id");
  if (!id.is_none()) document.id = Utf8(id, prefix + "`id`");
  for (const std::string_view name : kFieldKeywords) {
    const std::string key(name);
    AddField(document, key, Get(named, key.c_str()), prefix);
  }
  AddExtraFields(document, Get(named, "fields"), prefix);
  AddMetadata(document, Get(named, "metadata"), prefix);
  return document;
}

}  // namespace

Document DocumentFromArguments(py::handle text, py::handle id, py::handle metadata,
                               py::handle fields, const py::kwargs& named) {
  py::dict all(named);  // pybind11 binds text, id, metadata and fields, never these
  all["text"] = text;
  all["id"] = id;
  all["metadata"] = metadata;
  all["fields"] = fields;
  return FromKeywords(all, -1);
}

Document DocumentFromItem(py::handle item, std::size_t index) {
  const auto position = static_cast<std::ptrdiff_t>(index);
  if (PyUnicode_Check(item.ptr())) {
    Document document;
    document.AddField("text", Utf8(item, ItemPrefix(position) + "field `text`"));
    return document;
  }
  if (!py::isinstance<py::dict>(item)) {
    throw py::type_error(ItemPrefix(position) + "a document must be a str or a dict of fields, not " +
                         TypeName(item));
  }
  return FromKeywords(py::reinterpret_borrow<py::dict>(item), position);
}

}  // namespace bylaw::python
