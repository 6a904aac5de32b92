"""The docs site's machinery (docs/hooks.py, mkdocs.yml): the grammar drawn rule by rule, the
error codes' page drawn from the package, doctests fenced for the API reference, and every
public name documented with an example."""

from __future__ import annotations

import doctest
import html
import importlib
import importlib.util
import inspect
import re
from types import ModuleType

import pytest
from conftest import ROOT
from lark import Lark
from lark.grammar import Rule
from lark.lexer import PatternStr

import querydsl
from querydsl.homebank.responses import RESPONSE_WARNING_CODES
from querydsl.language.errors import ERROR_CODES
from querydsl.searchbox.lint import WARNING_CODES, lint

pytest.importorskip("railroad", reason="the docs extra is not installed")
pytest.importorskip("griffe", reason="the docs extra is not installed")

GRAMMAR_TEXT = (ROOT / "grammars" / "querydsl.lark").read_text(encoding="utf-8")
#: The public names with no docstring example `has_example` can see, by module. Each is neither
#: class nor function, so it has no docstring of its own: `HOMEBANK` and horizonpay's `SCHEMA`
#: are Schema instances (the docstrings of querydsl/homebank/schema.py and
#: querydsl/horizonpay/schema.py show them in use), and `Expr` is a type alias
#: (Condition | And | Or | Not, each with its own example).
WITHOUT_EXAMPLES = {
    "querydsl": {"Expr", "HOMEBANK"},
    "querydsl.homebank": set(),
    "querydsl.horizonpay": {"SCHEMA"},
    "querydsl.strategies": set(),
}


def load_hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hooks = load_hooks()


def test_the_examples_in_the_hooks_hold() -> None:
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(hooks, optionflags=flags, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


# ---- the grammar, drawn ----------------------------------------------------------------------

LARK = Lark(GRAMMAR_TEXT, parser="lalr")
DIAGRAMS = hooks.rule_diagrams(GRAMMAR_TEXT)
#: The grammar's rules as Lark compiles them, without the helper rules it makes for `*` and `+`.
RULES = [rule for rule in LARK.rules if not rule.origin.name.startswith("_")]
DRAWN_AS = {
    terminal.name: terminal.pattern.value if isinstance(terminal.pattern, PatternStr)
    else terminal.name
    for terminal in LARK.terminals
}  # fmt: skip


def drawn_texts(svg: str) -> set[str]:
    """The texts written in a railroad diagram's boxes and comments."""
    return {html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)}


def test_every_rule_of_the_grammar_has_a_diagram() -> None:
    assert set(DIAGRAMS) == {str(rule.origin.name) for rule in RULES}
    assert all(svg.startswith("<svg") for svg in DIAGRAMS.values())


@pytest.mark.parametrize("rule", RULES, ids=str)
def test_each_symbol_of_a_rule_is_drawn_in_its_diagram(rule: Rule) -> None:
    texts = drawn_texts(DIAGRAMS[rule.origin.name])
    for symbol in rule.expansion:
        if not symbol.name.startswith("_"):  # a helper rule of `*` and `+`: drawn as a loop
            assert DRAWN_AS.get(symbol.name, symbol.name) in texts
    if rule.alias:
        assert f"→ {rule.alias}" in texts


def test_a_rule_in_a_diagram_links_to_its_own_diagram() -> None:
    links = {link for svg in DIAGRAMS.values() for link in re.findall(r'href="#([^"]+)"', svg)}
    assert links == {*DIAGRAMS, hooks.PATTERNS_ANCHOR.lstrip("#")} - {"start"}


def test_a_construct_the_drawing_does_not_know_is_an_error_not_a_gap() -> None:
    with pytest.raises(ValueError, match="no railroad drawing"):
        hooks.rule_diagrams('start: "a" ~ 2..3')


def test_the_grammar_page_holds_each_rule_as_a_heading_and_a_diagram() -> None:
    page = hooks.on_page_markdown((ROOT / "docs" / "grammar.md").read_text(encoding="utf-8"))
    assert hooks.RAILROAD_MARKER not in page
    for name, svg in DIAGRAMS.items():
        assert f'### `{name}` {{#{name}}}\n\n<div class="railroad">{svg}</div>' in page
    assert '--8<-- "grammars/querydsl.lark"' in page  # the grammar's text, by pymdownx.snippets


# ---- the error and warning codes' page -----------------------------------------------------

ERRORS_PAGE = hooks.on_page_markdown((ROOT / "docs" / "errors.md").read_text(encoding="utf-8"))
TABLES = {
    "errors": (ERROR_CODES, querydsl.check),
    "warnings": (WARNING_CODES, lint),
    "response warnings": (RESPONSE_WARNING_CODES, querydsl.check),
}


def test_the_errors_page_lists_every_code_with_its_meaning_and_fix() -> None:
    assert not any(marker in ERRORS_PAGE for marker in hooks.CODE_TABLES)
    rows = re.findall(r"^\| \[`(\w+)`\]\(#\1\) \| (.*) \| (.*) \|$", ERRORS_PAGE, re.M)
    every_code = {**ERROR_CODES, **WARNING_CODES, **RESPONSE_WARNING_CODES}
    assert rows == [(code, e.meaning, e.fix) for code, e in every_code.items()]


@pytest.mark.parametrize(
    ("table", "code"), [(table, code) for table, (codes, _) in TABLES.items() for code in codes]
)
def test_the_errors_page_shows_each_example_and_what_querydsl_says(table: str, code: str) -> None:
    codes, read_text = TABLES[table]
    section = ERRORS_PAGE.split(f"### `{code}` {{#{code}}}")[1].split("\n#")[0]
    entry = codes[code]
    assert f"\n{entry.example}\n" in section
    said = hooks.said_about(entry, read_text)
    assert f"```text\n{said}\n```" in section
    assert re.findall(r"^(?:error|warning)\[(\w+)\]", said, re.M) == [code]


# ---- the API reference -----------------------------------------------------------------------


def test_doctests_are_fenced_for_markdown() -> None:
    docstring = "Adds.\n\n>>> 1 + 1\n2\n>>> print(\n...     'a')  # doctest: +SKIP\na\n\nMore.\n"
    assert hooks.fenced_doctests(docstring) == (
        "Adds.\n\n```pycon\n>>> 1 + 1\n2\n>>> print(\n...     'a')\na\n```\n\nMore."
    )


def test_a_docstring_without_doctests_is_left_as_it_is() -> None:
    assert hooks.fenced_doctests("One line.\n\n    Indented > text.") == (
        "One line.\n\n    Indented > text."
    )


def public_names(module_name: str) -> list[tuple[str, object]]:
    module = importlib.import_module(module_name)
    return [(name, getattr(module, name)) for name in module.__all__]


def has_example(value: object) -> bool:
    documented = inspect.isclass(value) or inspect.isroutine(value)
    return documented and ">>>" in (inspect.getdoc(value) or "")


@pytest.mark.parametrize("module_name", list(WITHOUT_EXAMPLES))
def test_every_public_name_has_a_docstring_with_an_example(module_name: str) -> None:
    lacking = {name for name, value in public_names(module_name) if not has_example(value)}
    assert lacking == WITHOUT_EXAMPLES[module_name]


def test_the_reference_page_documents_each_public_module() -> None:
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert re.findall(r"^::: (\S+)$", reference, re.M) == list(WITHOUT_EXAMPLES)


# ---- mkdocs.yml ------------------------------------------------------------------------------


def test_the_site_config_names_its_pages_and_machinery() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = re.findall(r"^  - [^:]+: (\S+\.md)$", config, re.M)
    assert pages[0] == "index.md" and pages[-1] == "reference.md"
    assert {"grammar.md", "errors.md"} <= set(pages)
    docs = ROOT / "docs"
    assert {page.relative_to(docs).as_posix() for page in docs.rglob("*.md")} == set(pages)
    assert "  - docs/hooks.py\n" in config
    assert "docs/hooks.py:DoctestFences" in config
