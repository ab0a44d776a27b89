"""Grade the adversarial notebooks of the test suite with stock nbgrader and with ours.

    python benchmarks/grading_security.py [--repeat 3]

Prints, for each attack, the score and what happened under stock nbgrader 0.9.6 (hidden
tests in the student's kernel, no sandbox) and under this course's pipeline (sandboxed
kernel, verdict by the judge, submission repaired), and the time to grade an honest
notebook both ways (median of --repeat runs) with their ratio. Attacks that would harm this
machine without a sandbox (memory and fork bombs, 1 GB of output) are not run stock.
"""

import argparse
import http.server
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from autograder import gradebook  # noqa: E402
from autograder.course_folder import CourseFolder, init_course  # noqa: E402
from autograder.execution import execute  # noqa: E402
from tests import attacks as A  # noqa: E402
from tests.test_security import Listener, build  # noqa: E402

UNSAFE_STOCK = {"memory_bomb", "fork_bomb", "flood_output"}


def a_course(mode: str) -> CourseFolder:
    """A course folder; ``stock`` grades as plain nbgrader does (hidden tests in the
    learner's kernel, no sandbox, no repair, no judge)."""
    tmp = Path(tempfile.mkdtemp())
    course = CourseFolder(init_course(tmp / mode, exchange=tmp / "exchange"), timeout=20)
    if mode == "stock":
        del course.config.Autograde["autograde_preprocessors"]
        del course.config.Autograde["sanitize_preprocessors"]
    course.generate(A.NAME)
    return course


def grade_all(course: CourseFolder, notebooks: dict, stock: bool, skip=()) -> dict:
    """student -> (Result, gradebook intact, what its outputs said)."""
    folder = Path(tempfile.mkdtemp())
    results = {}
    for student, nb in notebooks.items():
        if student in skip:
            continue
        nbformat.write(nb, folder / f"{student}.ipynb")
        course.import_submission(student, A.NAME, folder / f"{student}.ipynb")
        if stock:
            course.api.autograde(A.NAME, student, force=True, create=True)
            result = gradebook.result(course, student, A.NAME)
        else:
            executed = execute(course.source_path(A.NAME).read_bytes(),
                               (folder / f"{student}.ipynb").read_bytes(), timeout=20)
            with gradebook.opened(course) as book:
                [result] = gradebook.record(course, [(student, A.NAME, executed)], book)
        database = course.root / "gradebook.db"
        intact = database.exists() and b"corrupted" not in database.read_bytes()[:64]
        path = course.autograded_path(student, A.NAME)
        said = path.read_text() if path.exists() else ""
        results[student] = (result, intact, said)
    return results


def honest_seconds(stock: bool, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        course = a_course("stock" if stock else "ours")
        started = time.perf_counter()
        results = grade_all(course, {"honest": A.load()}, stock)
        times.append(time.perf_counter() - started)
        result = results["honest"][0]
        assert result.score == result.max_score, result
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    server = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows = {}
    for mode, stock in [("stock", True), ("ours", False)]:
        course = a_course(mode)
        Listener.requests.clear()
        notebooks = build(course.root, server.server_address[1])
        results = grade_all(course, notebooks, stock, skip=UNSAFE_STOCK if stock else ())
        for student in notebooks:
            if student not in results:
                cell = "not run (would harm this machine)"
            else:
                r, intact, said = results[student]
                notes = []
                if student == "network" and Listener.requests:
                    notes.append("reached the network")
                if student == "write_outside" and not intact:
                    notes.append("gradebook overwritten")
                if student == "read_reference" and "I SAW: None[]" not in said:
                    notes.append("read the solutions")
                if student == "git_history" and "GIT: no repository" not in said:
                    notes.append("read the git history")
                notes += [s for s in r.stopped if "restored" not in s]
                status = "" if r.status == "graded" else f" [{r.status[:60]}]"
                cell = f"{r.score:g}/{r.max_score:g}{status} {'; '.join(notes)}"
            rows.setdefault(student, {})[mode] = cell
    server.shutdown()
    print(f"\n{'attack':18} | {'stock nbgrader 0.9.6':58} | ours")
    print("-" * 140)
    for student, cells in rows.items():
        print(f"{student:18} | {cells['stock'][:58]:58} | {cells['ours'][:70]}")
    stock_time = honest_seconds(True, args.repeat)
    our_time = honest_seconds(False, args.repeat)
    print(f"\nhonest notebook, median of {args.repeat}: stock {stock_time:.2f} s, ours "
          f"{our_time:.2f} s, ratio {our_time / stock_time:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
