"""Shared fixtures: the demo course, graded once per test session through the real pipeline."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_course(tmp_path_factory):
    """Run ``course demo`` once; returns (folder, completed process, wall seconds)."""
    root = tmp_path_factory.mktemp("demo")
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "course.cli", "demo", "--out", str(root)],
        capture_output=True, text=True, timeout=1500, env={**os.environ})
    seconds = time.perf_counter() - started
    print(f"\ncourse demo took {seconds:.0f} s")
    return root, completed, seconds
