"""Shared helpers for the Python package's tests.

ctest runs them with the module on PYTHONPATH (build/python) and names the
CLI to compare with (BYLAW_CLI) and the source tree (BYLAW_SOURCE_DIR).
"""

import json
import os
import pathlib
import subprocess

import pytest

import bylaw

SOURCE_DIR = pathlib.Path(
    os.environ.get("BYLAW_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
TESTDATA = SOURCE_DIR / "tests" / "testdata"
PYTHON_RULES = TESTDATA / "python_rules"
TINY_RULES = TESTDATA / "tiny_rules"
SAMPLES = SOURCE_DIR / "rules" / "samples" / "flagged.jsonl"

# The keys of a JSON line that `bylaw replay` reads as fields by default.
FIELD_KEYS = ("text", "title", "description", "caption", "transcript", "comment", "message",
              "bio")


def cli():
    """The `bylaw` command of the same build."""
    path = os.environ.get("BYLAW_CLI")
    if not path:
        pytest.fail("BYLAW_CLI must name the bylaw command (ctest sets it)")
    return path


def replay(rules, jsonl):
    """The verdicts `bylaw replay` writes for the documents of `jsonl`, one JSON string each."""
    done = subprocess.run([cli(), "replay", str(rules), str(jsonl)], check=True,
                          capture_output=True, text=True)
    return done.stdout.splitlines()


def documents(jsonl):
    """The documents of a JSON Lines file as Rules.scan keywords (what replay reads)."""
    items = []
    for line in pathlib.Path(jsonl).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        item = {key: record[key] for key in FIELD_KEYS if record.get(key) is not None}
        item["id"] = record["id"]
        if "metadata" in record:
            # In name order, as the JSON Lines reader keeps an object's
            # members; verdicts pass metadata through in the order given.
            item["metadata"] = {k: v if isinstance(v, str) else json.dumps(v)
                                for k, v in sorted(record["metadata"].items())}
        items.append(item)
    return items


@pytest.fixture(scope="session")
def python_rules():
    return bylaw.Rules.compile(PYTHON_RULES)


@pytest.fixture(scope="session")
def tiny_rules():
    return bylaw.Rules.compile(TINY_RULES)
