"""The exception contract as hypothesis properties (SPEC 3): for any text or JSON value, the
raising APIs raise only QueryError, the others never raise, and every span lies inside the text.
Also: whatever string a user searches for reaches the payload exactly, with no extra keys.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import querydsl
from querydsl import Diagnostic, QueryError, homebank, horizonpay
from querydsl.language.text import quote

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

# Text a search box may receive: anything, and anything shaped like the language.
FRAGMENTS = [
    "created_date", "amount", "payer_email", "email", "post_link", "shop_id", "аmount", "ррн",
    " and ", " or ", " not ", "between", " in ", "like", "order by", "sort by", "asc", "desc",
    "page", "size", "true", "false", "now-7d", "today", "yesterday+1w", "2018-01-01",
    "2018-02-30", "2018-01-01T10:00:00.123456+06:00", "4003...9282", "400303******9282",
    "=", "==", "!=", "<", ">=", ":", "..", "*", "(", ")", "[", "]", ",", '"', "'", "\\",
    "\\u0041", "\\ud800", "%", "dana%", "1000", "-0.5", "١٢", "１", "\x00", "\u202e", "\ud800",
    " ", "\t", "\n",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.lists(st.sampled_from(FRAGMENTS), max_size=20).map("".join),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=3), max_size=15).map("".join),
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.builds(lambda: 10**5_000)  # past Python's int/str digit limit; a dict may hold it
    | st.builds(lambda: -(10**5_000))
    | st.floats()  # NaN and infinities included: a dict may hold them
    | st.text(max_size=12)
)


def _dumps(value: object) -> str:
    """JSON text, NaN and Infinity included; huge integers written out as digits."""
    try:
        return json.dumps(value, allow_nan=True)
    except ValueError:
        return "9" * 5_000


json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12), inner, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                [
                    "paging",
                    "page",
                    "size",
                    "searchParameters",
                    "orderParameters",
                    "name",
                    "method",
                    "searchParameter",
                    "field",
                    "typeOrder",
                    "totalCount",
                    "records",
                    "code",
                    "message",
                    "uid",
                    "status",
                    "amount",
                    "payment_method",
                    "customer",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)
documents = st.one_of(
    json_values,
    json_values.map(lambda value: _dumps(value)),
    json_values.map(lambda value: _dumps(value).encode()),
    st.binary(max_size=60),
    st.text(max_size=60),
    st.builds(object),
)
options = st.fixed_dictionaries(
    {},
    optional={
        "tz": st.sampled_from(["UTC", "Asia/Almaty", "Pacific/Kiritimati", "Nowhere/Land", ""]),
        "now": st.datetimes(timezones=st.none() | st.just(UTC)),
        "default_period": st.sampled_from(["30d", "1w", "999999999d", "x", "0s"]),
        "page": st.integers(min_value=-2, max_value=2**32) | st.none(),
        "size": st.integers(min_value=-2, max_value=2**32) | st.none(),
    },
)


def assert_diagnostics(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], text: str) -> None:
    assert diagnostics, "a QueryError carries at least one diagnostic"
    for diagnostic in diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        if diagnostic.span is not None:
            start, end = diagnostic.span
            assert 0 <= start <= end <= len(text), (diagnostic, len(text))


def answer(call: Any) -> Any:
    """What `call` returns, or the QueryError it raises, its str and repr made once; any other
    exception propagates (and fails the test)."""
    try:
        return call()
    except QueryError as error:
        str(error)
        repr(error)
        return error


def assert_placed_in(result: object, text: str) -> None:
    """When `result` is a QueryError, its diagnostics are placed inside `text`."""
    if isinstance(result, QueryError):
        assert_diagnostics(result.diagnostics, text)


@given(texts, options)
def test_parse_raises_only_query_error(text: str, opts: dict[str, Any]) -> None:
    opts.pop("default_period", None), opts.pop("page", None), opts.pop("size", None)
    assert_placed_in(answer(lambda: querydsl.parse(text, **opts)), text)


@given(texts, options)
def test_to_payload_raises_only_query_error(text: str, opts: dict[str, Any]) -> None:
    result = answer(lambda: querydsl.to_payload(text, **opts))
    assert_placed_in(result, text)
    if isinstance(result, dict):
        assert json.loads(json.dumps(result, allow_nan=False)) == result


@given(texts, options)
def test_check_never_raises(text: str, opts: dict[str, Any]) -> None:
    try:
        querydsl.to_payload(text, **opts)
        expected: list[Diagnostic] | None = []
    except QueryError as error:
        expected = list(error.diagnostics) if error.text is not None else None
    try:
        diagnostics = querydsl.check(text, **opts)
    except QueryError:
        # Bad options (a time zone, a period) are the caller's error, not the text's.
        assert expected is None
        return
    if diagnostics:
        assert_diagnostics(diagnostics, text)
    if expected is not None and "now" in opts:
        assert diagnostics == expected


@given(texts, st.integers(min_value=-5, max_value=80) | st.none())
def test_complete_never_raises(text: str, cursor: int | None) -> None:
    suggestions = querydsl.complete(text, cursor)
    for suggestion in suggestions:
        start, end = suggestion.span
        assert 0 <= start <= end <= len(text)


@given(texts)
def test_tokens_never_raise_and_cover_every_non_space(text: str) -> None:
    tokens = querydsl.tokens(text)
    covered: set[int] = set()
    last_end = 0
    for token in tokens:
        start, end = token.span
        assert last_end <= start < end <= len(text)
        assert text[start:end] == token.text
        covered.update(range(start, end))
        last_end = end
    assert covered >= {i for i, ch in enumerate(text) if ch not in " \t\r\n"}


@given(texts)
def test_explain_raises_only_query_error(text: str) -> None:
    assert_placed_in(answer(lambda: querydsl.explain(text)), text)


@given(documents)
def test_validate_payload_never_raises(document: Any) -> None:
    for diagnostic in querydsl.validate_payload(document):
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.path is None or diagnostic.path == "" or diagnostic.path[0] == "/"


@given(documents)
def test_from_payload_raises_only_query_error(document: Any) -> None:
    result = answer(lambda: querydsl.from_payload(document))
    if not isinstance(result, QueryError):
        assert querydsl.validate_payload(document) == []
        querydsl.to_text(result)


@given(documents, st.booleans())
def test_response_loaders_raise_only_query_error(document: Any, strict: bool) -> None:
    for load in (homebank.load_operations, homebank.load_error, horizonpay.load_transaction):
        result = answer(lambda load=load: load(document, strict=strict))
        repr(result), str(result)


# ---- JSON injection ---------------------------------------------------------------------------


@given(st.text())
def test_any_string_value_reaches_the_payload_exactly(value: str) -> None:
    text = f"created_date >= 2024-01-01 and description = {quote(value)}"
    # Quoted and escaped, any text is a value (st.text() draws no lone surrogates).
    payload = querydsl.to_payload(text, limits=querydsl.Limits(max_length=1_000_000))
    read_back = json.loads(json.dumps(payload))
    assert read_back == {
        "searchParameters": [
            {
                "name": "created_date",
                "method": ">=",
                "searchParameter": ["2024-01-01T00:00:00Z"],
            },
            {"name": "description", "method": "=", "searchParameter": [value]},
        ],
        "orderParameters": [],
    }
    assert list(read_back) == ["searchParameters", "orderParameters"]


@given(st.lists(st.text(min_size=1), min_size=1, max_size=5))
def test_any_string_values_in_a_list_reach_the_payload_exactly(values: list[str]) -> None:
    written = ", ".join(quote(value) for value in values)
    text = f"created_date >= 2024-01-01 and payer_email in ({written})"
    payload = querydsl.to_payload(text, limits=querydsl.Limits(max_length=1_000_000))
    read_back = json.loads(json.dumps(payload))
    assert read_back["searchParameters"][1]["searchParameter"] == values  # duplicates too
    assert len(read_back["searchParameters"]) == 2
    assert set(read_back["searchParameters"][1]) == {"name", "method", "searchParameter"}
