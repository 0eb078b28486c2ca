// Helpers shared by the files that render the replay report
// (report_html.cc, report_rules.cc, report_documents.cc). Private to them.
#ifndef BYLAW_CLI_REPORT_PARTS_H_
#define BYLAW_CLI_REPORT_PARTS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace bylaw::cli {

// Indices with a + b above 0, largest sum first (ties in index order), at
// most `top` of them.
std::vector<std::size_t> TopIndices(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b,
                                    std::size_t top);

// "a, b, c".
std::string Join(const std::vector<std::string>& names, const char* separator = ", ");

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_REPORT_PARTS_H_
