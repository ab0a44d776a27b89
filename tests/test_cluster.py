"""Grading on a real Dask cluster on this machine (a scheduler and two worker processes,
TCP on localhost): submissions go to the workers as data, results come back as data, the
instructor's process alone writes the gradebook. One worker is killed while it grades: its
task runs again on the other, and every student ends with exactly one grade, equal to a
serial run's."""

import csv
import importlib.util
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import SOURCE_DIR
from autograder.course_folder import init_course
from autograder.demo import mistaken_notebook
from tests.needs import SANDBOX_INSTALL, require, sandbox_available

require(sandbox_available(), "the bubblewrap sandbox", SANDBOX_INSTALL)
require(importlib.util.find_spec("distributed") is not None, "Dask distributed",
        "pip install -e '.[dev]' (or '.[dask]')")

FIRST = "01_computation_graphs"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.fixture
def cluster(tmp_path):
    """A Dask scheduler and two workers (no nanny: a killed worker stays dead), started
    here and stopped at the end, with nothing left running."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    started = [subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", str(port), "--no-dashboard"], cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp_path)},  # its dask-scratch-space goes there
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    for name in ("w1", "w2"):
        started.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
             "--no-nanny", "--no-dashboard", "--name", name, "--local-directory",
             str(tmp_path / name)], cwd=tmp_path,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    from distributed import Client

    try:
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address, started[1:]
    finally:
        for process in reversed(started):
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        time.sleep(1)
        survivors = [p for p in started for c in descendants(p.pid) if command_line(c)]
        assert not survivors, "processes of the cluster survived it"


def a_class(folder: Path, tmp: Path) -> dict:
    folder.mkdir()
    solution = SOURCE_DIR / FIRST / f"{FIRST}.ipynb"
    mistaken = mistaken_notebook(FIRST, tmp / "mistake.ipynb")
    kinds = {}
    for i in range(6):
        student = f"s{i}"
        path = (solution, mistaken)[i % 2]
        (folder / f"{student}_{FIRST}.ipynb").write_bytes(path.read_bytes())
        kinds[student] = path
    return kinds


def scores(course: Path) -> dict:
    with open(course / "grades.csv") as handle:
        return {r["student"]: (r["score"], r["status"]) for r in csv.DictReader(handle)}


def test_a_class_graded_on_dask_survives_a_killed_worker(cluster, tmp_path):
    address, workers = cluster
    folder = tmp_path / "class"
    a_class(folder, tmp_path)
    serial = init_course(tmp_path / "serial", exchange=tmp_path / "exchange")
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "autograde", str(folder),
                           "--course", str(serial), "--jobs", "1"],
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]

    course = init_course(tmp_path / "on-dask", exchange=tmp_path / "exchange")
    grader = subprocess.Popen(
        [sys.executable, "-m", "autograder.cli", "autograde", str(folder), "--course",
         str(course), "--cluster", address], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    victim, deadline = None, time.monotonic() + 600
    while victim is None:
        assert time.monotonic() < deadline and grader.poll() is None, "no worker graded"
        for worker in workers:
            if any("bwrap" in command_line(c) for c in descendants(worker.pid)):
                victim = worker
                break
        time.sleep(0.2)
    kernels = [c for c in descendants(victim.pid) if command_line(c)]
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    out, err = grader.communicate(timeout=1200)
    assert grader.returncode == 0, err[-3000:]
    time.sleep(2)
    assert not [k for k in kernels if command_line(k)], "the dead worker's kernel lives on"
    assert scores(course) == scores(serial)
    assert all(status == "graded" for _, status in scores(course).values())
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        counts = dict(db.execute("SELECT student_id, COUNT(*) FROM submitted_assignment "
                                 "GROUP BY student_id").fetchall())
        graded = db.execute("SELECT COUNT(*) FROM grade WHERE auto_score IS NOT NULL"
                            ).fetchone()[0]
    assert counts == {f"s{i}": 1 for i in range(6)}
    import nbformat

    source = nbformat.read(course / "source" / FIRST / f"{FIRST}.ipynb", as_version=4)
    tests = sum(bool(c.metadata.get("nbgrader", {}).get("grade")) for c in source.cells)
    assert graded == 6 * tests, "each test cell of each student graded exactly once"
    assert "grading with" in err and "6/6" in err
    for student in (f"s{i}" for i in range(6)):
        assert (course / "feedback" / student / FIRST / f"{FIRST}.html").exists()
