"""What the instructor's machine spends per notebook after the kernels: recording the
grade in the gradebook, and writing the feedback page. Before and after, in one run.

    python benchmarks/recording.py                       # 7,000 notebooks into SQLite
    python benchmarks/recording.py --count 7000 --postgres  # and into PostgreSQL too

A few distinct notebooks are executed once (the solution, the stub and the demo's mistake
of notebooks 01 and 05, in the sandbox where there is one); then ``--count`` submissions
of them, under as many student ids, are recorded:

- after: ``autograder.gradebook.record``, batches of ``--batch`` in one transaction each,
  the way ``course autograde`` records;
- before: nbgrader's whole autograde converter for each submission, with the executed
  notebook applied in place of execution (how grades were recorded until this version;
  the preprocessor that did it lives on here), on ``--before`` of them (it is slow);
- feedback before: the pages of ``--feedback`` of those recorded, made by nbgrader's
  GenerateFeedback with the course's page in the instructor's process (how pages were made
  until this version);
- feedback after: the same pages made where each notebook ran (``render_page``, timed
  apart: the workers' cost) and only written by the instructor's process (``publish``).

It prints seconds per notebook for each, and the instructor's sum against the goal
(0.05 s).
"""

import argparse
import copy
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from nbgrader.apps import NbGraderAPI  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties,
    ClearOutput,
    DeduplicateIds,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)

from autograder import METADATA  # noqa: E402
from autograder.course_folder import CourseFolder, init_course  # noqa: E402
from autograder.demo import mistaken_notebook  # noqa: E402
from autograder.execution import (
    Executed,  # noqa: E402
    execute,  # noqa: E402
)
from autograder.feedback import feedback_for, publish  # noqa: E402
from autograder.feedback_page import render_page  # noqa: E402
from autograder.gradebook import Result, opened, record  # noqa: E402
from autograder.sanitize import RebuildSubmission  # noqa: E402

NAMES = ("01_computation_graphs", "05_affine_and_softmax")


class ApplyExecuted(NbGraderPreprocessor):
    """The step that recorded before: in nbgrader's autograde, the executed notebook's
    outputs copied onto the one nbgrader sanitized (a second rebuild included)."""

    waiting: dict = {}

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        done = self.waiting.pop((info["student"], info["assignment"]))
        for cell, executed in zip(nb.cells, done.cells):
            if cell.cell_type == "code":
                cell.outputs = copy.deepcopy(executed.get("outputs", []))
                cell.execution_count = executed.get("execution_count")
        nb.metadata.setdefault(METADATA, {}).update(copy.deepcopy(done.metadata[METADATA]))
        return nb, resources


def distinct(course: CourseFolder, folder: Path) -> list[tuple[str, bytes, object]]:
    """(assignment, submitted bytes, executed notebook) of each distinct notebook."""
    found = []
    for name in NAMES:
        source = course.source_path(name).read_bytes()
        files = [course.source_path(name), course.generate(name),
                 mistaken_notebook(name, folder / f"mistake_{name}.ipynb")]
        for path in filter(None, files):
            data = path.read_bytes()
            executed = execute(source, data, sandbox="if-available")
            print(f"  executed {path.name} ({executed.seconds:.1f} s)", file=sys.stderr)
            found.append((name, data, executed))
    return found


def submit(course: CourseFolder, count: int, notebooks, folder: Path, prefix: str):
    """``count`` submissions cycling over ``notebooks``: [(student, assignment, executed)]."""
    batch = []
    for i in range(count):
        name, data, executed = notebooks[i % len(notebooks)]
        student = f"{prefix}{i:05d}"
        path = folder / f"{student}.ipynb"
        path.write_bytes(data)
        course.import_submission(student, name, path)
        path.unlink()
        batch.append((student, name, executed))
    return batch


def after(course: CourseFolder, batch: list, size: int) -> float:
    started = time.perf_counter()
    with opened(course) as gradebook:
        for i in range(0, len(batch), size):
            results = record(course, batch[i:i + size], gradebook)
            assert all(r.graded for r in results), [r.status for r in results][:3]
    return (time.perf_counter() - started) / len(batch)


def before(course: CourseFolder, batch: list) -> float:
    config = copy.deepcopy(course.config)
    config.Autograde.sanitize_preprocessors = [RebuildSubmission, ClearOutput, DeduplicateIds,
                                               OverwriteKernelspec, OverwriteCells]
    config.Autograde.autograde_preprocessors = [ApplyExecuted, IgnorePattern, LimitOutput,
                                                SaveAutoGrades, AssignLatePenalties]
    api = NbGraderAPI(config=config)
    started = time.perf_counter()
    for student, name, executed in batch:
        ApplyExecuted.waiting[(student, name)] = executed.notebook
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outcome = api.autograde(name, student, force=True, create=True)
        assert outcome["success"], outcome.get("error") or outcome.get("log", "")[-2000:]
    return (time.perf_counter() - started) / len(batch)


def feedback(course: CourseFolder, batch: list) -> float:
    started = time.perf_counter()
    for name in NAMES:
        students = [s for s, a, _ in batch if a == name]
        if students:
            assert feedback_for(course, name, students) == []
    return (time.perf_counter() - started) / len(batch)


def rendered(notebooks) -> tuple[dict, float]:
    """Each distinct notebook's page, as a worker makes it; the median seconds a page."""
    pages, seconds = {}, []
    render_page(notebooks[0][2].notebook, notebooks[0][0])  # the template, compiled once
    for name, _, executed in notebooks:
        started = time.perf_counter()
        pages[id(executed)] = render_page(executed.notebook, name)
        seconds.append(time.perf_counter() - started)
    return pages, statistics.median(seconds)


def published(course: CourseFolder, batch: list, pages: dict) -> float:
    graded = [(Result(student, name), Executed(executed.notebook, page=pages[id(executed)]))
              for student, name, executed in batch]
    started = time.perf_counter()
    assert publish(course, graded) == []
    return (time.perf_counter() - started) / len(batch)


def run(label: str, root: Path, db: str | None, notebooks, pages, args) -> dict:
    course_root = init_course(root / label, exchange=root / "exchange", db_url=db)
    course = CourseFolder(course_root, sandbox="if-available")
    for name in NAMES:
        course.generate(name)
    files = root / f"files-{label}"
    files.mkdir()
    figures = {}
    print(f"{label}: {args.count} submissions...", file=sys.stderr)
    recorded = submit(course, args.count, notebooks, files, "a")
    figures["after"] = after(course, recorded, args.batch)
    figures["before"] = before(course, submit(course, args.before, notebooks, files, "b"))
    figures["feedback before"] = feedback(course, recorded[:args.feedback])
    figures["feedback after"] = published(course, recorded[:args.feedback], pages)
    print(f"  {label}: {figures}", file=sys.stderr)
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=7000)
    parser.add_argument("--before", type=int, default=60)
    parser.add_argument("--feedback", type=int, default=60)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--postgres", action="store_true",
                        help="also into a PostgreSQL server this script starts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="backprop-recording-") as tmp:
        root = Path(tmp)
        prepared = CourseFolder(init_course(root / "prepare", exchange=root / "exchange"),
                                sandbox="if-available")
        print("executing the distinct notebooks once...", file=sys.stderr)
        notebooks = distinct(prepared, root)
        pages, worker_page = rendered(notebooks)
        table = {"SQLite": run("sqlite", root, None, notebooks, pages, args)}
        if args.postgres:
            from tests.pg_server import PostgresServer, find_bindir

            server = PostgresServer(find_bindir())
            server.start()
            try:
                server.execute("CREATE DATABASE recording")
                table["PostgreSQL"] = run("postgres", root, server.url("recording"),
                                          notebooks, pages, args)
            finally:
                server.stop()
    print(f"\nseconds per notebook on the instructor's machine ({args.count} recorded "
          f"after, {args.before} before, {args.feedback} feedback pages):")
    print(f"{'gradebook':11} {'recording':>19} {'feedback':>19} {'both':>17}")
    print(f"{'':11} {'before':>9} {'after':>9} {'before':>9} {'after':>9} {'before':>8} "
          f"{'after':>8}")
    for label, f in table.items():
        print(f"{label:11} {f['before']:9.4f} {f['after']:9.4f} {f['feedback before']:9.4f} "
              f"{f['feedback after']:9.4f} {f['before'] + f['feedback before']:8.4f} "
              f"{f['after'] + f['feedback after']:8.4f}")
    print(f"a page made where its notebook ran: {worker_page:.3f} s of that worker (median)")
    print("goal: recording and feedback together at most 0.05 s per notebook of the "
          "instructor's machine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
