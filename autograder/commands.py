"""What each ``course`` command does; ``course/cli.py`` parses the arguments."""

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import nbformat

from autograder import SOURCE_DIR
from autograder.config import DEFAULT_TIMEOUT, assignments
from autograder.demo import mistaken_notebook
from autograder.pipeline import (
    GradingCourse,
    GradingError,
    Result,
    known_assignment,
    max_points,
    problem_with_notebook,
    progress,
    write_csv,
)
from autograder.submissions import find_submissions

__all__ = ["GradingError", "autograde", "demo", "grade", "release"]


def release(args) -> int:
    """Generate student versions with nbgrader and copy them into ``args.out``."""
    names = [known_assignment(a) for a in args.assignments] or assignments()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backprop-release-") as tmp:
        course = GradingCourse(Path(tmp))
        for name in names:
            shutil.copyfile(course.release(name), args.out / f"{name}.ipynb")
            print(f"released {name} -> {args.out / (name + '.ipynb')}")
    return 0


def answer_ids(nb) -> set[str]:
    """The grade ids of a notebook's answer cells."""
    return {c.metadata["nbgrader"].get("grade_id") for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def guess_assignment(path: Path) -> str:
    """The assignment a notebook belongs to, from its file name or else its answer cells."""
    for name in assignments():
        if name in path.stem or path.stem.startswith(name.split("_")[0] + "_"):
            return name
    try:
        ids = answer_ids(nbformat.read(path, as_version=4))
    except Exception as error:
        raise GradingError(f"{path} is not a readable notebook: {error}") from None
    overlap = {name: len(ids & answer_ids(nbformat.read(SOURCE_DIR / name / f"{name}.ipynb",
                                                        as_version=4)))
               for name in assignments()}
    best = max(overlap, key=overlap.get, default=None)
    if best is not None and overlap[best] > 0:
        return best
    raise GradingError(f"{path} is not a notebook of this course (use --assignment NN)")


def grade(args) -> int:
    """Grade one notebook in a throw-away course folder; print a table; 0 on full marks."""
    path = args.notebook
    if not path.is_file():
        raise GradingError(f"{path}: no such notebook")
    assignment = known_assignment(args.assignment) if args.assignment else guess_assignment(path)
    problem = problem_with_notebook(path, assignment)
    if problem:
        raise GradingError(f"{path}: {problem}")
    print(f"Grading {path} as {assignment} (this runs every cell, hidden tests included)...",
          file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="backprop-grade-") as tmp:
        # a learner grading their own work needs no warning about cheating students
        course = GradingCourse(Path(tmp), timeout=args.timeout or DEFAULT_TIMEOUT, warn=False)
        course.release(assignment)
        course.submit("me", assignment, path)
        result = course.autograde("me", assignment)
    print_result(result)
    return 0 if result.status == "graded" and result.score >= result.max_score else 1


def print_result(result: Result) -> None:
    print(f"\n{result.assignment}")
    if result.status != "graded":
        print(f"  {result.status}")
    width = max([len(c.grade_id) for c in result.cells] + [8])
    for cell in result.cells:
        verdict = "passed" if cell.passed else "failed"
        print(f"  {cell.grade_id:{width}}  {cell.score:g}/{cell.max_score:g}  {verdict}")
        for line in cell.message.splitlines()[:6] if not cell.passed else []:
            print(f"  {'':{width}}    {line}")
    print(f"  {'total':{width}}  {result.score:g}/{result.max_score:g}"
          f"   ({result.seconds:.1f} s)")


def grade_batch(course: GradingCourse, pending: list, results: list[Result],
                jobs: int = 1) -> None:
    """Autograde (student, assignment) pairs already submitted, with progress; then write
    the feedback of every graded notebook.

    With ``jobs`` > 1, that many worker processes grade at once, each with its own
    sandboxed kernels, sharing the course folder and the gradebook (see ``_worker_start``).
    """
    total = len(pending)
    progress(0, total, "grading" + (f" with {jobs} workers" if jobs > 1 else ""))
    with _workers(course, pending, jobs) as pool:
        for done, result in enumerate(_graded(course, pending, pool), start=1):
            if not result.status.startswith("graded"):
                print(f"\n{result.student} {result.assignment}: {result.status}",
                      file=sys.stderr)
            if result.stopped:
                print(f"\n{result.student} {result.assignment}: stopped: "
                      f"{'; '.join(result.stopped)}", file=sys.stderr)
            results.append(result)
            progress(done, total, f"{result.student} {result.assignment}")
        graded = defaultdict(list)
        for r in results:
            if r.status.startswith("graded"):
                graded[r.assignment].append(r.student)
        if graded:
            print(f"writing feedback for {sum(map(len, graded.values()))} notebook(s)...",
                  file=sys.stderr)
        for assignment, missing in _feedback(course, graded, pool):
            for student in missing:
                print(f"{student} {assignment}: no feedback written", file=sys.stderr)


@contextlib.contextmanager
def _workers(course: GradingCourse, pending: list, jobs: int):
    """A pool of ``jobs`` grading processes, or None to grade in this process."""
    if jobs <= 1 or len(pending) <= 1:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    course.add_students(student for student, _ in pending)
    released = sorted({assignment for _, assignment in pending})
    for name in released:
        course.release(name)
    settings = (os.getpid(), str(course.root), course.db_url, course.timeout, released)
    with ProcessPoolExecutor(max_workers=min(jobs, len(pending)),
                             mp_context=multiprocessing.get_context("spawn"),
                             initializer=_worker_start, initargs=settings) as pool:
        yield pool


def _graded(course: GradingCourse, pending: list, pool):
    """Each pending pair's Result, as soon as it is ready."""
    if pool is None:
        for student, assignment in pending:
            yield course.autograde(student, assignment)
        return
    from concurrent.futures import as_completed

    futures = [pool.submit(_worker_grade, student, assignment)
               for student, assignment in pending]
    for future in as_completed(futures):
        result = future.result()
        # the submission was repaired in this process: the worker did not see the repairs
        result.stopped = course.repairs.get((result.student, result.assignment), []) + (
            result.stopped)
        yield result


def _feedback(course: GradingCourse, graded: dict, pool):
    """(assignment, students without feedback) for each assignment, one call each."""
    if pool is None:
        for assignment, students in graded.items():
            yield assignment, course.feedback(assignment, students)
        return
    futures = {assignment: pool.submit(_worker_feedback, assignment, students)
               for assignment, students in graded.items()}
    for assignment, future in futures.items():
        yield assignment, future.result()


_WORKER_COURSE: GradingCourse | None = None


def _worker_start(parent: int, root: str, db_url: str, timeout: int,
                  released: list[str]) -> None:
    """In a worker process: open the same course folder and gradebook, with kernels of its
    own; the parent has already released the assignments and entered the students."""
    global _WORKER_COURSE
    _stop_with_parent(parent)
    _WORKER_COURSE = GradingCourse(Path(root), db_url=db_url, timeout=timeout, warn=False)
    _WORKER_COURSE.already_released(released)


def _stop_with_parent(parent: int) -> None:
    """If the grading process dies (killed, Ctrl-C twice), this worker stops too, with the
    kernel launchers it started (their sandboxes die with them), instead of grading on."""
    import signal
    import threading

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        for child in _children(os.getpid()):
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="stop-with-parent").start()


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc; [] elsewhere)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _worker_grade(student: str, assignment: str) -> Result:
    return _WORKER_COURSE.autograde(student, assignment)


def _worker_feedback(assignment: str, students: list[str]) -> list[str]:
    return _WORKER_COURSE.feedback(assignment, students)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def print_summary(results: list[Result]) -> None:
    students = sorted({r.student for r in results})
    names = sorted({r.assignment for r in results})
    by_key = {(r.student, r.assignment): r for r in results}
    width = max(len(s) for s in students + ["student"])
    print(f"\n{'student':{width}}  " + "  ".join(f"{n[:2]:>7}" for n in names))
    for student in students:
        cells = []
        for name in names:
            r = by_key.get((student, name))
            cells.append("      -" if r is None else (
                f"{r.score:>3g}/{r.max_score:<3g}" if r.status.startswith("graded") else "  error"))
        print(f"{student:{width}}  " + "  ".join(f"{c:>7}" for c in cells))


def autograde(args) -> int:
    """Grade every submission found; write grades.csv and feedback; print a summary."""
    started = time.perf_counter()
    course = GradingCourse(args.out, db_url=args.db, timeout=args.timeout or DEFAULT_TIMEOUT)
    submissions, skipped = find_submissions(args.submissions, course.root / "unpacked")
    for line in skipped:
        print(f"skipped {line}", file=sys.stderr)
    results, pending = [], []
    for sub in submissions:
        problem = problem_with_notebook(sub.notebook, sub.assignment)
        if problem:
            print(f"{sub.student} {sub.assignment}: {problem}", file=sys.stderr)
            results.append(Result(sub.student, sub.assignment, 0.0, max_points(sub.assignment),
                                  status=f"not graded: {problem}"))
            continue
        course.submit(sub.student, sub.assignment, sub.notebook)
        pending.append((sub.student, sub.assignment))
    grade_batch(course, pending, results, jobs=args.jobs or default_jobs())
    csv_path = course.root / "grades.csv"
    write_csv(results, csv_path)
    print_summary(results)
    print(f"\n{len(results)} notebook(s) in {time.perf_counter() - started:.0f} s. "
          f"Grades: {csv_path}\nFeedback: {course.root / 'feedback'}/<student>/<assignment>/")
    return 0


def demo(args) -> int:
    """Release all notebooks; grade a solution, a stub and a realistic mistake for each."""
    started = time.perf_counter()
    root = args.out or Path(tempfile.mkdtemp(prefix="backprop-course-demo-"))
    names = [known_assignment(a) for a in args.only] if args.only else assignments()
    print(f"Demo course folder: {root}")
    course = GradingCourse(root)
    pending = []
    for name in names:
        source = SOURCE_DIR / name / f"{name}.ipynb"
        stub = course.release(name)
        examples = {"solution": source, "stub": stub}
        mistaken = mistaken_notebook(name, root / "examples" / f"mistake_{name}.ipynb")
        if mistaken is not None:
            examples["mistake"] = mistaken
        for student, notebook in examples.items():
            course.submit(student, name, notebook)
            pending.append((student, name))
        print(f"released {name} and submitted {', '.join(examples)}")
    results: list[Result] = []
    grade_batch(course, pending, results, jobs=getattr(args, "jobs", None) or default_jobs())
    write_csv(results, root / "grades.csv")
    print_summary(results)
    seconds = time.perf_counter() - started
    graded = [r for r in results if r.status.startswith("graded")]
    per_notebook = sum(r.seconds for r in results) / max(len(results), 1)
    print(f"\nGraded {len(graded)}/{len(results)} notebooks in {seconds:.0f} s "
          f"({per_notebook:.1f} s per notebook).\nGrades: {root / 'grades.csv'}\n"
          f"Feedback: {root / 'feedback'}/<student>/<assignment>/<assignment>.html")
    return 0 if len(graded) == len(results) else 1
