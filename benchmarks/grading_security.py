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
from autograder.pipeline import GradingCourse  # noqa: E402
from tests import attacks as A  # noqa: E402
from tests.test_security import Listener, build  # noqa: E402

UNSAFE_STOCK = {"memory_bomb", "fork_bomb", "flood_output"}


def grade_all(course: GradingCourse, notebooks: dict, skip=()) -> dict:
    folder = Path(tempfile.mkdtemp())
    for student, nb in notebooks.items():
        if student not in skip:
            nbformat.write(nb, folder / f"{student}.ipynb")
            course.submit(student, A.NAME, folder / f"{student}.ipynb")
    gradebook = course.root / "gradebook.db"
    results = {}
    for student in notebooks:
        if student in skip:
            continue
        results[student] = course.autograde(student, A.NAME)
        results[student].gradebook_intact = gradebook.exists() and (
            b"corrupted" not in gradebook.read_bytes()[:64])
    return results


def honest_seconds(stock: bool, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        course = GradingCourse(Path(tempfile.mkdtemp()) / "c", stock=stock)
        course.release(A.NAME)
        course.submit("honest", A.NAME, A.SOURCE)
        started = time.perf_counter()
        result = course.autograde("honest", A.NAME)
        times.append(time.perf_counter() - started)
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
        course = GradingCourse(Path(tempfile.mkdtemp()) / mode, timeout=20, stock=stock)
        Listener.requests.clear()
        notebooks = build(course.root, server.server_address[1])
        results = grade_all(course, notebooks, skip=UNSAFE_STOCK if stock else ())
        for student in notebooks:
            r = results.get(student)
            if r is None:
                cell = "not run (would harm this machine)"
            else:
                notes = []
                if student == "network" and Listener.requests:
                    notes.append("reached the network")
                if student == "write_outside" and not r.gradebook_intact:
                    notes.append("gradebook overwritten")
                if student == "read_reference":
                    seen = (course.root / "autograded" / student / A.NAME / "what_i_saw.txt")
                    if seen.exists() and not seen.read_text().startswith("None"):
                        notes.append("read the solutions")
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
