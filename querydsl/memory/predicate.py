"""A checked filter compiled once into Python functions over records (SPEC 9).

The filter becomes the source of Python functions, compiled together: `test(record)`, and the loop
`select(records)` that keeps the matching ones. Per record they read each field the filter names
once, into a local (`v0`, `v1` ...), make it its exact type, then evaluate the filter as one Python
expression over those locals: `(v0 is not None and v0 > c0) and v1.startswith(c1)`.
There is no walk over the tree per record. Only generated names are written into the source;
every value from the query (and a field name that is not a plain ASCII identifier) reaches it as
a constant in the functions' namespace.

A record whose fields do not read the quick way (a missing key, another kind of mapping, a value
of a subclass or of the wrong type, a hostile object) is read again, slowly and carefully: that
path is the reference, and reports a bad value as a `SchemaError` at the record's pointer.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timezone, tzinfo
from decimal import Decimal
from typing import Any

import attrs

from querydsl.language.ast import And, Condition, Expr, Method, Not
from querydsl.language.errors import Diagnostic, SchemaError
from querydsl.language.schema import Field, Schema
from querydsl.memory import records
from querydsl.memory.records import BadValue, Normal, normalizer

#: How deep `and`/`or`/`not` nest inside one generated expression; a deeper part is computed
#: first, into a local of its own, so that any query compiles (Python's parser nests 200 deep).
_NESTING = 12
_ORDERING = {Method.LT: "<", Method.GT: ">", Method.LE: "<=", Method.GE: ">="}

# How a value read the quick way becomes its exact type, by the Python type of the field type's
# values: the usual case is tested inline, and anything else (None included) goes through the
# function of records.py. A type of one's own calls its function (`N<number>`) every time.
_NORMALIZE_LINES = {
    str: ["if type({v}) is not str: {v} = as_string({v})"],
    Decimal: [
        "if type({v}) is Decimal:",
        "    if not {v}.is_finite(): {v} = as_number({v})",
        "elif type({v}) is not int or not -HUGE < {v} < HUGE: {v} = as_number({v})",
    ],
    # A fixed offset (how Homebank's responses load) compares by instant as it is; a zone with
    # folds would not (`==` is False across zones at an hour that repeats): it becomes UTC.
    datetime: [
        "if type({v}) is not datetime or type({v}.tzinfo) is not timezone: {v} = as_instant({v})",
    ],
    bool: ["if type({v}) is not bool and {v} is not None: {v} = as_boolean({v})"],
}
_NORMALIZE_CALL = ["{v} = {normalize}({v})"]


@attrs.frozen
class Predicate:
    """A filter compiled for records: `test(record)`, and `select(records)` keeping matches."""

    #: Whether one record matches.
    test: Callable[[object], bool]
    #: The matching records of a list, in order.
    select: Callable[[Sequence[object]], list[object]]


def compile_filter(expr: Expr | None, schema: Schema) -> Predicate:
    """The predicate of a checked filter (`None`: every record matches).

    >>> from querydsl import HOMEBANK, parse
    >>> predicate = compile_filter(parse("amount > 5 and payer_email like %@b.kz").filter, HOMEBANK)
    >>> predicate.select([{"amount": 6, "payer_email": "a@b.kz"}, {"amount": 6}])
    [{'amount': 6, 'payer_email': 'a@b.kz'}]
    """
    writer = _Writer(schema)
    expression = writer.expression(expr) if expr is not None else "True"
    return writer.functions(expression)


def reader(fields: Iterable[Field]) -> Callable[[object, Sequence[object] | None], list[Normal]]:
    """The careful reading of `fields` from a record of `rows`: values of their exact types, or a
    SchemaError naming each bad one at `/index/name` (`/name` for a record of no rows)."""
    plan = [(field, tuple(field.name.split(".")), normalizer(field.type)) for field in fields]

    def careful(record: object, rows: Sequence[object] | None) -> list[Normal]:
        values: list[Normal] = []
        found: list[tuple[str, tuple[str, ...], BadValue]] = []
        for field, parts, normalize in plan:
            try:
                values.append(normalize(records.read(record, parts)))
            except BadValue as bad:
                found.append((field.name, parts, bad))
        if found:  # raised here, past the except: nothing of what the record raised is kept
            index = None if rows is None else _position(record, rows)
            raise SchemaError([_diagnostic(name, parts, index, bad) for name, parts, bad in found])
        return values

    return careful


def _position(record: object, rows: Sequence[object]) -> int:
    """Where `record` first stands in `rows` (the loops keep no count: it would cost each record
    an int). The same object earlier would have read the same, so it is the one that failed."""
    return next(index for index, row in enumerate(rows) if row is record)


def _diagnostic(name: str, parts: tuple[str, ...], index: int | None, bad: BadValue) -> Diagnostic:
    where = "" if index is None else f"/{index}"
    whose = name if index is None else f"record {index}: {name}"
    path = f"{where}/{'/'.join(parts)}"
    return Diagnostic(bad.code, f"{whose} {bad.message}", path=path, hint=bad.hint)


class _Writer:
    """Writes the source of a filter's functions; keeps its constants and fields."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.namespace: dict[str, Any] = {}
        self.fields: dict[str, tuple[int, Field]] = {}  # by name: (local number, field)
        self.statements: list[str] = []
        self.instants: dict[int, list[object]] = {}  # a datetime field's constants, by local

    def instant(self, number: int, value: object) -> str:
        """A datetime constant of field `v<number>`, as the local `z<number>` holds it: in the
        offset of the record's value."""
        kept = self.instants.setdefault(number, [])
        kept.append(value)
        return f"z{number}[{len(kept) - 1}]"

    def constant(self, value: object) -> str:
        name = f"c{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def local(self, name: str) -> tuple[int, Field]:
        """The number of the local (`v<number>`) a field's value is read into, and the field."""
        if name not in self.fields:
            field = self.schema.lookup(name)
            assert field is not None  # a checked query names its schema's fields
            self.fields[name] = (len(self.fields), field)
        return self.fields[name]

    def expression(self, expr: Expr) -> str:
        """The filter as one expression over the locals (deep parts computed first)."""
        code, _ = self._node(expr)
        return code

    def _node(self, expr: Expr) -> tuple[str, int]:
        """(source, nesting) of one node; nesting past _NESTING moves it into a local."""
        if isinstance(expr, Condition):
            return self.condition(expr), 1
        if isinstance(expr, Not):
            operand, depth = self._node(expr.operand)
            code, depth = f"(not {operand})", depth + 1
        else:
            parts = [self._node(operand) for operand in expr.operands]
            joiner = " and " if isinstance(expr, And) else " or "
            code = "(" + joiner.join(part for part, _ in parts) + ")"
            depth = 1 + max(depth for _, depth in parts)
        if depth < _NESTING:
            return code, depth
        name = f"t{len(self.statements)}"
        self.statements.append(f"{name} = {code}")
        return name, 0

    def condition(self, condition: Condition) -> str:
        number, field = self.local(condition.field)
        v = f"v{number}"
        normalize = normalizer(field.type)
        values = [normalize(value) for value in condition.values]  # a hand-built subclass, too
        method = condition.method
        python_type = field.type.python_type
        constant = (
            (lambda value: self.instant(number, value))
            if python_type is datetime
            else self.constant
        )
        if method is Method.EQ:
            if python_type is bool:
                return f"{v} is {values[0]!r}"
            return f"({v} is not None and {v} == {constant(values[0])})"
        if method is Method.IN:
            return f"{v} in {self.constant(frozenset(values))}"  # None is in no set
        if method is Method.BETWEEN:
            low, high = constant(values[0]), constant(values[1])
            return f"({v} is not None and {low} <= {v} <= {high})"
        if method is Method.LIKE:
            return f"({v} is not None and {self.like(v, values[0])})"
        return f"({v} is not None and {v} {_ORDERING[method]} {constant(values[0])})"

    def like(self, v: str, pattern: str) -> str:
        """`like`: the whole string; `%` any run, every other character itself (SPEC 9)."""
        head, *middle, tail = pattern.split("%")
        if not middle:
            if not tail:
                return f"{v}.startswith({self.constant(head)})"
            if not head:
                return f"{v}.endswith({self.constant(tail)})"
            # `a%a` is no match for "a": the two ends may not overlap
            return (f"len({v}) >= {len(head) + len(tail)} and {v}.startswith({self.constant(head)})"
                    f" and {v}.endswith({self.constant(tail)})")  # fmt: skip
        if not head and not tail and len(middle) == 1:
            return f"{self.constant(middle[0])} in {v}"
        return f"{self.constant(like_matcher(pattern))}({v})"

    def functions(self, expression: str) -> Predicate:
        fields = [field for _, field in self.fields.values()]
        names = [f"v{number}" for number, _ in self.fields.values()]
        zones = [
            f"z{n} = None if v{n} is None else D{n}.get(v{n}.tzinfo) or in_zone(D{n}, v{n}.tzinfo)"
            for n in self.instants
        ]
        reading = [*self._reading(fields), *zones, *self.statements]
        decide = ["def decide(" + ", ".join(names) + "):", *_indent([*zones, *self.statements], 1),
                  f"    return {expression}"]  # fmt: skip
        # The quick way in a try; on any failure, the careful reading decides, outside the except
        # clause (so that no error it raises holds what the record raised).
        test = [
            "def test(record):",
            "    try:",
            *_indent(reading, 2),
            f"        return {expression}",
            "    except Exception:",
            "        pass",
            "    return decide(*careful(record, None))",
        ]
        select = [
            "def select(records):",
            "    hits = []",
            "    keep = hits.append",
            "    for record in records:",
            "        try:",
            *_indent(reading, 3),
            f"            if {expression}: keep(record)",
            "            continue",
            "        except Exception:",
            "            pass",
            "        if decide(*careful(record, records)): keep(record)",
            "    return hits",
        ]
        namespace = {
            **self.namespace, **_RUNTIME,
            "careful": reader(fields),
            "read": records.read, "is_plain": records.is_plain, "PLAIN": records.PLAIN_TYPES,
        }  # fmt: skip
        for number, field in self.fields.values():
            namespace[f"K{number}"] = field.name
            namespace[f"P{number}"] = tuple(field.name.split("."))
            namespace[f"N{number}"] = normalizer(field.type)
        for number, instants in self.instants.items():
            namespace[f"D{number}"] = {UTC: tuple(instants)}
        source = "\n".join([*decide, *test, *select]) + "\n"
        exec(compile(source, "<querydsl.memory filter>", "exec"), namespace)
        return Predicate(namespace["test"], namespace["select"])

    def _reading(self, fields: list[Field]) -> list[str]:
        """Lines that read each field into its local, and make the value its exact type."""
        by_key, by_attribute, by_mapping = [], [], []
        for number, field in enumerate(fields):
            v = f"v{number}"
            if "." in field.name:  # a step may meet a mapping or an object: read() decides
                line = f"{v} = read(record, P{number})"
                by_key.append(line)
                by_attribute.append(line)
            else:
                by_key.append(f"{v} = record.get(K{number})")
                by_attribute.append(
                    f"{v} = record.{field.name}"  # a missing one raises: read carefully
                    if _plain_identifier(field.name)
                    else f"{v} = getattr(record, K{number}, None)"
                )
            by_mapping.append(f"{v} = read(record, P{number})")
        lines = [
            "if type(record) is dict:",
            *_indent(by_key or ["pass"], 1),
            "elif type(record) in PLAIN or is_plain(record):",
            *_indent(by_attribute or ["pass"], 1),
            "else:",
            *_indent(by_mapping or ["pass"], 1),
        ]
        for number, field in enumerate(fields):
            template = _NORMALIZE_LINES.get(field.type.python_type, _NORMALIZE_CALL)
            lines += [line.format(v=f"v{number}", normalize=f"N{number}") for line in template]
        return lines


#: How many offsets a datetime field keeps its constants in.
_ZONES_KEPT = 64


def in_zone(table: dict[tzinfo, tuple[Any, ...]], zone: tzinfo) -> tuple[Any, ...]:
    """A datetime field's constants in a record's fixed offset, remembered in `table`.

    Two aware datetimes in equal fixed offsets compare field by field; across offsets Python
    works out the difference of the two, many times slower (Homebank's times are +06:00, the
    query's UTC). The instants stay the same, so the comparisons do.
    """
    shifted = tuple(_in_zone(instant, zone) for instant in table[UTC])
    if len(table) < _ZONES_KEPT:
        table[zone] = shifted
    return shifted


def _in_zone(instant: object, zone: tzinfo) -> object:
    if not isinstance(instant, datetime):
        return instant  # a FarInstant
    try:
        return instant.astimezone(zone)
    except OverflowError:  # past year 9999 there: it compares from UTC, only more slowly
        return instant


_RUNTIME: dict[str, Any] = {
    "Decimal": Decimal, "datetime": datetime, "timezone": timezone, "HUGE": records.HUGE,
    "as_string": records.as_string, "as_number": records.as_number, "in_zone": in_zone,
    "as_instant": records.as_instant, "as_boolean": records.as_boolean,
}  # fmt: skip


def _indent(lines: list[str], levels: int) -> list[str]:
    return ["    " * levels + line for line in lines]


def _plain_identifier(name: str) -> bool:
    """Whether `record.<name>` in source reads the attribute `name` (NFKC would change others)."""
    return name.isascii() and name.isidentifier() and not keyword.iskeyword(name)


def like_matcher(pattern: str) -> Callable[[str], bool]:
    """Whether a whole string matches a `like` pattern: `%` any run (none too), all else itself.

    Each piece between wildcards is found leftmost after the previous one: linear, with no
    backtracking, whatever the pattern.

    >>> match = like_matcher("a%b_%c")
    >>> match("ab_c"), match("axxb_yyc"), match("abxc")
    (True, True, False)
    """
    head, *middle, tail = pattern.split("%")
    least = len(head) + len(tail)

    def matches(text: str) -> bool:
        if len(text) < least or not text.startswith(head) or not text.endswith(tail):
            return False
        position, end = len(head), len(text) - len(tail)
        for piece in middle:
            found = text.find(piece, position, end)
            if found < 0:
                return False
            position = found + len(piece)
        return True

    return matches
