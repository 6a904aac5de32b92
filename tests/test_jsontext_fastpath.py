"""JSON text's fast path (issue 23): decoded at once, repeated keys told by a count of quotes.

The shortcut (`plain_json`, `may_repeat_keys` with the strings the value holds, the payload's
counts) must say "no key repeated" only where the slow path (`load_json`, which watches every
key) finds none, and validate_payload and from_payload on text must give what the slow path gives.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from querydsl import QueryError, from_payload, validate_payload
from querydsl.strategies import payloads
from querydsl.wire.jsontext import load_json, may_repeat_keys, plain_json

# Keys that hide a quote, a backslash before a quote, a colon, or a letter behind an escape.
KEYS = st.sampled_from(["a", "b", "ab", 'q"', 'q":', "\\", 'x\\"', "é", "ключ", ""])
BLANKS = st.text(st.sampled_from(" \t\n\r"), max_size=2)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.text(alphabet='ab":\\ é\n', max_size=6),
)


@st.composite
def spelled(draw: st.DrawFn, text: str) -> str:
    """`text` as a JSON string, each character written as itself or as a `\\u` escape."""
    out = []
    for char in text:
        plain = json.dumps(char, ensure_ascii=draw(st.booleans()))[1:-1]
        out.append(draw(st.sampled_from([plain, f"\\u{ord(char):04x}", f"\\u{ord(char):04X}"])))
    return '"' + "".join(out) + '"'


@st.composite
def written(draw: st.DrawFn, value: Any, depth: int = 0) -> str:
    """JSON text for `value`, spaced and spelled at random, objects' keys possibly repeated
    (an extra member before or after the real one, with a stray value or the same)."""
    if isinstance(value, dict):
        members = []
        for key, inner in value.items():
            members.append((key, draw(written(inner, depth + 1))))
            if draw(st.integers(0, 5)) == 0:  # now and then, the key once more
                stray = draw(written(draw(SCALARS), depth + 1))
                members.insert(draw(st.integers(0, len(members))), (key, stray))
        parts = [
            f"{draw(spelled(key))}{draw(BLANKS)}:{draw(BLANKS)}{inner}" for key, inner in members
        ]
        return "{" + draw(BLANKS) + ",".join(parts) + draw(BLANKS) + "}"
    if isinstance(value, list):
        items = [draw(written(item, depth + 1)) for item in value]
        return "[" + ("," + draw(BLANKS)).join(items) + "]"
    if isinstance(value, str):
        return draw(spelled(value))
    return json.dumps(value)


def documents(depth: int = 2) -> st.SearchStrategy[Any]:
    """Decoded JSON values: nested objects and arrays of the keys and scalars above."""
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=4)
        ),
        max_leaves=8,
    )


def keys_and_strings(value: Any) -> tuple[int, int]:
    """How many keys the objects of a decoded value hold, and how many strings besides."""
    if isinstance(value, dict):
        counts = [keys_and_strings(inner) for inner in value.values()]
        return len(value) + sum(k for k, _ in counts), sum(s for _, s in counts)
    if isinstance(value, list):
        counts = [keys_and_strings(inner) for inner in value]
        return sum(k for k, _ in counts), sum(s for _, s in counts)
    return 0, int(isinstance(value, str))


@given(documents().flatmap(written))
def test_the_count_of_quotes_never_hides_a_repeated_key(text: str) -> None:
    value = plain_json(text)
    loaded, diagnostics = load_json(text)
    assert value == loaded  # this text is JSON: plain_json reads it as load_json does
    keys, strings = keys_and_strings(value)
    if not may_repeat_keys(text, keys, strings):
        assert diagnostics == []
    if not may_repeat_keys(text, keys):
        assert diagnostics == []


def slow_path(text: str) -> list[Any]:
    """What validate_payload says of text read by load_json, which watches every key: the
    repeated keys first, then what the decoded payload has wrong."""
    value, duplicates = load_json(text)
    return duplicates + (validate_payload(value) if value is not None or not duplicates else [])


@given(payloads().flatmap(written))
def test_validate_payload_on_text_agrees_with_the_slow_path(text: str) -> None:
    expected = slow_path(text)
    assert validate_payload(text) == expected
    assert validate_payload(text.encode()) == expected
    if expected:
        with pytest.raises(QueryError) as raised:
            from_payload(text)
        assert list(raised.value.diagnostics) == expected
    else:
        assert from_payload(text) == from_payload(load_json(text)[0])


VALID = (
    '{"searchParameters": [{"name": "created_date", "method": ">=",'
    ' "searchParameter": ["2024-01-01T00:00:00Z"]}], "orderParameters": []}'
)

# (why, text, the duplicate_key pointers validate_payload must report)
REPEATS = [
    ("plain", VALID, []),
    ("compact", json.dumps(json.loads(VALID), separators=(",", ":")), []),
    ("a blank before each colon", VALID.replace('":', '" :'), []),
    ("top key twice", VALID[:-1] + ', "orderParameters": []}', ["/orderParameters"]),
    (
        "the second spelled with an escape",
        VALID[:-1] + ', "orderP\\u0061rameters": []}',
        ["/orderParameters"],
    ),
    (
        "the first spelled with an escape",
        VALID.replace('"orderParameters"', '"\\u006frderParameters"')[:-1]
        + ', "orderParameters": []}',
        ["/orderParameters"],
    ),
    (
        "nested key twice, a blank before its colon",
        VALID.replace('"method": ">="', '"method": "<=", "method" : ">="'),
        ["/searchParameters/0/method"],
    ),
    (
        "an escaped quote before a colon in a value",
        VALID.replace('"orderParameters": []', '"orderParameters": [], "x": "\\":"'),
        [],
    ),
    (
        "an escaped backslash closing a repeated key's value",
        VALID.replace('"method": ">="', '"method": "\\\\", "method": ">="'),
        ["/searchParameters/0/method"],
    ),
    ("blanks around the whole text", f" \n{VALID}\n ", []),
    ("a byte order mark", f"\ufeff{VALID}", []),
]


@pytest.mark.parametrize(
    ("text", "repeated"),
    [(text, repeated) for _, text, repeated in REPEATS],
    ids=[why for why, _, _ in REPEATS],
)
def test_repeated_keys_in_payload_text_are_reported_however_written(
    text: str, repeated: list[str]
) -> None:
    found = [d.path for d in validate_payload(text) if d.code == "duplicate_key"]
    assert found == repeated
    assert validate_payload(text) == slow_path(text)


@pytest.mark.parametrize(
    ("text", "keys", "strings", "may_repeat"),
    [
        ('{"a" : "x", "b":["y", "z"]}', 2, 3, False),  # a blank before a colon: no search
        ('{"a": "x", "a": "y"}', 1, 1, True),
        ('{"a": "x", "\\u0061": "y"}', 1, 1, True),  # the same key, spelled otherwise
        ('{"a": "\\"", "b": 1}', 2, 1, False),  # an escaped quote: the count of `":` decides
        ('{"a": "\\"", "a" : 1}', 1, 0, True),
    ],
)
def test_may_repeat_keys_with_the_strings_decoded(
    text: str, keys: int, strings: int, may_repeat: bool
) -> None:
    assert may_repeat_keys(text, keys, strings) is may_repeat


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": [1, 2.5]}', {"a": [1, 2.5]}),
        ('{"a": 1}\n\t ', {"a": 1}),
        ('"x"', "x"),
        (" {}", None),  # blanks in front: read_json's to read
        ("\ufeff{}", None),
        ('{"a": 1} x', None),
        ('{"a": NaN}', None),
        ("[" * 100_000, None),
        ("", None),
    ],
)
def test_plain_json_reads_only_what_needs_no_care(text: str, value: object) -> None:
    assert plain_json(text) == value
