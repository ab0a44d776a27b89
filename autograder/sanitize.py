"""Put a submission back into the shape of its source notebook before grading.

Stock nbgrader refuses a notebook whose cell metadata was changed ("Inconsistent
checksums") or whose cells were duplicated, and cannot grade a test cell the student
deleted. Here every cell with a known grade id is checked against the source notebook:

- answer cells keep the student's code, with the source's nbgrader metadata;
- every other known cell (instructions, setup, tests) is the source cell itself, hidden
  tests included, exactly as nbgrader's gradebook has it (so nbgrader finds nothing
  changed);
- a second cell with the same grade id, a cell with an unknown grade id, or nbgrader
  metadata without a grade id: the cell loses that metadata (it is then just code, worth
  nothing);
- known cells the student deleted (or stripped of metadata) are put back where the source
  has them; a deleted answer cell comes back as the released stub.

The learner's own extra cells stay where they were. Every nbgrader field of the result
thus comes from the source notebook, which nbgrader validated when generating the
assignment. ``RebuildSubmission`` does this as the first step of nbgrader's autograde,
whatever runs it; the repairs are kept in the notebook's metadata.
"""

import copy
import hashlib
import re
from pathlib import Path

import nbformat
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor

from autograder import METADATA
from autograder.localize import has_translation, language_of, localized, which_notebook
from course.language import ENGLISH

FLAGS = ("grade_id", "grade", "solution", "locked", "points")
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"  # what replaces a solution
HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)


def nbgrader_metadata(cell) -> dict:
    """The cell's nbgrader metadata; {} if it has none, or something other than a dict."""
    meta = cell.metadata.get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def grade_id(cell) -> str | None:
    gid = nbgrader_metadata(cell).get("grade_id")
    return gid if isinstance(gid, str) else None


def flags(cell) -> dict:
    """The nbgrader metadata that decides how a cell is graded."""
    meta = nbgrader_metadata(cell)
    return {key: meta.get(key) for key in FLAGS}


def plain_code(cell):
    """A copy of ``cell`` without nbgrader metadata: code that is run but worth nothing."""
    plain = copy.deepcopy(cell)
    plain.metadata.pop("nbgrader", None)
    return plain


def visible(source: str) -> str:
    return HIDDEN_REGION.sub("", source).rstrip()


def stub(cell):
    """The released version of a source answer cell: its solution replaced by the stub."""
    nb = nbformat.v4.new_notebook(cells=[copy.deepcopy(cell)])
    nb.metadata["kernelspec"] = {"language": "python", "name": "python3"}
    clear = ClearSolutions(code_stub={"python": CODE_STUB})
    nb, _ = clear.preprocess(nb, {})
    return nb.cells[0]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rebuild(student, source) -> tuple[nbformat.NotebookNode, list[str]]:
    """The gradable notebook for ``student``'s submission, and what had to be repaired."""
    known = {grade_id(c): c for c in source.cells if grade_id(c)}
    order = [grade_id(c) for c in source.cells if grade_id(c)]
    repairs, seen, cells = [], set(), []
    for cell in copy.deepcopy(student.cells):  # the submission itself stays as it is
        gid = grade_id(cell)
        if gid is None:
            if "nbgrader" in cell.metadata:
                if any(flags(cell).values()) or not isinstance(cell.metadata["nbgrader"], dict):
                    repairs.append("a cell marked for nbgrader without a grade id: graded "
                                   "as plain code")
                cell = plain_code(cell)
            cells.append(cell)
            continue
        reference = known.get(gid)
        if reference is None or gid in seen:
            cells.append(plain_code(cell))
            repairs.append(f"cell {gid!r} {'repeated' if reference else 'unknown'}: "
                           "graded as plain code")
            continue
        seen.add(gid)
        if reference.metadata["nbgrader"].get("solution"):
            answer = copy.deepcopy(cell)
            if answer.cell_type != reference.cell_type or flags(answer) != flags(reference):
                repairs.append(f"answer cell {gid!r}: metadata restored")
            answer.cell_type = reference.cell_type
            answer.metadata["nbgrader"] = copy.deepcopy(reference.metadata["nbgrader"])
            if answer.cell_type == "code":
                answer.setdefault("outputs", [])
                answer.setdefault("execution_count", None)
                answer.pop("attachments", None)  # a markdown cell's; invalid in code
            else:
                answer.pop("outputs", None)
                answer.pop("execution_count", None)
            cells.append(answer)
        else:
            # as released (hidden tests removed), or as in the source
            released = (visible(reference.source), reference.source.rstrip())
            if cell.source.rstrip() not in released or cell.cell_type != reference.cell_type or (
                    flags(cell) != flags(reference)):
                repairs.append(f"locked cell {gid!r}: restored")
            cells.append(copy.deepcopy(reference))
    for position, gid in enumerate(order):
        if gid in seen:
            continue
        before = [g for g in order[:position] if g in seen]
        index = 0
        if before:
            anchor = before[-1]
            index = next(i for i, c in enumerate(cells) if grade_id(c) == anchor) + 1
        missing = known[gid]
        cells.insert(index, stub(missing) if missing.metadata["nbgrader"].get("solution")
                     else copy.deepcopy(missing))
        seen.add(gid)
        repairs.append(f"cell {gid!r} was missing: put back")
    nb = copy.deepcopy(student)
    nb.cells = cells
    for cell in nb.cells:  # duplicated or missing nbformat cell ids would be rejected
        cell.pop("id", None)
    nb.nbformat, nb.nbformat_minor = 4, 4
    nb.metadata["kernelspec"] = copy.deepcopy(source.metadata.get("kernelspec", {}))
    return nb, repairs


def source_notebook(config, assignment: str, notebook: str) -> Path:
    """The source notebook of ``assignment`` in the course folder that ``config`` names."""
    coursedir = CourseDirectory(config=config)
    return Path(coursedir.format_path(coursedir.source_directory, ".", assignment)) / (
        f"{notebook}.ipynb")


def rebuilt(nb, source, submitted: bytes, source_bytes: bytes):
    """``rebuild`` against the source in the submission's own language (a class may mix
    English and Korean notebooks: ``autograder.localize``), with the repairs, the
    language and the digests of the submitted file and of the source kept in the
    notebook's metadata (what tells later whether it is up to date)."""
    language = language_of(nb)
    if language != language_of(source):
        notebook = which_notebook(source)
        if notebook is not None and has_translation(language, notebook):
            source = localized(source, language, notebook)
        else:
            language = language_of(source)
    nb, repairs = rebuild(nb, source)
    nb.metadata[METADATA] = {"repairs": repairs, "submission_sha256": digest(submitted),
                             "source_sha256": digest(source_bytes)}
    if language != ENGLISH:
        nb.metadata[METADATA]["language"] = language
    return nb


class RebuildSubmission(NbGraderPreprocessor):
    """The first step of nbgrader's autograde: ``rebuilt`` against the course's source
    notebook (the submitted file is read, never written)."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        path = source_notebook(self.config, info["assignment"], info["notebook"])
        source_bytes = path.read_bytes()
        source = nbformat.reads(source_bytes.decode("utf-8"), as_version=4)
        submitted = Path(resources["metadata"]["path"]) / f"{info['notebook']}.ipynb"
        data = submitted.read_bytes() if submitted.exists() else b""
        return rebuilt(nb, source, data, source_bytes), resources
