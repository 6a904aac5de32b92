"""Every example in README.md and docs/*.md runs, and prints what the page shows.

- Every ```python block is a doctest (it holds `>>>` lines). A page's blocks run in order as one
  session, as a reader meets them, with NORMALIZE_WHITESPACE and ELLIPSIS, so wrapped output and
  `...` elisions read as they do on the page. A failure names the page and line of the example.
- The `$ querydsl ...` and `$ cat FILE` lines of plain ``` (or ```console) transcripts run too,
  `querydsl` through `querydsl.cli.main`, and what they print (stdout, then stderr) must read as
  the lines under them; the exit status is 0 when nothing is printed on stderr, else 1 (2 for a
  usage error).

Both run in a scratch directory that holds the seeds' response examples (`operations.json`,
`transaction.json`, `error.json`) and two payloads (`payload.json`, valid, and `bad.json`).

The table of refused characters must list exactly what the lexer refuses, the API table every
name of `querydsl.__all__`, and the module table only entry points that exist. The README stays
short, and its links lead to files that exist.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import re
import shlex
from pathlib import Path

import pytest
from response_strategies import (
    homebank_error_seed_text,
    homebank_seed_text,
    horizonpay_seed_text,
)

import querydsl
from querydsl.cli import main
from querydsl.language.lexer import FORBIDDEN

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("**/*.md"))]
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
_FENCE = re.compile(r"^(\s*)(`{3,})(.*)$")
#: The files the examples read, as the scratch directory holds them.
VALID_PAYLOAD = (
    '{"searchParameters": [{"name": "created_date", "method": ">=",'
    ' "searchParameter": ["2024-01-01T06:00:00+06:00"]}]}\n'
)
BAD_PAYLOAD = (
    '{"searchParameters": [{"name": "amout", "method": "gte", "searchParameter": ["5"]}],'
    ' "paging": {"page": "1", "size": 20}}\n'
)


def name_of(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def fenced_blocks(text: str, languages: tuple[str, ...]) -> list[tuple[int, str]]:
    """(1-based line of the first line inside the fences, the text) of each block whose info
    string starts with one of `languages` ("" for a plain fence). An indented fence (inside a
    list item or an admonition) counts, its indent removed from the lines it holds."""
    blocks: list[tuple[int, str]] = []
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index].rstrip("\n"))
        if opening is None:
            index += 1
            continue
        indent, fence, info = opening.group(1), opening.group(2), opening.group(3).strip()
        start = index + 1
        end = start
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        if (info.split(" ", 1)[0] if info else "") in languages:
            body = [
                line[len(indent) :] if line.startswith(indent) else line
                for line in lines[start:end]
            ]
            blocks.append((start + 1, "".join(body)))
        index = end + 1
    return blocks


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding the files the examples read."""
    (tmp_path / "operations.json").write_text(homebank_seed_text(), encoding="utf-8")
    (tmp_path / "transaction.json").write_text(horizonpay_seed_text(), encoding="utf-8")
    (tmp_path / "error.json").write_text(homebank_error_seed_text(), encoding="utf-8")
    (tmp_path / "payload.json").write_text(VALID_PAYLOAD, encoding="utf-8")
    (tmp_path / "bad.json").write_text(BAD_PAYLOAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---- python blocks ------------------------------------------------------------------------------

PYTHON_BLOCKS = [
    (page, line, body)
    for page in PAGES
    for line, body in fenced_blocks(page.read_text(encoding="utf-8"), ("python", "pycon"))
]
DOCTESTS = [block for block in PYTHON_BLOCKS if re.search(r"^\s*>>> ", block[2], re.M)]


def test_the_pages_have_doctests() -> None:
    # The extractor finding nothing would make the tests below pass vacuously.
    assert len(DOCTESTS) >= 20, "few ```python blocks with >>> examples found"
    assert any(page == README for page, _, _ in DOCTESTS), "README.md has no doctest"


def test_every_python_block_is_an_example_that_runs() -> None:
    silent = [f"{name_of(page)}:{line}" for page, line, body in PYTHON_BLOCKS if ">>> " not in body]
    assert silent == [], "write these ```python blocks as doctests (>>> lines), so that they run"


DOCTEST_PAGES = sorted({page for page, _, _ in DOCTESTS}, key=PAGES.index)


@pytest.mark.parametrize("page", DOCTEST_PAGES, ids=[name_of(page) for page in DOCTEST_PAGES])
def test_doctests(page: Path, scratch: Path) -> None:
    """A page's examples run in order, as one session: a name one block defines, the next uses."""
    name = name_of(page)
    session: dict[str, object] = {}
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for where, line, body in DOCTESTS:
        if where == page:
            # lineno is 0-based: doctest reports each example at test.lineno + example.lineno + 1.
            test = doctest.DocTestParser().get_doctest(
                body, session, f"{name}:{line}", name, line - 1
            )
            runner.run(test, out=report.write, clear_globs=False)
            session = test.globs  # a DocTest runs in a copy of the names it is given
    result = runner.summarize(verbose=False)
    if result.failed:
        # The runner names each failure `File "...", line N`, N a line of the page.
        failed = re.findall(r'^File ".*", line (\d+)', report.getvalue(), re.M)
        pytest.fail(
            f"{name} line {', '.join(failed)}: {result.failed} of {result.attempted} examples "
            f"failed\n" + report.getvalue(),
            pytrace=False,
        )


# ---- transcripts --------------------------------------------------------------------------------


def transcripts(text: str) -> list[tuple[int, str, str]]:
    """(line, command, expected output) of each `$ querydsl ...` or `$ cat FILE` line."""
    found: list[tuple[int, str, str]] = []
    for start, body in fenced_blocks(text, ("", "console")):
        lines = body.splitlines()
        commands = [i for i, line in enumerate(lines) if line.startswith("$ ")]
        ends = [*commands[1:], len(lines)] if commands else []
        for i, end in zip(commands, ends, strict=True):
            argv = shlex.split(lines[i][2:])
            if argv[:1] == ["cat"] or (argv[:1] == ["querydsl"] and argv[1:2] != ["serve"]):
                found.append((start + i, lines[i][2:], "\n".join(lines[i + 1 : end]) + "\n"))
    return found


TRANSCRIPTS = [
    (page, line, command, expected)
    for page in PAGES
    for line, command, expected in transcripts(page.read_text(encoding="utf-8"))
]


def test_the_pages_have_transcripts() -> None:
    assert len(TRANSCRIPTS) >= 10, "few `$ querydsl ...` transcripts found"
    assert any(page == README for page, *_ in TRANSCRIPTS), "README.md has no transcript"


def run(command: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of a transcript's command, run in the current directory."""
    argv = shlex.split(command)
    if argv[0] == "cat":
        return 0, "".join(Path(name).read_text(encoding="utf-8") for name in argv[1:]), ""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv[1:])
        except SystemExit as leaving:  # --version, --help and usage errors: argparse exits
            status = leaving.code if isinstance(leaving.code, int) else 0
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("page", "line", "command", "expected"),
    TRANSCRIPTS,
    ids=[f"{name_of(page)}:{line}" for page, line, _, _ in TRANSCRIPTS],
)
def test_transcript(page: Path, line: int, command: str, expected: str, scratch: Path) -> None:
    status, out, err = run(command)
    got = out + err
    # Diagnostics: exit 1; a usage error: exit 2; else 0.
    assert status == (0 if not err else 2 if err.startswith("usage:") else 1), err
    # Whitespace counts here: it aligns the carets and the table columns.
    if not doctest.OutputChecker().check_output(expected, got, doctest.ELLIPSIS):
        pytest.fail(
            f"{name_of(page)} line {line}: `{command}` printed\n{got}\n"
            f"where the page shows\n{expected}",
            pytrace=False,
        )


# ---- tables -------------------------------------------------------------------------------------


def table(header: str) -> str:
    """The table that starts with `header`, on the one page that has it."""
    holding = [page for page in PAGES if header in page.read_text(encoding="utf-8")]
    assert len(holding) == 1, f"{header!r} should head a table on one page, not {holding}"
    text = holding[0].read_text(encoding="utf-8")
    return text[text.index(header) :].split("\n\n", 1)[0]


def test_the_refused_characters_table_is_the_lexers() -> None:
    """The table of refused characters lists exactly what `lexer.FORBIDDEN` refuses."""
    listed: set[int] = set()
    for row in table("| what | code points |").splitlines()[2:]:
        for first, last in re.findall(r"U\+([0-9A-F]{4})(?:–U\+([0-9A-F]{4}))?", row.split("|")[2]):
            listed.update(range(int(first, 16), int(last or first, 16) + 1))
    every = "".join(map(chr, range(0x110000)))
    refused = {ord(char) for char in FORBIDDEN.findall(every)}
    assert listed == refused, (
        f"the docs list but the lexer allows: {sorted(map(hex, listed - refused))}; "
        f"the lexer refuses but the docs omit: {sorted(map(hex, refused - listed))}"
    )


def test_the_api_table_names_every_public_name_and_no_other() -> None:
    rows = table("| name | signature | what |").splitlines()[2:]
    named = {name for row in rows for name in re.findall(r"`(\w+)`", row.split("|")[1])}
    assert named == set(querydsl.__all__), (
        f"the API table lacks {set(querydsl.__all__) - named}, "
        f"and names {named - set(querydsl.__all__)} that querydsl does not export"
    )


def test_the_module_table_names_what_each_module_has() -> None:
    missing = []
    for row in table("| module | entry points |").splitlines()[2:]:
        _, module_cell, entries, _ = row.split("|")
        module = importlib.import_module(module_cell.strip().strip("`"))
        for entry in re.findall(r"`([A-Za-z_][\w.]*)", entries):
            target: object = module
            for part in entry.split("."):
                target = getattr(target, part, None)
            if target is None:
                missing.append(f"{module.__name__}.{entry}")
    assert missing == []


# ---- the README ---------------------------------------------------------------------------------


def test_the_readme_is_short() -> None:
    """The README is the package's index page: what it is, a quickstart, and where the rest is."""
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


def test_the_readmes_links_lead_to_files_that_exist() -> None:
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\((?!https?:|#)([^)#\s]+)", text)
    assert targets, "the README links to no page"
    assert [target for target in targets if not (ROOT / target).exists()] == []
