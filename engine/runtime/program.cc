// Program: the immutable, shared result of a compile. Accessors only.
#include "bylaw/program.h"

#include "program_data.h"

namespace bylaw {

Program::Program(std::unique_ptr<const internal::ProgramData> data) : data_(std::move(data)) {}
Program::~Program() = default;

std::string_view Program::hash() const { return data_->hash; }
std::span<const RuleInfo> Program::rules() const { return data_->rules; }
std::span<const CategoryInfo> Program::categories() const { return data_->categories; }
std::span<const Resource> Program::resources() const { return data_->resources; }
std::string_view Program::term_name(std::uint32_t term) const { return data_->term_names.at(term); }
const ProgramStats& Program::stats() const { return data_->stats; }

std::ptrdiff_t Program::FindRule(std::string_view id) const {
  for (std::size_t i = 0; i < data_->rules.size(); ++i) {
    if (data_->rules[i].id == id) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

}  // namespace bylaw
