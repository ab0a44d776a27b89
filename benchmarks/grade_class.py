"""Grade a synthetic class and time it: seconds per notebook, throughput, parallel speed-up,
and the ratio of autograding to plain execution.

    python benchmarks/grade_class.py                      # 100 students, 2 workers
    python benchmarks/grade_class.py --students 12 --jobs 1 2

Each student hands in every notebook of the course; student i's notebook is, in turn, the
solution, the untouched stub or the example with a seed mistake (``course demo``'s three
examples). Each ``--jobs`` value grades the whole class in a fresh course folder with
``course autograde``'s own code path. Then each distinct example notebook is run with plain
nbclient (in grading mode, no sandbox, no judge, no gradebook; median of ``--plain-runs``),
and the ratio autograde / plain is printed per notebook: the median time one worker took to
grade that example, over the time nbclient took to run it. Two plain times are shown: the
whole notebook, and only its cells up to the last graded one, which is all the autograder
runs; the second ratio is the autograder's own overhead.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from autograder import SOURCE_DIR  # noqa: E402
from autograder.commands import grade_batch  # noqa: E402
from autograder.config import assignments  # noqa: E402
from autograder.demo import mistaken_notebook  # noqa: E402
from autograder.judge import last_graded  # noqa: E402
from autograder.pipeline import GradingCourse, grading_environment, known_assignment  # noqa: E402

KINDS = ("solution", "stub", "mistake")


def examples(course: GradingCourse, names: list[str], folder: Path) -> dict:
    """(assignment, kind) -> the example notebook's path."""
    found = {}
    for name in names:
        found[(name, "solution")] = SOURCE_DIR / name / f"{name}.ipynb"
        found[(name, "stub")] = course.release(name)
        mistaken = mistaken_notebook(name, folder / f"mistake_{name}.ipynb")
        found[(name, "mistake")] = mistaken or found[(name, "stub")]
    return found


def kind_of(student: str) -> str:
    return KINDS[int(student[1:]) % len(KINDS)]


def grade_class(students: int, names: list[str], jobs: int, folder: Path):
    """Grade the synthetic class once; returns (wall seconds, results, example paths)."""
    course = GradingCourse(folder / f"course-{jobs}-jobs", warn=False)
    found = examples(course, names, folder)
    pending = []
    for i in range(students):
        student = f"s{i:03d}"
        for name in names:
            course.submit(student, name, found[(name, kind_of(student))])
            pending.append((student, name))
    results = []
    started = time.perf_counter()
    grade_batch(course, pending, results, jobs=jobs)
    return time.perf_counter() - started, results, found


def plain_seconds(path: Path, graded_part: bool = False) -> float:
    """Seconds nbclient takes to run ``path`` top to bottom in grading mode (only up to its
    last graded cell with ``graded_part``)."""
    nb = nbformat.read(path, as_version=4)
    if graded_part:
        nb.cells = nb.cells[:last_graded(nb) + 1]
    with tempfile.TemporaryDirectory() as tmp, grading_environment():
        started = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": tmp}}).execute()
        return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--jobs", type=int, nargs="+", default=[2])
    parser.add_argument("--only", nargs="*", metavar="NN", help="only these notebooks")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain runs")
    parser.add_argument("--plain-runs", type=int, default=3, metavar="N",
                        help="plain runs of each example, median taken (default 3)")
    args = parser.parse_args(argv)
    names = [known_assignment(n) for n in args.only] if args.only else assignments()
    folder = Path(tempfile.mkdtemp(prefix="backprop-class-"))
    print(f"{args.students} students x {len(names)} notebooks; cores: "
          f"{len(os.sched_getaffinity(0))}; folder {folder}", flush=True)

    walls, per_example = {}, defaultdict(list)
    for jobs in args.jobs:
        wall, results, found = grade_class(args.students, names, jobs, folder)
        walls[jobs] = wall
        count = len(results)
        wrong = [r for r in results if not r.status.startswith("graded")]
        print(f"\n{jobs} worker(s): {count} notebooks in {wall:.0f} s = {wall / 60:.1f} min; "
              f"{wall / count:.2f} s per notebook; {count / wall * 60:.1f} notebooks per "
              f"minute; not graded: {len(wrong)}", flush=True)
        if jobs == min(args.jobs):
            for r in results:
                per_example[(r.assignment, kind_of(r.student))].append(r.seconds)
    if len(walls) > 1:
        one, most = min(walls), max(walls)
        print(f"throughput with {most} workers: {walls[one] / walls[most]:.2f}x that of "
              f"{one}")
    full_class = 100 * len(names)
    fastest = min(walls.values()) / (args.students * len(names))
    print(f"projected for 100 students x {len(names)} notebooks at the best rate: "
          f"{full_class * fastest / 60:.1f} min")

    if args.no_plain:
        return 0
    print(f"\n{'notebook':30} {'kind':8} {'graded':>7} {'plain':>7} {'ratio':>6} "
          f"{'plain, graded part':>19} {'ratio':>6}")
    whole_ratios, part_ratios = [], []
    for (name, kind), seconds in sorted(per_example.items()):
        graded = statistics.median(seconds)
        path = found[(name, kind)]
        whole = statistics.median(plain_seconds(path) for _ in range(args.plain_runs))
        part = statistics.median(plain_seconds(path, graded_part=True)
                                 for _ in range(args.plain_runs))
        whole_ratios.append(graded / whole)
        part_ratios.append(graded / part)
        print(f"{name:30} {kind:8} {graded:7.2f} {whole:7.2f} {graded / whole:6.2f} "
              f"{part:19.2f} {graded / part:6.2f}", flush=True)
    print(f"median ratio autograde / plain: {statistics.median(whole_ratios):.2f} against "
          f"the whole notebook, {statistics.median(part_ratios):.2f} against its graded part\n"
          f"(graded: median seconds one worker spent per notebook, {min(args.jobs)} "
          f"worker(s); plain: median of {args.plain_runs} runs; seconds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
