"""The emulator's Homebank `/operations`: the payload checked as the API would, the records found,
and the answer in Homebank's own shape, `{"totalCount", "records"}` or `{"code", "message"}`.

>>> from querydsl.emulator.sample import operations_page
>>> book = Operations()
>>> book.add(operations_page(30, seed=1))
30
>>> status, answer = book.answer(b'{"paging": {"page": 2, "size": 5}, "searchParameters": '
...     b'[{"name": "created_date", "method": ">=", "searchParameter": ["2000-01-01T00:00:00Z"]}],'
...     b' "orderParameters": []}')
>>> status, answer["totalCount"], len(answer["records"])
(200, 30, 5)
>>> book.answer(b'{"searchParameters": [{"name": "amount", "method": "like",'
...     b' "searchParameter": ["5%"]}], "orderParameters": []}')[1]["code"]
232
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any, Literal

import cattrs

from querydsl.homebank.payload import from_payload, validate_payload
from querydsl.homebank.responses import Operation, OperationsPage, load_operations, make_converter
from querydsl.language.ast import Query
from querydsl.language.errors import Diagnostic, QueryError

Paging = Literal["page", "skip"]
PAGINGS: tuple[Paging, ...] = ("page", "skip")
#: A request's paging when it sends none: the first page of DEFAULT_SIZE (the emulator's choice;
#: Homebank does not say).
DEFAULT_SIZE = 20
#: The one code Homebank documents, and the diagnostic it stands for (SPEC 3).
SEARCH_METHOD_UNAVAILABLE = 232
#: The emulator's own codes for the other problems `validate_payload` finds: diagnostic code ->
#: (code, message). Homebank documents none of these.
PAYLOAD_ERRORS: dict[str, tuple[int, str]] = {
    "method_not_allowed": (SEARCH_METHOD_UNAVAILABLE, "Search Method Unavailable"),
    "invalid_shape": (920, "Invalid Request"),
    "duplicate_key": (921, "Duplicate Key"),
    "unknown_field": (922, "Unknown Search Field"),
    "unknown_method": (923, "Unknown Search Method"),
    "arity": (924, "Wrong Number Of Search Parameters"),
    "like_without_wildcard": (925, "Like Without Wildcard"),
    "invalid_value": (926, "Invalid Search Parameter"),
    "inverted_range": (927, "Inverted Range"),
    "missing_period": (928, "Transaction Period Required"),
    "invalid_paging": (929, "Invalid Paging"),
    "invalid_order": (930, "Invalid Order"),
    "duplicate_order": (931, "Duplicate Order Field"),
    "limit_exceeded": (932, "Request Too Large"),
}
#: Any other diagnostic code (none today).
OTHER_PAYLOAD_ERROR = (919, "Invalid Request")
#: A body over MAX_BODY bytes (HTTP 413).
BODY_TOO_LARGE = (940, "Request Body Too Large")
MAX_BODY = 1 << 20

Answer = tuple[int, dict[str, Any]]


def payload_error(diagnostics: list[Diagnostic]) -> Answer:
    """HTTP 400 and `{"code", "message"}` for an invalid payload: the first problem's code, its
    message and JSON Pointer; 232 is answered in Homebank's own words, exactly.

    >>> payload_error([Diagnostic("missing_period", "no created_date", path="/searchParameters")])
    ... # doctest: +NORMALIZE_WHITESPACE
    (400, {'code': 928,
           'message': 'Transaction Period Required: no created_date (at /searchParameters)'})
    """
    first = diagnostics[0]
    code, title = PAYLOAD_ERRORS.get(first.code, OTHER_PAYLOAD_ERROR)
    if code == SEARCH_METHOD_UNAVAILABLE:
        return 400, {"code": code, "message": title}
    where = f" (at {first.path})" if first.path else ""
    more = len(diagnostics) - 1
    rest = f"; and {more} more problem{'s' * (more > 1)}" if more else ""
    return 400, {"code": code, "message": f"{title}: {first.message}{where}{rest}"}


@cache
def _converter() -> cattrs.Converter:
    return make_converter()


def record_json(record: Operation) -> dict[str, Any]:
    """A record as Homebank writes it: the seed's keys in its order, `postLink` as "true"/"false",
    datetimes in ISO 8601 with their offsets, amounts as JSON numbers; undocumented keys kept.

    >>> from querydsl.emulator.sample import operations_page
    >>> page = operations_page(1, seed=2)
    >>> record_json(load_operations(page).records[0]) == page["records"][0]
    True
    """
    answer: dict[str, Any] = _converter().unstructure(record)
    return answer


def _start(page: int, size: int, paging: Paging) -> int:
    """The index of a page's first record (SPEC 9: page 0 is the first page, as page 1)."""
    return page if paging == "skip" else max(page - 1, 0) * size


class Operations:
    """The Homebank records the emulator serves, and `/operations` over them.

    `paging` is how `paging.page` is read (APIS.md 2.2): `"page"` a page number, `"skip"` the
    number of records to skip, as the documentation's words say.
    """

    def __init__(self, *, paging: Paging = "page") -> None:
        if paging not in PAGINGS:
            raise ValueError(f"paging is 'page' or 'skip', not {paging!r}")
        self.paging: Paging = paging
        self._records: list[Operation] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._records)

    def add(self, data: object) -> int:
        """Add records: a response (dict, JSON text or bytes), an `OperationsPage`, a list of
        records (dicts or `Operation`s). Returns how many were added; a bad one is `SchemaError`
        and adds nothing.

        >>> from querydsl.emulator.sample import operations
        >>> Operations().add(operations(3))
        3
        """
        if isinstance(data, OperationsPage):
            records = list(data.records)
        elif isinstance(data, list) and all(isinstance(r, Operation) for r in data):
            records = list(data)
        elif isinstance(data, list):
            records = load_operations({"totalCount": len(data), "records": data}).records
        else:
            records = load_operations(data).records
        with self._lock:
            self._records.extend(records)
        return len(records)

    def search(self, query: Query, page: int, size: int) -> tuple[int, list[Operation]]:
        """The number of records that match, and one page of them in the query's order."""
        from querydsl import evaluate

        with self._lock:
            records = list(self._records)
        ordered = evaluate(Query(query.filter, query.order), records)
        start = _start(page, size, self.paging)
        return len(ordered), [record for record in ordered[start : start + size]]  # type: ignore[misc]

    def answer(self, body: bytes) -> Answer:
        """`POST /operations` for a request body the caller has authorised."""
        diagnostics = validate_payload(body)
        if diagnostics:
            return payload_error(diagnostics)
        try:
            query = from_payload(body)
        except QueryError as error:  # validate_payload said it was valid: never expected
            return payload_error(list(error.diagnostics))
        page = query.page if query.page is not None else (0 if self.paging == "skip" else 1)
        size = query.size if query.size is not None else DEFAULT_SIZE
        total, records = self.search(query, page, size)
        return 200, {"totalCount": total, "records": [record_json(r) for r in records]}
