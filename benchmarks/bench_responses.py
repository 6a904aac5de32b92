"""Benchmark: load 10 000 Homebank records with querydsl and with a pydantic v2 model alike.

Run from the repository root with querydsl importable (`pip install -e '.[bench]'` or
`PYTHONPATH=.`): `python benchmarks/bench_responses.py`.
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

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator

from querydsl.homebank import load_operations

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seeds" / "homebank-operations-api.txt"
RECORDS = 10_000
# Strict pydantic accepts only Decimal instances; JSON numbers need its lax Decimal (which also
# accepts numeric strings, so pydantic does slightly less checking here than querydsl).
Amount = Annotated[Decimal, Strict(False)]
REPEATS = 15


class CardTypeModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")
    id: str = Field(alias="ID")
    name: str = Field(alias="Name")


class OperationModel(BaseModel):
    """The same fields, types and strictness as `querydsl.homebank.Operation`."""

    model_config = ConfigDict(strict=True, extra="allow", frozen=True)
    id: str
    amount: Amount
    currency_id: str = Field(alias="currencyID")
    amount_bonus: Amount = Field(alias="amountBonus")
    invoice_id: str = Field(alias="invoiceId")
    account_id: str = Field(alias="accountId")
    payer_ip: str = Field(alias="payerIp")
    payer_name: str = Field(alias="payerName")
    payer_phone: str = Field(alias="payerPhone")
    payer_email: str = Field(alias="payerEmail")
    description: str
    data: str
    created_date: datetime = Field(alias="createdDate", strict=False)
    auth_date: datetime | None = Field(alias="authDate", strict=False)
    confirm_date: datetime | None = Field(alias="confirmDate", strict=False)
    payout_date: datetime | None = Field(alias="payoutDate", strict=False)
    payout_amount: Amount | None = Field(alias="payoutAmount")
    ip_country: str = Field(alias="ipCountry")
    ip_city: str = Field(alias="ipCity")
    ip_region: str = Field(alias="ipRegion")
    ip_district: str = Field(alias="ipDistrict")
    ip_latitude: Amount = Field(alias="ipLatitude")
    ip_longitude: Amount = Field(alias="ipLongitude")
    card_number: str = Field(alias="cardNumber", repr=False)
    card_exp_date: str = Field(alias="cardExpDate")
    card_cvc: str = Field(alias="cardCVC", repr=False)
    card_type: CardTypeModel = Field(alias="cardType")
    card_type_id: str = Field(alias="cardTypeID")
    issuer: str
    issuer_bank_country: str = Field(alias="issuerBankCountry")
    status_id: str = Field(alias="statusID")
    reference: str
    client: str
    template: str
    language: str
    transaction_type_id: str = Field(alias="transactionTypeID")
    back_link: str = Field(alias="backLink")
    failure_link: str = Field(alias="failureLink")
    post_link: Literal["true", "false"] = Field(alias="postLink")
    post_link_status: bool = Field(alias="postLinkStatus")
    merchant_id: str = Field(alias="merchantID")
    shop_id: str = Field(alias="shopID")
    secure_3d: bool = Field(alias="secure3D")
    card_id: str = Field(alias="cardID")
    card_hash: str = Field(alias="cardHash", repr=False)
    card_mask: str = Field(alias="cardMask")
    installment_id: str = Field(alias="installmentID")
    terminal: str
    init_reference: str = Field(alias="initReference")

    @field_validator("created_date", "auth_date", "confirm_date", "payout_date")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("the date and time has no UTC offset")
        return value


class PageModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")
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


def cases() -> list[tuple[str, Callable[[], object]]]:
    """The two loaders over the same already-decoded list of 10 000 records."""
    page = _page()
    return [
        ("querydsl", lambda: load_operations(page)),
        ("pydantic", lambda: PageModel.model_validate(page)),
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
        print(f"{name:10} median {median * 1000:8.1f} ms  ({RECORDS} records, {REPEATS} runs)")
    ratio = medians["querydsl"] / medians["pydantic"]
    print(f"ratio querydsl/pydantic: {ratio:.2f}x (goal: within 1.5x)")
