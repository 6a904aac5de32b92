"""Benchmark: load 10 000 Homebank records with querydsl and with an equivalent pydantic v2 model.

Run from the repository root with querydsl importable (`pip install -e '.[bench]'` or
`PYTHONPATH=.`): `python benchmarks/bench_responses.py`.

The pydantic model gives what `homebank.load_operations` gives, read as leniently (its default):
the same types (exact `Decimal` amounts, aware datetimes, `postLink` "true"/"false" as a bool),
a documented key that is missing read as None, a null refused where the documentation does not
allow one, a wrong type refused, undocumented keys kept, frozen instances. It checks less where
pydantic has no strict reading of a JSON value: it takes numeric strings as amounts, unix
timestamps and other ISO 8601 spellings as datetimes, and warns of no missing key.
"""

from __future__ import annotations

import copy
import json
import pathlib
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, Strict

from querydsl.homebank import load_operations

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seeds" / "homebank-operations-api.txt"
RECORDS = 10_000
REPEATS = 15
#: JSON numbers as Decimal: strict pydantic takes only Decimal instances, so its lax reading.
Amount = Annotated[Decimal, Strict(False)]
#: Datetime strings with an offset: lax (strict takes only datetime instances), aware.
Moment = Annotated[AwareDatetime, Strict(False)]
#: `postLink`: the string "true" or "false", as a bool.
Flag = Annotated[Literal["true", "false"], AfterValidator(lambda text: text == "true")]
#: Lenient: a missing key is None. A default is not validated, so a null stays refused unless
#: the type takes one (`datetime | None`).
MISSING = None


class CardTypeModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", frozen=True)
    id: str = Field(MISSING, alias="ID")
    name: str = Field(MISSING, alias="Name")


class OperationModel(BaseModel):
    """The same fields, types and strictness as `querydsl.homebank.Operation`, read leniently."""

    model_config = ConfigDict(strict=True, extra="allow", frozen=True)
    id: str = MISSING
    amount: Amount = MISSING
    currency_id: str = Field(MISSING, alias="currencyID")
    amount_bonus: Amount = Field(MISSING, alias="amountBonus")
    invoice_id: str = Field(MISSING, alias="invoiceId")
    account_id: str = Field(MISSING, alias="accountId")
    payer_ip: str = Field(MISSING, alias="payerIp")
    payer_name: str = Field(MISSING, alias="payerName")
    payer_phone: str = Field(MISSING, alias="payerPhone")
    payer_email: str = Field(MISSING, alias="payerEmail")
    description: str = MISSING
    data: str = MISSING
    created_date: Moment = Field(MISSING, alias="createdDate")
    auth_date: Moment | None = Field(MISSING, alias="authDate")
    confirm_date: Moment | None = Field(MISSING, alias="confirmDate")
    payout_date: Moment | None = Field(MISSING, alias="payoutDate")
    payout_amount: Amount | None = Field(MISSING, alias="payoutAmount")
    ip_country: str = Field(MISSING, alias="ipCountry")
    ip_city: str = Field(MISSING, alias="ipCity")
    ip_region: str = Field(MISSING, alias="ipRegion")
    ip_district: str = Field(MISSING, alias="ipDistrict")
    ip_latitude: Amount = Field(MISSING, alias="ipLatitude")
    ip_longitude: Amount = Field(MISSING, alias="ipLongitude")
    card_number: str = Field(MISSING, alias="cardNumber", repr=False)
    card_exp_date: str = Field(MISSING, alias="cardExpDate")
    card_cvc: str = Field(MISSING, alias="cardCVC", repr=False)
    card_type: CardTypeModel = Field(MISSING, alias="cardType")
    card_type_id: str = Field(MISSING, alias="cardTypeID")
    issuer: str = MISSING
    issuer_bank_country: str = Field(MISSING, alias="issuerBankCountry")
    status_id: str = Field(MISSING, alias="statusID")
    reference: str = MISSING
    client: str = MISSING
    template: str = MISSING
    language: str = MISSING
    transaction_type_id: str = Field(MISSING, alias="transactionTypeID")
    back_link: str = Field(MISSING, alias="backLink")
    failure_link: str = Field(MISSING, alias="failureLink")
    post_link: Flag = Field(MISSING, alias="postLink")
    post_link_status: bool = Field(MISSING, alias="postLinkStatus")
    merchant_id: str = Field(MISSING, alias="merchantID")
    shop_id: str = Field(MISSING, alias="shopID")
    secure_3d: bool = Field(MISSING, alias="secure3D")
    card_id: str = Field(MISSING, alias="cardID")
    card_hash: str = Field(MISSING, alias="cardHash", repr=False)
    card_mask: str = Field(MISSING, alias="cardMask")
    installment_id: str = Field(MISSING, alias="installmentID")
    terminal: str = MISSING
    init_reference: str = Field(MISSING, alias="initReference")


class PageModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", frozen=True)
    total_count: int = Field(alias="totalCount")
    records: list[OperationModel]


def _page() -> dict[str, Any]:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("Response in a form of JSON:") + len("Response in a form of JSON:")
    seed = json.loads(text[start : text.index("Response with an error")])
    records = []
    for index in range(RECORDS):
        record = copy.deepcopy(seed["records"][index % len(seed["records"])])
        record["id"] = f"{index:08d}-0000-4000-8000-000000000000"
        records.append(record)
    return {"totalCount": RECORDS, "records": records}


def _same_reading(page: dict[str, Any]) -> None:
    """Both read the page to the same values (a benchmark of unequal work measures nothing)."""
    ours = load_operations(page).records[1]
    theirs = PageModel.model_validate(page).records[1]
    for name in OperationModel.model_fields:
        mine, other = getattr(ours, name), getattr(theirs, name)
        if name == "card_type":
            mine, other = (mine.id, mine.name), (other.id, other.name)
        if mine != other or type(mine) is not type(other):
            raise AssertionError(f"{name}: querydsl reads {mine!r}, pydantic {other!r}")
    if not isinstance(ours.created_date, datetime) or ours.created_date.tzinfo is None:
        raise AssertionError("created_date is not an aware datetime")


def cases() -> list[tuple[str, Callable[[], object]]]:
    """The two loaders over the same page of 10 000 records: already decoded (the target), and
    as the JSON bytes an HTTP client receives."""
    page = _page()
    _same_reading(page)
    body = json.dumps(page).encode()
    return [
        ("querydsl", lambda: load_operations(page)),
        ("pydantic", lambda: PageModel.model_validate(page)),
        ("querydsl, JSON bytes", lambda: load_operations(body)),
        ("pydantic, JSON bytes", lambda: PageModel.model_validate_json(body)),
    ]


if __name__ == "__main__":
    runs = cases()
    timings: dict[str, list[float]] = {name: [] for name, _ in runs}
    for _ in range(REPEATS):  # interleaved, so drift in the machine hits both alike
        for name, run in runs:
            start = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    for name, median in medians.items():
        print(f"{name:22} median {median * 1000:8.1f} ms  ({RECORDS} records, {REPEATS} runs)")
    for ours, theirs in (
        ("querydsl", "pydantic"),
        ("querydsl, JSON bytes", "pydantic, JSON bytes"),
    ):
        print(f"{ours} / {theirs}: {medians[ours] / medians[theirs]:.2f}x")
    print("goal: querydsl / pydantic within 1.0x")
