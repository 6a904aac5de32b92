"""Hypothesis strategies for valid provider responses, as the JSON-ready dicts the APIs send."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def homebank_seed_text() -> str:
    """The seed's `/operations` response example, as JSON text."""
    text = (SEEDS / "homebank-operations-api.txt").read_text(encoding="utf-8")
    start = text.index("Response in a form of JSON:") + len("Response in a form of JSON:")
    return text[start : text.index("Response with an error")].strip()


def homebank_error_seed_text() -> str:
    """The seed's error example; the seed leaves its closing brace off, so it is added here."""
    text = (SEEDS / "homebank-operations-api.txt").read_text(encoding="utf-8")
    body = text[text.index('{\n    "code"') :].strip()
    return body if body.endswith("}") else body + "\n}"


def horizonpay_seed_text() -> str:
    """The seed's v3 response example (it repeats `exp_year`), as JSON text."""
    text = (SEEDS / "horizonpay-api-v3.txt").read_text(encoding="utf-8")
    return text[text.index('{\n"uid"') :].strip()


def _words(text: str) -> list[str]:
    return text.split()


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
#: Any JSON value: what a hostile or broken server could send.
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
numbers = st.integers(min_value=-(10**20), max_value=10**20) | st.floats(
    allow_nan=False, allow_infinity=False
)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
aware = st.datetimes(timezones=offsets)


def _horizonpay_time(moment: datetime) -> str:
    """`YYYY-MM-DDThh:mm:ssTZD`, with milliseconds (or microseconds) for a fraction."""
    micro = moment.microsecond
    spec = "seconds" if micro == 0 else "milliseconds" if micro % 1000 == 0 else "microseconds"
    text = moment.isoformat(timespec=spec)
    return text[:-6] + "Z" if moment.utcoffset() == timedelta(0) else text


def _unknown_keys(known: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Undocumented keys a server may add: kept by lenient loading, returned by unstructure."""
    return st.dictionaries(
        st.text(min_size=1, max_size=8).filter(lambda key: key not in known),
        json_values,
        max_size=2,
    )


HOMEBANK_TEXT_KEYS = _words(
    "id currencyID invoiceId accountId payerIp payerName payerPhone payerEmail description data "
    "ipCountry ipCity ipRegion ipDistrict cardNumber cardExpDate cardCVC cardTypeID issuer "
    "issuerBankCountry statusID reference client template language transactionTypeID backLink "
    "failureLink merchantID shopID cardID cardHash cardMask installmentID terminal initReference"
)
HOMEBANK_KEYS = {
    *HOMEBANK_TEXT_KEYS,
    *_words("amount amountBonus ipLatitude ipLongitude payoutAmount cardType postLink"),
    *_words("postLinkStatus secure3D createdDate authDate confirmDate payoutDate"),
}


@st.composite
def homebank_records(draw: st.DrawFn, *, unknown: bool = True) -> dict[str, Any]:
    """One valid `/operations` record, with the seed's camelCase keys."""
    record: dict[str, Any] = {key: draw(st.text(max_size=12)) for key in HOMEBANK_TEXT_KEYS}
    for key in ("amount", "amountBonus", "ipLatitude", "ipLongitude"):
        record[key] = draw(numbers)
    record["payoutAmount"] = draw(st.none() | numbers)
    record["createdDate"] = draw(aware).isoformat()
    for key in ("authDate", "confirmDate", "payoutDate"):
        record[key] = draw(st.none() | aware.map(datetime.isoformat))
    record["cardType"] = {"ID": draw(st.text(max_size=8)), "Name": draw(st.text(max_size=8))}
    record["postLink"] = draw(st.sampled_from(["true", "false"]))
    record["postLinkStatus"] = draw(st.booleans())
    record["secure3D"] = draw(st.booleans())
    if unknown:
        record.update(draw(_unknown_keys(HOMEBANK_KEYS)))
    return record


@st.composite
def homebank_pages(draw: st.DrawFn) -> dict[str, Any]:
    """A valid `/operations` response."""
    records = draw(st.lists(homebank_records(), max_size=3))
    total = draw(st.integers(min_value=len(records), max_value=10**12))
    return {"totalCount": total, "records": records}


def _section(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """An object whose documented keys may each be missing, null or a valid value."""
    return st.fixed_dictionaries(
        {}, optional={key: st.none() | value for key, value in fields.items()}
    )


_text = st.text(max_size=10)
_int = st.integers(min_value=-(2**40), max_value=2**40)
PAYMENT_METHOD = _section(
    {
        **dict.fromkeys(
            _words(
                "payment_method_type holder stamp brand last_4 first_1 bin issuer_country "
                "issuer_name product token_provider token"
            ),
            _text,
        ),
        "exp_month": _int,
        "exp_year": _int,
    }
)
_RECIPIENT_CUSTOMER = dict.fromkeys(
    _words("first_name last_name address country city state zip phone"), _text
)
SECTIONS: dict[str, st.SearchStrategy[Any]] = {
    "customer": _section(
        {**_RECIPIENT_CUSTOMER, **dict.fromkeys(_words("ip email device_id birth_date"), _text)}
    ),
    "payment_method": PAYMENT_METHOD,
    "recipient": _section(
        {"customer": _section(_RECIPIENT_CUSTOMER), "payment_method": PAYMENT_METHOD}
    ),
    "smart_routing_verification": _section({"status": _text}),
    "three_d_secure_verification": _section(
        dict.fromkeys(
            _words(
                "status message ve_status acs_url pa_req md pa_res_url eci pa_status xid cavv "
                "cavv_algorithm fail_reason method_process_url creq"
            ),
            _text,
        )
    ),
    "additional_data": _section(
        {
            "browser": _section(
                {
                    **dict.fromkeys(
                        _words(
                            "screen_width screen_height screen_color_depth time_zone window_height "
                            "window_width"
                        ),
                        _int,
                    ),
                    **dict.fromkeys(
                        _words("language user_agent time_zone_name accept_header"), _text
                    ),
                    "java_enabled": st.booleans(),
                }
            ),
            "contract": st.lists(_text, max_size=3),
        }
    ),
    "avs_cvc_verification": _section(
        {
            "avs_verification": _section({"result_code": _text}),
            "cvc_verification": _section({"result_code": _text}),
        }
    ),
    "transaction": _section(
        {
            **dict.fromkeys(
                _words("ref_id message currency billing_descriptor status auth_code rrn bank_code"),
                _text,
            ),
            "amount": _int,
            "gateway_id": _int,
        }
    ),
    "links": _section({"receipt_url": _text}),
    "errors": st.dictionaries(_text, json_values, max_size=3),
    "bank_info": st.dictionaries(_text, json_values, max_size=3),
}
TOP_LEVEL: dict[str, st.SearchStrategy[Any]] = {
    **dict.fromkeys(
        _words(
            "friendly_message message currency description type tracking_id redirect_url "
            "parent_uid reason recurring_type language"
        ),
        _text,
    ),
    "amount": _int,
    "status_code": _int,
    "test": st.booleans(),
    **dict.fromkeys(
        _words(
            "created_at updated_at paid_at expired_at closed_at settled_at manually_corrected_at"
        ),
        aware.map(_horizonpay_time),
    ),
}
LETTER_STATUSES = {
    "S": ["successful"],
    "F": ["failed"],
    "P": ["pending", "incomplete"],
    "E": ["error"],
}


@st.composite
def processing_codes(draw: st.DrawFn) -> tuple[str, str]:
    """A valid code such as `"P.9998"` and a status its letter allows."""
    letter = draw(st.sampled_from(sorted(LETTER_STATUSES)))
    number = draw(st.integers(min_value=0, max_value=9999))
    return f"{letter}.{number:04d}", draw(st.sampled_from(LETTER_STATUSES[letter]))


@st.composite
def horizonpay_transactions(draw: st.DrawFn) -> dict[str, Any]:
    """A valid v3 response: sections present, null or missing; maybe an undocumented section."""
    code, status = draw(processing_codes())
    transaction = {"uid": draw(_text), "status": status, "code": code}
    transaction.update(draw(_section({**TOP_LEVEL, **SECTIONS})))
    known = {"uid", "status", "code", *TOP_LEVEL, *SECTIONS}
    transaction.update(draw(_unknown_keys(known)))
    return transaction


#: Keys that name a CVC, a card token or a card stamp, in the spellings APIs use.
secret_keys = st.sampled_from(
    _words(
        "cvc CVC cvc2 cvv cvv2 card_cvc cardCVC token card_token Token stamp card_stamp cavv hash"
        " SECURITYCODE card_verification_value csc cid cardCID cvd apiKey x-api-key Authorization"
        " cookie Set-Cookie tokens"
    )
)
#: Keys that name nothing secret and no card: the alphabet cannot spell either.
_plain_keys = st.text(alphabet="abcdefg_", max_size=6)


def hiding(secret: object) -> st.SearchStrategy[Any]:
    """JSON data holding `secret` under a secret key, at any depth inside objects and arrays."""
    return st.recursive(
        secret_keys.map(lambda key: {key: secret}),
        lambda inner: (
            st.builds(lambda key, value: {key: value}, _plain_keys, inner)
            | st.lists(inner, min_size=1, max_size=2)
        ),
        max_leaves=6,
    )


def as_text(document: Any) -> str:
    """JSON text for a document (floats written so that they read back equal)."""
    return json.dumps(document, ensure_ascii=False)


__all__ = [
    "as_text",
    "aware",
    "hiding",
    "homebank_error_seed_text",
    "homebank_pages",
    "homebank_records",
    "homebank_seed_text",
    "horizonpay_seed_text",
    "horizonpay_transactions",
    "json_values",
    "processing_codes",
    "secret_keys",
]
