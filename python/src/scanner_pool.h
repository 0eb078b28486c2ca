// ScannerPool: the Scanners of one program, lent to whichever thread scans.
// A Scanner is not thread-safe and costs Hyperscan scratch to make, so
// Rules.scan borrows one for each document (from any Python thread) and
// Rules.scan_many one per worker thread; each goes back for reuse.
#ifndef BYLAW_PYTHON_SCANNER_POOL_H_
#define BYLAW_PYTHON_SCANNER_POOL_H_

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "bylaw/program.h"
#include "bylaw/scanner.h"

namespace bylaw::python {

// Thread-safe. Holds as many scanners as were ever lent at once.
class ScannerPool {
 public:
  // A scanner lent by the pool, returned when the lease ends. Movable.
  class Lease {
   public:
    Lease(ScannerPool& pool, std::unique_ptr<Scanner> scanner)
        : pool_(&pool), scanner_(std::move(scanner)) {}
    ~Lease() {
      if (scanner_ != nullptr) pool_->Return(std::move(scanner_));
    }
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    Scanner& operator*() const { return *scanner_; }

   private:
    ScannerPool* pool_;
    std::unique_ptr<Scanner> scanner_;
  };

  explicit ScannerPool(std::shared_ptr<const Program> program) : program_(std::move(program)) {}

  // A free scanner, or a new one. Throws bylaw::Error if Hyperscan cannot
  // allocate scratch space.
  Lease Borrow() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        std::unique_ptr<Scanner> scanner = std::move(free_.back());
        free_.pop_back();
        return Lease(*this, std::move(scanner));
      }
    }
    auto scanner = std::make_unique<Scanner>(program_);
    const std::lock_guard<std::mutex> lock(mutex_);
    ++made_;
    return Lease(*this, std::move(scanner));
  }

  const std::shared_ptr<const Program>& program() const { return program_; }
  // Scanners made so far (lent or free).
  std::size_t size() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return made_;
  }

 private:
  void Return(std::unique_ptr<Scanner> scanner) {
    const std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(scanner));
  }

  const std::shared_ptr<const Program> program_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Scanner>> free_;
  std::size_t made_ = 0;
};

}  // namespace bylaw::python

#endif  // BYLAW_PYTHON_SCANNER_POOL_H_
