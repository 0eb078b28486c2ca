"""Bad input of every kind is a Python exception, never a crash."""

import pytest

import bylaw


@pytest.mark.parametrize("call,error,message", [
    (lambda r: r.scan(42), TypeError, "field `text` must be str, not int"),
    (lambda r: r.scan(b"bytes"), TypeError, "must be str, not bytes"),
    (lambda r: r.scan("ok", title=3.5), TypeError, "field `title` must be str"),
    (lambda r: r.scan("ok", id=7), TypeError, "`id` must be str"),
    (lambda r: r.scan("ok", headline="x"), TypeError, "unknown field `headline`"),
    (lambda r: r.scan("ok", fields=["x"]), TypeError, "entries must be"),
    (lambda r: r.scan("ok", fields="caption"), TypeError, "`fields` must be"),
    (lambda r: r.scan("ok", fields={"": "x"}), ValueError, "must not be empty"),
    (lambda r: r.scan("ok", fields={1: "x"}), TypeError, "a field name must be str"),
    (lambda r: r.scan("ok", metadata={"k": 1}), TypeError, "metadata `k` must be str"),
    (lambda r: r.scan("ok", metadata=["k"]), TypeError, "`metadata` must be a dict"),
    (lambda r: r.scan("bad \ud800 surrogate"), ValueError, "field `text` is not valid Unicode"),
    (lambda r: r.scan("ok", title="\udfff"), ValueError, "field `title` is not valid Unicode"),
    (lambda r: r.scan_many(["ok", 5]), TypeError, "item 1: a document must be a str or a dict"),
    (lambda r: r.scan_many(["ok", {"text": None, "titel": "x"}]), TypeError,
     "item 1: unknown field `titel`"),
    (lambda r: r.scan_many(["ok", "x\ud83d"]), ValueError, "item 1: field `text` is not valid"),
    (lambda r: r.scan_many(5), TypeError, "not iterable"),
    (lambda r: r.scan_many(["ok"], threads=-1), TypeError, ""),
    (lambda r: r.scan_many(["ok"], threads=257), ValueError, "at most 256"),
])
def test_bad_values_raise(python_rules, call, error, message):
    with pytest.raises(error, match=message):
        call(python_rules)


def test_a_surrogate_error_keeps_its_cause(python_rules):
    with pytest.raises(ValueError) as caught:
        python_rules.scan("\ud800")
    assert isinstance(caught.value.__cause__, UnicodeEncodeError)


def test_text_the_engine_accepts_as_it_is(python_rules):
    assert python_rules.scan("").decision == "allow"
    assert python_rules.scan().decision == "allow"  # a document without fields
    assert python_rules.scan("nul \0 inside, the choking game").decision == "restrict"
    assert python_rules.scan(fields=[("caption", "the choking game")]).rules[0].spans[0].field \
        == "caption"


def test_a_document_over_the_size_limit_is_refused(python_rules):
    with pytest.raises(bylaw.Error, match="over the limit"):
        python_rules.scan("a" * (16 << 20) + "b")
    with pytest.raises(bylaw.Error, match="item 1: .*over the limit"):
        python_rules.scan_many(["ok", "a" * (16 << 20) + "b", "ok"], threads=2)


def test_rules_cannot_be_made_empty():
    with pytest.raises(TypeError):
        bylaw.Rules()
