"""Completion for search boxes: what the grammar and the schema accept at the cursor."""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import attrs

from querydsl.homebank.schema import HOMEBANK
from querydsl.homebank.target import TARGET as HOMEBANK_TARGET
from querydsl.language.ast import COMPARE_METHOD, METHOD_OF_KEYWORD, Method, Span
from querydsl.language.datetimes import RELATIVE, parse_datetime, relative_parts
from querydsl.language.grammar import token_table
from querydsl.language.lexer import LexError, RawToken, forbidden_character, lex
from querydsl.language.parser import driver
from querydsl.language.rules import DEFAULT_MAX_LENGTH
from querydsl.language.schema import Field, Schema, field_takes, normalize
from querydsl.language.target import Target
from querydsl.language.types import FieldType
from querydsl.language.values import ValueProblem
from querydsl.searchbox.provider import DEFAULT_DEADLINE, ValueProvider, offered_values

SuggestionKind = Literal["field", "operator", "keyword", "value"]


@attrs.frozen
class Suggestion:
    """One thing that may be inserted at the cursor, replacing `span` of the text.

    >>> Suggestion("amount", "field", (0, 3), "number").text
    'amount'
    """

    text: str
    kind: SuggestionKind
    span: Span
    detail: str = ""


# ---- What each position offers ------------------------------------------------------------

#: What continues a bare word (grammars/querydsl.lark, WORD: no `..` inside).
_WORD_REST = re.compile(r"(?:[^\s()\[\],\"'=<>!:.]|\.(?!\.))*")
# Words that may still grow into something else; punctuation and operators never do.
_PARTIAL_KINDS = frozenset(
    {"WORD", "DATETIME", "CARD_MASK", "AND", "OR", "NOT", "BETWEEN", "IN", "LIKE", "ORDER",
     "SORT", "BY", "ASC", "DESC", "PAGE", "SIZE", "TRUE", "FALSE"}
)  # fmt: skip
_METHOD_TOKENS = frozenset({"COMPARE", "COLON", "BETWEEN", "IN", "LIKE"})

# For a name the schema does not know, every method the grammar has.
_ANY_OPERATORS = (
    ("=", "equals"),
    ("!=", "does not equal"),
    (">=", "at least"),
    ("<=", "at most"),
    (">", "more than"),
    ("<", "less than"),
    (":", "equals, or a range with a..b"),
    ("between", "in a range: between a..b"),
    ("in", "one of a list: in (a, b)"),
    ("like", "matches a pattern with % wildcards"),
)
# Keywords in the order they are offered, with the terminal that allows each.
_KEYWORDS: tuple[tuple[str, str, str], ...] = (
    ("RANGE", "..", "up to"),
    ("AND", "and", "both conditions hold"),
    ("OR", "or", "either condition holds"),
    ("NOT", "not", "the next condition does not hold"),
    ("IN", "in", "one of a list: not in (a, b)"),
    ("ASC", "asc", "smallest first"),
    ("DESC", "desc", "largest first"),
    ("ORDER", "order by", "sort the results"),
    ("SORT", "sort by", "sort the results"),
    ("BY", "by", "the fields to sort by"),
    ("PAGE", "page", "which page of results"),
    ("SIZE", "size", "results per page"),
)
_OPERATOR_KEYWORDS = frozenset({"RANGE", "IN"})


def complete(
    text: str,
    cursor: int | None = None,
    *,
    schema: Schema = HOMEBANK,
    target: Target = HOMEBANK_TARGET,
    values: ValueProvider | None = None,
    deadline: float = DEFAULT_DEADLINE,
) -> list[Suggestion]:
    """What may come next at `cursor` (default: the end), filtered by the word being typed.

    Only what leads somewhere is offered: the `target` (default the Homebank payload's) says
    which negations it can express (`!=`, `not in`); the memory target's says every one.

    Where a value of a string field may stand (after `=`, `:`, `in (`; not after `like`, whose
    value is a pattern), `values(field, prefix, limit)` may add the values it knows: `field` is
    the canonical name, `prefix` the word being typed, `limit` 10. Those that start with the
    prefix (ignoring case) are offered, quoted where they would not read back bare. The provider
    runs on a worker thread and is waited for `deadline` seconds: one that raises or is late
    adds nothing, and its late call may still finish in the background (provider.py).

    >>> [s.text for s in complete("payer_email l")]
    ['like']
    >>> complete("amount > 5 o")[0]
    Suggestion(text='or', kind='keyword', span=(11, 12), detail='either condition holds')
    >>> names = lambda field, prefix, limit: ["Дана Ким", "Данияр", "Олжас"]
    >>> [s.text for s in complete("client = да", values=names)]
    ['"Дана Ким"', 'Данияр']
    """
    if not isinstance(text, str) or isinstance(cursor, bool) or not isinstance(schema, Schema):
        return []
    if not callable(getattr(target, "negatable", None)):
        return []  # no target: nothing is known to lead somewhere
    try:
        end = len(text) if cursor is None else max(0, min(operator.index(cursor), len(text)))
    except TypeError:  # not a position: nothing to suggest, as for text that is not text
        return []
    before = text[:end]
    if end > DEFAULT_MAX_LENGTH or forbidden_character(before) is not None:
        return []  # past the length limit the query is refused anyway (limit_exceeded)
    try:
        found = lex(token_table(), before)
    except LexError:
        return []
    prefix, span = "", (end, end)
    if found and found[-1][3] == end and found[-1][0] in _PARTIAL_KINDS:
        _, prefix, start, _ = found.pop()
        span = (start, end)
    parser = driver()
    stack = [parser.start_row]
    for kind, *_ in found:
        if not parser.feed(stack, kind):
            return []
    accepted = parser.accepts(stack)
    offers = _suggest(accepted, stack[-1], found, prefix, span, schema, target)
    if values is not None and "STRING" in accepted:
        field = _string_value_field(found, schema, target)
        if field is not None:
            offered = offered_values(values, field.name, prefix, deadline)
            offers.extend(Suggestion(text, "value", span, field.name) for text in offered)
    rest = _WORD_REST.match(text, end).group() if prefix else ""  # type: ignore[union-attr]
    if rest:  # the cursor stands inside a word: `cre|ated_date`
        # A suggestion that ends as the word does replaces all of it (`created_date`); any
        # other leaves the rest as it is, so nothing typed is lost (`or` at `o|rdr`).
        whole = (span[0], end + len(rest))
        folded = rest.casefold()
        offers = [
            attrs.evolve(offer, span=whole) if offer.text.casefold().endswith(folded) else offer
            for offer in offers
        ]
    return offers


def _suggest(
    accepted: set[str],
    row: dict[str, Any],
    context: Sequence[RawToken],
    prefix: str,
    span: Span,
    schema: Schema,
    target: Target,
) -> list[Suggestion]:
    offers: list[Suggestion] = []
    if "STRING" in accepted:  # a value stands here
        field = _value_field(context, schema, target)
        lower = _lower_bound(context)
        for text, detail in field.type.suggestions if field is not None else ():
            if lower is None or _in_order(lower, text):  # no inverted_range
                offers.append(Suggestion(text, "value", span, detail))
    elif "WORD" in accepted and "field" in row:  # a field may start here
        offers.extend(_fields(schema, span, _ordered(context, schema)))
    if "COMPARE" in accepted:  # right after a field
        field = schema.lookup(context[-1][1]) if context else None
        pairs = _operators(field, target) if field is not None else _ANY_OPERATORS
        offers.extend(Suggestion(text, "operator", span, detail) for text, detail in pairs)
    else:
        given = {kind for kind, *_ in context}
        for terminal, text, detail in _KEYWORDS:
            if terminal not in accepted or (terminal == "SORT" and not prefix):
                continue
            if terminal in ("PAGE", "SIZE") and terminal in given:  # each at most once
                continue
            # `in` after `f not`: only where the target can say `not in` (the Homebank API:
            # unsupported_not); after an unknown field the field is the problem.
            if terminal == "IN" and not _negated_in(_field(context[:-1], schema), target):
                continue
            # `..` after `f:a` or `f between a`, and that `between`'s `and`, make a range.
            ranging = terminal == "RANGE" or (terminal == "AND" and "RANGE" in accepted)
            if ranging and not _range_allowed(context, schema, terminal):
                continue
            kind: SuggestionKind = "operator" if terminal in _OPERATOR_KEYWORDS else "keyword"
            offers.append(Suggestion(text, kind, span, detail))
    if not prefix:
        return offers
    folded, key = prefix.casefold(), normalize(prefix)
    return [
        offer
        for offer in offers
        if offer.text.casefold().startswith(folded)
        or (offer.kind == "field" and normalize(offer.text).startswith(key))
    ]


def _fields(schema: Schema, span: Span, taken: frozenset[str]) -> list[Suggestion]:
    """Canonical names first, then aliases; fields already in `order by` are left out."""
    offered = [field for field in schema.fields if field.name not in taken]
    names = [Suggestion(field.name, "field", span, field.type.name) for field in offered]
    aliases = [
        Suggestion(alias, "field", span, f"alias of {field.name}")
        for field in offered
        for alias in field.aliases
    ]
    return names + aliases


def _ordered(context: Sequence[RawToken], schema: Schema) -> frozenset[str]:
    """The canonical names already in the order clause (a field may appear there once)."""
    for index, (kind, *_) in enumerate(context):
        if kind in ("ORDER", "SORT"):
            found = (schema.lookup(t[1]) for t in context[index + 1 :] if t[0] == "WORD")
            return frozenset(field.name for field in found if field is not None)
    return frozenset()


def _operators(field: Field, target: Target) -> tuple[tuple[str, str], ...]:
    """The operators after a known field: its type's, and `!=` after `=` where the target can
    say that negation."""
    pairs = field.type.operators
    if Method.EQ not in field.type.methods or not target.negatable(field.type, Method.EQ):
        return pairs
    at = next((i + 1 for i, (text, _) in enumerate(pairs) if text == "="), len(pairs))
    return (*pairs[:at], ("!=", "is not"), *pairs[at:])


def _value_field(context: Sequence[RawToken], schema: Schema, target: Target) -> Field | None:
    """The field a value being typed belongs to, if its type allows the method it follows
    (values for a method it refuses would only mislead)."""
    found = _method(context)
    if found is None:
        return None
    named, kind, text = found
    if kind == "COLON" and any(token[0] == "RANGE" for token in context[len(named) :]):
        kind, text = "BETWEEN", "between"  # `f:a..b` is a range
    field = _field(named, schema)
    if text == "!=" and field is not None and not target.negatable(field.type, Method.EQ):
        return None  # values would only lead to what the target cannot say (unsupported_not)
    # `:` names `=` or a range, which every type allows in one form: no method to ask about.
    method = COMPARE_METHOD.get(text) if kind == "COMPARE" else METHOD_OF_KEYWORD.get(kind)
    return field if field_takes(field, method) else None


def _string_value_field(
    context: Sequence[RawToken], schema: Schema, target: Target
) -> Field | None:
    """The string field a value being typed belongs to, where a value (not a pattern) stands."""
    field = _value_field(context, schema, target)
    if field is None or field.type is not FieldType.STRING:
        return None
    found = _method(context)
    return None if found is None or found[1] == "LIKE" else field


def _method(context: Sequence[RawToken]) -> tuple[Sequence[RawToken], str, str] | None:
    """The nearest method word: the context up to its field, its kind and text."""
    for index in range(len(context) - 1, 0, -1):
        kind, text, *_ = context[index]
        if kind in _METHOD_TOKENS:
            before = index - 1
            if context[before][0] == "NOT" and before > 0:
                before -= 1
            return context[: before + 1], kind, text
    return None


def _lower_bound(context: Sequence[RawToken]) -> str | None:
    """The lower bound of a range whose upper bound comes next: `f between a..`, `f:a..`,
    `f between a and`."""
    if len(context) < 3 or context[-2][0] not in ("WORD", "DATETIME"):
        return None
    ends = context[-1][0]
    if ends == "RANGE" or (ends == "AND" and context[-3][0] == "BETWEEN"):
        return context[-2][1]
    return None


_HOUR = timedelta(hours=1)
_ZONES_APART = 14 * _HOUR  # a date or a datetime without offset is in a zone up to 14 h from UTC


def _shortest(days: int) -> timedelta:
    """The least `days` calendar days (signed) can last: a day is 23 to 25 hours where clocks
    change."""
    return days * (23 if days >= 0 else 25) * _HOUR


def _in_order(lower: str, upper: str) -> bool:
    """Whether `lower..upper`, `upper` a relative time, is in order whatever the clock and the
    zone (`between now-1d..` takes `now`, never `now-7d`). A lower bound that is no time says
    so itself; anything is offered after it."""
    high = RELATIVE.fullmatch(upper)
    if high is None:
        return True
    low = RELATIVE.fullmatch(lower)
    try:
        high_midnight, high_days, high_elapsed = relative_parts(high)
        if low is None:
            # A date or a datetime: relative times only move on, so what is in order now is in
            # order from now on.
            clock = datetime.now(UTC)
            try:
                at = parse_datetime(lower, UTC, clock) + _ZONES_APART
            except ValueProblem:
                return True
            earliest = clock + high_elapsed + _shortest(high_days)
            return (earliest - 25 * _HOUR if high_midnight else earliest) >= at
        low_midnight, low_days, low_elapsed = relative_parts(low)
        # Midnight is now less 0 to 25 hours (the same midnight for both bounds).
        gap = high_elapsed - low_elapsed + _shortest(high_days - low_days)
        return (gap - 25 * _HOUR if high_midnight and not low_midnight else gap) >= timedelta(0)
    except OverflowError:  # a bound past the ends of time: its own diagnostic says so
        return low is not None


def _negated_in(field: Field | None, target: Target) -> bool:
    """Whether `f not in (...)` can lead to what the target says (or the field is unknown)."""
    return field is None or (
        field_takes(field, Method.IN) and target.negatable(field.type, Method.IN)
    )


def _range_allowed(context: Sequence[RawToken], schema: Schema, terminal: str) -> bool:
    """Whether `..`, or the `and` of `f between a and b`, may follow: the field takes `between`.
    (After `f:a` an `and` joins another condition.)"""
    found = _method(context)
    if found is None or (terminal == "AND" and found[1] != "BETWEEN"):
        return True
    return field_takes(_field(found[0], schema), Method.BETWEEN)


def _field(context: Sequence[RawToken], schema: Schema) -> Field | None:
    """The schema's field named by the word that ends `context`, if it names one."""
    return schema.lookup(context[-1][1]) if context and context[-1][0] == "WORD" else None
