"""Time autograding against plain execution of the same notebooks.

    python benchmarks/grading_overhead.py [--repeat 3] [--only 01 05]

For each notebook's solution: the median time nbclient takes to run it top to bottom
(in grading mode, as the autograder runs it), and the median time ``course`` takes to
autograde it in an already started grading process (sandboxed kernel, judge, gradebook);
then their ratio. nbgrader's own start-up (about 3 s, paid once per process) is printed
apart.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from autograder import SOURCE_DIR  # noqa: E402
from autograder.config import assignments  # noqa: E402
from autograder.pipeline import GradingCourse, grading_environment, known_assignment  # noqa: E402


def plain_seconds(name: str) -> float:
    nb = nbformat.read(SOURCE_DIR / name / f"{name}.ipynb", as_version=4)
    with tempfile.TemporaryDirectory() as tmp, grading_environment():
        started = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": tmp}}).execute()
        return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", metavar="NN")
    args = parser.parse_args(argv)
    names = [known_assignment(n) for n in args.only] if args.only else assignments()
    started = time.perf_counter()
    course = GradingCourse(Path(tempfile.mkdtemp()) / "course")
    for name in names:
        course.release(name)
    print(f"start-up and release of {len(names)} notebooks: "
          f"{time.perf_counter() - started:.1f} s")
    print(f"{'notebook':30} {'plain (s)':>10} {'autograde (s)':>14} {'ratio':>6}")
    ratios = []
    for name in names:
        plain = statistics.median(plain_seconds(name) for _ in range(args.repeat))
        graded = []
        for i in range(args.repeat):
            student = f"s{i}"
            course.submit(student, name, SOURCE_DIR / name / f"{name}.ipynb")
            result = course.autograde(student, name)
            assert result.score == result.max_score, result
            graded.append(result.seconds)
        median = statistics.median(graded)
        ratios.append(median / plain)
        print(f"{name:30} {plain:10.2f} {median:14.2f} {median / plain:6.2f}")
    print(f"median ratio {statistics.median(ratios):.2f}; "
          f"cores {os.cpu_count()}, repeat {args.repeat}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
