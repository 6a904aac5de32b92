"""`querydsl fetch` (issue 23 item 5, SPEC 12): search the emulator, served on loopback, and write
every page to a file or stdout, or keep it in a store; credentials from the environment or a file,
never from arguments, and never shown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from client_servers import Recorder, Upstream, serving

import querydsl
from querydsl.cli import main
from querydsl.emulator import Emulator
from querydsl.homebank import load_operations
from querydsl.homebank.client import ENVIRONMENT

QUERY = "created_date > 2000-01-01 order by amount desc"


@pytest.fixture
def emulator() -> Iterator[tuple[Emulator, str, Recorder]]:
    own = Emulator(sample=45, seed=5)
    with serving(own.app()) as (url, recorder):
        yield own, url, recorder


@pytest.fixture
def environment(
    emulator: tuple[Emulator, str, Recorder], monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """The emulator's credentials and hosts in the QUERYDSL_HOMEBANK_* variables."""
    own, url, _ = emulator
    for variable in ENVIRONMENT.values():
        monkeypatch.delenv(variable, raising=False)
    values = {
        "QUERYDSL_HOMEBANK_USERNAME": own.credentials.username,
        "QUERYDSL_HOMEBANK_PASSWORD": own.credentials.password,
        "QUERYDSL_HOMEBANK_CLIENT_ID": own.credentials.client_id,
        "QUERYDSL_HOMEBANK_CLIENT_SECRET": own.credentials.client_secret,
        "QUERYDSL_HOMEBANK_BASE_URL": url,
        "QUERYDSL_HOMEBANK_TOKEN_URL": f"{url}/oauth2/token",
    }
    for variable, value in values.items():
        monkeypatch.setenv(variable, value)
    return values


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`querydsl ARGV...` in this process: (exit status, stdout, stderr)."""

    def running(*argv: str) -> tuple[int, str, str]:
        try:
            status = main(["fetch", *argv])
        except SystemExit as leaving:
            status = int(leaving.code or 0)
        out, err = capsys.readouterr()
        return status, out, err

    return running


# ---- where the pages go -------------------------------------------------------------------------


def test_every_page_is_written_as_one_json_line(
    emulator: tuple, environment: dict[str, str], run, tmp_path: Path
) -> None:
    own, _, recorder = emulator
    out = tmp_path / "pages.jsonl"
    status, stdout, stderr = run(QUERY, "--out", str(out), "--page-size", "10")
    assert (status, stderr) == (0, "")
    assert stdout == f"fetched 45 operations in 5 pages (totalCount 45) to {out}\n"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    records = [record for line in lines for record in load_operations(line).records]
    assert records == querydsl.evaluate(QUERY, load_operations(_everything(own)).records)
    assert [path for path, _ in recorder.seen()].count("/operations") == 5


def _everything(own: Emulator) -> bytes:
    """Every record the emulator holds, as one response (asked over its own API in-process)."""
    from starlette.testclient import TestClient

    client = TestClient(own.app())
    token = client.post("/oauth2/token", data=own.credentials.password_form()).json()
    payload = {"searchParameters": [{"name": "created_date", "method": ">",
                                     "searchParameter": ["2000-01-01T00:00:00Z"]}],
               "paging": {"page": 1, "size": 10**6}}  # fmt: skip
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    return client.post("/operations", json=payload, headers=headers).content


def test_without_out_the_pages_go_to_stdout(emulator: tuple, environment: dict, run) -> None:
    own, _, _ = emulator
    status, stdout, stderr = run(QUERY, "--page-size", "20")
    assert (status, stderr) == (0, "")
    lines = stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith("{") for line in lines)
    found = [record for line in lines for record in load_operations(line).records]
    assert found == querydsl.evaluate(QUERY, load_operations(_everything(own)).records)


def test_a_page_stays_as_the_api_wrote_it_on_one_line(
    environment: dict, run, tmp_path: Path
) -> None:
    scripted = Upstream()
    pretty = json.dumps(scripted.page, indent=2, ensure_ascii=False).encode("utf-8")
    scripted.answers = [(200, pretty.replace(b"\n", b"\r\n"), {})]
    with serving(scripted.app()) as (url, _):
        out = tmp_path / "pages.jsonl"
        status, _, stderr = run(QUERY, "--out", str(out), "--base-url", url,
                                "--token-url", f"{url}/oauth2/token")  # fmt: skip
    assert (status, stderr) == (0, "")
    (line,) = out.read_bytes().splitlines()
    assert json.loads(line) == scripted.page


def test_db_keeps_the_operations_in_a_store(
    emulator: tuple, environment: dict, run, tmp_path: Path
) -> None:
    from querydsl.store import Store

    own, _, _ = emulator
    db = tmp_path / "ops.duckdb"
    status, stdout, stderr = run(QUERY, "--db", str(db), "--page-size", "7")
    assert (status, stderr) == (0, "")
    assert (
        stdout
        == f"fetched 45 operations in 7 pages (totalCount 45); the store {db} holds 45 operations\n"
    )
    status, stdout, _ = run(QUERY, "--db", str(db))  # again: the same operations, replaced
    assert status == 0 and stdout.endswith("holds 45 operations\n")
    with Store(db) as store:
        kept = store.search(QUERY, size=100).records
    assert kept == querydsl.evaluate(QUERY, load_operations(_everything(own)).records)


def test_out_and_db_together(emulator: tuple, environment: dict, run, tmp_path: Path) -> None:
    out, db = tmp_path / "pages.jsonl", tmp_path / "ops.duckdb"
    status, stdout, _ = run("created_date > 2000-01-01 and amount > 100000", "--out", str(out),
                            "--db", str(db))  # fmt: skip
    assert status == 0 and f" to {out}; the store {db} holds " in stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.parametrize("paging", ["page", "skip"])
def test_the_paging_reading_is_an_option(
    paging: str, environment: dict, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = Emulator(sample=30, seed=6, paging=paging)  # type: ignore[arg-type]
    with serving(own.app()) as (url, _):
        mine = own.credentials
        for name, value in {"USERNAME": mine.username, "PASSWORD": mine.password,
                            "CLIENT_ID": mine.client_id,
                            "CLIENT_SECRET": mine.client_secret}.items():  # fmt: skip
            monkeypatch.setenv(f"QUERYDSL_HOMEBANK_{name}", value)
        hosts = ["--base-url", url, "--token-url", f"{url}/oauth2/token"]
        status, stdout, stderr = run(QUERY, "--paging", paging, "--page-size", "4", *hosts)
    assert (status, stderr) == (0, "")
    found = [record for line in stdout.splitlines() for record in load_operations(line).records]
    assert len(found) == 30 and len({record.id for record in found}) == 30


# ---- credentials --------------------------------------------------------------------------------


def test_credentials_from_a_file(
    emulator: tuple, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own, url, _ = emulator
    for variable in ENVIRONMENT.values():
        monkeypatch.delenv(variable, raising=False)
    secrets = tmp_path / "homebank.json"
    secrets.write_text(json.dumps({"username": own.credentials.username,
                                   "password": own.credentials.password,
                                   "client_id": own.credentials.client_id,
                                   "client_secret": own.credentials.client_secret,
                                   "base_url": url,
                                   "token_url": f"{url}/oauth2/token"}))  # fmt: skip
    secrets.chmod(0o600)
    status, stdout, stderr = run(QUERY, "--credentials", str(secrets), "--page-size", "50")
    assert (status, stderr) == (0, "")
    assert len(stdout.splitlines()) == 1


def test_a_credentials_file_others_can_read_is_warned_of(
    emulator: tuple, environment: dict, run, tmp_path: Path
) -> None:
    secrets = tmp_path / "homebank.json"
    secrets.write_text("{}")
    secrets.chmod(0o644)
    status, _, stderr = run(QUERY, "--credentials", str(secrets))
    assert status == 0
    assert stderr == f"querydsl: warning: {secrets} can be read by other users: chmod 600 it\n"


@pytest.mark.parametrize(
    ("missing", "said"),
    [("QUERYDSL_HOMEBANK_PASSWORD", "no password: set QUERYDSL_HOMEBANK_PASSWORD"),
     ("QUERYDSL_HOMEBANK_CLIENT_SECRET", "no client_secret: set QUERYDSL_HOMEBANK_CLIENT_SECRET")],
)  # fmt: skip
def test_a_missing_credential_is_a_usage_error_naming_the_variable(
    emulator: tuple, environment: dict, run, monkeypatch: pytest.MonkeyPatch, missing: str,
    said: str,
) -> None:  # fmt: skip
    _, _, recorder = emulator
    monkeypatch.delenv(missing)
    status, stdout, stderr = run(QUERY)
    assert (status, stdout, stderr) == (2, "", f"querydsl: fetch: {said}\n")
    assert recorder.seen() == []


@pytest.mark.parametrize(
    "content",
    ['["a"]', "not json", '{"pasword": "x"}', '{"password": 5}'],
)
def test_a_bad_credentials_file_is_a_usage_error_that_quotes_nothing(
    emulator: tuple, environment: dict, run, tmp_path: Path, content: str
) -> None:
    secrets = tmp_path / "homebank.json"
    secrets.write_text(content)
    secrets.chmod(0o600)
    status, stdout, stderr = run(QUERY, "--credentials", str(secrets))
    assert (status, stdout) == (2, "")
    assert stderr.startswith("querydsl: fetch: the credentials file")
    assert "pasword" not in stderr and '"x"' not in stderr


@pytest.mark.parametrize("option", ["--password", "--client-secret", "--username", "--client-id"])
def test_no_credential_is_taken_from_the_arguments(option: str, run) -> None:
    variable = "QUERYDSL_HOMEBANK_" + option[2:].upper().replace("-", "_")
    for given in ([option, "hunter2"], [f"{option}=hunter2"], [option[:-1], "hunter2"]):
        status, stdout, stderr = run(QUERY, *given)
        assert (status, stdout) == (2, "")
        said = f"{option}: credentials are never arguments; set {variable} or use --credentials"
        assert stderr.endswith(f"querydsl fetch: error: {said} FILE\n")
        assert "hunter2" not in stderr
    status, shown, _ = run("--help")
    assert status == 0 and "--credentials FILE" in shown and option not in shown


# ---- failures -----------------------------------------------------------------------------------


def test_an_invalid_query_is_exit_1_and_nothing_is_sent(
    emulator: tuple, environment: dict, run
) -> None:
    _, _, recorder = emulator
    status, stdout, stderr = run("amount > 5")
    assert (status, stdout) == (1, "")
    assert "error[missing_period]" in stderr
    assert recorder.seen() == []


def test_a_refusal_is_exit_3_and_shows_no_secret(
    emulator: tuple, environment: dict, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUERYDSL_HOMEBANK_PASSWORD", "hunter2-wrong")
    status, stdout, stderr = run(QUERY)
    assert (status, stdout) == (3, "")
    assert (
        stderr == "querydsl: fetch: HTTP 401: the API answered code 905: Invalid User Credentials\n"
    )
    for secret in ("hunter2-wrong", environment["QUERYDSL_HOMEBANK_CLIENT_SECRET"]):
        assert secret not in stderr


def test_an_unreachable_api_is_exit_3(environment: dict, run) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    status, _, stderr = run(QUERY, "--base-url", url, "--token-url", f"{url}/oauth2/token",
                            "--retries", "0")  # fmt: skip
    assert status == 3
    assert stderr.startswith(f"querydsl: fetch: POST {url}/oauth2/token: a connection failure")


def test_a_failure_after_some_pages_says_how_many_were_written(
    environment: dict, run, tmp_path: Path
) -> None:
    scripted = Upstream()
    first = {**scripted.page, "totalCount": 10}
    scripted.answers = [(200, first, {}), *[(503, b"", {})] * 3]
    with serving(scripted.app()) as (url, _):
        out = tmp_path / "pages.jsonl"
        hosts = ["--base-url", url, "--token-url", f"{url}/oauth2/token"]
        status, _, stderr = run(QUERY, "--out", str(out), *hosts, "--retries", "1",
                                "--page-size", "2")  # fmt: skip
    assert status == 3
    assert stderr.endswith("HTTP 503 after 2 attempts (1 page written before it)\n")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_the_real_command_reads_the_environment(emulator: tuple, environment: dict) -> None:
    result = subprocess.run(
        [Path(sys.executable).parent / "querydsl", "fetch", "--page-size", "45", QUERY],
        env={**os.environ, **environment}, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    assert load_operations(result.stdout).total_count == 45
    for secret in (environment["QUERYDSL_HOMEBANK_PASSWORD"],
                   environment["QUERYDSL_HOMEBANK_CLIENT_SECRET"]):  # fmt: skip
        assert secret not in result.stdout
