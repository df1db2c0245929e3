"""Without Chromium the browser tests say how to install it: skipped on a workstation, an
error under CI=true. Runs pytest on one browser test in a subprocess with no browser."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_browser_test_without_chromium(ci):
    env = {**os.environ, "CHROMIUM_EXECUTABLE": "/nonexistent/chromium", "CI": ci}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", "-q",
         "tests/browser/test_language.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("ci, exit_code, outcome", [("", 0, "1 skipped"), ("true", 1, "1 error")])
def test_missing_chromium_is_explained(ci, exit_code, outcome):
    result = run_browser_test_without_chromium(ci)
    assert result.returncode == exit_code, result.stdout + result.stderr
    assert outcome in result.stdout
    assert "make browser" in result.stdout and "/nonexistent/chromium" in result.stdout
