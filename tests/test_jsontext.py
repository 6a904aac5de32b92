"""JSON text loading: repeated keys are found wherever they are, however the text is spaced."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from querydsl import SchemaError, validate_payload
from querydsl.homebank import load_error
from querydsl.wire.jsontext import load_json

KEYS = st.sampled_from(["a", "b", 'q":', "a b", "ключ", ""])
COLONS = st.sampled_from([":", " :", ": ", "\n:", "\t: ", "\r:"])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(alphabet='ab":\\ ', max_size=6)
)


@st.composite
def documents(draw: st.DrawFn, depth: int = 0) -> tuple[str, Any, set[str]]:
    """JSON text written pair by pair (keys may repeat), its value, and the pointers repeated."""
    if depth >= 2 or draw(st.booleans()):
        value = draw(SCALARS)
        return json.dumps(value), value, set()
    if draw(st.booleans()):
        items = [draw(documents(depth + 1)) for _ in range(draw(st.integers(0, 3)))]
        repeated = {f"/{i}{p}" for i, (_, _, ps) in enumerate(items) for p in ps}
        return "[" + ",".join(t for t, _, _ in items) + "]", [v for _, v, _ in items], repeated
    count = draw(st.integers(0, 4))
    pairs = [(draw(KEYS), draw(documents(depth + 1)), draw(COLONS)) for _ in range(count)]
    value: dict[str, Any] = {}
    repeated: set[str] = set()
    for key, (_, inner, _), _ in pairs:
        pointer = "/" + key.replace("~", "~0").replace("/", "~1")
        if key in value:
            repeated.add(pointer)
        value[key] = inner
    last = {key: doc for key, doc, _ in pairs}  # only the last value of a key survives
    for key, (_, _, inner_repeated) in last.items():
        pointer = "/" + key.replace("~", "~0").replace("/", "~1")
        repeated |= {pointer + p for p in inner_repeated}
    text = "{" + ",".join(f"{json.dumps(k)}{c}{t}" for k, (t, _, _), c in pairs) + "}"
    return text, value, repeated


@given(documents())
def test_every_repeated_key_is_reported_and_the_last_value_wins(
    document: tuple[str, Any, set[str]],
) -> None:
    text, value, repeated = document
    loaded, diagnostics = load_json(text)
    assert loaded == value
    assert {d.path for d in diagnostics} == repeated
    assert all(d.code == "duplicate_key" for d in diagnostics)


def test_bytes_with_a_byte_order_mark_and_invalid_utf8() -> None:
    assert load_json(b'\xef\xbb\xbf{"a": 1}') == ({"a": 1}, [])
    value, diagnostics = load_json(b'{"a": "\xff"}')
    assert value is None and [d.code for d in diagnostics] == ["invalid_shape"]


# What a misplaced value is, in the same words for payloads and responses (never its repr).
JSON_TYPE_WORDS = [
    (True, "a boolean"),
    (None, "null"),
    (7, "an integer"),
    (1.5, "a number with a fraction"),
    ([], "an array"),
    ({}, "an object"),
    ({1}, "a Python set, which is not JSON"),
]


@pytest.mark.parametrize(("value", "words"), JSON_TYPE_WORDS)
def test_payloads_and_responses_name_a_json_type_alike(value: object, words: str) -> None:
    condition = {"name": "payer_email", "method": "=", "searchParameter": [value]}
    found = {d.path: d.message for d in validate_payload({"searchParameters": [condition]})}
    assert found["/searchParameters/0/searchParameter/0"] == (
        f"a search value is a JSON string, not {words}"
    )
    with pytest.raises(SchemaError) as raised:
        load_error({"code": 232, "message": value})
    assert [d.message for d in raised.value.diagnostics] == [f"expected a string, got {words}"]


def test_one_byte_order_mark_is_dropped_from_text_as_from_bytes() -> None:
    assert load_json('\ufeff{"a": 1}') == ({"a": 1}, [])
    assert load_json('\ufeff{"a": 1}', exact=True) == ({"a": 1}, [])
    value, diagnostics = load_json('\ufeff\ufeff{"a": 1}')
    assert value is None and [d.code for d in diagnostics] == ["invalid_shape"]


WHITESPACE = st.text(st.sampled_from(" \t\n\r"), max_size=3)


@given(
    st.lists(st.sampled_from("abc"), min_size=1, max_size=6),
    st.lists(st.tuples(WHITESPACE, WHITESPACE, WHITESPACE), min_size=6, max_size=6),
)
def test_a_repeated_key_is_found_whatever_the_whitespace(
    keys: list[str], spaces: list[tuple[str, str, str]]
) -> None:
    members = [
        f'{before}"{key}"{colon}:{after}{index}'
        for index, (key, (before, colon, after)) in enumerate(zip(keys, spaces, strict=False))
    ]
    text = "{" + ",".join(members) + "}"
    repeated = sorted({f"/{key}" for key in keys if keys.count(key) > 1})
    _, diagnostics = load_json(text)
    assert sorted({d.path for d in diagnostics if d.code == "duplicate_key"}) == repeated
