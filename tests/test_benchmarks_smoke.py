"""The benchmark harness still runs: `benchmarks/run.py --smoke` gives rows for every section.

The harness is run as a program, as a user runs it; no test imports a benchmark module. The
sections it offers are read from its `--help`. No timing is asserted, ever: the figures are
whatever this machine gives. Peers that are not installed show up as "not available" rows,
which still count as rows.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "benchmarks" / "run.py"


def run_harness(*arguments: str) -> subprocess.CompletedProcess[str]:
    """`python benchmarks/run.py ARGUMENTS`, from the checkout's root."""
    return subprocess.run(
        [sys.executable, str(HARNESS), *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def offered_sections() -> set[str]:
    """The sections `--only` takes, as `--help` lists them: `--only {cold,warm,...}`."""
    shown = run_harness("--help")
    choices = re.search(r"--only \{([\w,]+)\}", shown.stdout)
    return set(choices[1].split(",")) if shown.returncode == 0 and choices else set()


def test_help_offers_the_sections() -> None:
    assert {"cold", "warm", "validate", "import", "scaling"} <= offered_sections()


def test_smoke_run_reports_every_section(tmp_path: Path) -> None:
    markdown, rows = tmp_path / "results.md", tmp_path / "results.json"
    done = run_harness("--smoke", "--output", str(markdown), "--json", str(rows))
    assert done.returncode == 0, done.stderr
    results = json.loads(rows.read_text(encoding="utf-8"))
    assert set(results["sections"]) == offered_sections()
    for section, section_rows in results["sections"].items():
        assert section_rows, f"section {section} has no rows"
        assert all(row and row[0] for row in section_rows), section
    assert len(results["targets"]) == 12
    text = markdown.read_text(encoding="utf-8")
    assert "## Targets" in text
    assert "SMOKE RUN" in text
