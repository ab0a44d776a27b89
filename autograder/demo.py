"""The realistic mistake the demo submits for each notebook: the catalog's entry marked
``demo=True`` (an edit of the solution, from the study notes' code where they have one).
``course demo`` grades the edited notebook beside the solution and the untouched stub, and
the tests check that it loses exactly the points of the exercise it breaks.
"""

from pathlib import Path

from autograder.answers import edited_notebook
from autograder.exercises import Edits, Mistake, all_mistakes
from course.exercises import notebook_of


def demo_mistakes() -> dict[str, Mistake]:
    """Notebook number ('01') -> the mistake the demo submits for it."""
    found = {}
    for mistake in all_mistakes():
        if mistake.demo:
            number = notebook_of(mistake.exercise)
            if number in found or not isinstance(mistake.change, Edits):
                raise ValueError(f"notebook {number}: the demo needs one mistake given as "
                                 "an edit of the answer")
            found[number] = mistake
    return found


def mistaken_notebook(assignment: str, out: Path) -> Path | None:
    """Write the solution of ``assignment`` ('05_affine_and_softmax') with its demo
    mistake to ``out``; None when the notebook has none."""
    mistake = demo_mistakes().get(assignment[:2])
    return None if mistake is None else edited_notebook(mistake.exercise, mistake.change, out)
