"""The Homebank `/operations` payload as a target (SPEC 8): what it can say, and its payload.

It cannot say an `or` but the `in` merge (`unsupported_or`) nor a `not` but the push-downs of
SPEC 1.5 (`unsupported_not`), and it needs a `created_date` condition (`missing_period`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from querydsl.homebank.compiler import compile_query, unsayable
from querydsl.homebank.lowering import negatable
from querydsl.language.ast import Expr, Method, Query
from querydsl.language.errors import Diagnostic
from querydsl.language.rules import Limits
from querydsl.language.schema import FieldType, Schema


class HomebankTarget:
    """The `/operations` request payload.

    >>> TARGET.negatable(FieldType.NUMBER, Method.IN)
    False
    """

    def negatable(self, field_type: FieldType, method: Method) -> bool:
        return negatable(field_type, method)

    def unsayable(
        self,
        remains: Expr | None,
        unbound: Sequence[str],
        schema: Schema,
        *,
        defaulted: bool,
        limits: Limits,
    ) -> list[Diagnostic]:
        return unsayable(remains, unbound, schema, defaulted=defaulted, limits=limits)

    def build(
        self,
        query: Query,
        schema: Schema,
        *,
        now: datetime,
        default_period: timedelta | None,
        page: int | None,
        size: int | None,
        limits: Limits,
    ) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
        """The payload of a checked query, or the diagnostics that stop it."""
        return compile_query(
            query,
            schema,
            now=now,
            default_period=default_period,
            page=page,
            size=size,
            limits=limits,
        )


#: The Homebank target: the checks of `to_payload` and `check`, the default of `complete`.
TARGET = HomebankTarget()
