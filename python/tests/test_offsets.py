"""Spans index the Python str (code points) and the UTF-8 bytes, both exactly."""

import pytest

TEXTS = [
    "who's in for the blackout challenge tonight? tag 3 friends",
    "🎉🎉 the blackout challenge 🎉 who's in",
    "naïve café résumé, 日本語 — the choking game, who's in",
    "Le défi du foulard, on y va ce soir ? 🙈",
    "ｂｌａｃｋｏｕｔ ｃｈａｌｌｅｎｇｅ — try it",
    "the b\u200blackout chal\u200blenge, who's in",
]


@pytest.mark.parametrize("text", TEXTS)
def test_str_offsets_slice_the_str_and_byte_offsets_the_bytes(python_rules, text):
    verdict = python_rules.scan(text)
    spans = [span for match in verdict.rules for span in match.spans]
    assert spans, "every text here matches"
    encoded = text.encode("utf-8")
    for span in spans:
        assert text[span.begin:span.end] == span.text
        assert encoded[span.byte_begin:span.byte_end].decode("utf-8") == span.text
        assert len(text[:span.begin].encode("utf-8")) == span.byte_begin


def test_offsets_differ_after_non_ascii_text(python_rules):
    verdict = python_rules.scan("🎉🎉 the blackout challenge 🎉 who's in")
    span = verdict.rules[0].spans[0]
    assert (span.begin, span.end) == (7, 25)
    assert (span.byte_begin, span.byte_end) == (13, 31)  # each emoji is 4 bytes


def test_offsets_are_per_field(python_rules):
    verdict = python_rules.scan("ça va", title="über tidepodchallenge")
    (match,) = verdict.rules
    (span,) = match.spans
    assert (span.field, span.begin, span.byte_begin, span.text) == ("title", 5, 6, "tidepodchallenge")


def test_disguised_spans_name_their_evasions(python_rules):
    verdict = python_rules.scan("ｂｌａｃｋｏｕｔ ｃｈａｌｌｅｎｇｅ — try it")
    assert "styled" in verdict.rules[0].spans[0].evasions
    assert "styled" in verdict.evasions
    assert python_rules.scan("the blackout challenge, try it").evasions == []
