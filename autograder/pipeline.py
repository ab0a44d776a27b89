"""Release, autograde and report on real nbgrader, through its Python API.

One ``GradingCourse`` is one nbgrader course folder (source/, submitted/, autograded/,
feedback/ and a gradebook). All notebooks of a run are graded by this one process: nbgrader's
start-up is paid once, not once per notebook.
"""

import contextlib
import csv
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import SOURCE_DIR
from autograder.config import DEFAULT_TIMEOUT, assignments, nbgrader_config
from course.notebook import GRADING_VARIABLE


class GradingError(Exception):
    """A problem the instructor must fix, said in one line."""


@dataclass
class CellGrade:
    grade_id: str
    score: float
    max_score: float
    message: str = ""  # the check's failure message, or "" when the cell passed

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score


@dataclass
class Result:
    student: str
    assignment: str
    score: float = 0.0
    max_score: float = 0.0
    status: str = "graded"  # or a one-line reason why the notebook could not be graded
    cells: list = field(default_factory=list)
    seconds: float = 0.0
    stopped: list = field(default_factory=list)  # what the sandbox or the judge stopped


# (what an output shows, what the instructor is told was stopped)
STOPPED = [
    (re.compile(r"^KernelRestarted: the kernel stopped"), "the kernel died (exit, crash or "
     "memory) and was restarted"),
    (re.compile(r"^KernelRestarted: this cell ran longer"), "a cell ignored the timeout "
     "and its kernel was restarted"),
    (re.compile(r"^CellTimeoutError"), "a cell ran past the time limit"),
    (re.compile(r"^MemoryError"), "memory limit"),
    (re.compile(r"^BlockingIOError|Resource temporarily unavailable"), "process limit"),
    (re.compile(r"^(URLError|ConnectionRefusedError|OSError).*(unreachable|refused|"
                r"Temporary failure)"), "network access"),
    (re.compile(r"^(PermissionError|OSError).*(Read-only|Permission denied)"),
     "writing outside its folder"),
    (re.compile(r"^(ModuleNotFoundError|ImportError).*(solutions|autograder)"),
     "importing the reference"),
    (re.compile(r"\[output truncated"), "output over the size limit"),
]


def stopped_events(nb) -> list[str]:
    """What the autograded notebook shows was stopped, each named once, in order."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                text = f"{output.ename}: {output.evalue}"
            elif output.output_type == "stream":
                text = output.text[-2000:]
            else:
                continue
            for pattern, what in STOPPED:
                if pattern.search(text) and what not in found:
                    found.append(what)
    return found


def max_points(assignment: str) -> float:
    nb = nbformat.read(SOURCE_DIR / assignment / f"{assignment}.ipynb", as_version=4)
    return float(sum(c.metadata.get("nbgrader", {}).get("points", 0) or 0 for c in nb.cells
                     if c.metadata.get("nbgrader", {}).get("grade")))


def problem_with_notebook(path: Path, assignment: str) -> str | None:
    """Why ``path`` cannot be graded as ``assignment``, or None when it can be."""
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as error:
        return f"not a valid notebook ({type(error).__name__}: {str(error).splitlines()[0]})"
    language = nb.metadata.get("kernelspec", {}).get("language") or nb.metadata.get(
        "language_info", {}).get("name", "python")
    if language != "python":
        return f"written for a {language} kernel, not Python"
    source = nbformat.read(SOURCE_DIR / assignment / f"{assignment}.ipynb", as_version=4)
    answer_ids = {c.metadata["nbgrader"]["grade_id"] for c in source.cells
                  if c.metadata.get("nbgrader", {}).get("solution")}
    present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
    if not answer_ids & present:
        return f"has none of the answer cells of {assignment}: not this assignment"
    return None


class GradingCourse:
    """An nbgrader course folder at ``root``, with the course's source notebooks."""

    def __init__(self, root: Path, db_url: str | None = None, timeout: int = DEFAULT_TIMEOUT,
                 sandbox: bool = True, stock: bool = False, warn: bool = True):
        """``stock=True`` grades as plain nbgrader does (hidden tests in the learner's
        kernel, no sandbox, no repair): only for measuring what this course adds."""
        from nbgrader.apps import NbGraderAPI

        _put_own_scripts_on_path()
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        if (self.root / "source").resolve() != SOURCE_DIR:
            shutil.copytree(SOURCE_DIR, self.root / "source", dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self.config = nbgrader_config(self.root, db_url, timeout)
        self.db_url = self.config.CourseDirectory.db_url
        self.timeout = timeout
        self.stock = stock
        if stock:
            del self.config.Autograde["autograde_preprocessors"]
            del self.config.Autograde["sanitize_preprocessors"]
            sandbox = False
        self.sandbox = self._sandboxed_kernels() if sandbox else None
        missing = self.sandbox.missing if self.sandbox else [] if stock else ["no sandbox"]
        for line in missing if warn else []:
            print(f"WARNING, grading without full protection: {line}", file=sys.stderr)
        self.api = NbGraderAPI(config=self.config)
        self._released: set[str] = set()
        self.repairs: dict[tuple[str, str], list[str]] = {}

    def _sandboxed_kernels(self):
        """Grade in sandboxed kernels (see ``autograder.sandbox``); returns the plan."""
        from autograder import sandbox

        kernels = Path(tempfile.mkdtemp(prefix="backprop-kernels-"))
        runtime = kernels / "runtime"
        runtime.mkdir()
        the_plan = sandbox.plan(self.root, runtime, extra_hidden=[kernels / "kernels"])
        name = sandbox.install_kernelspec(the_plan, kernels)
        os.environ["JUPYTER_PATH"] = os.pathsep.join(
            filter(None, [str(kernels), os.environ.get("JUPYTER_PATH")]))
        os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)
        self.config.Execute.kernel_name = name
        self.config.KernelManager.transport = "ipc"
        self.config.KernelManager.ip = str(runtime / "kernel")
        return the_plan

    def already_released(self, names) -> None:
        """Trust that another process of this course released ``names``: a worker grading
        in parallel must not generate them again (it would rewrite the gradebook)."""
        self._released.update(names)

    def add_students(self, students) -> None:
        """Enter ``students`` in the gradebook before parallel workers grade them, so that two
        workers never race to create the same student."""
        with self.api.gradebook as gradebook:
            for student in sorted(set(students)):
                gradebook.update_or_create_student(student)

    def release(self, assignment: str) -> Path:
        """Generate the student version of ``assignment``; returns its notebook's path."""
        if assignment not in self._released:
            _require(self.api.generate_assignment(assignment, force=True, create=True),
                     f"generating {assignment}")
            self._released.add(assignment)
        return self.root / "release" / assignment / f"{assignment}.ipynb"

    def submit(self, student: str, assignment: str, notebook: Path) -> None:
        """Put ``notebook`` where nbgrader expects ``student``'s submission, its cells
        checked against the released notebook (see ``autograder.sanitize``)."""
        from autograder.sanitize import rebuild

        folder = self.root / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{assignment}.ipynb"
        try:
            submitted = nbformat.read(notebook, as_version=4)
            if self.stock:
                raise ValueError("stock nbgrader takes the file as it is")
        except Exception:
            shutil.copyfile(notebook, target)  # unreadable: nbgrader will say why
            return
        release = nbformat.read(self.release(assignment), as_version=4)
        gradable, repairs = rebuild(submitted, release)
        nbformat.write(gradable, target)
        self.repairs[(student, assignment)] = repairs

    def autograde(self, student: str, assignment: str) -> Result:
        """Grade one submission already in submitted/; never raises for a bad submission."""
        started = time.perf_counter()
        self.release(assignment)
        result = Result(student, assignment, max_score=max_points(assignment))
        with grading_environment(), warnings.catch_warnings():
            # SQLAlchemy 2.1 warns "not in session" inside nbgrader; the scores are recorded
            warnings.simplefilter("ignore", category=Warning)
            outcome = self.api.autograde(assignment, student, force=True, create=True)
        if not outcome["success"]:
            result.status = "not graded: " + _last_line(outcome)
        else:
            self._read_grades(result)
        result.seconds = time.perf_counter() - started
        return result

    def _read_grades(self, result: Result) -> None:
        path = (self.root / "autograded" / result.student / result.assignment
                / f"{result.assignment}.ipynb")
        messages = {}
        if path.exists():
            autograded = nbformat.read(path, as_version=4)
            result.stopped = self.repairs.get((result.student, result.assignment), []) + (
                stopped_events(autograded))
            for cell in autograded.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
                if grade_id and errors:
                    messages[grade_id] = f"{errors[0].ename}: {errors[0].evalue}".strip()
        with self.api.gradebook as gradebook:
            submission = gradebook.find_submission_notebook(
                result.assignment, result.assignment, result.student)
            order = {grade_id: i for i, grade_id in enumerate(messages_order(path))}
            for grade in sorted(submission.grades, key=lambda g: order.get(g.name, 0)):
                if grade.max_score:
                    result.cells.append(CellGrade(grade.name, grade.score or 0.0,
                                                  grade.max_score, messages.get(grade.name, "")))
            result.score = float(submission.score)
            if submission.needs_manual_grade:
                result.status = "graded (some cells need manual grading)"

    def feedback(self, assignment: str, students) -> list[str]:
        """Write the feedback HTML of ``assignment`` for every graded student (one nbgrader
        call renders them all: its template is compiled once, which costs more than a page).
        Returns the students of ``students`` whose feedback is missing."""
        self.api.generate_feedback(assignment, force=True)
        return [s for s in students if not self.feedback_path(s, assignment).exists()]

    def feedback_path(self, student: str, assignment: str) -> Path:
        return self.root / "feedback" / student / assignment / f"{assignment}.html"


def messages_order(path: Path) -> list[str]:
    """The grade ids of a notebook in the order of its cells."""
    if not path.exists():
        return []
    return [c.metadata.get("nbgrader", {}).get("grade_id")
            for c in nbformat.read(path, as_version=4).cells]


# What the kernels of a grading run see: grading mode (long training cells do less), and
# figures built but never laid out or rendered to PNG, since nobody looks at them and that
# is a good part of a notebook's run time. (plt.show() under Agg would warn: silenced.)
# One BLAS thread per kernel: grading workers run side by side, one per core, and BLAS
# threads competing with the other worker's kernel only spin.
GRADING_ENVIRONMENT = {
    GRADING_VARIABLE: "1",
    "MPLBACKEND": "agg",
    "PYTHONWARNINGS": "ignore:FigureCanvasAgg is non-interactive",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


@contextlib.contextmanager
def grading_environment():
    """Set GRADING_ENVIRONMENT for the kernels started inside; restore it afterwards."""
    previous = {key: os.environ.get(key) for key in GRADING_ENVIRONMENT}
    os.environ.update(GRADING_ENVIRONMENT)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _put_own_scripts_on_path() -> None:
    """nbgrader runs the ``alembic`` script of its environment by name: make sure it is found
    even when this environment is not activated."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


def _require(outcome: dict, what: str) -> None:
    if not outcome["success"]:
        raise GradingError(f"nbgrader failed while {what}: {_last_line(outcome)}")


def _last_line(outcome: dict) -> str:
    """The most telling line of a failed nbgrader call: its last exception, not the summary."""
    text = "\n".join(filter(None, [outcome.get("log"), outcome.get("error")]))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    errors = [ln for ln in lines if re.match(r"^[\w.]*(Error|Exception)\b.*:", ln)
              and "NbGraderException" not in ln]
    return (errors or lines or ["unknown error"])[-1][:300]


def write_csv(results: list[Result], path: Path) -> None:
    """One row per student and assignment: score, max score, status."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "assignment", "score", "max_score", "status"])
        for r in sorted(results, key=lambda r: (r.student, r.assignment)):
            writer.writerow([r.student, r.assignment, f"{r.score:g}", f"{r.max_score:g}",
                             r.status])


def progress(done: int, total: int, label: str, stream=sys.stderr) -> None:
    """A one-line text progress bar, redrawn in place."""
    width = 24
    filled = int(width * done / total) if total else width
    end = "\n" if done == total else ""
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label[:40]:40}"
                 f"{end}")
    stream.flush()


def known_assignment(name: str) -> str:
    """The full assignment name for '01' or '01_computation_graphs', or GradingError."""
    names = assignments()
    matches = [a for a in names if a == name or a.split("_")[0] == name]
    if len(matches) != 1:
        raise GradingError(f"unknown assignment {name!r}; the course has: {', '.join(names)}")
    return matches[0]
