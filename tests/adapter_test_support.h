// The rules the adapter, Redis and worker tests decide documents with.
#ifndef BYLAW_TESTS_ADAPTER_TEST_SUPPORT_H_
#define BYLAW_TESTS_ADAPTER_TEST_SUPPORT_H_

namespace bylaw::test {

// One rule, for test::kTestTaxonomy: remove "tide pod challenge".
inline constexpr char kTidePodPack[] = R"(category: dangerous-acts-and-challenges
terms:
  pod: [tide pod challenge]
rules:
  - id: pod.any
    when: pod
    action: remove
)";

}  // namespace bylaw::test

#endif  // BYLAW_TESTS_ADAPTER_TEST_SUPPORT_H_
