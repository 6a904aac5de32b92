"""`querydsl validate`, `decompile` and `schema`, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from tests.payload_mutations import seed_request, seed_request_text

INVALID = {
    "paging": {"page": -1, "size": 20},
    "searchParameters": [{"name": "amout", "method": "=", "searchParameter": ["1"]}],
    "orderParameters": [{"field": "amount", "typeOrder": "asc"}],
}


def run(*args: str, stdin: str | bytes = b"") -> subprocess.CompletedProcess[str]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [sys.executable, "-m", "querydsl", *args], input=data, capture_output=True, check=False
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "seed.json"
    path.write_text(seed_request_text(), encoding="utf-8")
    return path


@pytest.fixture
def invalid_file(tmp_path: Path) -> Path:
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(INVALID), encoding="utf-8")
    return path


def test_validate_a_valid_file(seed_file: Path) -> None:
    done = run("validate", str(seed_file))
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "valid", "")


def test_validate_an_invalid_file(invalid_file: Path) -> None:
    done = run("validate", str(invalid_file))
    assert done.returncode == 1
    assert done.stdout == ""
    for code, pointer in [
        ("invalid_paging", "/paging/page"),
        ("unknown_field", "/searchParameters/0/name"),
        ("missing_period", "/searchParameters"),
        ("invalid_order", "/orderParameters/0/typeOrder"),
    ]:
        assert f"error[{code}] at {pointer}:" in done.stderr
    assert "hint: did you mean 'amount'?" in done.stderr


def test_validate_json_output(invalid_file: Path) -> None:
    done = run("validate", "--json", str(invalid_file))
    assert done.returncode == 1
    diagnostics = json.loads(done.stderr)
    assert [(d["code"], d["path"]) for d in diagnostics] == [
        ("invalid_paging", "/paging/page"),
        ("unknown_field", "/searchParameters/0/name"),
        ("missing_period", "/searchParameters"),
        ("invalid_order", "/orderParameters/0/typeOrder"),
    ]
    assert diagnostics[1]["hint"] == "did you mean 'amount'?"


@pytest.mark.parametrize(
    ("stdin", "status", "pointer"),
    [
        (json.dumps(seed_request()), 0, None),
        (json.dumps(INVALID), 1, "/searchParameters/0/name"),
        ('{"searchParameters": [], "searchParameters": []}', 1, "/searchParameters"),
        ("not json", 1, "error[invalid_shape]"),
        (b"\xff\xfe", 1, "not valid UTF-8"),
        ("", 1, "error[invalid_shape]"),
    ],
)
def test_validate_reads_stdin(stdin: str | bytes, status: int, pointer: str | None) -> None:
    done = run("validate", "-", stdin=stdin)
    assert done.returncode == status
    if pointer is not None:
        assert pointer in done.stderr


def test_validate_a_lone_surrogate_prints_safely() -> None:
    value: dict[str, Any] = seed_request()
    value["searchParameters"][2]["searchParameter"] = ["\ud800%"]
    done = run("validate", "-", stdin=json.dumps(value))  # ASCII JSON with a \ud800 escape
    assert done.returncode == 1
    assert "/searchParameters/2/searchParameter/0" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),  # no file
        ("validate", "/no/such/file.json"),
        ("decompile", "/no/such/file.json"),
        ("validate", "--bogus", "-"),
        ("schema", "extra"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    assert run(*args).returncode == 2


def test_decompile_prints_canonical_text(seed_file: Path) -> None:
    done = run("decompile", str(seed_file))
    assert done.returncode == 0
    assert done.stdout == (
        "created_date between 2017-11-19T00:00:00Z..2018-11-20T00:00:00Z"
        " and description in (description) and payer_email like danatugumbayeva%"
        " order by payer_email, description desc page 1 size 2\n"
    )
    recompiled = run("compile", "--compact", done.stdout.strip())
    assert json.loads(recompiled.stdout) == seed_request()


def test_decompile_stdin_and_invalid(invalid_file: Path) -> None:
    done = run("decompile", "-", stdin=json.dumps(seed_request()))
    assert done.returncode == 0 and done.stdout.startswith("created_date between")
    done = run("decompile", str(invalid_file))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "/searchParameters/0/name" in done.stderr
    done = run("decompile", "--json", str(invalid_file))
    assert json.loads(done.stderr)[0]["code"] == "invalid_paging"


def test_schema_prints_the_json_schema() -> None:
    done = run("schema")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(seed_request())
    assert not validator.is_valid(INVALID)


@pytest.mark.parametrize("command", ["validate", "decompile", "inspect"])
def test_a_card_number_in_a_path_is_masked_in_file_errors(command: str, tmp_path: Path) -> None:
    pan = "4111111111111111"
    folder = tmp_path / f"cards-{pan}"  # a folder where a file should be: another error
    folder.mkdir()
    for path in (f"/nonexistent/{pan}.json", "/nonexistent/4111\t1111\t1111\t1111", str(folder)):
        done = run(command, path)
        assert done.returncode == 2 and "11**" in done.stderr  # the error, masked
        assert pan not in "".join(filter(str.isdigit, done.stderr))
