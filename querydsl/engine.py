"""`Engine`: a schema, limits and a time zone, with the memo of their results (SPEC 8).

An engine reads text once through the language (`language.read`), then asks a target: the
Homebank target for `to_payload` and `check`, the memory target for `matches` and `evaluate`.
The module-level functions of `querydsl` use the engine of their schema and limits: equal
options share one engine, and so one memo.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal, overload

from querydsl.homebank.compiler import FrozenPayload
from querydsl.homebank.schema import HOMEBANK
from querydsl.homebank.target import TARGET as HOMEBANK_TARGET
from querydsl.language.ast import Query
from querydsl.language.check import Binding
from querydsl.language.errors import Diagnostic, QueryError, capped, too_deep
from querydsl.language.options import (
    check_paging,
    option,
    text_zone_and_clock,
    zone_and_clock,
)
from querydsl.language.read import diagnose, in_text_order, read_query
from querydsl.language.resolve import resolve
from querydsl.language.rules import DEFAULT_LIMITS, Limits, exceeded, require_options
from querydsl.language.schema import Schema
from querydsl.language.values import get_zone, parse_period
from querydsl.language.wellformed import problems
from querydsl.memo import Memo, Seen, footprint, uses_clock

if TYPE_CHECKING:
    from querydsl.memory.predicate import Predicate
    from querydsl.memory.target import MemoryTarget


class Engine:
    """A schema, limits and a time zone, and the memo of their results: a search box repeats
    itself, and the same text with the same options gives the same answer.

    Its methods are the module-level functions without `schema` and `limits`; `tz` defaults to
    the engine's. A parsed query keeps its relative times (`now-7d`, SPEC 1.6) and is kept
    whatever the clock; a payload of text naming the clock is kept only for a fixed `now`.

    >>> engine = Engine(tz="Asia/Almaty")
    >>> engine.to_payload("created_date > 2024-06-01")["searchParameters"][0]["searchParameter"]
    ['2024-05-31T19:00:00Z']
    >>> Engine(tz="Mars/Base")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    querydsl.language.errors.QueryError: error[invalid_value]: unknown time zone 'Mars/Base'...
    """

    __slots__ = ("_filters", "_parsed", "_payloads", "_seen", "limits", "schema", "tz")

    def __init__(
        self, schema: Schema = HOMEBANK, *, limits: Limits = DEFAULT_LIMITS, tz: str = "UTC"
    ) -> None:
        require_options(schema, limits)
        option(get_zone, tz)
        self.schema, self.limits, self.tz = schema, limits, tz
        self._parsed = Memo()  # checked queries (or diagnostics) by (text, now, tz)
        self._payloads = Memo()  # payloads (or diagnostics) by text and every option
        self._seen = Seen()  # the keys of payloads that came once, not kept (yet)
        # Compiled filters by query, for `matches` in a loop: the parse memo gives the same Query
        # object for the same text, so identity finds it without hashing the query.
        self._filters = Memo(64)

    def __repr__(self) -> str:
        return f"Engine({self.schema!r}, limits={self.limits!r}, tz={self.tz!r})"

    # ---- the language ----------------------------------------------------------------------

    def parse(self, text: str, *, tz: str | None = None, now: datetime | None = None) -> Query:
        """Parse and check a query; raise QueryError with every problem found.

        >>> Engine().parse("amount >= 1000 order by created_date desc").order[0].direction
        <Direction.DESC: 'DESC'>
        """
        return self._parse(text, self.tz if tz is None else tz, now)

    def _parse(self, text: str, tz: str, now: datetime | None) -> Query:
        key: tuple[object, ...] | None = (text, now, tz)
        remembered: Query | tuple[Diagnostic, ...] | None = None
        try:
            remembered = self._parsed.get(key)
        except TypeError:  # an option that cannot be hashed: never remembered
            key = None
        if remembered is None:
            remembered = read_query(text, self.schema, tz, now, self.limits, HOMEBANK_TARGET)
            clockless = isinstance(remembered, Query)  # relative times stay relative in it
            if key is not None and self._rememberable(text, now, tz, clockless=clockless):
                self._parsed.put(key, remembered, footprint(text, remembered))
        if isinstance(remembered, Query):
            return remembered
        raise QueryError(remembered, text)

    # ---- the Homebank target ---------------------------------------------------------------

    def check(
        self,
        text: str,
        *,
        default_period: str | None = None,
        page: int | None = None,
        size: int | None = None,
        tz: str | None = None,
        now: datetime | None = None,
    ) -> list[Diagnostic]:
        """The diagnostics `to_payload(text, **options)` would raise; empty when it would succeed.

        >>> [d.code for d in Engine().check("amout > 5")]
        ['unknown_field', 'missing_period']
        """
        return self._check(text, default_period, page, size, self.tz if tz is None else tz, now)

    def _check(
        self,
        text: str,
        default_period: str | None,
        page: int | None,
        size: int | None,
        tz: str,
        now: datetime | None,
    ) -> list[Diagnostic]:
        try:
            result = self._to_payload(text, default_period, page, size, tz, now, raising=False)
        except QueryError as error:  # a bad option
            return list(error.diagnostics)
        # No QueryError for the text's own problems: it would mask card numbers in a text that
        # is never shown (a search box checks at every keystroke).
        return capped(result) if type(result) is tuple else []

    def to_payload(
        self,
        query_or_text: Query | str,
        *,
        default_period: str | None = None,
        page: int | None = None,
        size: int | None = None,
        tz: str | None = None,
        now: datetime | None = None,
    ) -> dict[str, Any]:
        """The Homebank `/operations` request payload for a query or its text; raises QueryError.

        A fresh payload each time, even when remembered.

        >>> Engine().to_payload("amount > 5 and created_date > 2024-01-01 size 10")["paging"]
        {'page': 1, 'size': 10}
        """
        tz = self.tz if tz is None else tz
        return self._to_payload(query_or_text, default_period, page, size, tz, now)

    @overload
    def _to_payload(
        self,
        query_or_text: Query | str,
        default_period: str | None,
        page: int | None,
        size: int | None,
        tz: str,
        now: datetime | None,
        raising: Literal[True] = True,
    ) -> dict[str, Any]: ...

    @overload
    def _to_payload(
        self,
        query_or_text: Query | str,
        default_period: str | None,
        page: int | None,
        size: int | None,
        tz: str,
        now: datetime | None,
        raising: Literal[False],
    ) -> dict[str, Any] | tuple[Diagnostic, ...]: ...

    def _to_payload(
        self,
        query_or_text: Query | str,
        default_period: str | None,
        page: int | None,
        size: int | None,
        tz: str,
        now: datetime | None,
        raising: bool = True,
    ) -> dict[str, Any] | tuple[Diagnostic, ...]:
        """The payload (a fresh one, even when remembered), or the diagnostics that stop it:
        raised as a QueryError, or returned with `raising=False` (for `check`). Bad options
        raise either way. A flag, not a wrapper: a memo hit is a few Python calls in all."""
        # The hot path of a search box: the same text again.
        key: tuple[object, ...] | None = None
        if (
            type(query_or_text) is str
            and (page is None or type(page) is int)  # page=True or 1.0 would find page=1's entry
            and (size is None or type(size) is int)
        ):
            key = (query_or_text, now, tz, default_period, page, size)
            remembered: FrozenPayload | tuple[Diagnostic, ...] | None = None
            try:
                remembered = self._payloads.get(key)
            except TypeError:  # an option that cannot be hashed: never remembered
                key = None
            if type(remembered) is FrozenPayload:
                return remembered.thaw()
            if type(remembered) is tuple:
                if raising:
                    raise QueryError(remembered, query_or_text)
                return remembered
        result = self._compile(query_or_text, default_period, page, size, tz, now)
        if key is not None and self._rememberable(query_or_text, now, tz, default_period):  # type: ignore[arg-type]
            kept: FrozenPayload | tuple[Diagnostic, ...] | None = None
            if isinstance(result, tuple):
                kept = result  # an error is kept the first time
            elif not self._seen.first_time(key):
                # A payload is kept from the second time its text comes: most texts a search
                # box sees come once, and keeping each would cost a tenth of compiling it (the
                # memo's put, and the cold entry it evicts) and push out one that comes back.
                kept = FrozenPayload(result)
            if kept is not None:
                self._payloads.put(key, kept, footprint(query_or_text, kept))  # type: ignore[arg-type]
        if raising and isinstance(result, tuple):
            raise QueryError(result, query_or_text if isinstance(query_or_text, str) else None)
        return result  # built for this call: nobody else holds it

    def _compile(
        self,
        query_or_text: Query | str,
        default_period: str | None,
        page: int | None,
        size: int | None,
        tz: str,
        now: datetime | None,
    ) -> dict[str, Any] | tuple[Diagnostic, ...]:
        """The payload, or the diagnostics that stop it (raises QueryError only for bad options)."""
        schema, limits = self.schema, self.limits
        relative = True  # whether the query may hold a relative time to resolve
        if isinstance(query_or_text, Query):
            _, clock = zone_and_clock(tz, now)
            found = problems(query_or_text, schema, limits)  # a hand-built query may be anything
            if found:
                return tuple(found)
            query = query_or_text
        else:
            zone, clock = text_zone_and_clock(query_or_text, tz, now)
            # Read at the payload's own moment: relative times bound as their instants, so
            # the query needs no resolving (it is never seen; the parse memo keeps its own).
            bound = diagnose(
                query_or_text, schema, zone, clock, limits, HOMEBANK_TARGET, keep_relative=False
            )
            if isinstance(bound, Diagnostic):
                return (bound,)
            if bound.query is None:
                return self._bound_in_part(bound, default_period is not None)
            query, relative = bound.query, bound.relative
        try:
            if relative:  # a text without one needs no walk
                query = resolve(query, clock)  # the target's moment: SPEC 1.6
        except QueryError as error:  # a hand-built relative time past the years at `clock`
            return error.diagnostics
        period = None if default_period is None else option(parse_period, str(default_period))
        check_paging(page, size)
        try:
            payload, diagnostics = HOMEBANK_TARGET.build(
                query,
                schema,
                now=clock,
                default_period=period,
                page=page,
                size=size,
                limits=limits,
            )
        except RecursionError:  # only with a raised depth limit: lowering recurses
            return (too_deep(),)
        return payload if payload is not None else in_text_order(diagnostics)

    def _bound_in_part(self, bound: Binding, defaulted: bool) -> tuple[Diagnostic, ...]:
        """Every problem of a text that did not bind: its own, and the target's with the rest
        of it (`defaulted`: the caller gives a default period, read only once the text binds)."""
        try:
            rest = HOMEBANK_TARGET.unsayable(
                bound.remains,
                bound.unbound,
                self.schema,
                defaulted=defaulted,
                limits=self.limits,
            )
        except RecursionError:  # only with a raised depth limit: lowering recurses
            rest = []
        return in_text_order([*bound.diagnostics, *rest])

    # ---- the memory target -----------------------------------------------------------------

    def matches(
        self,
        query_or_text: Query | str,
        record: object,
        *,
        tz: str | None = None,
        now: datetime | None = None,
    ) -> bool:
        """Whether `record` (a mapping, or an object with attributes) matches the query's filter.

        >>> from decimal import Decimal
        >>> Engine().matches("amount > 10 and payer_email like dana%",
        ...                  {"amount": Decimal("10.5"), "payer_email": "dana@b.kz"})
        True
        >>> Engine().matches("not amount > 5", {})   # a missing field: conditions on it are false
        True
        """
        query = self._query(query_or_text, self.tz if tz is None else tz, now)
        return self._predicate(query).test(record)

    def evaluate(
        self,
        query_or_text: Query | str,
        records: Iterable[object],
        *,
        tz: str | None = None,
        now: datetime | None = None,
        page: int | None = None,
        size: int | None = None,
        paging: str = "page",
    ) -> list[object]:
        """The records that match, in their order, then sorted by the query's order and paged.

        `page` and `size` override the query's; `paging="skip"` reads `page` as records to skip.

        >>> rows = [{"client": "b", "amount": 1}, {"client": "a", "amount": 7}, {"client": "c"}]
        >>> Engine().evaluate("amount >= 0 or client = c order by amount desc", rows)
        [{'client': 'a', 'amount': 7}, {'client': 'b', 'amount': 1}, {'client': 'c'}]
        >>> Engine().evaluate("order by client size 1", rows, page=2)
        [{'client': 'b', 'amount': 1}]
        """
        query = self._query(query_or_text, self.tz if tz is None else tz, now)
        return _memory().select(
            query, self._predicate(query), records, self.schema, page=page, size=size, paging=paging
        )

    def _query(self, query_or_text: Query | str, tz: str, now: datetime | None) -> Query:
        """The checked query of a text, or a hand-built query checked against the schema, its
        relative times resolved at `now` (raises QueryError). The limits bound text; records
        are walked without recursion, so a hand-built query may nest as deep as it likes."""
        if not isinstance(query_or_text, Query):
            query = self._parse(query_or_text, tz, now)
            _, clock = zone_and_clock(tz, now)
        else:
            _, clock = zone_and_clock(tz, now)
            found = problems(query_or_text, self.schema)
            if found:
                raise QueryError(found)
            query = query_or_text
        return self._resolved(query, clock, keep=now is not None)

    def _resolved(self, query: Query, clock: datetime, *, keep: bool) -> Query:
        """`query` resolved at `clock`: for a fixed `now` (`keep`), the same object again for
        the same query and moment, so that `matches` in a loop compiles its filter once."""
        key = ("resolved", id(query), clock)
        entry = self._filters.get(key) if keep else None
        if entry is not None and entry[0] is query:
            return entry[1]  # type: ignore[no-any-return]
        resolved = resolve(query, clock)
        if keep and resolved is not query:
            self._filters.put(key, (query, resolved))
        return resolved

    def _predicate(self, query: Query) -> Predicate:
        entry = self._filters.get(id(query))
        if entry is not None and entry[0] is query:
            return entry[1]  # type: ignore[no-any-return]
        predicate = _memory().predicate(query, self.schema)
        self._filters.put(id(query), (query, predicate))
        return predicate

    # ---- the memo --------------------------------------------------------------------------

    def _rememberable(
        self,
        text: str,
        now: object,
        tz: object,
        default_period: object = None,
        *,
        clockless: bool = False,
    ) -> bool:
        """Whether a result may be kept: it stays the same as the clock moves (`clockless`: it
        does whatever the text, as a parsed query, whose relative times stay relative), and
        `now` is one moment. (01:30 on the night a clock goes back is two moments, `fold` 0
        and 1, which compare equal and hash alike: a result for either would be found for the
        other.) Text over the length limit is never kept: it is refused at once, and would hold
        its text."""
        if exceeded(self.limits.max_length, len(text)):
            return False
        if now is None or clockless:
            return clockless or (default_period is None and not uses_clock(text))
        if not isinstance(now, datetime):
            return True  # an error, the same every time
        if type(now.tzinfo) is timezone:  # a fixed offset (UTC): one moment, whatever the fold
            return True
        try:
            zone = get_zone(tz)  # type: ignore[arg-type]
            clock = now if now.tzinfo is not None else now.replace(tzinfo=zone)
            return clock.utcoffset() == clock.replace(fold=1 - clock.fold).utcoffset()
        except (ValueError, OverflowError):  # a bad zone: an error, the same every time
            return True

    def forget(self) -> None:
        """Empty the memo (results by text and options).

        >>> Engine().forget()
        """
        self._parsed.clear()
        self._payloads.clear()
        self._seen.clear()
        self._filters.clear()


def _memory() -> MemoryTarget:
    """The memory target, imported on first use: a process that sends payloads never needs it."""
    from querydsl.memory.target import TARGET

    return TARGET


#: The engine of the default schema and limits, in UTC.
DEFAULT = Engine()
# Engines by (schema, limits), for the module-level functions: equal options share a memo.
_ENGINES = Memo(16)


def engine_for(schema: Schema, limits: Limits) -> Engine:
    """The engine of the module-level functions for these options (QueryError for bad ones).

    >>> engine_for(HOMEBANK, Limits()) is DEFAULT
    True
    """
    if schema is HOMEBANK and limits is DEFAULT_LIMITS:
        return DEFAULT  # the common case, without hashing the schema
    require_options(schema, limits)
    key = (schema, limits)
    try:
        engine: Engine | None = DEFAULT if key == (HOMEBANK, DEFAULT_LIMITS) else _ENGINES.get(key)
    except TypeError:  # a schema that cannot be hashed: an engine of its own, not kept
        return Engine(schema, limits=limits)
    if engine is None:
        engine = Engine(schema, limits=limits)
        _ENGINES.put(key, engine)
    return engine


def forget() -> None:
    """Empty the memos of the module-level functions' engines.

    >>> forget()
    """
    DEFAULT.forget()
    for engine in _ENGINES.values():
        engine.forget()
