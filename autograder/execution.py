"""Grading one notebook: one code path, whatever runs it.

``execute(source, submitted)`` takes the source notebook of an assignment and the bytes
a student submitted, and returns the executed notebook:

1. the bytes are read as a notebook (``NotGradable`` with one line if they are not one);
2. it is rebuilt into the shape of the source (``autograder.sanitize.rebuild``);
3. its outputs are cleared and it is run, in a folder of its own, by the judge
   (``autograder.judge.JudgedExecute``) in a sandboxed kernel.

The result carries everything: test cells end with the judge's verdicts, and the metadata
(``autograder.METADATA``) holds the repairs, what the judge found and what was stopped. It
is plain data (a notebook), so it can be computed in another process or on another machine
(``autograder.workers``). Then either ``scores`` reads the grade off it with nbgrader's own
rule (``course grade``), or the instructor's process records it in the gradebook through
nbgrader's autograde, where ``ApplyExecuted`` takes the place of running it again.

nbgrader's own ``autograde`` (in a course folder, or the formgrader's button) runs the same
steps as preprocessors: ``RebuildSubmission``, nbgrader's ClearOutput, ``JudgedExecute``.
"""

import copy
import shutil
import time
import uuid
import warnings
from dataclasses import dataclass, field

import nbformat
from nbformat.warnings import DuplicateCellId, MissingIDFieldWarning
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import determine_grade, is_grade
from traitlets.config import Config

from autograder import METADATA
from autograder.config import DEFAULT_TIMEOUT
from autograder.sanitize import digest, rebuild

MAX_NOTEBOOK_BYTES = 100 << 20


class NotGradable(Exception):
    """Submitted bytes that cannot be graded as the assignment, said in one line."""


def read_notebook(data: bytes, source) -> nbformat.NotebookNode:
    """``data`` as a notebook of the assignment whose source is ``source``, or NotGradable.
    The message never quotes the file's content."""
    with warnings.catch_warnings():  # missing or repeated cell ids: the rebuild from the
        warnings.simplefilter("ignore", MissingIDFieldWarning)  # source gives every id, and
        warnings.simplefilter("ignore", DuplicateCellId)  # names a repeated test cell
        try:
            nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        except UnicodeDecodeError:
            raise NotGradable("not a valid notebook (not UTF-8 text)") from None
        except Exception as error:  # nbformat raises many kinds for a bad file
            raise NotGradable(f"not a valid notebook ({_where_invalid(error)})") from None
        try:
            nbformat.validate(nb)
        except Exception as error:
            raise NotGradable(f"not a valid notebook ({_where_invalid(error)})") from None
    language = nb.metadata.get("kernelspec", {}).get("language") or nb.metadata.get(
        "language_info", {}).get("name", "python")
    if language != "python":
        raise NotGradable(f"written for a {str(language)[:40]!r} kernel, not Python")
    answers = {c.metadata["nbgrader"]["grade_id"] for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells
               if isinstance(c.get("metadata"), dict)}
    if not answers & present:
        raise NotGradable("has none of the answer cells of this assignment")
    return nb


def _where_invalid(error: Exception) -> str:
    """The kind and place of a notebook's problem, without any of its content."""
    kind = type(error).__name__
    line = getattr(error, "lineno", None)
    if line is not None:
        return f"{kind} at line {line}, column {getattr(error, 'colno', '?')}"
    path = getattr(error, "absolute_path", None) or getattr(error, "path", None)
    if path:
        return f"{kind} at {'/'.join(str(p) for p in list(path)[:6])}"
    return kind


@dataclass
class Executed:
    """One executed submission: the notebook, how long it took, where it ran."""

    notebook: nbformat.NotebookNode
    seconds: float = 0.0
    worker: str = ""
    found: dict = field(default_factory=dict)  # the notebook's METADATA


def execute(source_bytes: bytes, submitted: bytes, timeout: int = DEFAULT_TIMEOUT,
            sandbox: str = "required") -> Executed:
    """Rebuild and run the ``submitted`` notebook against the assignment's source notebook
    (both as the bytes of their files) in a sandboxed kernel."""
    from nbgrader.preprocessors import ClearOutput

    from autograder.judge import JudgedExecute
    from autograder.kernels import kernel_place

    started = time.perf_counter()
    if len(submitted) > MAX_NOTEBOOK_BYTES:
        raise NotGradable(f"larger than {MAX_NOTEBOOK_BYTES >> 20} MB")
    source = nbformat.reads(source_bytes.decode("utf-8"), as_version=4)
    nb, repairs = rebuild(read_notebook(submitted, source), source)
    nb.metadata[METADATA] = {"repairs": repairs, "submission_sha256": digest(submitted),
                             "source_sha256": digest(source_bytes)}
    nb, _ = ClearOutput().preprocess(nb, {})
    folder = kernel_place(sandbox).scratch / "work" / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True)
    try:
        judge = JudgedExecute(config=judge_config(timeout, sandbox))
        nb, _ = judge.preprocess(nb, {"metadata": {"path": str(folder)}})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Executed(nb, time.perf_counter() - started, found=nb.metadata[METADATA])


def judge_config(timeout: int, sandbox: str) -> Config:
    c = Config()
    c.JudgedExecute.timeout = timeout
    c.JudgedExecute.interrupt_on_timeout = True
    c.JudgedExecute.sandbox = sandbox
    return c


@dataclass
class CellScore:
    grade_id: str
    score: float
    max_score: float
    message: str = ""  # the verdict's message when the cell lost points
    mistake: str | None = None  # the catalogued mistake the answer behaves like

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score


def scores(nb) -> list[CellScore]:
    """Every graded cell's score, by nbgrader's own rule (``determine_grade``), with the
    judge's message and the known mistake it named."""
    found = nb.metadata.get(METADATA, {}).get("cells", {})
    cells = []
    for cell in nb.cells:
        if not is_grade(cell):
            continue
        score, max_score = determine_grade(cell)
        gid = cell.metadata["nbgrader"]["grade_id"]
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        message = f"{errors[-1].ename}: {errors[-1].evalue}".strip() if errors else ""
        cells.append(CellScore(gid, float(score or 0), float(max_score), message,
                               found.get(gid, {}).get("mistake")))
    return cells


class ApplyExecuted(NbGraderPreprocessor):
    """In nbgrader's autograde, the place of execution: the notebook was executed already
    (``execute``, perhaps on another machine); its outputs and findings are copied onto the
    notebook nbgrader sanitized, after checking that both have the same cells."""

    waiting: dict = {}  # (student, assignment, notebook) -> the executed NotebookNode

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        executed = self.waiting.pop((info["student"], info["assignment"], info["notebook"]),
                                    None)
        if executed is None:
            raise RuntimeError("this submission was not executed: grade it with "
                               "`course autograde`")
        shape = [(c.cell_type, c.metadata.get("nbgrader", {}).get("grade_id"), c.source)
                 for c in nb.cells]
        if shape != [(c.cell_type, c.metadata.get("nbgrader", {}).get("grade_id"),
                      c.source) for c in executed.cells]:
            raise RuntimeError("the executed notebook does not match the submission "
                               "(was the course changed while grading?)")
        for cell, done in zip(nb.cells, executed.cells):
            if cell.cell_type == "code":
                cell.outputs = copy.deepcopy(done.get("outputs", []))
                cell.execution_count = done.get("execution_count")
        found = nb.metadata.setdefault(METADATA, {})
        for key, value in executed.metadata.get(METADATA, {}).items():
            found.setdefault(key, copy.deepcopy(value))
        return nb, resources
