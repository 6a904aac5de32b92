"""mkdocs hooks: the parts of the site drawn from the package when the site is built.

`grammar.md` gets a railroad diagram for each rule of grammars/querydsl.lark, read with Lark's
own grammar loader; `errors.md` gets the tables of error codes (`errors.ERROR_CODES`), warning
codes (`lint.WARNING_CODES`) and response warning codes (`homebank.responses.
RESPONSE_WARNING_CODES`), and under each example what querydsl says about it. A page
asks for each by holding its marker on a line of its own. `DoctestFences` readies the
docstrings for the API reference.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import griffe
import railroad
from lark import Token, Tree
from lark.grammar import NonTerminal, Terminal
from lark.load_grammar import GrammarBuilder

import querydsl
from querydsl.homebank.responses import RESPONSE_WARNING_CODES, load_operations
from querydsl.language.errors import ERROR_CODES, Diagnostic, ErrorCode, render
from querydsl.searchbox.lint import WARNING_CODES, lint

ROOT = Path(__file__).resolve().parent.parent
GRAMMAR = ROOT / "grammars" / "querydsl.lark"
RAILROAD_MARKER = "<!-- railroad diagrams -->"
#: Where a diagram's pattern terminals (WORD, STRING ...) link: the page's grammar text.
PATTERNS_ANCHOR = "#the-grammar-file"


# ---- railroad diagrams ---------------------------------------------------------------------


def rule_diagrams(grammar_text: str) -> dict[str, str]:
    """An inline SVG railroad diagram for each rule of a Lark grammar, by rule name, in the
    grammar's order. A terminal that is one string shows as that string (`and`, `(`); one
    defined by a pattern shows its name (`WORD`); a rule shows its name, linked to its diagram.

    >>> svg = rule_diagrams('start: "x" item*\\nitem: NAME\\nNAME: /[a-z]+/')
    >>> list(svg), 'href="#item"' in svg["start"], ">NAME<" in svg["item"]
    (['start', 'item'], True, True)
    """
    builder = GrammarBuilder()
    builder.load_grammar(grammar_text, "grammar.lark")
    grammar = builder.build()
    literals = {
        name: text
        for name, (tree, _priority) in grammar.term_defs
        if (text := _single_string(tree)) is not None
    }
    return {
        str(name): _svg(railroad.Diagram(_diagram_item(tree, literals)))
        for name, _params, tree, _options in grammar.rule_defs
    }


def _single_string(tree: Tree[Any]) -> str | None:
    """The text of a terminal defined as one string (`"and"i` is `and`); None for any other."""
    match tree:
        case Tree(
            "expansions",
            [Tree("expansion", [Tree("value", [Tree("literal", [Token("STRING")]) as literal])])],
        ):
            return _literal_text(literal)
    return None


def _literal_text(literal: Tree[Any]) -> str:
    """How a literal is drawn: a string as its text, unquoted and without flags; a pattern as is."""
    (token,) = literal.children
    if token.type == "STRING":
        text: str = ast.literal_eval(token[: token.rindex('"') + 1])
        return text
    return str(token)


def _diagram_item(node: object, literals: Mapping[str, str]) -> railroad.DiagramItem:
    """The railroad item for a node of Lark's EBNF tree of a rule."""
    match node:
        case Tree("expansions", [only]) | Tree("expansion", [only]):
            return _diagram_item(only, literals)
        case Tree("expansions", choices):
            return railroad.Choice(0, *(_diagram_item(c, literals) for c in choices))
        case Tree("expansion", items):
            return railroad.Sequence(*(_diagram_item(i, literals) for i in items))
        case Tree("alias", [expansion, NonTerminal(name=alias)]):
            return railroad.Sequence(
                _diagram_item(expansion, literals), railroad.Comment(f"→ {alias}")
            )
        case Tree("maybe", [item]) | Tree("expr", [item, Token("OP", "?")]):
            return railroad.Optional(_diagram_item(item, literals))
        case Tree("expr", [item, Token("OP", "*")]):
            return railroad.ZeroOrMore(_diagram_item(item, literals))
        case Tree("expr", [item, Token("OP", "+")]):
            return railroad.OneOrMore(_diagram_item(item, literals))
        case Tree("value", [Tree("literal") as literal]):
            return railroad.Terminal(_literal_text(literal))
        case Tree("value", [symbol]):
            return _diagram_item(symbol, literals)
        case NonTerminal(name=name):
            return railroad.NonTerminal(name, href=f"#{name}")
        case Terminal(name=name) if name in literals:
            return railroad.Terminal(literals[name])
        case Terminal(name=name):
            return railroad.Terminal(name, href=PATTERNS_ANCHOR)
    raise ValueError(f"no railroad drawing for this part of the grammar: {node!r}")


def _svg(diagram: railroad.Diagram) -> str:
    parts: list[str] = []
    diagram.writeSvg(parts.append)
    return "".join(parts)


def railroad_markdown(grammar_text: str) -> str:
    """A section for each rule: its name as a heading (anchored at the name), its diagram."""
    return "\n\n".join(
        f'### `{name}` {{#{name}}}\n\n<div class="railroad">{svg}</div>'
        for name, svg in rule_diagrams(grammar_text).items()
    )


# ---- the error and warning codes ---------------------------------------------------------

#: Each table's marker, its codes, and how its text examples are read: errors as `check` finds
#: them, warnings as `lint` does (payload examples by `validate_payload`, responses by
#: `homebank.load_operations`).
CODE_TABLES: dict[str, tuple[Mapping[str, ErrorCode], Callable[[str], list[Diagnostic]]]] = {
    "<!-- error codes -->": (ERROR_CODES, querydsl.check),
    "<!-- warning codes -->": (WARNING_CODES, lint),
    "<!-- response warning codes -->": (RESPONSE_WARNING_CODES, querydsl.check),
}
#: How each kind of example is introduced on the page, and the language of its code block.
_SHOWN_AS = {
    "text": ("A query:", "text"),
    "payload": ("A payload:", "json"),
    "response": ("A response:", "json"),
}


def said_about(
    entry: ErrorCode, read_text: Callable[[str], list[Diagnostic]] = querydsl.check
) -> str:
    """What querydsl says about an entry's example, as `str(QueryError)` and the command line
    show it: a text example as `read_text` reads it, a payload as `validate_payload` does.

    >>> print(said_about(ERROR_CODES["inverted_range"]))
    error[inverted_range]: the lower bound of the range is above the upper bound
      amount between 10..1 and created_date >= now-7d
                     ^^^^^
      hint: swap the two bounds
    """
    if entry.source == "text":
        return render(read_text(entry.example), entry.example)
    if entry.source == "response":
        return render(load_operations(entry.example).warnings)
    return render(querydsl.validate_payload(entry.example))


def codes_markdown(
    codes: Mapping[str, ErrorCode], read_text: Callable[[str], list[Diagnostic]] = querydsl.check
) -> str:
    """A table of the codes, each with its meaning and its fix, then a section for each code:
    its example and what querydsl says about it.

    >>> print(codes_markdown({"arity": ERROR_CODES["arity"]}).splitlines()[2])
    | [`arity`](#arity) | The method has the wrong number ... | Give the method its ... |
    """
    rows = [
        f"| [`{code}`](#{code}) | {_cell(entry.meaning)} | {_cell(entry.fix)} |"
        for code, entry in codes.items()
    ]
    sections = [
        "\n\n".join(
            [
                f"### `{code}` {{#{code}}}",
                _SHOWN_AS[entry.source][0],
                _fenced(_SHOWN_AS[entry.source][1], entry.example),
                "querydsl says:",
                _fenced("text", said_about(entry, read_text)),
            ]
        )
        for code, entry in codes.items()
    ]
    return "\n\n".join(["| code | meaning | fix |\n|---|---|---|\n" + "\n".join(rows), *sections])


def _cell(text: str) -> str:
    if "|" in text or "\n" in text:
        raise ValueError(f"a table cell holds one line and no `|`: {text!r}")
    return text


def _fenced(language: str, text: str) -> str:
    return f"```{language}\n{text}\n```"


# ---- the API reference -------------------------------------------------------------------

_DOCTEST_FLAGS = re.compile(r"\s*# doctest:.*$")


def fenced_doctests(docstring: str) -> str:
    """A docstring with each doctest block (a `>>>` line up to a blank line) fenced as `pycon`,
    its `# doctest:` directives dropped: Markdown would read `>>>` as quotes, and `[...]` as a
    link.

    >>> fenced_doctests("Adds.\\n\\n>>> 1 + 1  # doctest: +ELLIPSIS\\n2").splitlines()
    ['Adds.', '', '```pycon', '>>> 1 + 1', '2', '```']
    """
    lines: list[str] = []
    in_block = False
    for line in docstring.splitlines():
        if not in_block and line.lstrip().startswith(">>>"):
            in_block = True
            indent = line[: len(line) - len(line.lstrip())]
            lines.append(f"{indent}```pycon")
        elif in_block and not line.strip():
            in_block = False
            lines.append(f"{indent}```")
        if in_block:
            shown = _DOCTEST_FLAGS.sub("", line)
            if shown.strip() == "...":  # a continuation line that held only a directive
                continue
            lines.append(shown)
        else:
            lines.append(line)
    if in_block:
        lines.append(f"{indent}```")
    return "\n".join(lines)


class DoctestFences(griffe.Extension):
    """A griffe extension (mkdocstrings loads it) that fences every docstring's doctests."""

    def on_instance(self, *, obj: griffe.Object, **_: object) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fenced_doctests(obj.docstring.value)


# ---- the mkdocs event ----------------------------------------------------------------------


def on_page_markdown(markdown: str, **_: object) -> str:
    """mkdocs' hook: a page's markers replaced by what they stand for."""
    if RAILROAD_MARKER in markdown:
        markdown = markdown.replace(
            RAILROAD_MARKER, railroad_markdown(GRAMMAR.read_text(encoding="utf-8"))
        )
    for marker, (codes, read_text) in CODE_TABLES.items():
        if marker in markdown:
            markdown = markdown.replace(marker, codes_markdown(codes, read_text))
    return markdown
