"""The memory target: a query run over Python records (SPEC 9).

`matches(query, record)` says whether one record matches; `evaluate(query, records)` keeps the
matching ones, sorted and paged. A record is a mapping (fields by key) or an object (fields by
attribute, as the response models of `querydsl.homebank` and `querydsl.horizonpay` have them).

>>> from decimal import Decimal
>>> evaluate("amount > 10 order by amount desc", [{"amount": 5}, {"amount": Decimal("10.50")}])
[{'amount': Decimal('10.50')}]
"""

from __future__ import annotations

from querydsl.memory.target import evaluate, matches

__all__ = ["evaluate", "matches"]
