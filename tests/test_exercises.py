"""One declaration per exercise: the learner's ``Exercise`` and the instructor's hidden test
and mistakes are joined by that object, and agree with the source notebook; the source's
answers are the reference's; an edit of the answer is a mistake; a by-hand exercise runs
with its shortcuts withheld."""

import ast
import contextlib
import io
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder import SOURCE_DIR
from autograder.answers import EditError, answer, edited_notebook
from autograder.demo import demo_mistakes
from autograder.exercises import Edits, all_hidden, all_mistakes, edit
from autograder.hidden import grade
from course.checking import CheckFailed, Exercise, Runner, withholding
from course.exercises import all_exercises, notebook_of

REPO = Path(__file__).resolve().parent.parent


def test_every_exercise_has_one_hidden_test_and_its_points_are_the_notebooks():
    assert set(all_hidden()) == set(all_exercises())
    for test in all_hidden().values():
        assert all_exercises()[test.exercise.name] is test.exercise
    for path in sorted(SOURCE_DIR.glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        graded = [c.metadata["nbgrader"] for c in nb.cells
                  if c.metadata.get("nbgrader", {}).get("grade")]
        names = [m["grade_id"].removesuffix("_test") for m in graded]
        declared = [e.name for e in all_exercises().values()
                    if notebook_of(e) == path.name[:2]]
        assert names == declared, f"{path.name}: test cells {names}, declared {declared}"
        for meta in graded:
            exercise = all_exercises()[meta["grade_id"].removesuffix("_test")]
            assert meta["points"] == exercise.points, (exercise.name, meta["points"])


@pytest.mark.parametrize("name", sorted(all_exercises()))
def test_the_source_notebooks_answer_passes_the_hidden_test(name):
    with contextlib.redirect_stdout(io.StringIO()):
        grade(name, answer(all_exercises()[name]), seed=0)


def test_a_mistake_given_as_an_edit_must_fit_the_answer_once():
    exercise = all_exercises()["mul_layer"]
    with pytest.raises(EditError, match="0 times"):
        answer(exercise, edit("this text is in no answer", "x"))
    with pytest.raises(EditError, match="6 times"):
        answer(exercise, edit("self.", "this."))


def test_most_known_mistakes_are_edits_of_the_answer():
    kinds = [isinstance(m.change, Edits) for m in all_mistakes()]
    assert sum(kinds) >= 0.8 * len(kinds), f"{sum(kinds)} of {len(kinds)} are edits"


def test_the_demo_submits_one_edit_per_notebook(tmp_path):
    mistakes = demo_mistakes()
    assert sorted(mistakes) == sorted(p.name[:2] for p in SOURCE_DIR.glob("*/*.ipynb"))
    mistake = mistakes["05"]
    out = edited_notebook(mistake.exercise, mistake.change, tmp_path / "m.ipynb")
    [(old, new)] = mistake.change
    source = nbformat.read(SOURCE_DIR / "05_affine_and_softmax" / "05_affine_and_softmax.ipynb",
                           as_version=4)
    changed = [(a.source, b.source) for a, b in zip(source.cells,
                                                    nbformat.read(out, as_version=4).cells)
               if a.source != b.source]
    assert changed == [(changed[0][0], changed[0][0].replace(old, new, 1))]


def test_the_learners_package_imports_nothing_of_the_instructors():
    for path in (REPO / "course").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in ("autograder", "solutions"), (path, name)


# ------------------------------------------------------------------------- withholding

def _helper(x):
    return x * 2


def test_withheld_names_are_out_of_reach_while_the_answer_runs_and_back_after():
    namespace = {"helper": _helper}
    exec("def answer(x):\n    return helper(x) + 1\n"
         "def sneaky(x):\n    import torch\n    return x\n", namespace)
    alias = {"other_name": _helper}
    namespace.update(alias)
    exercise = Exercise(name="t", title="t(x)", drive=lambda a, x: {"y": a(x)},
                        public=lambda run: None, still_hidden="", withheld=("helper",))
    with pytest.raises(CheckFailed, match="`helper` is not available"):
        Runner(exercise, namespace["answer"])(x=np.array(1.0))
    assert namespace["helper"] is _helper and namespace["other_name"] is _helper
    with withholding(exercise, namespace["answer"]):
        assert namespace["other_name"] is not _helper  # every name of the same object
    with pytest.raises(CheckFailed, match="torch is not available"):
        Runner(exercise, namespace["sneaky"])(x=np.array(1.0))
    free = Exercise(name="t", title="t(x)", drive=lambda a, x: {"y": a(x)},
                    public=lambda run: None, still_hidden="")
    assert Runner(free, namespace["answer"])(x=np.array(1.0))["y"] == 3.0


def test_float32_results_may_have_their_own_tolerance():
    from autograder.exercises import HiddenTest
    from autograder.hidden import compare

    test = HiddenTest(all_exercises()["mul_layer"], None, None, rtol=1e-10, atol=0,
                      rtol32=1e-5, atol32=0)
    for dtype, wrong in ((np.float64, True), (np.float32, False)):
        want = {"out": np.array([1.0, 2.0], dtype=dtype)}
        got = {"out": (want["out"] * (1 + 1e-7)).astype(dtype)}
        assert bool(compare(test, "t", "case", got, want)) == wrong, dtype
