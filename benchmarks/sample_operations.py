"""Homebank operations by the million, for the store benchmark: built column-wise, fast.

`sample(count)` draws every column at once with numpy (a fixed seed), then gives the same
operations three ways:

- `records`: `homebank.Operation` records, as `load_operations` gives them (for `evaluate`);
- `fill(connection, count)`: the first `count` of them in a new store, its rows written straight
  into DuckDB column by column (what `Store.add` would write: the typed columns and each record's
  JSON, in the order added);
- `page_json(count)`: the `/operations` response JSON of the first `count`, for `Store.add`.

`Store.add` checks and writes each record in Python (about 0.3-0.5 ms a record here), which at a
million records is about ten minutes; `fill` writes the same rows in one or two, and
`same_as_added` checks on a prefix that they are the rows `Store.add` writes, column for column.

The data looks like a merchant's year and a half of card payments: times in order (as a log is
exported) written at the payer's offset, log-normal amounts in tenge (a quarter with tiyn), a few
shops of very different sizes, returning payers (a quarter of the operations' count), cards by
bank, refunds on one operation in twenty, declines with no confirmation.

>>> made = sample(50)
>>> len(made.records), made.records[0].created_date <= made.records[-1].created_date
(50, True)
"""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from itertools import repeat
from json.encoder import encode_basestring_ascii
from operator import attrgetter
from typing import Any

import attrs

from querydsl.homebank.responses import KEYS, CardType, Operation

SEED = 20250101
#: The span of created dates: 2024-07-01 to 2025-12-31, UTC.
SPAN_START = datetime(2024, 7, 1, tzinfo=UTC)
SPAN_SECONDS = 549 * 86400
#: Payers' offsets and how often each comes (Almaty +06:00 and +05:00, Moscow).
OFFSETS = ((6, 0.82), (5, 0.12), (3, 0.06))
SHOPS = (
    ("a5bc9d98-38ea-4b9c-ba7f-65a4add02ed6", 0.40),
    ("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", 0.22),
    ("6c1b4f8e-2d3a-4e5f-9a8b-7c6d5e4f3a2b", 0.12),
    ("91d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", 0.08),
    ("2b3c4d5e-6f70-4812-93a4-b5c6d7e8f901", 0.06),
    ("c0ffee00-1234-4abc-9def-0123456789ab", 0.04),
    ("d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6", 0.03),
    ("e7f8a9b0-c1d2-4e3f-a4b5-c6d7e8f9a0b1", 0.02),
    ("f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f", 0.015),
    ("13579bdf-2468-4ace-8024-68ace02468ac", 0.01),
    ("02468ace-1357-49bd-8f13-579bdf13579b", 0.0075),
    ("fedcba98-7654-4321-8fed-cba987654321", 0.0075),
)
FIRST_NAMES = (
    ("Дана", "Dana"), ("Айгерим", "Aigerim"), ("Ерлан", "Yerlan"), ("Әлия", "Aliya"),
    ("Нұрсұлтан", "Nursultan"), ("Алексей", "Aleksei"), ("Ольга", "Olga"),
    ("Бауыржан", "Baurzhan"), ("Жанна", "Zhanna"), ("Тимур", "Timur"), ("Мария", "Mariya"),
    ("Асель", "Assel"), ("Арман", "Arman"), ("Гульнара", "Gulnara"), ("Данияр", "Daniyar"),
    ("Камила", "Kamila"), ("Руслан", "Ruslan"), ("Сауле", "Saule"), ("Ильяс", "Ilyas"),
    ("Мадина", "Madina"),
)  # fmt: skip
LAST_NAMES = (
    ("Тугумбаева", "Tugumbayeva"), ("Ахметова", "Akhmetova"), ("Сапаров", "Saparov"),
    ("Нұрланқызы", "Nurlankyzy"), ("Жақсыбеков", "Zhaksybekov"), ("Иванов", "Ivanov"),
    ("Ким", "Kim"), ("Оспанов", "Ospanov"), ("Сейтқали", "Seitkali"), ("Ли", "Li"),
    ("Смирнова", "Smirnova"), ("Бекова", "Bekova"), ("Омаров", "Omarov"),
    ("Касымова", "Kassymova"), ("Абенов", "Abenov"), ("Пак", "Pak"),
)  # fmt: skip
MAIL_DOMAINS = ("gmail.com", "mail.ru", "inbox.kz", "yandex.kz", "icloud.com")
PLACES = (  # ipCountry, ipCity, ipRegion, latitude, longitude
    ("KZ", "Almaty", "Almaty", "43.2567", "76.9286"),
    ("KZ", "Astana", "Astana", "51.1801", "71.446"),
    ("KZ", "Shymkent", "Turkistan", "42.3", "69.6"),
    ("KZ", "Karaganda", "Karaganda", "49.8047", "73.1094"),
    ("RU", "Moscow", "Moscow", "55.7558", "37.6173"),
    ("", "", "", "0", "0"),
)
CARDS = (  # cardType Name, BIN, issuer, issuer country
    ("VISA", "400303", "HALYK BANK", "KZ"),
    ("VISA", "440043", "KASPI BANK", "KZ"),
    ("MASTERCARD", "539545", "FORTEBANK", "KZ"),
    ("MASTERCARD", "517792", "JUSAN BANK", "KZ"),
    ("VISA", "427601", "SBERBANK", "RU"),
)
CARD_TYPES = {
    "VISA": CardType(id="ec1e3a6a-5687-4c50-95aa-80723d9b940c", name="VISA"),
    "MASTERCARD": CardType(id="3c7c2a8e-1a54-4c1b-9d0c-6c1f1b6f2d11", name="MASTERCARD"),
}
CURRENCIES = ("8d565e73-1f67-4169-99d9-6cbfc12c2e55", "5b3f0a40-51c3-4d0c-9d7e-2f8d1c2a6b01")
STATUSES = (
    ("22eb5a3e-0737-455c-ab42-ea98f80f7963", 0.88),  # charged
    ("5bbb7dd5-1c0e-4f3b-9a8e-7d6c5b4a3f2e", 0.07),  # declined
    ("7a1c2e3d-4b5f-4a6e-9c8d-1e2f3a4b5c6d", 0.05),  # refunded
)
TRANSACTION_TYPES = ("4303bed9-243c-48d8-94de-8102f53e2803", "9e8d7c6b-5a49-4837-a261-5f4e3d2c1b0a")
DESCRIPTIONS = (
    "Оплата заказа №{}", "Order {}", "Тапсырыс №{} төлемі", "Доставка {}", "Invoice {} paid",
)  # fmt: skip
LANGUAGES = ("RUS", "KAZ", "ENG")
OPERATORS = ("701", "702", "705", "707", "747", "775", "777")

#: The attributes of a record in their order, each with its JSON key as `record_json` writes it.
_KEYS = KEYS[Operation]
FIELDS = tuple(
    field.name for field in attrs.fields(Operation) if field.name in _KEYS and field.name != "extra"
)
_TEMPLATE = (
    "{"
    + ",".join(encode_basestring_ascii(_KEYS[name]).replace("%", "%%") + ":%s" for name in FIELDS)
    + "}"
)


@attrs.frozen
class Sample:
    """One draw of operations, in the order a store adds them."""

    records: list[Operation]

    def page_json(self, count: int) -> str:
        """The `/operations` response JSON of the first `count` records."""
        texts = _texts(self.records[:count])
        return f'{{"totalCount":{count},"records":[{",".join(texts)}]}}'

    def fill(self, connection: Any, count: int, chunk: int = 100_000) -> None:
        """Write the first `count` operations into a new store's table, column-wise in chunks,
        through its DuckDB `connection` (`Store.connection`): the rows `Store.add` would write,
        numbered from 0. The store is only searched afterwards (it would number a later `add`
        from where it started)."""
        import numpy

        from querydsl.store.rows import COLUMNS, FIELD_COLUMNS, ORDER_KEY, RECORD_JSON, TABLE

        kinds = dict(FIELD_COLUMNS)
        selected = ", ".join(
            f'CAST(b."{name}" AS {kinds[name]})' if name in kinds else f'b."{name}"'
            for name, _ in COLUMNS
        )
        for start in range(0, count, chunk):
            part = self.records[start : min(start + chunk, count)]
            batch: dict[str, Any] = {
                ORDER_KEY: numpy.arange(start, start + len(part), dtype=numpy.int64),
                "id": numpy.array([record.id for record in part], dtype=object),
                RECORD_JSON: numpy.array(_texts(part), dtype=object),
            }
            for name, values in _stored(part).items():
                batch[name] = numpy.array(values, dtype=object)
            connection.register("sample_batch", batch)
            try:
                connection.execute(f'INSERT INTO "{TABLE}" SELECT {selected} FROM sample_batch b')
            finally:
                connection.unregister("sample_batch")


def sample(count: int, seed: int = SEED) -> Sample:
    """`count` operations, drawn column by column (about 10 s a million here)."""
    import numpy

    rng = numpy.random.default_rng(seed)
    n = count

    def pick(options: tuple[Any, ...], weights: tuple[float, ...] | None = None) -> list[Any]:
        p = None if weights is None else numpy.array(weights) / sum(weights)
        return [options[i] for i in rng.choice(len(options), size=n, p=p).tolist()]

    def chance(p: float) -> list[bool]:
        return (rng.random(n) < p).tolist()

    def uuids(size: int) -> list[str]:
        raw = rng.integers(0, 2**63, size=(size, 2), dtype=numpy.int64, endpoint=False)
        out = []
        for high, low in raw.tolist():
            text = f"{high:016x}{low:016x}"
            out.append(f"{text[:8]}-{text[8:12]}-4{text[13:16]}-a{text[17:20]}-{text[20:]}")
        return out

    # times in order, as an exported log; each written at its payer's offset
    seconds = numpy.sort(rng.integers(0, SPAN_SECONDS, size=n)).tolist()
    micros = numpy.where(rng.random(n) < 0.3, rng.integers(1, 10**6, size=n), 0).tolist()
    zones = {hours: timezone(timedelta(hours=hours)) for hours, _ in OFFSETS}
    epochs = {hours: SPAN_START.astimezone(zone) for hours, zone in zones.items()}
    offsets = pick(tuple(h for h, _ in OFFSETS), tuple(w for _, w in OFFSETS))
    created = [
        epochs[hours] + timedelta(seconds=s, microseconds=us)
        for hours, s, us in zip(offsets, seconds, micros, strict=True)
    ]
    statuses = pick(tuple(s for s, _ in STATUSES), tuple(w for _, w in STATUSES))
    declined = [status == STATUSES[1][0] for status in statuses]
    auth_after = rng.integers(1, 40, size=n).tolist()
    confirm_after = rng.integers(0, 2 * 86400, size=n).tolist()
    auth = [
        None if no else moment + timedelta(seconds=delay)
        for moment, delay, no in zip(created, auth_after, declined, strict=True)
    ]
    confirm = [
        None if at is None else at + timedelta(seconds=delay)
        for at, delay in zip(auth, confirm_after, strict=True)
    ]

    # amounts: log-normal tenge, a quarter with tiyn
    whole = numpy.clip(numpy.exp(rng.normal(8.4, 1.35, size=n)), 50, 3_000_000).astype(int).tolist()
    tiyn = numpy.where(rng.random(n) < 0.25, rng.integers(1, 100, size=n), 0).tolist()
    amounts = [
        Decimal(w) if t == 0 else Decimal(f"{w}.{t:02d}") for w, t in zip(whole, tiyn, strict=True)
    ]
    refund_days = rng.integers(1, 60, size=n).tolist()
    halves = chance(0.3)
    refunded = [status == STATUSES[2][0] for status in statuses]
    payout_date = [
        (at or moment) + timedelta(days=days, microseconds=us) if yes else None
        for moment, at, days, us, yes in zip(
            created, confirm, refund_days, micros, refunded, strict=True
        )
    ]
    payout_amount = [
        ((amount / 2).quantize(Decimal("0.01")) if half else amount) if yes else None
        for amount, half, yes in zip(amounts, halves, refunded, strict=True)
    ]
    bonus = numpy.where(rng.random(n) < 0.2, rng.integers(1, 500, size=n), 0).tolist()

    # payers come back: a pool a quarter the size, the active ones more often
    payers = max(20, n // 4)
    who = (payers * rng.random(n) ** 2).astype(int).tolist()
    first = rng.integers(0, len(FIRST_NAMES), size=payers).tolist()
    last = rng.integers(0, len(LAST_NAMES), size=payers).tolist()
    cyrillic = (rng.random(payers) < 0.5).tolist()
    names = [
        f"{FIRST_NAMES[f][0]} {LAST_NAMES[s][0]}"
        if c
        else f"{FIRST_NAMES[f][1]} {LAST_NAMES[s][1]}"
        for f, s, c in zip(first, last, cyrillic, strict=True)
    ]
    domains = rng.integers(0, len(MAIL_DOMAINS), size=payers).tolist()
    emails = [
        f"{FIRST_NAMES[f][1].lower()}.{LAST_NAMES[s][1].lower()}{k}@{MAIL_DOMAINS[d]}"
        for k, (f, s, d) in enumerate(zip(first, last, domains, strict=True))
    ]
    operators = rng.integers(0, len(OPERATORS), size=payers).tolist()
    numbers = rng.integers(0, 10**7, size=payers).tolist()
    phones = [f"7{OPERATORS[o]}{m:07d}" for o, m in zip(operators, numbers, strict=True)]
    card_of = rng.integers(0, len(CARDS), size=payers).tolist()
    last4 = rng.integers(0, 10**4, size=payers).tolist()
    hashes = [f"{a:016x}{b:016x}" for a, b in rng.integers(0, 2**63, size=(payers, 2)).tolist()]
    expiry = [f"{m:02d}.{y}" for m, y in zip(rng.integers(1, 13, size=payers).tolist(),
                                              rng.integers(26, 31, size=payers).tolist(),
                                              strict=True)]  # fmt: skip

    invoices = rng.integers(10**5, 10**9, size=n).tolist()
    has_invoice = chance(0.9)
    has_reference = [not no for no in declined]
    references = rng.integers(10**11, 10**12, size=n).tolist()
    places = pick(PLACES, (0.55, 0.2, 0.08, 0.07, 0.04, 0.06))
    shops = pick(tuple(s for s, _ in SHOPS), tuple(w for _, w in SHOPS))
    descriptions = pick(DESCRIPTIONS)
    post_link = chance(0.6)
    post_status = chance(0.92)
    secure = chance(0.75)
    installment = chance(0.1)
    installment_ids = uuids(n)
    ids = uuids(n)
    data_ids = rng.integers(0, 10**6, size=n).tolist()
    has_data = chance(0.25)
    usd = chance(0.04)
    accounts = rng.integers(1, 50_000, size=n).tolist()
    has_account = chance(0.5)
    ips = rng.integers(1, 255, size=(n, 2)).tolist()
    languages = pick(LANGUAGES, (0.6, 0.25, 0.15))
    types = pick(TRANSACTION_TYPES, (0.9, 0.1))
    terminals = rng.integers(10**7, 10**8, size=n).tolist()
    clients = pick(("", "test", "mobile-app", "web"), (0.4, 0.05, 0.3, 0.25))
    latitudes = {place: Decimal(place[3]) for place in PLACES}
    longitudes = {place: Decimal(place[4]) for place in PLACES}

    columns: dict[str, list[Any]] = {
        "id": ids,
        "amount": amounts,
        "currency_id": [CURRENCIES[1] if u else CURRENCIES[0] for u in usd],
        "amount_bonus": [Decimal(b) for b in bonus],
        "invoice_id": [
            f"{i:09d}" if yes else "" for i, yes in zip(invoices, has_invoice, strict=True)
        ],
        "account_id": [
            f"client-{a}" if yes else "" for a, yes in zip(accounts, has_account, strict=True)
        ],
        "payer_ip": [f"10.{a}.{b}.{(a * b) % 250 + 1}" for a, b in ips],
        "payer_name": [names[p] for p in who],
        "payer_phone": [phones[p] for p in who],
        "payer_email": [emails[p] for p in who],
        "description": [text.format(i) for text, i in zip(descriptions, invoices, strict=True)],
        "data": [
            f'{{"custom_id":"{d}"}}' if yes else ""
            for d, yes in zip(data_ids, has_data, strict=True)
        ],
        "created_date": created,
        "auth_date": auth,
        "confirm_date": confirm,
        "payout_date": payout_date,
        "payout_amount": payout_amount,
        "ip_country": [place[0] for place in places],
        "ip_city": [place[1] for place in places],
        "ip_region": [place[2] for place in places],
        "ip_district": [""] * n,
        "ip_latitude": [latitudes[place] for place in places],
        "ip_longitude": [longitudes[place] for place in places],
        "card_number": [f"{CARDS[card_of[p]][1][:4]}....{last4[p]:04d}" for p in who],
        "card_exp_date": [expiry[p] for p in who],
        "card_cvc": ["000"] * n,  # never a real one, as the API's own samples
        "card_type": [CARD_TYPES[CARDS[card_of[p]][0]] for p in who],
        "card_type_id": [CARD_TYPES[CARDS[card_of[p]][0]].id for p in who],
        "issuer": [CARDS[card_of[p]][2] for p in who],
        "issuer_bank_country": [CARDS[card_of[p]][3] for p in who],
        "status_id": statuses,
        "reference": [
            str(r) if yes else "" for r, yes in zip(references, has_reference, strict=True)
        ],
        "client": clients,
        "template": [""] * n,
        "language": languages,
        "transaction_type_id": types,
        "back_link": ["https://shop.example.kz/paid"] * n,
        "failure_link": ["https://shop.example.kz/failed"] * n,
        "post_link": post_link,
        "post_link_status": [a and b for a, b in zip(post_link, post_status, strict=True)],
        "merchant_id": shops,
        "shop_id": shops,
        "secure_3d": secure,
        "card_id": ["000000"] * n,
        "card_hash": [hashes[p] for p in who],
        "card_mask": [f"{CARDS[card_of[p]][1][:4]}...{last4[p]:04d}" for p in who],
        "installment_id": [
            i if yes else "" for i, yes in zip(installment_ids, installment, strict=True)
        ],
        "terminal": [str(t) for t in terminals],
        "init_reference": [""] * n,
    }
    assert tuple(columns) == FIELDS
    return Sample(_operations(columns, n))


def _operations(columns: dict[str, list[Any]], count: int) -> list[Operation]:
    """`[Operation(**dict(zip(columns, values))) for values in zip(*columns.values())]` in a
    fraction of the time: each slot set column by column from C (`map` over the slot's setter),
    where a frozen attrs class's `__init__` sets them one by one through a bound
    `object.__setattr__`, which a million records feel. `same_as_added` compares the records
    with those `load_operations` builds."""
    new = object.__new__
    records: list[Operation] = [new(Operation) for _ in range(count)]
    for field in attrs.fields(Operation):
        setter = getattr(Operation, field.name).__set__
        if field.name in columns:
            values: Any = columns[field.name]
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            values = (field.default.factory() for _ in range(count))
        else:
            values = repeat(field.default, count)
        deque(map(setter, records, values), maxlen=0)
    return records


def _column(records: list[Operation], name: str) -> list[Any]:
    return list(map(attrgetter(name), records))


def _texts(records: list[Operation]) -> list[str]:
    """Each record's JSON, written as the store writes it (`store.rows.record_json`)."""
    written = [_json_column(name, _column(records, name)) for name in FIELDS]
    return [_TEMPLATE % parts for parts in zip(*written, strict=True)]


def _json_column(name: str, values: list[Any]) -> list[str]:
    if name == "post_link":  # Homebank writes it as a string
        return ['"true"' if value else '"false"' for value in values]
    if name == "card_type":
        shown = {
            kind.id: f'{{"ID":{encode_basestring_ascii(kind.id)},'
            f'"Name":{encode_basestring_ascii(kind.name)}}}'
            for kind in CARD_TYPES.values()
        }
        return [shown[value.id] for value in values]
    kind = type(next((value for value in values if value is not None), None))
    if kind is str:
        return list(map(encode_basestring_ascii, values))
    if kind is bool:
        return ["true" if value else "false" for value in values]
    if kind is Decimal:
        return ["null" if value is None else str(value) for value in values]
    if kind is datetime:
        return ["null" if value is None else f'"{value.isoformat()}"' for value in values]
    if kind is type(None):
        return ["null"] * len(values)
    raise TypeError(f"no JSON for {name}: {kind.__name__}")  # pragma: no cover


def _stored(records: list[Operation]) -> dict[str, list[object]]:
    """The typed columns as the store's batch holds them (`store.rows.column_value`)."""
    from querydsl.store.rows import FIELD_COLUMNS

    stored: dict[str, list[object]] = {}
    for name, kind in FIELD_COLUMNS:
        values = _column(records, name)
        if kind == "TIMESTAMPTZ":
            stored[name] = [None if value is None else value.isoformat() for value in values]
        elif kind.startswith("DECIMAL"):
            stored[name] = [None if value is None else format(value, "f") for value in values]
        else:
            stored[name] = values
    return stored


def same_as_added(made: Sample, count: int) -> list[str]:
    """Where the rows `fill` writes differ from those `Store.add` writes for the same first
    `count` operations (given as their response JSON); empty when they are the same, row for
    row, and `Store.add`'s records read back equal the sample's."""
    from querydsl.store import Store
    from querydsl.store.rows import TABLE

    problems: list[str] = []
    with Store() as added, Store() as written:
        added.add(made.page_json(count))
        made.fill(written.connection, count)
        query = f'SELECT * FROM "{TABLE}" ORDER BY "seq"'
        ours = written.connection.execute(query).fetchall()
        theirs = added.connection.execute(query).fetchall()
        if len(ours) != len(theirs):
            problems.append(f"{len(ours)} rows written, {len(theirs)} added")
        problems += [
            f"row {number} differs"
            for number, (mine, other) in enumerate(zip(ours, theirs, strict=False))
            if mine != other
        ]
        if added.search("", size=count).records != made.records[:count]:
            problems.append("Store.add's records, read back, differ from the sample's")
    return problems[:5]
