"""The memory target: a query run over Python records (SPEC 9).

`querydsl.matches(query, record)` says whether one record matches; `querydsl.evaluate(query,
records)` keeps the matching ones, sorted and paged. A record is a mapping (fields by key) or an
object (fields by attribute, as the response models of `querydsl.homebank` and
`querydsl.horizonpay` have them). This package is the target those functions call.

>>> from decimal import Decimal
>>> from querydsl import evaluate
>>> evaluate("amount > 10 order by amount desc", [{"amount": 5}, {"amount": Decimal("10.50")}])
[{'amount': Decimal('10.50')}]
"""

from __future__ import annotations

from querydsl.memory.target import TARGET, MemoryTarget

__all__ = ["TARGET", "MemoryTarget"]
