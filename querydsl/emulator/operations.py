"""The emulator's Homebank `/operations`: the payload checked as the API would, the records found,
and the answer in Homebank's own shape, `{"totalCount", "records"}` or `{"code", "message"}`.

>>> from querydsl.emulator.sample import operations_page
>>> book = Operations()
>>> book.add(operations_page(30, seed=1))
30
>>> status, answer = book.answer(b'{"paging": {"page": 2, "size": 5}, "searchParameters": '
...     b'[{"name": "created_date", "method": ">=", "searchParameter": ["2000-01-01T00:00:00Z"]}],'
...     b' "orderParameters": []}')
>>> status, json.loads(answer)["totalCount"], len(json.loads(answer)["records"])
(200, 30, 5)
>>> book.answer(b'{"searchParameters": [{"name": "amount", "method": "like",'
...     b' "searchParameter": ["5%"]}], "orderParameters": []}')
(400, b'{"code": 232, "message": "Search Method Unavailable"}')
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any, Literal

from querydsl.homebank.models import Operation
from querydsl.homebank.payload import from_payload, validate_payload
from querydsl.language.ast import Query
from querydsl.language.errors import Diagnostic, QueryError

if TYPE_CHECKING:
    from querydsl.store import Store

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


class Operations:
    """The Homebank records the emulator serves, kept in a `querydsl.store.Store`, and
    `/operations` over them.

    `paging` is how `paging.page` is read (APIS.md 2.2): `"page"` a page number, `"skip"` the
    number of records to skip, as the documentation's words say.
    """

    def __init__(self, store: Store | None = None, *, paging: Paging = "page") -> None:
        if paging not in PAGINGS:
            raise ValueError(f"paging is 'page' or 'skip', not {paging!r}")
        if store is None:
            from querydsl.store import Store

            store = Store()
        self.store = store
        self.paging: Paging = paging
        # Every use of the store's connection goes through this lock: a DuckDB connection is
        # not to be used by two threads at once, and requests are answered in a thread pool.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self.store)

    def add(self, data: object) -> int:
        """Add records: a response (dict, JSON text or bytes), an `OperationsPage`, or a list of
        records (dicts or `Operation`s). Returns how many were new (a record whose `id` is held
        already replaces it); a bad one is `SchemaError`, and nothing is added.

        >>> from querydsl.emulator.sample import operations
        >>> Operations().add(operations(3))
        3
        """
        if isinstance(data, list) and not all(isinstance(r, Operation) for r in data):
            data = {"totalCount": len(data), "records": data}
        with self._lock:
            return self.store.add(data)

    def page_json(self, query: Query, page: int, size: int) -> bytes:
        """One page of the records that match, in the query's order, and how many match in all:
        the response's JSON, each record written as the store keeps it (every digit of its
        amounts, its dates' offsets, its undocumented keys, as `load_operations` read it)."""
        with self._lock:
            statements = self.store.statements(query, page=page, size=size, paging=self.paging)
            total, stored = self.store.stored_page(statements)
        return f'{{"totalCount":{total},"records":[{",".join(stored)}]}}'.encode()

    def answer(self, body: bytes) -> tuple[int, bytes]:
        """`POST /operations` for a request body the caller has authorised: the status and the
        JSON answer."""
        diagnostics = validate_payload(body)
        if diagnostics:
            return _encoded(payload_error(diagnostics))
        try:
            query = from_payload(body)
        except QueryError as error:  # validate_payload said it was valid: never expected
            return _encoded(payload_error(list(error.diagnostics)))
        page = query.page if query.page is not None else (0 if self.paging == "skip" else 1)
        size = query.size if query.size is not None else DEFAULT_SIZE
        return 200, self.page_json(query, page, size)


def _encoded(answer: Answer) -> tuple[int, bytes]:
    status, value = answer
    return status, json.dumps(value, ensure_ascii=False).encode("utf-8")
