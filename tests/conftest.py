"""Shared test settings: hypothesis runs without deadlines on shared, noisy machines."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=150
)
settings.register_profile("ci", parent=settings.get_profile("default"), max_examples=300)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"  # copies of ../shared/seeds
# The brief's example query, and its payload written out by hand.
BRIEF_QUERY = "created_date between 2018-01-01..2018-02-01 and payer_email like dana%"
BRIEF_PAYLOAD = {
    "searchParameters": [
        {
            "name": "created_date",
            "method": "between",
            "searchParameter": ["2018-01-01T00:00:00Z", "2018-02-01T00:00:00Z"],
        },
        {"name": "payer_email", "method": "like", "searchParameter": ["dana%"]},
    ],
    "orderParameters": [],
}
