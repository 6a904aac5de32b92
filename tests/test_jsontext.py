"""JSON text loading: repeated keys are found wherever they are, however the text is spaced."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from querydsl.jsontext import load_json

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
