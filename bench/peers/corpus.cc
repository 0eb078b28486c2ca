// Reads the fortunes corpus (see corpus.h).
#include "corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace bylaw::bench {
namespace {

void AddFortunes(const std::filesystem::path& file, std::vector<std::string>* messages) {
  std::ifstream in(file, std::ios::binary);
  std::string message;
  auto finish = [&] {
    while (!message.empty() && message.back() == ' ') message.pop_back();
    if (!message.empty()) messages->push_back(std::move(message));
    message.clear();
  };
  for (std::string line; std::getline(in, line);) {
    if (line == "%") {
      finish();
      continue;
    }
    std::replace(line.begin(), line.end(), '\t', ' ');
    if (!message.empty()) message += ' ';
    message += line;
  }
  finish();
}

}  // namespace

std::vector<std::string> LoadFortunes(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string extension = entry.path().extension().string();
    if (entry.is_regular_file() && extension != ".dat" && extension != ".u8") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> messages;
  for (const auto& file : files) AddFortunes(file, &messages);
  if (messages.empty()) {
    throw std::runtime_error("no fortunes in " + dir + ": install the `fortunes` package");
  }
  return messages;
}

std::string MakeTranscript(const std::vector<std::string>& messages, std::size_t bytes) {
  std::string text;
  text.reserve(bytes + (1 << 16));
  for (std::size_t i = 0; text.size() < bytes; ++i) {
    text += messages[i % messages.size()];
    text += '\n';
  }
  return text;
}

std::size_t TotalBytes(const std::vector<std::string>& messages) {
  std::size_t bytes = 0;
  for (const std::string& message : messages) bytes += message.size();
  return bytes;
}

}  // namespace bylaw::bench
