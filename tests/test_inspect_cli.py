"""`querydsl inspect FILE|-`: recognise a response and print a table or JSON; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from response_strategies import (
    homebank_error_seed_text,
    homebank_seed_text,
    horizonpay_seed_text,
    json_values,
)

from querydsl import QueryError, SchemaError
from querydsl.inspect import detect, inspect_document

ROOT = Path(__file__).resolve().parent.parent
PAN, CVC = "4111111111111111", "846"

# ---------------------------------------------------------------- the library function


def test_a_homebank_page_is_a_table_of_its_records() -> None:
    lines = inspect_document(homebank_seed_text()).splitlines()
    assert lines[0] == "Homebank operations: 2 of 8"
    assert lines[1].split() == ["id", "date", "amount", "currency", "status", "card"]
    assert lines[2].split() == [
        "b9d46313-264e-41ec-814c-728dd51eb97f",
        "2018-10-27",
        "15:08:14+06:00",
        "1000",
        "8d565e73-1f67-4169-99d9-6cbfc12c2e55",
        "22eb5a3e-0737-455c-ab42-ea98f80f7963",
        "4003...9282",
    ]
    assert len(lines) == 4
    # Columns line up: text starts under its header's first letter, the amount ends under its last.
    header, rows = lines[1], lines[2:]
    starts = {name: header.index(name) for name in header.split()}
    for row in rows:
        for name in ("id", "date", "currency", "status", "card"):
            start = starts[name]
            assert row[start] != " " and (start == 0 or row[start - 1] == " "), (name, row)
        end = starts["amount"] + len("amount")
        assert row[end - 1].isdigit() and row[end] == " ", row


def test_a_horizonpay_transaction_shows_its_code_meaning_and_service() -> None:
    output = inspect_document(horizonpay_seed_text().encode())
    rows = dict(
        line.split(None, 1) for line in output.splitlines()[1:] if not line.startswith("warning")
    )
    assert output.splitlines()[0] == "Horizonpay v3 transaction"
    assert rows["id"] == "46154-aba1cf5e57"
    assert rows["date"] == "2022-09-15 08:43:56+00:00"
    assert rows["amount"] == "100 (minor units)"
    assert rows["currency"] == "USD"
    assert rows["status"] == "incomplete"
    assert rows["card"] == "420000...0013"
    assert rows["code"] == "P.9998"
    assert rows["meaning"] == "still processing or waiting for the customer; code from the bank"
    assert rows["service"] == "bank"
    assert "warning[duplicate_key] at /payment_method/exp_year" in output


def test_a_homebank_error_is_a_two_row_table() -> None:
    assert inspect_document(homebank_error_seed_text()) == (
        "Homebank error\ncode     232\nmessage  Search Method Unavailable"
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (homebank_seed_text(), "homebank_operations"),
        (homebank_error_seed_text(), "homebank_error"),
        (horizonpay_seed_text(), "horizonpay_transaction"),
    ],
)
def test_json_output_is_the_structured_result(text: str, kind: str) -> None:
    document = json.loads(inspect_document(text, as_json=True))
    assert document["kind"] == kind == detect(json.loads(text))
    assert set(document) >= {"kind", "response", "warnings"}
    if kind == "horizonpay_transaction":
        assert document["code"]["service"] == "bank"
        assert document["response"]["payment_method"]["token"] == "***"
        assert document["warnings"][0]["code"] == "duplicate_key"
    if kind == "homebank_operations":
        assert document["response"]["records"][0]["cardCVC"] == "***"
        assert document["response"]["totalCount"] == 8


@pytest.mark.parametrize("text", ["[]", "{}", '{"name": "x"}', "5", "null", "{", "", b"\xff"])
def test_anything_else_is_a_schema_error(text: str | bytes) -> None:
    with pytest.raises(SchemaError) as caught:
        inspect_document(text)
    assert [d.path for d in caught.value.diagnostics] == [""]


def test_strict_mode_is_available() -> None:
    with pytest.raises(SchemaError):
        inspect_document(horizonpay_seed_text(), strict=True)


@given(json_values)
def test_any_json_value_gives_text_or_a_query_error(value: object) -> None:
    for as_json in (False, True):
        try:
            assert isinstance(inspect_document(json.dumps(value), as_json=as_json), str)
        except QueryError as error:
            assert error.diagnostics


@given(st.binary(max_size=80))
def test_any_bytes_give_text_or_a_query_error(data: bytes) -> None:
    try:
        assert isinstance(inspect_document(data), str)
    except QueryError as error:
        assert error.diagnostics


def test_control_characters_cannot_reach_the_terminal() -> None:
    text = json.dumps({"code": 1, "message": "\x1b[2J\u202ebad"})
    output = inspect_document(text)
    assert "\x1b" not in output and "\u202e" not in output


def test_deep_documents_are_an_error_not_a_crash() -> None:
    deep = '{"code": 1, "message": "m", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    with pytest.raises(QueryError):
        inspect_document(deep)


# ---------------------------------------------------------------- the command line
# These run `python -m querydsl inspect`, which querydsl/cli/queries.py wires to inspect_document.


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [sys.executable, "-m", "querydsl", "inspect", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )


def test_cli_prints_a_table_for_a_file(tmp_path: Path) -> None:
    path = tmp_path / "operations.json"
    path.write_text(homebank_seed_text(), encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Homebank operations: 2 of 8"
    assert "4003...9282" in result.stdout


def test_cli_reads_standard_input_and_prints_json() -> None:
    result = run("-", "--json", stdin=horizonpay_seed_text().encode())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["code"]["code"] == "P.9998"


def test_cli_invalid_input_exits_1_with_diagnostics_on_stderr() -> None:
    result = run("-", stdin=b'{"uid": "u", "status": "successful", "code": "P.9998"}')
    assert result.returncode == 1
    assert result.stdout == ""
    assert "invalid_value" in result.stderr and "/status" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run().returncode == 2
    missing = run(str(tmp_path / "missing.json"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_cli_never_shows_a_full_pan_or_a_cvc(tmp_path: Path) -> None:
    document = json.loads(homebank_seed_text())
    document["records"][0].update(cardNumber=PAN, cardCVC=CVC, cardMask="")
    for args, stdin in (([], json.dumps(document)), (["--json"], json.dumps(document))):
        result = run("-", *args, stdin=stdin.encode())
        assert result.returncode == 0, result.stderr
        assert PAN not in result.stdout and CVC not in result.stdout
    document["records"][0]["cardNumber"] = int(PAN)  # invalid: the error must not echo it
    result = run("-", stdin=json.dumps(document).encode())
    assert result.returncode == 1
    assert PAN not in result.stderr and PAN not in result.stdout
