"""A real PostgreSQL server for the tests (issue 22, SPEC 10), started once per test process.

Debian's `postgresql` package gives the binaries (`/usr/lib/postgresql/<version>/bin`, or `pg_ctl`
on PATH). `connection()` starts a server on first use in a fresh temporary directory and answers
with one psycopg connection to it; the server is stopped, and its directory removed, when the
process ends. It listens on a Unix socket in that directory only (no TCP port), runs as an
unprivileged user (`postgres`, made if absent, when the tests run as root: `initdb` refuses
root), trusts local connections, and keeps nothing durable (no fsync): it holds a few rows at a
time.

Its default collation is ICU's `en-US`, as most servers' `en_US.UTF-8` is: `a < B < b` there, so a
statement that orders or compares text without `COLLATE "C"` fails the tests, as it would on such
a server. When the binaries or psycopg are missing, `connection()` skips the test with the reason,
or fails it when `QUERYDSL_REQUIRE_ENGINES=1` (as `.ci/run` sets: CI never skips an engine).
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

#: Set to 1 (as .ci/run does), a missing engine fails the tests that need it rather than skip them.
REQUIRE_ENGINES = "QUERYDSL_REQUIRE_ENGINES"
#: The server's superuser, and the database the tests use.
ROLE = "querydsl"
DATABASE = "postgres"
_SETTINGS = {
    "listen_addresses": "''",  # no TCP: the Unix socket in the server's own directory only
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "20",
    "shared_buffers": "16MB",
    "timezone": "'UTC'",
    "log_min_messages": "warning",
}


def unavailable(reason: str) -> None:
    """Skip the test for `reason`, or fail it where engines are required (CI)."""
    if os.environ.get(REQUIRE_ENGINES) == "1":
        pytest.fail(f"{reason} ({REQUIRE_ENGINES}=1: engines are required here)", pytrace=False)
    pytest.skip(reason)


def binaries() -> Path | None:
    """The folder of `initdb`, `pg_ctl` and `postgres`: PATH first, then Debian's newest."""
    on_path = shutil.which("pg_ctl")
    if on_path is not None:
        return Path(on_path).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


class Server:
    """One PostgreSQL server in its own temporary directory; `stop()` ends it and removes it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.as_root = os.geteuid() == 0
        self.user = _server_user() if self.as_root else None
        # /tmp, not a private temporary folder: the server's user must reach its directory
        self.directory = Path(tempfile.mkdtemp(prefix="querydsl-pg-", dir="/tmp"))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        self.started = False
        if self.user is not None:
            record = pwd.getpwnam(self.user)
            os.chown(self.directory, record.pw_uid, record.pw_gid)

    def run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / arguments[0]), *arguments[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(
            command, cwd=self.directory, capture_output=True, text=True, check=False, timeout=120
        )

    def start(self) -> None:
        common = ["-D", str(self.data), "-U", ROLE, "-A", "trust", "-E", "UTF8", "--no-sync"]
        icu = ["--locale-provider=icu", "--icu-locale=en-US", "--locale=C.UTF-8"]
        done = self.run("initdb", *common, *icu)
        if done.returncode != 0:  # a build without ICU: the C locale, code-point order anyway
            shutil.rmtree(self.data, ignore_errors=True)
            done = self.run("initdb", *common, "--locale=C")
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(f"unix_socket_directories = '{self.directory}'\n")
            conf.writelines(f"{name} = {value}\n" for name, value in _SETTINGS.items())
        done = self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "start")
        if done.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}\n{log}")
        self.started = True

    def connect(self) -> Any:
        """A new psycopg connection (not autocommit) to the server's database."""
        import psycopg

        return psycopg.connect(host=str(self.directory), user=ROLE, dbname=DATABASE)

    def stop(self) -> None:
        if self.started:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.started = False
        shutil.rmtree(self.directory, ignore_errors=True)


def _server_user() -> str:
    """An unprivileged user to run the server as: Debian's `postgres`, made if absent."""
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"],
            check=True,
            capture_output=True,
        )
    return "postgres"


_server: Server | None = None
_failure: BaseException | None = None  # a start that failed is not tried again in the process
_connection: Any = None


def server() -> Server:
    """The process's server, started on first use (skips or fails the test if it cannot be)."""
    global _server, _failure
    if _server is not None:
        return _server
    if _failure is not None:
        raise RuntimeError(
            "the PostgreSQL server did not start (see the first error)"
        ) from _failure
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed: pip install -e '.[engines]'")
    bin_dir = binaries()
    if bin_dir is None:
        unavailable("PostgreSQL is not installed: apt-get install postgresql")
        raise AssertionError  # unreachable: unavailable() raises
    started = Server(bin_dir)
    atexit.register(started.stop)
    try:
        started.start()
    except BaseException as error:
        _failure = error
        raise
    _server = started
    return started


def connection() -> Any:
    """One psycopg connection to the process's server, shared by the tests of the process."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = server().connect()
    return _connection
