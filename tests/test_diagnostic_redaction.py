"""Card numbers never show in what querydsl says about a text or a payload; payloads keep them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from response_strategies import homebank_seed_text, horizonpay_seed_text

import querydsl
import querydsl.cli.arguments
import querydsl.inspect
from querydsl import Diagnostic, QueryError, homebank, horizonpay
from querydsl.inspect import inspect_document
from querydsl.language.text import quote

NOW = datetime(2024, 5, 1, tzinfo=UTC)
P = "created_date > 2024-01-01 and "
# 13 to 19 digits; the first 7 never show once masked (at most the first 6 and last 4 do).
PANS = st.from_regex(r"[1-9][0-9]{12,18}", fullmatch=True)
# Texts that get a diagnostic while holding the card number somewhere.
CONTEXTS = [
    P + "amount = {}x",  # the value quoted in the message
    P + "amout = {}",  # on the caret line of an unknown field
    P + 'description = "{}',  # inside an unclosed string: the caret line again
    P + "amount = 1 amount = {}",  # a syntax error before it
    P + "card_mask = {} and not description = x",  # unsupported_not
    "amount > {}",  # missing_period
]


def said_about(text: str) -> Iterator[str]:
    """Everything the library says about a text with a problem: diagnostics, error, repr."""
    diagnostics = querydsl.check(text, now=NOW)
    assert diagnostics, text
    yield repr(diagnostics)
    yield json.dumps([d.to_dict() for d in diagnostics])
    with pytest.raises(QueryError) as caught:
        querydsl.to_payload(text, now=NOW)
    yield str(caught.value)


@given(PANS, st.sampled_from(CONTEXTS))
def test_no_diagnostic_shows_a_card_number(pan: str, context: str) -> None:
    for said in said_about(context.format(pan)):
        assert pan[:7] not in said


@given(PANS, st.integers(0, 40))
def test_a_card_number_cut_by_the_caret_window_is_masked_whole(pan: str, offset: int) -> None:
    # The caret line shows 40 characters either side of `amout`: the number crosses that edge.
    text = 'amout = 1 and description = "' + "y" * offset + pan + '" and shop_id = ' + "z" * 80
    rendered = str(QueryError(querydsl.check(text, now=NOW), text))
    assert "amout" in rendered and pan[:7] not in rendered


def _period(value: str = "2024-01-01T00:00:00Z") -> dict[str, object]:
    return {"name": "created_date", "method": ">=", "searchParameter": [value]}


# Where a message quotes a value cut to 40 characters: (text, None) or (None, payload).
CUT_SHORT: list[Callable[[str], tuple[str | None, object]]] = [
    lambda v: (P + "created_date = " + v, None),  # a date value
    lambda v: ("created_date > 2024-01-01 page " + v, None),  # a paging value
    lambda v: (None, {"searchParameters": [_period(), {"name": v, "method": "=",
                                                        "searchParameter": ["a"]}]}),
    lambda v: (None, {"searchParameters": [_period(v)]}),  # a datetime in a payload
    lambda v: (None, {"searchParameters": [_period(), {"name": "amount", "method": v,
                                                        "searchParameter": ["1"]}]}),
    lambda v: (None, {"searchParameters": [_period()],
                      "orderParameters": [{"field": "amount", "typeOrder": v}]}),
    lambda v: (None, {"searchParameters": [_period()], v: 1}),  # an unknown key
    lambda v: (P + "description like " + quote(v), None),  # a pattern offered to type
]  # fmt: skip


def _diagnostics(text: str | None, payload: object) -> list[Diagnostic]:
    """What `check` says of the text, or `validate_payload` of the payload when there is none."""
    return querydsl.check(text, now=NOW) if text is not None else querydsl.validate_payload(payload)


@given(PANS, st.integers(0, 45), st.sampled_from(CUT_SHORT))
def test_a_card_number_cut_short_in_a_message_is_masked_first(
    pan: str, offset: int, case: Callable[[str], tuple[str | None, object]]
) -> None:
    # Messages cut a long value to 37 characters: masking must see the whole number.
    diagnostics = _diagnostics(*case("x" * offset + pan))
    assert diagnostics
    assert pan[:7] not in repr(diagnostics)


# Where a key or value is quoted cut to 200 characters (SPEC 3), in a message or a pointer.
CUT_LONG: list[Callable[[str], tuple[str | None, object]]] = [
    lambda v: (P + "amount = 1 " + quote(v), None),  # `unexpected "..."`
    lambda v: (P + "amount = 1 and " + v + " = 2", None),  # an unknown field
    lambda v: (None, {"searchParameters": [_period()], v: 1}),  # a pointer: escape_pointer
    lambda v: (None, {"searchParameters": [_period(), {v: 1}]}),
]


@given(PANS, st.integers(175, 200), st.sampled_from(CUT_LONG))
@example("4111112222333344", 184, CUT_LONG[0])
@example("4111112222333344", 185, CUT_LONG[2])
@example("4111112222333344", 185, CUT_LONG[3])
def test_a_card_number_across_the_200th_character_is_masked_before_the_cut(
    pan: str, offset: int, case: Callable[[str], tuple[str | None, object]]
) -> None:
    # Cut first, a number across the cut keeps too few digits for masking to see it.
    diagnostics = _diagnostics(*case("x" * offset + pan))
    assert diagnostics
    assert pan[:7] not in repr(diagnostics)


def test_a_hand_built_number_shown_cut_short_is_masked_first() -> None:
    # Its exponent is a run of 16 digits that the 60-character cut of its repr would split.
    value = Decimal("1." + "0" * 38 + "E+4111112222333344")
    query = querydsl.Query(querydsl.Condition("amount", querydsl.Method.EQ, (value,)))
    with pytest.raises(QueryError) as caught:
        querydsl.to_payload(query, now=NOW)
    assert "4111112" not in str(caught.value)


def test_an_or_hint_never_offers_a_masked_card_number_to_type() -> None:
    text = P + 'card_mask = "4111111111111111" or card_mask = "4000000000000002"'
    hints = [d.hint or "" for d in querydsl.check(text) if d.code == "unsupported_or"]
    assert hints and all("parentheses" in hint for hint in hints)
    assert not any("411111" in hint or "*" in hint for hint in hints)
    plain = querydsl.check(P + "card_mask = 41 or card_mask = 40")
    assert any("(card_mask = 41 or card_mask = 40)" in (d.hint or "") for d in plain)


# 11 to 19 digits, each followed by up to 3 other characters (no controls: they show escaped).
SPREAD_DIGITS = st.lists(
    st.tuples(
        st.sampled_from("0123456789"),
        st.text(st.characters(blacklist_categories=("Nd", "Cc", "Cs")), max_size=3),
    ),
    min_size=11,
    max_size=19,
).map(lambda parts: "".join(digit + after for digit, after in parts))


@given(SPREAD_DIGITS, st.sampled_from([querydsl.Method.EQ, querydsl.Method.LIKE]))
def test_explain_masks_a_card_mask_value_however_it_is_written(
    value: str, method: querydsl.Method
) -> None:
    # A card_mask value is card data by definition: at most its first 6 and last 4 digits show.
    value = value + "%" if method is querydsl.Method.LIKE else value
    explained = querydsl.explain(querydsl.Query(querydsl.Condition("card_mask", method, (value,))))
    assert sum(ch.isdecimal() for ch in explained) <= 10


def test_an_unknown_time_zone_is_masked() -> None:
    pan = "4111112222333344"
    with pytest.raises(QueryError) as caught:
        querydsl.to_payload("amount > 5", tz="x" * 50 + pan)
    assert caught.value.diagnostics[0].code == "invalid_value"
    assert pan[:7] not in str(caught.value)


@given(PANS)
def test_payload_pointers_and_messages_are_masked(pan: str) -> None:
    diagnostics = querydsl.validate_payload({"searchParameters": [], pan: 1})
    assert diagnostics[0].path == "/" + pan[:6] + "*" * (len(pan) - 10) + pan[-4:]
    assert pan[:7] not in repr(diagnostics)
    with pytest.raises(QueryError) as caught:
        homebank.load_operations({"totalCount": 0, "records": [{pan: 1}]}, strict=True)
    assert pan[:7] not in str(caught.value) + repr(caught.value.diagnostics)


def test_query_reprs_and_explanations_mask_card_numbers() -> None:
    query = querydsl.parse(P + "card_mask = 4111111111111111")
    assert "411111******1111" in repr(query) and "4111111111111111" not in repr(query)
    explained = querydsl.explain(query)
    assert "411111******1111" in explained and "4111111111111111" not in explained


def test_the_payload_and_canonical_text_keep_the_number_as_written() -> None:
    text = P + "card_mask = 4111111111111111"
    payload = querydsl.to_payload(text)
    assert payload["searchParameters"][1]["searchParameter"] == ["4111111111111111"]
    assert "4111111111111111" in querydsl.to_text(querydsl.parse(text))


def test_the_command_line_masks_errors_but_not_payloads() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "querydsl", *args]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    for args in (
        ["compile", P + "amount = 4111111111111111x"],
        ["compile", "--json", P + "amount = 4111111111111111x"],
    ):
        failed = run(*args)
        assert failed.returncode == 1
        assert "411111******1111" in failed.stdout + failed.stderr
        assert "4111111111111111" not in failed.stdout + failed.stderr
    compiled = run("compile", P + "card_mask = 4111111111111111")
    assert compiled.returncode == 0 and "4111111111111111" in compiled.stdout


def test_inspect_masks_card_numbers_in_keys_too() -> None:
    page = json.loads(homebank_seed_text())
    page["records"][0]["4111111111111111"] = "x"  # an unknown key: kept, and shown
    shown = inspect_document(json.dumps(page), as_json=True)
    assert "411111******1111" in shown and "4111111111111111" not in shown


def test_inspect_hides_secrets_nested_under_a_secret_key() -> None:
    transaction = json.loads(horizonpay_seed_text())
    transaction["errors"] = {"cvc": ["846"], "token": {"v": "TOKX"}}
    shown = inspect_document(json.dumps(transaction), as_json=True)
    assert "846" not in shown and "TOKX" not in shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("created_date between 2018-01-01 2018-02-01", "2018-01-01 2018-02-01"),
        ("created_date in (2018-01-01 2018-02-01)", "2018-01-01 2018-02-01"),
        # still a card number when grouped as one: only whole dates side by side are spared
        ("created_date > 2024-01-01 and card_mask = 4111-1111-1111-1111 x", "4111-11**-****-1111"),
    ],
)
def test_dates_side_by_side_are_no_card_number(text: str, shown: str) -> None:
    with pytest.raises(QueryError) as caught:
        querydsl.to_payload(text, now=NOW)
    assert shown in str(caught.value)


# One card number as people write it down; each form shows at most its first 6 and last 4
# digits, so its third group never shows (the message may quote one refused group, `2222`).
PAN_FORMS = [
    "4111\t2222\t3333\t4444",  # tabs: shown as spaces on the caret line, and masked there
    "4111\r2222\r3333\r4444",
    "4111  2222  3333  4444",
    "4111\u00a02222\u00a03333\u00a04444",  # no-break spaces
    "4111.2222.3333.4444",
    "4111 - 2222 - 3333 - 4444",
    "4111\u200b2222\u200b3333\u200b4444",  # zero-width spaces
    "4111\x002222\x003333\x004444",  # controls, shown as U+FFFD
    "４１１１２２２２３３３３４４４４",  # full-width digits
    "４１１１ ２２２２ ３３３３ ４４４４",
    # and parted by any one common separator, or a run of tabs aligning columns
    "4111,2222,3333,4444",
    "4111, 2222, 3333, 4444",
    "4111_2222_3333_4444",
    "4111/2222/3333/4444",
    "4111+2222+3333+4444",
    "4111'2222'3333'4444",
    "4111\u00b72222\u00b73333\u00b74444",  # middle dots
    "4111\u20192222\u20193333\u20194444",  # typographic apostrophes
    "4111\uff0c2222\uff0c3333\uff0c4444",  # full-width commas
    "4111\t\t\t\t2222\t\t\t\t3333\t\t\t\t4444",
]


@pytest.mark.parametrize("form", PAN_FORMS)
@pytest.mark.parametrize("context", CONTEXTS)
def test_a_card_number_in_any_written_form_is_masked(form: str, context: str) -> None:
    for said in said_about(context.format(form)):
        assert "3333" not in said and "３３３３" not in said


# ---- nothing reachable from a raised error holds card data --------------------------------
# An error travels: loggers and error trackers keep its args, its attributes and the errors it
# was raised while handling (`__context__`, `__cause__`), and print them.

#: Where a card number may stand in a query text, an option or a payload (`{}` is the number).
TEXT_SPOTS = [
    *CONTEXTS,
    "{} = 1",
    "amount in ({0}, {0}x)",
    P + "created_date = {}",
    P + "created_date > {}T00:00",
    P + "created_date > now-{}d",
    P + "created_date between {}..2024-01-01",
    P + "amount > 1 page {}",
    P + 'description = "\\u{}"',
    P + 'description = "\ud800{}"',
    P + "post_link = {}",
    "\x00{}",
]


def _calls_on_text(text: str, pan: str) -> Iterator[Callable[[], object]]:
    yield lambda: querydsl.parse(text, now=NOW)
    yield lambda: querydsl.to_payload(text, now=NOW)
    yield lambda: querydsl.to_payload(text, now=NOW, limits=querydsl.Limits(max_length=9_999))
    yield lambda: querydsl.explain(text, now=NOW)
    yield lambda: querydsl.complete(text)
    yield lambda: querydsl.tokens(text)
    ok = "created_date > 2024-01-01"
    yield lambda: querydsl.parse(ok, tz=text)
    yield lambda: querydsl.parse(ok, now=text)  # type: ignore[arg-type]
    yield lambda: querydsl.to_payload(ok, now=NOW, default_period=text)
    yield lambda: querydsl.to_payload(ok, now=NOW, page=text)  # type: ignore[arg-type]
    yield lambda: querydsl.to_payload(ok, now=NOW, size=int("".join(filter(str.isdigit, pan))))
    yield lambda: querydsl.explain(ok, tz=text)
    yield lambda: querydsl.Limits(max_length=text)  # type: ignore[arg-type]
    for method, values in ((querydsl.Method.EQ, (text,)), (querydsl.Method.LT, (text,))):
        for field in ("created_date", "amount", "description", text):
            query = querydsl.Query(querydsl.Condition(field, method, values))
            yield lambda query=query: querydsl.to_payload(query, now=NOW)
            yield lambda query=query: querydsl.to_text(query)
            yield lambda query=query: querydsl.explain(query)


def _payloads(value: str) -> Iterator[object]:
    period = _period()
    yield {"searchParameters": [_period(value)]}
    yield {"searchParameters": [period, {"name": value, "method": "=", "searchParameter": ["a"]}]}
    yield {"searchParameters": [period, {"name": "amount", "method": value,
                                         "searchParameter": ["1"]}]}  # fmt: skip
    yield {"searchParameters": [period, {"name": "amount", "method": "=",
                                         "searchParameter": [value]}]}  # fmt: skip
    yield {"searchParameters": [period], "orderParameters": [{"field": "amount",
                                                              "typeOrder": value}]}  # fmt: skip
    yield {"searchParameters": [period], "paging": {"page": value}, value: 1}
    yield json.dumps({"searchParameters": [_period(value)]})
    yield '{"searchParameters": [' + value
    twice = json.dumps(value)
    yield '{"searchParameters": [], ' + twice + ": 1, " + twice + ": 2}"  # a key given twice
    yield json.dumps({"searchParameters": [_period(value)]}).encode() + b"\xff"
    yield b"\xff" + value.encode()


def _responses(value: str) -> Iterator[object]:
    page = json.loads(homebank_seed_text())
    for key in ("createdDate", "amount", "postLink", "cardType", "id"):
        record = dict(page["records"][0], **{key: value})
        yield {**page, "records": [record]}
    yield {"code": value, "message": value}
    transaction = json.loads(horizonpay_seed_text())
    for key in ("created_at", "code", "status", "amount", "payment_method"):
        yield {**transaction, key: value}
    yield '{"uid": "' + value
    twice = json.dumps(value)
    yield '{"uid": "1", "status": "failed", ' + twice + ": 1, " + twice + ": 2}"
    yield b"\xff" + value.encode()


def _calls_on_data(value: str) -> Iterator[Callable[[], object]]:
    for payload in _payloads(value):
        yield lambda payload=payload: querydsl.validate_payload(payload)
        yield lambda payload=payload: querydsl.from_payload(payload)
    for response in _responses(value):
        for strict in (False, True):
            yield lambda r=response, s=strict: homebank.load_operations(r, strict=s)
            yield lambda r=response, s=strict: homebank.load_error(r, strict=s)
            yield lambda r=response, s=strict: horizonpay.load_transaction(r, strict=s)
        text = response if isinstance(response, (str, bytes)) else json.dumps(response)
        yield lambda text=text: inspect_document(text)


def _reachable(error: BaseException) -> Iterator[BaseException]:
    """The error and every error it holds: what it was raised from or while handling, and the
    errors a group (cattrs' validation errors) collects."""
    seen: list[BaseException] = []
    waiting: list[BaseException | None] = [error]
    while waiting:
        found = waiting.pop()
        if found is None or any(found is known for known in seen):
            continue
        seen.append(found)
        yield found
        waiting += [found.__cause__, found.__context__, *getattr(found, "exceptions", ())]


def _held(error: BaseException) -> Iterator[str]:
    """What an error shows and holds: str, repr, args, notes, and every public attribute
    (`text`, `diagnostics`; `object` of a UnicodeError, `doc` of a JSONDecodeError ...)."""
    yield str(error)
    yield repr(error)
    yield repr(error.args)
    yield repr(getattr(error, "__notes__", ""))
    for name in dir(error):
        value = getattr(error, name, None)
        if not name.startswith("_") and not callable(value):
            yield repr(value)
            yield str(value)


# 16 digits, written in groups of 4 or not; the 6 digits a mask hides are no run of one digit
# that other text could hold too.
SIXTEEN = st.from_regex(r"[1-9][0-9]{5}[1-9]{6}[0-9]{4}", fullmatch=True)
WRITTEN = st.tuples(
    SIXTEEN.filter(lambda pan: len(set(pan[6:12])) > 2 and pan[6:12] not in pan[:6] + pan[12:]),
    st.sampled_from(["", " ", "-", "\t", "  ", "\u200b", "\xa0"]),
).map(lambda case: case[1].join(case[0][i : i + 4] for i in range(0, 16, 4)))


def _middle(written: str) -> str:
    """The 7th to the 12th digit as written: what a masked card number never shows."""
    at = [i for i, ch in enumerate(written) if ch.isdigit()]
    return written[at[6] : at[11] + 1]


@given(WRITTEN, st.sampled_from(TEXT_SPOTS))
def test_no_error_raised_for_a_text_holds_the_card_number(written: str, spot: str) -> None:
    _assert_nothing_reachable_holds(written, _calls_on_text(spot.format(written), written))


@settings(max_examples=30)  # each example loads ~80 documents; the separators are few
@given(WRITTEN)
def test_no_error_raised_for_data_holds_the_card_number(written: str) -> None:
    _assert_nothing_reachable_holds(written, _calls_on_data(written))


def _assert_nothing_reachable_holds(written: str, calls: Iterator[Callable[[], object]]) -> None:
    middle = _middle(written)
    forms = {middle, repr(middle)[1:-1], json.dumps(middle)[1:-1]}
    for call in calls:
        try:
            call()
        except QueryError as error:
            for reached in _reachable(error):
                for held in _held(reached):
                    assert not any(form in held for form in forms), (reached, held)


def test_an_unknown_time_zone_leaves_no_lookup_error_behind() -> None:
    # The zone lookup's own error quotes the name; the QueryError must not hold it.
    for call in (
        lambda: querydsl.parse("amount > 5", tz="4111111111111111"),
        lambda: querydsl.to_payload("amount > 5", tz="4111111111111111", default_period="7d"),
        lambda: querydsl.to_payload("created_date > now", default_period="4111111111111111d"),
    ):
        with pytest.raises(QueryError) as caught:
            call()
        assert caught.value.__context__ is None and caught.value.__cause__ is None


def test_inspect_raises_its_fallback_error_holding_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: object, **options: object) -> str:
        raise ValueError("4111111111111111")  # whatever failed, quoting the data

    monkeypatch.setattr(querydsl.inspect, "_inspect", failing)
    with pytest.raises(QueryError) as caught:
        inspect_document("{}")
    assert caught.value.__context__ is None


def test_the_command_line_reading_bad_utf8_holds_no_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        querydsl.cli.arguments, "_stdin", lambda: b"card_mask = 4111111111111111 \xff"
    )
    with pytest.raises(QueryError) as caught:
        querydsl.cli.arguments.read_text("-")
    assert caught.value.__context__ is None


SHOWN_FORMS = [*PAN_FORMS, "4111\ue0002222\ue0003333\ue0004444"]  # private use: shown as U+FFFD


@pytest.mark.parametrize("form", SHOWN_FORMS)
def test_reprs_and_explanations_mask_a_card_number_in_any_form(form: str) -> None:
    # The value is escaped when shown (`\t`, `\u0000`): masked before, as well as after.
    text = P + "description = " + quote(form)
    query = querydsl.parse(text)
    for said in (repr(query), querydsl.explain(query), querydsl.explain(text)):
        assert "3333" not in said and "３３３３" not in said


@pytest.mark.parametrize("form", SHOWN_FORMS)
def test_inspect_masks_a_card_number_in_any_form(form: str) -> None:
    page = json.loads(homebank_seed_text())
    page["records"][0].update(id=f"paid with {form}", description=f"paid with {form}")
    for as_json in (False, True):
        shown = inspect_document(json.dumps(page), as_json=as_json)
        assert "3333" not in shown and "３３３３" not in shown
