"""Put a submission back into the shape of its released notebook before grading.

Stock nbgrader refuses a notebook whose cell metadata was changed ("Inconsistent
checksums") or whose cells were duplicated, and cannot grade a test cell the student
deleted. Here every cell with a known grade id is checked against the released notebook:

- answer cells keep the student's code, with the released metadata;
- every other known cell (instructions, setup, tests) is the released cell itself;
- a second cell with the same grade id, a cell with an unknown grade id, or nbgrader
  metadata without a grade id: the cell loses that metadata (it is then just code, worth
  nothing);
- known cells the student deleted (or stripped of metadata) are put back where the
  released notebook has them; a deleted answer cell comes back as the stub.

The learner's own extra cells stay where they were. Every nbgrader field of the result
thus comes from the released notebook, which nbgrader validated when generating it.
"""

import copy
import re

import nbformat

FLAGS = ("grade_id", "grade", "solution", "locked", "points")
HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def flags(cell) -> dict:
    """The nbgrader metadata that decides how a cell is graded."""
    meta = cell.metadata.get("nbgrader", {})
    return {key: meta.get(key) for key in FLAGS}


def plain_code(cell):
    """A copy of ``cell`` without nbgrader metadata: code that is run but worth nothing."""
    plain = copy.deepcopy(cell)
    plain.metadata.pop("nbgrader", None)
    return plain


def visible(source: str) -> str:
    return HIDDEN_REGION.sub("", source).rstrip()


def rebuild(student, release) -> tuple[nbformat.NotebookNode, list[str]]:
    """The gradable notebook for ``student``'s submission, and what had to be repaired."""
    released = {grade_id(c): c for c in release.cells if grade_id(c)}
    order = [grade_id(c) for c in release.cells if grade_id(c)]
    repairs, seen, cells = [], set(), []
    for cell in student.cells:
        gid = grade_id(cell)
        if gid is None:
            if "nbgrader" in cell.metadata:
                if any(flags(cell).values()):
                    repairs.append("a cell marked for nbgrader without a grade id: graded "
                                   "as plain code")
                cell = plain_code(cell)
            cells.append(cell)
            continue
        reference = released.get(gid)
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
            cells.append(answer)
        else:
            if visible(cell.source) != visible(reference.source) or (
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
        cells.insert(index, copy.deepcopy(released[gid]))
        seen.add(gid)
        repairs.append(f"cell {gid!r} was missing: put back")
    nb = copy.deepcopy(student)
    nb.cells = cells
    for cell in nb.cells:  # duplicated or missing nbformat cell ids would be rejected
        cell.pop("id", None)
    nb.nbformat, nb.nbformat_minor = 4, 4
    return nb, repairs
