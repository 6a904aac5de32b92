"""Packaging: the wheel carries the grammar, the license and its metadata, and an editable install
still finds the grammar."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from email.parser import HeaderParser
from pathlib import Path

from conftest import BRIEF_PAYLOAD as EXPECTED
from conftest import BRIEF_QUERY as QUERY
from conftest import ROOT

import querydsl


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


def compile_with(environment: Path, cwd: Path) -> tuple[int, object]:
    """The exit status of `querydsl compile` in `environment`, and the payload it printed (what
    it wrote on stderr when it failed)."""
    result = run(environment / "bin" / "querydsl", "compile", "--compact", QUERY, cwd=cwd)
    return result.returncode, json.loads(result.stdout) if result.returncode == 0 else result.stderr


def test_wheel_then_editable_install_compile_a_query(tmp_path: Path) -> None:
    built = run(
        sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp_path / "dist",
        ROOT, cwd=ROOT,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("querydsl-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        dist_info = f"querydsl-{querydsl.__version__}.dist-info"
        license_text = archive.read(f"{dist_info}/licenses/LICENSE").decode()
        metadata_headers = HeaderParser().parsestr(archive.read(f"{dist_info}/METADATA").decode())
        packed = set(archive.namelist())
    # The search box's files (SPEC 11: the component and the playground page) are package data.
    static = ROOT / "querydsl" / "web" / "static"
    served = {f"querydsl/web/static/{path.name}" for path in static.iterdir() if path.is_file()}
    assert "querydsl/web/static/querydsl-search.js" in served
    assert served <= packed, served - packed
    assert license_text == (ROOT / "LICENSE").read_text()
    assert metadata_headers["License-Expression"] == "MIT"
    assert metadata_headers.get_all("License-File") == ["LICENSE"]
    assert "Typing :: Typed" in metadata_headers.get_all("Classifier")

    environment = tmp_path / "env"
    venv.create(environment, with_pip=True)
    pip = environment / "bin" / "pip"
    installed = run(pip, "install", "-q", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr

    # From the wheel: the grammar is package data inside site-packages.
    located = run(
        environment / "bin" / "python", "-c",
        "import querydsl, querydsl.language.grammar as g; "
        "from importlib import resources; "
        "print(querydsl.__file__); "
        "print(resources.files('querydsl').joinpath('grammars', 'querydsl.lark').is_file())",
        cwd=tmp_path,
    )  # fmt: skip
    module_file, packaged = located.stdout.split()
    assert "site-packages" in module_file
    assert packaged == "True"
    version = run(environment / "bin" / "querydsl", "--version", cwd=tmp_path)
    metadata = run(
        environment / "bin" / "python", "-c",
        "import importlib.metadata as m, querydsl; "
        "print(m.version('querydsl'), querydsl.__version__)",
        cwd=tmp_path,
    )  # fmt: skip
    assert metadata.stdout.split() == [querydsl.__version__] * 2
    assert version.stdout == f"querydsl {querydsl.__version__}\n"
    assert compile_with(environment, tmp_path) == (0, EXPECTED)

    # Editable: the package is the checkout, and the grammar is found beside it.
    editable = run(pip, "install", "-q", "--no-deps", "-e", ROOT, cwd=tmp_path)
    assert editable.returncode == 0, editable.stderr
    located = run(environment / "bin" / "python", "-c", "import querydsl; print(querydsl.__file__)",
                  cwd=tmp_path)  # fmt: skip
    assert Path(located.stdout.strip()).parent == ROOT / "querydsl"
    assert compile_with(environment, tmp_path) == (0, EXPECTED)
