"""What a target can say of a query (SPEC 8): the check step, completion and the wording of
syntax errors ask the target, not a table of their own.

A target turns a checked query into something that runs (a payload, a predicate, a statement).
Each says which `not` it can express and what it cannot say of a filter; the type system (which
methods each type takes, SPEC 1.4) stays in the language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from querydsl.language.ast import Expr, Method
from querydsl.language.errors import Diagnostic
from querydsl.language.rules import Limits
from querydsl.language.schema import FieldType, Schema


class Target(Protocol):
    """What the checks ask of a target.

    >>> SAYS_ALL.negatable(FieldType.STRING, Method.LIKE)
    True
    """

    def negatable(self, field_type: FieldType, method: Method) -> bool:
        """Whether the target can say `not (f <method> v)` on a field of this type."""
        ...

    def unsayable(
        self,
        remains: Expr | None,
        unbound: Sequence[str],
        schema: Schema,
        *,
        defaulted: bool,
        limits: Limits,
    ) -> list[Diagnostic]:
        """What the target cannot say of a filter, whatever fix its failed conditions get.

        `remains` is what bound of the filter (check.Binding), `unbound` the field names, as
        written, of conditions left out of it; `defaulted`: the caller supplies a default period.
        """
        ...


class SaysAll:
    """A target that can say any `and`, `or` and `not` (the memory and SQL targets).

    >>> SAYS_ALL.unsayable(None, ["amout"], Schema(()), defaulted=False, limits=Limits())
    []
    """

    def negatable(self, field_type: FieldType, method: Method) -> bool:
        return True

    def unsayable(
        self,
        remains: Expr | None,
        unbound: Sequence[str],
        schema: Schema,
        *,
        defaulted: bool,
        limits: Limits,
    ) -> list[Diagnostic]:
        return []


SAYS_ALL = SaysAll()
