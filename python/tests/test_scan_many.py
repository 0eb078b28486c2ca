"""scan_many: threads, input order, any iterable; scan from many Python threads."""

import threading

import pytest

import bylaw
from conftest import PYTHON_RULES

TEXTS = ["who's in for the blackout challenge", "a quiet day", "you are a loser",
         "PSA: the blackout challenge killed a kid", "the choking game"]


def corpus(n):
    return [f"{TEXTS[i % len(TEXTS)]} #{i}" for i in range(n)]


def test_verdicts_come_in_input_order_whatever_the_threads(python_rules):
    texts = corpus(3000)  # more than one batch
    expected = [python_rules.scan(text).to_json() for text in texts]
    for threads in (1, 2, 5):
        verdicts = python_rules.scan_many(texts, threads=threads)
        assert [v.to_json() for v in verdicts] == expected


def test_each_thread_has_a_scanner_of_its_own():
    rules = bylaw.Rules.compile(PYTHON_RULES)
    assert rules.scanners == 0
    rules.scan_many(corpus(10), threads=4)
    assert rules.scanners == 4  # one per thread, kept for reuse
    rules.scan_many(corpus(10), threads=2)
    rules.scan("the choking game")
    assert rules.scanners == 4


def test_any_iterable_of_str_or_dicts(python_rules):
    items = iter([{"id": "a", "text": "the choking game", "title": "t"},
                  "you are a loser",
                  {"id": "c", "fields": {"caption": "the choking game"}}])
    verdicts = python_rules.scan_many(items, threads=2)
    assert [v.id for v in verdicts] == ["a", "", "c"]
    assert [v.decision for v in verdicts] == ["restrict", "review", "restrict"]
    assert python_rules.scan_many([], threads=2) == []
    assert [v.id for v in python_rules.scan_many(
        ({"id": str(i), "text": t} for i, t in enumerate(corpus(7))))] == list("0123456")


def test_an_error_from_the_iterable_propagates(python_rules):
    def broken():
        yield "the choking game"
        raise KeyError("from the generator")
    with pytest.raises(KeyError, match="from the generator"):
        python_rules.scan_many(broken(), threads=2)


def test_python_threads_may_share_one_rules(python_rules):
    texts = corpus(200)
    expected = [python_rules.scan(text).to_json() for text in texts]
    results = {}

    def work(k):
        results[k] = [python_rules.scan(text).to_json() for text in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[k] == expected for k in range(4))
