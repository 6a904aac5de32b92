"""`querydsl store add`, `querydsl search --db` and `querydsl serve --db`, run as a user runs them
(issue 22 item 4, SPEC 5 and 10): tables with card data masked, JSON in Homebank's response shape,
exit status 0, 1 for invalid input, 2 for usage; the search box's value suggestions from a store."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest

from querydsl.language.text import value_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from response_strategies import homebank_seed_text

pytest.importorskip("duckdb")

SEED = json.loads(homebank_seed_text())
PAN = "4111111111111111"


def run(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", "querydsl", *args],
        input=stdin, capture_output=True, check=False, timeout=120, env=env,
    )  # fmt: skip
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


def record(number: int, **changes: Any) -> dict[str, Any]:
    return deepcopy(SEED["records"][0]) | {"id": f"op-{number}"} | changes


def write_page(path: Path, *records: dict[str, Any], amounts: dict[str, str] | None = None) -> Path:
    text = json.dumps({"totalCount": len(records), "records": list(records)})
    for marker, digits in (amounts or {}).items():
        text = text.replace(f'"{marker}"', digits)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store of three operations: op-1 holds a whole card number and a terminal escape."""
    page = write_page(
        tmp_path / "page.json",
        record(1, amount="@1", cardNumber=PAN, cardMask=PAN, client="Дана\x1b[31m", cardCVC="846"),
        record(2, amount=20, client="Данияр"),
        record(3, amount=30, client="Дана\x1b[31m"),
        amounts={"@1": "10.50"},
    )
    db = tmp_path / "operations.duckdb"
    done = run("store", "add", "--db", str(db), str(page))
    assert (done.returncode, done.stderr) == (0, "")
    return db


def test_store_add_says_what_it_added(tmp_path: Path) -> None:
    db = tmp_path / "ops.duckdb"
    first = write_page(tmp_path / "a.json", record(1), record(2))
    second = write_page(tmp_path / "b.json", record(2), record(3))
    done = run("store", "add", "--db", str(db), str(first), str(second))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        f"{first}: 2 new operations", f"{second}: 1 new operations", f"{db}: 3 operations"
    ]  # fmt: skip
    again = run("store", "add", "--db", str(db), "-", stdin=first.read_bytes())
    assert again.stdout.splitlines() == ["-: 0 new operations", f"{db}: 3 operations"]


def test_a_bad_file_adds_nothing_of_itself_and_exits_1(tmp_path: Path) -> None:
    db = tmp_path / "ops.duckdb"
    good = write_page(tmp_path / "good.json", record(1))
    bad = write_page(tmp_path / "bad.json", record(2), record(3, amount="ten"))
    done = run("store", "add", "--db", str(db), str(good), str(bad))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"{good}: 1 new operations"]
    assert f"{bad}: nothing added from it" in done.stderr
    assert "error[invalid_shape] at /records/1/amount" in done.stderr
    as_json = run("store", "add", "--db", str(db), "--json", str(bad))
    assert as_json.returncode == 1
    assert [d["path"] for d in json.loads(as_json.stderr)] == ["/records/1/amount"]
    listed = run("search", "--db", str(db), "")
    assert listed.stdout.splitlines()[0] == "1 of 1 operations"


def test_search_prints_a_table_with_card_data_masked(store: Path) -> None:
    done = run("search", "--db", str(store), "amount >= 10 order by amount desc")
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0] == "3 of 3 operations"
    assert lines[1].split() == ["id", "date", "amount", "card", "client", "email", "shop"]
    assert [line.split()[0] for line in lines[2:]] == ["op-3", "op-2", "op-1"]
    assert "411111******1111" in lines[4] and "10.50" in lines[4]
    assert PAN not in done.stdout and "846" not in done.stdout and "\x1b" not in done.stdout


def test_search_json_is_the_page_in_homebanks_shape_with_card_data_masked(store: Path) -> None:
    done = run("search", "--db", str(store), "--json", "--size", "2", "amount < 25")
    assert (done.returncode, done.stderr) == (0, "")
    assert '"amount":10.50' in done.stdout  # the digits stored
    page = json.loads(done.stdout)
    assert page["totalCount"] == 2
    assert [r["id"] for r in page["records"]] == ["op-1", "op-2"]
    first = page["records"][0]
    assert (first["cardNumber"], first["cardMask"], first["cardCVC"]) == (
        "411111******1111", "411111******1111", "***"
    )  # fmt: skip
    assert first["client"] == "Дана\x1b[31m"  # JSON escapes it: \u001b
    assert PAN not in done.stdout and "\x1b" not in done.stdout


@pytest.mark.parametrize(
    ("options", "ids", "title"),
    [
        (["--size", "1"], ["op-1"], "1 of 3 operations"),
        (["--size", "1", "--page", "3"], ["op-3"], "1 of 3 operations"),
        (["--size", "1", "--page", "1", "--paging", "skip"], ["op-2"], "1 of 3 operations"),
        (["--page", "2"], [], "0 of 3 operations"),
    ],
)
def test_search_pages(store: Path, options: list[str], ids: list[str], title: str) -> None:
    done = run("search", "--db", str(store), *options, "amount > 0")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == title
    assert [line.split()[0] for line in lines[2:]] == ids


def test_search_reads_the_query_from_stdin_with_its_time_options(store: Path) -> None:
    done = run(
        "search", "--db", str(store), "--tz", "Asia/Almaty", "--now", "2018-10-28T00:00:00+06:00",
        "-", stdin=b"created_date >= now-1d",
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == "3 of 3 operations"


def test_search_with_a_bad_query_exits_1_with_a_caret(store: Path) -> None:
    done = run("search", "--db", str(store), "amount >")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith("error[syntax_error]") and "^" in done.stderr
    as_json = run("search", "--db", str(store), "--json", "amount >")
    assert as_json.returncode == 1
    assert [d["code"] for d in json.loads(as_json.stderr)] == ["syntax_error"]


@pytest.mark.parametrize(
    "arguments",
    [
        ["search", "--db", "{missing}", "amount > 5"],
        ["search", "amount > 5"],
        ["search", "--db", "{db}", "--paging", "pages", "amount > 5"],
        ["store", "add", "--db", "{db}"],
        ["store", "add", "{missing}"],
        ["store", "add", "--db", "{db}", "{missing}"],
        ["serve", "--port", "0", "--db", "{missing}"],
    ],
)
def test_usage_errors_exit_2(store: Path, tmp_path: Path, arguments: list[str]) -> None:
    missing = str(tmp_path / "missing.duckdb")
    done = run(*(a.format(missing=missing, db=store) for a in arguments))
    assert done.returncode == 2, done.stderr
    assert not (tmp_path / "missing.duckdb").exists()


def test_a_file_that_is_no_store_exits_1(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("not a database", encoding="utf-8")
    done = run("search", "--db", str(other), "amount > 5")
    assert done.returncode == 1
    assert "error[invalid_value]" in done.stderr


def test_without_the_sql_extra_the_message_names_it(store: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "duckdb.py").write_text("raise ImportError('no duckdb here')\n", encoding="utf-8")
    paths = [str(blocked), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    done = run("search", "--db", str(store), "amount > 5", env=env)
    assert done.returncode == 2
    assert "pip install 'querydsl[sql]'" in done.stderr


def test_serve_with_a_store_suggests_its_values(store: Path) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "querydsl", "serve", "--port", "0", "--db", str(store)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        started = server.stdout.readline()
        url = re.search(r"on (http://\S+) ", started)
        assert url is not None, started
        assert server.stdout.readline().strip() == f"value suggestions from {store} (3 operations)"
        request = urllib.request.Request(
            url.group(1).rstrip("/") + "/api/complete",
            data=json.dumps({"text": "client = да"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            suggestions = json.loads(answer.read())["suggestions"]
        values = [s["text"] for s in suggestions if s["kind"] == "value"]
        assert values == [value_text("Дана\x1b[31m"), "Данияр"]  # quoted as a query reads it
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.communicate(timeout=60)
