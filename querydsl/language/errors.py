"""Diagnostics as values, the exceptions that carry them, and the one caret renderer."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from querydsl.carddata.redact import REACH, redact_text
from querydsl.language.ast import Span

# The table of codes moved to codes.py; its names are still read from here (docs/hooks.py, tests).
from querydsl.language.codes import CODES as CODES
from querydsl.language.codes import ERROR_CODES as ERROR_CODES
from querydsl.language.codes import ErrorCode as ErrorCode

_CONTEXT = 40  # characters shown either side of a span on a long line
_WHOLE_LINE = 100  # a line up to this long is shown whole


def _redact_optional(text: str | None) -> str | None:
    return None if text is None else redact_text(text)


def _optional_words(words: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if words is None else tuple(words)


#: How bad a diagnostic is: an `"error"` stops the query; a `"warning"` (what `lint` reports)
#: marks a valid query that is probably not what was meant.
Severity = Literal["error", "warning"]


@attrs.frozen(repr=False)
class Diagnostic:
    """One problem: a stable `code`, a message, and where it is (`span` in text or `path` in JSON).

    Card numbers in the message, the path or the hint are masked to their first 6 and last 4 digits.
    A problem at a token the grammar refuses (a syntax error, or an unknown method where one goes)
    also says what could have come there: `expected` holds grammar.TERMINAL_WORDS' words (`field`,
    `value`, `number`, `operator`, `end`, or a word or sign as written: `(`, `and`, `order by` ...),
    as a tuple in the order the message lists them; it is None for every other diagnostic.
    `severity` is `"error"`, or `"warning"` for what `lint` reports; the repr and `to_dict`
    show it only for a warning.

    >>> Diagnostic("unknown_field", "unknown field 'amout'", span=(0, 5)).code
    'unknown_field'
    >>> Diagnostic("invalid_value", "'4111111111111111x' is not a number").message
    "'411111******1111x' is not a number"
    >>> Diagnostic("syntax_error", "unexpected end of query; expected a value", expected=["value"])
    ... # doctest: +NORMALIZE_WHITESPACE
    Diagnostic(code='syntax_error', message='unexpected end of query; expected a value',
               span=None, path=None, hint=None, expected=('value',))
    >>> Diagnostic("instant_equality", "`=` matches one instant", severity="warning").to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'code': 'instant_equality', 'message': '`=` matches one instant', 'span': None,
     'path': None, 'hint': None, 'severity': 'warning'}
    """

    code: str
    message: str = attrs.field(converter=redact_text)
    span: Span | None = None
    path: str | None = attrs.field(default=None, converter=_redact_optional)
    hint: str | None = attrs.field(default=None, converter=_redact_optional)
    expected: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_words)
    severity: Severity = "error"

    def to_dict(self) -> dict[str, Any]:
        """The diagnostic as plain JSON-ready data (`expected` only where there is one,
        `severity` only for a warning: a diagnostic without it is an error)."""
        found: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "span": list(self.span) if self.span is not None else None,
            "path": self.path,
            "hint": self.hint,
        }
        if self.expected is not None:
            found["expected"] = list(self.expected)
        if self.severity != "error":
            found["severity"] = self.severity
        return found

    def __repr__(self) -> str:
        # `expected` is shown only where there is one, `severity` only for a warning: most
        # diagnostics are errors without `expected`.
        shown = [
            f"{name}={getattr(self, name)!r}"
            for name in ("code", "message", "span", "path", "hint")
        ]
        if self.expected is not None:
            shown.append(f"expected={self.expected!r}")
        if self.severity != "error":
            shown.append(f"severity={self.severity!r}")
        return f"Diagnostic({', '.join(shown)})"


#: A call reports at most this many diagnostics, then one `limit_exceeded` (SPEC 3): with the
#: quotes cut short (redact.shortened), their size grows at most linearly with the input.
MAX_DIAGNOSTICS = 1_000


def capped(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The first 1 000 diagnostics, then one `limit_exceeded` if there were more.

    Reads no further than the 1 001st, so a generator of diagnostics stops there.

    >>> found = capped(Diagnostic("invalid_value", "x") for _ in range(5_000))
    >>> len(found), found[-1].code
    (1001, 'limit_exceeded')
    """
    found = list(itertools.islice(diagnostics, MAX_DIAGNOSTICS + 1))
    if len(found) > MAX_DIAGNOSTICS:
        found[MAX_DIAGNOSTICS:] = [
            Diagnostic(
                "limit_exceeded",
                f"more than {MAX_DIAGNOSTICS} problems were found; the first {MAX_DIAGNOSTICS}"
                " are reported",
                hint="fix these and check again",
            )
        ]
    return found


def too_deep() -> Diagnostic:
    """What a query nested past what Python's stack can walk gets (possible with raised limits)."""
    return Diagnostic(
        "limit_exceeded",
        "the query nests too deeply to be read",
        hint="nest fewer `not` and parentheses, or lower limits.max_depth",
    )


class QueryError(ValueError):
    """Raised when a query or payload is invalid; `diagnostics` holds every problem found, and
    `text` the query they point into, card numbers masked (loggers keep what an error holds).

    >>> import querydsl
    >>> try:
    ...     querydsl.parse("amount > ten")
    ... except QueryError as error:
    ...     print(repr(error), error.diagnostics[0].span)
    ...     print(error)
    QueryError(invalid_value) (9, 12)
    error[invalid_value]: 'ten' is not a number
      amount > ten
               ^^^
      hint: write digits with an optional minus sign and decimal point, e.g. 1000 or 10.5
    """

    def __init__(self, diagnostics: Iterable[Diagnostic], text: str | None = None) -> None:
        found = tuple(diagnostics)
        self.diagnostics = found if len(found) <= MAX_DIAGNOSTICS else tuple(capped(found))
        self.text = _redact_optional(text)
        super().__init__(self.diagnostics)

    def __str__(self) -> str:
        return render(self.diagnostics, self.text)

    def __repr__(self) -> str:
        codes = ", ".join(d.code for d in self.diagnostics)
        return f"{type(self).__name__}({codes})"


class SchemaError(QueryError):
    """Raised when an API response does not have the documented shape.

    >>> from querydsl import homebank
    >>> try:
    ...     homebank.load_operations('{"totalCount": "x", "records": []}')
    ... except SchemaError as error:
    ...     print(error)
    error[invalid_shape] at /totalCount: expected an integer, got a string
    """


def render(diagnostics: Iterable[Diagnostic], text: str | None = None) -> str:
    """Each diagnostic's message, labelled by its severity; for text, the line with a caret under
    the span; then the hint."""
    blocks = []
    for diagnostic in diagnostics:
        where = f" at {place(diagnostic.path)}" if diagnostic.path is not None else ""
        lines = [f"{diagnostic.severity}[{diagnostic.code}]{where}: {diagnostic.message}"]
        if text is not None and diagnostic.span is not None:
            lines.extend(caret_lines(text, diagnostic.span))
        if diagnostic.hint:
            lines.append(f"  hint: {diagnostic.hint}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def place(path: str) -> str:
    """A JSON Pointer as shown in a message: the empty pointer is the whole document, not `/`."""
    return path or "the top level"


def caret_lines(text: str, span: Span) -> list[str]:
    """The line of `text` holding `span`, and a line of carets under the span.

    Control and format characters are shown as U+FFFD so that the output cannot be reordered
    or hidden by the terminal; wide characters get two carets.
    """
    start, end = max(0, min(span[0], len(text))), max(0, min(span[1], len(text)))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if line_end == -1:
        line_end = len(text)
    end = max(start, min(end, line_end))
    first, last = line_start, line_end
    if line_end - line_start > _WHOLE_LINE:
        first = max(line_start, start - _CONTEXT)
        # A long span is cut too: the line shown stays within _WHOLE_LINE characters.
        last = min(line_end, max(end, start + 1) + _CONTEXT, first + _WHOLE_LINE)
    # Masked as shown (tab and CR are whitespace in a query, as the space is; controls show as
    # U+FFFD; one character stays one), then cut: masked as far around the window as a card
    # number reaches, so one the window cuts is masked whole.
    near, far = max(line_start, first - REACH), min(line_end, last + REACH)
    around = redact_text(terminal_safe(text[near:far].translate(_SPACES)))
    shown = around[first - near : last - near]
    prefix = "…" if first > line_start else ""
    suffix = "…" if last < line_end else ""
    before = shown[: start - first]
    marked = shown[start - first : end - first]
    line = prefix + shown + suffix
    pad = " " * (len(prefix) + display_width(before))
    carets = "^" * max(1, display_width(marked))
    return [f"  {line}", f"  {pad}{carets}"]


_SPACES = str.maketrans("\t\r", "  ")
# Characters a terminal may act on instead of showing: controls, format characters (bidi
# overrides that reorder a line), surrogates, private use, unassigned, line and paragraph breaks.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal could act on, not show, as U+FFFD.

    >>> terminal_safe("a\u202eb\x1b")
    'a\ufffdb\ufffd'
    """
    return "".join(
        "\ufffd" if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in text
    )


def display_width(text: str) -> int:
    """How many terminal columns `text` takes: wide characters two, combining marks none.

    >>> display_width("ab"), display_width("日本"), display_width("e\u0301")
    (2, 4, 1)
    """
    return sum(
        2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 0
        if unicodedata.combining(ch)
        else 1
        for ch in text
    )
