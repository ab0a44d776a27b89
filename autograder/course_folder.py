"""One class, one course folder: nbgrader's layout, one gradebook, written by one process.

A course folder (made by ``course init``) holds ``nbgrader_config.py``, ``source/`` (the
instructor's copy of the assignments), and what nbgrader makes: ``release/``,
``submitted/``, ``autograded/``, ``feedback/`` and the gradebook. nbgrader's own commands
and the formgrader work in it; so does ``course autograde``, which:

- copies submissions handed to it into ``submitted/`` byte for byte (never rewriting a
  submitted file or ``source/``);
- grades what is new or changed since it was last graded (``pending``);
- has every notebook executed (``autograder.execution``, by worker processes or a Dask
  cluster) and records each result with nbgrader's autograde in this process alone
  (``record``), then writes the feedback;
- writes ``grades.csv`` with every student and assignment of the gradebook (``export``).
"""

import contextlib
import csv
import json
import os
import re
import secrets
import shutil
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import METADATA, SOURCE_DIR
from autograder.config import DEFAULT_TIMEOUT, assignments, course_config
from autograder.sanitize import digest

CONFIG_FILE = "nbgrader_config.py"
CONFIG_TEMPLATE = '''"""nbgrader settings of this course folder (written by `course init`).

nbgrader's commands, the formgrader and `course autograde` all read this file: every
submission is rebuilt from source/, run in the sandbox and judged outside it.
"""

from autograder.config import course_config

c = get_config()  # noqa: F821 (given by nbgrader when it loads this file)
c.merge(course_config(__file__))

# Where students fetch assignments and submit (nbgrader's exchange): a folder that every
# user can write, outside any course folder.
c.Exchange.root = {exchange!r}

# The gradebook: SQLite in this folder unless set here (or in $BACKPROP_COURSE_DB), e.g.
# c.CourseDirectory.db_url = "postgresql://grader@dbhost/backprop"
{db_line}
# Late work: nbgrader's policy. "none" reports lateness; "zero" gives late work no points.
# Set each assignment's due date with:
#   nbgrader db assignment add 01_computation_graphs --duedate="2027-01-15 17:00:00 UTC"
c.LateSubmissionPlugin.penalty_method = "none"

# Seconds a cell may run before it is interrupted and fails.
c.JudgedExecute.timeout = {timeout}
'''
DEFAULT_EXCHANGE = "/srv/nbgrader/exchange"


class GradingError(Exception):
    """A problem the instructor must fix, said in one line."""


@dataclass
class Result:
    """The grade of one student's assignment, as the gradebook has it."""

    student: str
    assignment: str
    score: float = 0.0
    max_score: float = 0.0
    status: str = "graded"  # "graded", "not submitted" or "not graded: <reason>"
    cells: list = field(default_factory=list)  # execution.CellScore
    seconds: float = 0.0
    stopped: list = field(default_factory=list)  # repairs and what was stopped
    timestamp: str = ""
    duedate: str = ""
    seconds_late: float = 0.0
    late_penalty: float = 0.0

    @property
    def graded(self) -> bool:
        return self.status.startswith("graded")


def init_course(root: Path, exchange: str | None = None, db_url: str | None = None,
                timeout: int = DEFAULT_TIMEOUT) -> Path:
    """Make ``root`` a course folder: its config and a copy of the course's assignments."""
    root = Path(root).resolve()
    if (root / CONFIG_FILE).exists():
        raise GradingError(f"{root} is a course folder already ({CONFIG_FILE} exists)")
    if root.exists() and any(root.iterdir()):
        raise GradingError(f"{root} is not empty: give a new or empty folder")
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SOURCE_DIR, root / "source",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    db_line = f"c.CourseDirectory.db_url = {db_url!r}\n" if db_url else ""
    (root / CONFIG_FILE).write_text(CONFIG_TEMPLATE.format(
        exchange=str(exchange or DEFAULT_EXCHANGE), db_line=db_line, timeout=int(timeout)))
    (root / ".gitignore").write_text("# students' work and grades stay out of git\n"
                                     "release/\nsubmitted/\nautograded/\nfeedback/\n"
                                     "gradebook.db\ngrades.csv\nreport/\n")
    return root


def is_course_folder(root: Path) -> bool:
    return (Path(root) / CONFIG_FILE).is_file() and (Path(root) / "source").is_dir()


class CourseFolder:
    """An nbgrader course folder made by ``init_course`` (see the module)."""

    def __init__(self, root: Path, timeout: int | None = None, sandbox: str = "required"):
        from traitlets.config.loader import PyFileConfigLoader

        self.root = Path(root).resolve()
        if not is_course_folder(self.root):
            raise GradingError(f"{self.root} is not a course folder: make one with "
                               "`course init FOLDER`, or pass --course FOLDER")
        _put_own_scripts_on_path()
        try:
            self.config = PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        except Exception as error:
            raise GradingError(f"{self.root / CONFIG_FILE} could not be read: "
                               f"{type(error).__name__}: {error}") from None
        if "CourseDirectory" not in self.config or "root" not in self.config.CourseDirectory:
            self.config.merge(course_config(self.root))
        self.config.CourseDirectory.root = str(self.root)
        if timeout:
            self.config.JudgedExecute.timeout = timeout
        self.config.JudgedExecute.sandbox = sandbox
        self.timeout = int(self.config.JudgedExecute.get("timeout", DEFAULT_TIMEOUT))
        self.sandbox = sandbox
        self.db_url = self.config.CourseDirectory.db_url
        self._apis: dict[str, object] = {}
        self._generated: set[str] = set()

    @property
    def api(self):
        """nbgrader's API on this course folder, as its config says."""
        if "grading" not in self._apis:
            from nbgrader.apps import NbGraderAPI

            self._apis["grading"] = NbGraderAPI(config=self.config)
        return self._apis["grading"]

    @property
    def recorder(self):
        """nbgrader's API whose autograde records notebooks executed elsewhere: the
        config's chain with ``ApplyExecuted`` in place of execution."""
        if "recording" not in self._apis:
            from copy import deepcopy

            from nbgrader.apps import NbGraderAPI
            from nbgrader.preprocessors import Execute

            from autograder.execution import ApplyExecuted

            config = deepcopy(self.config)
            config.Autograde.autograde_preprocessors = [
                ApplyExecuted if isinstance(p, type) and issubclass(p, Execute) else p
                for p in self.config.Autograde.autograde_preprocessors]
            self._apis["recording"] = NbGraderAPI(config=config)
        return self._apis["recording"]

    # -- assignments ----------------------------------------------------------------------

    def assignments(self) -> list[str]:
        return assignments(self.root / "source")

    def known_assignment(self, name: str) -> str:
        """The full assignment name for '01' or '01_computation_graphs', or GradingError."""
        names = self.assignments()
        matches = [a for a in names if a == name or a.split("_")[0] == name]
        if len(matches) != 1:
            raise GradingError(f"unknown assignment {name!r}; the course has: "
                               f"{', '.join(names)}")
        return matches[0]

    def source_path(self, assignment: str) -> Path:
        return self.root / "source" / assignment / f"{assignment}.ipynb"

    def max_points(self, assignment: str) -> float:
        nb = nbformat.read(self.source_path(assignment), as_version=4)
        return float(sum(c.metadata.get("nbgrader", {}).get("points", 0) or 0
                         for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")))

    def release_path(self, assignment: str) -> Path:
        return self.root / "release" / assignment / f"{assignment}.ipynb"

    def generate(self, assignment: str) -> Path:
        """The student version of ``assignment``, generated by nbgrader when the source is
        newer than it (or the gradebook lacks the assignment)."""
        release = self.release_path(assignment)
        if assignment in self._generated:
            return release
        fresh = release.exists() and release.stat().st_mtime >= self.source_path(
            assignment).stat().st_mtime and self._in_gradebook(assignment)
        if not fresh:
            outcome = self.api.generate_assignment(assignment, force=True, create=True)
            if not outcome["success"]:
                raise GradingError(f"nbgrader failed while generating {assignment}: "
                                   f"{last_line(outcome)}")
        self._generated.add(assignment)
        return release

    def _in_gradebook(self, assignment: str) -> bool:
        from nbgrader.api import MissingEntry

        with self.api.gradebook as gradebook:
            try:
                return bool(gradebook.find_assignment(assignment).notebooks)
            except MissingEntry:
                return False

    # -- submissions ----------------------------------------------------------------------

    def submitted_path(self, student: str, assignment: str) -> Path:
        return self.root / "submitted" / student / assignment / f"{assignment}.ipynb"

    def import_submission(self, student: str, assignment: str, notebook: Path,
                          timestamp: str | None = None) -> str:
        """Copy ``notebook`` (bytes unchanged) to where nbgrader expects ``student``'s
        submission; returns 'new', 'replaced' or 'unchanged'. A submission that did not
        come through nbgrader's exchange gets what nbgrader's feedback release needs: a
        secret, and a timestamp (``timestamp``, else the time of this copy)."""
        target = self.submitted_path(student, assignment)
        data = Path(notebook).read_bytes()
        if target.exists() and target.read_bytes() == data:
            return "unchanged"
        state = "replaced" if target.exists() else "new"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(data)
        os.replace(partial, target)
        stamp = target.parent / "timestamp.txt"
        if timestamp or not stamp.exists():
            from datetime import datetime, timezone

            stamp.write_text(timestamp or datetime.now(timezone.utc).strftime(
                "%Y-%m-%d %H:%M:%S.%f UTC"))
        secret = target.parent / "submission_secret.txt"
        if not secret.exists():
            secret.write_text(secrets.token_hex(16))
        return state

    def submissions(self, student: str | None = None,
                    assignment: str | None = None) -> list[tuple[str, str]]:
        """(student, assignment) of every submission in ``submitted/``."""
        found = []
        names = set(self.assignments())
        for path in sorted((self.root / "submitted").glob("*/*/*.ipynb")):
            who, what = path.parent.parent.name, path.parent.name
            if what in names and path.name == f"{what}.ipynb" and (
                    student is None or who == student) and (
                    assignment is None or what == assignment):
                found.append((who, what))
        return found

    def up_to_date(self, student: str, assignment: str) -> bool:
        """True when the gradebook holds a grade of exactly this submission against exactly
        this source (the digests kept in the autograded notebook agree)."""
        autograded = self.autograded_path(student, assignment)
        if not autograded.exists():
            return False
        try:
            found = json.loads(autograded.read_text()).get("metadata", {}).get(METADATA, {})
        except (OSError, ValueError):
            return False
        return (found.get("submission_sha256") == digest(
            self.submitted_path(student, assignment).read_bytes())
            and found.get("source_sha256") == digest(
                self.source_path(assignment).read_bytes())
            and "cells" in found)

    def autograded_path(self, student: str, assignment: str) -> Path:
        return self.root / "autograded" / student / assignment / f"{assignment}.ipynb"

    # -- recording ------------------------------------------------------------------------

    def record(self, student: str, assignment: str, executed) -> Result:
        """Enter an executed notebook (``autograder.execution.execute``) in the gradebook
        with nbgrader's autograde (which runs nothing: ``ApplyExecuted``)."""
        from autograder.execution import ApplyExecuted

        self.generate(assignment)
        ApplyExecuted.waiting[(student, assignment, assignment)] = executed.notebook
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", category=Warning)
                outcome = self.recorder.autograde(assignment, student, force=True,
                                                  create=True)
        finally:
            ApplyExecuted.waiting.pop((student, assignment, assignment), None)
        if not outcome["success"]:
            return Result(student, assignment, max_score=self.max_points(assignment),
                          status="not graded: " + last_line(outcome))
        result = self.result(student, assignment)
        result.seconds = executed.seconds
        return result

    def result(self, student: str, assignment: str) -> Result:
        """The gradebook's grade of one submission, with the judge's messages."""
        from autograder.execution import scores

        path = self.autograded_path(student, assignment)
        with self.api.gradebook as gradebook:
            result = submission_result(gradebook.find_submission(assignment, student), path)
        if path.exists():
            nb = nbformat.read(path, as_version=4)
            result.cells = scores(nb)
            found = nb.metadata.get(METADATA, {})
            result.stopped = list(found.get("repairs", [])) + list(found.get("stopped", []))
        return result

    def feedback(self, assignment: str, students) -> list[str]:
        """Write the feedback of ``assignment`` for the graded ``students`` (one nbgrader
        run: its template is compiled once); returns those without feedback."""
        from nbgrader.utils import capture_log, temp_attrs

        from autograder.feedback import GenerateFeedbackFor

        students = sorted(students)
        for student in students:  # a failure must not leave an earlier grade's page
            self.feedback_path(student, assignment).unlink(missing_ok=True)
        with warnings.catch_warnings(), temp_attrs(self.api.coursedir, student_id="*",
                                                   assignment_id=assignment):
            warnings.simplefilter("ignore", category=Warning)
            app = GenerateFeedbackFor(coursedir=self.api.coursedir, parent=self.api)
            app.students, app.force = set(students), True
            capture_log(app)
        return [s for s in students if not self.feedback_path(s, assignment).exists()]

    def feedback_path(self, student: str, assignment: str) -> Path:
        return self.root / "feedback" / student / assignment / f"{assignment}.html"

    # -- the whole class ------------------------------------------------------------------

    def all_results(self, problems: dict | None = None) -> list[Result]:
        """One Result per student and assignment of the gradebook (every student graded so
        far, not only this run; one gradebook session), with ``problems`` ((student,
        assignment) -> reason) for submissions that could not be graded."""
        problems = dict(problems or {})
        graded = {}
        with self.api.gradebook as gradebook:
            students = {s.id for s in gradebook.students}
            for assignment in gradebook.assignments:
                for submission in assignment.submissions:
                    graded[(submission.student.id, assignment.name)] = submission_result(
                        submission, self.autograded_path(submission.student.id,
                                                         assignment.name))
        names = [a for a in self.assignments() if any(
            key[1] == a for key in [*graded, *problems])]
        most = {name: self.max_points(name) for name in names}
        rows = []
        for student in sorted(students | {s for s, _ in problems}):
            for assignment in names:
                reason = problems.pop((student, assignment), None)
                if reason is not None:
                    rows.append(Result(student, assignment, max_score=most[assignment],
                                       status=f"not graded: {reason}"))
                else:
                    rows.append(graded.get((student, assignment)) or Result(
                        student, assignment, max_score=most[assignment],
                        status="not submitted"))
        for (student, assignment), reason in sorted(problems.items()):
            rows.append(Result(student, assignment, status=f"not graded: {reason}"))
        return rows

    @contextlib.contextmanager
    def lock(self):
        """Only one ``course autograde`` at a time in a course folder: the next one waits."""
        try:
            import fcntl
        except ImportError:  # Windows: grading a class needs Linux's sandbox anyway
            yield
            return
        path = self.root / ".grading.lock"
        with open(path, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                other = handle.read().strip() or "another process"
                print(f"waiting for the grading run already at work in this course folder "
                      f"(pid {other}) to finish...", file=sys.stderr)
                fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            try:
                yield
            finally:
                handle.seek(0)
                handle.truncate()
                fcntl.flock(handle, fcntl.LOCK_UN)


def submission_result(submission, autograded: Path) -> Result:
    """A gradebook submission as a Result (score, lateness, status; no cells)."""
    result = Result(submission.student.id, submission.assignment.name,
                    float(submission.score), float(submission.max_score),
                    **_lateness(submission))
    if submission.needs_manual_grade:
        result.status = "graded (some cells need manual grading)"
    elif _kernel(autograded) not in (None, "bwrap"):
        result.status = "graded without sandbox"
    return result


def _kernel(autograded: Path) -> str | None:
    """Where the autograded notebook's kernel ran ('bwrap', 'limits', 'plain'), if known."""
    try:
        with open(autograded, encoding="utf-8") as handle:
            return json.load(handle).get("metadata", {}).get(METADATA, {}).get("kernel")
    except (OSError, ValueError):
        return None


def _lateness(submission) -> dict:
    late = float(submission.total_seconds_late or 0)
    return {"timestamp": _text(submission.timestamp), "duedate": _text(submission.duedate),
            "seconds_late": late, "late_penalty": float(submission.late_submission_penalty
                                                         or 0)}


def _text(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else ""


CSV_COLUMNS = ["student", "assignment", "score", "max_score", "status", "timestamp",
               "duedate", "hours_late", "late_penalty"]


def write_csv(results: list[Result], path: Path) -> None:
    """One row per student and assignment: the score (after any late penalty), the
    maximum, the status and lateness."""
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for r in sorted(results, key=lambda r: (r.student, r.assignment)):
            writer.writerow([r.student, r.assignment, f"{max(r.score - r.late_penalty, 0):g}",
                             f"{r.max_score:g}", r.status, r.timestamp, r.duedate,
                             f"{r.seconds_late / 3600:.2f}" if r.seconds_late else "",
                             f"{r.late_penalty:g}" if r.late_penalty else ""])
    os.replace(partial, path)


def last_line(outcome: dict) -> str:
    """The most telling line of a failed nbgrader call: its last exception, not the
    summary."""
    text = "\n".join(filter(None, [outcome.get("log"), outcome.get("error")]))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    errors = [ln for ln in lines if re.match(r"^[\w.]*(Error|Exception|Unavailable)\b.*:", ln)
              and "NbGraderException" not in ln]
    return (errors or lines or ["unknown error"])[-1][:300]


def _put_own_scripts_on_path() -> None:
    """nbgrader runs the ``alembic`` script of its environment by name: make sure it is
    found even when this environment is not activated."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


def progress(done: int, total: int, label: str, stream=sys.stderr) -> None:
    """A one-line text progress bar, redrawn in place."""
    width = 24
    filled = int(width * done / total) if total else width
    end = "\n" if done == total else ""
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label[:40]:40}"
                 f"{end}")
    stream.flush()

