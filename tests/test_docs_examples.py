"""The README's examples run: every ```python block that holds `>>>` lines is a doctest.

Each block runs on its own (fresh globals), with NORMALIZE_WHITESPACE and ELLIPSIS, so wrapped
output and `...` elisions read as they do in the README. A failure names the README line of the
example.

The `$ querydsl compile|format|inspect ...` lines of plain ``` transcripts run too, through
`querydsl.cli.main`, and what they print (stdout, then stderr) must read as the lines under them.
`inspect` reads `operations.json` and `transaction.json`: the seeds' response examples, written
to a scratch directory the commands run in.

The table of refused characters must list exactly what the lexer refuses, and the API table every
name of `querydsl.__all__`.
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
from response_strategies import homebank_seed_text, horizonpay_seed_text

import querydsl
from querydsl.cli import main
from querydsl.language.lexer import FORBIDDEN

README = Path(__file__).resolve().parents[1] / "README.md"
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
_FENCE = re.compile(r"^(`{3,})(.*)$")


def fenced_blocks(text: str, language: str) -> list[tuple[int, str]]:
    """(1-based line of the first line inside the fences, the text) of each ```language block."""
    blocks: list[tuple[int, str]] = []
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index].rstrip("\n"))
        if opening is None:
            index += 1
            continue
        fence, info = opening.group(1), opening.group(2).strip()
        start = index + 1
        end = start
        while end < len(lines) and not lines[end].rstrip("\n").startswith(fence):
            end += 1
        if (info.split(" ", 1)[0] if info else "") == language:
            blocks.append((start + 1, "".join(lines[start:end])))
        index = end + 1
    return blocks


DOCTEST_BLOCKS = [
    (line, body)
    for line, body in fenced_blocks(README.read_text(encoding="utf-8"), "python")
    if re.search(r"^\s*>>> ", body, re.M)
]


def test_the_readme_has_doctest_blocks() -> None:
    # The extractor finding nothing would make the test below pass vacuously.
    assert len(DOCTEST_BLOCKS) >= 3, "no ```python blocks with >>> examples found in README.md"


@pytest.mark.parametrize(
    ("line", "body"), DOCTEST_BLOCKS, ids=[f"README.md:{line}" for line, _ in DOCTEST_BLOCKS]
)
def test_readme_example(line: int, body: str) -> None:
    # lineno is 0-based: doctest reports each example at test.lineno + example.lineno + 1.
    test = doctest.DocTestParser().get_doctest(body, {}, f"README.md:{line}", str(README), line - 1)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    result = runner.run(test, out=report.write, clear_globs=True)
    if result.failed:
        # The runner names each failure `File "...README.md", line N`, N a README line.
        failed = re.findall(r'^File ".*", line (\d+)', report.getvalue(), re.M)
        where = ", ".join(f"line {n}" for n in failed) or f"the block at line {line}"
        pytest.fail(
            f"README.md {where}: {result.failed} of {result.attempted} examples failed\n"
            + report.getvalue(),
            pytrace=False,
        )


def transcripts(text: str) -> list[tuple[int, str, str]]:
    """(README line, command, expected output) of each `$ querydsl compile|format|inspect` line."""
    found: list[tuple[int, str, str]] = []
    for start, body in fenced_blocks(text, ""):
        lines = body.splitlines()
        commands = [i for i, line in enumerate(lines) if line.startswith("$ ")]
        ends = [*commands[1:], len(lines)] if commands else []
        for i, end in zip(commands, ends, strict=True):
            argv = shlex.split(lines[i][2:])
            if argv[:1] == ["querydsl"] and argv[1:2] in (["compile"], ["format"], ["inspect"]):
                found.append((start + i, lines[i][2:], "\n".join(lines[i + 1 : end]) + "\n"))
    return found


TRANSCRIPTS = transcripts(README.read_text(encoding="utf-8"))


def test_the_readme_has_transcripts() -> None:
    assert TRANSCRIPTS, "no `$ querydsl compile` transcripts found in README.md"


@pytest.mark.parametrize(
    ("line", "command", "expected"), TRANSCRIPTS, ids=[f"README.md:{t[0]}" for t in TRANSCRIPTS]
)
def test_readme_transcript(
    line: int, command: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "operations.json").write_text(homebank_seed_text(), encoding="utf-8")
    (tmp_path / "transaction.json").write_text(horizonpay_seed_text(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(shlex.split(command)[1:])
    got = out.getvalue() + err.getvalue()
    assert status == (1 if err.getvalue() else 0), err.getvalue()  # diagnostics: exit 1
    # Whitespace counts here: it aligns the carets and the table columns.
    if not doctest.OutputChecker().check_output(expected, got, doctest.ELLIPSIS):
        pytest.fail(
            f"README.md line {line}: `{command}` printed\n{got}\n"
            f"where the README shows\n{expected}",
            pytrace=False,
        )


def test_the_refused_characters_table_is_the_lexers() -> None:
    """The README's table of refused characters lists exactly what `lexer.FORBIDDEN` refuses."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| what | code points |") :].split("\n\n", 1)[0]
    listed: set[int] = set()
    for row in table.splitlines()[2:]:
        for first, last in re.findall(r"U\+([0-9A-F]{4})(?:–U\+([0-9A-F]{4}))?", row.split("|")[2]):
            listed.update(range(int(first, 16), int(last or first, 16) + 1))
    every = "".join(map(chr, range(0x110000)))
    refused = {ord(char) for char in FORBIDDEN.findall(every)}
    assert listed == refused, (
        f"README lists but the lexer allows: {sorted(map(hex, listed - refused))}; "
        f"the lexer refuses but README omits: {sorted(map(hex, refused - listed))}"
    )


def test_the_api_table_names_every_public_name_and_no_other() -> None:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| name | signature | what |") :].split("\n\n", 1)[0]
    named = {
        name for row in table.splitlines()[2:] for name in re.findall(r"`(\w+)`", row.split("|")[1])
    }
    assert named == set(querydsl.__all__), (
        f"README's API at a glance lacks {set(querydsl.__all__) - named}, "
        f"and names {named - set(querydsl.__all__)} that querydsl does not export"
    )


def test_the_module_table_names_what_each_module_has() -> None:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| module | entry points |") :].split("\n\n", 1)[0]
    missing = []
    for row in table.splitlines()[2:]:
        _, module_cell, entries, _ = row.split("|")
        module = importlib.import_module(module_cell.strip().strip("`"))
        for entry in re.findall(r"`([A-Za-z_][\w.]*)", entries):
            target: object = module
            for part in entry.split("."):
                target = getattr(target, part, None)
            if target is None:
                missing.append(f"{module.__name__}.{entry}")
    assert missing == []
