// Tests for cli/schema_command.cc: `bylaw schema` prints the JSON Schema of
// each kind of rule file, and rules/schema/ holds exactly that output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.h"

namespace bylaw {
namespace {

using ::testing::HasSubstr;

class SchemaCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { runner_ = new bylaw::test::CliRunner(); }
  static void TearDownTestSuite() { delete runner_; }
  static bylaw::test::CliResult Run(const std::vector<std::string>& args) {
    return runner_->Run(args, "");
  }
  static bylaw::test::CliRunner* runner_;
};

bylaw::test::CliRunner* SchemaCommand::runner_ = nullptr;

// The committed schemas are the command's output. BYLAW_UPDATE_GOLDEN=1
// rewrites them.
TEST_F(SchemaCommand, CommittedSchemasAreTheCommandsOutput) {
  for (const std::string kind : {"pack", "vocabulary", "taxonomy"}) {
    SCOPED_TRACE(kind);
    const bylaw::test::CliResult result = Run({"schema", kind});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::string path = std::string(BYLAW_SOURCE_DIR) + "/rules/schema/" + kind + ".json";
    const char* update = std::getenv("BYLAW_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
      bylaw::test::WriteWholeFile(path, result.out);
      continue;
    }
    EXPECT_EQ(bylaw::test::ReadWholeFile(path), result.out)
        << path << " is not what `bylaw schema " << kind << "` prints; regenerate it with "
        << "`build/cli/bylaw schema " << kind << " > rules/schema/" << kind << ".json` (or run "
        << "the tests with BYLAW_UPDATE_GOLDEN=1)";
  }
}

// What the loader requires and takes, as the schema says it.
TEST_F(SchemaCommand, SaysWhatThePackLoaderTakes) {
  const nlohmann::json pack = nlohmann::json::parse(Run({"schema", "pack"}).out);
  EXPECT_EQ(pack["required"], nlohmann::json::array({"category"}));
  EXPECT_EQ(pack["additionalProperties"], false);
  const nlohmann::json& rule = pack["definitions"]["rule"];
  EXPECT_EQ(rule["required"], nlohmann::json::array({"id", "when"}));
  EXPECT_EQ(rule["properties"]["action"]["enum"],
            nlohmann::json::array({"allow", "label", "review", "restrict", "remove"}));
  EXPECT_THAT(rule["properties"]["title"]["description"].get<std::string>(), HasSubstr("catches"));
  EXPECT_TRUE(pack["definitions"].contains("pattern"));
  const nlohmann::json taxonomy = nlohmann::json::parse(Run({"schema", "taxonomy"}).out);
  EXPECT_EQ(taxonomy["required"], nlohmann::json::array({"categories"}));
  EXPECT_FALSE(taxonomy["definitions"].contains("rule"));
}

TEST_F(SchemaCommand, RefusesAnUnknownKind) {
  const bylaw::test::CliResult result = Run({"schema", "packs"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("unknown kind `packs`"));
  EXPECT_EQ(result.out, "");
}

}  // namespace
}  // namespace bylaw
