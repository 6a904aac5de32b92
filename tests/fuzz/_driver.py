"""Run a fuzz target under atheris (coverage-guided) or, without it, a random-mutation loop."""

from __future__ import annotations

import argparse
import random
import time
import traceback
from collections.abc import Callable
from pathlib import Path

Target = Callable[[bytes], None]
Loader = Callable[[], Target]
_TOKENS = [
    b" and ", b" or ", b"not ", b"(", b")", b"..", b":", b"=", b">=", b'"', b"'", b"\\",
    b" in (", b",", b"between ", b"like ", b"%", b"now-7d", b"2018-02-30", b"order by ",
    b"page ", b"size ", b"\x00", b"\xe2\x80\xae", b"\xd9\xa1", b"[", b"]", b"{", b"}",
    b"NaN", b"1e400", b'"searchParameters"', b'"records"', b"9" * 50,
]  # fmt: skip


def run(load: Loader, corpus: Path, argv: list[str]) -> None:
    """`--plain [--seconds N]` runs the mutation loop; anything else goes to atheris/libFuzzer.

    `load` imports querydsl and returns the target: under atheris it runs inside
    `instrument_imports`, so that querydsl's own code is what the coverage counts.
    """
    if "--plain" in argv:
        options = argparse.ArgumentParser()
        options.add_argument("--plain", action="store_true")
        options.add_argument("--seconds", type=float, default=30)
        options.add_argument("--seed", type=int, default=None)
        plain(
            load(),
            corpus,
            **{k: v for k, v in vars(options.parse_args(argv[1:])).items() if k != "plain"},
        )
        return
    import atheris  # imported here: the plain loop must work without it

    with atheris.instrument_imports(include=["querydsl"]):
        target = load()
    atheris.Setup(argv, target)
    atheris.Fuzz()


def _mutate(rng: random.Random, data: bytes, seeds: list[bytes]) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(6)
        at = rng.randint(0, len(buffer))
        if choice == 0 and buffer:
            del buffer[at : at + rng.randint(1, 8)]
        elif choice == 1:
            buffer[at:at] = rng.choice(_TOKENS)
        elif choice == 2 and buffer:
            buffer[min(at, len(buffer) - 1)] = rng.randrange(256)
        elif choice == 3:
            other = rng.choice(seeds)
            start = rng.randint(0, len(other))
            buffer[at:at] = other[start : start + rng.randint(1, 40)]
        elif choice == 4 and buffer:
            start = rng.randint(0, len(buffer) - 1)
            buffer[at:at] = buffer[start : start + rng.randint(1, 16)] * rng.randint(1, 50)
        else:
            buffer[at:at] = bytes([rng.randrange(256)])
    return bytes(buffer[:20_000])


def plain(target: Target, corpus: Path, seconds: float, seed: int | None) -> None:
    """Mutate the corpus at random for `seconds`; stop at the first failure, printing it."""
    rng = random.Random(seed)
    seeds = [path.read_bytes() for path in sorted(corpus.iterdir()) if path.is_file()] or [b""]
    runs, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        data = _mutate(rng, rng.choice(seeds), seeds)
        began = time.perf_counter()
        try:
            target(data)
        except Exception:
            print(f"FAILURE on input {data!r}")
            traceback.print_exc()
            raise SystemExit(1) from None
        if time.perf_counter() - began > 1:
            print(f"SLOW ({time.perf_counter() - began:.2f}s) on input {data[:200]!r}")
            raise SystemExit(1)
        runs += 1
    elapsed = time.perf_counter() - start
    print(f"plain: {runs} runs in {elapsed:.1f}s, exec/s: {runs / elapsed:.0f}, no failures")
