"""Coverage-guided fuzzing of the query text APIs (atheris), or a plain random-mutation loop.

python tests/fuzz/fuzz_query.py tests/fuzz/corpus/query -max_total_time=30   # atheris
python tests/fuzz/fuzz_query.py --plain --seconds 30                          # no atheris
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: shared test helpers
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from _driver import run


def load() -> Callable[[bytes], None]:
    from _contract import check_text

    def one_input(data: bytes) -> None:
        # Odd lengths keep undecodable bytes as lone surrogates: a hazard of their own.
        check_text(data.decode("utf-8", "surrogateescape" if len(data) % 2 else "replace"))

    return one_input


if __name__ == "__main__":
    run(load, Path(__file__).resolve().parent / "corpus" / "query", sys.argv)
