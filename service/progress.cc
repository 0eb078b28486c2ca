// The progress line of long runs. See progress.h.
#include "bylaw/service/progress.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <spdlog/fmt/fmt.h>

namespace bylaw::service {
namespace {

constexpr int kBarWidth = 20;
constexpr auto kRedrawEvery = std::chrono::milliseconds(200);
constexpr std::string_view kEraseLine = "\r\x1b[2K";

// 12345 -> "12,345"
std::string Grouped(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(at, ",");
  return digits;
}

std::string Duration(double seconds) {
  const auto whole = static_cast<std::uint64_t>(std::max(seconds, 0.0) + 0.5);
  if (whole >= 3600) return fmt::format("{}:{:02}:{:02}", whole / 3600, whole / 60 % 60, whole % 60);
  return fmt::format("{}:{:02}", whole / 60, whole % 60);
}

}  // namespace

bool StderrIsTerminal() { return isatty(fileno(stderr)) != 0; }

std::uint64_t LinesForProgress(const std::string& path) {
  std::error_code error;
  if (!StderrIsTerminal() || !std::filesystem::is_regular_file(path, error)) return 0;
  std::ifstream in(path, std::ios::binary);
  return static_cast<std::uint64_t>(
      std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n'));
}

Progress::Progress(std::string label, std::uint64_t total, bool enabled, std::FILE* stream)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled),
      stream_(stream),
      start_(std::chrono::steady_clock::now()) {}

void Progress::Clear() {
  if (!drawn_) return;
  std::fwrite(kEraseLine.data(), 1, kEraseLine.size(), stream_);
  std::fflush(stream_);
  drawn_ = false;
}

std::string Progress::Render(std::string_view label, std::uint64_t documents, std::uint64_t done,
                             std::uint64_t total, double seconds) {
  std::string line(label);
  const double rate = seconds > 0 ? static_cast<double>(documents) / seconds : 0;
  if (total > 0) {
    const double share = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const int filled = static_cast<int>(share * kBarWidth);
    line += " [" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "] ";
    line += fmt::format("{:3.0f}%", share * 100);
  }
  line += fmt::format("  {} docs  {} docs/s", Grouped(documents),
                      Grouped(static_cast<std::uint64_t>(rate)));
  if (total > 0 && done > 0 && seconds > 0) {
    const double left = static_cast<double>(total - std::min(done, total)) /
                        (static_cast<double>(done) / seconds);
    line += "  ETA " + Duration(left);
  }
  return line;
}

void Progress::Update(std::uint64_t documents, std::uint64_t done) {
  if (!enabled_ || ++calls_ % 64 != 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  const std::string line =
      std::string(kEraseLine) +
      Render(label_, documents, done, total_,
             std::chrono::duration<double>(now - start_).count());
  std::fwrite(line.data(), 1, line.size(), stream_);
  std::fflush(stream_);
  drawn_ = true;
}

}  // namespace bylaw::service
