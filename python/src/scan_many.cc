// Rules.scan_many: many documents on several threads. The items are read
// and turned into Documents in batches with the GIL held (Python objects
// are touched only then); each batch is then scanned with the GIL released,
// by worker threads that each hold one Scanner and take the next document
// from a shared counter; its verdicts are appended to the result in input
// order. The program is shared read-only by all of them.
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <span>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "document_args.h"
#include "python_errors.h"
#include "python_rules.h"

namespace py = pybind11;

namespace bylaw::python {
namespace {

// Documents per thread in one batch: enough that starting the threads costs
// nothing next to scanning, few enough that a long iterable is not held whole.
constexpr std::size_t kBatchPerThread = 512;
// Threads one scan_many may ask for: more than cores helps nothing, and each
// holds a Scanner.
constexpr unsigned kMaxThreads = 256;

using Batch = std::vector<std::unique_ptr<OwnedVerdict>>;

// The first failure of a batch: its index in the batch and why.
class FirstFailure {
 public:
  void Record(std::size_t index, const char* why) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (failed_ && index_ < index) return;
    failed_ = true;
    index_ = index;
    why_ = why;
  }
  // Raises bylaw.Error naming the item (`first` is the batch's first index).
  void RaiseIfAny(std::size_t first) const {
    if (failed_) RaiseError("item " + std::to_string(first + index_) + ": " + why_);
  }

 private:
  std::mutex mutex_;
  bool failed_ = false;
  std::size_t index_ = 0;
  std::string why_;
};

// Fills `batch` with up to `size` documents from `iterator`; false once it
// is exhausted. `next_index` counts the items read so far.
bool ReadBatch(const py::iterator& iterator, std::size_t size, const ScannerPool& pool,
               std::size_t& next_index, Batch& batch) {
  batch.clear();
  while (batch.size() < size) {
    PyObject* next = PyIter_Next(iterator.ptr());
    if (next == nullptr) {
      if (PyErr_Occurred() != nullptr) throw py::error_already_set();
      return false;
    }
    const py::object item = py::reinterpret_steal<py::object>(next);
    auto owned = std::make_unique<OwnedVerdict>();
    owned->program = pool.program();
    owned->document = DocumentFromItem(item, next_index++);
    batch.push_back(std::move(owned));
  }
  return true;
}

// Scans `batch` with one scanner per thread. Runs without the GIL.
void ScanBatch(std::vector<ScannerPool::Lease>& scanners, Batch& batch, FirstFailure& failure) {
  std::atomic<std::size_t> next{0};
  const auto work = [&](Scanner& scanner) {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < batch.size();) {
      try {
        ScanInto(scanner, *batch[i]);
      } catch (const std::exception& e) {  // never out of a thread: reported after the batch
        failure.Record(i, e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(scanners.size() - 1);
  for (std::size_t t = 1; t < scanners.size(); ++t) {
    try {
      threads.emplace_back(work, std::ref(*scanners[t]));
    } catch (const std::system_error&) {  // the system has no more threads to give:
      break;                              // those started take the work
    }
  }
  work(*scanners[0]);  // the calling thread is one of the workers
  for (std::thread& thread : threads) thread.join();
}

}  // namespace

py::list PyRules::ScanMany(const py::object& items, unsigned threads) {
  if (threads > kMaxThreads) {
    throw py::value_error("`threads` must be at most " + std::to_string(kMaxThreads));
  }
  const std::size_t workers =
      threads != 0 ? threads : std::clamp(std::thread::hardware_concurrency(), 1u, kMaxThreads);
  const py::iterator iterator = py::iter(items);
  py::list verdicts;
  std::vector<ScannerPool::Lease> scanners;  // borrowed once, for every batch
  std::size_t read = 0;
  Batch batch;
  for (bool more = true; more;) {
    const std::size_t first = read;
    more = ReadBatch(iterator, workers * kBatchPerThread, pool_, read, batch);
    if (batch.empty()) break;
    FirstFailure failure;
    {
      const py::gil_scoped_release release;
      while (scanners.size() < std::min(workers, batch.size())) scanners.push_back(pool_.Borrow());
      ScanBatch(scanners, batch, failure);
    }
    failure.RaiseIfAny(first);
    for (std::unique_ptr<OwnedVerdict>& verdict : batch) verdicts.append(py::cast(std::move(verdict)));
    // Ctrl-C reaches Python only when it runs: between batches.
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  }
  return verdicts;
}

}  // namespace bylaw::python
