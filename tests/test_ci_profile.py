"""The suite cannot fail by chance: under CI=true property tests are derandomized."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
from hypothesis import settings
import tests.conftest  # noqa: F401  (registers and loads the profile)
d = settings.default
print(d.derandomize, d.database is None)
"""


def _profile(ci: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_ci_profile_is_derandomized_and_writes_no_example_database() -> None:
    assert _profile("true") == "True True"


def test_local_runs_stay_random() -> None:
    assert _profile(None) == "False False"
