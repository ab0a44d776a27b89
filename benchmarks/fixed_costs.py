"""What grading costs beyond running the notebook: ``course grade`` and ``course autograde``
against plain execution, taking turns in one run.

    python benchmarks/fixed_costs.py                 # notebook 05, 5 rounds
    python benchmarks/fixed_costs.py --notebook 01 --rounds 7

The finished notebook is the solution of ``--notebook`` (a learner's finished work). Each
round runs, in an order that alternates between rounds:

- plain: ``jupyter nbconvert --to notebook --execute`` on it (what running it costs);
- ``course grade`` on it (a learner grading their work: hidden tests, judge, sandbox);
- plain x 6: six copies run one after another with nbconvert;
- ``course autograde`` of six copies with one worker, in a course folder prepared once
  (``course init`` and a first run), with ``--force`` so that all six are graded again:
  executing, recording in the gradebook, feedback and the class report included.

It prints the median of each and the two ratios the targets are about (at most 1.3 each).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from autograder import SOURCE_DIR  # noqa: E402
from autograder.course_folder import (
    init_course,  # noqa: E402
    known_assignment,  # noqa: E402
)


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebook", default="05")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    name = known_assignment(args.notebook)
    root = Path(tempfile.mkdtemp(prefix="backprop-fixed-costs-"))
    finished = root / f"{name}.ipynb"
    shutil.copyfile(SOURCE_DIR / name / f"{name}.ipynb", finished)
    folder = root / "class"
    folder.mkdir()
    for i in range(6):
        shutil.copyfile(finished, folder / f"s{i}_{name}.ipynb")
    # not "course": `python -m course.cli` run here would import that folder instead
    course = init_course(root / "term", exchange=root / "exchange")
    python = sys.executable
    plain = [python, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
             "--stdout", str(finished)]
    grade = [python, "-m", "autograder.cli", "grade", str(finished)]
    autograde = [python, "-m", "autograder.cli", "autograde", str(folder), "--course",
                 str(course), "--jobs", "1", "--force"]
    timed(autograde, root)  # prepares the course folder once (and the sandbox, the fonts)
    timed(grade, root)
    runs = {"plain": [], "grade": [], "plain x 6": [], "autograde 6": []}
    for round_ in range(args.rounds):
        steps = [("plain", lambda: timed(plain, root)),
                 ("grade", lambda: timed(grade, root)),
                 ("plain x 6", lambda: sum(timed(plain[:-1] + [str(p)], root)
                                           for p in sorted(folder.glob("*.ipynb")))),
                 ("autograde 6", lambda: timed(autograde, root))]
        for label, step in steps if round_ % 2 == 0 else reversed(steps):
            runs[label].append(step())
        print(f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in
                                                  runs.items())
              + f"; load {os.getloadavg()[0]:.1f}", flush=True)
    median = {k: statistics.median(v) for k, v in runs.items()}
    print(f"\n{name}, medians of {args.rounds} rounds on {len(os.sched_getaffinity(0))} "
          f"cores:")
    for label, seconds in median.items():
        print(f"  {label:12} {seconds:6.1f} s")
    print(f"course grade / plain:            {median['grade'] / median['plain']:.2f}"
          "  (target <= 1.3)")
    print(f"course autograde 6 / plain x 6:  "
          f"{median['autograde 6'] / median['plain x 6']:.2f}  (target <= 1.3)")
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
