"""The bundled packs, loaded from the program the test run compiles once."""

import os

import pytest

import bylaw
from conftest import SAMPLES, documents, replay


@pytest.fixture(scope="module")
def bundled_program():
    path = os.environ.get("BYLAW_BUNDLED_PROGRAM")
    if not path:
        pytest.skip("BYLAW_BUNDLED_PROGRAM names the compiled bundle (ctest sets it)")
    return path


def test_the_bundled_program_decides_the_samples_as_the_cli_does(bundled_program):
    rules = bylaw.Rules.load(bundled_program)
    verdicts = rules.scan_many(documents(SAMPLES), threads=2)
    expected = replay(bundled_program, SAMPLES)
    assert [v.to_json() for v in verdicts] == expected
    assert sum(v.flagged for v in verdicts) > len(verdicts) // 2  # the samples are flagged ones
    assert len(rules.rule_ids) > 100
