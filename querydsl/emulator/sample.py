"""Deterministic, realistic sample data for both providers: Homebank operations and Horizonpay
transactions, as the APIs send them (wire JSON), from a seed.

Record `i` of a seed depends only on the seed and `i`, so a smaller sample is a prefix of a larger
one: `operations(5, seed=1) == operations(50, seed=1)[:5]`. The emulator's `--sample N --seed S`
and the tests both use these functions.

>>> first = operations(1, seed=7)[0]
>>> first == operations(3, seed=7)[0], sorted(first)[:3]
(True, ['accountId', 'amount', 'amountBonus'])
>>> transactions(2, seed=7)[1]["code"][0] in "SFP"
True
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

#: Created dates fall in this span (fixed, so that a seed always gives the same data).
SPAN_START = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_DAYS = 730
#: The offsets payers' dates are written in: Almaty before and after Kazakhstan's 2024 single
#: zone, Moscow, UTC, Tbilisi, Vilnius in summer.
OFFSETS = tuple(timezone(timedelta(hours=hours)) for hours in (6, 5, 3, 0, 4, 3))

_PEOPLE = (
    # (first, last, Latin first, Latin last): Kazakh and Russian names, written as people do
    ("Дана", "Тугумбаева", "Dana", "Tugumbayeva"),
    ("Айгерим", "Ахметова", "Aigerim", "Akhmetova"),
    ("Ерлан", "Сапаров", "Yerlan", "Saparov"),
    ("Әлия", "Нұрланқызы", "Aliya", "Nurlankyzy"),
    ("Нұрсұлтан", "Жақсыбеков", "Nursultan", "Zhaksybekov"),
    ("Алексей", "Иванов", "Aleksei", "Ivanov"),
    ("Ольга", "Ким", "Olga", "Kim"),
    ("Бауыржан", "Оспанов", "Baurzhan", "Ospanov"),
    ("Жанна", "Сейтқали", "Zhanna", "Seitkali"),
    ("Тимур", "Ли", "Timur", "Li"),
    ("Мария", "Смирнова", "Mariya", "Smirnova"),
    ("Асель", "Бекова", "Assel", "Bekova"),
)
_MAIL_DOMAINS = ("gmail.com", "mail.ru", "inbox.kz", "yandex.kz", "example.kz")
_PLACES = (  # (ipCountry, ipCity, ipRegion, latitude, longitude)
    ("KZ", "Almaty", "Almaty", "43.2567", "76.9286"),
    ("KZ", "Astana", "Astana", "51.1801", "71.4460"),
    ("KZ", "Shymkent", "Turkistan", "42.3000", "69.6000"),
    ("KZ", "Aktobe", "Aktobe", "50.2839", "57.1670"),
    ("RU", "Moscow", "Moscow", "55.7558", "37.6173"),
    ("", "", "", "0", "0"),  # the API sends empty strings and zeros when it does not know
)
_CARDS = (  # (brand, Homebank cardType Name, BIN, issuer, issuer country, product)
    ("visa", "VISA", "400303", "HALYK BANK", "KZ", "VISA CLASSIC"),
    ("visa", "VISA", "440043", "KASPI BANK", "KZ", "VISA GOLD"),
    ("master", "MASTERCARD", "539545", "FORTEBANK", "KZ", "WORLD"),
    ("master", "MASTERCARD", "517792", "JUSAN BANK", "KZ", "STANDARD"),
    ("visa", "VISA", "427601", "SBERBANK", "RU", "VISA CLASSIC"),
)
_CARD_TYPE_IDS = {
    "VISA": "ec1e3a6a-5687-4c50-95aa-80723d9b940c",
    "MASTERCARD": "3c7c2a8e-1a54-4c1b-9d0c-6c1f1b6f2d11",
}
_KZT = "8d565e73-1f67-4169-99d9-6cbfc12c2e55"  # the seed's currencyID
_CURRENCIES = ((_KZT, "KZT"), ("5b3f0a40-51c3-4d0c-9d7e-2f8d1c2a6b01", "USD"))
_SHOPS = ("a5bc9d98-38ea-4b9c-ba7f-65a4add02ed6", "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")
_STATUS_IDS = ("22eb5a3e-0737-455c-ab42-ea98f80f7963", "5bbb7dd5-1c0e-4f3b-9a8e-7d6c5b4a3f2e")
_TRANSACTION_TYPES = (
    "4303bed9-243c-48d8-94de-8102f53e2803",
    "9e8d7c6b-5a49-4837-a261-5f4e3d2c1b0a",
)
_DESCRIPTIONS = (
    "Оплата заказа №{n}",
    "Order {n}",
    "Пополнение баланса",
    "Тапсырыс №{n} төлемі",
    "Subscription renewal",
    "Доставка {n}",
    "description",
)
_LANGUAGES = ("RUS", "KAZ", "ENG")
_OPERATORS = ("01", "02", "05", "07", "47", "75", "77")  # mobile codes after the country's 7
#: Horizonpay outcomes: (code, status, friendly_message, merchant message, weight)
_OUTCOMES = (
    (
        "S.0000",
        "successful",
        "The transaction is successfully processed.",
        "Transaction is successful",
        70,
    ),
    ("F.0105", "failed", "Do not honor. Please contact the merchant.", "Do not honor", 6),
    ("F.0111", "failed", "Card expired. Please use a valid card.", "Card expired", 5),
    ("F.0114", "failed", "Insufficient funds.", "Insufficient funds", 7),
    ("P.9998", "incomplete", "Incomplete transaction", None, 6),
    ("P.0001", "pending", "The transaction is in progress.", "Transaction in progress", 6),
)
_HORIZONPAY_CURRENCIES = ("KZT", "KZT", "KZT", "USD", "EUR", "RUB")
_TYPES = ("payment", "payment", "payment", "authorization", "refund")


def operations(count: int, seed: int = 0) -> list[dict[str, Any]]:
    """`count` Homebank `/operations` records as the API sends them (the seed's keys and order).

    >>> record = operations(1, seed=3)[0]
    >>> record["createdDate"][-6:] in ("+06:00", "+05:00", "+03:00", "+00:00", "+04:00")
    True
    >>> record["postLink"] in ("true", "false"), len(record)
    (True, 49)
    """
    return [operation(seed, index) for index in range(count)]


def operations_page(count: int, seed: int = 0) -> dict[str, Any]:
    """An `/operations` response body holding `operations(count, seed)`.

    >>> operations_page(2, seed=1)["totalCount"]
    2
    """
    return {"totalCount": count, "records": operations(count, seed)}


def transactions(count: int, seed: int = 0) -> list[dict[str, Any]]:
    """`count` Horizonpay API v3 transactions (flat, the v3 documentation's sections).

    Tracking ids repeat (about three transactions share one), as when a customer retries.

    >>> found = transactions(1, seed=3)[0]
    >>> found["uid"].count("-"), found["payment_method"]["payment_method_type"]
    (1, 'credit_card')
    """
    return [transaction(seed, index) for index in range(count)]


def _rng(seed: int, kind: str, index: int) -> random.Random:
    return random.Random(f"querydsl-sample:{kind}:{seed}:{index}")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _moment(rng: random.Random) -> datetime:
    """A created moment in the span, written in one of OFFSETS."""
    seconds = rng.randrange(SPAN_DAYS * 86400)
    return (SPAN_START + timedelta(seconds=seconds)).astimezone(rng.choice(OFFSETS))


def _homebank_time(moment: datetime) -> str:
    return moment.isoformat()  # 2018-10-27T15:08:14+06:00, fractions as written


def _email(rng: random.Random, first: str, last: str) -> str:
    local = rng.choice(
        (
            f"{first}.{last}",
            f"{first}{last}",
            f"{first[0]}{last}",
            f"{first}_{rng.randrange(1, 99)}",
        )
    )
    return f"{local.lower()}@{rng.choice(_MAIL_DOMAINS)}"


def _amount(rng: random.Random) -> Decimal:
    """Tenge: mostly whole amounts of realistic sizes, some with tiyn."""
    whole = rng.choice(
        (rng.randrange(100, 5000), rng.randrange(1000, 60000), rng.randrange(50000, 900000))
    )
    if rng.random() < 0.25:
        return Decimal(whole) + Decimal(rng.randrange(1, 100)) / 100
    return Decimal(whole)


def _number(value: Decimal) -> int | float:
    """A JSON number for an amount: an integer when whole, else the shortest float."""
    return int(value) if value == value.to_integral_value() else float(value)


def operation(seed: int, index: int) -> dict[str, Any]:
    """Record `index` of the sample `seed`: one Homebank operation as JSON data.

    >>> operation(1, 0) == operation(1, 0) != operation(1, 1)
    True
    """
    rng = _rng(seed, "operation", index)
    first, last, latin_first, latin_last = rng.choice(_PEOPLE)
    created = _moment(rng)
    if rng.random() < 0.3:
        created = created.replace(microsecond=rng.randrange(1, 1_000_000))
    authorised = created + timedelta(seconds=rng.randrange(1, 40))
    confirmed = authorised + timedelta(seconds=rng.randrange(0, 86400 * 2))
    amount = _amount(rng)
    refunded = rng.random() < 0.2
    if refunded:
        payout_date: str | None = _homebank_time(
            confirmed + timedelta(days=rng.randrange(1, 60), microseconds=rng.randrange(1, 10**6))
        )
        payout_amount: int | float | None = _number(
            rng.choice((amount, (amount / 2).quantize(Decimal("0.01"))))
        )
    else:
        payout_date, payout_amount = None, None
    country, city, region, latitude, longitude = rng.choice(_PLACES)
    _, card_name, bin_, issuer, issuer_country, _ = rng.choice(_CARDS)
    last_4 = f"{rng.randrange(10000):04d}"
    currency_id, _code = rng.choice(_CURRENCIES) if rng.random() < 0.1 else _CURRENCIES[0]
    number = rng.randrange(100000, 999999999)
    post_link = rng.random() < 0.6
    shop = rng.choice(_SHOPS)
    installment = _uuid(rng) if rng.random() < 0.15 else ""
    return {
        "id": _uuid(rng),
        "amount": _number(amount),
        "currencyID": currency_id,
        "amountBonus": rng.choice((0, 0, 0, rng.randrange(1, 500))),
        "invoiceId": f"{number:09d}" if rng.random() < 0.85 else "",
        "accountId": f"client-{rng.randrange(1, 5000)}" if rng.random() < 0.5 else "",
        "payerIp": f"{rng.choice(('192.0.2', '198.51.100', '203.0.113'))}.{rng.randrange(1, 255)}",
        "payerName": rng.choice((f"{first} {last}", f"{latin_first} {latin_last}")),
        "payerPhone": f"77{rng.choice(_OPERATORS)}{rng.randrange(10**7):07d}",
        "payerEmail": _email(rng, latin_first, latin_last),
        "description": rng.choice(_DESCRIPTIONS).format(n=number),
        "data": "" if rng.random() < 0.7 else f'{{"custom_id":"{rng.randrange(10**6)}"}}',
        "createdDate": _homebank_time(created),
        "authDate": _homebank_time(authorised),
        "confirmDate": _homebank_time(confirmed),
        "payoutDate": payout_date,
        "payoutAmount": payout_amount,
        "ipCountry": country,
        "ipCity": city,
        "ipRegion": region,
        "ipDistrict": "",
        "ipLatitude": _number(Decimal(latitude)),
        "ipLongitude": _number(Decimal(longitude)),
        "cardNumber": f"{bin_[:4]}....{last_4}",
        "cardExpDate": f"{rng.randrange(1, 13):02d}.{rng.randrange(25, 31)}",
        "cardCVC": "000",  # never a real one: the seed's own placeholder
        "cardType": {"ID": _CARD_TYPE_IDS[card_name], "Name": card_name},
        "cardTypeID": _CARD_TYPE_IDS[card_name],
        "issuer": issuer,
        "issuerBankCountry": issuer_country,
        "statusID": rng.choice(_STATUS_IDS),
        "reference": f"{rng.randrange(10**11, 10**12)}" if rng.random() < 0.9 else "",
        "client": rng.choice(("test", f"{latin_first.lower()}.{latin_last.lower()}", "")),
        "template": "",
        "language": rng.choice(_LANGUAGES),
        "transactionTypeID": rng.choice(_TRANSACTION_TYPES),
        "backLink": "https://shop.example.kz/paid",
        "failureLink": "https://shop.example.kz/failed",
        "postLink": "true" if post_link else "false",
        "postLinkStatus": post_link and rng.random() < 0.9,
        "merchantID": shop,
        "shopID": shop,
        "secure3D": rng.random() < 0.7,
        "cardID": "000000",
        "cardHash": f"{rng.getrandbits(128):032x}" if rng.random() < 0.5 else "",
        "cardMask": f"{bin_[:4]}...{last_4}",
        "installmentID": installment,
        "terminal": f"{rng.randrange(10**7, 10**8)}" if rng.random() < 0.5 else "",
        "initReference": "",
    }


def _horizonpay_time(moment: datetime) -> str:
    """`2022-09-15T08:43:56.521Z`: UTC with `Z`, milliseconds; other offsets as written."""
    text = moment.isoformat(timespec="milliseconds")
    return text[:-6] + "Z" if moment.utcoffset() == timedelta(0) else text


def _uid(rng: random.Random) -> str:
    return f"{rng.randrange(10000, 99999)}-{rng.getrandbits(40):010x}"


def transaction(seed: int, index: int) -> dict[str, Any]:
    """Transaction `index` of the sample `seed`: one Horizonpay v3 response as JSON data.

    >>> found = transaction(2, 5)
    >>> found["status"] in ("successful", "failed", "incomplete", "pending")
    True
    """
    rng = _rng(seed, "transaction", index)
    first, last, latin_first, latin_last = rng.choice(_PEOPLE)
    code, status, friendly, message, _ = rng.choices(_OUTCOMES, [o[4] for o in _OUTCOMES])[0]
    brand, _name, bin_, issuer, issuer_country, product = rng.choice(_CARDS)
    created = _moment(rng)
    if rng.random() < 0.5:
        created = created.astimezone(UTC)
    created = created.replace(microsecond=rng.randrange(1000) * 1000)
    updated = created + timedelta(milliseconds=rng.randrange(200, 5000))
    amount = int(_amount(rng) * 100)
    currency = rng.choice(_HORIZONPAY_CURRENCIES)
    uid = _uid(rng)
    successful = status == "successful"
    rrn = f"{rng.randrange(10**11, 10**12)}" if successful else None
    place = rng.choice(_PLACES[:5])
    return {
        "uid": uid,
        "code": code,
        "friendly_message": friendly,
        "status": status,
        "message": message,
        "amount": amount,
        "currency": currency,
        "description": rng.choice(_DESCRIPTIONS).format(n=index),
        "type": rng.choice(_TYPES),
        "payment_method": {
            "payment_method_type": "credit_card",
            "holder": f"{latin_first} {latin_last}".upper(),
            "stamp": f"{rng.getrandbits(256):064x}",
            "brand": brand,
            "last_4": f"{rng.randrange(10000):04d}",
            "first_1": bin_[0],
            "bin": bin_,
            "issuer_country": issuer_country,
            "issuer_name": issuer,
            "product": product,
            "exp_month": rng.randrange(1, 13),
            "exp_year": rng.randrange(2025, 2031),
            "token_provider": None,
            "token": _uuid(rng),
        },
        # About three transactions share a tracking id, as when a customer tries again.
        "tracking_id": f"order-{seed}-{index // 3:05d}",
        "test": rng.random() < 0.2,
        "created_at": _horizonpay_time(created),
        "updated_at": _horizonpay_time(updated),
        "paid_at": _horizonpay_time(updated) if successful else None,
        "expired_at": None,
        "recurring_type": rng.choice((None, None, "initial")),
        "closed_at": None,
        "settled_at": None,
        "manually_corrected_at": None,
        "language": rng.choice(("ru", "kk", "en")),
        "redirect_url": f"https://gw.horizonpay.kz/process/{uid}",
        "status_code": None if successful else rng.choice((None, 21)),
        "links": {"receipt_url": f"https://bo.horizonpay.kz/customer/transactions/{uid}"},
        "customer": {
            "ip": f"{rng.choice(('192.0.2', '198.51.100', '203.0.113'))}.{rng.randrange(1, 255)}",
            "email": _email(rng, latin_first, latin_last),
            "device_id": f"{rng.getrandbits(64):016x}",
            "birth_date": f"{rng.randrange(1960, 2005)}-{rng.randrange(1, 13):02d}-"
            f"{rng.randrange(1, 29):02d}",
            "first_name": first,
            "last_name": last,
            "address": f"ул. Абая, {rng.randrange(1, 200)}",
            "country": place[0],
            "city": place[1],
            "zip": f"{rng.randrange(10**5, 10**6)}",
            "state": None,
            "phone": f"+77{rng.randrange(10**9):09d}" if rng.random() < 0.7 else None,
        },
        "transaction": {
            "auth_code": f"{rng.randrange(10**6):06d}" if successful else None,
            "bank_code": "00" if successful else rng.choice(("05", "51", "54", None)),
            "rrn": rrn,
            "ref_id": rrn,
            "message": message,
            "amount": amount,
            "currency": currency,
            "billing_descriptor": "SHOP.EXAMPLE.KZ",
            "gateway_id": rng.choice((645, 712)),
            "status": status,
        },
    }
