"""What each ``course`` command does; ``course/cli.py`` parses the arguments."""

import csv
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import nbformat

from autograder import REPO_NOTEBOOKS, SOURCE_DIR, GradingError
from autograder.config import DEFAULT_TIMEOUT, assignments
from autograder.course_folder import (
    DEFAULT_EXCHANGE,
    CourseFolder,
    init_course,
    is_course_folder,
    known_assignment,
)
from autograder.demo import mistaken_notebook
from autograder.execution import NotGradable, execute
from autograder.export import export as write_export
from autograder.feedback import publish, write_feedback
from autograder.gradebook import Result, all_results, opened, record, scores, write_csv
from autograder.kernels import decide_mode, scratch_folder
from autograder.localize import has_translation, language_of, localized
from autograder.report import write_report
from autograder.sandbox import SandboxUnavailable
from autograder.submissions import Limits, find_submissions
from autograder.workers import DaskCluster, InProcess, Job, LocalWorkers
from course.checking import columns
from course.language import ENGLISH, LANGUAGES, tr

__all__ = ["GradingError", "autograde", "demo", "export", "grade", "init", "release",
           "report"]


def init(args) -> int:
    """Make a course folder; make nbgrader's exchange folder where this user may."""
    if is_course_folder(args.folder):  # made before: only the exchange may be missing
        root = Path(args.folder).resolve()
        print(f"course folder: {root} is a course folder already: left as it is")
    else:
        root = init_course(args.folder, exchange=args.exchange, db_url=args.db,
                           timeout=args.timeout or DEFAULT_TIMEOUT, language=args.language)
        print(f"course folder: {root}" + (f" (notebooks in {LANGUAGES[args.language]})"
                                          if args.language != ENGLISH else ""))
    print(f"  assignments: {', '.join(assignments(root / 'source'))}")
    exchange = Path(args.exchange or DEFAULT_EXCHANGE)
    try:
        exchange.mkdir(parents=True, exist_ok=True)
        if exchange.stat().st_mode & 0o1777 != 0o1777:  # made by root already: leave it
            exchange.chmod(0o1777)  # every student writes here; the sticky bit as on /tmp
        print(f"  exchange: {exchange}")
    except OSError:
        what = "is not writable by every user" if exchange.is_dir() else (
            "does not exist and this user cannot make it")
        print(f"  exchange: {exchange} {what}; as root: mkdir -p {exchange} && "
              f"chmod 1777 {exchange}")
    print(f"next: cd {root} && nbgrader generate_assignment 01_computation_graphs && "
          "nbgrader release_assignment 01_computation_graphs")
    return 0


def release(args) -> int:
    """Generate student versions with nbgrader and copy them into ``args.out`` (for each
    language: English in the folder itself, another language in its subfolder ``ko``)."""
    names = [known_assignment(a) for a in args.assignments] or assignments()
    languages = args.language or list(LANGUAGES)
    out = args.out or REPO_NOTEBOOKS
    with tempfile.TemporaryDirectory(prefix="backprop-release-") as tmp:
        for language in languages:
            target = out if language == ENGLISH else out / language
            target.mkdir(parents=True, exist_ok=True)
            course = CourseFolder(init_course(Path(tmp) / language, exchange=Path(tmp) / "x",
                                              language=language), sandbox="if-available")
            for name in names:
                if not has_translation(language, name):
                    print(f"no {LANGUAGES[language]} translation of {name} yet: skipped",
                          file=sys.stderr)
                    continue
                shutil.copyfile(course.generate(name), target / f"{name}.ipynb")
                print(f"released {name} -> {target / (name + '.ipynb')}")
    return 0


def guess_assignment(path: Path) -> str:
    """The assignment a notebook belongs to, from its file name or else its answer cells."""
    for name in assignments():
        if name in path.stem or path.stem.startswith(name.split("_")[0] + "_"):
            return name
    try:
        ids = _answer_ids(nbformat.read(path, as_version=4))
    except Exception as error:
        raise GradingError(f"{path} is not a readable notebook ({type(error).__name__})"
                           ) from None
    overlap = {name: len(ids & _answer_ids(nbformat.read(SOURCE_DIR / name / f"{name}.ipynb",
                                                         as_version=4)))
               for name in assignments()}
    best = max(overlap, key=overlap.get, default=None)
    if best is not None and overlap[best] > 0:
        return best
    raise GradingError(f"{path} is not a notebook of this course (use --assignment NN)")


def _answer_ids(nb) -> set[str]:
    return {c.metadata["nbgrader"].get("grade_id") for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def grade(args) -> int:
    """Grade one's own notebook with the hidden tests; print a table; 0 on full marks.
    Nothing is written: no course folder, no gradebook."""
    path = args.notebook
    if not path.is_file():
        raise GradingError(f"{path}: no such notebook")
    assignment = known_assignment(args.assignment) if args.assignment else (
        guess_assignment(path))
    print(f"Grading {path} as {assignment} (this runs every cell, hidden tests included)...",
          file=sys.stderr)
    source = (SOURCE_DIR / assignment / f"{assignment}.ipynb").read_bytes()
    try:
        executed = execute(source, path.read_bytes(), timeout=args.timeout or DEFAULT_TIMEOUT,
                           sandbox="if-available")
    except NotGradable as problem:
        raise GradingError(f"{path}: {problem}") from None
    cells = scores(executed.notebook)
    result = Result("me", assignment, sum(c.score for c in cells),
                    sum(c.max_score for c in cells), cells=cells, seconds=executed.seconds)
    print_result(result, language_of(executed.notebook))
    return 0 if result.score >= result.max_score else 1


def padded(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` terminal columns."""
    while columns(text) > width:
        text = text[:-1]
    return text + " " * (width - columns(text))


def print_result(result: Result, language: str = "en") -> None:
    """``course grade``'s table, in the graded notebook's language."""
    print(f"\n{result.assignment}")
    if not result.graded:
        print(f"  {result.status}")
    titles = {cell.grade_id: tr(cell.title, language) for cell in result.cells}
    width = min(max([columns(t) for t in titles.values()] + [8]), 48)
    for cell in result.cells:
        verdict = tr("passed", language) if cell.passed else tr("failed", language)
        print(f"  {padded(titles[cell.grade_id], width)}  {cell.score:g}/{cell.max_score:g}"
              f"  {verdict}")
        if cell.passed:
            continue
        for line in cell.message.splitlines()[:6]:
            print(f"  {'':{width}}    {line}")
        if cell.mistake:
            mistake, hint = tr(cell.mistake, language), tr(cell.hint or "", language)
            print(f"  {'':{width}}    " + tr(f"Known mistake: {mistake}.", language))
            print(f"  {'':{width}}    " + tr(f"Hint: {hint}", language))
    total = tr("total", language)
    print(f"  {padded(total, width)}  {result.score:g}/{result.max_score:g}"
          f"   ({result.seconds:.1f} s)")


def course_at(args, sandbox: str) -> CourseFolder:
    """The course folder of --course, else the one this folder is in (or is)."""
    folder = Path(args.course) if args.course else next(
        (p for p in [Path.cwd(), *Path.cwd().parents] if is_course_folder(p)), Path.cwd())
    return CourseFolder(folder, timeout=getattr(args, "timeout", None), sandbox=sandbox)


def autograde(args) -> int:
    """Grade the course folder's new or changed submissions (after importing the ones
    handed over); write the feedback and grades.csv; 1 when something was not graded."""
    started = time.perf_counter()
    sandbox = "off" if args.no_sandbox else "required"
    try:
        decide_mode(sandbox)
    except SandboxUnavailable as error:
        raise GradingError(str(error)) from None
    course = course_at(args, sandbox)
    names = course.assignments()
    only = known_assignment(args.assignment, names) if args.assignment else None
    if args.student is not None and not args.student:
        raise GradingError("--student needs a student id")
    problems: dict[tuple[str, str], str] = {}
    with course.lock():
        if args.submissions is not None:
            limits = Limits(args.max_zip_bytes, args.max_zip_members, args.max_notebook_bytes)
            found, skipped = find_submissions(args.submissions, names, scratch_folder(), limits)
            for skip in skipped:
                print(f"skipped {skip.where}: {skip.reason}", file=sys.stderr)
                if skip.student and skip.assignment:  # a student's row says why
                    problems[(skip.student, skip.assignment)] = skip.reason
            write_skipped(skipped, course.root / "skipped.csv")
            states = Counter()
            for sub in found:
                if (args.student and sub.student != args.student) or (
                        only and sub.assignment != only):
                    continue
                state = course.import_submission(sub.student, sub.assignment, sub.notebook,
                                                 sub.timestamp)
                states[state] += 1
                if state == "replaced":
                    print(f"{sub.student} {sub.assignment}: a changed submission replaces "
                          "the earlier one", file=sys.stderr)
            print(f"copied in from {args.submissions}: " + (", ".join(
                f"{n} {state}" for state, n in sorted(states.items())) or "nothing")
                + f" (into {course.root / 'submitted'})", file=sys.stderr)
        pairs = course.submissions(args.student, only)
        if not pairs and not problems:
            raise GradingError(nothing_to_grade(course, args.student, only))
        pending = [p for p in pairs if args.force or not course.up_to_date(*p)]
        print(f"{len(pairs)} submission(s); {len(pending)} to grade"
              + (f", {len(pairs) - len(pending)} graded already (--force regrades)"
                 if len(pending) < len(pairs) else ""), file=sys.stderr)
        graded = grade_pending(course, pending, problems, args)
        results = all_results(course, problems)
        write_csv(results, course.root / "grades.csv")
        page, _ = write_report(course)
    print_summary(results)
    not_graded = [r for r in results if r.status.startswith("not graded")]
    print(f"\n{len(graded)} notebook(s) graded in {time.perf_counter() - started:.0f} s"
          + (f"; {len(not_graded)} could not be graded" if not_graded else "")
          + f".\nGrades: {course.root / 'grades.csv'}\n"
          f"Feedback: {course.root / 'feedback'}/<student>/<assignment>/\n"
          f"Class report: {page} (course report prints it)")
    return 1 if not_graded else 0


def nothing_to_grade(course: CourseFolder, student: str | None, only: str | None) -> str:
    """Why there is nothing to grade: what was asked for, and what there is instead."""
    everything = course.submissions()
    where = course.root / "submitted"
    if not everything:
        return (f"no submissions in {where}: collect them (nbgrader collect) or hand "
                "over a folder or .zip of them")
    asked = " and ".join(filter(None, [f"assignment {only}" if only else "",
                                       f"student {student!r}" if student else ""]))
    students = sorted({s for s, _ in everything})
    names = sorted({a[:2] for _, a in everything})
    return (f"no submissions of {asked} in {where}; it holds {len(students)} student(s) "
            f"({', '.join(students[:5])}{', ...' if len(students) > 5 else ''}) and "
            f"assignment(s) {', '.join(names)}")


def write_skipped(skipped: list, path: Path) -> None:
    """The files of this run that were not taken, with why (none: no file)."""
    path.unlink(missing_ok=True)
    if skipped:
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "reason"])
            writer.writerows([skip.where, skip.reason] for skip in skipped)
        print(f"{len(skipped)} file(s) skipped, listed in {path}", file=sys.stderr)


def engine(args, sandbox: str, count: int):
    """Who executes: a Dask cluster (--cluster), worker processes (--jobs), or this
    process."""
    timeout = getattr(args, "timeout", None) or DEFAULT_TIMEOUT
    if getattr(args, "cluster", None):
        try:
            return DaskCluster(args.cluster, timeout, sandbox)
        except (OSError, ModuleNotFoundError) as error:
            raise GradingError(f"cannot reach the Dask scheduler at {args.cluster}: "
                               f"{error}") from None
    jobs = min(getattr(args, "jobs", None) or default_jobs(), count)
    return LocalWorkers(jobs, timeout, sandbox) if jobs > 1 else InProcess(timeout, sandbox)


RECORD_EVERY = 2.0  # seconds: results are entered in the gradebook in batches this often


def grade_pending(course: CourseFolder, pending: list, problems: dict, args) -> list[Result]:
    """Execute every pending submission (see ``engine``), enter the results in the
    gradebook in batches as they come, then write the feedback of what was graded."""
    if not pending:
        return []
    for name in sorted({a for _, a in pending}):
        course.generate(name)
    sources = {a: course.source_path(a).read_bytes() for _, a in pending}
    jobs = (Job(s, a, sources[a], course.submitted_path(s, a).read_bytes())
            for s, a in pending)
    runner = engine(args, course.sandbox, len(pending))
    total, graded, batch, left = len(pending), [], [], []
    spent = {"executing": 0.0, "recording": 0.0, "feedback": 0.0}
    last = time.perf_counter()

    def enter_batch():
        started = time.perf_counter()
        entered = []
        for result, (_, _, executed) in zip(record(course, batch, gradebook), batch):
            key = (result.student, result.assignment)
            if result.graded:
                graded.append(result)
                entered.append((result, executed))
                problems.pop(key, None)
            else:
                problems[key] = result.status.removeprefix("not graded: ")
                print(f"\n{result.student} {result.assignment}: {result.status}",
                      file=sys.stderr)
            if result.stopped:
                print(f"\n{result.student} {result.assignment}: stopped or repaired: "
                      f"{'; '.join(result.stopped)}", file=sys.stderr)
        batch.clear()
        spent["recording"] += time.perf_counter() - started
        started = time.perf_counter()
        left.extend(publish(course, entered))
        spent["feedback"] += time.perf_counter() - started

    progress(0, total, "grading" + (f" with {runner.workers} workers"
                                    if runner.workers > 1 else ""))
    gradebook = opened(course)
    try:
        for done, outcome in enumerate(runner.outcomes(jobs), start=1):
            spent["executing"] += outcome.seconds
            if outcome.problem:
                problems[(outcome.student, outcome.assignment)] = outcome.problem
                print(f"\n{outcome.student} {outcome.assignment}: not graded: "
                      f"{outcome.problem}", file=sys.stderr)
            else:
                batch.append((outcome.student, outcome.assignment, outcome.executed()))
            if batch and (done == total or time.perf_counter() - last > RECORD_EVERY):
                enter_batch()
                last = time.perf_counter()
            progress(done, total, f"{outcome.student} {outcome.assignment}")
    finally:
        runner.close()
        try:
            if batch:  # interrupted: what was executed is kept
                enter_batch()
        finally:
            gradebook.close()
    started = time.perf_counter()
    for student, assignment in write_feedback(course, left,
                                              getattr(args, "jobs", None) or default_jobs()):
        print(f"{student} {assignment}: no feedback written", file=sys.stderr)
    spent["feedback"] += time.perf_counter() - started
    print("time spent: " + ", ".join(f"{what} {seconds:.1f} s" for what, seconds in
                                     spent.items())
          + " (executing: summed over the workers)", file=sys.stderr)
    return graded


def progress(done: int, total: int, label: str, stream=sys.stderr) -> None:
    """A one-line text progress bar, redrawn in place."""
    width = 24
    filled = int(width * done / total) if total else width
    end = "\n" if done == total else ""
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label[:40]:40}"
                 f"{end}")
    stream.flush()


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def print_summary(results: list[Result]) -> None:
    if not results:
        return
    students = sorted({r.student for r in results})
    names = sorted({r.assignment for r in results if r.assignment})
    by_key = {(r.student, r.assignment): r for r in results}
    width = min(max(len(s) for s in students + ["student"]), 30)
    print(f"\n{'student':{width}}  " + "  ".join(f"{n[:2]:>7}" for n in names))
    for student in students:
        cells = []
        for name in names:
            r = by_key.get((student, name))
            cells.append("      -" if r is None or r.status == "not submitted" else (
                f"{r.score:>3g}/{r.max_score:<3g}" if r.graded else "  error"))
        print(f"{student[:width]:{width}}  " + "  ".join(f"{c:>7}" for c in cells))


def report(args) -> int:
    """Print the class report and write its HTML page."""
    course = course_at(args, "off")
    page, summary = write_report(course, args.out)
    print(summary or "nothing graded yet")
    print(f"\nClass report: {page}")
    return 0


def export(args) -> int:
    """Write the grades of every student and assignment in the gradebook: the course's
    CSV, or the file Canvas's or Moodle's gradebook imports."""
    course = course_at(args, "off")
    out = args.out or (course.root / "grades.csv" if args.format == "csv" else
                       course.root / "exports" / f"{args.format}.csv")
    students = write_export(course, args.format, out)
    print(f"{students} student(s) written to {out} ({args.format})")
    return 0


def demo(args) -> int:
    """Release all notebooks; grade a solution, a stub and a realistic mistake for each."""
    started = time.perf_counter()
    root = args.out or Path(tempfile.mkdtemp(prefix="backprop-course-demo-"))
    names = [known_assignment(a) for a in args.only] if args.only else (
        assignments())
    print(f"Demo course folder: {root}")
    if not is_course_folder(root):
        init_course(root, exchange=Path(root) / "exchange", language=args.language)
    course = CourseFolder(root, sandbox="if-available")
    examples_dir = course.root / "examples"
    pending = []
    for name in names:
        examples = {"solution": course.source_path(name), "stub": course.generate(name)}
        mistaken = mistaken_notebook(name, examples_dir / f"mistake_{name}.ipynb")
        if mistaken is not None and course.language != ENGLISH:
            nb = nbformat.read(mistaken, as_version=4)
            nbformat.write(localized(nb, course.language, name), mistaken)
        if mistaken is not None:
            examples["mistake"] = mistaken
        for student, notebook in examples.items():
            course.import_submission(student, name, notebook)
            pending.append((student, name))
        print(f"released {name} and submitted {', '.join(examples)}")
    problems: dict = {}
    graded = grade_pending(course, pending, problems, args)
    results = [r for r in all_results(course, problems) if r.assignment in names]
    write_csv(results, course.root / "grades.csv")
    print_summary(results)
    seconds = time.perf_counter() - started
    per_notebook = sum(r.seconds for r in graded) / max(len(graded), 1)
    print(f"\nGraded {len(graded)}/{len(pending)} notebooks in {seconds:.0f} s "
          f"({per_notebook:.1f} s per notebook).\nGrades: {course.root / 'grades.csv'}\n"
          f"Feedback: {course.root / 'feedback'}/<student>/<assignment>/<assignment>.html")
    return 0 if len(graded) == len(pending) else 1
