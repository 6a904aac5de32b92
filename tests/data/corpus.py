"""The benchmark corpus: realistic querydsl queries with their Lucene and OData `$filter` twins.

Deterministic: a fixed seed builds the same templates every time. `corpus(shift)` renders them;
`shift` moves every `created_date` value by that many days (or widens a relative time), so the
harness gets strings no cache has seen while the shape of each query stays the same.

>>> entry = corpus()[0]
>>> isinstance(entry.text, str)
True
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

SEED = 20240615
SIZE = 320
#: The `now` every benchmark and test passes, so relative times and payloads are reproducible.
NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)


class Entry(NamedTuple):
    """One query in three languages; None where the peer cannot say it."""

    text: str
    lucene: str | None
    odata: str | None


# A rendered condition: querydsl text, Lucene, OData (None = not expressible there).
Rendered = tuple[str, str | None, str | None]
Condition = Callable[[int], Rendered]

SPELLINGS = {
    "created_date": ("created_date", "date", "created", "createdDate", "CREATED_DATE"),
    "shop_id": ("shop_id", "shop", "shopId"),
    "invoice_id": ("invoice_id", "invoice", "invoiceId"),
    "account_id": ("account_id", "account"),
    "payer_phone": ("payer_phone", "phone", "payerPhone"),
    "payer_email": ("payer_email", "email", "payerEmail", "PAYER_EMAIL"),
    "reference": ("reference", "rrn", "ррн"),
    "post_link": ("post_link", "postlink", "postLink"),
    "amount": ("amount", "Amount"),
    "card_mask": ("card_mask", "card", "cardMask"),
    "client": ("client", "payer"),
    "installment_id": ("installment_id", "installment"),
    "transaction_type_id": ("transaction_type_id", "transaction_type", "transactionTypeId"),
    "payout_date": ("payout_date", "refund_date", "payoutDate"),
    "payout_amount": ("payout_amount", "refund_amount"),
    "description": ("description", "Description"),
}
STRING_FIELDS = (
    "shop_id", "invoice_id", "account_id", "payer_phone", "payer_email", "reference",
    "card_mask", "client", "installment_id", "transaction_type_id", "description",
)  # fmt: skip
NUMBER_FIELDS = ("amount", "payout_amount")
ORDER_FIELDS = ("created_date", "amount", "payer_email", "invoice_id", "payout_date", "shop_id")

_LUCENE_BARE = re.compile(r"[\w@.][\w@.-]*")
_LUCENE_SPECIAL = re.compile(r'([+!(){}\[\]^"~*?:\\/ &|]|^-)')
_QUERYDSL_BARE = re.compile(r"[^\s()\[\],\"'=<>!:]+")
_KEYWORDS = frozenset(
    [
        "and",
        "or",
        "not",
        "between",
        "in",
        "like",
        "order",
        "sort",
        "by",
        "asc",
        "desc",
        "page",
        "size",
        "true",
        "false",
    ]
)


# --- values in each language ---------------------------------------------------------------


def _q_string(value: str) -> str:
    """querydsl: bare when it reads back as the same word, else double-quoted."""
    if _QUERYDSL_BARE.fullmatch(value) and ".." not in value and value.lower() not in _KEYWORDS:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _l_string(value: str) -> str:
    if _LUCENE_BARE.fullmatch(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _l_wildcard(pattern: str) -> str:
    return "*".join(_LUCENE_SPECIAL.sub(r"\\\1", part) for part in pattern.split("%"))


def _l_escape(token: str) -> str:
    return _LUCENE_SPECIAL.sub(r"\\\1", token)


def _o_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _o_like(field: str, pattern: str) -> str | None:
    core = pattern.strip("%")
    if "%" in core or not core:
        return None
    if pattern.startswith("%") and pattern.endswith("%"):
        return f"contains({field},{_o_string(core)})"
    if pattern.endswith("%"):
        return f"startswith({field},{_o_string(core)})"
    return f"endswith({field},{_o_string(core)})"


def _o_in(field: str, literals: list[str]) -> str:
    # odata-query reads `(x)` as a parenthesised expression, not a one-item list
    return (
        f"{field} eq {literals[0]}" if len(literals) == 1 else f"{field} in ({', '.join(literals)})"
    )


class Moment(NamedTuple):
    """A datetime value: how querydsl writes it, how Lucene (ES date math) and OData do."""

    text: str
    lucene: str
    odata: str | None


_UNITS = {"s": "S", "m": "M", "h": "H", "d": "D", "w": "D"}


def _relative(base: str, sign: str, amount: int, unit: str) -> Moment:
    """`now-7d`, `today`, `yesterday-1w` ... in the three languages."""
    text = base if amount == 0 else f"{base}{sign}{amount}{unit}"
    es_base = {"now": "now", "today": "now/d", "yesterday": "now-1d/d"}[base]
    if amount:
        es = f"{es_base}{sign}{amount}{unit}" if base == "now" else f"now{sign}{amount}{unit}/d"
        if base == "yesterday":
            es = f"now-1d{sign}{amount}{unit}/d"
    else:
        es = es_base
    o_base = "now()" if base == "now" else "date(now())"
    odata = o_base if base != "yesterday" else "date(now()) sub duration'P1D'"
    if amount:
        count = amount * 7 if unit == "w" else amount
        period = f"P{count}D" if unit in "dw" else f"PT{count}{_UNITS[unit]}"
        odata = f"{odata} {'sub' if sign == '-' else 'add'} duration'{period}'"
    return Moment(text, _l_escape(es), odata)


def _absolute(moment: datetime, style: int) -> Moment:
    """A date or datetime literal in one of the styles the language accepts."""
    if style == 0:
        text = moment.date().isoformat()
    elif style == 1:
        text = moment.strftime("%Y-%m-%dT%H:%M")
    elif style == 2:
        text = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    elif style == 3:
        text = moment.strftime("%Y-%m-%dT%H:%M:%S+06:00")
    else:
        text = moment.strftime("%Y-%m-%dT%H:%M:%S.250Z")
    return Moment(text, _l_escape(text), text)


# --- conditions --------------------------------------------------------------------------


def _keyword(rng: random.Random, word: str) -> str:
    return word.upper() if rng.random() < 0.15 else word


def _spell(rng: random.Random, field: str) -> str:
    return rng.choice(SPELLINGS[field]) if rng.random() < 0.4 else field


def _uuid(rng: random.Random) -> str:
    return "%08x-%04x-4%03x-8%03x-%012x" % (  # noqa: UP031 - a fixed-width layout reads best so
        rng.getrandbits(32),
        rng.getrandbits(16),
        rng.getrandbits(12),
        rng.getrandbits(12),
        rng.getrandbits(48),
    )


_FIRST = ("dana", "aigerim", "arman", "ivan", "olga", "nurlan", "Дана", "Айгерим", "timur")
_LAST = ("aliyeva", "petrov", "sadykov", "Ким", "smith", "ibrayev")
_DOMAINS = ("mail.kz", "gmail.com", "halykbank.kz", "inbox.ru", "example.org")
_WORDS = ("Order", "Подписка", "Coffee", "Ticket", "Refund for", "Invoice", "Доставка")


def _string_value(rng: random.Random, field: str) -> str:
    if field in ("shop_id", "installment_id", "transaction_type_id"):
        return _uuid(rng)
    if field == "invoice_id":
        return rng.choice((f"{rng.randrange(10**8):09d}", f"inv-2024-{rng.randrange(10**4):04d}"))
    if field == "account_id":
        return rng.choice((f"acc-{rng.randrange(10**5)}", f"user_{rng.randrange(1000)}"))
    if field == "payer_phone":
        return rng.choice(
            (f"+7702{rng.randrange(10**7):07d}", f"8701{rng.randrange(10**7):07d}", "077012")
        )
    if field == "payer_email":
        return f"{rng.choice(_FIRST)}.{rng.choice(_LAST)}@{rng.choice(_DOMAINS)}"
    if field == "reference":
        return f"{rng.randrange(10**11, 10**12)}"
    if field == "card_mask":
        first, last = rng.randrange(400000, 560000), rng.randrange(10**4)
        return rng.choice(
            (
                f"{first // 100}...{last:04d}",
                f"{first // 100}....{last:04d}",
                f"{first}******{last:04d}",
            )
        )
    if field == "client":
        return rng.choice((rng.choice(_FIRST), f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"))
    return f"{rng.choice(_WORDS)} #{rng.randrange(10**5)}" + rng.choice(("", ' "gift"', ""))


def _like_pattern(rng: random.Random, field: str) -> str:
    if field == "payer_email":
        return rng.choice((f"{rng.choice(_FIRST)}%", f"%@{rng.choice(_DOMAINS)}"))
    if field == "payer_phone":
        return rng.choice(("+7702%", "%5001", "%702%"))
    if field == "client":
        return rng.choice((f"{rng.choice(_FIRST)}%", f"%{rng.choice(_LAST)}%", "Д%на"))
    if field == "description":
        return rng.choice((f"{rng.choice(_WORDS)}%", "%gift%"))
    return _string_value(rng, field)[:6] + "%"


def _string_condition(rng: random.Random, field: str) -> Condition:
    spelled = _spell(rng, field)
    form = rng.choice(("eq", "eq", "eq", "in", "like", "or"))
    if field == "card_mask" and form in ("like",):
        form = "eq"
    if form == "eq":
        value = _string_value(rng, field)
        op = rng.choice(("=", "=", "==", ":"))
        sep = "" if op == ":" else " "
        rendered = (
            f"{spelled}{sep}{op}{sep}{_q_string(value)}",
            f"{field}:{_l_string(value)}",
            f"{field} eq {_o_string(value)}",
        )
    elif form == "in":
        values = list(dict.fromkeys(_string_value(rng, field) for _ in range(rng.randint(1, 6))))
        left, right = rng.choice((("(", ")"), ("(", ")"), ("[", "]")))
        rendered = (
            f"{spelled} {_keyword(rng, 'in')} {left}{', '.join(map(_q_string, values))}{right}",
            f"{field}:({' OR '.join(map(_l_string, values))})",
            _o_in(field, list(map(_o_string, values))),
        )
    elif form == "like":
        pattern = _like_pattern(rng, field)
        rendered = (
            f"{spelled} {_keyword(rng, 'like')} {_q_string(pattern)}",
            f"{field}:{_l_wildcard(pattern)}",
            _o_like(field, pattern),
        )
    else:
        values = list(dict.fromkeys(_string_value(rng, field) for _ in range(rng.randint(2, 3))))
        rendered = (
            "("
            + f" {_keyword(rng, 'or')} ".join(f"{spelled} = {_q_string(v)}" for v in values)
            + ")",
            "(" + " OR ".join(f"{field}:{_l_string(v)}" for v in values) + ")",
            "(" + " or ".join(f"{field} eq {_o_string(v)}" for v in values) + ")",
        )
    return lambda shift: rendered


_COMPARE = {"<": ("[* TO {}}}", "lt"), ">": ("{{{} TO *]", "gt"), "<=": ("[* TO {}]", "le"),
            ">=": ("[{} TO *]", "ge")}  # fmt: skip
_NEGATED = {"<": ">=", ">": "<=", "<=": ">", ">=": "<"}


def _ordered(
    rng: random.Random, field: str, spelled: str, low: Moment, high: Moment | None
) -> Rendered:
    """A comparison, range or equality between already-rendered values."""
    if high is not None:
        form = rng.choice(("between", "between", "and", "colon"))
        between = _keyword(rng, "between")
        text = {
            "between": f"{spelled} {between} {low.text}..{high.text}",
            "and": f"{spelled} {between} {low.text} {_keyword(rng, 'and')} {high.text}",
            "colon": f"{spelled}:{low.text}..{high.text}",
        }[form]
        odata = (
            f"{field} ge {low.odata} and {field} le {high.odata}"
            if low.odata and high.odata
            else None
        )
        return text, f"{field}:[{low.lucene} TO {high.lucene}]", odata
    op = rng.choice(("=", "<", ">", "<=", ">=", ">=", "open", "not"))
    if op == "=":
        return f"{spelled} = {low.text}", f"{field}:{low.lucene}", f"{field} eq {low.odata}"
    if op == "open":
        if rng.random() < 0.5:
            return (
                f"{spelled}:{low.text}..*",
                f"{field}:[{low.lucene} TO *]",
                f"{field} ge {low.odata}",
            )
        return f"{spelled}:*..{low.text}", f"{field}:[* TO {low.lucene}]", f"{field} le {low.odata}"
    if op == "not":
        inner = rng.choice(("<", ">", "<=", ">="))
        lucene_range, _ = _COMPARE[inner]
        _, o_op = _COMPARE[inner]
        return (
            f"{_keyword(rng, 'not')} {spelled} {inner} {low.text}",
            f"NOT {field}:{lucene_range.format(low.lucene)}",
            f"not ({field} {o_op} {low.odata})",
        )
    lucene_range, o_op = _COMPARE[op]
    return (
        f"{spelled} {op} {low.text}",
        f"{field}:{lucene_range.format(low.lucene)}",
        f"{field} {o_op} {low.odata}",
    )


def _number(rng: random.Random) -> str:
    whole, cents = rng.randrange(1, 500) * 100, f"{rng.randrange(1, 999)}.50"
    return rng.choice((str(whole), f"{rng.randrange(1, 10**5)}", cents, "0.99", "10.5", "1000.00"))


def _number_condition(rng: random.Random, field: str) -> Condition:
    spelled = _spell(rng, field)
    form = rng.choice(("single", "single", "range", "in"))
    if form == "in":
        values = list(dict.fromkeys(_number(rng) for _ in range(rng.randint(1, 5))))
        rendered: Rendered = (
            f"{spelled} {_keyword(rng, 'in')} ({', '.join(values)})",
            f"{field}:({' OR '.join(values)})",
            _o_in(field, values),
        )
    elif form == "range":
        low = rng.randrange(0, 5000)
        high = low + rng.randrange(1, 50000)
        rendered = _ordered(
            rng, field, spelled, Moment(str(low), str(low), str(low)),
            Moment(str(high), str(high), str(high)),
        )  # fmt: skip
    else:
        value = _number(rng)
        rendered = _ordered(rng, field, spelled, Moment(value, value, value), None)
    return lambda shift: rendered


_RELATIVE = (("now", "-", 7, "d"), ("now", "-", 30, "d"), ("today", "-", 0, "d"),
             ("yesterday", "-", 0, "d"), ("today", "-", 1, "w"), ("now", "-", 12, "h"),
             ("now", "-", 90, "m"), ("now", "-", 3600, "s"))  # fmt: skip


def _datetime_condition(rng: random.Random, field: str) -> Condition:
    """A condition on a datetime field; `shift` moves its values (k days earlier or later)."""
    spelled = _spell(rng, field)
    kind = rng.choice(("absolute", "absolute", "absolute", "relative"))
    if kind == "relative":
        base, sign, amount, unit = rng.choice(_RELATIVE)
        upper = rng.random() < 0.4
        seed = rng.random()

        def relative(shift: int) -> Rendered:
            local = random.Random(seed)  # the same choices of form for every shift
            low = _relative(base, sign, amount + shift, unit)
            high = _relative("now", "-", 0, "d") if upper else None
            return _ordered(local, field, spelled, low, high)

        return relative
    start = datetime(2017, 1, 1) + timedelta(
        days=rng.randrange(0, 2500), minutes=rng.randrange(0, 1440)
    )
    length = timedelta(days=rng.choice((1, 7, 30, 31, 90, 365)))
    style_low, style_high = rng.randrange(5), rng.randrange(5)
    is_range = rng.random() < 0.6
    seed = rng.random()

    def absolute(shift: int) -> Rendered:
        local = random.Random(seed)
        low = start + timedelta(days=shift)
        high = low + length
        if is_range:
            # a date means midnight, so keep date-only bounds on whole days
            return _ordered(
                local, field, spelled, _absolute(low, style_low), _absolute(high, style_high)
            )
        return _ordered(local, field, spelled, _absolute(low, style_low), None)

    return absolute


def _boolean_condition(rng: random.Random, field: str) -> Condition:
    spelled = _spell(rng, field)
    value = rng.choice(("true", "false"))
    form = rng.choice(("=", "=", ":", "!=", "not"))
    if form == "!=":
        rendered: Rendered = (f"{spelled} != true", f"NOT {field}:true", f"{field} ne true")
    elif form == "not":
        rendered = (
            f"{_keyword(rng, 'not')} {spelled} = true",
            f"NOT {field}:true",
            f"not ({field} eq true)",
        )
    else:
        sep = "" if form == ":" else " "
        rendered = (f"{spelled}{sep}{form}{sep}{_keyword(rng, value)}", f"{field}:{value}",
                    f"{field} eq {value}")  # fmt: skip
    return lambda shift: rendered


def _condition(rng: random.Random, field: str) -> Condition:
    if field in ("created_date", "payout_date"):
        return _datetime_condition(rng, field)
    if field in NUMBER_FIELDS:
        return _number_condition(rng, field)
    if field == "post_link":
        return _boolean_condition(rng, field)
    return _string_condition(rng, field)


# --- queries -----------------------------------------------------------------------------


class Template(NamedTuple):
    """One query before rendering: its conditions, order and paging clauses."""

    conditions: tuple[Condition, ...]
    and_words: tuple[str, ...]
    tail: str

    def render(self, shift: int = 0) -> Entry:
        parts = [condition(shift) for condition in self.conditions]
        text = parts[0][0]
        for word, part in zip(self.and_words, parts[1:], strict=True):
            text += f" {word} {part[0]}"
        lucene_parts = [part[1] for part in parts]
        odata_parts = [part[2] for part in parts]
        lucene = None if None in lucene_parts else " AND ".join(map(str, lucene_parts))
        odata = None if None in odata_parts else " and ".join(map(str, odata_parts))
        return Entry(text + self.tail, lucene, odata)


def _tail(rng: random.Random) -> str:
    tail = ""
    if rng.random() < 0.5:
        fields = rng.sample(ORDER_FIELDS, rng.choice((1, 1, 2, 3)))
        keys = []
        for field in fields:
            direction = rng.choice(("", " asc", " desc", " desc", " DESC"))
            keys.append(_spell(rng, field) + direction)
        tail += f" {rng.choice(('order by', 'order by', 'sort by', 'ORDER BY'))} " + ", ".join(keys)
    paging = rng.random()
    if paging < 0.2:
        tail += f" page {rng.randrange(0, 20)} size {rng.choice((10, 20, 50, 100))}"
    elif paging < 0.3:
        tail += f" size {rng.choice((10, 25, 200))}"
    elif paging < 0.35:
        tail += f" size 50 page {rng.randrange(1, 5)}"
    return tail


OTHER_FIELDS = tuple(field for field in SPELLINGS if field != "created_date")


def templates(size: int = SIZE, seed: int = SEED) -> list[Template]:
    """`size` distinct query templates; the same list for the same seed."""
    rng = random.Random(seed)
    found: list[Template] = []
    seen: set[str] = set()
    while len(found) < size:
        count = rng.choice((1, 2, 2, 3, 3, 4, 4, 5, 6))
        others = rng.sample(OTHER_FIELDS, count - 1)
        fields = ["created_date", *others]
        if count > 1 and rng.random() < 0.3:  # the period need not come first
            position = rng.randrange(count)
            fields[0], fields[position] = fields[position], fields[0]
        conditions = tuple(_condition(rng, field) for field in fields)
        and_words = tuple(_keyword(rng, "and") for _ in fields[1:])
        template = Template(conditions, and_words, _tail(rng))
        text = template.render().text
        if text not in seen:
            seen.add(text)
            found.append(template)
    return found


_TEMPLATES: list[Template] | None = None


def corpus(shift: int = 0, size: int = SIZE) -> list[Entry]:
    """The corpus with every `created_date` moved by `shift` days (0: as generated)."""
    global _TEMPLATES
    if _TEMPLATES is None or len(_TEMPLATES) < size:
        _TEMPLATES = templates(max(size, SIZE))
    return [template.render(shift) for template in _TEMPLATES[:size]]


def scaling_conditions(count: int, shift: int = 0) -> Entry:
    """A query with `count` conditions (one on created_date), for the growth curve."""
    start = date(2018, 1, 1) + timedelta(days=shift)
    texts = [f"created_date between {start}..{start + timedelta(days=30)}"]
    lucene = [f"created_date:[{start} TO {start + timedelta(days=30)}]"]
    odata = [f"created_date ge {start} and created_date le {start + timedelta(days=30)}"]
    for index in range(1, count):
        kind = index % 4
        if kind == 0:
            texts.append(f"amount >= {index}")
            lucene.append(f"amount:[{index} TO *]")
            odata.append(f"amount ge {index}")
        elif kind == 1:
            texts.append(f"payer_email like u{index}%")
            lucene.append(f"payer_email:u{index}*")
            odata.append(f"startswith(payer_email,'u{index}')")
        elif kind == 2:
            texts.append(f"shop = s{index}")
            lucene.append(f"shop_id:s{index}")
            odata.append(f"shop_id eq 's{index}'")
        else:
            texts.append(f"payout_date < 2024-{index % 12 + 1:02d}-01")
            lucene.append(f"payout_date:[* TO 2024-{index % 12 + 1:02d}-01}}")
            odata.append(f"payout_date lt 2024-{index % 12 + 1:02d}-01")
    return Entry(" and ".join(texts), " AND ".join(lucene), " and ".join(odata))


def scaling_in_list(count: int, shift: int = 0) -> Entry:
    """A query whose `in` list holds `count` values, for the growth curve."""
    start = date(2018, 1, 1) + timedelta(days=shift)
    values = [str(index * 7 + 1) for index in range(count)]
    end = start + timedelta(days=30)
    return Entry(
        f"created_date between {start}..{end} and amount in ({', '.join(values)})",
        f"created_date:[{start} TO {end}] AND amount:({' OR '.join(values)})",
        f"created_date ge {start} and created_date le {end} and {_o_in('amount', values)}",
    )
