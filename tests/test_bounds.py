"""A grading kernel cannot take the grader's disk, memory or processes, and what it spends
stays with its submission: graded as an ordinary user (the bounds that need no root:
bounded tmpfs folders, seccomp or a systemd user scope, an address space sized with the
tmpfs sizes), with ``course autograde --jobs 2``, harmful submissions beside honest ones.

As root (CI is), the tests create an ordinary user with ``useradd`` and remove it, with
its home and processes, at the end; elsewhere they skip. The root path (cgroup v1) is the
one tests/test_security.py grades its attacks with.
"""

import csv
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from tests import attacks as A
from tests.needs import (
    SANDBOX_INSTALL,
    OrdinaryUser,
    is_root,
    require,
    sandbox_available,
    under_ci,
)

require(sandbox_available(), "the bubblewrap sandbox", SANDBOX_INSTALL)
if not is_root():
    if under_ci():
        raise RuntimeError("tests/test_bounds.py creates an ordinary user: CI runs as root")
    pytest.skip("tests/test_bounds.py creates an ordinary user to grade as: run it as root "
                "(CI does)", allow_module_level=True)

REPO = Path(__file__).resolve().parent.parent
NAME = A.NAME
MiB = 1 << 20
# The course's limits in these tests: small, so that filling them is quick.
MEMORY, FOLDER, TMP, JOBS = 1024 * MiB, 128 * MiB, 128 * MiB, 2
LIMITS_LINE = (f'set_kernel_limits(memory="{MEMORY // MiB} MiB", working_folder='
               f'"{FOLDER // MiB} MiB", tmp="{TMP // MiB} MiB", processes=64, '
               f'file_size="256 MiB")')
GRADER_ALLOWANCE = 1024 * MiB  # the grader's own processes (main, 2 workers), not kernels

FILL = """
import os
written, error = 0, None
try:
    for n in range(100_000):
        with open(os.path.join({folder!r}, f"fill-{{n}}"), "wb") as handle:
            for _ in range(32):
                handle.write(b"x" * (1 << 20))
                handle.flush()
                written += 1
except OSError as failure:
    error = failure
print("FILLED {what}:", written, "MiB;", type(error).__name__, error, flush=True)
for n in range(100_000):
    try:
        os.remove(os.path.join({folder!r}, f"fill-{{n}}"))
    except OSError:
        break
if error:
    raise error
"""
FILL_FOLDER = FILL.format(folder=".", what="working folder")
FILL_TMP = FILL.format(folder="/tmp", what="/tmp")

MEMORY_HOARD = """
import numpy as np
hoard = []
try:
    while True:
        hoard.append(np.ones(10 << 20, dtype=np.uint8))
        if len(hoard) % 10 == 0:
            print("HELD:", len(hoard) * 10, "MiB", flush=True)
finally:
    print("HELD:", len(hoard) * 10, "MiB at the end", flush=True)
    hoard.clear()
"""

PROCESSES = """
import os, time
children = []
try:
    for _ in range(200):
        pid = os.fork()
        if pid == 0:
            time.sleep(20)
            os._exit(0)
        children.append(pid)
finally:
    print("FORKED:", len(children), flush=True)
    for pid in children:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
"""

THREADS = """
import threading
seen = []
workers = [threading.Thread(target=seen.append, args=(n,)) for n in range(8)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
print("THREADS:", len(seen))
"""

HARM = {"fill_folder": FILL_FOLDER, "fill_tmp": FILL_TMP, "memory": MEMORY_HOARD,
        "processes": PROCESSES}
HONEST = {"honest_a": None, "honest_b": THREADS, "honest_c": None}


def mem_available() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no MemAvailable in /proc/meminfo")


def grade_as_user(code: Path, limits_line: str | None = LIMITS_LINE) -> dict:
    """Grade the harmful and honest notebooks as a new ordinary user with ``code`` (a
    checkout of the project) first on the path; returns what the run showed."""
    user = OrdinaryUser()
    try:
        env = {"PYTHONPATH": str(code), "BACKPROP_COURSE_DATA": _data_folder()}
        python = sys.executable
        reachable = [sys.prefix, sys.base_prefix, Path(sys.executable).resolve().parent,
                     code, env["BACKPROP_COURSE_DATA"]]
        course = Path(user.home) / "course"
        made = user.run([python, "-m", "autograder.cli", "init", str(course), "--exchange",
                         str(Path(user.home) / "exchange")], env, reachable, timeout=600)
        assert made.returncode == 0, made.stderr[-3000:]
        config = course / "nbgrader_config.py"
        if limits_line:
            text = config.read_text()
            start = text.index("set_kernel_limits(memory=")
            end = text.index(")", start) + 1
            config.write_text(text[:start] + limits_line + text[end:])
        for student, code_cell in {**HARM, **HONEST}.items():
            nb = A.load()
            if code_cell:
                nb = A.before_last_test(nb, code_cell)
            target = course / "submitted" / student / NAME / f"{NAME}.ipynb"
            target.parent.mkdir(parents=True)
            nbformat.write(nb, target)
        import shutil

        shutil.chown(course, user.name, user.name)
        for path in (course / "submitted").rglob("*"):
            shutil.chown(path, user.name, user.name)
        shutil.chown(course / "submitted", user.name, user.name)
        shutil.chown(config, user.name, user.name)
        samples, stop = [], threading.Event()
        before = statistics.median(_sample(10))

        def watch():
            while not stop.is_set():
                samples.append(mem_available())
                time.sleep(0.2)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        started = time.perf_counter()
        graded = user.run([python, "-m", "autograder.cli", "autograde", "--course",
                           str(course), "--jobs", str(JOBS), "--timeout", "60"], env,
                          reachable, timeout=1800)
        seconds = time.perf_counter() - started
        stop.set()
        watcher.join()
        rows = {}
        if (course / "grades.csv").exists():
            with open(course / "grades.csv") as handle:
                rows = {r["student"]: r for r in csv.DictReader(handle)}
        shown, stopped = {}, {}
        for student in {**HARM, **HONEST}:
            path = course / "autograded" / student / NAME / f"{NAME}.ipynb"
            if path.exists():
                nb = nbformat.read(path, as_version=4)
                stopped[student] = nb.metadata.get("backprop_course", {}).get("stopped", [])
                shown[student] = "\n".join(
                    o.get("text", "") + o.get("evalue", "") for c in nb.cells
                    for o in c.get("outputs", []))
        return {"stderr": graded.stderr, "code": graded.returncode, "rows": rows,
                "shown": shown, "stopped": stopped, "seconds": seconds,
                "fell": before - min(samples or [before]), "user": user.name}
    finally:
        user.remove()


def _sample(count: int) -> list[int]:
    values = []
    for _ in range(count):
        values.append(mem_available())
        time.sleep(0.1)
    return values


def _data_folder() -> str:
    from course.data import search_path

    given = os.environ.get("BACKPROP_COURSE_DATA")
    if given:
        return given
    found = [str(f) for f in search_path() if f.is_dir() and any(f.iterdir())]
    return found[0] if found else str(REPO / "data")


@pytest.fixture(scope="module")
def run():
    ran = grade_as_user(REPO)
    print(f"\nas {ran['user']}: {ran['seconds']:.0f} s, MemAvailable fell by "
          f"{ran['fell'] / MiB:.0f} MiB at most")
    for student, row in ran["rows"].items():
        print(f"{student:12} {row['score']:>4}/{row['max_score']} {row['status']}; "
              + "; ".join(ran["stopped"].get(student, [])))
    for line in ran["shown"].get("fill_folder", "").splitlines() + ran["shown"].get(
            "fill_tmp", "").splitlines() + ran["shown"].get("processes", "").splitlines():
        if line.startswith(("FILLED", "FORKED")):
            print(line)
    held = [line for line in ran["shown"].get("memory", "").splitlines()
            if line.startswith("HELD")]
    print(held[-1] if held else "HELD: nothing printed")
    return ran


def test_the_run_says_what_is_bounded_and_how(run):
    first = next(line for line in run["stderr"].splitlines() if line.startswith("kernels:"))
    assert first.startswith("kernels: bwrap; memory 1 GiB"), first
    assert "by seccomp" in first or "systemd user scope" in first, first
    assert "disk 128 MiB working folder + 128 MiB /tmp" in first, first


@pytest.mark.parametrize("student", sorted(HONEST))
def test_honest_classmates_graded_beside_keep_full_marks(run, student):
    row = run["rows"][student]
    assert row["status"] == "graded" and row["score"] == row["max_score"], row
    if student == "honest_b":
        assert "THREADS: 8" in run["shown"][student]  # threads still work


@pytest.mark.parametrize("student,folder,size", [("fill_folder", "working folder", FOLDER),
                                                  ("fill_tmp", "/tmp", TMP)])
def test_a_disk_fill_stops_at_its_folders_size(run, student, folder, size):
    line = next(line for line in run["shown"][student].splitlines()
                if line.startswith(f"FILLED {folder}:"))
    written = int(line.split(":")[1].split()[0]) * MiB
    assert size - 8 * MiB <= written <= size, line
    assert "No space left on device" in line, line
    assert "disk limit (128 MiB working folder, 128 MiB /tmp)" in run["stopped"][student]
    assert run["rows"][student]["status"] == "graded"


def test_memory_stops_at_the_budget(run):
    held = [int(line.split()[1]) for line in run["shown"]["memory"].splitlines()
            if line.startswith("HELD:")]
    assert held and max(held) * MiB <= MEMORY, held[-3:]
    # the budget is usable (by seccomp, the kernel's own address space, about 400 MiB of
    # libraries and thread stacks, and the tmpfs sizes are taken from it)
    assert max(held) * MiB >= MEMORY // 4, held[-3:]
    assert any("memory" in s and "1 GiB" in s for s in run["stopped"]["memory"]), \
        run["stopped"]["memory"]
    assert run["rows"]["memory"]["status"] == "graded"


def test_processes_are_refused_and_named(run):
    line = next(line for line in run["shown"]["processes"].splitlines()
                if line.startswith("FORKED:"))
    assert int(line.split()[1]) <= 64, line
    assert any(s.startswith("process limit (") for s in run["stopped"]["processes"]), \
        run["stopped"]["processes"]
    assert run["rows"]["processes"]["status"] == "graded"


def test_the_machine_keeps_its_memory(run):
    assert run["fell"] <= MEMORY * JOBS + GRADER_ALLOWANCE, run["fell"] / MiB


def test_nothing_is_left_behind(run):
    import pwd

    with pytest.raises(KeyError):
        pwd.getpwnam(run["user"])
    assert not Path("/home", run["user"]).exists()
    assert not list(Path("/tmp").glob(f".{run['user']}-*"))


def test_limits_are_checked_in_one_line():
    from autograder.config import set_kernel_limits
    from autograder.sandbox import LIMITS_VARIABLE

    kept = os.environ.get(LIMITS_VARIABLE)
    try:
        with pytest.raises(ValueError, match="^set_kernel_limits: not a size: 'lots'"):
            set_kernel_limits(memory="lots")
        with pytest.raises(ValueError, match="must exceed its working folder"):
            set_kernel_limits(memory="600 MiB")
    finally:
        if kept is None:
            os.environ.pop(LIMITS_VARIABLE, None)
        else:
            os.environ[LIMITS_VARIABLE] = kept


def test_the_seccomp_filter_refuses_processes_and_keeps_threads():
    """The filter alone, in a child process: fork fails with EAGAIN, a thread runs."""
    import subprocess

    from autograder.sandbox import seccomp_program

    if not seccomp_program():
        pytest.skip("no seccomp filter for this processor")
    code = ("import os, threading; from autograder.sandbox import install_seccomp, "
            "seccomp_program; install_seccomp(seccomp_program()); t = threading.Thread("
            "target=print, args=('thread',)); t.start(); t.join()\n"
            "try:\n os.fork(); print('forked')\nexcept BlockingIOError as e: print('refused', e)\n"
            "import subprocess\ntry:\n subprocess.run(['true']); print('ran')\n"
            "except OSError as e: print('refused', e.errno)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=REPO)
    assert done.stdout.split("\n")[:3] == ["thread", "refused [Errno 11] Resource "
                                           "temporarily unavailable", "refused 11"], done
