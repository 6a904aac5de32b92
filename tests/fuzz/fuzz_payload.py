"""Coverage-guided fuzzing of validate_payload, from_payload and the response loaders.

python tests/fuzz/fuzz_payload.py tests/fuzz/corpus/payload -max_total_time=30   # atheris
python tests/fuzz/fuzz_payload.py --plain --seconds 30                            # no atheris
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
    from _contract import check_document

    return check_document


if __name__ == "__main__":
    run(load, Path(__file__).resolve().parent / "corpus" / "payload", sys.argv)
