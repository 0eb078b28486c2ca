"""Verdicts from Python equal those of `bylaw replay` on the same documents."""

import json

import pytest

from conftest import PYTHON_RULES, SAMPLES, TINY_RULES, documents, replay

CASES = [
    (PYTHON_RULES, PYTHON_RULES / "corpus.jsonl"),
    (PYTHON_RULES, SAMPLES),
    (TINY_RULES, SAMPLES),
]


@pytest.fixture(scope="module")
def compiled(python_rules, tiny_rules):
    return {PYTHON_RULES: python_rules, TINY_RULES: tiny_rules}


@pytest.mark.parametrize("rules_dir,corpus", CASES, ids=lambda p: p.name)
def test_scan_gives_the_cli_verdict_for_every_document(compiled, rules_dir, corpus):
    rules = compiled[rules_dir]
    expected = replay(rules_dir, corpus)
    items = documents(corpus)
    assert len(items) == len(expected)
    flagged = 0
    for item, line in zip(items, expected):
        verdict = rules.scan(**item)
        assert verdict.to_json() == line
        assert verdict.to_dict() == json.loads(line)
        flagged += verdict.flagged
    assert flagged > 0  # the comparison covered rules that matched


@pytest.mark.parametrize("rules_dir,corpus", CASES, ids=lambda p: p.name)
def test_scan_many_gives_the_cli_verdicts_in_order(compiled, rules_dir, corpus):
    verdicts = compiled[rules_dir].scan_many(documents(corpus), threads=3)
    assert [v.to_json() for v in verdicts] == replay(rules_dir, corpus)


def test_the_objects_say_what_the_json_says(python_rules):
    for item in documents(PYTHON_RULES / "corpus.jsonl"):
        verdict = python_rules.scan(**item)
        data = verdict.to_dict()
        assert verdict.id == data["id"]
        assert verdict.decision == data["decision"]
        assert verdict.categories == data["categories"]
        assert verdict.ruleset == data["ruleset"] == python_rules.hash
        for matches, listed in ((verdict.rules, data["rules"]), (verdict.shadow, data["shadow"])):
            assert [m.id for m in matches] == [r["rule"] for r in listed]
            for match, rule in zip(matches, listed):
                assert (match.category, match.action, match.severity, match.labels,
                        match.resources) == (rule["category"], rule["action"],
                                             rule["severity"], rule["labels"],
                                             rule["resources"])
                assert [(s.field, s.byte_begin, s.byte_end, s.text, s.term, s.evasions)
                        for s in match.spans] == [
                            (s["field"], s["begin"], s["end"], s["text"], s["term"],
                             s.get("evasions", [])) for s in rule["spans"]]
