"""Shared test settings.

Hypothesis runs with no deadline (CI machines are shared and timing is not what these tests
check; speed lives in ``benchmarks/``) and with a fixed derandomised profile on CI so that a
failure reproduces. Tests that need many examples set ``max_examples`` themselves.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
