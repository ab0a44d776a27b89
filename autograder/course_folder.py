"""One class, one course folder: nbgrader's layout, one gradebook, written by one process.

A course folder (made by ``course init``) holds ``nbgrader_config.py``, ``source/`` (the
instructor's copy of the assignments), and what nbgrader makes: ``release/``,
``submitted/``, ``autograded/``, ``feedback/`` and the gradebook. nbgrader's own commands
and the formgrader work in it; so does ``course autograde``, which:

- copies submissions handed to it into ``submitted/`` byte for byte (never rewriting a
  submitted file or ``source/``);
- grades what is new or changed since it was last graded (``pending``);
- has every notebook executed (``autograder.execution``, by worker processes or a Dask
  cluster), enters the results in the gradebook from this process alone
  (``autograder.gradebook``), then writes the feedback (``autograder.feedback``).

This module knows the folder: its layout, its configuration, its assignments and
submissions, and the lock that lets one grading run at a time.
"""

import contextlib
import json
import os
import re
import secrets
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry
from nbgrader.apps import NbGraderAPI
from traitlets.config.loader import PyFileConfigLoader

from autograder import METADATA, SOURCE_DIR, GradingError
from autograder.config import DEFAULT_TIMEOUT, assignments, course_config
from autograder.localize import language_of, localized
from autograder.sanitize import digest
from course.language import ENGLISH, check_language

CONFIG_FILE = "nbgrader_config.py"
CONFIG_TEMPLATE = '''"""nbgrader settings of this course folder (written by `course init`).

nbgrader's commands, the formgrader and `course autograde` all read this file: every
submission is rebuilt from source/, run in the sandbox and judged outside it.
"""

from autograder.config import course_config, set_kernel_limits

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

# What one grading kernel may use (README, "Limits"): memory in all (its working folder
# and /tmp are memory and count in it), the size of each of those folders, its processes
# where a cgroup counts them (else it may make none), the size of one file.
set_kernel_limits(memory="2 GiB", working_folder="256 MiB", tmp="256 MiB", processes=64,
                  file_size="256 MiB")
'''
DEFAULT_EXCHANGE = "/srv/nbgrader/exchange"


def init_course(root: Path, exchange: str | None = None, db_url: str | None = None,
                timeout: int = DEFAULT_TIMEOUT, language: str = ENGLISH) -> Path:
    """Make ``root`` a course folder: its config and a copy of the course's assignments,
    in ``language`` (English, or "ko": ``autograder.localize``)."""
    check_language(language)
    root = Path(root).resolve()
    if (root / CONFIG_FILE).exists():
        raise GradingError(f"{root} is a course folder already ({CONFIG_FILE} exists)")
    if root.exists() and any(root.iterdir()):
        raise GradingError(f"{root} is not empty: give a new or empty folder")
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SOURCE_DIR, root / "source",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    if language != ENGLISH:
        for path in sorted((root / "source").glob("*/*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            nbformat.write(localized(nb, language, path.stem), path)
    db_line = f"c.CourseDirectory.db_url = {db_url!r}\n" if db_url else ""
    (root / CONFIG_FILE).write_text(CONFIG_TEMPLATE.format(
        exchange=str(exchange or DEFAULT_EXCHANGE), db_line=db_line, timeout=int(timeout)))
    (root / ".gitignore").write_text("# students' work and grades stay out of git\n"
                                     "release/\nsubmitted/\nautograded/\nfeedback/\n"
                                     "gradebook.db\ngrades.csv\nskipped.csv\nreport/\nexports/\n")
    return root


def file_time(path: Path) -> str:
    """A file's modification time as nbgrader writes timestamps: the best guess of when a
    submission without nbgrader's timestamp.txt was handed in (a zip's member keeps its
    own date)."""
    moment = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def copy_companions(folder: Path, target: Path) -> None:
    """Copy the files nbgrader keeps beside a notebook (its timestamp, the secret feedback
    is released with, an assignment's data files) from ``folder`` into ``target``."""
    for path in folder.iterdir():
        if path.is_file() and path.suffix != ".ipynb" and not path.name.startswith("."):
            shutil.copyfile(path, target / path.name)


def known_assignment(name: str, names: list[str] | None = None) -> str:
    """The full assignment name for '01' or '01_computation_graphs' among ``names`` (the
    course's own by default), or GradingError."""
    names = names or assignments()
    matches = [a for a in names if a == name or a.split("_")[0] == name]
    if len(matches) != 1:
        raise GradingError(f"unknown assignment {name!r}; the course has: {', '.join(names)}")
    return matches[0]


def is_course_folder(root: Path) -> bool:
    return (Path(root) / CONFIG_FILE).is_file() and (Path(root) / "source").is_dir()


class CourseFolder:
    """An nbgrader course folder made by ``init_course`` (see the module)."""

    def __init__(self, root: Path, timeout: int | None = None, sandbox: str = "required"):
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
        self._api = None
        self._generated: set[str] = set()

    @property
    def api(self) -> NbGraderAPI:
        """nbgrader's API on this course folder, as its config says (made when needed)."""
        if self._api is None:
            self._api = NbGraderAPI(config=self.config)
        return self._api

    # -- assignments ----------------------------------------------------------------------

    def assignments(self) -> list[str]:
        return assignments(self.root / "source")

    def known_assignment(self, name: str) -> str:
        return known_assignment(name, self.assignments())

    def source_path(self, assignment: str) -> Path:
        return self.root / "source" / assignment / f"{assignment}.ipynb"

    def max_points(self, assignment: str) -> float:
        nb = nbformat.read(self.source_path(assignment), as_version=4)
        return float(sum(c.metadata.get("nbgrader", {}).get("points", 0) or 0
                         for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")))

    def release_path(self, assignment: str) -> Path:
        return self.root / "release" / assignment / f"{assignment}.ipynb"

    @property
    def language(self) -> str:
        """The language the course's source notebooks are written in (``course init
        --language``): the instructor's, which the report is written in."""
        for path in sorted((self.root / "source").glob("*/*.ipynb")):
            return language_of(nbformat.read(path, as_version=4))
        return ENGLISH

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
        if timestamp:
            (target.parent / "timestamp.txt").write_text(timestamp)
        self.complete_submission(student, assignment)
        return state

    def complete_submission(self, student: str, assignment: str) -> None:
        """Give a submission that did not come through nbgrader's exchange (handed over,
        or placed in submitted/ by hand) what nbgrader's feedback release needs: a
        timestamp (the notebook's modification time) and a secret. Nothing is rewritten."""
        target = self.submitted_path(student, assignment)
        stamp = target.parent / "timestamp.txt"
        if not stamp.exists():
            stamp.write_text(file_time(target))
        secret = target.parent / "submission_secret.txt"
        if not secret.exists():
            secret.write_text(secrets.token_hex(16))

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

    def feedback_path(self, student: str, assignment: str) -> Path:
        return self.root / "feedback" / student / assignment / f"{assignment}.html"

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
