"""`querydsl COMMAND --help` ends with examples, and each example runs as written: in a shell, in
an empty directory, exiting 0, or 1 with the diagnostic its comment names."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from querydsl.cli import COMMANDS

BIN = Path(sys.executable).parent
QUERYDSL = BIN / "querydsl"
_DOCUMENTED_EXIT = re.compile(r"#\s*exit (\d+): (\w+)")


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], cwd=cwd, env=environment,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def examples_in_help(command: str) -> list[str]:
    """The lines under "examples:" in `querydsl COMMAND --help`."""
    shown = subprocess.run(
        [QUERYDSL, command, "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert shown.returncode == 0, shown.stderr
    _, found, examples = shown.stdout.partition("\nexamples:\n")
    assert found, f"`querydsl {command} --help` shows no examples"
    return [line.strip() for line in examples.splitlines() if line.strip()]


def test_the_top_level_help_points_at_each_commands_help() -> None:
    shown = subprocess.run([QUERYDSL, "--help"], capture_output=True, text=True, check=False)
    assert "`querydsl COMMAND --help` shows a command's options and examples." in shown.stdout
    assert "Exit status: 0 done, 1 invalid input" in shown.stdout


# The servers' examples run until stopped: serve's below, emulate's in test_emulator.py.
@pytest.mark.parametrize("command", sorted(set(COMMANDS) - {"serve", "emulate"}))
def test_each_example_in_a_commands_help_runs(command: str, tmp_path: Path) -> None:
    examples = examples_in_help(command)
    assert examples and all(f"querydsl {command}" in line for line in examples)
    for line in examples:
        documented = _DOCUMENTED_EXIT.search(line)
        ran = shell(line, tmp_path)
        if documented is None:
            assert (ran.returncode, ran.stderr) == (0, ""), line
        else:
            status, code = documented.groups()
            assert ran.returncode == int(status), line
            assert f"error[{code}]" in ran.stderr, line


def test_the_serve_example_serves_until_interrupted(tmp_path: Path) -> None:
    (line,) = examples_in_help("serve")
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    server = subprocess.Popen(
        ["bash", "-c", line], cwd=tmp_path, env=environment, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        started = server.stdout.readline()
        url = re.search(r"on (http://\S+) ", started)
        assert url is not None, started
        with urllib.request.urlopen(url.group(1), timeout=30) as page:
            assert page.status == 200
    finally:
        os.killpg(server.pid, signal.SIGINT)
        out, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert out.rstrip().endswith("stopped")
