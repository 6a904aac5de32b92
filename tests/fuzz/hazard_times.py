"""Print the worst time of each hazard from issue 7 (best of 3 runs each, the slowest API).

python tests/fuzz/hazard_times.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import querydsl
from querydsl import Limits, QueryError, homebank, horizonpay

BIG = Limits(max_length=2_000_000)
DEEP = Limits(max_length=1_000_000)
P = "created_date >= 2024-01-01 and "
MB = 1_000_000


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def _cyclic() -> dict[str, Any]:
    loop: dict[str, Any] = {"uid": "u", "status": "successful", "code": "S.0000"}
    loop["x"] = loop
    return loop


TEXT_HAZARDS: dict[str, tuple[str, Limits]] = {
    "parens 51 (default limits)": (P + "(" * 51 + "amount = 1" + ")" * 51, Limits()),
    "parens 100 000 (default limits)": (P + "(" * 100_000 + "amount = 1" + ")" * 100_000, Limits()),
    "parens 100 000 (max_length=1M)": (P + "(" * 100_000 + "amount = 1" + ")" * 100_000, DEEP),
    "not 100 000 (max_length=1M)": (P + "not " * 100_000 + "amount > 1", DEEP),
    "not ( 50 000 (max_length=1M)": (P + "not (" * 50_000 + "amount > 1" + ")" * 50_000, DEEP),
    "1 MB text (default limits)": ("amount = 1 and " * (MB // 15), Limits()),
    "in list of 1 001": (
        P + "shop in (" + ", ".join(f"s{i}" for i in range(1_001)) + ")",
        Limits(),
    ),
    "quote + 10 000 backslashes": ('"' + "\\" * 10_000, BIG),
    "quote + 500 000 escaped quotes": ("'" + "\\'" * 500_000, BIG),
    "1 MB word characters": ("a" * MB, BIG),
    "1 MB dots": ("." * MB, BIG),
    "condition + 1 MB dots": ("amount = 1" + "." * MB, BIG),
    "1 MB digits": ("amount = " + "1" * MB, BIG),
    "card mask + 1 MB X": ("card = 1234" + "X" * MB, BIG),
    "digits and dots 1 MB": ("card = " + "1234." * (MB // 5), BIG),
    "5 000-digit number": (P + "amount = " + "9" * 5_000, Limits()),
    "now-999999999d": ("created_date > now-999999999d", Limits()),
    "9999-12-31T23:59-01:00": ("created_date > 9999-12-31T23:59-01:00", Limits()),
}
JSON_HAZARDS: dict[str, object] = {
    "NaN text": '{"totalCount": NaN, "searchParameters": [NaN]}',
    "100 000-deep array text": "[" * 100_000 + "]" * 100_000,
    "100 000-deep list value": _nested(100_000),
    "invalid UTF-8": b'{"a": "\xff"}',
    "5 000-digit int text": '{"totalCount": ' + "9" * 5_000 + ', "records": []}',
    "cyclic dict": _cyclic(),
}


def worst(call: Callable[..., object]) -> tuple[float, str]:
    best = float("inf")
    outcome = ""
    for _ in range(3):
        start = time.perf_counter()
        try:
            call()
            outcome = "ok"
        except QueryError as error:
            outcome = ",".join(sorted({d.code for d in error.diagnostics}))
        except Exception as error:  # a contract breach: report it, keep measuring
            outcome = f"CRASH {type(error).__name__}"
        best = min(best, time.perf_counter() - start)
    return best, outcome


def main() -> None:
    sys.setrecursionlimit(1000)
    print(f"{'hazard':40} {'worst s':>8}  slowest API (outcome)")
    for name, (text, limits) in TEXT_HAZARDS.items():
        calls = {
            "parse": lambda text=text, limits=limits: querydsl.parse(text, limits=limits),
            "to_payload": lambda text=text, limits=limits: querydsl.to_payload(text, limits=limits),
            "check": lambda text=text, limits=limits: querydsl.check(text, limits=limits),
            "tokens": lambda text=text: querydsl.tokens(text),
            "complete": lambda text=text: querydsl.complete(text),
        }
        results = {api: worst(call) for api, call in calls.items()}
        api, (seconds, outcome) = max(results.items(), key=lambda item: item[1][0])
        print(f"{name:40} {seconds:8.3f}  {api} ({results['parse'][1]})")
    for name, data in JSON_HAZARDS.items():
        calls = {
            "validate_payload": lambda data=data: querydsl.validate_payload(data),
            "from_payload": lambda data=data: querydsl.from_payload(data),
            "load_operations": lambda data=data: homebank.load_operations(data),
            "load_error": lambda data=data: homebank.load_error(data),
            "load_transaction": lambda data=data: horizonpay.load_transaction(data),
        }
        results = {api: worst(call) for api, call in calls.items()}
        api, (seconds, outcome) = max(results.items(), key=lambda item: item[1][0])
        crashes = [a for a, (_, o) in results.items() if o.startswith("CRASH")]
        note = f"; CRASH in {', '.join(crashes)}" if crashes else ""
        print(f"{name:40} {seconds:8.3f}  {api} ({outcome}{note})")


if __name__ == "__main__":
    main()
