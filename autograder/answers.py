"""The reference answers as the source notebooks write them, and edits of them.

An exercise's answer is what its test cell checks (``check("mul_layer", MulLayer)``), as
the source notebook defines it: the notebook's setup, given and answer cells up to that
test cell, solutions in, run in a fresh namespace. A known mistake is that answer with a
few of its lines changed (``autograder.exercises.edit``); the same edit of the notebook
itself is a mistaken submission (``edited_notebook``).
"""

import ast
import contextlib
import io
import re
from functools import cache
from pathlib import Path

import nbformat

from autograder import SOURCE_DIR
from course.checking import Exercise
from course.exercises import notebook_of

SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)
HIDDEN_TESTS = re.compile(r"### BEGIN HIDDEN TESTS.*?(### END HIDDEN TESTS|\Z)", re.DOTALL)


class EditError(ValueError):
    """An edit that does not fit the source notebook's answer any more."""


def source_path(number: str) -> Path:
    """The source notebook of notebook ``number`` ('03')."""
    found = sorted(SOURCE_DIR.glob(f"{number}_*/{number}_*.ipynb"))
    if len(found) != 1:
        raise FileNotFoundError(f"no single source notebook {number}_* in {SOURCE_DIR}")
    return found[0]


@cache
def _cells(number: str) -> tuple[tuple[str, str, bool], ...]:
    """(grade_id, source, is an answer cell) of each nbgrader code cell of the notebook."""
    nb = nbformat.read(source_path(number), as_version=4)
    return tuple((cell.metadata["nbgrader"].get("grade_id", ""), cell.source,
                  bool(cell.metadata["nbgrader"].get("solution")))
                 for cell in nb.cells
                 if cell.cell_type == "code" and "nbgrader" in cell.metadata)


def _checked_expression(source: str, exercise: Exercise) -> str:
    """The answer expression of ``check("<name>", <answer>)`` in a test cell."""
    for node in ast.walk(ast.parse(HIDDEN_TESTS.sub("", source))):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "check"
                and len(node.args) == 2 and getattr(node.args[0], "value", "") == exercise.name):
            return ast.unparse(node.args[1])
    raise EditError(f"the test cell of {exercise.name!r} has no check({exercise.name!r}, ...)")


def _runnable(source: str) -> str:
    """A cell's code as plain Python: solution markers and hidden tests out, magics out."""
    code = SOLUTION_MARKERS.sub("", HIDDEN_TESTS.sub("", source))
    return "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))


def apply(sources: list[str], answers: list[bool], changes, exercise: Exercise) -> list[str]:
    """``sources`` (the cells before the exercise's test cell) with each (old, new) of
    ``changes`` made in the answer cell nearest the test that holds ``old``, which must
    hold it exactly once; EditError otherwise."""
    sources = list(sources)
    for old, new in changes:
        places = [i for i in reversed(range(len(sources))) if answers[i] and old in sources[i]]
        if not places or sources[places[0]].count(old) != 1:
            count = sources[places[0]].count(old) if places else 0
            raise EditError(f"{exercise.name}: the edit {old!r} -> {new!r} fits the answer "
                            f"{count} times, not once")
        sources[places[0]] = sources[places[0]].replace(old, new, 1)
    return sources


def _before_test(exercise: Exercise, cells: list) -> list:
    """The cells before ``exercise``'s test cell, other test cells left out; ``cells`` are
    (grade_id, source, is an answer cell)."""
    tests = [i for i, (grade_id, _, _) in enumerate(cells) if grade_id == f"{exercise.name}_test"]
    if len(tests) != 1:
        raise EditError(f"the source notebook has no test cell {exercise.name}_test")
    return [cell for cell in cells[:tests[0]] if not cell[0].endswith("_test")]


def answer(exercise: Exercise, changes=()):
    """The source notebook's answer to ``exercise``, with ``changes`` applied."""
    cells = _cells(notebook_of(exercise))
    before = _before_test(exercise, cells)
    sources = apply([_runnable(source) for _, source, _ in before],
                    [is_answer for _, _, is_answer in before], changes, exercise)
    namespace = {"__name__": f"answers_{exercise.name}"}
    with contextlib.redirect_stdout(io.StringIO()):
        for (grade_id, _, _), source in zip(before, sources):
            exec(compile(source, f"<cell {grade_id}>", "exec"), namespace)
            namespace["check"] = lambda name, answer: None  # earlier checks: not here
    [test] = [source for grade_id, source, _ in cells if grade_id == f"{exercise.name}_test"]
    return eval(_checked_expression(test, exercise), namespace)


def edited_notebook(exercise: Exercise, changes, out: Path) -> Path:
    """Write the source notebook with ``changes`` made to its answers as ``answer`` makes
    them: a submission that makes the mistake (``course demo``, the tests)."""
    nb = nbformat.read(source_path(notebook_of(exercise)), as_version=4)
    graded = [c for c in nb.cells if c.cell_type == "code" and "nbgrader" in c.metadata]
    before = _before_test(exercise, [(c.metadata["nbgrader"].get("grade_id", ""), c,
                                      bool(c.metadata["nbgrader"].get("solution")))
                                     for c in graded])
    edited = apply([c.source for _, c, _ in before], [a for _, _, a in before], changes,
                   exercise)
    for (_, cell, _), source in zip(before, edited):
        cell.source = source
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out
