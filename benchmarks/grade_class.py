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

Results on the development machine (two AMD EPYC cores, nothing else running):

- ``--students 100 --jobs 2``: 600 notebooks graded, feedback included, in 1409 s =
  23.5 min, 2.35 s per notebook, 25.5 notebooks per minute; none failed to grade.
- ``--students 20 --jobs 1 2 --no-plain``: 528 s with one worker, 295 s with two: 1.79x.
  With 6 students (36 notebooks) the speed-up was 1.63-1.73x over three runs: starting the
  workers and the last notebook, run alone, weigh more in a short run. The machine itself
  gives 1.88-1.90x for two copies of a CPU-bound process.
- ``--students 6 --jobs 1 2 3``, one worker: autograde / plain = 1.19 (median over the 18
  examples) against the whole notebook, 1.23 against its graded part; per notebook the
  autograder adds 0.5-1.0 s (once 1.8 s) to 2.3-5.4 s of plain run (sandbox, judge,
  gradebook, copies).

Where the time went (pyinstrument on one worker, and per-cell timings of nbclient): per
notebook about 0.9 s starting the kernel and 0.4 s stopping it, 0.5-1.0 s importing NumPy,
matplotlib and the course in the first cell, 0.15-0.2 s for each figure (most of it
``tight_layout``), 0.2 s for nbgrader's schema check of every cell's metadata, about 0.7 s
of gradebook and file work, and 0.2 s for the judge. Changed because of it: no layout and
no PNG for figures while grading (nobody looks at them), one BLAS thread per kernel (two
workers' kernels no longer compete for threads), no second schema check (every nbgrader
field comes from the released notebook, see ``autograder.sanitize``), notebook 06's
timing demo on a smaller network while grading, and no cells run after the last graded
one. Before these, on the same machine: 5.65 s per notebook with one worker, 3.57 with
two (1.58x), and 35.7 min projected for the class.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from autograder import SOURCE_DIR  # noqa: E402
from autograder.commands import grade_pending  # noqa: E402
from autograder.config import assignments  # noqa: E402
from autograder.course_folder import CourseFolder, init_course, known_assignment  # noqa: E402
from autograder.demo import mistaken_notebook  # noqa: E402
from autograder.judge import grading_environment, last_graded  # noqa: E402

KINDS = ("solution", "stub", "mistake")


def examples(course: CourseFolder, names: list[str], folder: Path) -> dict:
    """(assignment, kind) -> the example notebook's path."""
    found = {}
    for name in names:
        found[(name, "solution")] = SOURCE_DIR / name / f"{name}.ipynb"
        found[(name, "stub")] = course.generate(name)
        mistaken = mistaken_notebook(name, folder / f"mistake_{name}.ipynb")
        found[(name, "mistake")] = mistaken or found[(name, "stub")]
    return found


def kind_of(student: str) -> str:
    return KINDS[int(student[1:]) % len(KINDS)]


def grade_class(students: int, names: list[str], jobs: int, folder: Path):
    """Grade the synthetic class once; returns (wall seconds, results, example paths)."""
    course = CourseFolder(init_course(folder / f"course-{jobs}-jobs",
                                      exchange=folder / "exchange"))
    found = examples(course, names, folder)
    pending = []
    for i in range(students):
        student = f"s{i:03d}"
        for name in names:
            course.import_submission(student, name, found[(name, kind_of(student))])
            pending.append((student, name))
    started = time.perf_counter()
    problems: dict = {}
    results = grade_pending(course, pending, problems,
                            SimpleNamespace(jobs=jobs, timeout=None, cluster=None))
    return time.perf_counter() - started, results, found, problems


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
        wall, results, found, wrong = grade_class(args.students, names, jobs, folder)
        walls[jobs] = wall
        count = len(results) + len(wrong)
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
