"""`python -m querydsl compile | format | fields`: output, exit status, stderr (SPEC 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from conftest import ROOT

NOW = "2024-03-10T12:30:00+00:00"
PERIOD = {"name": "created_date", "method": ">=", "searchParameter": ["2024-01-01T00:00:00Z"]}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "querydsl", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def run_raw(
    *args: str, env: dict[str, str] | None = None, **how: Any
) -> subprocess.CompletedProcess[bytes]:
    """The command run as bytes in, bytes out, with `env` added to the environment."""
    return subprocess.run(
        [sys.executable, "-m", "querydsl", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=60,
        check=False,
        **{"capture_output": True, **how},
    )


def test_compile_prints_the_payload() -> None:
    result = run("compile", "created_date >= 2024-01-01 and amount > 5 order by amount desc")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout) == {
        "searchParameters": [PERIOD, {"name": "amount", "method": ">", "searchParameter": ["5"]}],
        "orderParameters": [{"field": "amount", "typeOrder": "DESC"}],
    }
    assert result.stdout.count("\n") > 3  # indented by default


def test_compile_compact_is_one_line_in_key_order() -> None:
    result = run("compile", "--compact", "created_date >= 2024-01-01 and client = Дана page 2")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        '{"paging":{"page":2,"size":20},"searchParameters":[{"name":"created_date",'
        '"method":">=","searchParameter":["2024-01-01T00:00:00Z"]},{"name":"client",'
        '"method":"=","searchParameter":["Дана"]}],"orderParameters":[]}\n'
    )


def test_compile_now_and_tz() -> None:
    result = run(
        "compile", "--compact", "--now", NOW, "--tz", "Asia/Almaty", "created_date >= 2018-01-01"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["searchParameters"] == [
        {"name": "created_date", "method": ">=", "searchParameter": ["2017-12-31T18:00:00Z"]}
    ]
    result = run("compile", "--compact", "--now", NOW, "created_date >= now-7d")
    assert json.loads(result.stdout)["searchParameters"][0]["searchParameter"] == [
        "2024-03-03T12:30:00Z"
    ]


def test_compile_default_period_page_and_size() -> None:
    result = run(
        "compile",
        "--now",
        NOW,
        "--default-period",
        "30d",
        "--page",
        "3",
        "--size",
        "4",
        "amount = 5 page 1 size 2",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "paging": {"page": 3, "size": 4},
        "searchParameters": [
            {"name": "amount", "method": "=", "searchParameter": ["5"]},
            {
                "name": "created_date",
                "method": "between",
                "searchParameter": ["2024-02-09T12:30:00Z", "2024-03-10T12:30:00Z"],
            },
        ],
        "orderParameters": [],
    }


def test_compile_reads_stdin() -> None:
    result = run("compile", "--compact", "-", stdin="created_date >= 2024-01-01\nand amount:1..2\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["searchParameters"] == [
        PERIOD,
        {"name": "amount", "method": "between", "searchParameter": ["1", "2"]},
    ]


def test_invalid_query_exits_1_with_a_caret() -> None:
    result = run("compile", "created_date >= 2024-01-01 and amout > 5")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error[unknown_field]: unknown field 'amout'\n"
        "  created_date >= 2024-01-01 and amout > 5\n"
        "                                 ^^^^^\n"
        "  hint: did you mean 'amount'?\n"
    )


def test_missing_period_exits_1() -> None:
    result = run("compile", "amount > 5")
    assert result.returncode == 1
    assert result.stderr.startswith("error[missing_period]:")


def test_invalid_stdin_query_shows_its_line() -> None:
    result = run("compile", "-", stdin="created_date >= 2024-01-01\nand shop != a\n")
    assert result.returncode == 1
    assert "  and shop != a\n" in result.stderr
    assert "\n           ^^\n" in result.stderr


def test_json_prints_diagnostics_on_stderr() -> None:
    result = run("compile", "--json", "--default-period", "7d", "amout > 5 and shop like x")
    assert result.returncode == 1
    assert result.stdout == ""
    assert json.loads(result.stderr) == [
        {
            "code": "unknown_field",
            "message": "unknown field 'amout'",
            "span": [0, 5],
            "path": None,
            "hint": "did you mean 'amount'?",
        },
        {
            "code": "like_without_wildcard",
            "message": "`like` needs a % wildcard in its value",
            "span": [24, 25],
            "path": None,
            "hint": "write x% to match values starting with it, or use =",
        },
    ]


def test_bad_options_are_invalid_input_or_usage_errors() -> None:
    assert run("compile", "--tz", "Mars/Base", "created_date > now").returncode == 1
    assert run("compile", "--default-period", "soon", "amount = 1").returncode == 1
    assert run("compile", "--page", "-1", "created_date > now").returncode == 1
    assert run("compile", "--now", "yesterday-ish", "created_date > now").returncode == 2
    assert run("compile", "--page", "two", "created_date > now").returncode == 2


def test_usage_errors_exit_2() -> None:
    for args in ([], ["compile"], ["frobnicate"], ["compile", "--no-such-option", "x"]):
        result = run(*args)
        assert result.returncode == 2, args
        assert result.stdout == ""
        assert "usage:" in result.stderr


def test_format_prints_canonical_text() -> None:
    result = run("format", "Amount:10.50..* AND Email LIKE 'dana%' ORDER BY email DESC SIZE 5")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "amount >= 10.5 and payer_email like dana% order by payer_email desc size 5\n"
    )


def test_format_resolves_dates_with_tz_and_keeps_relative_times() -> None:
    result = run("format", "--now", NOW, "--tz", "Asia/Almaty", "date:2018-01-01..NOW")
    assert result.returncode == 0, result.stderr
    # SPEC 1.6: a relative time is written back as it is, not resolved at --now
    assert result.stdout == ("created_date between 2017-12-31T18:00:00Z..now\n")


def test_format_reads_stdin_and_rejects_bad_text() -> None:
    result = run("format", "-", stdin="shop in [a,b]\n")
    assert (result.returncode, result.stdout) == (0, "shop_id in (a, b)\n")
    result = run("format", "shop in (")
    assert result.returncode == 1
    assert "^" in result.stderr


def test_fields_lists_the_schema() -> None:
    result = run("fields")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["field", "type", "methods", "aliases", "description"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert list(rows) == [
        "created_date", "shop_id", "invoice_id", "account_id", "payer_phone", "payer_email",
        "reference", "post_link", "amount", "card_mask", "client", "installment_id",
        "transaction_type_id", "payout_date", "payout_amount", "description",
    ]  # fmt: skip
    assert "ррн" in rows["reference"] and "rrn" in rows["reference"]
    assert rows["post_link"].split()[1:3] == ["boolean", "="]
    assert rows["amount"].split()[1] == "number"
    assert all(
        line == line.rstrip() for line in lines
    )  # `amount` has no aliases: no trailing spaces


def test_fields_shows_each_description_as_json_does() -> None:
    listed = {
        item["name"]: item["description"] for item in json.loads(run("fields", "--json").stdout)
    }
    lines = run("fields").stdout.splitlines()
    start = lines[0].index("description")  # the column the header names
    assert {line.split()[0]: line[start:] for line in lines[1:]} == listed
    assert listed["reference"] == "RRN" and all(listed.values())


@pytest.mark.parametrize("command", ["serve", "schema"])
def test_json_is_offered_only_where_it_changes_the_output(command: str) -> None:
    # serve and schema have no diagnostics to print: a --json there would do nothing.
    assert "--json" not in run(command, "--help").stdout
    done = run(command, "--json")
    assert done.returncode == 2 and "unrecognized arguments: --json" in done.stderr
    for other in ("compile", "format", "fields", "validate", "decompile", "inspect"):
        assert "--json" in run(other, "--help").stdout


def test_fields_json() -> None:
    result = run("fields", "--json")
    assert result.returncode == 0, result.stderr
    fields = {item["name"]: item for item in json.loads(result.stdout)}
    assert fields["payer_email"]["type"] == "string"
    assert sorted(fields["payer_email"]["methods"]) == ["=", "in", "like"]
    assert fields["created_date"]["aliases"] == ["date", "created"]
    assert sorted(fields["amount"]["methods"]) == sorted(
        ["=", "<", ">", "<=", ">=", "between", "in"]
    )


def test_standard_input_that_is_not_utf8_is_a_diagnostic() -> None:
    for command in ("compile", "format"):
        done = run_raw(command, "-", input=b"amount = \xff", env={"PYTHONIOENCODING": "utf-8"})
        assert done.returncode == 1, done.stderr
        assert b"the text is not valid UTF-8 (byte 9)" in done.stderr
        assert b"Traceback" not in done.stderr


def test_a_windows_line_end_shows_as_a_space_under_the_caret() -> None:
    done = run("compile", "-", stdin="amout > 5\r\n")
    assert done.returncode == 1
    assert "  amout > 5 \n  ^^^^^\n" in done.stderr and "\ufffd" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("compile", "--page", "\u0661", "amount = 1"),  # an Arabic-Indic one
        ("compile", "--size", "1_0", "amount = 1"),
        ("compile", "--page", "+1", "amount = 1"),
        ("compile", "--page", "1" * 5000, "amount = 1"),  # int() itself stops at 4 300 digits
        ("serve", "--port", "\u0660"),
    ],
)
def test_number_flags_take_ascii_digits_only(args: tuple[str, ...]) -> None:
    done = run(*args)
    assert done.returncode == 2 and done.stdout == ""
    assert "is not a" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("4111111111111111",),
        ("compile", "--page", "4111111111111111x", "amount = 1"),
        ("compile", "--now", "4111111111111111", "amount = 1"),
        ("compile", "amount = 1", "--4111111111111111"),
    ],
)
def test_usage_errors_mask_card_numbers(args: tuple[str, ...]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert "411111******1111" in done.stderr and "4111111111111111" not in done.stderr


def test_closed_standard_input_is_a_usage_error() -> None:
    done = run_raw("compile", "-", stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert done.returncode == 2
    assert done.stderr == b"querydsl: standard input is closed\n"


def test_closed_standard_output_is_a_usage_error() -> None:
    done = run_raw(
        "fields", capture_output=False, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1)
    )
    assert done.returncode == 2
    assert done.stderr == b"querydsl: standard output is closed\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_an_error_not_a_traceback() -> None:
    with open("/dev/full", "wb") as full:
        done = run_raw("schema", capture_output=False, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr.startswith(b"querydsl: cannot write the output: ")


DANA = "email = \u0414\u0430\u043d\u0430"


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},  # output the console cannot encode is written as UTF-8
        # arguments the locale cannot decode are read as the UTF-8 the terminal sent
        {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
    ],
)
def test_text_is_utf8_whatever_the_console_and_locale(env: dict[str, str]) -> None:
    done = run_raw("format", DANA, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8") == "payer_email = \u0414\u0430\u043d\u0430\n"


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_refuses_a_port_that_is_none_as_a_usage_error(port: str) -> None:
    done = run("serve", "--port", port)
    assert done.returncode == 2
    assert "is not a port from 0 to 65535" in done.stderr and "Traceback" not in done.stderr


def test_compact_json_diagnostics_are_one_line() -> None:
    done = run("compile", "--compact", "--json", "amout > 5")
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert [d["code"] for d in json.loads(line)] == ["unknown_field", "missing_period"]
