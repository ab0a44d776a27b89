"""Grading one notebook: one chain of steps, built here, whatever runs it.

``execute(source, submitted)`` takes the source notebook of an assignment and the bytes
a student submitted, and returns the executed notebook:

1. the bytes are read as a notebook (``NotGradable`` with one line if they are not one);
2. ``SANITIZE``: it is rebuilt into the shape of the source (``autograder.sanitize``) and
   its outputs are cleared;
3. ``AUTOGRADE``: it is run, in a folder of its own, by the judge
   (``autograder.judge.JudgedExecute``) in a sandboxed kernel, and its outputs are trimmed
   as nbgrader trims them.

The result carries everything: test cells end with the judge's verdicts, and the metadata
(``autograder.METADATA``) holds the repairs, what the judge found and what was stopped. It
is plain data (a notebook), so it can be computed in another process or on another machine
(``autograder.workers``); the instructor's process enters it in the gradebook
(``autograder.gradebook.record``), or ``course grade`` reads the grade off it.

nbgrader's own ``autograde`` (in a course folder, or the formgrader's button) runs the
same two lists of steps as its preprocessors (``autograder.config``), then nbgrader's own
recording.
"""

import shutil
import time
import uuid
import warnings
from dataclasses import dataclass

import nbformat
from nbformat.warnings import DuplicateCellId, MissingIDFieldWarning
from nbgrader.preprocessors import ClearOutput, IgnorePattern, LimitOutput
from traitlets.config import Config

from autograder.judge import DEFAULT_TIMEOUT, JudgedExecute
from autograder.kernels import kernel_place
from autograder.sanitize import RebuildSubmission, rebuilt

# The steps of grading, in order: nbgrader's autograde runs them as its sanitize and
# autograde preprocessors; ``execute`` runs them itself (the rebuild from bytes).
SANITIZE = (RebuildSubmission, ClearOutput)
AUTOGRADE = (JudgedExecute, IgnorePattern, LimitOutput)

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
    page: str = ""  # its feedback page, made where it ran (``autograder.feedback_page``)


def execute(source_bytes: bytes, submitted: bytes, timeout: int = DEFAULT_TIMEOUT,
            sandbox: str = "required") -> Executed:
    """Rebuild and run the ``submitted`` notebook against the assignment's source notebook
    (both as the bytes of their files) in a sandboxed kernel: the steps of ``SANITIZE`` and
    ``AUTOGRADE``."""
    started = time.perf_counter()
    if len(submitted) > MAX_NOTEBOOK_BYTES:
        raise NotGradable(f"larger than {MAX_NOTEBOOK_BYTES >> 20} MB")
    source = nbformat.reads(source_bytes.decode("utf-8"), as_version=4)
    nb = rebuilt(read_notebook(submitted, source), source, submitted, source_bytes)
    config = step_config(timeout, sandbox)
    folder = kernel_place(sandbox).scratch / "work" / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True)
    resources = {"metadata": {"path": str(folder)}}
    try:
        for step in (*SANITIZE[1:], *AUTOGRADE):
            nb, resources = step(config=config).preprocess(nb, resources)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Executed(nb, time.perf_counter() - started)


def step_config(timeout: int, sandbox: str) -> Config:
    """The steps' settings that ``execute`` takes as arguments."""
    c = Config()
    c.JudgedExecute.timeout = timeout
    c.JudgedExecute.interrupt_on_timeout = True
    c.JudgedExecute.sandbox = sandbox
    return c
