"""A page of stored operations as `querydsl search --db` prints it: a table, or masked JSON.

Card numbers are masked to their first 6 and last 4 digits, and CVCs, card hashes and the like
are hidden, in both; control characters never reach the terminal.
"""

from __future__ import annotations

from querydsl.carddata.cardrepr import mask_card, masked_json
from querydsl.homebank.models import OperationsPage

# `querydsl inspect`'s table and times: a stored page reads as a fetched one does
from querydsl.inspect import _table, _when
from querydsl.store.rows import record_json, written
from querydsl.wire.jsontext import load_json

_HEADER = ("id", "date", "amount", "card", "client", "email", "shop")


def page_table(page: OperationsPage) -> str:
    """The page as an aligned table under a line saying how many of how many.

    >>> from querydsl.homebank import OperationsPage
    >>> print(page_table(OperationsPage(total_count=0, records=[])))
    0 of 0 operations
    """
    rows = [
        (
            record.id or "",
            _when(record.created_date),
            "" if record.amount is None else str(record.amount),
            mask_card(record.card_mask or record.card_number or ""),
            record.client or "",
            record.payer_email or "",
            record.shop_id or "",
        )
        for record in page.records
    ]
    title = f"{len(page.records)} of {page.total_count} operations"
    return title if not rows else f"{title}\n{_table([_HEADER, *rows], numeric=(2,))}"


def page_json(page: OperationsPage) -> str:
    """The page in Homebank's response shape, on one line, amounts with the digits they were
    written with; card data masked or hidden.

    >>> from querydsl.homebank import OperationsPage
    >>> page_json(OperationsPage(total_count=3, records=[]))
    '{"totalCount":3,"records":[]}'
    """
    records = []
    for record in page.records:
        document, _ = load_json(record_json(record), exact=True)
        records.append(masked_json(document))
    return written({"totalCount": page.total_count, "records": records})
