"""Shared fixtures: the demo course, graded once per test session through the real pipeline."""

import contextlib
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


def pytest_sessionfinish(session):
    """On a pytest-xdist worker, hand this worker's outcomes to the controller, which
    prints the summary (``pytest_testnodedown``)."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["mutation_outcomes"] = [
            [exercise, name, hidden, public]
            for (exercise, name), (hidden, public) in MUTATION_OUTCOMES.items()]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """On the controller of a pytest-xdist run: gather what each worker found."""
    for exercise, name, hidden, public in getattr(node, "workeroutput", {}).get(
            "mutation_outcomes", []):
        MUTATION_OUTCOMES[(exercise, name)] = (hidden, public)


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


# ---------------------------------------------------------------------- pytest-xdist
# `python -m pytest -n 2` (README, .ci/run) runs test files side by side on two workers,
# each file whole on one worker (--dist loadfile), so that one file's module fixtures are
# made once. Most of the suite waits on servers, browsers and kernels, which overlap well.

# Files whose tests take longest, longest first: handed out first, so that no long file
# starts last and runs alone at the end (xdist hands out files in the collection's order
# with --no-loadscope-reorder). The others keep their order after them.
LONGEST_FIRST = ("test_hostile_input.py", "test_grading.py", "test_hub.py", "test_cluster.py",
                 "test_browser.py", "test_allow_list.py", "test_notebooks.py",
                 "test_security.py", "test_learner_install.py", "test_report.py",
                 "test_instructor_week.py", "test_postgres.py")
# Files whose tests measure the whole machine (how far MemAvailable falls): each of their
# tests runs while no other test runs (``_machine``). Handed out last, where the other
# worker is about to run out of work anyway.
ALONE = ("test_bounds.py",)


def pytest_collection_modifyitems(config, items):
    """Order the files for xdist: LONGEST_FIRST, the rest, then ALONE (a stable sort, so a
    file's tests keep their order)."""
    def rank(item):
        name = item.path.name
        if name in ALONE:
            return len(LONGEST_FIRST) + 1
        if name in LONGEST_FIRST:
            return LONGEST_FIRST.index(name)
        return len(LONGEST_FIRST)

    items.sort(key=rank)


@contextlib.contextmanager
def _machine(config, alone: bool):
    """Under pytest-xdist, a test holds the machine: shared for most, exclusive for those
    of ALONE. The exclusive holder first takes a turnstile that every test passes on its
    way in, so that the other worker's next tests wait for it instead of starving it.
    Without xdist there is one test at a time anyway."""
    basetemp = config.getoption("basetemp", None)
    if not os.environ.get("PYTEST_XDIST_WORKER") or not basetemp:
        yield
        return
    import fcntl

    run = Path(basetemp).parent  # xdist gives each worker a basetemp in the run's folder
    with open(run / "machine.turnstile", "a") as turnstile, \
            open(run / "machine.lock", "a") as lock:
        fcntl.flock(turnstile, fcntl.LOCK_EX)
        if not alone:
            fcntl.flock(turnstile, fcntl.LOCK_UN)
        fcntl.flock(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            if alone:
                fcntl.flock(turnstile, fcntl.LOCK_UN)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Each test, with the fixtures it sets up and tears down, holds the machine."""
    with _machine(item.config, alone=item.path.name in ALONE):
        yield
