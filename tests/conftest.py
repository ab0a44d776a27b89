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
        [sys.executable, "-m", "autograder.cli", "demo", "--out", str(root)],
        capture_output=True, text=True, timeout=1500, env={**os.environ})
    seconds = time.perf_counter() - started
    print(f"\ncourse demo took {seconds:.0f} s")
    return root, completed, seconds


# Outcomes of the catalog's variants, filled by tests/test_mistakes.py: (exercise, name) ->
# (failed the hidden tests, named by the public check).
MUTATION_OUTCOMES: dict[tuple[str, str], tuple[bool, bool]] = {}


def pytest_terminal_summary(terminalreporter):
    """Print the mutation score of the catalog of known mistakes."""
    if not MUTATION_OUTCOMES:
        return
    total = len(MUTATION_OUTCOMES)
    failed = sum(hidden for hidden, _ in MUTATION_OUTCOMES.values())
    named = sum(name for _, name in MUTATION_OUTCOMES.values())
    terminalreporter.write_sep("-", "catalog of known mistakes")
    terminalreporter.write_line(
        f"mutation score: {failed}/{total} variants failed the hidden tests "
        f"({100 * failed / total:.0f} %); {named}/{total} named by their public check")
    for (exercise, name), (hidden, public) in MUTATION_OUTCOMES.items():
        if not (hidden and public):
            terminalreporter.write_line(
                f"  {exercise}: {name!r}: "
                + ("passed the hidden tests" if not hidden else "not named by the check"))


@pytest.fixture(autouse=True)
def _hints_start_at_their_first_step():
    """Each test sees a known mistake's hint from its first step (``course.checks``)."""
    import course.checks

    course.checks.shown.clear()
